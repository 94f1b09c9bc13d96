// Settings > Notifications: which desktop notifications Ampel shows, quiet hours and pause.
import { PageTitle } from "../components/PageTitle";
import { NotificationSettingsView } from "../settings/NotificationSettingsView";

export function Notifications({ focusTitle }: { focusTitle: boolean }) {
  return (
    <>
      <PageTitle focus={focusTitle}>Notifications</PageTitle>
      <NotificationSettingsView />
    </>
  );
}
