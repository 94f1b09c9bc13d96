//! Whose turn (issue 27) in the real window, on each forge over the fake forge: the
//! My turn view lists exactly the PRs waiting on me with their words; after the
//! forge pushes to a PR I approved, the next refresh moves it to My turn as a
//! re-review, sends one notification, and the tray's count follows.

use crate::flows::{add_demo_account, demo_forge};
use crate::harness::{eventually, refresh_and_wait, seen, App, Launch, TestError, TestResult};
use crate::notify_bus::NotifyMonitor;
use ampel_core::pr::ReviewVote;
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge, FakePr};
use serde_json::{json, Value};

const ME: &str = scenario::DEMO_LOGIN;
/// A PR of someone else's that I approved: not my turn until its author pushes.
const APPROVED: (u64, &str) = (7, "Cache the forge answers on disk");
/// My PR waiting on a reviewer.
const WAITING: (u64, &str) = (8, "Explain the traffic light in the README");

fn launch() -> Launch {
    Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    }
}

/// The demo scenario plus the two PRs above on `provider`.
fn add_prs(forge: &FakeForge, provider: Provider) {
    let repo = scenario::demo_repo(provider);
    forge.add_pr(
        FakePr::new(provider, repo, APPROVED.0, APPROVED.1, "dev-frank")
            .review(ME, ReviewVote::Approved),
    );
    forge.add_pr(
        FakePr::new(provider, repo, WAITING.0, WAITING.1, ME).request_review("reviewer-bob"),
    );
}

/// The rows of block `section`: (title, turn words) in list order.
const BLOCK: &str = "return Array.from(document.querySelectorAll(\
    `[data-testid=pr-row][data-section=${arguments[0]}]`)).map((r) => [\
    r.querySelector('[data-testid=pr-title]').textContent,\
    (r.querySelector('[data-testid=pr-turn]') || { textContent: '' }).textContent]);";

async fn block(app: &App, section: &str) -> Result<Vec<(String, String)>, TestError> {
    let v = app.client.execute(BLOCK, vec![json!(section)]).await?;
    let rows = v.as_array().cloned().unwrap_or_default();
    Ok(rows
        .iter()
        .map(|r| {
            let s = |i: usize| r.get(i).and_then(Value::as_str).unwrap_or("").to_string();
            (s(0), s(1))
        })
        .collect())
}

/// True when `seen` is `expected` in some order, each row's words starting with the
/// expected words (a time such as "3 h ago" may follow).
fn matches(seen: &[(String, String)], expected: &[(&str, &str)]) -> bool {
    seen.len() == expected.len()
        && expected
            .iter()
            .all(|(title, words)| seen.iter().any(|(t, w)| t == title && w.starts_with(words)))
}

/// Waits until block `section` holds exactly `expected` (title, words).
async fn expect_block(app: &App, section: &str, expected: &[(&str, &str)]) -> TestResult {
    let what = format!("block {section}: expected {expected:?}");
    eventually(&what, || async {
        let rows = block(app, section).await?;
        Ok(seen(matches(&rows, expected), rows))
    })
    .await
}

/// Waits until the app's last tray picture counts `n` PRs as my turn.
async fn expect_tray_count(app: &App, n: usize) -> TestResult {
    expect_tray_words(app, &[&format!("my_turn={n}")]).await
}

/// Waits until the app's last "tray shown" log line holds every one of `wanted`
/// (`my_turn=3`, `profile=Work`) as a word.
pub(crate) async fn expect_tray_words(app: &App, wanted: &[&str]) -> TestResult {
    eventually(
        &format!("the tray's last picture: expected {wanted:?}"),
        || async {
            let log = String::from_utf8_lossy(&std::fs::read(&app.log)?).into_owned();
            let last = log
                .lines()
                .rev()
                .find(|l| l.contains("tray shown"))
                .map(str::to_string);
            let shown = last
                .as_deref()
                .is_some_and(|l| wanted.iter().all(|w| l.split_whitespace().any(|x| x == *w)));
            Ok(seen(shown, last))
        },
    )
    .await
}

/// What My turn holds on every forge at first: the demo's PRs waiting on me.
fn first_turns() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "Add dark mode to the settings page",
            "reviewer-alice approved",
        ),
        ("Speed up the sync loop", "CI failed on your latest push"),
        (
            "Refactor the token vault",
            "dev-carol requested your review",
        ),
        (
            "Drop support for app passwords",
            "dev-dave requested your review",
        ),
    ]
}

async fn my_turn_on(provider: Provider, shots: bool) -> TestResult {
    let forge = demo_forge().await?;
    add_prs(&forge, provider);
    let name = format!("turn-{}", provider.as_str());
    let monitor = NotifyMonitor::start(&name)?;
    let dir = tempfile::tempdir()?;
    let app = App::launch_in(&name, dir.path(), launch()).await?;
    let result = async {
        add_demo_account(&app, &forge, provider).await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        app.wait_for("[data-testid=pr-row]").await?;
        let first = first_turns();
        expect_block(&app, "my_turn", &first).await?;
        expect_block(&app, "waiting", &[(WAITING.1, "waiting on reviewer-bob")]).await?;
        expect_tray_count(&app, first.len()).await?;

        // The author pushes to the PR I approved: a re-review, one notification.
        let repo = scenario::demo_repo(provider);
        if !forge.update_pr(provider, repo, APPROVED.0, |_| {}) {
            return Err("no PR to push to".into());
        }
        refresh_and_wait(&app).await?;
        let mut after = first.clone();
        after.push((APPROVED.1, "dev-frank pushed since your review"));
        expect_block(&app, "my_turn", &after).await?;
        expect_tray_count(&app, after.len()).await?;
        let title = format!("Re-review needed: {}", APPROVED.1);
        monitor.wait_for(&[&title]).await?;
        // One refresh more with nothing new: still one notification.
        refresh_and_wait(&app).await?;
        let told = monitor.text().matches(&format!("string \"{title}")).count();
        if told != 1 {
            return Err(format!("\"{title}\" was notified {told} times").into());
        }
        if shots {
            app.screenshot("my-turn-light").await?;
            crate::a11y::set_theme(&app, "dark").await?;
            app.click("[data-testid=nav-dashboard]").await?;
            expect_block(&app, "my_turn", &after).await?;
            app.screenshot("my-turn-dark").await?;
        }
        Ok(())
    }
    .await;
    let result = app.finish(result).await;
    monitor.stop().await;
    result.map_err(|e| format!("{}: {e}", provider.display_name()).into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_turn_on_github() -> TestResult {
    my_turn_on(Provider::Github, true).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_turn_on_gitlab() -> TestResult {
    my_turn_on(Provider::Gitlab, false).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_turn_on_bitbucket() -> TestResult {
    my_turn_on(Provider::Bitbucket, false).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_turn_on_gitea() -> TestResult {
    my_turn_on(Provider::Gitea, false).await
}
