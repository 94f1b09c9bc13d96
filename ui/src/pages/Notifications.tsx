// Settings > Notifications: which desktop notifications Ampel shows, quiet hours and pause, and the muted repositories.
import { PageTitle } from "../components/PageTitle";
import { MutedRepos } from "../settings/MutedRepos";
import { NotificationSettingsView } from "../settings/NotificationSettingsView";

export function Notifications({ focusTitle }: { focusTitle: boolean }) {
  return (
    <>
      <PageTitle focus={focusTitle}>Notifications</PageTitle>
      <NotificationSettingsView />
      <MutedRepos />
    </>
  );
}
