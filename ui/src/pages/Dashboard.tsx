// The dashboard; until an accounts API exists it always shows the first-run empty state.
import { PageTitle } from "../components/PageTitle";
import type { PageId } from "../nav";

interface Props {
  focusTitle: boolean;
  onNavigate: (page: PageId) => void;
}

export function Dashboard({ focusTitle, onNavigate }: Props) {
  return (
    <>
      <PageTitle focus={focusTitle}>Dashboard</PageTitle>
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
    </>
  );
}
