//! Refresh orchestration shared by the app and the CLI: every enabled account is
//! synced concurrently (bounded), each from its forge into the cache in one
//! transaction; one account's failure is recorded on that account and never
//! hides the others; each success yields the change set notifications use.
//! An account whose reported API budget would not cover its refresh (as many
//! requests as its last one took) is postponed with a visible reason until the
//! forge's window resets, instead of burning the budget down to 0.

mod act;
mod budget;
mod outcome;

pub use act::{act, missing_write_scope, ActFailure, Acted};

pub use outcome::{AccountOutcome, Progress, SyncFailure, SyncReport, Synced};

use ampel_accounts::{record_failure, spec_of, Accounts};
use ampel_core::changes::diff;
use ampel_core::section::Section;
use ampel_forge::{ErrorKind, ForgeError, ListSpec};
use ampel_store::{Account, SyncStatus, TokenState};
use futures_util::stream::{self, StreamExt};
use time::{Duration, OffsetDateTime};

/// How many accounts sync at once.
pub const DEFAULT_CONCURRENCY: usize = 16;

/// How a sync runs: accounts at once, its clock and the CI re-check bound.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// How many accounts sync at once.
    pub concurrency: usize,
    /// The moment of this sync (tests inject it); `None`: the wall clock.
    pub now: Option<OffsetDateTime>,
    /// How long a finished CI state is trusted (Settings > General); `None`: the
    /// settings' default.
    pub ci_recheck: Option<Duration>,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            concurrency: DEFAULT_CONCURRENCY,
            now: None,
            ci_recheck: None,
        }
    }
}

/// Syncs every enabled account with a usable token, `concurrency` at a time,
/// calling `progress` after each account.
pub async fn sync_all(
    accounts: &Accounts,
    concurrency: usize,
    progress: impl Fn(Progress),
) -> Result<SyncReport, ampel_store::StoreError> {
    let options = SyncOptions {
        concurrency,
        ..SyncOptions::default()
    };
    sync_all_with(accounts, &options, progress).await
}

/// [`sync_all`] with every option.
pub async fn sync_all_with(
    accounts: &Accounts,
    options: &SyncOptions,
    progress: impl Fn(Progress),
) -> Result<SyncReport, ampel_store::StoreError> {
    let concurrency = options.concurrency;
    let started_at = options.now.unwrap_or_else(OffsetDateTime::now_utc);
    let all = accounts.store().list_accounts().await?;
    let due: Vec<Account> = all.into_iter().filter(|a| a.enabled).collect();
    let total = due.len();
    let mut done = 0;
    let mut outcomes = Vec::with_capacity(total);
    // Futures collected first: a closure inside the stream would make the
    // caller's future lose `Send` (a higher-ranked lifetime limitation).
    let jobs: Vec<_> = due
        .iter()
        .map(|a| Box::pin(sync_one(accounts, a, options)))
        .collect();
    let mut running = stream::iter(jobs).buffer_unordered(concurrency.max(1));
    while let Some(outcome) = running.next().await {
        done += 1;
        progress(Progress {
            done,
            total,
            account: outcome.account_name.clone(),
        });
        outcomes.push(outcome);
    }
    outcomes.sort_by(|a, b| a.account_name.cmp(&b.account_name));
    Ok(SyncReport {
        started_at,
        finished_at: options.now.unwrap_or_else(OffsetDateTime::now_utc),
        outcomes,
    })
}

