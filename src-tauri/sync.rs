//! Refreshing from the shell: one refresh at a time (on demand or on the
//! interval), progress and completion as events, and the dashboard from the cache.

use crate::error::AppError;
use crate::json_dashboard::{AccountSync, Dashboard, DashboardChanged, PrRow, SyncProgress};
use crate::state::AppState;
use ampel_sync::SyncReport;
use std::time::Duration;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

/// How often the dashboard refreshes by itself: `AMPEL_REFRESH_SECS` or 2 minutes.
fn interval() -> Duration {
    let secs = std::env::var("AMPEL_REFRESH_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(120);
    Duration::from_secs(secs)
}

/// Runs one refresh (waiting for one already running to finish first).
pub async fn refresh(app: &AppHandle, state: &AppState) -> Result<SyncReport, AppError> {
    let _running = state.refreshing.lock().await;
    let accounts = state.accounts()?;
    let report = ampel_sync::sync_all(accounts, ampel_sync::DEFAULT_CONCURRENCY, |p| {
        let event = SyncProgress {
            done: u32::try_from(p.done).unwrap_or(u32::MAX),
            total: u32::try_from(p.total).unwrap_or(u32::MAX),
            account: p.account,
        };
        if let Err(e) = event.emit(app) {
            tracing::debug!("progress event not delivered: {e}");
        }
    })
    .await?;
    for failure in report.failures() {
        if let Err(f) = &failure.result {
            tracing::info!(account = %failure.account_name, code = %f.code, "sync failed");
        }
    }
    if let Err(e) = DashboardChanged.emit(app) {
        tracing::debug!("dashboard event not delivered: {e}");
    }
    Ok(report)
}

/// The dashboard from the cache.
pub async fn dashboard(state: &AppState) -> Result<Dashboard, AppError> {
    let store = state.accounts()?.store();
    let accounts = store.list_accounts().await?;
    let mut chips = Vec::with_capacity(accounts.len());
    for account in &accounts {
        chips.push(AccountSync::new(
            account,
            &store.sync_status(account.id).await?,
        ));
    }
    let rows = store
        .cached_prs()
        .await?
        .iter()
        .filter_map(|listed| {
            let account = accounts
                .iter()
                .find(|a| a.id.to_string() == listed.pr.account_id)?;
            account.enabled.then(|| PrRow::new(listed, account))
        })
        .collect();
    let enabled: Vec<&AccountSync> = chips.iter().filter(|c| c.enabled).collect();
    let offline = !enabled.is_empty()
        && enabled
            .iter()
            .all(|c| c.error_code.as_deref() == Some("unreachable"));
    Ok(Dashboard {
        rows,
        last_synced_at: chips.iter().filter_map(|c| c.last_success_at.clone()).max(),
        accounts: chips,
        offline,
        refreshing: state.refreshing.try_lock().is_err(),
    })
}

/// Refreshes on the interval for the app's lifetime.
pub async fn run(app: AppHandle) {
    let mut ticker = tokio::time::interval(interval());
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let state = app.state::<AppState>();
        if let Err(e) = refresh(&app, &state).await {
            tracing::warn!(code = ?e.code, "refresh failed: {}", e.message);
        }
    }
}
