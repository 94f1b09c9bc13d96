//! Benchmark in the real WebKitGTK window (run under scripts/test-session.sh
//! --display; prints figures, asserts nothing): 5,000 pull requests synced from
//! the fake forge (five GitHub accounts of 1,000 — GitHub search stops at 1,000),
//! the dashboard's first render with them, and the time from a filter keystroke to
//! the updated list, as the page's own marks report them.

#[allow(dead_code)]
#[path = "../tests/e2e/flows.rs"]
mod flows;
#[allow(dead_code)]
#[path = "../tests/e2e/harness.rs"]
mod harness;

use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use fantoccini::Locator;
use harness::{App, Launch, TestError};
use std::time::Duration;

const ACCOUNTS: u64 = 5;
const PER_ACCOUNT: u64 = 1_000;
const PRS: u64 = ACCOUNTS * PER_ACCOUNT;

fn marks(v: &serde_json::Value, name: &str) -> Vec<f64> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter(|m| m["name"] == name)
                .filter_map(|m| m["ms"].as_f64())
                .collect()
        })
        .unwrap_or_default()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() -> Result<(), TestError> {
    let forge = FakeForge::start().await?;
    let mut tokens = Vec::new();
    for a in 0..ACCOUNTS {
        let login = format!("bench-user-{a}");
        let token = format!("ghp_benchDashboard{a:022}");
        forge.add_token(FakeToken::github_classic(
            &token,
            &login,
            &["repo", "read:org", "read:user"],
        ));
        for n in 1..=PER_ACCOUNT {
            let number = a * PER_ACCOUNT + n;
            let state = if number % 9 == 0 {
                CheckState::Failure
            } else {
                CheckState::Success
            };
            let title = format!("Change number {number} to the widget pipeline");
            let repo = format!("octo-org/repo-{}", number % 40);
            forge.add_pr(
                FakePr::new(Provider::Github, &repo, number, &title, &login).check("build", state),
            );
        }
        tokens.push(token);
    }
    let dir = tempfile::tempdir()?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("bench-dashboard", dir.path(), launch).await?;
    let base = forge.base_url(Provider::Github);
    let result = async {
        for (a, token) in tokens.iter().enumerate() {
            let name = format!("Bench {a}");
            flows::fill_add_form(&app, &flows::Form::new("github", &name, token, &base)).await?;
            flows::save(&app, &name).await?;
        }
        app.click("[data-testid=nav-dashboard]").await?;
        app.click("[data-testid=refresh]").await?;
        harness::eventually_enabled(&app, "[data-testid=refresh]").await?;
        app.expect_contains("[data-testid=shown-count]", &PRS.to_string()).await?;
        // Reload: the first render then comes straight from the 5,000 cached rows.
        app.client.refresh().await?;
        app.click("[data-testid=nav-dashboard]").await?;
        app.expect_contains("[data-testid=shown-count]", &PRS.to_string()).await?;
        let filter = app.wait_for("[data-testid=filter-text]").await?;
        for key in ["4", "2", "7"] {
            filter.send_keys(key).await?;
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
        let shown = app.client.find(Locator::Css("[data-testid=shown-count]")).await?.text().await?;
        let perf = app.client.execute("return window.__AMPEL_PERF__ || []", vec![]).await?;
        let render = marks(&perf, "dashboard-first-render");
        let apply = marks(&perf, "filter-apply");
        let compute = marks(&perf, "filter-compute");
        println!("dashboard with {PRS} pull requests in WebKitGTK (debug build of the shell, release UI):");
        println!("  first render with data: {:.1} ms", render.last().copied().unwrap_or(f64::NAN));
        println!(
            "  filter keystroke → updated list: median {:.1} ms over {} keystrokes (goal 16 ms, ratio {:.2})",
            median(apply.clone()),
            apply.len(),
            median(apply) / 16.0
        );
        println!("  filtering alone: median {:.2} ms; after typing \"427\": {shown}", median(compute));
        Ok::<(), TestError>(())
    }
    .await;
    app.finish(result).await
}
