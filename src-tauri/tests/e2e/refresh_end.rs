//! How the window learns that a refresh ended (issue 32): the refresh at start against a forge
//! that answers at once can end before the window listens, and a window reading the dashboard as
//! soon as `dashboardChanged` arrives must read that no refresh runs any more.

use crate::flows::{add_demo_account, demo_forge};
use crate::harness::{App, Launch, TestError, TestResult};
use ampel_core::Provider;
use fantoccini::Locator;
use std::time::Duration;

/// How long after the rows show the window may still say it is refreshing.
const SETTLED_WITHIN: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fast_first_refresh_leaves_refresh_enabled_once_rows_show() -> TestResult {
    // The demo forge with no injected latency: the start-up refresh ends within milliseconds.
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    // No interval refresh during the test: only the one at start.
    let launch = || Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    // First run: the account is saved, nothing is synced, so the cache stays empty.
    let app = App::launch_in("startup-fast-forge", dir.path(), launch()).await?;
    let first = add_demo_account(&app, &forge, Provider::Gitlab).await;
    app.finish(first).await?;

    // Second start: rows can only come from the start-up refresh.
    let app = App::launch_in("startup-fast-forge", dir.path(), launch()).await?;
    let result = async {
        app.wait_for("[data-testid=pr-row]").await?;
        let rows_shown = tokio::time::Instant::now();
        loop {
            let enabled = app
                .wait_for("[data-testid=refresh]")
                .await?
                .is_enabled()
                .await?;
            let progress = app
                .client
                .find_all(Locator::Css("[data-testid=refresh-progress]"))
                .await?;
            if enabled && progress.is_empty() {
                break;
            }
            if rows_shown.elapsed() > SETTLED_WITHIN {
                let shown = match progress.first() {
                    Some(p) => p.text().await?,
                    None => String::new(),
                };
                return Err(format!(
                    "{SETTLED_WITHIN:?} after the rows showed: Refresh enabled {enabled}, progress {shown:?}"
                )
                .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        app.expect_contains("[data-testid=last-synced]", "last synced")
            .await
    }
    .await;
    app.finish(result).await
}

/// Waits until no refresh runs (the one at start and the one after adding the account end first:
/// an earlier refresh's event, with a queued one already holding the lock, rightly reads
/// `refreshing: true`), then listens for `dashboardChanged` in the page, runs the tray's Refresh,
/// and answers what the dashboard read in the event's handler says about `refreshing`.
const REFRESHING_WHEN_TOLD: &str = "const done = arguments[arguments.length - 1];\
    const tauri = window.__TAURI_INTERNALS__;\
    const idle = () => tauri.invoke('dashboard').then(d => d.refreshing\
      ? new Promise(r => setTimeout(r, 50)).then(idle) : undefined);\
    const handler = tauri.transformCallback(() => {\
      tauri.invoke('dashboard').then(d => done({ refreshing: d.refreshing }), e => done({ err: e }));\
    });\
    idle()\
      .then(() => tauri.invoke('plugin:event|listen', { event: 'dashboard-changed', target: { kind: 'Any' }, handler }))\
      .then(() => tauri.invoke('tray_action', { id: 'refresh' }))\
      .catch(e => done({ err: e }));";

async fn refreshing_when_told(app: &App) -> Result<bool, TestError> {
    let answer = app
        .client
        .execute_async(REFRESHING_WHEN_TOLD, Vec::new())
        .await?;
    answer
        .get("refreshing")
        .and_then(serde_json::Value::as_bool)
        .ok_or_else(|| format!("no dashboard after dashboardChanged: {answer}").into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_read_on_dashboard_changed_says_the_refresh_ended() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("refresh-end-event", dir.path(), launch).await?;
    let result = async {
        add_demo_account(&app, &forge, Provider::Gitlab).await?;
        for round in 1..=5 {
            if refreshing_when_told(&app).await? {
                return Err(format!(
                    "refresh {round}: the dashboard read on dashboardChanged still says refreshing"
                )
                .into());
            }
        }
        Ok(())
    }
    .await;
    app.finish(result).await
}
