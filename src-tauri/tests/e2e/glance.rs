//! Issue 31's "glanceable" promise, measured from the DOM at the window's default
//! size: a dozen rows with one account, ten offline with six accounts, and with
//! the detail panel open every visible title showing 40 characters or all of it.

use crate::dash_controls::row_menu;
use crate::flows::{add_demo_account, demo_forge, fill_add_form, save, Form};
use crate::harness::{refresh_and_wait, App, Launch, TestError, TestResult};
use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakePr, FakeToken};
use serde_json::Value;

/// The window's size in tauri.conf.json (a fresh data folder: no remembered size).
const DEFAULT_SIZE: (i64, i64) = (1100, 720);

/// Long titles as real pull requests have them (over 40 characters, some far over).
const TITLES: [&str; 6] = [
    "Retry the GitLab pipelines request when the forge answers 502 Bad Gateway",
    "Show the rate-limit reset time on the account chip instead of a bare count",
    "Move the keyring key check into the vault so the CLI and the shell share it",
    "Fix the tray icon staying grey after the first successful refresh on login",
    "Document the Bitbucket workspace permissions a read-only API token needs",
    "Render Markdown in comments sent from the Actions dialog exactly as typed",
];

fn app_launch() -> Launch {
    Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    }
}

/// The window's inner size and the rows lying wholly inside the list's viewport.
const ROWS_VISIBLE: &str =
    "const list = document.querySelector('[data-testid=pr-list]').getBoundingClientRect();\
    const rows = Array.from(document.querySelectorAll('[data-testid=pr-row]')).filter((r) => {\
      const b = r.getBoundingClientRect();\
      return b.height > 0 && b.top >= list.top - 0.5 && b.bottom <= list.bottom + 0.5; });\
    return { width: window.innerWidth, height: window.innerHeight, rows: rows.length,\
      listTop: Math.round(list.top), listHeight: Math.round(list.height) };";

/// For every title of a row wholly in the list's viewport: its length and how many of
/// its characters are drawn. WebKit lays out a text cut by `text-overflow` only up to
/// the ellipsis, so the widths come from a canvas in the title's own font: the room is
/// from the title's left to its line's right edge (or the detail panel's left, where
/// it lies over the row); a title that overflows its line shows the longest start
/// that fits beside the ellipsis.
const TITLES_SHOWN: &str = "const list = document.querySelector('[data-testid=pr-list]').getBoundingClientRect();\
    const panel = document.querySelector('[data-testid=detail-panel]');\
    const p = panel ? panel.getBoundingClientRect() : null;\
    const ctx = document.createElement('canvas').getContext('2d');\
    return Array.from(document.querySelectorAll('[data-testid=pr-title]')).flatMap((a) => {\
      const row = a.closest('[data-testid=pr-row]').getBoundingClientRect();\
      if (row.height === 0 || row.top < list.top - 0.5 || row.bottom > list.bottom + 0.5) return [];\
      const text = a.textContent; const line = a.parentElement;\
      const box = line.getBoundingClientRect();\
      let right = box.left + line.clientWidth;\
      if (p && p.left < right && p.right > box.left && p.top < row.bottom && p.bottom > row.top) right = Math.min(right, p.left);\
      const s = getComputedStyle(a);\
      ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;\
      const room = right - a.getBoundingClientRect().left;\
      const overflows = line.scrollWidth > line.clientWidth + 0.5 || ctx.measureText(text).width > room + 0.5;\
      if (!overflows) return [{ text, length: text.length, shown: text.length, room: Math.round(room) }];\
      const limit = room - ctx.measureText('…').width;\
      let shown = 0;\
      while (shown < text.length && ctx.measureText(text.slice(0, shown + 1)).width <= limit) shown += 1;\
      return [{ text, length: text.length, shown, room: Math.round(room) }]; });";

/// Runs ROWS_VISIBLE once the list has settled, checking the window is at its default size.
async fn rows_visible(app: &App) -> Result<i64, TestError> {
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let seen = app.client.execute(ROWS_VISIBLE, Vec::new()).await?;
    let num = |k: &str| seen.get(k).and_then(Value::as_i64).unwrap_or(-1);
    if (num("width"), num("height")) != DEFAULT_SIZE {
        return Err(format!("the window is not at its default size: {seen}").into());
    }
    eprintln!("glance: {seen}");
    Ok(num("rows"))
}

/// The fewest characters any visible title shows, after checking each shows 40 or all.
async fn titles_shown(app: &App) -> Result<i64, TestError> {
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let titles = app.client.execute(TITLES_SHOWN, Vec::new()).await?;
    let titles = titles.as_array().cloned().unwrap_or_default();
    if titles.len() < 10 {
        return Err(format!("only {} titles visible with the panel open", titles.len()).into());
    }
    let mut least = i64::MAX;
    for t in &titles {
        let (length, shown) = (
            t.get("length").and_then(Value::as_i64).unwrap_or(0),
            t.get("shown").and_then(Value::as_i64).unwrap_or(0),
        );
        if shown < length.min(40) {
            return Err(format!("a title shows {shown} of {length} characters: {t}").into());
        }
        least = least.min(shown);
    }
    let cut: Vec<&Value> = titles
        .iter()
        .filter(|t| t.get("shown") != t.get("length"))
        .collect();
    let least_cut = cut
        .iter()
        .filter_map(|t| t.get("shown").and_then(Value::as_i64))
        .min();
    eprintln!(
        "glance: {} titles visible with the panel open, {} cut (fewest characters of a cut one: {least_cut:?}), fewest characters shown {least}",
        titles.len(),
        cut.len()
    );
    Ok(least)
}

