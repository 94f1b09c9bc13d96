//! An action on one cached pull request (approve, request changes, comment,
//! merge) for the app and the CLI: the account's recorded scopes are checked
//! first, the merge carries the head commit of the last sync, the write is sent
//! once, and on success only that pull request is read again (its repository's
//! open list) so its light and reasons update without a full refresh.

use ampel_accounts::{spec_of, Accounts};
use ampel_core::changes::Listed;
use ampel_core::section::Section;
use ampel_forge::actions::{Action, ActionError, Outcome, Target};
use ampel_forge::ListSpec;
use ampel_store::{Account, StoreError};

/// What an action did, and the pull request as the forge shows it now.
#[derive(Debug, Clone)]
pub struct Acted {
    /// The forge's answer in words, with the requests it took.
    pub outcome: Outcome,
    /// The re-synced pull request; `None` when it left the open list (merged).
    pub pr: Option<Listed>,
    /// Requests the re-sync took.
    pub resync_requests: u32,
    /// Why the re-sync failed, when it did (the action itself succeeded).
    pub resync_error: Option<String>,
}

/// Why an action was not done.
#[derive(Debug, thiserror::Error)]
pub enum ActFailure {
    /// The store or vault failed (account not found, keyring…).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The forge refused or could not be asked.
    #[error(transparent)]
    Action(#[from] ActionError),
}

impl ActFailure {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ActFailure::Store(e) => e.code(),
            ActFailure::Action(e) => e.code(),
        }
    }
}

/// The scope the account's token must get before it can write, from the scopes
/// recorded at its last validation (`None`: it can, or the forge does not say).
pub fn missing_write_scope(account: &Account) -> Option<String> {
    ampel_forge::scopes::missing_write_scope(account.token_kind.as_deref(), &account.scopes)
}

/// Runs `action` on `repo`#`number` of `account`, then re-syncs that PR alone.
pub async fn act(
    accounts: &Accounts,
    account: &Account,
    repo: &str,
    number: u64,
    action: &Action,
) -> Result<Acted, ActFailure> {
    if let Some(scope) = missing_write_scope(account) {
        let settings_url = ampel_accounts::token_page(account.provider, Some(&account.base_url))
            .unwrap_or_default();
        return Err(ActionError::MissingWriteScope {
            provider: account.provider,
            scope,
            settings_url,
        }
        .into());
    }
    let store = accounts.store();
    let cached = store.cached_prs_of(account.id).await?;
    let seen = cached
        .iter()
        .find(|l| l.pr.repo.eq_ignore_ascii_case(repo) && l.pr.number == number);
    // The base merges only through its queue / train: a direct merge is never sent.
    if matches!(action, Action::Merge { .. })
        && seen.is_some_and(|l| l.pr.automation.queue_required)
    {
        return Err(ActionError::QueueRequired {
            provider: account.provider,
        }
        .into());
    }
    let target = Target {
        repo: seen.map_or_else(|| repo.to_string(), |l| l.pr.repo.clone()),
        number: u32::try_from(number).map_err(|_| ActionError::BadTarget {
            detail: format!("{number} is not a pull request number"),
        })?,
        head_sha: seen.and_then(|l| l.pr.head_sha.clone()),
    };
    let token = store.decrypt_token(account.id).await?;
    let spec = spec_of(account);
    let outcome = accounts
        .client()
        .act(&spec, &token, &target, action)
        .await?;
    let mut acted = Acted {
        outcome,
        pr: None,
        resync_requests: 0,
        resync_error: None,
    };
    match resync(accounts, account, &target.repo, number, cached).await {
        Ok((pr, requests)) => {
            acted.pr = pr;
            acted.resync_requests = requests;
        }
        Err(message) => acted.resync_error = Some(message),
    }
    Ok(acted)
}

/// Lists the PR's repository (its open PRs only) and writes this one PR into the
/// cache, keeping its sections; drops it when it is no longer open.
async fn resync(
    accounts: &Accounts,
    account: &Account,
    repo: &str,
    number: u64,
    cached: Vec<Listed>,
) -> Result<(Option<Listed>, u32), String> {
    let store = accounts.store();
    let token = store
        .decrypt_token(account.id)
        .await
        .map_err(|e| e.to_string())?;
    let list = ListSpec {
        account_id: account.id.to_string(),
        login: account.identity.as_ref().map(|i| i.login.clone()),
        sections: vec![Section::Watched],
        watched_repos: vec![repo.to_string()],
        ..ListSpec::default()
    };
    let listing = accounts
        .client()
        .list(&spec_of(account), &token, &list)
        .await
        .map_err(|e| e.to_string())?;
    let fresh = listing
        .prs
        .into_iter()
        .find(|l| l.pr.repo.eq_ignore_ascii_case(repo) && l.pr.number == number);
    let mut updated = Vec::with_capacity(cached.len());
    let mut kept = None;
    for mut l in cached {
        if l.pr.repo.eq_ignore_ascii_case(repo) && l.pr.number == number {
            if let Some(f) = &fresh {
                l.pr = f.pr.clone();
                kept = Some(l.clone());
                updated.push(l);
            }
        } else {
            updated.push(l);
        }
    }
    let status = store
        .sync_status(account.id)
        .await
        .map_err(|e| e.to_string())?;
    store
        .replace_prs(account.id, &updated, &status)
        .await
        .map_err(|e| e.to_string())?;
    Ok((kept, listing.requests))
}
