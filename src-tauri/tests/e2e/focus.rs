//! Focus (issue 29) in the real window over the fake forge: a bots rule added on the
//! Focus page hides the forge's bot PRs from the sections, the counts and the tray,
//! and each section's "Hidden by rules" line shows them with the rule; a Work profile
//! picked from the tray menu changes the tray's count at once, and then only the
//! work account's changes notify.

use crate::desktop::invoke;
use crate::flows::{add_demo_account, demo_forge};
use crate::harness::{refresh_and_wait, App, Launch, TestResult};
use crate::notify_bus::NotifyMonitor;
use crate::turn::expect_tray_words;
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakePr};

const ME: &str = scenario::DEMO_LOGIN;
const GH: Provider = Provider::Github;
const GT: Provider = Provider::Gitea;

/// How many PRs the tray counts as my turn at first: the demo's four on each of the
/// two forges, plus the bot's review request on GitHub.
const FIRST_TURN: usize = 9;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_hide_bots_and_a_profile_from_the_tray_decides_what_notifies() -> TestResult {
    let forge = demo_forge().await?;
    forge.add_pr(
        FakePr::new(
            GH,
            scenario::demo_repo(GH),
            31,
            "Bump serde from 1.0.1 to 1.0.2",
            "dependabot[bot]",
        )
        .request_review(ME),
    );
    let dir = tempfile::tempdir()?;
    let monitor = NotifyMonitor::start("focus")?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("focus", dir.path(), launch).await?;
    let result = async {
        for p in [GH, GT] {
            add_demo_account(&app, &forge, p).await?;
        }
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        let bot = format!(
            "[data-testid=pr-row][data-pr-id$=\":{}#31\"]",
            scenario::demo_repo(GH)
        );
        app.wait_for(&bot).await?;
        expect_tray_words(&app, &[&format!("my_turn={FIRST_TURN}")]).await?;

        // The bots rule, from Settings > Focus.
        app.click("[data-testid=nav-focus]").await?;
        app.wait_for("[data-testid=rules-none]").await?;
        app.click("[data-testid=rule-add]").await?;
        app.expect_contains("[data-testid=rule]", "bots").await?;
        expect_tray_words(&app, &[&format!("my_turn={}", FIRST_TURN - 1)]).await?;

        // Out of every section and count; the Hidden by rules line shows it.
        app.click("[data-testid=nav-dashboard]").await?;
        app.expect_count(&bot, 0).await?;
        let line = "[data-testid=hidden-toggle][data-section=needs_my_review]";
        app.expect_contains(line, "Hidden by rules (1)").await?;
        app.click(line).await?;
        // The opened rows come right below the line: bring them into the virtual list's view.
        app.client
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({block: 'start'}); return null;",
                vec![serde_json::Value::String(line.to_string())],
            )
            .await?;
        app.expect_contains(
            &format!("{bot} [data-testid=pr-hidden-by]"),
            "hidden by bots",
        )
        .await?;
        app.screenshot("hidden-by-rules").await?;

        // A Work profile with the GitHub account, picked from the tray menu.
        app.click("[data-testid=nav-focus]").await?;
        app.fill("[data-testid=profile-name]", "Work").await?;
        let github = app
            .client
            .execute(
                "return Array.from(document.querySelectorAll('[data-testid=profile-account]'))\
                   .find((b) => b.parentElement.textContent.includes('GitHub')).dataset.account;",
                vec![],
            )
            .await?;
        let id = github.as_str().unwrap_or_default().to_string();
        app.click(&format!(
            "[data-testid=profile-account][data-account=\"{id}\"]"
        ))
        .await?;
        app.click("[data-testid=profile-scheduled]").await?;
        app.click("[data-testid=profile-save]").await?;
        app.expect_contains("[data-testid=profile]", "picked by hand only")
            .await?;
        invoke(
            &app,
            "tray_action",
            serde_json::json!({ "id": "profile:0" }),
        )
        .await?;
        // GitHub's four of the demo: Gitea's leave the count at once.
        expect_tray_words(&app, &["my_turn=4", "profile=\"Work\""]).await?;
        app.screenshot("focus-page").await?;

        // New review requests on both forges: only GitHub's notifies.
        forge.add_pr(
            FakePr::new(
                GH,
                scenario::demo_repo(GH),
                32,
                "Work: add the audit log",
                "dev-carol",
            )
            .request_review(ME),
        );
        forge.add_pr(
            FakePr::new(
                GT,
                scenario::demo_repo(GT),
                33,
                "Home: fix the bike rack",
                "dev-carol",
            )
            .request_review(ME),
        );
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        monitor
            .wait_for(&["Review requested: Work: add the audit log"])
            .await?;
        monitor.expect_none(
            "Review requested: Home: fix the bike rack",
            "Gitea is outside the Work profile",
        )?;
        expect_tray_words(&app, &["my_turn=5", "profile=\"Work\""]).await?;

        // Back to all accounts from the tray: Gitea counts again.
        invoke(
            &app,
            "tray_action",
            serde_json::json!({ "id": "profile:all" }),
        )
        .await?;
        expect_tray_words(&app, &["my_turn=10", "profile=\"all\""]).await?;
        Ok(())
    }
    .await;
    monitor.stop().await;
    app.finish(result).await
}
