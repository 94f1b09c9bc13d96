// Settings > General: the preferences (saved on change), then what this installation is (from app_info).
import { ErrorMessage } from "../components/ErrorMessage";
import { PageTitle } from "../components/PageTitle";
import { GeneralSettings } from "../settings/GeneralSettings";
import { useAppInfo } from "../useAppInfo";

export function General({ focusTitle }: { focusTitle: boolean }) {
  const info = useAppInfo();
  return (
    <>
      <PageTitle focus={focusTitle}>General</PageTitle>
      <GeneralSettings trayMissing={info.status === "ready" ? info.info.trayMissing : null} />
      <section className="card" aria-labelledby="about-heading">
        <h2 id="about-heading">About</h2>
        {info.status === "loading" && (
          <p className="muted" aria-busy="true" data-testid="info-loading">
            Loading…
          </p>
        )}
        {info.status === "failed" && (
          <ErrorMessage error={info.error} what="Could not load the app information." />
        )}
        {info.status === "ready" && (
          <dl className="info-list">
            <dt>Version</dt>
            <dd data-testid="info-version">{info.info.version}</dd>
            <dt>Data folder</dt>
            <dd>
              <code data-testid="info-data-dir">{info.info.dataDir}</code>
            </dd>
            <dt>Keyring service</dt>
            <dd>
              <code data-testid="info-keyring-service">{info.info.keyringService}</code>
            </dd>
            <dt>Secret storage</dt>
            <dd data-testid="info-secret-backend">{info.info.secretBackend}</dd>
          </dl>
        )}
      </section>
    </>
  );
}
