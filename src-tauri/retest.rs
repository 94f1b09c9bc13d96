//! Accounts saved while offline are tested again in the background, so they turn
//! "verified" (or show the forge's diagnosis) once the network is back.

use crate::state::AppState;
use serde::{Deserialize, Serialize};
use specta::Type;
use std::time::Duration;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

/// Emitted when accounts changed outside a command (background re-test).
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct AccountsChanged;

/// How often "not verified" accounts are re-tested: `AMPEL_RETEST_SECS` or 30 s.
fn interval() -> Duration {
    let secs = std::env::var("AMPEL_RETEST_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| *s > 0)
        .unwrap_or(30);
    Duration::from_secs(secs)
}

/// Runs for the app's lifetime.
pub async fn run(app: AppHandle) {
    let mut ticker = tokio::time::interval(interval());
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let state = app.state::<AppState>();
        let Ok(accounts) = state.accounts() else {
            return;
        };
        match accounts.retest_unverified().await {
            Ok(changed) if !changed.is_empty() => {
                tracing::info!(
                    count = changed.len(),
                    "accounts saved offline were verified"
                );
                if let Err(e) = AccountsChanged.emit(&app) {
                    tracing::warn!("could not notify the window: {e}");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(code = e.code(), "background re-test failed"),
        }
    }
}
