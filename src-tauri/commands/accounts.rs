//! Settings > Provider Accounts: list, test, add, rename, replace token, re-test,
//! enable/disable, remove. Each command parses, calls ampel-accounts, maps errors.

use crate::error::{AppError, ErrorCode};
use crate::json::{AccountInput, AccountView, ProviderId, Retest, TestReport, VaultView, Warning};
use crate::state::AppState;
use ampel_accounts::Check;
use ampel_core::account::parse_token;
use ampel_forge::AccountSpec;
use ampel_store::NewAccount;
use tauri::State;
use uuid::Uuid;

fn parse_id(id: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id).map_err(|_| AppError::new(ErrorCode::NotFound, "no such account"))
}

fn spec_of(input: &AccountInput) -> AccountSpec {
    AccountSpec {
        provider: input.provider.into(),
        base_url: input.base_url.clone().filter(|b| !b.trim().is_empty()),
        username: input.username.clone().filter(|u| !u.trim().is_empty()),
        last_known_expiry: None,
    }
}

/// The view of `account` with its avatar: from the cache, or — when the forge was
/// just reached (`fetch`) — fetched once if the cache lacks it.
async fn view(state: &AppState, account: &ampel_store::Account, fetch: bool) -> AccountView {
    let mut v = AccountView::from(account);
    let url = account
        .identity
        .as_ref()
        .and_then(|i| i.avatar_url.as_deref());
    if let Some(avatars) = &state.avatars {
        v.avatar = match state.accounts() {
            Ok(accounts) if fetch => {
                let spec = ampel_accounts::spec_of(account);
                avatars.ensure(accounts.client(), &spec, url).await
            }
            _ => avatars.cached(url),
        };
    }
    v
}

fn check(validate: bool) -> Check {
    if validate {
        Check::Validate
    } else {
        Check::SaveUnverified
    }
}

/// Every account, by name.
#[tauri::command]
#[specta::specta]
pub async fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountView>, AppError> {
    let accounts = state.accounts()?.store().list_accounts().await?;
    let mut views = Vec::with_capacity(accounts.len());
    for a in &accounts {
        views.push(view(&state, a, false).await);
    }
    Ok(views)
}

/// Test Connection: asks the forge about a token without saving anything.
#[tauri::command]
#[specta::specta]
pub async fn test_connection(
    state: State<'_, AppState>,
    input: AccountInput,
) -> Result<TestReport, AppError> {
    let token = parse_token(&input.token).map_err(ampel_store::StoreError::from)?;
    let accounts = state.accounts()?;
    let spec = spec_of(&input);
    let report = accounts.test(&spec, &token).await;
    let mut shown = TestReport::from(&report);
    let url = report
        .validation
        .as_ref()
        .and_then(|v| v.identity.as_ref())
        .and_then(|i| i.avatar_url.as_deref());
    if let (Some(v), Some(avatars)) = (shown.validation.as_mut(), &state.avatars) {
        v.avatar = avatars.ensure(accounts.client(), &spec, url).await;
    }
    Ok(shown)
}

/// Shape warnings for a token as typed (no network call).
#[tauri::command]
#[specta::specta]
pub fn check_token_shape(
    provider: ProviderId,
    token: String,
    username: Option<String>,
) -> Vec<Warning> {
    let secret = ampel_core::Secret::new(token);
    let (_, warnings) = ampel_forge::shape::check(provider.into(), &secret, username.as_deref());
    warnings.iter().map(Warning::from).collect()
}

/// Saves an account: validated first unless `validate` is false (offline), in
/// which case it is "not verified" until the forge can be reached.
#[tauri::command]
#[specta::specta]
pub async fn add_account(
    state: State<'_, AppState>,
    input: AccountInput,
    validate: bool,
) -> Result<AccountView, AppError> {
    let token = parse_token(&input.token).map_err(ampel_store::StoreError::from)?;
    let new = NewAccount {
        provider: input.provider.into(),
        name: input.name.clone(),
        base_url: spec_of(&input).base_url,
        username: spec_of(&input).username,
        token,
    };
    let saved = state.accounts()?.add(new, check(validate)).await?;
    Ok(view(&state, &saved.account, validate).await)
}

/// Renames an account.
#[tauri::command]
#[specta::specta]
pub async fn rename_account(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<AccountView, AppError> {
    let id = parse_id(&id)?;
    let store = state.accounts()?.store();
    store.rename_account(id, &name).await?;
    let account = store.find_account(&id.to_string()).await?;
    Ok(view(&state, &account, false).await)
}

/// Replaces an account's token (validated first unless `validate` is false).
#[tauri::command]
#[specta::specta]
pub async fn replace_token(
    state: State<'_, AppState>,
    id: String,
    token: String,
    validate: bool,
) -> Result<AccountView, AppError> {
    let token = parse_token(&token).map_err(ampel_store::StoreError::from)?;
    let saved = state
        .accounts()?
        .replace_token(parse_id(&id)?, &token, check(validate))
        .await?;
    Ok(view(&state, &saved.account, validate).await)
}

/// Re-tests a stored account and records the answer.
#[tauri::command]
#[specta::specta]
pub async fn retest_account(state: State<'_, AppState>, id: String) -> Result<Retest, AppError> {
    let retested = state.accounts()?.retest(parse_id(&id)?).await?;
    let mut shown = Retest::from(&retested);
    shown.account = view(&state, &retested.account, true).await;
    Ok(shown)
}

/// Enables or disables an account (disabled accounts are not synced).
#[tauri::command]
#[specta::specta]
pub async fn set_account_enabled(
    state: State<'_, AppState>,
    id: String,
    enabled: bool,
) -> Result<AccountView, AppError> {
    let id = parse_id(&id)?;
    let store = state.accounts()?.store();
    store.set_enabled(id, enabled).await?;
    let account = store.find_account(&id.to_string()).await?;
    Ok(view(&state, &account, false).await)
}

/// Removes an account and its encrypted token.
#[tauri::command]
#[specta::specta]
pub async fn remove_account(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    Ok(state
        .accounts()?
        .store()
        .remove_account(parse_id(&id)?)
        .await?)
}

/// Where the data key lives, for the storage line.
#[tauri::command]
#[specta::specta]
pub async fn vault_status(state: State<'_, AppState>) -> Result<VaultView, AppError> {
    let status = state.accounts()?.store().vault_status().await?;
    Ok(VaultView::new(
        &status,
        ampel_core::paths::secret_backend_name(),
    ))
}

/// The explicit opt-in to the weaker mode for a machine without a keyring: the
/// data key moves to a 0600 file in the data folder (as the CLI's
/// `--insecure-key-file`). Only called after the user confirmed the consequence.
#[tauri::command]
#[specta::specta]
pub async fn use_key_file(state: State<'_, AppState>) -> Result<VaultView, AppError> {
    let status = state.accounts()?.store().use_key_file().await?;
    Ok(VaultView::new(
        &status,
        ampel_core::paths::secret_backend_name(),
    ))
}

/// The provider's "create a token" page, with recommended scopes where possible.
#[tauri::command]
#[specta::specta]
pub fn token_page(provider: ProviderId, base_url: Option<String>) -> Result<String, AppError> {
    ampel_accounts::token_page(provider.into(), base_url.as_deref())
        .map_err(|e| AppError::new(ErrorCode::from_code(e.code()), e.to_string()))
}

/// The scopes the user guide recommends for a provider.
#[tauri::command]
#[specta::specta]
pub fn recommended_scopes(provider: ProviderId) -> Vec<String> {
    ampel_accounts::recommended_scopes(provider.into())
        .iter()
        .map(|s| s.to_string())
        .collect()
}
