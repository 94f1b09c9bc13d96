-- The dashboard cache: each account's open pull requests as last synced, so the
-- dashboard shows them offline. `data` is the forge-neutral PullRequest as JSON;
-- `sections` is a bit set (needs my review 1, mine 2, assigned 4, watched 8).
CREATE TABLE pull_requests (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    pr_key      TEXT NOT NULL,
    sections    INTEGER NOT NULL,
    data        TEXT NOT NULL,
    PRIMARY KEY (account_id, pr_key)
) STRICT, WITHOUT ROWID;

-- How each account's last sync went, and what the forge said about its budget.
CREATE TABLE sync_status (
    account_id      TEXT PRIMARY KEY NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    last_attempt_at TEXT NOT NULL,
    last_success_at TEXT,
    error_code      TEXT,
    error_message   TEXT,
    rate_limit      INTEGER,
    rate_remaining  INTEGER,
    rate_reset_at   TEXT,
    validators      TEXT NOT NULL DEFAULT '{}'
) STRICT;

-- Repositories an account watches (the Watched repositories section).
CREATE TABLE watched_repos (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    repo        TEXT NOT NULL,
    PRIMARY KEY (account_id, repo)
) STRICT, WITHOUT ROWID;
