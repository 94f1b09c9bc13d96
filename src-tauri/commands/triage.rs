//! Triage from the window: snooze, pin, mute, the muted list, and the detail panel
//! of one cached pull request (no forge request).

use crate::error::{AppError, ErrorCode};
use crate::json::rfc3339;
use crate::json_dashboard::{DashboardChanged, PrRow};
use crate::json_triage::{MutedRepoView, PrDetail};
use crate::state::AppState;
use ampel_core::triage::{local_zone, Snooze, SnoozeFor};
use tauri::{AppHandle, State};
use uuid::Uuid;

fn account_id(id: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id).map_err(|_| AppError::new(ErrorCode::NotFound, "no such account"))
}

/// Tells the window and the tray that the dashboard changed.
pub(crate) async fn changed(app: &AppHandle) {
    if let Err(e) = tauri_specta::Event::emit(&DashboardChanged, app) {
        tracing::debug!("dashboard event not delivered: {e}");
    }
    crate::sync::show_cached(app).await;
}

/// Snoozes a cached pull request (1 hour, tomorrow 09:00, next week, until it changes).
#[tauri::command]
#[specta::specta]
pub async fn snooze_pr(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    repo: String,
    number: u32,
    choice: SnoozeFor,
) -> Result<(), AppError> {
    let store = state.accounts()?.store();
    let listed = store
        .cached_pr(self::account_id(&account_id)?, &repo, u64::from(number))
        .await?;
    let now = crate::sync::now();
    let snooze = Snooze::new(choice, &listed.pr, now, local_zone());
    store.snooze(&listed, &snooze, now).await?;
    changed(&app).await;
    Ok(())
}

/// Ends a snooze; true when the PR was snoozed.
#[tauri::command]
#[specta::specta]
pub async fn unsnooze_pr(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    repo: String,
    number: u32,
) -> Result<bool, AppError> {
    let was = state
        .accounts()?
        .store()
        .unsnooze(self::account_id(&account_id)?, &repo, u64::from(number))
        .await?;
    changed(&app).await;
    Ok(was)
}

/// Pins or unpins a cached pull request; true when that changed something.
#[tauri::command]
#[specta::specta]
pub async fn set_pinned(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    repo: String,
    number: u32,
    pinned: bool,
) -> Result<bool, AppError> {
    let store = state.accounts()?.store();
    let id = self::account_id(&account_id)?;
    let done = if pinned {
        let listed = store.cached_pr(id, &repo, u64::from(number)).await?;
        store.pin(&listed, crate::sync::now()).await?
    } else {
        store.unpin(id, &repo, u64::from(number)).await?
    };
    changed(&app).await;
    Ok(done)
}

/// Mutes or unmutes a repository of an account (names by the forge's rule); true when
/// that changed something.
#[tauri::command]
#[specta::specta]
pub async fn set_muted(
    app: AppHandle,
    state: State<'_, AppState>,
    account_id: String,
    repo: String,
    muted: bool,
) -> Result<bool, AppError> {
    let store = state.accounts()?.store();
    let id = self::account_id(&account_id)?;
    let done = if muted {
        store.mute(id, &repo, crate::sync::now()).await?
    } else {
        store.unmute(id, &repo).await?
    };
    changed(&app).await;
    Ok(done)
}

/// Every muted repository, for Settings.
#[tauri::command]
#[specta::specta]
pub async fn muted_repos(state: State<'_, AppState>) -> Result<Vec<MutedRepoView>, AppError> {
    let store = state.accounts()?.store();
    let accounts = store.list_accounts().await?;
    Ok(store
        .muted_repos()
        .await?
        .into_iter()
        .map(|m| MutedRepoView {
            account_name: accounts
                .iter()
                .find(|a| a.id.to_string() == m.account_id)
                .map_or_else(|| m.account_id.clone(), |a| a.name.clone()),
            account_id: m.account_id,
            repo: m.repo,
            muted_at: rfc3339(m.muted_at),
        })
        .collect())
}

/// The detail panel of one cached pull request: checks, reviewers, merge state.
#[tauri::command]
#[specta::specta]
pub async fn pr_detail(
    state: State<'_, AppState>,
    account_id: String,
    repo: String,
    number: u32,
) -> Result<PrDetail, AppError> {
    let store = state.accounts()?.store();
    let id = self::account_id(&account_id)?;
    let account = store.find_account(&account_id).await?;
    let listed = store.cached_pr(id, &repo, u64::from(number)).await?;
    let triage = store.triage().await?;
    let row = PrRow::new(&listed, &account).triaged(&listed, &triage, crate::sync::now());
    Ok(PrDetail::new(
        &crate::links::guarded(&listed.pr, &account),
        row,
    ))
}