/// Syncs one account and records the result (cache + status, or the failure).
pub async fn sync_one(
    accounts: &Accounts,
    account: &Account,
    options: &SyncOptions,
) -> AccountOutcome {
    let now = options.now.unwrap_or_else(OffsetDateTime::now_utc);
    let result = match account.token_state {
        TokenState::Ok => fetch_and_store(accounts, account, options, now).await,
        TokenState::MustReenter => Err(SyncFailure::new(
            "key_mismatch",
            "the token must be re-entered",
        )),
        TokenState::Unknown => Err(SyncFailure::new(
            "keyring_unavailable",
            "the OS keyring is not available",
        )),
    };
    if let Err(failure) = &result {
        let status = SyncStatus {
            last_attempt_at: Some(now),
            error_code: Some(failure.code.clone()),
            error_message: Some(failure.message.clone()),
            ..accounts
                .store()
                .sync_status(account.id)
                .await
                .unwrap_or_default()
        };
        if let Err(e) = accounts
            .store()
            .record_sync_failure(account.id, &status)
            .await
        {
            tracing::warn!(code = e.code(), "could not record a sync failure");
        }
    }
    AccountOutcome {
        account_id: account.id,
        account_name: account.name.clone(),
        provider: account.provider,
        result,
    }
}

async fn fetch_and_store(
    accounts: &Accounts,
    account: &Account,
    options: &SyncOptions,
    now: OffsetDateTime,
) -> Result<Synced, SyncFailure> {
    let store = accounts.store();
    let token = store
        .decrypt_token(account.id)
        .await
        .map_err(SyncFailure::from_store)?;
    let status = store
        .sync_status(account.id)
        .await
        .map_err(SyncFailure::from_store)?;
    budget::check(&status, now)?;
    let watched = store
        .watched_repos(account.id)
        .await
        .map_err(SyncFailure::from_store)?;
    let previous = store
        .cached_prs_of(account.id)
        .await
        .map_err(SyncFailure::from_store)?;
    let mut sections = vec![
        Section::NeedsMyReview,
        Section::Mine,
        Section::AssignedToMe,
        Section::Reviewed,
    ];
    if !watched.is_empty() {
        sections.push(Section::Watched);
    }
    let spec = ListSpec {
        account_id: account.id.to_string(),
        login: account.identity.as_ref().map(|i| i.login.clone()),
        sections,
        watched_repos: watched,
        validators: status.validators.clone(),
        previous,
        now: Some(now),
        ci_recheck: options.ci_recheck,
    };
    let listing = match accounts
        .client()
        .list(&spec_of(account), &token, &spec)
        .await
    {
        Ok(listing) => listing,
        Err(e) => return Err(failed(accounts, account, e).await),
    };
    let rate = listing.rate_limit.as_ref();
    let mut validators = listing.validators.clone();
    budget::note_requests(&mut validators, listing.requests);
    let new_status = SyncStatus {
        last_attempt_at: Some(now),
        last_success_at: Some(now),
        error_code: None,
        error_message: None,
        rate_limit: rate.and_then(|r| r.limit).map(to_i64),
        rate_remaining: rate.and_then(|r| r.remaining).map(to_i64),
        rate_reset_at: rate.and_then(|r| r.reset_at),
        validators,
    };
    let before = store
        .replace_prs(account.id, &listing.prs, &new_status)
        .await
        .map_err(SyncFailure::from_store)?;
    let woken = store
        .settle_triage(account.id, &listing.prs, now)
        .await
        .map_err(SyncFailure::from_store)?;
    let mut changes = diff(&before, &listing.prs);
    changes.extend(ampel_core::automation_changes::ended(
        &before,
        listing
            .ended
            .iter()
            .map(|e| (e.repo.as_str(), e.number, e.state)),
    ));
    Ok(Synced {
        prs: listing.prs.len(),
        changes,
        first_sync: status.last_success_at.is_none(),
        requests: listing.requests,
        not_modified: listing.not_modified,
        woken,
    })
}

/// A forge refusal: credentials trouble is also recorded on the account (a token
/// that expired or was revoked since the last validation shows up there).
async fn failed(accounts: &Accounts, account: &Account, e: ForgeError) -> SyncFailure {
    if e.kind() == ErrorKind::Credentials {
        let record = record_failure(&e, account.token_expires_at);
        if let Err(err) = accounts.store().update_validation(account.id, record).await {
            tracing::warn!(code = err.code(), "could not record a credentials failure");
        }
    }
    SyncFailure::from_forge(&e)
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
