// Watched repositories of one account: a plain owner/name-per-line list (no forge-backed picker yet).
import { useEffect, useId, useState, type SyntheticEvent } from "react";
import { api, toApiError, type Account, type ApiError } from "../api";
import { Dialog } from "../components/Dialog";
import { ErrorMessage } from "../components/ErrorMessage";

interface Props {
  account: Account;
  onClose: () => void;
  onDone: () => void;
}

/** One repository per line: trimmed, blank lines and "#" comments dropped, duplicates removed. */
export function parseRepos(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const repo = line.trim();
    if (repo && !repo.startsWith("#")) seen.add(repo);
  }
  return [...seen];
}

/** Lines that are not `owner/name` (GitLab paths may nest: `group/sub/name`). */
export function badRepos(repos: readonly string[]): string[] {
  return repos.filter((r) => !/^[^/\s]+(\/[^/\s]+)+$/.test(r));
}

export function WatchedDialog({ account, onClose, onDone }: Props) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    api.watchedRepos(account.id).then(
      (repos) => {
        if (live) setText(repos.join("\n"));
      },
      (e: unknown) => {
        if (live) {
          setError(toApiError(e));
          setText("");
        }
      },
    );
    return () => {
      live = false;
    };
  }, [account.id]);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    if (busy || text === null) return;
    const repos = parseRepos(text);
    const bad = badRepos(repos);
    setInvalid(bad);
    if (bad.length > 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.setWatchedRepos(account.id, repos);
      onDone();
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Watched repositories of ${account.name}`} testId="watched-dialog" onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={id}>Repositories, one owner/name per line</label>
          <textarea
            id={id}
            className="watched-textarea"
            data-testid="field-watched"
            value={text ?? ""}
            disabled={text === null}
            placeholder={"octo-org/api\nocto-org/web"}
            spellCheck={false}
            aria-invalid={invalid.length > 0 ? true : undefined}
            aria-describedby={`${id}-hint`}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
          <p className="field-hint" id={`${id}-hint`}>
            Their open pull requests appear under Watched repositories after the next refresh. Type
            the names as the forge shows them (GitLab: the full group path).
          </p>
          {invalid.length > 0 && (
            <p className="field-error" role="alert" data-testid="field-error">
              Not owner/name: {invalid.join(", ")}
            </p>
          )}
        </div>
        {error && <ErrorMessage error={error} what="Could not save the watched repositories." />}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <span className="spacer" />
          <button type="submit" className="button primary" data-testid="watched-save" disabled={busy || text === null}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
