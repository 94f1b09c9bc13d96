// Watched repositories of one account: a searchable, paged picker of the forge's repositories whose
// checkboxes edit the owner/name-per-line textarea (the single source of truth that Save sends).
import { useEffect, useId, useMemo, useRef, useState, type SyntheticEvent } from "react";
import { api, toApiError, type Account, type ApiError, type RepoItem } from "../api";
import { Badge } from "../components/Badge";
import { Dialog } from "../components/Dialog";
import { ErrorMessage } from "../components/ErrorMessage";
import { Spinner } from "../components/Spinner";

interface Props {
  account: Account;
  onClose: () => void;
  onDone: () => void;
}

/** Search keystrokes are gathered this long before asking the forge. */
export const SEARCH_DEBOUNCE_MS = 250;
/**
 * With a filter a forge may answer short or empty pages while `next` continues, so a batch (a new
 * search or Load more) follows them until it has this many repositories…
 */
export const BATCH_TARGET = 30;
/** …or has made this many requests, so a filter matching nothing never scans a huge account unasked. */
export const BATCH_MAX_REQUESTS = 5;

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

/** Forges match repository names case-insensitively, so the picker does too. */
function repoKey(fullName: string): string {
  return fullName.toLowerCase();
}

/** The text with `fullName` added as its own line (unless already there). */
export function addRepo(text: string, fullName: string): string {
  if (parseRepos(text).some((r) => repoKey(r) === repoKey(fullName))) return text;
  if (text === "" || text.endsWith("\n")) return text + fullName;
  return `${text}\n${fullName}`;
}

/** The text without the lines naming `fullName`; every other line (comments too) is kept. */
export function removeRepo(text: string, fullName: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => repoKey(line.trim()) !== repoKey(fullName))
    .join("\n");
}

interface Listing {
  /** The filter these repositories answer (`null`: all). */
  filter: string | null;
  repos: RepoItem[];
  next: string | null;
  total: number | null;
  loading: boolean;
  error: ApiError | null;
}

const FIRST_LOAD: Listing = { filter: null, repos: [], next: null, total: null, loading: true, error: null };

