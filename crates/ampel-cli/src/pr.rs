//! `ampel-cli pr approve|request-changes|comment|merge|merge-when-ready|…`: act on
//! one pull request of a stored account, with the head commit of the last sync
//! guarding every write that merges or rewrites the branch, then show the pull
//! request as the forge has it now (re-synced alone).

use crate::context::Context;
use crate::exit::CliError;
use ampel_accounts::Accounts;
use ampel_core::light::light;
use ampel_forge::actions::{Action, MergeMethod, UpdateStyle};
use serde_json::json;
use std::io::Read;

/// What to do.
#[derive(Debug, clap::Subcommand)]
pub enum PrCommand {
    /// Approve (the text on stdin with --body-stdin, where the forge takes one).
    Approve(Args),
    /// Request changes (the text on stdin with --body-stdin; required except on Bitbucket).
    RequestChanges(Args),
    /// Comment (the text on stdin with --body-stdin).
    Comment(Args),
    /// Merge with --method (the head of the last `sync` must still be the head).
    Merge(MergeArgs),
    /// Let the forge merge with --method once its rules pass (auto-merge; GitHub,
    /// GitLab, Gitea).
    MergeWhenReady(MergeArgs),
    /// Turn auto-merge off.
    CancelMergeWhenReady(Args),
    /// Add to the base branch's merge queue (GitHub) or merge train (GitLab), the
    /// only way to merge where the branch requires one.
    AddToQueue(QueueArgs),
    /// Take it out of the merge queue / train.
    RemoveFromQueue(Args),
    /// Bring a PR that is behind its base up to date (--style merge or rebase;
    /// GitLab rebases only).
    UpdateBranch(UpdateArgs),
}

/// Adding to a queue.
#[derive(Debug, clap::Args)]
pub struct QueueArgs {
    #[command(flatten)]
    pr: Args,
    /// merge or squash (GitLab trains; GitHub's queue uses its own method).
    #[arg(long, default_value = "merge", value_parser = parse_method)]
    method: MergeMethod,
}

/// Updating a branch.
#[derive(Debug, clap::Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    pr: Args,
    /// merge (the base merged in) or rebase (onto the base).
    #[arg(long, default_value = "merge", value_parser = parse_style)]
    style: UpdateStyle,
}

fn parse_style(s: &str) -> Result<UpdateStyle, String> {
    UpdateStyle::parse(s).ok_or_else(|| "expected merge or rebase".to_string())
}

/// Which pull request.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Account id or name.
    account: String,
    /// `owner/name` (GitLab `group/sub/project`, Bitbucket `workspace/slug`).
    repo: String,
    /// PR number / MR iid.
    number: u64,
    /// Read the text (Markdown, sent as typed) from standard input.
    #[arg(long)]
    body_stdin: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// A merge.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    #[command(flatten)]
    pr: Args,
    /// merge, squash, rebase, rebase_merge or fast_forward (what the forge and repository allow).
    #[arg(long, default_value = "merge", value_parser = parse_method)]
    method: MergeMethod,
    /// Delete the source branch after the merge (GitLab, Bitbucket, Gitea).
    #[arg(long)]
    delete_branch: bool,
}

fn parse_method(s: &str) -> Result<MergeMethod, String> {
    MergeMethod::parse(s).ok_or_else(|| {
        "expected one of merge, squash, rebase, rebase_merge, fast_forward".to_string()
    })
}

/// The largest text read from stdin.
const MAX_BODY: usize = 256 * 1024;

fn body(args: &Args) -> Result<Option<String>, CliError> {
    if !args.body_stdin {
        return Ok(None);
    }
    let mut buf = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| CliError::Input(format!("could not read the text from stdin: {e}")))?;
    if buf.len() > MAX_BODY {
        return Err(CliError::Input(format!(
            "the text on stdin is longer than {MAX_BODY} bytes"
        )));
    }
    let text = String::from_utf8(buf)
        .map_err(|_| CliError::Input("the text on stdin is not UTF-8".into()))?;
    Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
}

fn required(args: &Args, what: &str) -> Result<String, CliError> {
    match body(args)? {
        Some(b) if !b.trim().is_empty() => Ok(b),
        _ => Err(CliError::Input(format!(
            "{what} needs a text: pipe it on standard input with --body-stdin"
        ))),
    }
}

/// Runs the action and prints what happened and the PR's light now.
pub async fn run(ctx: Context, cmd: &PrCommand) -> Result<(), CliError> {
    let (args, action) = match cmd {
        PrCommand::Approve(a) => (a, Action::Approve { body: body(a)? }),
        PrCommand::RequestChanges(a) => {
            let text = body(a)?.unwrap_or_default();
            (a, Action::RequestChanges { body: text })
        }
        PrCommand::Comment(a) => (
            a,
            Action::Comment {
                body: required(a, "a comment")?,
            },
        ),
        PrCommand::Merge(m) => (
            &m.pr,
            Action::Merge {
                method: m.method,
                delete_branch: m.delete_branch,
            },
        ),
        PrCommand::MergeWhenReady(m) => (
            &m.pr,
            Action::MergeWhenReady {
                method: m.method,
                delete_branch: m.delete_branch,
            },
        ),
        PrCommand::CancelMergeWhenReady(a) => (a, Action::CancelMergeWhenReady),
        PrCommand::AddToQueue(q) => (&q.pr, Action::AddToQueue { method: q.method }),
        PrCommand::RemoveFromQueue(a) => (a, Action::RemoveFromQueue),
        PrCommand::UpdateBranch(u) => (&u.pr, Action::UpdateBranch { style: u.style }),
    };
    let account = ctx.store.find_account(&args.account).await?;
    // Only a pull request of the cache (by the forge's name rule): one not synced is
    // not found, before anything is sent.
    let cached = ctx
        .store
        .cached_pr(account.id, &args.repo, args.number)
        .await?;
    let accounts = Accounts::new(ctx.store, crate::check::validator()?);
    let result = ampel_sync::act(&accounts, &account, &cached.pr.repo, args.number, &action).await;
    accounts.store().pool().close().await;
    let acted = result.map_err(|e| match e {
        ampel_sync::ActFailure::Store(s) => CliError::Store(s),
        ampel_sync::ActFailure::Action(a) => CliError::Action(Box::new(a)),
    })?;
    let now = acted.pr.as_ref().map(|l| {
        let verdict = light(&l.pr);
        (
            verdict.light,
            verdict
                .reasons
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        )
    });
    if args.json {
        let value = json!({
            "action": acted.outcome.action,
            "message": acted.outcome.message,
            "requests": acted.outcome.requests,
            "resync_requests": acted.resync_requests,
            "resync_error": acted.resync_error,
            "open": acted.pr.is_some(),
            "light": now.as_ref().map(|(l, _)| l),
            "reasons": now.as_ref().map(|(_, r)| r),
        });
        let text = serde_json::to_string_pretty(&value)
            .map_err(|e| CliError::Input(format!("cannot print JSON: {e}")))?;
        println!("{text}");
        return Ok(());
    }
    println!(
        "{} ({} request(s))",
        acted.outcome.message, acted.outcome.requests
    );
    match (&now, &acted.resync_error) {
        (_, Some(e)) => println!("could not read it again: {e}"),
        (Some((l, reasons)), None) => {
            let light = format!("{l:?}").to_uppercase();
            if reasons.is_empty() {
                println!("now {light}");
            } else {
                println!("now {light} — {}", reasons.join(", "));
            }
        }
        (None, None) => println!("it is no longer open"),
    }
    Ok(())
}
