//! Accessibility in the real window (WCAG 2.1 AA): axe-core, as installed in
//! ui/node_modules, runs on every page and dialog in the light and the dark
//! theme with the dashboard full of the demo scenario's rows, and must find
//! nothing; the light walk also checks the keyboard and the structure (Tab
//! order, visible focus, Escape and focus return per dialog, list position and
//! size, opening a row by click and Enter, what the status region announces).

use crate::flows::{
    demo_forge, demo_form, demo_name, fill_add_form, row, save, test_connection, Form,
};
use crate::harness::{App, Launch, TestError, TestResult};
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakeToken};
use fantoccini::key::Key;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A GitHub token that is valid while the accounts are added and expired by
/// the time the accounts page and the dashboard are checked.
const EXPIRING_TOKEN: &str = "ghp_a11yExpiringToken0000000000000000001";
const EXPIRING_NAME: &str = "Expiring GitHub";
/// A GitLab account saved without testing: its forge never answers.
const UNVERIFIED_TOKEN: &str = "glpat-a11yUnreachable00001";
const UNVERIFIED_NAME: &str = "Laptop GitLab";

/// Every live region a page can have.
const LIVE: &str =
    "[aria-live], [role=status], [role=alert], [role=log], [role=marquee], [role=timer]";

/// axe-core's bundle (a devDependency of ui/, installed by `npm ci`).
fn axe_source() -> Result<String, TestError> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: {e} (run `npm ci` in ui/)", path.display()).into())
}

/// Runs axe-core in the window and gathers every violation, of any impact, per page.
struct Axe<'a> {
    app: &'a App,
    theme: &'static str,
    source: String,
    violations: Vec<String>,
    pages: usize,
}

impl<'a> Axe<'a> {
    fn new(app: &'a App, theme: &'static str) -> Result<Self, TestError> {
        Ok(Axe {
            app,
            theme,
            source: axe_source()?,
            violations: Vec::new(),
            pages: 0,
        })
    }

    /// Checks the page as it is now, labelled `what` in the report.
    async fn check(&mut self, what: &str) -> TestResult {
        // WebDriver scripts run outside the page's CSP, so the shipped policy
        // (script-src 'self') stays as it is; the page keeps axe until a reload.
        let loaded = self
            .app
            .client
            .execute("return typeof window.axe === 'object';", Vec::new())
            .await?;
        if loaded != Value::Bool(true) {
            let inject = format!("{}\nreturn typeof window.axe;", self.source);
            let kind = self.app.client.execute(&inject, Vec::new()).await?;
            if kind != json!("object") {
                return Err(format!("axe-core did not load in the window: {kind}").into());
            }
        }
        let run = "const done = arguments[arguments.length - 1];\
            window.axe.run(document, { resultTypes: ['violations'] }).then(\
              (r) => done({ ok: r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help +\
                v.nodes.slice(0, 4).map((n) => '\\n      ' + n.target.join(' ') + ' — ' +\
                  (n.failureSummary || '').replace(/\\s+/g, ' ')).join('')) }),\
              (e) => done({ err: String((e && e.stack) || e) }));";
        let answer = self.app.client.execute_async(run, Vec::new()).await?;
        if let Some(e) = answer.get("err") {
            return Err(format!("axe-core failed on {what}: {e}").into());
        }
        let found = answer
            .get("ok")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("axe-core answered {answer}"))?;
        for v in found {
            let text = v.as_str().unwrap_or_default();
            self.violations
                .push(format!("[{}] {what}: {text}", self.theme));
        }
        self.pages += 1;
        Ok(())
    }

    /// Every violation seen, or none.
    fn verdict(self) -> TestResult {
        eprintln!(
            "axe-core: {} pages and dialogs checked in the {} theme, {} violations",
            self.pages,
            self.theme,
            self.violations.len()
        );
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(format!("axe-core violations:\n  {}", self.violations.join("\n  ")).into())
        }
    }
}

