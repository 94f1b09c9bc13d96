//! `ampel-cli sync` (refresh every account from its forge into the cache) and
//! `ampel-cli prs` (the dashboard from the cache, offline).

use crate::context::Context;
use crate::exit::{CliError, Exit};
use ampel_accounts::Accounts;
use ampel_core::changes::Listed;
use ampel_core::light::{light, Light};
use ampel_core::section::Section;
use ampel_core::triage::Triage;
use ampel_core::turn::{turn, TurnGroup, TurnKind};
use ampel_sync::{SyncReport, DEFAULT_CONCURRENCY};
use serde::Serialize;
use time::OffsetDateTime;

/// Options of `sync`.
#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Options of `prs`.
#[derive(Debug, clap::Args)]
pub struct PrsArgs {
    /// Only this section: needs-my-review, mine, assigned-to-me, reviewed, watched.
    #[arg(long, value_parser = parse_section)]
    section: Option<Section>,
    /// Only whose turn it is: mine (requested of me, re-review needed, returned to
    /// me), waiting (on the author or on reviewers), teams (requested of my teams).
    #[arg(long, value_parser = parse_turn)]
    turn: Option<TurnGroup>,
    /// Print the rows as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_section(s: &str) -> Result<Section, String> {
    Section::parse(s).ok_or_else(|| {
        "expected one of needs-my-review, mine, assigned-to-me, reviewed, watched".to_string()
    })
}

fn parse_turn(s: &str) -> Result<TurnGroup, String> {
    TurnGroup::parse(s).ok_or_else(|| "expected one of mine, waiting, teams".to_string())
}

/// Syncs every enabled account; exits 7 when a forge refused credentials, 8 when
/// any other account failed (after printing every account's outcome).
pub async fn sync(ctx: Context, args: &SyncArgs) -> Result<(), CliError> {
    // The app's settings file: the same CI re-check bound as the app's refresh.
    let settings = ampel_core::settings::file::load(ctx.store.data_dir());
    let accounts = Accounts::new(ctx.store, crate::check::validator()?);
    let options = ampel_sync::SyncOptions {
        concurrency: DEFAULT_CONCURRENCY,
        now: ampel_core::triage::clock_shift().map(|_| ampel_core::triage::now()),
        ci_recheck: Some(time::Duration::seconds(i64::from(settings.ci_recheck_secs))),
    };
    let report = ampel_sync::sync_all_with(&accounts, &options, |p| {
        if !args.json {
            eprintln!("[{}/{}] {}", p.done, p.total, p.account);
        }
    })
    .await;
    accounts.store().pool().close().await;
    let report = report?;
    if args.json {
        println!("{}", to_json(&report)?);
    } else {
        print_report(&report);
    }
    sync_exit(&report)
}

fn print_report(report: &SyncReport) {
    for o in &report.outcomes {
        match &o.result {
            Ok(s) => println!(
                "ok      {}: {} pull requests, {} changes ({} requests, {} not modified)",
                o.account_name,
                s.prs,
                s.changes.len(),
                s.requests,
                s.not_modified
            ),
            Err(f) => println!("failed  {}: [{}] {}", o.account_name, f.code, f.message),
        }
    }
    for o in &report.outcomes {
        for (key, why) in o.result.as_ref().map_or(&[][..], |s| &s.woken[..]) {
            println!("woke    {}: {key} ({})", o.account_name, why.text());
        }
    }
}

fn sync_exit(report: &SyncReport) -> Result<(), CliError> {
    let codes: Vec<&str> = report
        .outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().err().map(|f| f.code.as_str()))
        .collect();
    let credentials = [
        "invalid_token",
        "token_expired",
        "insufficient_scope",
        "sso_required",
        "key_mismatch",
    ];
    match codes.as_slice() {
        [] => Ok(()),
        _ if codes.iter().any(|c| credentials.contains(c)) => {
            Err(CliError::SyncFailed(Exit::Credentials, codes.len()))
        }
        _ => Err(CliError::SyncFailed(Exit::Network, codes.len())),
    }
}

/// One dashboard row as `prs --json` prints it.
#[derive(Debug, Serialize)]
struct Row<'a> {
    account: &'a str,
    provider: &'a str,
    repo: &'a str,
    number: u64,
    title: &'a str,
    url: &'a str,
    author: &'a str,
    draft: bool,
    /// The sections it shows in: none while snoozed, only Watched when muted.
    sections: Vec<&'static str>,
    light: Light,
    reasons: Vec<String>,
    triage: TriageJson,
    /// Whose move it waits for; `null` when nobody's in particular for me.
    turn: Option<TurnJson>,
    /// What the forge does on its own to merge it (auto-merge, queue, rebase).
    automation: Option<String>,
    /// The exclusion rules that hide it (it then leaves every section); empty: shown.
    hidden_by: Vec<HiddenBy>,
}

/// A rule that hides a row: its id (for `exclude remove`) and words.
#[derive(Debug, Serialize)]
struct HiddenBy {
    id: String,
    words: String,
}

/// A row's turn (issue 27).
#[derive(Debug, Serialize)]
struct TurnJson {
    kind: TurnKind,
    /// `mine`, `waiting` or `teams` (team requests count as mine per the settings).
    group: TurnGroup,
    /// Why, in words.
    words: String,
    /// When what made it so happened, where the forge told.
    #[serde(with = "time::serde::rfc3339::option")]
    at: Option<OffsetDateTime>,
}

/// A row's triage state.
#[derive(Debug, Serialize)]
struct TriageJson {
    pinned: bool,
    muted: bool,
    snoozed: bool,
    /// When the snooze ends; `None` with `snoozed` means until it changes.
    #[serde(with = "time::serde::rfc3339::option")]
    wakes_at: Option<time::OffsetDateTime>,
    /// Every section it is listed in, snoozed or muted or not.
    listed_in: Vec<&'static str>,
}

