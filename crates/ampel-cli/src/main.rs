//! `ampel-cli`: manage Ampel's accounts and vault without the desktop app, on
//! the same database and keyring.

mod accounts;
mod check;
mod context;
mod dashboard;
mod exit;
mod focus;
mod input;
mod local;
mod pr;
mod triage;
mod vault;
mod watch;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Ampel's headless CLI: accounts, the token vault, sync and the cached dashboard.
#[derive(Debug, Parser)]
#[command(name = "ampel-cli", version, about, after_help = exit::help())]
struct Cli {
    #[command(flatten)]
    global: context::Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List, add, rename, disable, enable and remove forge accounts.
    #[command(subcommand)]
    Accounts(accounts::AccountsCommand),
    /// Inspect or rotate the data key that encrypts tokens.
    #[command(subcommand)]
    Vault(vault::VaultCommand),
    /// Validate a token against its forge without saving it.
    Test(check::TestArgs),
    /// Refresh every enabled account's pull requests from its forge into the cache.
    Sync(dashboard::SyncArgs),
    /// Show the cached pull requests with their traffic lights (offline).
    Prs(dashboard::PrsArgs),
    /// Approve, request changes, comment on or merge one pull request.
    #[command(subcommand)]
    Pr(pr::PrCommand),
    /// Snooze a cached pull request: it leaves its sections until the time passes or it changes.
    Snooze(triage::SnoozeArgs),
    /// End a snooze.
    Unsnooze(triage::PrRef),
    /// Pin a cached pull request to the top of its sections.
    Pin(triage::PrRef),
    /// Unpin a pull request.
    Unpin(triage::PrRef),
    /// Mute a repository of an account: its PRs stay only in Watched and never notify.
    Mute(triage::MuteArgs),
    /// Unmute a repository.
    Unmute(triage::RepoRef),
    /// List the muted repositories.
    Muted(triage::MutedArgs),
    /// List, add or remove the repositories an account watches.
    #[command(subcommand)]
    Watch(watch::WatchCommand),
    /// List, add or remove exclusion rules (bots, authors, repositories, organisations,
    /// labels, others' drafts): matching PRs leave every section, the tray and notifications.
    #[command(subcommand)]
    Exclude(focus::ExcludeCommand),
    /// List, add, remove or pick profiles: the accounts the tray and notifications
    /// follow, on a weekly schedule.
    #[command(subcommand)]
    Profile(focus::ProfileCommand),
}

fn main() -> ExitCode {
    if let Some(position) = input::token_on_argv(std::env::args_os().skip(1)) {
        return exit::report(&exit::CliError::TokenOnArgv(position));
    }
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return exit::report(&exit::CliError::Runtime(e.to_string())),
    };
    let result = runtime.block_on(async {
        if let Command::Test(args) = &cli.command {
            return check::test(args).await;
        }
        let ctx = context::Context::open(&cli.global).await?;
        let outcome = match &cli.command {
            Command::Accounts(cmd) if check::handles(cmd) => {
                return check::accounts(ctx, cmd).await
            }
            Command::Sync(args) => return dashboard::sync(ctx, args).await,
            Command::Pr(cmd) => return pr::run(ctx, cmd).await,
            Command::Prs(args) => dashboard::prs(&ctx, args).await,
            Command::Accounts(cmd) => accounts::run(&ctx, cmd).await,
            Command::Vault(cmd) => vault::run(&ctx, cmd).await,
            Command::Test(args) => check::test(args).await,
            Command::Snooze(args) => triage::snooze(&ctx, args).await,
            Command::Unsnooze(args) => triage::unsnooze(&ctx, args).await,
            Command::Pin(args) => triage::pin(&ctx, args, true).await,
            Command::Unpin(args) => triage::pin(&ctx, args, false).await,
            Command::Mute(args) => triage::mute(&ctx, args).await,
            Command::Unmute(args) => triage::unmute(&ctx, args).await,
            Command::Muted(args) => triage::muted(&ctx, args).await,
            Command::Watch(cmd) => watch::run(&ctx, cmd).await,
            Command::Exclude(cmd) => focus::exclude(&ctx, cmd).await,
            Command::Profile(cmd) => focus::profile(&ctx, cmd).await,
        };
        ctx.close().await;
        outcome
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit::report(&e),
    }
}
