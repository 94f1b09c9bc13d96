//! What a sync reports: per account, what changed or why it failed, plus progress.

use ampel_core::changes::Change;
use ampel_core::Provider;
use ampel_forge::ForgeError;
use ampel_store::StoreError;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

/// One account done (for a progress bar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Accounts finished so far.
    pub done: usize,
    /// Accounts in this sync.
    pub total: usize,
    /// The account just finished.
    pub account: String,
}

/// Why an account's sync failed: a stable code and a message without secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncFailure {
    /// The store's or forge's code (`unreachable`, `rate_limited`, `invalid_token`…).
    pub code: String,
    /// For people.
    pub message: String,
}

impl SyncFailure {
    pub(crate) fn new(code: &str, message: &str) -> Self {
        SyncFailure {
            code: code.into(),
            message: message.into(),
        }
    }

    pub(crate) fn from_store(e: StoreError) -> Self {
        SyncFailure {
            code: e.code().into(),
            message: e.to_string(),
        }
    }

    pub(crate) fn from_forge(e: &ForgeError) -> Self {
        SyncFailure {
            code: e.code().into(),
            message: e.to_string(),
        }
    }
}

/// A successful account sync.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Synced {
    /// Pull requests listed.
    pub prs: usize,
    /// What changed since the last sync.
    pub changes: Vec<Change>,
    /// True on the account's first successful sync (no notifications then).
    pub first_sync: bool,
    /// HTTP requests made.
    pub requests: u32,
    /// Of which answered 304 Not Modified.
    pub not_modified: u32,
    /// Snoozed PRs that came back with this sync (key, why); their snoozes ended.
    pub woken: Vec<(String, ampel_core::triage::WakeReason)>,
}

/// One account's part of a sync.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountOutcome {
    /// The account.
    pub account_id: Uuid,
    /// Its friendly name.
    pub account_name: String,
    /// Its forge.
    pub provider: Provider,
    /// What happened.
    #[serde(with = "result_json")]
    pub result: Result<Synced, SyncFailure>,
}

/// A whole sync.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncReport {
    /// When it started.
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    /// When it ended.
    #[serde(with = "time::serde::rfc3339")]
    pub finished_at: OffsetDateTime,
    /// Per account, by name.
    pub outcomes: Vec<AccountOutcome>,
}

impl SyncReport {
    /// Accounts that failed.
    pub fn failures(&self) -> impl Iterator<Item = &AccountOutcome> {
        self.outcomes.iter().filter(|o| o.result.is_err())
    }
}

mod result_json {
    use super::{SyncFailure, Synced};
    use serde::{Serialize, Serializer};

    #[derive(Serialize)]
    #[serde(tag = "status", rename_all = "snake_case")]
    enum Tagged<'a> {
        Ok(&'a Synced),
        Failed(&'a SyncFailure),
    }

    pub fn serialize<S: Serializer>(
        r: &Result<Synced, SyncFailure>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match r {
            Ok(v) => Tagged::Ok(v).serialize(s),
            Err(e) => Tagged::Failed(e).serialize(s),
        }
    }
}
