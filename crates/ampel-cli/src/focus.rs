//! `ampel-cli exclude list|add|remove` and `ampel-cli profile list|add|remove|use`:
//! the Focus rules and profiles (issue 29) on the same store as the app.

use crate::accounts::to_json;
use crate::context::Context;
use crate::exit::CliError;
use ampel_core::focus::{active, next_change, Manual, Profile, RuleKind, Window};
use serde_json::json;

/// `exclude`.
#[derive(Debug, clap::Subcommand)]
pub enum ExcludeCommand {
    /// List the exclusion rules.
    List(JsonArg),
    /// Add a rule: bots, others-drafts, author GLOB, repo GLOB, org NAME or label NAME.
    Add(AddRule),
    /// Remove a rule by its id (see `exclude list`).
    Remove(ById),
}

/// `--json`.
#[derive(Debug, clap::Args)]
pub struct JsonArg {
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

/// `exclude add`.
#[derive(Debug, clap::Args)]
pub struct AddRule {
    /// bots, others-drafts, author, repo, org or label.
    kind: String,
    /// The glob (author, repo: `*` any run, `?` one character) or name (org, label).
    value: Option<String>,
    /// Only for this account (id or name); all accounts without it.
    #[arg(long)]
    account: Option<String>,
    #[command(flatten)]
    json: JsonArg,
}

/// A rule id or profile name.
#[derive(Debug, clap::Args)]
pub struct ById {
    /// The rule's id / the profile's name.
    id: String,
}

/// `profile`.
#[derive(Debug, clap::Subcommand)]
pub enum ProfileCommand {
    /// List the profiles and which one is active now.
    List(JsonArg),
    /// Add a profile (or replace the one of that name).
    Add(AddProfile),
    /// Remove a profile.
    Remove(ById),
    /// Follow a profile (or `all`) until the next scheduled change; `schedule` goes
    /// back to the schedule.
    Use(ById),
}

/// `profile add`.
#[derive(Debug, clap::Args)]
pub struct AddProfile {
    /// Its name ("Work").
    name: String,
    /// An account it follows (id or name); repeat for more.
    #[arg(long = "account", required = true)]
    accounts: Vec<String>,
    /// Only this organisation / group / workspace of them; repeat for more.
    #[arg(long = "org")]
    orgs: Vec<String>,
    /// When it is active by itself, e.g. "mon-fri 09:00-18:00" (local time); repeat for more.
    #[arg(long = "schedule", value_parser = Window::parse)]
    schedule: Vec<Window>,
}

fn rule_kind(kind: &str, value: Option<&str>) -> Result<RuleKind, CliError> {
    let value = || {
        value
            .map(str::to_string)
            .ok_or_else(|| CliError::Input(format!("`exclude add {kind}` needs a value")))
    };
    Ok(
        match kind.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "bots" => RuleKind::Bots,
            "others-drafts" => RuleKind::OthersDrafts,
            "author" => RuleKind::Author { pattern: value()? },
            "repo" | "repository" => RuleKind::Repo { pattern: value()? },
            "org" | "group" | "workspace" => RuleKind::Org { name: value()? },
            "label" => RuleKind::Label { name: value()? },
            other => {
                return Err(CliError::Input(format!(
                    "{other:?}: expected bots, others-drafts, author, repo, org or label"
                )))
            }
        },
    )
}

