//! Triage beside the cache: snoozes and pins per cached pull request, mutes per
//! account repository; settled after each sync (ampel_core::triage decides).

use crate::{time_text, Result, Store, StoreError};
use ampel_core::changes::{pr_key, Listed};
use ampel_core::triage::{settle, Snooze, Triage, WakeReason};
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;
use uuid::Uuid;

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
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

    /// The cached pull request `repo#number` of an account.
    pub async fn cached_pr(&self, account: Uuid, repo: &str, number: u64) -> Result<Listed> {
        let key = format!("{}#{number}", repo.trim());
        self.cached_prs_of(account)
            .await?
            .into_iter()
            .find(|l| pr_key(&l.pr) == key)
            .ok_or(StoreError::PrNotCached(key))
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

    /// Ends a snooze; false when the PR was not snoozed.
    pub async fn unsnooze(&self, account: Uuid, key: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM snoozes WHERE account_id = ? AND pr_key = ?")
            .bind(account.to_string())
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Pins a cached pull request to the top of its sections.
    pub async fn pin(&self, listed: &Listed, now: OffsetDateTime) -> Result<()> {
        sqlx::query("INSERT OR IGNORE INTO pins (account_id, pr_key, pinned_at) VALUES (?, ?, ?)")
            .bind(&listed.pr.account_id)
            .bind(pr_key(&listed.pr))
            .bind(time_text::to_text(now)?)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Unpins; false when it was not pinned.
    pub async fn unpin(&self, account: Uuid, key: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM pins WHERE account_id = ? AND pr_key = ?")
            .bind(account.to_string())
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Mutes a repository of an account (any repository name, cached or not).
    pub async fn mute(&self, account: Uuid, repo: &str, now: OffsetDateTime) -> Result<()> {
        let repo = repo.trim();
        if repo.is_empty() {
            return Err(StoreError::Input(ampel_core::account::InputError {
                field: "repo",
                reason: "must not be empty".into(),
            }));
        }
        self.find_account(&account.to_string()).await?;
        sqlx::query(
            "INSERT OR IGNORE INTO muted_repos (account_id, repo, muted_at) VALUES (?, ?, ?)",
        )
        .bind(account.to_string())
        .bind(repo)
        .bind(time_text::to_text(now)?)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Unmutes; false when it was not muted.
    pub async fn unmute(&self, account: Uuid, repo: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM muted_repos WHERE account_id = ? AND repo = ?")
            .bind(account.to_string())
            .bind(repo.trim())
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
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
