// The dashboard: the first-run empty state without accounts, a "waiting for sync" card with them.
import { useAccounts } from "../accounts/useAccounts";
import { ErrorMessage } from "../components/ErrorMessage";
import { PageTitle } from "../components/PageTitle";
import type { PageId } from "../nav";

interface Props {
  focusTitle: boolean;
  onNavigate: (page: PageId) => void;
}

export function Dashboard({ focusTitle, onNavigate }: Props) {
  const { state } = useAccounts();
  const count = state.status === "ready" ? state.accounts.length : 0;
  return (
    <>
      <PageTitle focus={focusTitle}>Dashboard</PageTitle>
      {state.status === "loading" && (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      )}
      {state.status === "failed" && <ErrorMessage error={state.error} what="Could not load the accounts." />}
      {state.status === "ready" && count > 0 && (
        <section className="card" data-testid="dashboard-accounts-ready">
          <p>
            {count === 1 ? "1 account connected." : `${String(count)} accounts connected.`} Pull
            requests appear here after the first sync.
          </p>
        </section>
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
              onNavigate("accounts");
            }}
          >
            Add Account
          </button>
        </section>
      )}
    </>
  );
}
