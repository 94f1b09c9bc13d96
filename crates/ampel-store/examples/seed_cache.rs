//! Seeds a data folder with one verified GitHub Enterprise account and N cached
//! pull requests (varied lights, labels, sections), so the start-up benchmark
//! (scripts/bench-startup.sh) can open the app on a full dashboard without a forge.
//! The account's forge is a closed local port: refreshes fail at once, offline.
//! Usage: cargo run --release -p ampel-store --example seed_cache -- DATA_DIR [COUNT]

use ampel_core::changes::Listed;
use ampel_core::pr::{Check, CheckState, Checks, PullRequest};
use ampel_core::section::{Section, Sections};
use ampel_core::{Provider, Secret};
use ampel_store::{KeySource, NewAccount, Store, SyncStatus, ValidationRecord, ValidationStatus};
use std::path::PathBuf;
use time::macros::datetime;

fn listing(account: &str, count: u64) -> Vec<Listed> {
    (1..=count)
        .map(|i| {
            let repo = format!("octo-org/repo-{}", i % 40);
            let mut pr = PullRequest::open(
                Provider::Github,
                account,
                &repo,
                i,
                datetime!(2026-11-01 9:00 UTC) + time::Duration::minutes(i as i64),
            );
            pr.title = format!("Change number {i} to the widget pipeline");
            pr.url = format!("http://127.0.0.1:9/{repo}/pull/{i}");
            pr.author = format!("dev{}", i % 17);
            pr.labels = if i % 3 == 0 {
                vec!["enhancement".into(), "backend".into()]
            } else {
                Vec::new()
            };
            pr.draft = i % 11 == 0;
            let state = match i % 9 {
                0 => CheckState::Failure,
                1 => CheckState::Pending,
                _ => CheckState::Success,
            };
            pr.checks = Checks {
                runs: vec![Check {
                    name: "build".into(),
                    state,
                }],
                combined: None,
            };
            Listed {
                pr,
                sections: Sections::of(Section::ALL[(i % 4) as usize]),
            }
        })
        .collect()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args_os().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: seed_cache DATA_DIR [COUNT]")?);
    let count: u64 = match args.next() {
        Some(n) => n.to_str().ok_or("COUNT is not a number")?.parse()?,
        None => 5_000,
    };
    std::fs::create_dir_all(&dir)?;
    let store = Store::open(&dir, KeySource::file_in(&dir)).await?;
    let account = store
        .add_account(NewAccount {
            provider: Provider::Github,
            name: "Bench".into(),
            base_url: Some("http://127.0.0.1:9/api/v3".into()),
            username: None,
            token: Secret::new("ghp_benchSEEDbenchSEEDbenchSEEDbench0000".into()),
        })
        .await?;
    let now = time::OffsetDateTime::now_utc();
    store
        .update_validation(
            account.id,
            ValidationRecord {
                status: ValidationStatus::Verified,
                detail: None,
                identity: None,
                scopes: Some(vec!["repo".into(), "read:org".into()]),
                token_kind: Some("github_classic".into()),
                expires_at: None,
                validated_at: now,
            },
        )
        .await?;
    let status = SyncStatus {
        last_attempt_at: Some(now),
        last_success_at: Some(now),
        ..SyncStatus::default()
    };
    let prs = listing(&account.id.to_string(), count);
    store.replace_prs(account.id, &prs, &status).await?;
    store.close().await;
    println!("{count} pull requests cached in {}", dir.display());
    Ok(())
}