export function WatchedDialog({ account, onClose, onDone }: Props) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState<string[]>([]);
  const [query, setQuery] = useState("");
  const [listing, setListing] = useState<Listing>(FIRST_LOAD);
  // Bumped by every new search (and on close) so answers to older searches are dropped.
  const generation = useRef({ n: 0 });
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The filter of the shown list, read by the debounce timer (which outlives its render).
  const shownFilter = useRef<string | null>(null);

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

  /**
   * Loads pages from `cursor` for `filter`, appending each as it arrives. Unfiltered pages are full,
   * so that is one page; filtered ones are followed until the batch holds BATCH_TARGET
   * repositories, the forge has no more, or BATCH_MAX_REQUESTS were made.
   */
  const loadBatch = async (gen: number, filter: string | null, cursor: string | null) => {
    let got = 0;
    let next = cursor;
    for (let requests = 0; requests < BATCH_MAX_REQUESTS; requests++) {
      let page;
      try {
        page = await api.listRepos(account.id, next, filter);
      } catch (e) {
        if (gen === generation.current.n) {
          // Keep what was loaded and the cursor that failed, so Load more / Retry resumes there.
          setListing((l) => ({ ...l, loading: false, error: toApiError(e) }));
        }
        return;
      }
      if (gen !== generation.current.n) return;
      got += page.repos.length;
      next = page.next;
      const { repos, total } = page;
      const last =
        filter === null || next === null || got >= BATCH_TARGET || requests + 1 >= BATCH_MAX_REQUESTS;
      setListing((l) => {
        const known = new Set(l.repos.map((r) => r.fullName));
        return {
          ...l,
          repos: [...l.repos, ...repos.filter((r) => !known.has(r.fullName))],
          next: page.next,
          total: total ?? l.total,
          loading: !last,
        };
      });
      if (last) return;
    }
  };

  // The first page (no filter) as soon as the dialog opens; closing drops answers still on the way.
  useEffect(() => {
    const requests = generation.current;
    const gen = ++requests.n;
    void loadBatch(gen, null, null);
    return () => {
      requests.n++;
      if (debounce.current !== null) clearTimeout(debounce.current);
    };
    // loadBatch reads only the account id, which is the dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [account.id]);

  /** Starts over from the first page for `filter`. */
  const search = (filter: string | null) => {
    const gen = ++generation.current.n;
    shownFilter.current = filter;
    setListing({ filter, repos: [], next: null, total: null, loading: true, error: null });
    void loadBatch(gen, filter, null);
  };

  /** Searches for `value` unless the list already answers it. */
  const searchNow = (value: string) => {
    if (debounce.current !== null) clearTimeout(debounce.current);
    debounce.current = null;
    const filter = value.trim() || null;
    if (filter !== shownFilter.current) search(filter);
  };

  const onQuery = (value: string) => {
    setQuery(value);
    if (debounce.current !== null) clearTimeout(debounce.current);
    debounce.current = setTimeout(() => {
      searchNow(value);
    }, SEARCH_DEBOUNCE_MS);
  };

  const loadMore = () => {
    if (listing.loading || listing.next === null) return;
    setListing((l) => ({ ...l, loading: true, error: null }));
    void loadBatch(generation.current.n, listing.filter, listing.next);
  };

  /** After an error: resume from the failed cursor, or start the search over if nothing came. */
  const retry = () => {
    if (listing.next !== null) loadMore();
    else search(listing.filter);
  };

  const watched = useMemo(() => parseRepos(text ?? ""), [text]);
  const watchedKeys = useMemo(() => new Set(watched.map(repoKey)), [watched]);

  const toggle = (fullName: string, checked: boolean) => {
    setText((t) => (t === null ? t : checked ? addRepo(t, fullName) : removeRepo(t, fullName)));
  };

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

  const { repos, next, total, loading, error: listError } = listing;
  const countText = `${String(watched.length)} watched`;

  return (
    <Dialog title={`Watched repositories of ${account.name}`} testId="watched-dialog" onClose={onClose} wide>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={`${id}-search`}>Search {account.name}&rsquo;s repositories</label>
          <input
            id={`${id}-search`}
            type="search"
            data-testid="watched-search"
            data-autofocus
            value={query}
            placeholder="Filter by name"
            autoComplete="off"
            spellCheck={false}
            aria-controls={`${id}-list`}
            onChange={(e) => {
              onQuery(e.target.value);
            }}
            onKeyDown={(e) => {
              // Enter searches at once instead of saving the dialog.
              if (e.key !== "Enter") return;
              e.preventDefault();
              searchNow(query);
            }}
          />
        </div>

        <div className="watched-picker" aria-busy={loading}>
          <ul className="watched-list" id={`${id}-list`} aria-label="Repositories" data-testid="watched-list">
            {repos.map((repo) => {
              const optionId = `${id}-repo-${repo.fullName}`;
              return (
                <li key={repo.fullName} className="watched-option">
                  <input
                    type="checkbox"
                    id={optionId}
                    data-testid="watched-repo-option"
                    data-full-name={repo.fullName}
                    checked={watchedKeys.has(repoKey(repo.fullName))}
                    disabled={text === null}
                    aria-describedby={repo.description ? `${optionId}-desc` : undefined}
                    onChange={(e) => {
                      toggle(repo.fullName, e.target.checked);
                    }}
                  />
                  <label htmlFor={optionId} className="watched-option-text">
                    <span className="watched-option-name">{repo.fullName}</span>
                    {repo.private === true && (
                      <Badge tone="neutral" testId="watched-repo-private">
                        private
                      </Badge>
                    )}
                    {repo.description && (
                      <span className="watched-option-desc muted" id={`${optionId}-desc`}>
                        {repo.description}
                      </span>
                    )}
                  </label>
                </li>
              );
            })}
          </ul>
          {!loading && !listError && repos.length === 0 && (
            <p className="note" data-testid="watched-empty">
              {listing.filter === null
                ? "The forge lists no repositories for this account."
                : `No repositories match “${listing.filter}”.`}
            </p>
          )}
          <div className="watched-list-foot">
            {loading && <Spinner label="Loading repositories" testId="watched-loading" />}
            {repos.length > 0 && (
              <span className="note" data-testid="watched-shown">
                {total === null
                  ? `${String(repos.length)} shown`
                  : `${String(repos.length)} of ${String(total)} shown`}
              </span>
            )}
            <span className="spacer" />
            {next !== null && (
              <button
                type="button"
                className="button"
                data-testid="watched-load-more"
                disabled={loading}
                onClick={loadMore}
              >
                Load more
              </button>
            )}
          </div>
          {listError && (
            <div className="error" role="alert" data-testid="watched-error">
              <p className="error-title">Could not list the repositories. You can still type them below.</p>
              <p>
                <code data-testid="watched-error-code">{listError.code}</code>{" "}
                <span data-testid="watched-error-message">{listError.message}</span>
              </p>
              <button type="button" className="button" data-testid="watched-retry" onClick={retry}>
                Retry
              </button>
            </div>
          )}
        </div>

        <div className="field">
          <div className="watched-textarea-head">
            <label htmlFor={id}>Repositories, one owner/name per line</label>
            <span className="note" data-testid="watched-count" aria-live="polite">
              {countText}
            </span>
          </div>
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
            Ticking a repository above adds its line here; add any the list does not show by hand.
            Their open pull requests appear under Watched repositories after the next refresh (GitLab:
            the full group path).
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