/// One GitHub account with 24 pull requests, most with long titles; with `density`
/// set in Settings > General first (None: the default), expects `min_rows` rows
/// visible and, with the detail panel open, 40 characters or all of each title.
async fn one_account(name: &str, density: Option<&str>, min_rows: i64) -> TestResult {
    let forge = demo_forge().await?;
    let gh = Provider::Github;
    let repo = scenario::demo_repo(gh);
    for (i, title) in TITLES.iter().cycle().take(18).enumerate() {
        let number = 100 + i as u64;
        forge.add_pr(
            FakePr::new(gh, repo, number, title, scenario::DEMO_LOGIN)
                .check("build", CheckState::Success),
        );
    }
    let dir = tempfile::tempdir()?;
    let app = App::launch_in(name, dir.path(), app_launch()).await?;
    let result = async {
        add_demo_account(&app, &forge, gh).await?;
        if let Some(density) = density {
            app.click("[data-testid=nav-general]").await?;
            app.wait_for("[data-testid=setting-density]")
                .await?
                .select_by_value(density)
                .await?;
        }
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        if let Some(density) = density {
            app.expect_attr("[data-testid=dashboard]", "data-density", density)
                .await?;
        }
        app.expect_count("[data-testid=account-chip]", 0).await?;
        let rows = rows_visible(&app).await?;
        app.screenshot("list").await?;
        if rows < min_rows {
            return Err(format!(
                "{rows} rows visible with one account, expected {min_rows} or more"
            )
            .into());
        }
        let first = "[data-testid=pr-row][data-section=mine]";
        row_menu(&app, first, "details").await?;
        app.wait_for("[data-testid=detail-panel]").await?;
        titles_shown(&app).await?;
        app.screenshot("detail-panel").await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_account_shows_a_dozen_rows_and_whole_titles_beside_the_panel() -> TestResult {
    one_account("glance-one", None, 12).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compact_rows_show_more_and_keep_40_characters_of_each_title() -> TestResult {
    one_account("glance-compact", Some("compact"), 16).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn six_accounts_offline_still_show_ten_rows() -> TestResult {
    let forge = demo_forge().await?;
    // Two more accounts beside the four demo ones, on logins of their own (forges
    // that read the network on every refresh, so all six are unreachable offline).
    let extra = [
        (
            "github",
            "Second GitHub",
            "ghp_AmpelGlanceSecondGitHub000000000002",
        ),
        ("gitlab", "Second GitLab", "glpat-AmpelGlanceGitLab002"),
    ];
    forge.add_token(FakeToken::github_classic(
        extra[0].2,
        "octo-second",
        &["repo", "read:org", "read:user", "user:email"],
    ));
    forge.add_token(FakeToken::gitlab_pat(
        extra[1].2,
        "octo-third",
        &["read_api", "read_user", "read_repository"],
    ));
    let dir = tempfile::tempdir()?;
    let app = App::launch_in("glance-offline", dir.path(), app_launch()).await?;
    let result = async {
        for provider in Provider::ALL {
            add_demo_account(&app, &forge, provider).await?;
        }
        for (provider, name, token) in extra {
            let base = forge.base_url(if provider == "github" {
                Provider::Github
            } else {
                Provider::Gitlab
            });
            fill_add_form(&app, &Form::new(provider, name, token, &base)).await?;
            save(&app, name).await?;
        }
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        drop(forge);
        refresh_and_wait(&app).await?;
        app.wait_for("[data-testid=offline-banner]").await?;
        let rows = rows_visible(&app).await?;
        app.screenshot("offline").await?;
        if rows < 10 {
            return Err(format!(
                "{rows} rows visible offline with six accounts, expected 10 or more"
            )
            .into());
        }
        Ok(())
    }
    .await;
    app.finish(result).await
}

/// The list's width in the page, for comparing before and after the panel opens.
const LIST_WIDTH: &str =
    "return Math.round(document.querySelector('[data-testid=pr-list]').getBoundingClientRect().width);";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_narrow_window_the_detail_panel_is_a_drawer_over_the_list() -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let app = App::launch_in("glance-narrow", dir.path(), app_launch()).await?;
    let result = async {
        add_demo_account(&app, &forge, Provider::Github).await?;
        app.client.set_window_size(800, 600).await?;
        app.expect_script("return window.innerWidth < 960;", Value::Bool(true))
            .await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        let before = app.client.execute(LIST_WIDTH, Vec::new()).await?;
        row_menu(&app, "[data-testid=pr-row][data-section=mine]", "details").await?;
        app.wait_for("[data-testid=detail-panel]").await?;
        app.expect_script(
            "return getComputedStyle(document.querySelector('[data-testid=detail-panel]')).position;",
            Value::String("absolute".into()),
        )
        .await?;
        let after = app.client.execute(LIST_WIDTH, Vec::new()).await?;
        app.screenshot("drawer").await?;
        if before != after {
            return Err(format!("the list went from {before} to {after} px wide").into());
        }
        Ok(())
    }
    .await;
    app.finish(result).await
}
