//! Benchmark of the dashboard cache on a real SQLite file: load 5,000 cached PRs,
//! and upsert 10,000 in one account's transaction. Prints figures; asserts nothing.

use ampel_core::changes::Listed;
use ampel_core::pr::{Check, CheckState, Checks, PullRequest};
use ampel_core::section::{Section, Sections};
use ampel_core::{Provider, Secret};
use ampel_store::{KeySource, NewAccount, Store, SyncStatus};
use std::time::Instant;
use time::macros::datetime;

fn listing(account: &str, n: u64) -> Vec<Listed> {
    (1..=n)
        .map(|i| {
            let mut pr = PullRequest::open(
                Provider::Github,
                account,
                format!("org/repo{}", i % 50),
                i,
                datetime!(2026-11-01 9:00 UTC),
            );
            pr.title = format!("Make thing {i} faster and nicer to use");
            pr.url = format!("https://github.com/org/repo{}/pull/{i}", i % 50);
            pr.author = format!("dev{}", i % 17);
            pr.labels = vec!["enhancement".into(), "backend".into()];
            pr.checks = Checks {
                runs: vec![
                    Check {
                        name: "build".into(),
                        state: CheckState::Success,
                    },
                    Check {
                        name: "test".into(),
                        state: if i % 7 == 0 {
                            CheckState::Failure
                        } else {
                            CheckState::Success
                        },
                    },
                ],
                combined: None,
            };
            let section = Section::ALL[(i % 4) as usize];
            Listed {
                pr,
                sections: Sections::of(section),
            }
        })
        .collect()
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let account = store
        .add_account(NewAccount {
            provider: Provider::Github,
            name: "bench".into(),
            base_url: None,
            username: None,
            token: Secret::new("ghp_benchBENCHbenchBENCHbenchBENCH000000".into()),
        })
        .await?;
    let id = account.id.to_string();
    let status = SyncStatus::default();

    let ten_k = listing(&id, 10_000);
    let start = Instant::now();
    store.replace_prs(account.id, &ten_k, &status).await?;
    let first = start.elapsed();
    let start = Instant::now();
    store.replace_prs(account.id, &ten_k, &status).await?;
    let again = start.elapsed();
    println!(
        "upsert 10,000 PRs (one transaction): {:.1} ms cold, {:.1} ms replacing",
        first.as_secs_f64() * 1e3,
        again.as_secs_f64() * 1e3
    );

    store
        .replace_prs(account.id, &listing(&id, 5_000), &status)
        .await?;
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let loaded = store.cached_prs().await?;
        best = best.min(start.elapsed().as_secs_f64());
        assert_eq!(loaded.len(), 5_000);
    }
    println!("load 5,000 cached PRs: {:.1} ms (best of 5)", best * 1e3);
    Ok(())
}
