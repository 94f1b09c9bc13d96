//! Triage beside the cache: snoozes and pins per cached pull request, mutes per
//! account repository; settled after each sync (ampel_core::triage decides).

use crate::{time_text, Result, Store, StoreError};
use ampel_core::changes::{pr_key, Listed};
use ampel_core::repo_name;
use ampel_core::triage::{settle, Snooze, Triage, WakeReason};
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;
use uuid::Uuid;

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

/// A table of per-PR triage rows keyed by `repo#number`.
#[derive(Debug, Clone, Copy)]
enum Table {
    Snoozes,
    Pins,
}

impl Table {
    fn keys_sql(self) -> &'static str {
        match self {
            Table::Snoozes => "SELECT pr_key FROM snoozes WHERE account_id = ?",
            Table::Pins => "SELECT pr_key FROM pins WHERE account_id = ?",
        }
    }

    fn delete_sql(self) -> &'static str {
        match self {
            Table::Snoozes => "DELETE FROM snoozes WHERE account_id = ? AND pr_key = ?",
            Table::Pins => "DELETE FROM pins WHERE account_id = ? AND pr_key = ?",
        }
    }
}

/// A muted repository of an account.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MutedRepo {
    pub account_id: String,
    pub repo: String,
    #[serde(with = "time::serde::rfc3339")]
    pub muted_at: OffsetDateTime,
}

impl Store {
    /// Every snooze, pin and mute.
    pub async fn triage(&self) -> Result<Triage> {
        let mut t = Triage::default();
        let snoozes: Vec<(String, String, String)> =
            sqlx::query_as("SELECT account_id, pr_key, snooze FROM snoozes")
                .fetch_all(self.pool())
                .await?;
        for (account, key, json) in snoozes {
            let snooze: Snooze = serde_json::from_str(&json).map_err(|e| corrupt("snooze", e))?;
            t.snoozes.insert((account, key), snooze);
        }
        let pins: Vec<(String, String)> = sqlx::query_as("SELECT account_id, pr_key FROM pins")
            .fetch_all(self.pool())
            .await?;
        t.pins.extend(pins);
        let mutes: Vec<(String, String)> =
            sqlx::query_as("SELECT account_id, repo FROM muted_repos")
                .fetch_all(self.pool())
                .await?;
        t.mutes.extend(mutes);
        Ok(t)
    }

    /// The cached pull request `repo#number` of an account (`repo` by the forge's rule).
    pub async fn cached_pr(&self, account: Uuid, repo: &str, number: u64) -> Result<Listed> {
        self.cached_prs_of(account)
            .await?
            .into_iter()
            .find(|l| l.pr.number == number && repo_name::same(l.pr.provider, &l.pr.repo, repo))
            .ok_or_else(|| StoreError::PrNotCached(format!("{}#{number}", repo.trim())))
    }

    /// The stored keys of `table` for `repo#number` of an account (`repo` by the forge's rule).
    async fn stored_keys(
        &self,
        table: Table,
        account: Uuid,
        repo: &str,
        number: u64,
    ) -> Result<Vec<String>> {
        let provider = self.find_account(&account.to_string()).await?.provider;
        let keys: Vec<(String,)> = sqlx::query_as(table.keys_sql())
            .bind(account.to_string())
            .fetch_all(self.pool())
            .await?;
        Ok(keys
            .into_iter()
            .map(|(k,)| k)
            .filter(|k| {
                k.rsplit_once('#').is_some_and(|(r, n)| {
                    n.parse() == Ok(number) && repo_name::same(provider, r, repo)
                })
            })
            .collect())
    }

    /// Deletes the rows of `table` for `repo#number`; false when there were none.
    async fn delete_keys(
        &self,
        table: Table,
        account: Uuid,
        repo: &str,
        number: u64,
    ) -> Result<bool> {
        let mut deleted = false;
        for key in self.stored_keys(table, account, repo, number).await? {
            let done = sqlx::query(table.delete_sql())
                .bind(account.to_string())
                .bind(key)
                .execute(self.pool())
                .await?;
            deleted |= done.rows_affected() > 0;
        }
        Ok(deleted)
    }

