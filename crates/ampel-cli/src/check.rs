//! Commands that ask a forge about a token: `test` (nothing saved), `accounts add`
//! (validated unless `--no-test`) and `accounts test NAME` (re-validate and record),
//! over the shared account workflows of ampel-accounts.

use crate::accounts::{to_json, AccountsCommand};
use crate::context::Context;
use crate::exit::CliError;
use crate::input::token_from_stdin;
use ampel_accounts::{Accounts, AccountsError, Check};
use ampel_core::Provider;
use ampel_forge::{AccountSpec, HttpConfig, Report, Validation, Validator};
use ampel_store::NewAccount;
use serde_json::json;

/// `ampel-cli test`: validate a token without saving it.
#[derive(Debug, clap::Args)]
pub struct TestArgs {
    /// github, gitlab, bitbucket or gitea (forgejo, codeberg)
    #[arg(long)]
    provider: String,
    /// The forge's URL (required for gitea; https, or http on localhost).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Atlassian account email (Bitbucket API tokens) or username.
    #[arg(long, value_name = "USER")]
    username: Option<String>,
    /// Read the token from standard input (the only way to pass it).
    #[arg(long, required = true)]
    token_stdin: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

fn provider(s: &str) -> Result<Provider, CliError> {
    s.parse()
        .map_err(|e: ampel_core::provider::UnknownProvider| CliError::Input(e.to_string()))
}

/// The forge client with default timeouts.
pub fn validator() -> Result<Validator, CliError> {
    Validator::new(&HttpConfig::default()).map_err(|e| CliError::Forge(Box::new(e)))
}

/// Runs `ampel-cli test`.
pub async fn test(args: &TestArgs) -> Result<(), CliError> {
    let spec = AccountSpec {
        provider: provider(&args.provider)?,
        base_url: args.base_url.clone(),
        username: args.username.clone(),
        last_known_expiry: None,
    };
    let token = token_from_stdin()?;
    let report = validator()?.test_connection(&spec, &token).await;
    if args.json {
        println!("{}", to_json(&report)?);
    } else {
        print_report(&report);
    }
    outcome(&report)
}

/// True for the account commands this module runs.
pub fn handles(cmd: &AccountsCommand) -> bool {
    matches!(
        cmd,
        AccountsCommand::Test { .. } | AccountsCommand::Add { no_test: false, .. }
    )
}

/// Runs `accounts add` (validated) and `accounts test NAME`; closes the store.
pub async fn accounts(ctx: Context, cmd: &AccountsCommand) -> Result<(), CliError> {
    let accounts = Accounts::new(ctx.store, validator()?);
    let result = run(&accounts, cmd).await;
    accounts.store().pool().close().await;
    result
}

async fn run(accounts: &Accounts, cmd: &AccountsCommand) -> Result<(), CliError> {
    match cmd {
        AccountsCommand::Add {
            provider: p,
            name,
            base_url,
            username,
            json,
            ..
        } => {
            let new = NewAccount {
                provider: provider(p)?,
                name: name.clone(),
                base_url: base_url.clone(),
                username: username.clone(),
                token: token_from_stdin()?,
            };
            match accounts.add(new, Check::Validate).await {
                Ok(saved) => {
                    if *json {
                        println!("{}", to_json(&saved.account)?);
                    } else {
                        let who = saved.validation.as_ref().map(describe).unwrap_or_default();
                        println!(
                            "Added {} account {:?} ({}), token {}: verified{who}.",
                            saved.account.provider.display_name(),
                            saved.account.name,
                            saved.account.id,
                            saved.account.token_hint
                        );
                    }
                    Ok(())
                }
                Err(AccountsError::Forge(e)) => {
                    if *json {
                        println!("{}", to_json(&json!({"ok": false, "error": e.report()}))?);
                    }
                    Err(CliError::Forge(e))
                }
                Err(e) => Err(e.into()),
            }
        }
        AccountsCommand::Test { account, json } => {
            let found = accounts.store().find_account(account).await?;
            let r = accounts.retest(found.id).await?;
            if *json {
                println!(
                    "{}",
                    to_json(&json!({"account": r.account, "report": r.report}))?
                );
            } else {
                print_report(&r.report);
            }
            outcome(&r.report)
        }
        _ => Err(CliError::Input("not a validation command".into())),
    }
}

/// Ok for a working token, else the diagnosis as the error (and exit code).
fn outcome(report: &Report) -> Result<(), CliError> {
    match &report.error {
        Some(e) => Err(CliError::Forge(Box::new(e.error.clone()))),
        None => Ok(()),
    }
}

fn describe(v: &Validation) -> String {
    match &v.identity {
        Some(i) => format!(" as {}", i.login),
        None => String::new(),
    }
}

fn print_report(report: &Report) {
    for w in &report.warnings {
        println!("warning: {}", w.message);
    }
    let Some(v) = &report.validation else {
        return; // the error is printed on stderr with its code
    };
    let kind = serde_json::to_value(v.token_kind).unwrap_or_default();
    println!(
        "OK: {} token{}, kind {}",
        v.provider.display_name(),
        describe(v),
        kind.as_str().unwrap_or("unknown")
    );
    match &v.scopes {
        Some(s) => println!(
            "scopes: {}",
            if s.is_empty() {
                "(none)".into()
            } else {
                s.join(", ")
            }
        ),
        None => println!("scopes: not reported by the forge"),
    }
    if !v.missing_read.is_empty() {
        println!("missing for reading: {}", v.missing_read.join(", "));
    }
    if !v.missing_write.is_empty() {
        println!(
            "missing for approve/merge/comment: {}",
            v.missing_write.join(", ")
        );
    }
    match v.expires_in_days(time::OffsetDateTime::now_utc()) {
        Some(d) => println!("expires in {d} days"),
        None => println!("expiry: none reported"),
    }
    for n in &v.notes {
        println!("note: {n}");
    }
}
