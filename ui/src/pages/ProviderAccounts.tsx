// Settings > Provider Accounts: empty for now, and says where tokens are kept (from app_info).
import { ErrorMessage } from "../components/ErrorMessage";
import { PageTitle } from "../components/PageTitle";
import { useAppInfo } from "../useAppInfo";

export function ProviderAccounts({ focusTitle }: { focusTitle: boolean }) {
  const info = useAppInfo();
  return (
    <>
      <PageTitle focus={focusTitle}>Provider Accounts</PageTitle>
      <section className="card" aria-labelledby="accounts-empty-heading">
        <h2 id="accounts-empty-heading">No provider accounts yet</h2>
        <p>
          Each account uses a personal access token. Ampel validates the token against the forge
          before saving it, and stores it encrypted on this computer; it is never shown again in
          full.
        </p>
        {info.status === "loading" && (
          <p className="muted" aria-busy="true">
            Checking secret storage…
          </p>
        )}
        {info.status === "ready" && (
          <p className="storage-line" data-testid="storage-line">
            Tokens are encrypted with a key kept in <strong>{info.info.secretBackend}</strong>
          </p>
        )}
        {info.status === "failed" && (
          <ErrorMessage error={info.error} what="Could not read the secret storage details." />
        )}
      </section>
    </>
  );
}