/// A stand-in browser (`$BROWSER`, which xdg-open falls back to without a
/// desktop) that writes each URL it is asked to open to a file.
fn fake_browser(dir: &Path) -> Result<(PathBuf, PathBuf), TestError> {
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

/// The URLs the app opened so far, polled until there are `n`.
async fn opened_urls(file: &Path, n: usize) -> Result<Vec<String>, TestError> {
    let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let urls: Vec<String> = text.lines().map(str::to_string).collect();
        if urls.len() >= n || tokio::time::Instant::now() > deadline {
            return if urls.len() == n {
                Ok(urls)
            } else {
                Err(format!("expected {n} opened URLs, found {urls:?}").into())
            };
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

pub async fn set_theme(app: &App, theme: &str) -> TestResult {
    app.click("[data-testid=nav-general]").await?;
    app.wait_for("[data-testid=setting-theme]")
        .await?
        .select_by_value(theme)
        .await?;
    app.expect_attr("html", "data-theme", theme).await
}

/// Focuses the element matching `css` from script (as Tab would reach it).
async fn focus(app: &App, css: &str) -> TestResult {
    let script =
        "const el = document.querySelector(arguments[0]); if (el) el.focus(); return !!el;";
    match app.client.execute(script, vec![css.into()]).await? {
        Value::Bool(true) => Ok(()),
        _ => Err(format!("nothing to focus at {css}").into()),
    }
}

async fn press(app: &App, key: Key) -> TestResult {
    app.client.active_element().await?.send_keys(&key).await?;
    Ok(())
}

/// The focused element: its data-testid (else tag name), the account row it is
/// in, whether it is inside a dialog, and whether its focus ring is drawn (a
/// PR row's link rings its whole row).
const FOCUSED: &str = "const el = document.activeElement;\
    const s = getComputedStyle(el.closest('.pr-row') || el);\
    const row = el.closest('[data-testid=account-row]');\
    return { id: el.dataset.testid || el.tagName.toLowerCase(),\
      row: row ? row.dataset.accountName : null,\
      inDialog: !!el.closest('[role=dialog]'),\
      ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 };";

async fn focused(app: &App) -> Result<Value, TestError> {
    Ok(app.client.execute(FOCUSED, Vec::new()).await?)
}

/// Opens a dialog from the keyboard (focus, Enter), checks it with axe, closes
/// it with Escape and expects focus back on the button that opened it.
async fn dialog_round_trip(
    app: &App,
    axe: &mut Axe<'_>,
    button: &str,
    dialog: &str,
    ready: Option<&str>,
    what: &str,
) -> TestResult {
    focus(app, button).await?;
    let opener = focused(app).await?;
    press(app, Key::Enter).await?;
    app.wait_for(&format!("[data-testid={dialog}]")).await?;
    if let Some(css) = ready {
        app.wait_for(css).await?;
    }
    axe.check(what).await?;
    press(app, Key::Escape).await?;
    app.expect_count(&format!("[data-testid={dialog}]"), 0)
        .await?;
    let back = focused(app).await?;
    if back.get("id") != opener.get("id") || back.get("row") != opener.get("row") {
        return Err(format!("{what}: focus went to {back} after Escape, not {opener}").into());
    }
    Ok(())
}

/// How long the expiring token stays valid: Test Connection and Save take a few
/// seconds; the checks that want it expired come after the other accounts.
const VALID_FOR: time::Duration = time::Duration::seconds(20);

/// Adds every kind of account, checking the Add Account dialog for each forge
/// before and after Test Connection (and for a forge that cannot be reached);
/// returns when the expiring account's token expires.
async fn add_accounts(
    app: &App,
    axe: &mut Axe<'_>,
    forge: &FakeForge,
    unreachable: &str,
) -> Result<time::OffsetDateTime, TestError> {
    app.click("[data-testid=nav-accounts]").await?;
    app.wait_for("[data-testid=accounts-empty]").await?;
    axe.check("Provider Accounts, none yet").await?;
    app.click("[data-testid=accounts-add]").await?;
    app.wait_for("[data-testid=add-account-dialog]").await?;
    axe.check("Add Account: pick a forge").await?;
    press(app, Key::Escape).await?;
    app.expect_count("[data-testid=add-account-dialog]", 0)
        .await?;

    let expiry = time::OffsetDateTime::now_utc() + VALID_FOR;
    forge.add_token(
        FakeToken::github_classic(
            EXPIRING_TOKEN,
            "octo-expiring",
            &["repo", "read:org", "read:user", "user:email"],
        )
        .expires_at(expiry),
    );
    let github = forge.base_url(Provider::Github);
    fill_add_form(
        app,
        &Form::new("github", EXPIRING_NAME, EXPIRING_TOKEN, &github),
    )
    .await?;
    test_connection(app, true).await?;
    save(app, EXPIRING_NAME).await?;

    for provider in Provider::ALL {
        let (name, base) = (demo_name(provider), forge.base_url(provider));
        fill_add_form(app, &demo_form(provider, &name, &base)).await?;
        axe.check(&format!("Add Account: {name}, filled in"))
            .await?;
        test_connection(app, true).await?;
        axe.check(&format!("Add Account: {name}, tested")).await?;
        save(app, &name).await?;
    }

    fill_add_form(
        app,
        &Form::new("gitlab", UNVERIFIED_NAME, UNVERIFIED_TOKEN, unreachable),
    )
    .await?;
    test_connection(app, false).await?;
    app.expect_attr("[data-testid=diagnosis]", "data-code", "unreachable")
        .await?;
    axe.check("Add Account: GitLab, unreachable").await?;
    app.click("[data-testid=save-unverified]").await?;
    app.wait_for(&row(UNVERIFIED_NAME)).await?;
    Ok(expiry)
}

/// The accounts page with every forge, a not-verified and an expired account,
/// and each account dialog.
async fn accounts_page(app: &App, axe: &mut Axe<'_>) -> TestResult {
    // Drawn again after the expiry passed.
    app.click("[data-testid=nav-general]").await?;
    app.click("[data-testid=nav-accounts]").await?;
    let expiring = row(EXPIRING_NAME);
    app.expect_attr(
        &format!("{expiring} [data-testid=account-expiry]"),
        "data-level",
        "expired",
    )
    .await?;
    app.expect_attr(
        &format!("{} [data-testid=account-status]", row(UNVERIFIED_NAME)),
        "data-status",
        "not_verified",
    )
    .await?;
    app.click(&format!("{expiring} [data-testid=account-retest]"))
        .await?;
    app.expect_contains(
        &format!("{expiring} [data-testid=account-retest-result]"),
        "expired",
    )
    .await?;
    axe.check("Provider Accounts: every forge, not verified, expired")
        .await?;

    let demo = row(&demo_name(Provider::Gitea));
    dialog_round_trip(
        app,
        axe,
        "[data-testid=accounts-add]",
        "add-account-dialog",
        None,
        "Add Account dialog (keyboard)",
    )
    .await?;
    for (button, dialog, ready) in [
        ("account-rename", "rename-dialog", None),
        ("account-replace-token", "replace-token-dialog", None),
        (
            "account-watched",
            "watched-dialog",
            Some("[data-testid=watched-repo-option]"),
        ),
        ("account-remove", "remove-dialog", None),
    ] {
        dialog_round_trip(
            app,
            axe,
            &format!("{demo} [data-testid={button}]"),
            dialog,
            ready,
            dialog,
        )
        .await?;
    }
    Ok(())
}

/// Inside the Add Account dialog, Tab and Shift+Tab never leave it.
async fn dialog_traps_tab(app: &App) -> TestResult {
    app.click("[data-testid=accounts-add]").await?;
    app.wait_for("[data-testid=add-account-dialog]").await?;
    for key in [Key::Tab, Key::Tab, Key::Tab, Key::Tab, Key::Tab, Key::Tab] {
        press(app, key).await?;
        let f = focused(app).await?;
        if f.get("inDialog") != Some(&Value::Bool(true))
            || f.get("ring") != Some(&Value::Bool(true))
        {
            return Err(format!("Tab in the Add Account dialog reached {f}").into());
        }
    }
    press(app, Key::Escape).await?;
    app.expect_count("[data-testid=add-account-dialog]", 0)
        .await
}

/// Tab from the sidebar through Refresh, the filter box, the Filters button, the
/// colour counts and the first rows (each title, then its More actions button),
/// each with a visible focus ring; Enter on a More actions button opens its menu
/// on its first item, and Escape gives the focus back to the button.
async fn tab_order(app: &App) -> TestResult {
    focus(app, "[data-testid=nav-dashboard]").await?;
    let expected = [
        "nav-accounts",
        "nav-general",
        "nav-notifications",
        "nav-focus",
        "shortcuts-button",
        "refresh",
        "filter-text",
        "filters-button",
        "count-red",
        "count-yellow",
        "count-green",
        "count-grey",
        "pr-title",
        "pr-more",
        "pr-title",
        "pr-more",
    ];
    let mut seen = Vec::new();
    for want in expected {
        press(app, Key::Tab).await?;
        let f = focused(app).await?;
        let id = f
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if f.get("ring") != Some(&Value::Bool(true)) {
            return Err(
                format!("no visible focus ring on {id} (Tab order so far: {seen:?})").into(),
            );
        }
        seen.push(id.clone());
        if id != want {
            return Err(format!("Tab order: expected {want}, found {seen:?}").into());
        }
    }
    press(app, Key::Enter).await?;
    app.wait_for("[data-testid=row-menu]").await?;
    let first = focused(app).await?;
    if first.get("id").and_then(Value::as_str) != Some("menu-details") {
        return Err(format!("Enter on More actions focused {first}").into());
    }
    press(app, Key::Escape).await?;
    app.expect_count("[data-testid=row-menu]", 0).await?;
    let back = focused(app).await?;
    if back.get("id").and_then(Value::as_str) != Some("pr-more") {
        return Err(format!("Escape in the row menu left the focus on {back}").into());
    }
    Ok(())
}

/// Each section's rows form a list; every rendered row gives its position and
/// the section's full size, which matches the section's heading.
async fn list_semantics(app: &App) -> TestResult {
    let script = "return Array.from(document.querySelectorAll('[data-testid=pr-list] [role=list]')).map((l) => ({\
        name: l.getAttribute('aria-label'),\
        items: Array.from(l.children).map((i) => [i.getAttribute('role'),\
          Number(i.getAttribute('aria-posinset')), Number(i.getAttribute('aria-setsize'))]),\
        heading: Array.from(document.querySelectorAll('.section-heading')).filter((h) =>\
          h.firstChild && h.firstChild.textContent.trim() === l.getAttribute('aria-label'))\
          .map((h) => Number(h.dataset.count))[0] ?? null }));";
    let lists = app.client.execute(script, Vec::new()).await?;
    let lists = lists.as_array().cloned().unwrap_or_default();
    if lists.is_empty() {
        return Err("no list in the PR list".into());
    }
    let mut compared = 0;
    for list in &lists {
        let items = list["items"].as_array().cloned().unwrap_or_default();
        let first = items
            .first()
            .and_then(|i| i[1].as_u64())
            .ok_or_else(|| format!("an empty list: {list}"))?;
        for (k, item) in items.iter().enumerate() {
            let want = json!(["listitem", first + k as u64, list["items"][0][2]]);
            if *item != want {
                return Err(format!("list item {item}, expected {want} in {list}").into());
            }
        }
        if let Some(count) = list["heading"].as_u64() {
            compared += 1;
            if list["items"][0][2].as_u64() != Some(count) {
                return Err(
                    format!("aria-setsize differs from the heading's count: {list}").into(),
                );
            }
        }
    }
    if compared == 0 {
        return Err(format!("no list's size could be compared with its heading: {lists:?}").into());
    }
    // A row's one link is its title, named by its text and described in words.
    let named = "const row = document.querySelector('[data-testid=pr-row]');\
        const links = row.querySelectorAll('a[href], [role=link]'); const r = links[0];\
        const by = document.getElementById(r.getAttribute('aria-describedby'));\
        return { links: links.length, title: r.dataset.testid,\
          label: r.hasAttribute('aria-label') || r.hasAttribute('aria-labelledby'),\
          description: !!by && by.textContent.includes(' by ') };";
    app.expect_script(
        named,
        json!({ "links": 1, "title": "pr-title", "label": false, "description": true }),
    )
    .await
}

/// A single click opens a pull request once, and Enter on a focused row too.
async fn rows_open(app: &App, opened: &Path) -> TestResult {
    let rows = "[data-testid=pr-row]";
    let number = |r: String| r.rsplit('#').next().unwrap_or_default().trim().to_string();
    // textContent: WebKit's rendered text of rows placed by the virtualizer is empty.
    let reference = app
        .wait_for(&format!("{rows} [data-testid=pr-ref]"))
        .await?;
    let first = number(reference.prop("textContent").await?.unwrap_or_default());
    app.click(rows).await?;
    let urls = opened_urls(opened, 1).await?;
    if !urls[0].ends_with(&format!("/{first}")) {
        return Err(format!("a click on #{first} opened {urls:?}").into());
    }
    focus(app, &format!("{rows} [data-testid=pr-title]")).await?;
    press(app, Key::Enter).await?;
    let urls = opened_urls(opened, 2).await?;
    if urls[1] != urls[0] {
        return Err(format!("Enter on #{first} opened {urls:?}").into());
    }
    Ok(())
}

async fn status(app: &App) -> Result<String, TestError> {
    let el = app.wait_for("[data-testid=dash-status]").await?;
    Ok(el.prop("textContent").await?.unwrap_or_default())
}

/// Waits for the status region to say exactly `expected`.
async fn expect_status(app: &App, expected: &str) -> TestResult {
    let script = "return document.querySelector('[data-testid=dash-status]').textContent;";
    app.expect_script(script, json!(expected)).await
}

/// The dashboard's only live region is the status; "last synced" is outside it.
async fn one_live_region(app: &App) -> TestResult {
    let script = format!(
        "const live = Array.from(document.querySelectorAll('[data-testid=dashboard] :is({LIVE})'));\
         return {{ live: live.map((e) => e.dataset.testid || e.tagName),\
           synced: document.querySelector('[data-testid=last-synced]').closest('{LIVE}') === null }};"
    );
    app.expect_script(&script, json!({ "live": ["dash-status"], "synced": true }))
        .await
}

/// Refresh, until the status region has a new result (what it says is checked by the caller).
async fn refresh_announced(app: &App) -> TestResult {
    let before = status(app).await?;
    app.click("[data-testid=refresh]").await?;
    let deadline = tokio::time::Instant::now() + crate::harness::UI_TIMEOUT;
    loop {
        let now = status(app).await?;
        if now != before && now.starts_with("Refresh done") {
            break;
        }
        if tokio::time::Instant::now() > deadline {
            return Err(format!("status after Refresh: {:?}", status(app).await?).into());
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    crate::harness::eventually_enabled(app, "[data-testid=refresh]").await?;
    Ok(())
}

/// The expected refresh result, by the page's own count and chips.
async fn refresh_words(app: &App) -> Result<String, TestError> {
    let shown = app.text_of("[data-testid=shown-count]").await?;
    let chips = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=account-chip]"))
        .await?
        .len();
    Ok(match chips {
        0 => format!("Refresh done: {shown}"),
        1 => format!("Refresh done: {shown}; 1 account failed to sync"),
        n => format!("Refresh done: {shown}; {n} accounts failed to sync"),
    })
}

/// Typing a filter announces the result count the bar shows.
async fn filter_announced(app: &App) -> TestResult {
    app.fill("[data-testid=filter-text]", "dark").await?;
    app.expect_contains("[data-testid=shown-count]", " of ")
        .await?;
    let shown = app.text_of("[data-testid=shown-count]").await?;
    expect_status(app, &shown).await?;
    let erase: String = std::iter::repeat_n(Key::Backspace.to_string(), 4).collect();
    app.wait_for("[data-testid=filter-text]")
        .await?
        .send_keys(&erase)
        .await?;
    app.expect_prop("[data-testid=filter-text]", "value", "")
        .await?;
    let all = app.text_of("[data-testid=shown-count]").await?;
    expect_status(app, &all).await
}

/// The triage views through axe — a row's detail panel, the snooze menu, the
/// Snoozed section, the muted repositories in Settings, the shortcuts dialog —
/// each undone afterwards.
async fn triage_views(app: &App, axe: &mut Axe<'_>) -> TestResult {
    crate::dash_controls::open_filters(app).await?;
    axe.check("Dashboard: Filters popover").await?;
    app.click("[data-testid=filters-button]").await?;
    app.expect_count("[data-testid=filters-popover]", 0).await?;
    // A row of My turn: the first block, rendered at the top of the virtual list.
    let more = "[data-testid=pr-row][data-section=my_turn] [data-testid=pr-more]";
    app.wait_for(more).await?;
    app.client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'}); return null;",
            vec![more.into()],
        )
        .await?;
    app.click(more).await?;
    app.wait_for("[data-testid=row-menu]").await?;
    axe.check("Dashboard: a row's More actions menu").await?;
    app.click("[data-testid=row-menu] [data-testid=menu-details]")
        .await?;
    app.wait_for("[data-testid=detail-panel]").await?;
    app.expect_script(
        "return document.querySelector('[data-testid=detail-merge]').textContent !== '…';",
        json!(true),
    )
    .await?;
    axe.check("Dashboard: detail panel").await?;
    app.click("[data-testid=detail-snooze]").await?;
    app.wait_for("[data-testid=snooze-dialog]").await?;
    axe.check("Snooze menu").await?;
    app.click("[data-testid=snooze-until_change]").await?;
    app.wait_for("[data-testid=pr-row][data-section=snoozed]")
        .await?;
    axe.check("Dashboard: a snoozed pull request").await?;
    app.click("[data-testid=detail-unsnooze]").await?;
    app.expect_count("[data-testid=pr-row][data-section=snoozed]", 0)
        .await?;
    app.click("[data-testid=detail-mute]").await?;
    app.click("[data-testid=nav-notifications]").await?;
    app.wait_for("[data-testid=muted-repo]").await?;
    axe.check("Notifications: a muted repository").await?;
    app.click("[data-testid=unmute]").await?;
    app.wait_for("[data-testid=muted-none]").await?;
    // Focus with a rule and a profile (its form showing an error first), then both removed.
    app.click("[data-testid=nav-focus]").await?;
    app.click("[data-testid=rule-add]").await?;
    app.wait_for("[data-testid=rule]").await?;
    app.click("[data-testid=profile-save]").await?;
    app.wait_for("[data-testid=profile-problem]").await?;
    app.fill("[data-testid=profile-name]", "Work").await?;
    app.click("[data-testid=profile-account]").await?;
    app.click("[data-testid=profile-save]").await?;
    app.wait_for("[data-testid=profile]").await?;
    axe.check("Focus: a rule and a profile").await?;
    app.click("[data-testid=rule-remove]").await?;
    app.click("[data-testid=profile-remove]").await?;
    app.wait_for("[data-testid=rules-none]").await?;
    app.expect_count("[data-testid=profile]", 0).await?;
    app.click("[data-testid=shortcuts-button]").await?;
    app.wait_for("[data-testid=shortcuts-dialog]").await?;
    axe.check("Keyboard shortcuts").await?;
    press(app, Key::Escape).await?;
    app.expect_count("[data-testid=shortcuts-dialog]", 0)
        .await?;
    app.click("[data-testid=nav-dashboard]").await?;
    app.wait_for("[data-testid=pr-row]").await?;
    Ok(())
}

/// One theme's walk: every page and dialog through axe, and with `keyboard` the
/// keyboard and structure checks as well.
async fn walk(
    app: &App,
    forge: FakeForge,
    theme: &'static str,
    opened: &Path,
    keyboard: bool,
) -> TestResult {
    let mut axe = Axe::new(app, theme)?;
    set_theme(app, theme).await?;
    axe.check("General").await?;
    app.click("[data-testid=nav-notifications]").await?;
    app.expect_text("[data-testid=page-title]", "Notifications")
        .await?;
    axe.check("Notifications").await?;
    app.click("[data-testid=nav-focus]").await?;
    app.expect_text("[data-testid=page-title]", "Focus").await?;
    app.wait_for("[data-testid=rules-none]").await?;
    axe.check("Focus: no rules or profiles").await?;
    app.click("[data-testid=nav-dashboard]").await?;
    app.wait_for("[data-testid=empty-state]").await?;
    axe.check("Dashboard, first run").await?;

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.local_addr()?.port()
    };
    let unreachable = format!("http://127.0.0.1:{closed}/gitlab");
    let expiry = add_accounts(app, &mut axe, &forge, &unreachable).await?;
    let left = expiry - time::OffsetDateTime::now_utc() + time::Duration::seconds(1);
    if left.is_positive() {
        tokio::time::sleep(left.unsigned_abs()).await;
    }
    accounts_page(app, &mut axe).await?;
    if keyboard {
        dialog_traps_tab(app).await?;
    }

    app.click("[data-testid=nav-dashboard]").await?;
    refresh_announced(app).await?;
    app.wait_for("[data-testid=account-chip]").await?;
    expect_status(app, &refresh_words(app).await?).await?;
    axe.check("Dashboard: demo rows, error chips").await?;
    if keyboard {
        one_live_region(app).await?;
        list_semantics(app).await?;
        tab_order(app).await?;
        rows_open(app, opened).await?;
        filter_announced(app).await?;
    }

    triage_views(app, &mut axe).await?;

    // Every forge gone: the cached rows stay under the offline banner.
    drop(forge);
    refresh_announced(app).await?;
    app.wait_for("[data-testid=offline-banner]").await?;
    // textContent: WebKit's rendered text of the one-line (ellipsised) banner can be empty.
    let banner = app
        .wait_for("[data-testid=offline-banner]")
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    expect_status(app, &format!("Refresh done: {}", banner.trim())).await?;
    axe.check("Dashboard: offline").await?;
    axe.verdict()
}

async fn run(theme: &'static str, keyboard: bool) -> TestResult {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let (browser, opened) = fake_browser(dir.path())?;
    let launch = Launch {
        env: vec![
            ("AMPEL_REFRESH_SECS".into(), "3600".into()),
            ("BROWSER".into(), browser.display().to_string()),
        ],
    };
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data)?;
    let app = App::launch_in(&format!("a11y-{theme}"), &data, launch).await?;
    let result = walk(&app, forge, theme, &opened, keyboard).await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn light_theme_passes_axe_everywhere_and_works_by_keyboard() -> TestResult {
    run("light", true).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_theme_passes_axe_everywhere() -> TestResult {
    run("dark", false).await
}