/// Runs `exclude …`.
pub async fn exclude(ctx: &Context, cmd: &ExcludeCommand) -> Result<(), CliError> {
    let accounts = ctx.store.list_accounts().await?;
    let account_name = |id: &Option<String>| match id {
        None => "all accounts".to_string(),
        Some(id) => accounts
            .iter()
            .find(|a| a.id.to_string() == *id)
            .map_or_else(|| id.clone(), |a| a.name.clone()),
    };
    match cmd {
        ExcludeCommand::List(a) => {
            let rules = ctx.store.exclusion_rules().await?;
            if a.json {
                println!("{}", to_json(&rules)?);
            } else if rules.is_empty() {
                println!("no exclusion rules");
            } else {
                for r in &rules {
                    println!("{}  {}  ({})", r.id, r.words(), account_name(&r.account));
                }
            }
        }
        ExcludeCommand::Add(a) => {
            let kind = rule_kind(&a.kind, a.value.as_deref())?;
            let rule = ctx
                .store
                .add_exclusion_rule(kind, a.account.clone(), ampel_core::triage::now())
                .await?;
            if a.json.json {
                println!("{}", to_json(&rule)?);
            } else {
                println!(
                    "hiding {} ({}): rule {}",
                    rule.words(),
                    account_name(&rule.account),
                    rule.id
                );
            }
        }
        ExcludeCommand::Remove(r) => {
            if !ctx.store.remove_exclusion_rule(&r.id).await? {
                return Err(CliError::NoSuchFocus(format!("no exclusion rule {}", r.id)));
            }
            println!("removed rule {}", r.id);
        }
    }
    Ok(())
}

/// Runs `profile …`.
pub async fn profile(ctx: &Context, cmd: &ProfileCommand) -> Result<(), CliError> {
    let now = ampel_core::triage::now();
    let zone = crate::local::zone();
    let profiles = ctx.store.profiles().await?;
    match cmd {
        ProfileCommand::List(a) => {
            let manual = ctx.store.manual_profile().await?;
            let on = active(&profiles, manual.as_ref(), now, zone);
            let current = on.profile.map(|p| p.name.clone());
            if a.json {
                let value = json!({
                    "profiles": profiles,
                    "active": current,
                    "by_hand": on.by_hand,
                    "next_change": next_change(&profiles, now, zone)
                        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok()),
                });
                println!("{}", to_json(&value)?);
                return Ok(());
            }
            if profiles.is_empty() {
                println!("no profiles: the tray and notifications follow every account");
            }
            for p in &profiles {
                let mark = if current.as_deref() == Some(p.name.as_str()) {
                    if on.by_hand {
                        " (active, picked by hand)"
                    } else {
                        " (active)"
                    }
                } else {
                    ""
                };
                let when: Vec<String> = p.schedule.iter().map(Window::words).collect();
                let when = if when.is_empty() {
                    "by hand only".to_string()
                } else {
                    when.join("; ")
                };
                println!("{}{mark}: {} account(s), {when}", p.name, p.accounts.len());
            }
            if current.is_none() && on.by_hand {
                println!("following all accounts (picked by hand)");
            }
        }
        ProfileCommand::Add(a) => {
            let p = Profile {
                name: a.name.clone(),
                accounts: a.accounts.clone(),
                orgs: a.orgs.clone(),
                schedule: a.schedule.clone(),
            };
            ctx.store.put_profile(&p, now).await?;
            println!("saved profile {}", p.name.trim());
        }
        ProfileCommand::Remove(r) => {
            if !ctx.store.remove_profile(&r.id).await? {
                return Err(CliError::NoSuchFocus(format!("no profile {}", r.id)));
            }
            println!("removed profile {}", r.id.trim());
        }
        ProfileCommand::Use(r) => {
            let name = r.id.trim();
            if name.eq_ignore_ascii_case("schedule") {
                ctx.store.set_manual_profile(None).await?;
                println!("following the schedule");
                return Ok(());
            }
            let profile = if name.eq_ignore_ascii_case("all") {
                None
            } else if profiles.iter().any(|p| p.name == name) {
                Some(name.to_string())
            } else {
                return Err(CliError::NoSuchFocus(format!("no profile {name}")));
            };
            let until = next_change(&profiles, now, zone);
            ctx.store
                .set_manual_profile(Some(&Manual {
                    profile: profile.clone(),
                    until,
                }))
                .await?;
            let until = until.map_or_else(
                || "until changed".to_string(),
                |t| format!("until {}", crate::local::minute(t)),
            );
            println!(
                "following {} {until}",
                profile.as_deref().unwrap_or("all accounts")
            );
        }
    }
    Ok(())
}
