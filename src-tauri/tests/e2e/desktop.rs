//! Tray, notifications and settings in the real app: the Notify calls it makes on
//! the test session bus (seen by dbus-monitor, shown by dunst) when a PR's CI
//! fails, the tray menu's actions through their own code path, and settings that
//! survive a relaunch without a token in the settings file.

use crate::flows::{demo_forge, fill_add_form, save, Form};
use crate::harness::{App, Launch, TestError, TestResult};
use crate::notify_bus::NotifyMonitor;
use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge};
use std::time::Duration;

async fn add_demo_github(app: &App, forge: &FakeForge) -> TestResult {
    let base = forge.base_url(Provider::Github);
    let form = Form::new("github", "Demo GitHub", scenario::DEMO_GITHUB_TOKEN, &base);
    fill_add_form(app, &form).await?;
    save(app, "Demo GitHub").await
}

/// Calls a Tauri command from the page, as the UI would, and returns its answer.
pub(crate) async fn invoke(
    app: &App,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, TestError> {
    let script = "const done = arguments[arguments.length - 1];\
        window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])\
          .then(r => done({ ok: r === undefined ? null : r }), e => done({ err: e }));";
    let answer = app
        .client
        .execute_async(script, vec![cmd.into(), args])
        .await?;
    match answer.get("err") {
        Some(e) => Err(format!("{cmd} failed: {e}").into()),
        None => Ok(answer.get("ok").cloned().unwrap_or_default()),
    }
}

/// Runs one tray menu action through the tray's own handler.
async fn tray(app: &App, id: &str) -> TestResult {
    invoke(app, "tray_action", serde_json::json!({ "id": id }))
        .await
        .map(|_| ())
}

async fn refresh_from_tray_and_wait(app: &App, forge: &FakeForge) -> TestResult {
    forge.clear_requests();
    tray(app, "refresh").await?;
    let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
    while forge.requests().is_empty() {
        if tokio::time::Instant::now() > deadline {
            return Err("the tray's Refresh made no request".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Let the refresh finish (notifications are decided after the cache update).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ci_failing_on_my_pr_sends_a_desktop_notification() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let monitor = NotifyMonitor::start("notifications")?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("notifications", dir.path(), launch).await?;
    let result = async {
        add_demo_github(&app, &forge).await?;
        refresh_from_tray_and_wait(&app, &forge).await?;
        monitor.expect_none("CI failed", "the first sync of an account must not notify")?;
        let repo = scenario::demo_repo(Provider::Github);
        // The forge's title carries markup: it reaches `Notify` as plain text, escaped
        // for servers that render `body-markup` (no bold, link or image from a title).
        forge.update_pr(Provider::Github, repo, 1, |pr| {
            pr.checks = vec![("build".into(), CheckState::Failure)];
            pr.title = "Add <b>dark</b> mode <a href=https://evil.example/>x</a> & more".into();
        });
        refresh_from_tray_and_wait(&app, &forge).await?;
        monitor
            .wait_for(&[
                "string \"CI failed: Add &lt;b&gt;dark&lt;/b&gt; mode &lt;a href=https://evil.example/&gt;x&lt;/a&gt; &amp; more\"",
                "octo-org/ampel-demo#1 · CI failing: build",
            ])
            .await?;
        if monitor.text().contains("<b>dark</b>") || monitor.text().contains("<a href") {
            return Err(format!("markup reached Notify unescaped: {}", monitor.text()).into());
        }
        app.assert_secret_absent(scenario::DEMO_GITHUB_TOKEN).await
    }
    .await;
    monitor.stop().await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tray_menu_actions_run_through_the_tray_handler() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("tray", dir.path(), launch).await?;
    let result = async {
        let log = std::fs::read_to_string(&app.log)?;
        if log.contains("no tray icon") {
            return Err(format!("the tray was not created:\n{log}").into());
        }
        add_demo_github(&app, &forge).await?;
        refresh_from_tray_and_wait(&app, &forge).await?;

        tray(&app, "pause").await?;
        let settings = invoke(&app, "get_settings", serde_json::json!({})).await?;
        let paused = settings["notifications"]["pausedUntil"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if paused.is_empty() {
            return Err(format!("Pause did not set pausedUntil: {settings}").into());
        }
        tray(&app, "open").await?;
        if invoke(&app, "tray_action", serde_json::json!({ "id": "nonsense" }))
            .await
            .is_ok()
        {
            return Err("an unknown tray action was accepted".into());
        }
        app.screenshot("after-actions").await?;
        // Quit ends the app: the WebDriver session loses its window.
        let _ = tray(&app, "quit").await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        if app.client.title().await.is_ok() {
            return Err("the app still answers after Quit".into());
        }
        Ok(())
    }
    .await;
    let _ = app.finish(Ok(())).await;
    result
}

async fn choose(app: &App, select: &str, value: &str) -> TestResult {
    app.click(select).await?;
    app.click(&format!("{select} option[value=\"{value}\"]"))
        .await
}

async fn checked(app: &App, css: &str) -> Result<bool, TestError> {
    Ok(app.wait_for(css).await?.prop("checked").await?.as_deref() == Some("true"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_survive_a_relaunch_and_hold_no_token() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let app = App::launch_in("settings", dir.path(), Launch::default()).await?;
    let first = async {
        add_demo_github(&app, &forge).await?;
        app.click("[data-testid=nav-general]").await?;
        choose(&app, "[data-testid=setting-refresh-interval]", "300").await?;
        app.wait_for("[data-testid=settings-saved]").await?;
        choose(&app, "[data-testid=setting-ci-recheck]", "3600").await?;
        app.wait_for("[data-testid=settings-saved]").await?;
        if checked(&app, "[data-testid=setting-close-to-tray]").await? {
            app.click("[data-testid=setting-close-to-tray]").await?;
        }
        app.click("[data-testid=nav-notifications]").await?;
        app.click("[data-testid=setting-notify-conflict]").await?;
        app.wait_for("[data-testid=settings-saved]").await?;
        // The running refresh loop picked up the new interval at once.
        let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
        while !std::fs::read_to_string(&app.log)?.contains("refresh interval changed") {
            if tokio::time::Instant::now() > deadline {
                return Err("the refresh loop did not reschedule".into());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        Ok(())
    }
    .await;
    app.finish(first).await?;

    let file = std::fs::read_to_string(dir.path().join("settings.json"))?;
    if !file.contains("\"refreshIntervalSecs\": 300")
        && !file.contains("\"refreshIntervalSecs\":300")
    {
        return Err(format!("settings.json: {file}").into());
    }
    if !file.contains("\"ciRecheckSecs\": 3600") && !file.contains("\"ciRecheckSecs\":3600") {
        return Err(format!("settings.json: {file}").into());
    }
    if file.contains(scenario::DEMO_GITHUB_TOKEN) {
        return Err("the token is in settings.json".into());
    }

    let app = App::launch_in("settings", dir.path(), Launch::default()).await?;
    let second = async {
        app.click("[data-testid=nav-general]").await?;
        app.expect_prop("[data-testid=setting-refresh-interval]", "value", "300")
            .await?;
        app.expect_prop("[data-testid=setting-ci-recheck]", "value", "3600")
            .await?;
        if checked(&app, "[data-testid=setting-close-to-tray]").await? {
            return Err("close to tray came back on".into());
        }
        app.click("[data-testid=nav-notifications]").await?;
        if checked(&app, "[data-testid=setting-notify-conflict]").await? {
            return Err("the conflict switch came back on".into());
        }
        if !checked(&app, "[data-testid=setting-notify-ci-failed]").await? {
            return Err("an untouched switch changed".into());
        }
        Ok(())
    }
    .await;
    app.finish(second).await
}
