//! The dashboard: cached rows (offline too), refresh on demand, watched repositories.

use crate::error::{AppError, ErrorCode};
use crate::json_dashboard::{Dashboard, RepoPageView};
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
