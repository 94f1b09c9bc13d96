//! `ampel-cli snooze|unsnooze|pin|unpin|mute|unmute|muted`: triage on the same
//! store as the app (rules in ampel_core::triage).

use crate::context::Context;
use crate::exit::CliError;
use ampel_core::triage::{Snooze, SnoozeFor, SystemZone};
use ampel_store::Account;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use time::UtcOffset;

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
pub async fn snooze(ctx: &Context, args: &SnoozeArgs, local: UtcOffset) -> Result<(), CliError> {
    let a = account(ctx, &args.pr.account).await?;
    let listed = ctx
        .store
        .cached_pr(a.id, &args.pr.repo, args.pr.number)
        .await?;
    let now = ampel_core::triage::now();
    let snooze = Snooze::new(args.choice, &listed.pr, now, &SystemZone::local(local));
    ctx.store.snooze(&listed, &snooze, now).await?;
    let key = ampel_core::changes::pr_key(&listed.pr);
    let until = snooze.wakes_at().map(text);
    let words = match &until {
        Some(at) => format!("snoozed {key} until {at}"),
        None => format!("snoozed {key} until it changes"),
    };
    say(
        args.pr.json,
        json!({"pr": key, "snoozed": true, "wakes_at": until}),
        words,
    )
}

/// Ends a snooze.
pub async fn unsnooze(ctx: &Context, args: &PrRef) -> Result<(), CliError> {
    let a = account(ctx, &args.account).await?;
    let key = format!("{}#{}", args.repo.trim(), args.number);
    let was = ctx.store.unsnooze(a.id, &key).await?;
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

/// Pins or unpins a cached pull request.
pub async fn pin(ctx: &Context, args: &PrRef, on: bool) -> Result<(), CliError> {
    let a = account(ctx, &args.account).await?;
    let key = format!("{}#{}", args.repo.trim(), args.number);
    let changed = if on {
        let listed = ctx.store.cached_pr(a.id, &args.repo, args.number).await?;
        ctx.store.pin(&listed, ampel_core::triage::now()).await?;
        true
    } else {
        ctx.store.unpin(a.id, &key).await?
    };
    let words = match (on, changed) {
        (true, _) => format!("pinned {key}"),
        (false, true) => format!("unpinned {key}"),
        (false, false) => format!("{key} was not pinned"),
    };
    say(
        args.json,
        json!({"pr": key, "pinned": on, "changed": changed}),
        words,
    )
}

/// Mutes or unmutes a repository of an account.
pub async fn mute(ctx: &Context, args: &RepoRef, on: bool) -> Result<(), CliError> {
    let a = account(ctx, &args.account).await?;
    let repo = args.repo.trim();
    let changed = if on {
        ctx.store
            .mute(a.id, repo, ampel_core::triage::now())
            .await?;
        true
    } else {
        ctx.store.unmute(a.id, repo).await?
    };
    let words = match (on, changed) {
        (true, _) => format!("muted {repo} on {}", a.name),
        (false, true) => format!("unmuted {repo} on {}", a.name),
        (false, false) => format!("{repo} was not muted on {}", a.name),
    };
    say(
        args.json,
        json!({"account": a.name, "repo": repo, "muted": on, "changed": changed}),
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
