//! The dashboard: cached rows (offline too), refresh on demand, watched repositories.

use crate::error::{AppError, ErrorCode};
use crate::json_dashboard::Dashboard;
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
