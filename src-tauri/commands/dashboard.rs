//! The dashboard: cached rows (offline too), refresh on demand, watched repositories.

use crate::error::{AppError, ErrorCode};
use crate::json_dashboard::{
    ActedView, Dashboard, DashboardChanged, PrActionInput, PrRow, RepoPageView,
};
use crate::state::AppState;
use crate::sync;
use tauri::{AppHandle, State};

/// Every cached PR with its light and reasons, and each account's sync state.
#[tauri::command]
#[specta::specta]
pub async fn dashboard(state: State<'_, AppState>) -> Result<Dashboard, AppError> {
    sync::dashboard(&state).await
}

/// Syncs every enabled account now; progress comes as `syncProgress` events and
/// `dashboardChanged` when done. Returns the fresh dashboard.
#[tauri::command]
#[specta::specta]
pub async fn refresh(app: AppHandle, state: State<'_, AppState>) -> Result<Dashboard, AppError> {
    sync::refresh(&app, &state).await?;
    sync::dashboard(&state).await
}

/// The repositories an account watches.
#[tauri::command]
#[specta::specta]
pub async fn watched_repos(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<String>, AppError> {
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| AppError::new(ErrorCode::NotFound, "no such account"))?;
    Ok(state.accounts()?.store().watched_repos(id).await?)
}

/// Replaces the repositories an account watches.
#[tauri::command]
#[specta::specta]
pub async fn set_watched_repos(
    state: State<'_, AppState>,
    id: String,
    repos: Vec<String>,
) -> Result<Vec<String>, AppError> {
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| AppError::new(ErrorCode::NotFound, "no such account"))?;
    let store = state.accounts()?.store();
    store.set_watched_repos(id, &repos).await?;
    Ok(store.watched_repos(id).await?)
}

/// One page of the repositories an account can see, for the Watched picker
/// (`cursor` from the previous page; `filter` narrows by name).
#[tauri::command]
#[specta::specta]
pub async fn list_repos(
    state: State<'_, AppState>,
    id: String,
    cursor: Option<String>,
    filter: Option<String>,
) -> Result<RepoPageView, AppError> {
    let id = uuid::Uuid::parse_str(&id)
        .map_err(|_| AppError::new(ErrorCode::NotFound, "no such account"))?;
    let accounts = state.accounts()?;
    let account = accounts.store().find_account(&id.to_string()).await?;
    let token = accounts.store().decrypt_token(id).await?;
    let request = ampel_forge::repos::RepoPageRequest { cursor, filter };
    let page = accounts
        .client()
        .repos(&ampel_accounts::spec_of(&account), &token, &request)
        .await
        .map_err(|e| AppError::from(ampel_accounts::AccountsError::from(e)))?;
    Ok(page.into())
}

/// Approves, requests changes, comments on or merges one pull request (sent once),
/// then re-syncs that pull request alone; `dashboardChanged` follows so the list
/// shows it from the cache.
#[tauri::command]
#[specta::specta]
pub async fn act_on_pr(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    repo: String,
    number: u32,
    action: PrActionInput,
) -> Result<ActedView, AppError> {
    let action = action
        .action()
        .map_err(|m| AppError::new(ErrorCode::InvalidInput, m))?;
    let accounts = state.accounts()?;
    let account = accounts.store().find_account(&account_id).await?;
    let acted = ampel_sync::act(accounts, &account, &repo, u64::from(number), &action).await?;
    tracing::info!(
        action = action.name(),
        requests = acted.outcome.requests,
        "pull request action done"
    );
    if let Err(e) = tauri_specta::Event::emit(&DashboardChanged, &app) {
        tracing::debug!("dashboard event not delivered: {e}");
    }
    let triage = accounts.store().triage().await?;
    Ok(ActedView {
        message: acted.outcome.message,
        requests: acted.outcome.requests,
        row: acted
            .pr
            .as_ref()
            .map(|l| PrRow::new(l, &account).triaged(l, &triage, sync::now())),
        resync_error: acted.resync_error,
    })
}
