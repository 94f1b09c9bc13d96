//! The dashboard cache: each account's pull requests as last synced (replaced
//! in one transaction per account), its sync status and budget, and its
//! watched repositories.

mod upsert;

use crate::{time_text, Result, Store, StoreError};
use ampel_core::changes::{pr_key, Listed};
use ampel_core::pr::PullRequest;
use ampel_core::section::Sections;
use serde::Serialize;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// How an account's last sync went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncStatus {
    /// When a sync was last tried.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_attempt_at: Option<OffsetDateTime>,
    /// When a sync last succeeded.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_success_at: Option<OffsetDateTime>,
    /// The failure's code, when the last attempt failed.
    pub error_code: Option<String>,
    /// The failure's message (never a token).
    pub error_message: Option<String>,
    /// The forge's rate limit per window, when reported.
    pub rate_limit: Option<i64>,
    /// Requests left in the window, when reported.
    pub rate_remaining: Option<i64>,
    /// When the window resets, when reported.
    #[serde(with = "time::serde::rfc3339::option")]
    pub rate_reset_at: Option<OffsetDateTime>,
    /// Cache validators (ETags) by request key, for conditional requests.
    pub validators: BTreeMap<String, String>,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

impl Store {
    /// Every cached pull request of every account.
    pub async fn cached_prs(&self) -> Result<Vec<Listed>> {
        let rows: Vec<(i64, String)> = sqlx::query_as("SELECT sections, data FROM pull_requests")
            .fetch_all(self.pool())
            .await?;
        rows.into_iter()
            .map(|(bits, data)| listed(bits, &data))
            .collect()
    }

