-- Triage beside the cache (issue 17): snoozes and pins per pull request (dropped
-- when the PR leaves the cache after a sync), mutes per account repository.
-- `snooze` is ampel_core::triage::Snooze as JSON (a wake time, or the PR's
-- fingerprint at snooze time for "until it changes").
CREATE TABLE snoozes (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    pr_key      TEXT NOT NULL,
    snooze      TEXT NOT NULL,
    wake_at     TEXT,
    snoozed_at  TEXT NOT NULL,
    PRIMARY KEY (account_id, pr_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE pins (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    pr_key      TEXT NOT NULL,
    pinned_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, pr_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE muted_repos (
    account_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    repo        TEXT NOT NULL,
    muted_at    TEXT NOT NULL,
    PRIMARY KEY (account_id, repo)
) STRICT, WITHOUT ROWID;
