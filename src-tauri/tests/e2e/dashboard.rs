//! The dashboard in the real window against the fake forge's demo scenario: the
//! expected PRs per section with their colours and reasons on every forge, a PR
//! turning red after Refresh, and the cached rows with the offline banner; a GitLab
//! MR whose pipeline fails in a project without "Pipelines must succeed" turning
//! red and notifying.

use crate::dash_controls::filter_provider;
use crate::flows::{add_demo_account, demo_forge};
use crate::harness::{refresh_and_wait, App, Launch, TestError, TestResult};
use crate::notify_bus::NotifyMonitor;
use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::scenario;
use fantoccini::Locator;

/// The demo table (scenario.rs): section, title, light, a reason fragment.
const DEMO: [(&str, &str, &str, &str); 6] = [
    ("mine", "Add dark mode to the settings page", "green", ""),
    ("mine", "Speed up the sync loop", "red", "CI failing"),
    (
        "needs_my_review",
        "Refactor the token vault",
        "yellow",
        "checks running",
    ),
    (
        "needs_my_review",
        "Drop support for app passwords",
        "red",
        "changes requested",
    ),
    (
        "assigned_to_me",
        "Bump dependencies",
        "red",
        "merge conflict",
    ),
    ("mine", "WIP: notifications", "yellow", "draft"),
];

async fn text_content(row: &fantoccini::elements::Element, css: &str) -> Result<String, TestError> {
    let el = row.find(Locator::Css(css)).await?;
    Ok(el.prop("textContent").await?.unwrap_or_default())
}

/// The light and reasons of the row titled `title` in `section`, or the titles
/// that were there instead.
async fn row_state(
    app: &App,
    section: &str,
    title: &str,
) -> Result<Result<(String, String), Vec<String>>, TestError> {
    let css = format!("[data-testid=pr-row][data-section=\"{section}\"]");
    let mut seen = Vec::new();
    for row in app.client.find_all(Locator::Css(&css)).await? {
        // textContent: WebKit's rendered text of rows placed by the virtualizer is empty.
        let t = text_content(&row, "[data-testid=pr-title]").await?;
        if t.trim().starts_with(title) {
            let light = row.attr("data-light").await?.unwrap_or_default();
            let reasons = text_content(&row, "[data-testid=pr-reasons]").await?;
            return Ok(Ok((light, reasons)));
        }
        seen.push(t);
    }
    Ok(Err(seen))
}

