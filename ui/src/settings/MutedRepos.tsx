// Settings > Notifications: the muted repositories (per account), each with Unmute; muting is done from the dashboard.
import { useCallback, useEffect, useState } from "react";
import { api, toApiError, type MutedRepoView } from "../api";

export function MutedRepos() {
  const [repos, setRepos] = useState<MutedRepoView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setRepos(await api.mutedRepos());
    } catch (e) {
      setError(toApiError(e).message);
    }
  }, []);
  useEffect(() => {
    api.mutedRepos().then(setRepos, (e: unknown) => {
      setError(toApiError(e).message);
    });
  }, []);
  const unmute = async (m: MutedRepoView) => {
    try {
      await api.setMuted(m.accountId, m.repo, false);
      setResult(`Unmuted ${m.repo} on ${m.accountName}.`);
      await load();
    } catch (e) {
      setError(toApiError(e).message);
    }
  };
  return (
    <section className="card settings-card" aria-labelledby="muted-heading" data-testid="muted-repos">
      <h2 id="muted-heading">Muted repositories</h2>
      <p className="muted">
        Their pull requests show only under Watched repositories and send no notifications. Mute one from a pull
        request&apos;s details on the dashboard.
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="muted small" data-testid="muted-result">
        {result ?? ""}
      </p>
      {repos !== null && repos.length === 0 && <p data-testid="muted-none">No muted repositories.</p>}
      {repos !== null && repos.length > 0 && (
        <ul className="muted-list">
          {repos.map((m) => (
            <li key={`${m.accountId}:${m.repo}`} data-testid="muted-repo">
              <span>
                {m.repo} <span className="muted">· {m.accountName}</span>
              </span>{" "}
              <button
                type="button"
                className="button"
                data-testid="unmute"
                onClick={() => void unmute(m)}
              >
                Unmute {m.repo}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
