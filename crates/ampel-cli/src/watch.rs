//! `ampel-cli watch list|add|remove`: the repositories an account watches (the
//! Watched repositories section), on the same store as the app.

use crate::context::Context;
use crate::exit::CliError;
use serde_json::json;

/// What to do with watched repositories.
#[derive(Debug, clap::Subcommand)]
pub enum WatchCommand {
    /// List the watched repositories (of one account, or of every account).
    List {
        /// Account id or name.
        account: Option<String>,
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Watch repositories (`owner/name`, GitLab `group/sub/project`).
    Add {
        /// Account id or name.
        account: String,
        /// The repositories.
        #[arg(required = true)]
        repos: Vec<String>,
    },
    /// Stop watching repositories.
    Remove {
        /// Account id or name.
        account: String,
        /// The repositories.
        #[arg(required = true)]
        repos: Vec<String>,
    },
}

/// Runs a `watch` command.
pub async fn run(ctx: &Context, cmd: &WatchCommand) -> Result<(), CliError> {
    match cmd {
        WatchCommand::List { account, json } => {
            let accounts = match account {
                Some(name) => vec![ctx.store.find_account(name).await?],
                None => ctx.store.list_accounts().await?,
            };
            let mut rows = Vec::new();
            for a in &accounts {
                for repo in ctx.store.watched_repos(a.id).await? {
                    rows.push((a.name.clone(), repo));
                }
            }
            if *json {
                let value: Vec<_> = rows
                    .iter()
                    .map(|(a, r)| json!({"account": a, "repo": r}))
                    .collect();
                let out = serde_json::to_string_pretty(&value)
                    .map_err(|e| CliError::Input(format!("cannot print JSON: {e}")))?;
                println!("{out}");
            } else if rows.is_empty() {
                println!("no watched repositories");
            } else {
                for (a, r) in rows {
                    println!("{r}  [{a}]");
                }
            }
            Ok(())
        }
        WatchCommand::Add { account, repos } | WatchCommand::Remove { account, repos } => {
            let add = matches!(cmd, WatchCommand::Add { .. });
            let a = ctx.store.find_account(account).await?;
            let mut now = ctx.store.watched_repos(a.id).await?;
            let given: Vec<&str> = repos.iter().map(|r| r.trim()).collect();
            if given.iter().any(|r| r.is_empty()) {
                return Err(CliError::Input(
                    "a repository name must not be empty".into(),
                ));
            }
            // Names compared by the forge's rule: a name watched in another case is kept.
            let same = |x: &str, y: &str| ampel_core::repo_name::same(a.provider, x, y);
            if add {
                for r in &given {
                    if !now.iter().any(|w| same(w, r)) {
                        now.push((*r).to_string());
                    }
                }
            } else {
                now.retain(|w| !given.iter().any(|r| same(w, r)));
            }
            ctx.store.set_watched_repos(a.id, &now).await?;
            let verb = if add { "watching" } else { "stopped watching" };
            println!("{verb} {} on {}", given.join(", "), a.name);
            Ok(())
        }
    }
}