    /// One account's cached pull requests.
    pub async fn cached_prs_of(&self, account: Uuid) -> Result<Vec<Listed>> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT sections, data FROM pull_requests WHERE account_id = ?")
                .bind(account.to_string())
                .fetch_all(self.pool())
                .await?;
        rows.into_iter()
            .map(|(bits, data)| listed(bits, &data))
            .collect()
    }

    /// Replaces one account's cached pull requests in one transaction and
    /// records the sync as successful; returns the listing it replaced. A pull
    /// request listed in several sections is one row with their bits combined.
    /// Only rows that changed are written, in multi-row statements.
    pub async fn replace_prs(
        &self,
        account: Uuid,
        prs: &[Listed],
        status: &SyncStatus,
    ) -> Result<Vec<Listed>> {
        let id = account.to_string();
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let stored: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT pr_key, sections, data FROM pull_requests WHERE account_id = ?")
                .bind(&id)
                .fetch_all(&mut *tx)
                .await?;
        let mut wanted = cache_rows(prs)?;
        let mut old = Vec::with_capacity(stored.len());
        let mut gone = Vec::new();
        for (key, bits, data) in stored {
            old.push(listed(bits, &data)?);
            match wanted.get(&key) {
                Some(row) if row.sections == bits && row.data == data => {
                    wanted.remove(&key);
                }
                Some(_) => {}
                None => gone.push(key),
            }
        }
        upsert::delete(&mut tx, &id, &gone).await?;
        let changed: Vec<(String, CacheRow)> = wanted.into_iter().collect();
        upsert::write(&mut tx, &id, &changed).await?;
        write_status(&mut tx, &id, status).await?;
        tx.commit().await?;
        Ok(old)
    }

    /// Records a sync attempt that failed (the cached PRs stay as they were).
    pub async fn record_sync_failure(&self, account: Uuid, status: &SyncStatus) -> Result<()> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        write_status(&mut tx, &account.to_string(), status).await?;
        tx.commit().await?;
        Ok(())
    }

    /// How an account's last sync went (default when never synced).
    pub async fn sync_status(&self, account: Uuid) -> Result<SyncStatus> {
        type Row = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i64>,
            Option<i64>,
            Option<String>,
            String,
        );
        let row: Option<Row> = sqlx::query_as(
            "SELECT last_attempt_at, last_success_at, error_code, error_message, rate_limit, \
             rate_remaining, rate_reset_at, validators FROM sync_status WHERE account_id = ?",
        )
        .bind(account.to_string())
        .fetch_optional(self.pool())
        .await?;
        let Some((attempt, success, code, message, limit, remaining, reset, validators)) = row
        else {
            return Ok(SyncStatus::default());
        };
        Ok(SyncStatus {
            last_attempt_at: Some(time_text::from_text(&attempt)?),
            last_success_at: time_text::opt_from_text(success.as_deref())?,
            error_code: code,
            error_message: message,
            rate_limit: limit,
            rate_remaining: remaining,
            rate_reset_at: time_text::opt_from_text(reset.as_deref())?,
            validators: serde_json::from_str(&validators).map_err(|e| corrupt("validators", e))?,
        })
    }

    /// The repositories an account watches, sorted.
    pub async fn watched_repos(&self, account: Uuid) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            sqlx::query_as("SELECT repo FROM watched_repos WHERE account_id = ? ORDER BY repo")
                .bind(account.to_string())
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(|(r,)| r).collect())
    }

    /// Replaces the repositories an account watches.
    pub async fn set_watched_repos(&self, account: Uuid, repos: &[String]) -> Result<()> {
        let id = account.to_string();
        self.find_account(&id).await?;
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("DELETE FROM watched_repos WHERE account_id = ?")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        for repo in repos.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
            sqlx::query("INSERT OR IGNORE INTO watched_repos (account_id, repo) VALUES (?, ?)")
                .bind(&id)
                .bind(repo)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// A cache row as stored: the sections' bits and the pull request as JSON.
#[derive(Debug, PartialEq, Eq)]
struct CacheRow {
    sections: i64,
    data: String,
}

/// The rows a listing becomes, in key order (SQLite's, bytewise: the writes then
/// fill the table's B-tree in order): a pull request listed more than once keeps
/// the last listing's data and the union of the sections.
fn cache_rows(prs: &[Listed]) -> Result<BTreeMap<String, CacheRow>> {
    let mut rows: BTreeMap<String, CacheRow> = BTreeMap::new();
    for item in prs {
        let data = serde_json::to_string(&item.pr).map_err(|e| corrupt("pull request", e))?;
        let bits = i64::from(item.sections.bits());
        match rows.entry(pr_key(&item.pr)) {
            Entry::Occupied(mut e) => {
                let row = e.get_mut();
                row.sections |= bits;
                row.data = data;
            }
            Entry::Vacant(e) => {
                e.insert(CacheRow {
                    sections: bits,
                    data,
                });
            }
        }
    }
    Ok(rows)
}

fn listed(bits: i64, data: &str) -> Result<Listed> {
    let pr: PullRequest =
        serde_json::from_str(data).map_err(|e| corrupt("cached pull request", e))?;
    Ok(Listed {
        pr,
        sections: Sections::from_bits(u8::try_from(bits).unwrap_or(0)),
    })
}

async fn write_status(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    id: &str,
    s: &SyncStatus,
) -> Result<()> {
    let validators = serde_json::to_string(&s.validators).map_err(|e| corrupt("validators", e))?;
    sqlx::query(
        "INSERT INTO sync_status (account_id, last_attempt_at, last_success_at, error_code, \
         error_message, rate_limit, rate_remaining, rate_reset_at, validators) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id) DO UPDATE SET \
         last_attempt_at = excluded.last_attempt_at, \
         last_success_at = COALESCE(excluded.last_success_at, sync_status.last_success_at), \
         error_code = excluded.error_code, error_message = excluded.error_message, \
         rate_limit = COALESCE(excluded.rate_limit, sync_status.rate_limit), \
         rate_remaining = COALESCE(excluded.rate_remaining, sync_status.rate_remaining), \
         rate_reset_at = COALESCE(excluded.rate_reset_at, sync_status.rate_reset_at), \
         validators = excluded.validators",
    )
    .bind(id)
    .bind(time_text::to_text(
        s.last_attempt_at.unwrap_or_else(time_text::now),
    )?)
    .bind(time_text::opt_to_text(s.last_success_at)?)
    .bind(&s.error_code)
    .bind(&s.error_message)
    .bind(s.rate_limit)
    .bind(s.rate_remaining)
    .bind(time_text::opt_to_text(s.rate_reset_at)?)
    .bind(validators)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
