//! Benchmark in the real WebKitGTK window (run under scripts/test-session.sh
//! --display; prints figures, asserts nothing): 5,000 pull requests synced from
//! the fake forge (five GitHub accounts of 1,000 — GitHub search stops at 1,000),
//! the dashboard's first render with them, and 168 filter keystrokes (a session of
//! 56, typing and deleting, once per sort order; real key events through WebDriver)
//! timed by the page from each input event to the list committed and to the
//! animation frame that paints it, against the frame cost of the same window with
//! nothing to update, taken in the same run.
//! `BENCH_DETAIL=1` also prints each keystroke's figures in order.

#[allow(dead_code)]
#[path = "../tests/e2e/dash_controls.rs"]
mod dash_controls;
#[allow(dead_code)]
#[path = "../tests/e2e/flows.rs"]
mod flows;
#[allow(dead_code)]
#[path = "../tests/e2e/harness.rs"]
mod harness;
#[allow(dead_code)]
#[path = "../tests/e2e/x11grab.rs"]
mod x11grab;

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

/// p50, p95 and max.
fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    if v.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    (at(0.5), at(0.95), v[v.len() - 1])
}

fn line(what: &str, v: Vec<f64>) -> String {
    let n = v.len();
    let (p50, p95, max) = stats(v);
    format!("{what}: p50 {p50:.1} ms · p95 {p95:.1} ms · max {max:.1} ms ({n} samples)")
}

const BACKSPACE: &str = "\u{E003}";

/// The session is typed once per sort order; a new order starts the filter's caches afresh.
const SORTS: [&str; 3] = ["age", "colour", "repo"];

/// Each character of an ASCII text as one key.
fn typed(text: &'static str, keys: &mut Vec<&'static str>) {
    keys.extend((0..text.len()).map(|i| &text[i..=i]));
}

/// A filter session as people type it: words typed, corrected and deleted again.
fn keystrokes() -> Vec<&'static str> {
    let mut keys = Vec::new();
    typed("widget", &mut keys);
    keys.extend([BACKSPACE; 6]);
    typed("repo-17", &mut keys);
    keys.extend([BACKSPACE; 2]);
    typed("23", &mut keys);
    keys.extend([BACKSPACE; 7]);
    typed("number 42", &mut keys);
    keys.extend([BACKSPACE; 2]);
    typed("7", &mut keys);
    keys.extend([BACKSPACE; 8]);
    typed("#31", &mut keys);
    keys.extend([BACKSPACE; 3]);
    keys
}

/// Resolves once the page holds more than `n` marks named `name` (or after 5 s).
const WAIT_FOR_MARK: &str = r#"
const [name, n, done] = arguments;
const deadline = performance.now() + 5000;
const check = () => {
  const count = (window.__AMPEL_PERF__ || []).filter((m) => m.name === name).length;
  if (count > n || performance.now() > deadline) done(count); else setTimeout(check, 5);
};
check();
"#;

/// The reference: from a moment in a task to the next animation frame, with
/// nothing to update (what any keystroke costs at least in this window).
const EMPTY_FRAMES: &str = r#"
const [samples, done] = arguments;
const out = [];
const one = () => {
  const start = performance.now();
  requestAnimationFrame(() => {
    out.push(performance.now() - start);
    if (out.length >= samples) done(out); else setTimeout(one, 60);
  });
};
one();
"#;

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
        let perf = app.client.execute("return window.__AMPEL_PERF__ || []", vec![]).await?;
        let render = marks(&perf, "dashboard-first-render");
        app.client.execute("window.__AMPEL_PERF__ = []", vec![]).await?;
        let keys = keystrokes();
        let mut typed = 0;
        for sort in SORTS {
            // A new order: the filter's remembered results start afresh, as on a new session.
            // The sort select is in the Filters popover: open it, choose, close it.
            dash_controls::open_filters(&app).await?;
            app.client
                .find(Locator::Css("[data-testid=sort]"))
                .await?
                .select_by_value(sort)
                .await?;
            app.click("[data-testid=filters-button]").await?;
            app.expect_count("[data-testid=filters-popover]", 0).await?;
            // The user reads the list a moment before typing.
            tokio::time::sleep(Duration::from_millis(500)).await;
            for key in &keys {
                filter.send_keys(key).await?;
                let seen = app
                    .client
                    .execute_async(WAIT_FOR_MARK, vec!["filter-paint".into(), typed.into()])
                    .await?;
                typed += 1;
                if seen.as_u64() != Some(typed as u64) {
                    return Err(format!("keystroke {typed} ({key:?}, {sort}): {seen} paint marks").into());
                }
                // About the pace of typing.
                tokio::time::sleep(Duration::from_millis(120)).await;
            }
        }
        let reference = app
            .client
            .execute_async(EMPTY_FRAMES, vec![typed.into()])
            .await?;
        let reference: Vec<f64> = reference
            .as_array()
            .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default();
        let shown = app.client.find(Locator::Css("[data-testid=shown-count]")).await?.text().await?;
        let perf = app.client.execute("return window.__AMPEL_PERF__ || []", vec![]).await?;
        let paint = marks(&perf, "filter-paint");
        if std::env::var_os("BENCH_DETAIL").is_some() {
            for name in ["filter-compute", "filter-apply", "filter-paint"] {
                println!("{name}: {:?}", marks(&perf, name));
            }
            println!("keys (each sort in turn): {:?}", keystrokes());
        }
        let (_, paint95, _) = stats(paint.clone());
        let (_, empty95, _) = stats(reference.clone());
        println!("dashboard with {PRS} pull requests in WebKitGTK (debug build of the shell, release UI):");
        println!("  first render with data: {:.1} ms", render.last().copied().unwrap_or(f64::NAN));
        println!(
            "  {typed} filter keystrokes (typing and deleting; {} per sort order: {}), from the input event:",
            keys.len(),
            SORTS.join(", ")
        );
        println!("    {}", line("to the list committed", marks(&perf, "filter-apply")));
        println!("    {}", line("to the frame that paints it", paint));
        println!("    {}", line("filtering alone", marks(&perf, "filter-compute")));
        println!("    {}", line("reference, an empty frame in the same window", reference));
        println!(
            "    p95 to the painted frame: {paint95:.1} ms, goal 16 ms (ratio {:.2}), {:.2} × the empty frame's p95",
            paint95 / 16.0,
            paint95 / empty95
        );
        println!("  shown after the last keystroke: {shown}");
        Ok::<(), TestError>(())
    }
    .await;
    app.finish(result).await
}
