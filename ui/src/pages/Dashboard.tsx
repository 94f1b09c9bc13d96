// The dashboard page: the first-run empty state without accounts (its Add Account opens the dialog
// right here), the PR dashboard with them.
import { useState } from "react";
import { AddAccountDialog } from "../accounts/AddAccountDialog";
import { ErrorMessage } from "../components/ErrorMessage";
import { PageTitle } from "../components/PageTitle";
import type { Section } from "../api";
import { DashboardView } from "../dashboard/DashboardView";
import type { SectionId } from "../dashboard/filter";
import { useDashboard } from "../dashboard/useDashboard";
import { useLoadedSettings } from "../settings/SettingsContext";

/** Where the list opens: "Needs my review" opens on My turn, which holds every review asked of me by name. */
function startOf(section: Section | undefined): SectionId | null {
  if (section === undefined) return null;
  return section === "needs_my_review" ? "my_turn" : section;
}

export function Dashboard({ focusTitle }: { focusTitle: boolean }) {
  const hook = useDashboard();
  const settings = useLoadedSettings();
  const { state, refresh } = hook;
  const [adding, setAdding] = useState(false);
  const count = state.status === "ready" ? state.data.accounts.length : 0;
  return (
    <div className="dashboard-page">
      <PageTitle focus={focusTitle}>Dashboard</PageTitle>
      {state.status === "loading" && (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      )}
      {state.status === "failed" && <ErrorMessage error={state.error} what="Could not load the dashboard." />}
      {state.status === "ready" && count > 0 && (
        <DashboardView
          data={state.data}
          hook={hook}
          loadedAt={state.at}
          startSection={startOf(settings?.defaultSection)}
          density={settings?.density ?? "comfortable"}
          teamsAreMine={settings?.teamRequestsAreMine ?? false}
        />
      )}
      {state.status === "ready" && count === 0 && (
        <section className="empty-state" data-testid="empty-state" aria-labelledby="empty-heading">
          <div className="empty-lights" aria-hidden="true">
            <span className="light light-red" />
            <span className="light light-amber" />
            <span className="light light-green" />
          </div>
          <h2 id="empty-heading">No accounts yet</h2>
          <p>
            Add a GitHub, GitLab, Bitbucket or Gitea account with a personal access token and Ampel
            will show every open pull request as a traffic light.
          </p>
          <button
            type="button"
            className="button primary"
            data-testid="add-account"
            onClick={() => {
              setAdding(true);
            }}
          >
            Add Account
          </button>
        </section>
      )}
      {adding && (
        <AddAccountDialog
          accounts={[]}
          onClose={() => {
            setAdding(false);
          }}
          onSaved={() => {
            setAdding(false);
            void refresh();
          }}
        />
      )}
    </div>
  );
}