    /// Snoozes a cached pull request (replacing an earlier snooze of it).
    pub async fn snooze(
        &self,
        listed: &Listed,
        snooze: &Snooze,
        now: OffsetDateTime,
    ) -> Result<()> {
        let json = serde_json::to_string(snooze).map_err(|e| corrupt("snooze", e))?;
        sqlx::query(
            "INSERT INTO snoozes (account_id, pr_key, snooze, wake_at, snoozed_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (account_id, pr_key) DO UPDATE SET snooze = excluded.snooze, \
             wake_at = excluded.wake_at, snoozed_at = excluded.snoozed_at",
        )
        .bind(&listed.pr.account_id)
        .bind(pr_key(&listed.pr))
        .bind(json)
        .bind(time_text::opt_to_text(snooze.wakes_at())?)
        .bind(time_text::to_text(now)?)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Ends a snooze of `repo#number` (`repo` by the forge's rule); false when the PR
    /// was not snoozed.
    pub async fn unsnooze(&self, account: Uuid, repo: &str, number: u64) -> Result<bool> {
        self.delete_keys(Table::Snoozes, account, repo, number)
            .await
    }

    /// Pins a cached pull request to the top of its sections; false when it already was.
    pub async fn pin(&self, listed: &Listed, now: OffsetDateTime) -> Result<bool> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO pins (account_id, pr_key, pinned_at) VALUES (?, ?, ?)",
        )
        .bind(&listed.pr.account_id)
        .bind(pr_key(&listed.pr))
        .bind(time_text::to_text(now)?)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Unpins `repo#number` (`repo` by the forge's rule); false when it was not pinned.
    pub async fn unpin(&self, account: Uuid, repo: &str, number: u64) -> Result<bool> {
        self.delete_keys(Table::Pins, account, repo, number).await
    }

    /// The repository names an account knows: of its cached pull requests, watched and
    /// muted (each once, as first seen).
    pub async fn known_repos(&self, account: Uuid) -> Result<Vec<String>> {
        let provider = self.find_account(&account.to_string()).await?.provider;
        let mut known: Vec<String> = Vec::new();
        let cached = self.cached_prs_of(account).await?;
        let names = cached
            .into_iter()
            .map(|l| l.pr.repo)
            .chain(self.watched_repos(account).await?)
            .chain(self.muted_of(account).await?);
        for name in names {
            if !known.iter().any(|k| repo_name::same(provider, k, &name)) {
                known.push(name);
            }
        }
        Ok(known)
    }

    async fn muted_of(&self, account: Uuid) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT repo FROM muted_repos WHERE account_id = ? ORDER BY repo")
                .bind(account.to_string())
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(|(r,)| r).collect())
    }

    /// Mutes a repository of an account (any name; the caller decides whether it must be
    /// known); false when it already was muted under any spelling of its name.
    pub async fn mute(&self, account: Uuid, repo: &str, now: OffsetDateTime) -> Result<bool> {
        let repo = repo.trim().trim_matches('/');
        if repo.is_empty() {
            return Err(StoreError::Input(ampel_core::account::InputError {
                field: "repo",
                reason: "must not be empty".into(),
            }));
        }
        let provider = self.find_account(&account.to_string()).await?.provider;
        let muted = self.muted_of(account).await?;
        if muted.iter().any(|m| repo_name::same(provider, m, repo)) {
            return Ok(false);
        }
        let done = sqlx::query(
            "INSERT OR IGNORE INTO muted_repos (account_id, repo, muted_at) VALUES (?, ?, ?)",
        )
        .bind(account.to_string())
        .bind(repo)
        .bind(time_text::to_text(now)?)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Unmutes a repository under any spelling of its name; false when it was not muted.
    pub async fn unmute(&self, account: Uuid, repo: &str) -> Result<bool> {
        let provider = self.find_account(&account.to_string()).await?.provider;
        let mut deleted = false;
        for stored in self.muted_of(account).await? {
            if repo_name::same(provider, &stored, repo) {
                let done = sqlx::query("DELETE FROM muted_repos WHERE account_id = ? AND repo = ?")
                    .bind(account.to_string())
                    .bind(stored)
                    .execute(self.pool())
                    .await?;
                deleted |= done.rows_affected() > 0;
            }
        }
        Ok(deleted)
    }

    /// Every muted repository, by account then name.
    pub async fn muted_repos(&self) -> Result<Vec<MutedRepo>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT account_id, repo, muted_at FROM muted_repos ORDER BY account_id, repo",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(account_id, repo, at)| {
                Ok(MutedRepo {
                    account_id,
                    repo,
                    muted_at: time_text::from_text(&at)?,
                })
            })
            .collect()
    }

    /// After a sync of `account` (its listing now `listed`): drops the snoozes and
    /// pins of PRs no longer listed, ends the snoozes that woke at `now`, and
    /// returns those (key, why) for notifications.
    pub async fn settle_triage(
        &self,
        account: Uuid,
        listed: &[Listed],
        now: OffsetDateTime,
    ) -> Result<Vec<(String, WakeReason)>> {
        let id = account.to_string();
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT pr_key, snooze FROM snoozes WHERE account_id = ?")
                .bind(&id)
                .fetch_all(&mut *tx)
                .await?;
        let mut snoozes = BTreeMap::new();
        for (key, json) in rows {
            let snooze: Snooze = serde_json::from_str(&json).map_err(|e| corrupt("snooze", e))?;
            snoozes.insert(key, snooze);
        }
        let pins: Vec<(String,)> = sqlx::query_as("SELECT pr_key FROM pins WHERE account_id = ?")
            .bind(&id)
            .fetch_all(&mut *tx)
            .await?;
        let pins: BTreeSet<String> = pins.into_iter().map(|(k,)| k).collect();
        let settled = settle(&snoozes, &pins, listed, now);
        let ended = settled
            .gone
            .iter()
            .chain(settled.woken.iter().map(|(k, _)| k));
        for key in ended {
            sqlx::query("DELETE FROM snoozes WHERE account_id = ? AND pr_key = ?")
                .bind(&id)
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        for (key, snooze) in &settled.noted {
            let json = serde_json::to_string(snooze).map_err(|e| corrupt("snooze", e))?;
            sqlx::query("UPDATE snoozes SET snooze = ? WHERE account_id = ? AND pr_key = ?")
                .bind(json)
                .bind(&id)
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        for key in &settled.gone {
            sqlx::query("DELETE FROM pins WHERE account_id = ? AND pr_key = ?")
                .bind(&id)
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(settled.woken)
    }
}
