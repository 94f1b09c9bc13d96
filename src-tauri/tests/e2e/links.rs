//! The link rule end to end: the fake forge sends `file:`, `javascript:`, another
//! host's https and http for PR links and `file:`, `smb:`, `vscode:` for check links;
//! neither a click in the window nor the tray's "open PR" items open any of them
//! (the stand-in `$BROWSER` records only the account's host), the rows still open
//! the PR through the account's host, and the hostile check links are not shown.

use crate::dash_controls::row_menu;
use crate::desktop::invoke;
use crate::flows::{add_demo_account, demo_forge};
use crate::harness::{refresh_and_wait, App, TestResult};
use crate::triage::{fake_browser, launch, opened};
use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakePr};
use std::time::Duration;

const GH: Provider = Provider::Github;

/// PR number, the PR link and the check link the forge sends for it.
const HOSTILE: [(u64, &str, &str); 4] = [
    (90, "file:///etc/passwd#x", "file:///etc/passwd#x"),
    (
        91,
        "javascript:alert(document.cookie)",
        "smb://evil.example/share",
    ),
    (
        92,
        "https://evil.example/octo-org/ampel-demo/pull/92",
        "vscode://file/etc/passwd",
    ),
    (
        93,
        "http://evil.example/octo-org/ampel-demo/pull/93",
        "data:text/html,<b>x</b>",
    ),
];

fn row(number: u64) -> String {
    format!(
        "[data-testid=pr-row][data-section=mine][data-pr-id$=\":{}#{number}\"]",
        scenario::demo_repo(GH)
    )
}

/// Scrolls `css` into view (the list is virtualised) and clicks it.
async fn click_in_view(app: &App, css: &str) -> TestResult {
    app.wait_for(css).await?;
    app.client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'}); return null;",
            vec![serde_json::Value::String(css.to_string())],
        )
        .await?;
    app.click(css).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_links_are_never_opened_by_a_click_or_the_tray() -> TestResult {
    let forge = demo_forge().await?;
    let repo = scenario::demo_repo(GH);
    for (n, pr_link, check_link) in HOSTILE {
        forge.add_pr(
            FakePr::new(
                GH,
                repo,
                n,
                &format!("Hostile links {n}"),
                scenario::DEMO_LOGIN,
            )
            .check("build", CheckState::Failure)
            .sends_url(pr_link)
            .sends_check_url(check_link),
        );
    }
    let own = |n: u64| format!("{}/{repo}/pull/{n}", forge.base_url(GH));
    let dir = tempfile::tempdir()?;
    let (browser, urls) = fake_browser(dir.path())?;
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data)?;
    let browser = browser.display().to_string();
    let app = App::launch_in("hostile-links", &data, launch(&[("BROWSER", &browser)])).await?;
    let result = async {
        add_demo_account(&app, &forge, GH).await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        for (n, _, _) in HOSTILE {
            // A click opens the PR through the account's host.
            click_in_view(&app, &format!("{} [data-testid=pr-ref]", row(n))).await?;
            opened(&urls, &own(n)).await?;
            // The detail panel shows the failing check without its hostile link.
            row_menu(&app, &row(n), "details").await?;
            app.wait_for(&format!(
                "[data-testid=detail-panel][data-pr-id$=\":{repo}#{n}\"]"
            ))
            .await?;
            app.expect_count("[data-testid=detail-check]", 1).await?;
            app.expect_count("[data-testid=detail-check-link]", 0)
                .await?;
        }
        // Every "open PR" item of the tray (red PRs first, so the hostile ones are there).
        let before = std::fs::read_to_string(&urls)
            .unwrap_or_default()
            .lines()
            .count();
        for i in 0..10 {
            invoke(
                &app,
                "tray_action",
                serde_json::json!({ "id": format!("pr:{i}") }),
            )
            .await?;
        }
        for (n, _, _) in HOSTILE {
            let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
            loop {
                let text = std::fs::read_to_string(&urls).unwrap_or_default();
                let from_tray = text.lines().skip(before).filter(|l| *l == own(n)).count();
                if from_tray >= 1 {
                    break;
                }
                if tokio::time::Instant::now() > deadline {
                    return Err(
                        format!("the tray did not open {}; opened: {text:?}", own(n)).into(),
                    );
                }
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
        }
        // Let any late opener call land, then: only the account's host was opened.
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let text = std::fs::read_to_string(&urls).unwrap_or_default();
        let host = format!("{}/", forge.base_url(GH));
        let foreign: Vec<&str> = text.lines().filter(|l| !l.starts_with(&host)).collect();
        if !foreign.is_empty() {
            return Err(format!("opened off the account's host: {foreign:?}").into());
        }
        Ok(())
    }
    .await;
    app.finish(result).await
}
