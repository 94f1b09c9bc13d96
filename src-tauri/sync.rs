//! Refreshing from the shell: one refresh at a time (on demand or on the
//! interval), progress and completion as events, and the dashboard from the cache.

use crate::error::AppError;
use crate::json_dashboard::{
    AccountSync, Dashboard, DashboardChanged, PrRow, ProfileView, SyncProgress,
};
use crate::settings::SettingsState;
use crate::state::AppState;
use ampel_core::changes::Listed;
use ampel_core::focus::Focus;
use ampel_core::triage::Triage;
use ampel_store::Account;
use ampel_sync::SyncReport;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

/// `AMPEL_REFRESH_SECS` overrides the settings' interval (tests).
fn interval_override() -> Option<Duration> {
    std::env::var("AMPEL_REFRESH_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map(Duration::from_secs)
}

/// The app's clock: the wall clock, moved by `AMPEL_CLOCK_SHIFT_SECS` in tests.
pub fn now() -> time::OffsetDateTime {
    ampel_core::triage::now()
}

/// Runs one refresh (waiting for one already running to finish first), then tells the window
/// it ended, whether it succeeded or not.
pub async fn refresh(app: &AppHandle, state: &AppState) -> Result<SyncReport, AppError> {
    let running = state.refreshing.lock().await;
    let flag = Running::set(&state.refresh_running);
    let report = sync_and_show(app, state).await;
    drop(flag);
    drop(running);
    // Only once the refresh let go of its lock: a window reloading on this event reads
    // `refreshing: false`, and nothing else would tell it so until the next refresh.
    if let Err(e) = DashboardChanged.emit(app) {
        tracing::debug!("dashboard event not delivered: {e}");
    }
    report
}

/// Marks a refresh as running until dropped (also when the refresh's task unwinds).
struct Running<'a>(&'a AtomicBool);

impl<'a> Running<'a> {
    fn set(flag: &'a AtomicBool) -> Self {
        flag.store(true, Ordering::SeqCst);
        Running(flag)
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Syncs every enabled account, then notifies and updates the tray (under the refresh lock).
async fn sync_and_show(app: &AppHandle, state: &AppState) -> Result<SyncReport, AppError> {
    let accounts = state.accounts()?;
    let settings = app.state::<SettingsState>().get();
    let options = ampel_sync::SyncOptions {
        ci_recheck: Some(time::Duration::seconds(i64::from(settings.ci_recheck_secs))),
        now: ampel_core::triage::clock_shift().map(|_| now()),
        ..ampel_sync::SyncOptions::default()
    };
    let report = ampel_sync::sync_all_with(accounts, &options, |p| {
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
    tracing::info!(
        accounts = report.outcomes.len(),
        failed = report.failures().count(),
        "refresh done"
    );
    let store = accounts.store();
    let ticket = crate::tray::ticket(app);
    let (all, cached) = (store.list_accounts().await?, store.cached_prs().await?);
    let triage = store.triage().await?;
    let focus = store.focus().await?;
    crate::notify::after_refresh(app, &report, &all, &cached, &triage, &focus);
    show_in_tray(app, ticket, &all, &cached, &triage, &focus, &report);
    crate::avatars::fill_missing(app, &all);
    Ok(report)
}

/// Updates the tray from the cache and the last report, read after `ticket` was taken.
fn show_in_tray(
    app: &AppHandle,
    ticket: u64,
    all: &[Account],
    cached: &[Listed],
    triage: &Triage,
    focus: &Focus,
    report: &SyncReport,
) {
    let enabled: Vec<String> = all
        .iter()
        .filter(|a| a.enabled)
        .map(|a| a.id.to_string())
        .collect();
    // Links checked again for each account's host: the tray opens only these.
    let shown: Vec<Listed> = cached
        .iter()
        .filter(|l| enabled.contains(&l.pr.account_id))
        .filter_map(|l| {
            let account = all.iter().find(|a| a.id.to_string() == l.pr.account_id)?;
            Some(Listed {
                pr: crate::links::guarded(&l.pr, account),
                sections: l.sections,
            })
        })
        .collect();
    let all_failing =
        !report.outcomes.is_empty() && report.outcomes.iter().all(|o| o.result.is_err());
    // Snoozed, muted, hidden by a rule or outside the active profile: not counted.
    let zone = ampel_core::triage::local_zone();
    let at = now();
    let counted: Vec<Listed> = triage
        .for_tray(&shown, at)
        .into_iter()
        .filter(|l| focus.followed(l, at, zone))
        .collect();
    let teams_are_mine = app.state::<SettingsState>().get().team_requests_are_mine;
    let active = focus.active(at, zone);
    let model = ampel_core::tray::model(&counted, all_failing, teams_are_mine).with_profiles(
        focus.profiles.iter().map(|p| p.name.clone()).collect(),
        active.profile.map(|p| p.name.as_str()),
        active.by_hand,
    );
    crate::tray::update(app, ticket, &model);
}

/// Shows the cached state in the tray: at start-up, before the first refresh, and after triage.
pub async fn show_cached(app: &AppHandle) {
    let state = app.state::<AppState>();
    let Ok(accounts) = state.accounts() else {
        return;
    };
    let store = accounts.store();
    let ticket = crate::tray::ticket(app);
    if let (Ok(all), Ok(cached), Ok(triage), Ok(focus)) = (
        store.list_accounts().await,
        store.cached_prs().await,
        store.triage().await,
        store.focus().await,
    ) {
        let report = SyncReport {
            started_at: time::OffsetDateTime::now_utc(),
            finished_at: time::OffsetDateTime::now_utc(),
            outcomes: Vec::new(),
        };
        show_in_tray(app, ticket, &all, &cached, &triage, &focus, &report);
    }
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
    let triage = store.triage().await?;
    let focus = store.focus().await?;
    let now = now();
    let zone = ampel_core::triage::local_zone();
    let active = focus.active(now, zone);
    let rows = store
        .cached_prs()
        .await?
        .iter()
        .filter_map(|listed| {
            let account = accounts
                .iter()
                .find(|a| a.id.to_string() == listed.pr.account_id)?;
            account.enabled.then(|| {
                PrRow::new(listed, account)
                    .triaged(listed, &triage, now)
                    .focused(listed, &focus, active.profile)
            })
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
        refreshing: state.refresh_running.load(Ordering::SeqCst),
        profile: active.profile.map(|p| ProfileView {
            name: p.name.clone(),
            by_hand: active.by_hand,
        }),
    })
}

/// Refreshes at start and then on the settings' interval for the app's lifetime;
/// a new interval takes effect at once (the wait restarts).
pub async fn run(app: AppHandle) {
    let mut interval = app.state::<SettingsState>().interval();
    show_cached(&app).await;
    loop {
        let state = app.state::<AppState>();
        if let Err(e) = refresh(&app, &state).await {
            tracing::warn!(code = ?e.code, "refresh failed: {}", e.message);
        }
        let wait = interval_override()
            .unwrap_or_else(|| Duration::from_secs(u64::from(*interval.borrow_and_update())));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            changed = interval.changed() => {
                if changed.is_err() {
                    return;
                }
                tracing::info!("refresh interval changed: refreshing now and rescheduling");
            }
        }
    }
}