/// Prints the cached pull requests (no network), worst light first.
pub async fn prs(ctx: &Context, args: &PrsArgs) -> Result<(), CliError> {
    let accounts = ctx.store.list_accounts().await?;
    let cached = ctx.store.cached_prs().await?;
    let triage = ctx.store.triage().await?;
    let rules = ctx.store.exclusion_rules().await?;
    let teams_are_mine =
        ampel_core::settings::file::load(ctx.store.data_dir()).team_requests_are_mine;
    let now = ampel_core::triage::now();
    let mut rows: Vec<Row> = cached
        .iter()
        .filter_map(|l| {
            let account = accounts
                .iter()
                .find(|a| a.enabled && a.id.to_string() == l.pr.account_id)?;
            let mut r = row(l, &account.name, &triage, now, teams_are_mine);
            r.hidden_by = ampel_core::focus::hidden_by(&rules, l)
                .into_iter()
                .map(|rule| HiddenBy {
                    id: rule.id.clone(),
                    words: rule.words(),
                })
                .collect();
            if !r.hidden_by.is_empty() {
                // Hidden by a rule: in no section, as a snoozed PR.
                r.sections.clear();
            }
            Some(r)
        })
        .filter(|r| {
            args.section
                .is_none_or(|s| r.sections.contains(&s.as_str()))
        })
        .filter(|r| {
            args.turn.is_none_or(|g| {
                // Snoozed and muted rows leave whose turn as they leave the sections.
                !r.triage.snoozed
                    && !r.triage.muted
                    && r.hidden_by.is_empty()
                    && r.turn.as_ref().is_some_and(|t| t.group == g)
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.triage
            .pinned
            .cmp(&a.triage.pinned)
            .then(b.light.cmp(&a.light))
            .then(a.repo.cmp(b.repo))
            .then(a.number.cmp(&b.number))
    });
    if args.json {
        println!("{}", to_json(&rows)?);
        return Ok(());
    }
    if rows.is_empty() {
        println!("no cached pull requests (run `ampel-cli sync` first)");
    }
    let (hidden, rows): (Vec<&Row>, Vec<&Row>) = rows.iter().partition(|r| !r.hidden_by.is_empty());
    let (snoozed, shown): (Vec<&Row>, Vec<&Row>) = rows.into_iter().partition(|r| r.triage.snoozed);
    for r in shown {
        println!("{}", line(r));
    }
    if !snoozed.is_empty() {
        println!("\nSnoozed:");
        for r in snoozed {
            let until = match r.triage.wakes_at {
                Some(at) => format!("until {}", crate::local::minute(at)),
                None => "until it changes".to_string(),
            };
            println!("{}  {until}", line(r));
        }
    }
    if !hidden.is_empty() {
        println!("\nHidden by rules ({}):", hidden.len());
        for r in hidden {
            let why: Vec<&str> = r.hidden_by.iter().map(|h| h.words.as_str()).collect();
            println!("{}  (hidden: {})", line(r), why.join(", "));
        }
    }
    Ok(())
}

/// One row in words: light, PR, title, reasons, pinned / muted, account.
fn line(r: &Row) -> String {
    let light = format!("{:?}", r.light).to_uppercase();
    let why = if r.reasons.is_empty() {
        String::new()
    } else {
        format!(" — {}", r.reasons.join(", "))
    };
    let marks: Vec<&str> = [(r.triage.pinned, "pinned"), (r.triage.muted, "muted")]
        .into_iter()
        .filter_map(|(on, mark)| on.then_some(mark))
        .collect();
    let marks = if marks.is_empty() {
        String::new()
    } else {
        format!(" ({})", marks.join(", "))
    };
    let turn = r
        .turn
        .as_ref()
        .map_or(String::new(), |t| format!(" · {}", t.words));
    let automation = r
        .automation
        .as_ref()
        .map_or(String::new(), |a| format!(" · {a}"));
    format!(
        "{light:<6} {}#{} {}{turn}{why}{automation}{marks}  [{}]",
        r.repo, r.number, r.title, r.account
    )
}

fn row<'a>(
    l: &'a Listed,
    account: &'a str,
    triage: &Triage,
    now: OffsetDateTime,
    teams_are_mine: bool,
) -> Row<'a> {
    let verdict = light(&l.pr);
    let state = triage.of(&l.pr, now);
    Row {
        account,
        provider: l.pr.provider.as_str(),
        repo: &l.pr.repo,
        number: l.pr.number,
        title: &l.pr.title,
        url: &l.pr.url,
        author: &l.pr.author,
        draft: l.pr.draft,
        sections: triage
            .sections(l, now)
            .iter()
            .map(Section::as_str)
            .collect(),
        light: verdict.light,
        reasons: verdict.reasons.iter().map(ToString::to_string).collect(),
        triage: TriageJson {
            pinned: state.pinned,
            muted: state.muted,
            snoozed: state.snooze.is_some(),
            wakes_at: state.snooze.as_ref().and_then(|s| s.wakes_at()),
            listed_in: l.sections.iter().map(Section::as_str).collect(),
        },
        turn: turn(l).map(|t| TurnJson {
            kind: t.kind(),
            group: t.group(teams_are_mine),
            words: t.words(&l.pr.author),
            at: t.at(),
        }),
        automation: l.pr.automation.words(&verdict, l.pr.provider),
        hidden_by: Vec::new(),
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value)
        .map_err(|e| CliError::Input(format!("cannot print JSON: {e}")))
}
