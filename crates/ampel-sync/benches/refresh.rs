//! Refresh benchmark against ampel-fakeforge (prints figures; asserts nothing):
//! requests per refresh per forge for 1 account × 300 PRs (cold, then again with
//! nothing changed), and the wall time of a refresh of 10 accounts with 100 ms
//! injected latency as a ratio to one account (goal ≤ 1.5).

use ampel_accounts::{Accounts, Check};
use ampel_core::pr::CheckState;
use ampel_core::{Provider, Secret};
use ampel_fakeforge::{scenario, FakeForge, FakePr, FakeToken};
use ampel_forge::{HttpConfig, Validator};
use ampel_store::{KeySource, NewAccount, Store};
use std::time::{Duration, Instant};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

async fn accounts(dir: &tempfile::TempDir) -> Res<Accounts> {
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    Ok(Accounts::new(
        store,
        Validator::new(&HttpConfig::default())?,
    ))
}

fn demo_token(provider: Provider) -> (&'static str, Option<&'static str>) {
    match provider {
        Provider::Github => (scenario::DEMO_GITHUB_TOKEN, None),
        Provider::Gitlab => (scenario::DEMO_GITLAB_TOKEN, None),
        Provider::Bitbucket => (
            scenario::DEMO_BITBUCKET_TOKEN,
            Some(scenario::DEMO_BITBUCKET_EMAIL),
        ),
        Provider::Gitea => (scenario::DEMO_GITEA_TOKEN, None),
    }
}

/// 300 PRs on `provider`, each authored by, assigned to and awaiting review from
/// the demo user, spread over 20 repositories; every tenth fails CI; last updated
/// an hour ago.
fn three_hundred(provider: Provider) -> Vec<FakePr> {
    let ws = scenario::demo_repo(provider)
        .split('/')
        .next()
        .unwrap_or("octo");
    (1..=300)
        .map(|n| {
            let state = if n % 10 == 0 {
                CheckState::Failure
            } else {
                CheckState::Success
            };
            FakePr::new(
                provider,
                &format!("{ws}/repo-{}", n % 20),
                n,
                &format!("Change {n}"),
                scenario::DEMO_LOGIN,
            )
            .check("build", state)
            .assign(scenario::DEMO_LOGIN)
            .request_review(scenario::DEMO_LOGIN)
        })
        .map(|mut pr| {
            // Last updated an hour ago: "nothing changed" since the cold refresh
            // (Gitea's incremental search sees what moved in the last minute).
            pr.updated_at -= time::Duration::hours(1);
            pr
        })
        .collect()
}

async fn requests_per_refresh(provider: Provider) -> Res<(usize, usize)> {
    let forge = FakeForge::start().await?;
    for t in scenario::demo() {
        forge.add_token(t);
    }
    for pr in three_hundred(provider) {
        forge.add_pr(pr);
    }
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let (token, username) = demo_token(provider);
    accounts
        .add(
            NewAccount {
                provider,
                name: "bench".into(),
                base_url: Some(forge.base_url(provider)),
                username: username.map(str::to_string),
                token: Secret::new(token.into()),
            },
            Check::Validate,
        )
        .await?;
    let mut counts = Vec::new();
    for _ in 0..2 {
        forge.clear_requests();
        let report =
            ampel_sync::sync_all(&accounts, ampel_sync::DEFAULT_CONCURRENCY, |_| ()).await?;
        if let Some(Err(f)) = report.outcomes.first().map(|o| &o.result) {
            return Err(format!("{provider}: {} {}", f.code, f.message).into());
        }
        counts.push(forge.requests().len());
    }
    Ok((counts[0], counts[1]))
}

async fn refresh_time(n_accounts: usize, latency: Duration) -> Res<Duration> {
    let forge = FakeForge::start().await?;
    for pr in scenario::demo_prs_on(Provider::Github) {
        forge.add_pr(pr);
    }
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    for i in 0..n_accounts {
        let token = format!("ghp_bench{i:031}");
        let login = if i == 0 {
            scenario::DEMO_LOGIN.to_string()
        } else {
            format!("bench-user-{i}")
        };
        forge.add_token(FakeToken::github_classic(
            &token,
            &login,
            &["repo", "read:org", "read:user"],
        ));
        let new = NewAccount {
            provider: Provider::Github,
            name: format!("account {i}"),
            base_url: Some(forge.base_url(Provider::Github)),
            username: None,
            token: Secret::new(token),
        };
        accounts.add(new, Check::Validate).await?;
    }
    forge.set_latency(latency);
    let start = Instant::now();
    let report = ampel_sync::sync_all(&accounts, ampel_sync::DEFAULT_CONCURRENCY, |_| ()).await?;
    let elapsed = start.elapsed();
    if let Some(f) = report.failures().next() {
        return Err(format!("{}: {:?}", f.account_name, f.result.as_ref().err()).into());
    }
    Ok(elapsed)
}

/// The issue-13 goal for Bitbucket and Gitea over the bench's 20 repositories of 15
/// PRs (one list page each), every CI final: cold ≤ repos × pages + PRs × (status +
/// reviews), unchanged ≤ repos × pages + PRs whose CI still runs (none here).
fn print_bound(cold: usize, warm: usize) {
    let (repos, pages, prs, running) = (20, 1, 300, 0);
    let cold_goal = repos * pages + prs * 2;
    let warm_goal = repos * pages + running;
    println!(
        "            goal: cold ≤ {cold_goal} ({:+}), unchanged ≤ {warm_goal} ({:+}); \
         the rest is discovery (searches / workspaces) and required-approval rules",
        cold as i64 - cold_goal as i64,
        warm as i64 - warm_goal as i64,
    );
}

#[tokio::main]
async fn main() -> Res<()> {
    println!("requests per refresh, 1 account × 300 PRs (each in 3 sections):");
    for provider in Provider::ALL {
        let (cold, warm) = requests_per_refresh(provider).await?;
        println!(
            "  {:<9} {cold:>4} cold, {warm:>4} with nothing changed",
            provider.as_str()
        );
        if matches!(provider, Provider::Bitbucket | Provider::Gitea) {
            print_bound(cold, warm);
        }
    }
    let latency = Duration::from_millis(100);
    let one = refresh_time(1, latency).await?;
    let ten = refresh_time(10, latency).await?;
    println!(
        "refresh with 100 ms latency: 1 account {:.0} ms, 10 accounts {:.0} ms, ratio {:.2} (goal ≤ 1.5)",
        one.as_secs_f64() * 1e3,
        ten.as_secs_f64() * 1e3,
        ten.as_secs_f64() / one.as_secs_f64()
    );
    Ok(())
}
