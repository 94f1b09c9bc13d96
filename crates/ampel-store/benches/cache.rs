//! Benchmark of the dashboard cache on a real SQLite file: upsert 10,000 PRs in
//! one account's transaction (into an empty cache, unchanged, a tenth changed)
//! against the floor for this schema, a plain prepared INSERT of the same rows in
//! one transaction, and load 5,000. Prints figures; asserts nothing.

use ampel_core::changes::{pr_key, Listed};
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

const SAMPLES: usize = 30;

/// p50, p95 and max of durations in milliseconds.
fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| v[((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1];
    (at(0.5), at(0.95), v[v.len() - 1])
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The floor for this schema: the same rows (already as JSON, in key order, the
/// cheapest order for the table's B-tree) inserted into an empty cache with one
/// prepared single-row INSERT in one transaction.
async fn plain_insert(
    store: &Store,
    id: &str,
    rows: &[(String, i64, String)],
) -> Result<f64, sqlx::Error> {
    let start = Instant::now();
    let mut tx = store.pool().begin().await?;
    for (key, bits, data) in rows {
        sqlx::query(
            "INSERT INTO pull_requests (account_id, pr_key, sections, data) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(key)
        .bind(bits)
        .bind(data)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    let took = ms(start.elapsed());
    sqlx::query("DELETE FROM pull_requests WHERE account_id = ?")
        .bind(id)
        .execute(store.pool())
        .await?;
    Ok(took)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let mut ids = Vec::new();
    for name in ["bench", "floor"] {
        let account = store
            .add_account(NewAccount {
                provider: Provider::Github,
                name: name.into(),
                base_url: None,
                username: None,
                token: Secret::new(format!("ghp_benchBENCHbenchBENCHbenchBENCH{name:0>6}")),
            })
            .await?;
        ids.push(account.id);
    }
    let (account, floor_account) = (ids[0], ids[1].to_string());
    let id = account.to_string();
    let status = SyncStatus::default();

    let ten_k = listing(&id, 10_000);
    // The same listing with every tenth pull request changed (a new title).
    let mut tenth_changed = ten_k.clone();
    for l in tenth_changed.iter_mut().step_by(10) {
        l.pr.title.push_str(" (edited)");
    }
    let floor_rows: Vec<(String, i64, String)> = ten_k
        .iter()
        .map(|l| {
            let data = serde_json::to_string(&l.pr)?;
            Ok((pr_key(&l.pr), i64::from(l.sections.bits()), data))
        })
        .collect::<Result<_, serde_json::Error>>()?;
    let mut floor_rows = floor_rows;
    floor_rows.sort();

    let (mut floor, mut cold, mut same, mut tenth) = (vec![], vec![], vec![], vec![]);
    for _ in 0..SAMPLES {
        floor.push(plain_insert(&store, &floor_account, &floor_rows).await?);
        store.replace_prs(account, &[], &status).await?;
        let start = Instant::now();
        store.replace_prs(account, &ten_k, &status).await?;
        cold.push(ms(start.elapsed()));
        let start = Instant::now();
        store.replace_prs(account, &ten_k, &status).await?;
        same.push(ms(start.elapsed()));
        let start = Instant::now();
        store.replace_prs(account, &tenth_changed, &status).await?;
        tenth.push(ms(start.elapsed()));
    }
    let (floor50, floor95, floor_max) = stats(floor);
    println!(
        "SQLite cache, 10,000 PRs, {SAMPLES} samples each (ms p50 / p95 / max; ratio of p50s to the floor):"
    );
    println!(
        "  floor: plain INSERT, one prepared statement, one transaction: {floor50:.1} / {floor95:.1} / {floor_max:.1}"
    );
    for (what, v) in [
        ("upsert into an empty cache", cold),
        ("upsert of the same listing", same),
        ("upsert with every tenth PR changed", tenth),
    ] {
        let (p50, p95, max) = stats(v);
        println!(
            "  {what}: {p50:.1} / {p95:.1} / {max:.1}, ratio {:.2} (goal ≤ 1.5)",
            p50 / floor50
        );
    }

    store
        .replace_prs(account, &listing(&id, 5_000), &status)
        .await?;
    let mut loads = Vec::new();
    for _ in 0..SAMPLES {
        let start = Instant::now();
        let loaded = store.cached_prs().await?;
        loads.push(ms(start.elapsed()));
        assert_eq!(loaded.len(), 5_000);
    }
    let (p50, p95, max) = stats(loads);
    println!("  load 5,000 cached PRs: {p50:.1} / {p95:.1} / {max:.1}");
    Ok(())
}
