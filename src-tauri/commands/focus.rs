//! Focus from the window (issue 29): exclusion rules and profiles, and picking a
//! profile by hand until the next scheduled change (the tray menu does the same).

use crate::commands::triage::changed;
use crate::error::AppError;
use crate::json::rfc3339;
use crate::state::AppState;
use ampel_core::focus::{next_change, Manual, Profile, Rule, RuleKind};
use ampel_core::triage::local_zone;
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

/// An exclusion rule as the Focus page lists it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    pub id: String,
    pub kind: RuleKind,
    /// The account it is limited to (id); `null`: all accounts.
    pub account: Option<String>,
    /// That account's name.
    pub account_name: Option<String>,
    /// The rule in words.
    pub words: String,
}

/// Everything the Focus page shows.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FocusView {
    pub rules: Vec<RuleView>,
    pub profiles: Vec<Profile>,
    /// The profile in effect; `null`: all accounts.
    pub active: Option<String>,
    /// It was picked by hand.
    pub by_hand: bool,
    /// When the schedule next changes (RFC 3339); `null`: never.
    pub next_change: Option<String>,
}

fn view(rule: &Rule, accounts: &[ampel_store::Account]) -> RuleView {
    RuleView {
        id: rule.id.clone(),
        kind: rule.kind.clone(),
        account: rule.account.clone(),
        account_name: rule.account.as_ref().and_then(|id| {
            accounts
                .iter()
                .find(|a| a.id.to_string() == *id)
                .map(|a| a.name.clone())
        }),
        words: rule.words(),
    }
}

/// The rules, the profiles and which profile is in effect.
pub async fn focus_view(state: &AppState) -> Result<FocusView, AppError> {
    let store = state.accounts()?.store();
    let accounts = store.list_accounts().await?;
    let focus = store.focus().await?;
    let now = crate::sync::now();
    let active = focus.active(now, local_zone());
    Ok(FocusView {
        rules: focus.rules.iter().map(|r| view(r, &accounts)).collect(),
        active: active.profile.map(|p| p.name.clone()),
        by_hand: active.by_hand,
        next_change: next_change(&focus.profiles, now, local_zone()).map(rfc3339),
        profiles: focus.profiles,
    })
}

/// The Focus page's state.
#[tauri::command]
#[specta::specta]
pub async fn get_focus(state: State<'_, AppState>) -> Result<FocusView, AppError> {
    focus_view(&state).await
}

/// Adds an exclusion rule (`account`: id, or `null` for all accounts).
#[tauri::command]
#[specta::specta]
pub async fn add_exclusion_rule(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: RuleKind,
    account: Option<String>,
) -> Result<RuleView, AppError> {
    let store = state.accounts()?.store();
    let rule = store
        .add_exclusion_rule(kind, account, crate::sync::now())
        .await?;
    let accounts = store.list_accounts().await?;
    changed(&app).await;
    Ok(view(&rule, &accounts))
}

/// Drops an exclusion rule; true when there was one.
#[tauri::command]
#[specta::specta]
pub async fn remove_exclusion_rule(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Result<bool, AppError> {
    let done = state.accounts()?.store().remove_exclusion_rule(&id).await?;
    changed(&app).await;
    Ok(done)
}

/// Adds a profile or replaces the one of its name.
#[tauri::command]
#[specta::specta]
pub async fn put_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    profile: Profile,
) -> Result<(), AppError> {
    state
        .accounts()?
        .store()
        .put_profile(&profile, crate::sync::now())
        .await?;
    changed(&app).await;
    Ok(())
}

/// Drops a profile; true when there was one.
#[tauri::command]
#[specta::specta]
pub async fn remove_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> Result<bool, AppError> {
    let done = state.accounts()?.store().remove_profile(&name).await?;
    changed(&app).await;
    Ok(done)
}

/// Follows profile `name` (`null`: all accounts) until the next scheduled change, or
/// the schedule again with `schedule`.
#[tauri::command]
#[specta::specta]
pub async fn use_profile(
    app: AppHandle,
    state: State<'_, AppState>,
    name: Option<String>,
    schedule: bool,
) -> Result<FocusView, AppError> {
    pick(&state, name, schedule).await?;
    changed(&app).await;
    focus_view(&state).await
}

/// Records a pick by hand (from the window or the tray).
pub async fn pick(state: &AppState, name: Option<String>, schedule: bool) -> Result<(), AppError> {
    let store = state.accounts()?.store();
    if schedule {
        store.set_manual_profile(None).await?;
        return Ok(());
    }
    let profiles = store.profiles().await?;
    if let Some(n) = &name {
        if !profiles.iter().any(|p| p.name == *n) {
            return Err(AppError::new(
                crate::error::ErrorCode::NotFound,
                format!("no profile named {n}"),
            ));
        }
    }
    let until = next_change(&profiles, crate::sync::now(), local_zone());
    store
        .set_manual_profile(Some(&Manual {
            profile: name,
            until,
        }))
        .await?;
    Ok(())
}