async fn expect_row(
    app: &App,
    section: &str,
    title: &str,
    light: &str,
    reason: &str,
) -> TestResult {
    let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
    loop {
        let found = row_state(app, section, title).await?;
        if let Ok((l, r)) = &found {
            if l == light && r.contains(reason) {
                return Ok(());
            }
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!(
                "{section} / {title}: expected {light} with {reason:?}, found {found:?}"
            )
            .into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_prs_show_with_their_colours_then_turn_red_then_stay_offline() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("dashboard-demo", dir.path(), launch).await?;
    let result = async {
        for provider in Provider::ALL {
            add_demo_account(&app, &forge, provider).await?;
        }
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        for provider in Provider::ALL {
            filter_provider(&app, provider.as_str()).await?;
            for (section, title, light, reason) in DEMO {
                // Bitbucket pull requests have no assignees (forge-apis.md).
                if provider == Provider::Bitbucket && section == "assigned_to_me" {
                    continue;
                }
                expect_row(&app, section, title, light, reason)
                    .await
                    .map_err(|e| format!("{}: {e}", provider.display_name()))?;
            }
        }
        filter_provider(&app, "").await?;
        app.screenshot("demo").await?;

        // CI starts failing on GitHub #1; Refresh turns its row red.
        let repo = scenario::demo_repo(Provider::Github);
        if !forge.update_pr(Provider::Github, repo, 1, |pr| {
            pr.checks = vec![("build".into(), CheckState::Failure)]
        }) {
            return Err("no demo PR #1".into());
        }
        filter_provider(&app, "github").await?;
        refresh_and_wait(&app).await?;
        expect_row(
            &app,
            "mine",
            "Add dark mode to the settings page",
            "red",
            "CI failing: build",
        )
        .await?;
        app.screenshot("turned-red").await?;

        // The forge goes away: the cached rows stay, with the offline banner.
        drop(forge);
        refresh_and_wait(&app).await?;
        app.wait_for("[data-testid=offline-banner]").await?;
        expect_row(
            &app,
            "mine",
            "Add dark mode to the settings page",
            "red",
            "CI failing: build",
        )
        .await?;
        app.screenshot("offline").await?;
        for t in [
            scenario::DEMO_GITHUB_TOKEN,
            scenario::DEMO_GITLAB_TOKEN,
            scenario::DEMO_BITBUCKET_TOKEN,
            scenario::DEMO_GITEA_TOKEN,
        ] {
            app.assert_secret_absent(t).await?;
        }
        Ok(())
    }
    .await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repository_picked_in_the_watched_picker_fills_the_watched_section() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("watched-picker", dir.path(), launch).await?;
    let result = async {
        add_demo_account(&app, &forge, Provider::Gitea).await?;
        let repo = scenario::demo_repo(Provider::Gitea);
        let row = "[data-testid=account-row][data-account-name=\"Demo Gitea / Forgejo\"]";
        app.click(&format!("{row} [data-testid=account-watched]"))
            .await?;
        app.wait_for("[data-testid=watched-dialog]").await?;
        let option = format!("[data-testid=watched-repo-option][data-full-name=\"{repo}\"]");
        // The list settles (first page and the current watch list) before ticking.
        app.wait_for(&option).await?;
        app.expect_count("[data-testid=watched-loading]", 0).await?;
        let mut ticked = Err::<(), TestError>("not ticked".into());
        for _ in 0..3 {
            ticked = async {
                app.click(&option).await?;
                app.expect_prop("[data-testid=field-watched]", "value", repo)
                    .await
            }
            .await;
            if ticked.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        }
        ticked?;
        app.screenshot("picker").await?;
        app.click("[data-testid=watched-save]").await?;
        app.expect_count("[data-testid=watched-dialog]", 0).await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        // Every demo PR is in that repository, so the Watched section lists all six.
        expect_row(
            &app,
            "watched",
            "Bump dependencies",
            "red",
            "merge conflict",
        )
        .await?;
        expect_row(
            &app,
            "watched",
            "Add dark mode to the settings page",
            "green",
            "",
        )
        .await?;
        app.assert_secret_absent(scenario::DEMO_GITEA_TOKEN).await
    }
    .await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gitlab_pipeline_failing_without_pipelines_must_succeed_turns_red_and_notifies(
) -> TestResult {
    const TITLE: &str = "Add dark mode to the settings page";
    let gl = Provider::Gitlab;
    let forge = demo_forge().await?;
    let repo = scenario::demo_repo(gl);
    // The demo project keeps GitLab's default ("Pipelines must succeed" off), so its
    // merge status reads `mergeable` whatever MR 1's pipeline does.
    forge.set_pipelines_must_succeed(repo, false);
    let running = vec![
        ("build".to_string(), CheckState::Running),
        ("test".to_string(), CheckState::Success),
    ];
    if !forge.update_checks(gl, repo, 1, |pr| pr.checks = running) {
        return Err("no demo MR !1".into());
    }
    let dir = tempfile::tempdir()?;
    let monitor = NotifyMonitor::start("gitlab-relaxed")?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("dashboard-gitlab-relaxed", dir.path(), launch).await?;
    let result = async {
        add_demo_account(&app, &forge, gl).await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        expect_row(&app, "mine", TITLE, "yellow", "checks running").await?;
        monitor.expect_none("CI failed", "nothing failed yet")?;

        // The pipeline fails; as on GitLab, the MR itself (its `updated_at`, `sha`)
        // does not change.
        forge.update_checks(gl, repo, 1, |pr| {
            pr.checks = vec![
                ("build".into(), CheckState::Failure),
                ("test".into(), CheckState::Success),
            ]
        });
        refresh_and_wait(&app).await?;
        expect_row(&app, "mine", TITLE, "red", "CI failing: build").await?;
        monitor
            .wait_for(&[
                &format!("string \"CI failed: {TITLE}\""),
                &format!("{repo}#1 · CI failing: build"),
            ])
            .await?;
        app.screenshot("failed").await?;
        app.assert_secret_absent(scenario::DEMO_GITLAB_TOKEN).await
    }
    .await;
    monitor.stop().await;
    app.finish(result).await
}
