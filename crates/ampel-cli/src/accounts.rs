//! `accounts …` commands: each parses, calls one store function, prints.

use crate::context::Context;
use crate::exit::CliError;
use crate::input::token_from_stdin;
use ampel_core::Provider;
use ampel_store::{Account, NewAccount};
use clap::Subcommand;

/// Account commands.
#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// List accounts (never tokens; only hints).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add an account; the token is read from standard input.
    Add {
        /// github, gitlab, bitbucket or gitea (forgejo, codeberg)
        #[arg(long)]
        provider: String,
        /// A unique friendly name.
        #[arg(long)]
        name: String,
        /// The forge's URL (required for gitea; https, or http on localhost).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Username or Atlassian email (Bitbucket API tokens).
        #[arg(long, value_name = "USER")]
        username: Option<String>,
        /// Read the token from standard input (the only way to pass it).
        #[arg(long, required = true)]
        token_stdin: bool,
        /// Do not validate against the forge; the account is saved as not verified.
        #[arg(long)]
        no_test: bool,
        /// Print the saved account as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Re-validate an account's stored token against its forge and record the result.
    Test {
        /// Account name or id.
        account: String,
        /// Print the account and the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Give an account a new friendly name.
    Rename {
        /// Account name or id.
        account: String,
        /// The new name.
        new_name: String,
    },
    /// Replace an account's token (read from standard input).
    SetToken {
        /// Account name or id.
        account: String,
        /// Read the token from standard input (the only way to pass it).
        #[arg(long, required = true)]
        token_stdin: bool,
    },
    /// Delete an account and its stored token.
    Remove {
        /// Account name or id.
        account: String,
    },
    /// Keep an account but stop using it.
    Disable {
        /// Account name or id.
        account: String,
    },
    /// Use a disabled account again.
    Enable {
        /// Account name or id.
        account: String,
    },
}

/// Runs an account command.
pub async fn run(ctx: &Context, cmd: &AccountsCommand) -> Result<(), CliError> {
    let store = &ctx.store;
    match cmd {
        AccountsCommand::List { json } => {
            let accounts = store.list_accounts().await?;
            if *json {
                println!("{}", to_json(&accounts)?);
            } else {
                print_table(&accounts);
            }
        }
        AccountsCommand::Add {
            provider,
            name,
            base_url,
            username,
            json,
            ..
        } => {
            let provider: Provider =
                provider
                    .parse()
                    .map_err(|e: ampel_core::provider::UnknownProvider| {
                        CliError::Input(e.to_string())
                    })?;
            let token = token_from_stdin()?;
            let account = store
                .add_account(NewAccount {
                    provider,
                    name: name.clone(),
                    base_url: base_url.clone(),
                    username: username.clone(),
                    token,
                })
                .await?;
            if *json {
                println!("{}", to_json(&account)?);
            } else {
                println!(
                    "Added {} account {:?} ({}), token {}: not verified.",
                    account.provider.display_name(),
                    account.name,
                    account.id,
                    account.token_hint
                );
            }
        }
        AccountsCommand::Test { .. } => {
            return Err(CliError::Input("accounts test runs in check.rs".into()))
        }
        AccountsCommand::Rename { account, new_name } => {
            let found = store.find_account(account).await?;
            store.rename_account(found.id, new_name).await?;
            println!("Renamed {:?} to {:?}.", found.name, new_name.trim());
        }
        AccountsCommand::SetToken { account, .. } => {
            let found = store.find_account(account).await?;
            let token = token_from_stdin()?;
            store.set_token(found.id, &token).await?;
            println!(
                "Replaced the token of {:?} ({}): not verified.",
                found.name,
                token.hint()
            );
        }
        AccountsCommand::Remove { account } => {
            let found = store.find_account(account).await?;
            store.remove_account(found.id).await?;
            println!("Removed {:?}.", found.name);
        }
        AccountsCommand::Disable { account } | AccountsCommand::Enable { account } => {
            let enable = matches!(cmd, AccountsCommand::Enable { .. });
            let found = store.find_account(account).await?;
            store.set_enabled(found.id, enable).await?;
            let word = if enable { "Enabled" } else { "Disabled" };
            println!("{word} {:?}.", found.name);
        }
    }
    Ok(())
}

/// Pretty JSON for `--json` output.
pub fn to_json(value: &impl serde::Serialize) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Input(format!("json: {e}")))
}

fn print_table(accounts: &[Account]) {
    if accounts.is_empty() {
        println!(
            "No accounts. Add one with: ampel-cli accounts add --provider … --name … --token-stdin"
        );
        return;
    }
    println!(
        "{:<24} {:<10} {:<32} {:<14} {:<13} {:<8} TOKEN",
        "NAME", "PROVIDER", "BASE URL", "HINT", "VALIDATION", "ENABLED"
    );
    for a in accounts {
        println!(
            "{:<24} {:<10} {:<32} {:<14} {:<13} {:<8} {}",
            a.name,
            a.provider.as_str(),
            a.base_url,
            a.token_hint,
            a.validation.as_str(),
            if a.enabled { "yes" } else { "no" },
            a.token_state.label()
        );
    }
}
