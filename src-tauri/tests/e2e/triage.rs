//! Triage in the real window over the fake forge's GitHub demo: snooze until it
//! changes (CI fails on the forge, a refresh brings it back with a notification on
//! the test bus), the detail panel's checks and reviewers with a check link opened
//! through a stand-in `$BROWSER`, keyboard shortcuts and `?`; pin across a sort
//! change and a restart; mute and unmute from Settings; a snooze for an hour that
//! returns when the app's clock (AMPEL_CLOCK_SHIFT_SECS) has passed it.

use crate::dash_controls::row_menu;
use crate::flows::{add_demo_account, demo_forge};
use crate::harness::{refresh_and_wait, App, Launch, TestError, TestResult};
use crate::notify_bus::NotifyMonitor;
use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::scenario;
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

const GH: Provider = Provider::Github;

fn repo() -> &'static str {
    scenario::demo_repo(GH)
}

/// The row of demo PR `number` in `section`.
fn row(section: &str, number: u64) -> String {
    format!(
        "[data-testid=pr-row][data-section={section}][data-pr-id$=\":{}#{number}\"]",
        repo()
    )
}

fn key(n: u64) -> Value {
    json!(format!("{}#{n}", repo()))
}

/// Sends keys to the focused element one at a time, at a person's pace (WebDriver's
/// burst of events can outrun the list's re-render between two keys).
async fn press(app: &App, keys: &str) -> TestResult {
    for key in keys.chars() {
        app.client
            .active_element()
            .await?
            .send_keys(&key.to_string())
            .await?;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    Ok(())
}

/// Opens the detail panel of a row with Details in its More actions menu (which selects and focuses it).
async fn details(app: &App, section: &str, number: u64) -> TestResult {
    row_menu(app, &row(section, number), "details").await?;
    app.expect_attr(
        "[data-testid=detail-panel]",
        "data-pr-id",
        &format!("{}:{}#{number}", account_id(app).await?, repo()),
    )
    .await
}

async fn account_id(app: &App) -> Result<String, TestError> {
    let v = app
        .client
        .execute(
            "const r = document.querySelector('[data-testid=pr-row]'); \
             return r ? r.dataset.prId.split(':')[0] : null;",
            vec![],
        )
        .await?;
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| "no row on the dashboard".into())
}

/// A stand-in browser that writes each URL it is asked to open to a file.
pub(crate) fn fake_browser(dir: &Path) -> Result<(PathBuf, PathBuf), TestError> {
    use std::os::unix::fs::PermissionsExt;
    let opened = dir.join("opened-urls.txt");
    let script = dir.join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n",
            opened.display()
        ),
    )?;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755))?;
    Ok((script, opened))
}

