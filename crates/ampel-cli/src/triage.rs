//! `ampel-cli snooze|unsnooze|pin|unpin|mute|unmute|muted`: triage on the same
//! store as the app (rules in ampel_core::triage).

use crate::context::Context;
use crate::exit::CliError;
use ampel_core::repo_name;
use ampel_core::triage::{Snooze, SnoozeFor};
use ampel_store::Account;
use serde_json::json;
use time::format_description::well_known::Rfc3339;

/// Which pull request.
#[derive(Debug, clap::Args)]
pub struct PrRef {
    /// Account id or name.
    account: String,
    /// `owner/name` (GitLab `group/sub/project`, Bitbucket `workspace/slug`).
    repo: String,
    /// PR number / MR iid.
    number: u64,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// `snooze`.
#[derive(Debug, clap::Args)]
pub struct SnoozeArgs {
    #[command(flatten)]
    pr: PrRef,
    /// 1h, tomorrow (09:00 local), next-week (Monday 09:00 local) or change (until a
    /// new commit, review or CI result).
    #[arg(long = "for", default_value = "change", value_parser = parse_choice)]
    choice: SnoozeFor,
}

/// Which repository.
#[derive(Debug, clap::Args)]
pub struct RepoRef {
    /// Account id or name.
    account: String,
    /// `owner/name` (GitLab `group/sub/project`, Bitbucket `workspace/slug`).
    repo: String,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// `mute`.
#[derive(Debug, clap::Args)]
pub struct MuteArgs {
    #[command(flatten)]
    repo: RepoRef,
    /// Mute a name the account does not know (not in the cache, not watched, not in the
    /// forge's repository list).
    #[arg(long)]
    force: bool,
}

/// `muted`.
#[derive(Debug, clap::Args)]
pub struct MutedArgs {
    /// Print the list as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_choice(s: &str) -> Result<SnoozeFor, String> {
    SnoozeFor::parse(s).ok_or_else(|| "expected one of 1h, tomorrow, next-week, change".to_string())
}

fn text(t: time::OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn say(json: bool, value: serde_json::Value, words: String) -> Result<(), CliError> {
    if json {
        let out = serde_json::to_string_pretty(&value)
            .map_err(|e| CliError::Input(format!("cannot print JSON: {e}")))?;
        println!("{out}");
    } else {
        println!("{words}");
    }
    Ok(())
}

async fn account(ctx: &Context, name: &str) -> Result<Account, CliError> {
    Ok(ctx.store.find_account(name).await?)
}

/// Snoozes a cached pull request.
pub async fn snooze(ctx: &Context, args: &SnoozeArgs) -> Result<(), CliError> {
    let a = account(ctx, &args.pr.account).await?;
    let listed = ctx
        .store
        .cached_pr(a.id, &args.pr.repo, args.pr.number)
        .await?;
    let now = ampel_core::triage::now();
    let snooze = Snooze::new(args.choice, &listed.pr, now, crate::local::zone());
    ctx.store.snooze(&listed, &snooze, now).await?;
    let key = ampel_core::changes::pr_key(&listed.pr);
    let words = match snooze.wakes_at() {
        Some(at) => format!("snoozed {key} until {}", crate::local::minute(at)),
        None => format!("snoozed {key} until it changes"),
    };
    say(
        args.pr.json,
        json!({"pr": key, "snoozed": true, "wakes_at": snooze.wakes_at().map(text)}),
        words,
    )
}

/// Ends a snooze.
pub async fn unsnooze(ctx: &Context, args: &PrRef) -> Result<(), CliError> {
    let a = account(ctx, &args.account).await?;
    let key = format!("{}#{}", args.repo.trim(), args.number);
    let was = ctx.store.unsnooze(a.id, &args.repo, args.number).await?;
    let words = if was {
        format!("{key} is back")
    } else {
        format!("{key} was not snoozed")
    };
    say(
        args.json,
        json!({"pr": key, "snoozed": false, "changed": was}),
        words,
    )
}

/// Pins or unpins a cached pull request; `changed` says whether it was not so already.
pub async fn pin(ctx: &Context, args: &PrRef, on: bool) -> Result<(), CliError> {
    let a = account(ctx, &args.account).await?;
    let (key, changed) = if on {
        let listed = ctx.store.cached_pr(a.id, &args.repo, args.number).await?;
        let changed = ctx.store.pin(&listed, ampel_core::triage::now()).await?;
        (ampel_core::changes::pr_key(&listed.pr), changed)
    } else {
        let key = format!("{}#{}", args.repo.trim(), args.number);
        (key, ctx.store.unpin(a.id, &args.repo, args.number).await?)
    };
    let words = match (on, changed) {
        (true, true) => format!("pinned {key}"),
        (true, false) => format!("{key} was already pinned"),
        (false, true) => format!("unpinned {key}"),
        (false, false) => format!("{key} was not pinned"),
    };
    say(
        args.json,
        json!({"pr": key, "pinned": on, "changed": changed}),
        words,
    )
}

/// Mutes a repository of an account: a name the account does not know (cache, watched,
/// muted, the forge's repository list when it answers; by the forge's rule) is refused
/// with the closest known names unless `--force`.
pub async fn mute(ctx: &Context, args: &MuteArgs) -> Result<(), CliError> {
    let a = account(ctx, &args.repo.account).await?;
    let repo = args.repo.repo.trim();
    let known = ctx.store.known_repos(a.id).await?;
    let name = known
        .iter()
        .find(|k| repo_name::same(a.provider, k, repo))
        .cloned();
    let name = match name {
        Some(name) => name,
        None if args.force || repo.is_empty() => repo.to_string(),
        None => match on_forge(ctx, &a, repo).await {
            Ok(Some(name)) => name,
            Ok(None) => return Err(unknown_repo(&a, repo, &known, None)),
            Err(why) => return Err(unknown_repo(&a, repo, &known, Some(&why))),
        },
    };
    let changed = ctx
        .store
        .mute(a.id, &name, ampel_core::triage::now())
        .await?;
    let words = if changed {
        format!("muted {name} on {}", a.name)
    } else {
        format!("{name} was already muted on {}", a.name)
    };
    say(
        args.repo.json,
        json!({"account": a.name, "repo": name, "muted": true, "changed": changed}),
        words,
    )
}

/// How many pages of the forge's repository list (filtered by the name) a mute reads.
const FORGE_PAGES: usize = 3;

/// The forge's own name of `repo` in the account's repository list (filtered by its last
/// part, a few pages); `Err` with the reason when the forge cannot be asked.
async fn on_forge(ctx: &Context, a: &Account, repo: &str) -> Result<Option<String>, String> {
    let client = crate::check::validator().map_err(|e| e.to_string())?;
    let token = ctx
        .store
        .decrypt_token(a.id)
        .await
        .map_err(|e| e.to_string())?;
    let spec = ampel_accounts::spec_of(a);
    let last = repo.trim_matches('/').rsplit('/').next().unwrap_or(repo);
    let mut request = Some(ampel_forge::repos::RepoPageRequest::filtered(last));
    for _ in 0..FORGE_PAGES {
        let Some(page_request) = request.take() else {
            break;
        };
        let page = client
            .repos(&spec, &token, &page_request)
            .await
            .map_err(|e| e.to_string())?;
        if let Some(found) = page
            .repos
            .iter()
            .find(|r| repo_name::same(a.provider, &r.full_name, repo))
        {
            return Ok(Some(found.full_name.clone()));
        }
        request = page_request.after(&page);
    }
    Ok(None)
}

fn unknown_repo(a: &Account, repo: &str, known: &[String], unasked: Option<&str>) -> CliError {
    let near = repo_name::closest(a.provider, repo, known.iter().map(String::as_str));
    let hint = if near.is_empty() {
        String::new()
    } else {
        format!("; closest known: {}", near.join(", "))
    };
    let forge = match unasked {
        Some(why) => format!("; the forge could not be asked ({why})"),
        None => ", nor in the forge's repository list".to_string(),
    };
    CliError::NotFound(format!(
        "account {} knows no repository {repo:?} (none of its cached pull requests, watched or \
         muted repositories{forge}){hint}. Sync first, or pass --force to mute it anyway",
        a.name
    ))
}

/// Unmutes a repository of an account (any spelling of its name).
pub async fn unmute(ctx: &Context, args: &RepoRef) -> Result<(), CliError> {
    let a = account(ctx, &args.account).await?;
    let repo = args.repo.trim();
    let changed = ctx.store.unmute(a.id, repo).await?;
    let words = if changed {
        format!("unmuted {repo} on {}", a.name)
    } else {
        format!("{repo} was not muted on {}", a.name)
    };
    say(
        args.json,
        json!({"account": a.name, "repo": repo, "muted": false, "changed": changed}),
        words,
    )
}

/// Lists the muted repositories.
pub async fn muted(ctx: &Context, args: &MutedArgs) -> Result<(), CliError> {
    let accounts = ctx.store.list_accounts().await?;
    let rows: Vec<serde_json::Value> = ctx
        .store
        .muted_repos()
        .await?
        .into_iter()
        .map(|m| {
            let name = accounts
                .iter()
                .find(|a| a.id.to_string() == m.account_id)
                .map_or(m.account_id.clone(), |a| a.name.clone());
            json!({"account": name, "repo": m.repo, "muted_at": text(m.muted_at)})
        })
        .collect();
    let words = if rows.is_empty() {
        "no muted repositories".to_string()
    } else {
        rows.iter()
            .map(|r| {
                format!(
                    "{}  [{}]",
                    r["repo"].as_str().unwrap_or(""),
                    r["account"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    say(args.json, serde_json::Value::Array(rows), words)
}