pub(crate) async fn opened(file: &Path, wanted: &str) -> TestResult {
    let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if text.lines().any(|l| l == wanted) {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("{wanted} was not opened; opened: {text:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

pub(crate) fn launch(extra: &[(&str, &str)]) -> Launch {
    let mut env = vec![("AMPEL_REFRESH_SECS".to_string(), "3600".to_string())];
    env.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string())),
    );
    Launch { env }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triage_snooze_until_change_detail_panel_and_keyboard() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let (browser, urls) = fake_browser(dir.path())?;
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data)?;
    let monitor = NotifyMonitor::start("triage-change")?;
    let browser = browser.display().to_string();
    let app = App::launch_in("triage-change", &data, launch(&[("BROWSER", &browser)])).await?;
    let result = async {
        add_demo_account(&app, &forge, GH).await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        app.wait_for(&row("mine", 1)).await?;

        // The detail panel of #1: its checks (none failing), its reviewer, its branches;
        // a check's link opens the forge's page.
        details(&app, "mine", 1).await?;
        app.expect_count("[data-testid=detail-check]", 2).await?;
        app.expect_script(
            "return [...document.querySelectorAll('[data-testid=detail-check]')].map(c => c.textContent);",
            json!([
                "build: success · build on the forge",
                "test: success · test on the forge"
            ]),
        )
        .await?;
        app.expect_script(
            "return [...document.querySelectorAll('[data-testid=detail-reviewer]')].map(c => c.textContent);",
            json!(["reviewer-alice: approved"]),
        )
        .await?;
        app.expect_contains("[data-testid=detail-branches]", "change-1 → main")
            .await?;
        app.click("[data-testid=detail-check-link]").await?;
        opened(
            &urls,
            &format!(
                "https://github.example.com/{}/pull/1/checks?name=build",
                repo()
            ),
        )
        .await?;
        // #2's failing check comes first.
        details(&app, "mine", 2).await?;
        app.expect_script(
            "return [...document.querySelectorAll('[data-testid=detail-check]')].map(c => c.dataset.state);",
            json!(["failure", "success"]),
        )
        .await?;
        app.screenshot("detail").await?;

        // The keyboard: j / k move the selection, Space hides and shows the panel.
        details(&app, "mine", 1).await?;
        // Mine lists #1, #2, #6, newest first.
        press(&app, "j").await?;
        app.expect_attr(&row("mine", 2), "data-selected", "true").await?;
        press(&app, "k").await?;
        app.expect_attr(&row("mine", 1), "data-selected", "true").await?;
        press(&app, " ").await?;
        app.expect_count("[data-testid=detail-panel]", 0).await?;
        press(&app, " ").await?;
        app.wait_for("[data-testid=detail-panel]").await?;

        // s: snooze #1 until it changes; it leaves Mine for Snoozed.
        press(&app, "s").await?;
        app.wait_for("[data-testid=snooze-dialog]").await?;
        app.click("[data-testid=snooze-until_change]").await?;
        app.expect_count("[data-testid=snooze-dialog]", 0).await?;
        app.expect_count(&row("mine", 1), 0).await?;
        app.expect_contains(
            &format!("{} [data-testid=pr-snoozed]", row("snoozed", 1)),
            "until it changes",
        )
        .await?;
        app.screenshot("snoozed").await?;

        // A refresh with nothing changed keeps it snoozed.
        refresh_and_wait(&app).await?;
        app.wait_for(&row("snoozed", 1)).await?;
        monitor.expect_none("Back from snooze", "nothing changed yet")?;

        // CI fails on the forge (same commit): the refresh brings it back, red, and says so.
        forge.rerun_checks(GH, repo(), 1, &[("build", CheckState::Failure)]);
        refresh_and_wait(&app).await?;
        app.expect_attr(&row("mine", 1), "data-light", "red").await?;
        app.expect_count("[data-section=snoozed]", 0).await?;
        monitor
            .wait_for(&[
                "string \"Back from snooze: Add dark mode to the settings page\"",
                &format!("{}#1 · CI finished", repo()),
            ])
            .await?;

        // ? lists every shortcut; Escape closes it.
        press(&app, "?").await?;
        app.wait_for("[data-testid=shortcuts-dialog]").await?;
        app.expect_count("[data-testid=shortcut]", 14).await?;
        app.expect_script(
            "return document.querySelector('[data-testid=shortcuts-table]').textContent.includes('g then n');",
            json!(true),
        )
        .await?;
        press(&app, &Key::Escape.to_string()).await?;
        app.expect_count("[data-testid=shortcuts-dialog]", 0).await?;

        // / focuses the filter; letters typed there are text, not shortcuts.
        app.wait_for(&row("mine", 1)).await?;
        details(&app, "mine", 1).await?;
        press(&app, "/").await?;
        app.expect_script(
            "return document.activeElement.dataset.testid;",
            json!("filter-text"),
        )
        .await?;
        press(&app, "pin").await?;
        app.expect_prop("[data-testid=filter-text]", "value", "pin").await?;
        app.expect_count("[data-testid=pr-pinned]", 0).await?;
        app.assert_secret_absent(scenario::DEMO_GITHUB_TOKEN).await
    }
    .await;
    monitor.stop().await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn triage_pin_mute_and_a_timed_snooze_across_restarts() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let app = App::launch_in("triage-pin", dir.path(), launch(&[])).await?;
    let result = async {
        add_demo_account(&app, &forge, GH).await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        app.wait_for(&row("mine", 6)).await?;

        // p pins #6 (a yellow draft): first in Mine by age and by colour.
        details(&app, "mine", 6).await?;
        press(&app, "p").await?;
        app.wait_for(&format!("{} [data-testid=pr-pinned]", row("mine", 6)))
            .await?;
        app.expect_script(
            "return document.querySelector('[data-testid=pr-row][data-section=mine]').dataset.prId.split(':').pop();",
            key(6),
        )
        .await?;
        crate::dash_controls::open_filters(&app).await?;
        app.wait_for("[data-testid=sort]")
            .await?
            .select_by_value("colour")
            .await?;
        app.expect_script(
            "return document.querySelector('[data-testid=pr-row][data-section=mine]').dataset.prId.split(':').pop();",
            key(6),
        )
        .await?;
        // Snooze #2 for an hour with the detail panel's button.
        details(&app, "mine", 2).await?;
        app.click("[data-testid=detail-snooze]").await?;
        app.click("[data-testid=snooze-one_hour]").await?;
        app.expect_contains(
            &format!("{} [data-testid=pr-snoozed]", row("snoozed", 2)),
            "wakes in",
        )
        .await?;
        Ok::<(), TestError>(())
    }
    .await;
    app.finish(result).await?;

    // Restart: the pin is still there; an hour later (the app's clock moved) #2 is back
    // and the refresh at start says so.
    let monitor = NotifyMonitor::start("triage-pin")?;
    // The same name: the same keyring service, so the token still decrypts.
    let app = App::launch_in(
        "triage-pin",
        dir.path(),
        launch(&[(ampel_core::triage::CLOCK_SHIFT_ENV, "3700")]),
    )
    .await?;
    let result = async {
        app.wait_for(&format!("{} [data-testid=pr-pinned]", row("mine", 6)))
            .await?;
        app.expect_script(
            "return document.querySelector('[data-testid=pr-row][data-section=mine]').dataset.prId.split(':').pop();",
            key(6),
        )
        .await?;
        app.wait_for(&row("mine", 2)).await?;
        app.expect_count("[data-section=snoozed]", 0).await?;
        monitor
            .wait_for(&[
                "string \"Back from snooze: Speed up the sync loop\"",
                &format!("{}#2 · snooze ended", repo()),
            ])
            .await?;

        // m mutes the repository: its PRs leave every section (none is watched).
        details(&app, "mine", 6).await?;
        press(&app, "m").await?;
        app.expect_count("[data-testid=pr-row]", 0).await?;
        for light in ["red", "yellow", "green"] {
            app.expect_text(&format!("[data-testid=count-{light}]"), "0").await?;
        }
        // Settings > Notifications lists it; Unmute brings the PRs back.
        app.click("[data-testid=nav-notifications]").await?;
        app.expect_contains("[data-testid=muted-repo]", repo()).await?;
        app.click("[data-testid=unmute]").await?;
        app.wait_for("[data-testid=muted-none]").await?;
        app.click("[data-testid=nav-dashboard]").await?;
        app.wait_for(&row("mine", 6)).await?;
        app.wait_for(&row("needs_my_review", 3)).await?;
        Ok(())
    }
    .await;
    monitor.stop().await;
    app.finish(result).await
}
