//! The per-account discovery answers and finished CI states kept for the CI
//! re-check bound, through real syncs (real SQLite, the fake forge over HTTP, an
//! injected clock): with nothing changed a refresh asks only for the repositories'
//! PR lists (GitLab: its three section lists), and a PR in a repository new to the
//! account shows once the bound passed, not before.

use ampel_accounts::{Accounts, Check};
use ampel_core::pr::CheckState;
use ampel_core::{Provider, Secret};
use ampel_fakeforge::{scenario, FakeForge, FakePr};
use ampel_forge::{HttpConfig, Validator};
use ampel_store::{KeySource, NewAccount, Store};
use ampel_sync::{sync_all_with, SyncOptions};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

type R = Result<(), Box<dyn std::error::Error>>;

const T0: OffsetDateTime = datetime!(2026-11-02 9:00 UTC);
/// The settings' default bound.
const BOUND: Duration = Duration::minutes(15);

/// The demo account of `provider` on `forge`, in a fresh store.
async fn account_on(
    forge: &FakeForge,
    provider: Provider,
    dir: &tempfile::TempDir,
) -> Result<(Accounts, Uuid), Box<dyn std::error::Error>> {
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let accounts = Accounts::new(store, Validator::new(&HttpConfig::default())?);
    let (token, username) = match provider {
        Provider::Bitbucket => (
            scenario::DEMO_BITBUCKET_TOKEN,
            Some(scenario::DEMO_BITBUCKET_EMAIL.to_string()),
        ),
        Provider::Gitea => (scenario::DEMO_GITEA_TOKEN, None),
        Provider::Gitlab => (scenario::DEMO_GITLAB_TOKEN, None),
        Provider::Github => (scenario::DEMO_GITHUB_TOKEN, None),
    };
    let saved = accounts
        .add(
            NewAccount {
                provider,
                name: format!("{provider} account"),
                base_url: Some(forge.base_url(provider)),
                username,
                token: Secret::new(token.into()),
            },
            Check::Validate,
        )
        .await?;
    Ok((accounts, saved.account.id))
}

/// One refresh at `now`: its request count (from the fake forge's log).
async fn sync_at(
    accounts: &Accounts,
    forge: &FakeForge,
    now: OffsetDateTime,
) -> Result<usize, Box<dyn std::error::Error>> {
    forge.clear_requests();
    let options = SyncOptions {
        now: Some(now),
        ..SyncOptions::default()
    };
    let report = sync_all_with(accounts, &options, |_| ()).await?;
    if let Some(Err(f)) = report.outcomes.first().map(|o| &o.result) {
        return Err(format!("{}: {}", f.code, f.message).into());
    }
    Ok(forge.requests().len())
}

/// The cached PRs' repositories of the account.
async fn cached_repos(
    accounts: &Accounts,
    id: Uuid,
) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut repos: Vec<String> = accounts
        .store()
        .cached_prs_of(id)
        .await?
        .into_iter()
        .map(|l| l.pr.repo)
        .collect();
    repos.sort();
    repos.dedup();
    Ok(repos)
}

/// A PR of mine with a finished CI, awaiting my review, in `repo`.
fn finished(provider: Provider, repo: &str, n: u64) -> FakePr {
    FakePr::new(provider, repo, n, "finished", scenario::DEMO_LOGIN)
        .check("build", CheckState::Success)
        .request_review(scenario::DEMO_LOGIN)
}

#[tokio::test]
async fn a_new_repository_shows_at_the_bound_and_an_unchanged_refresh_reads_the_lists_only() -> R {
    for provider in [Provider::Gitea, Provider::Bitbucket] {
        let forge = FakeForge::start_with_demo_tokens().await?;
        let ws = scenario::demo_repo(provider)
            .split('/')
            .next()
            .unwrap_or_default();
        let (known, fresh) = (format!("{ws}/known"), format!("{ws}/fresh"));
        forge.add_pr(finished(provider, &known, 1));
        let dir = tempfile::tempdir()?;
        let (accounts, id) = account_on(&forge, provider, &dir).await?;

        let cold = sync_at(&accounts, &forge, T0).await?;
        assert!(cold > 1, "{provider}: {cold}");
        forge.add_pr(finished(provider, &fresh, 2));

        let warm = sync_at(&accounts, &forge, T0 + BOUND - Duration::seconds(1)).await?;
        assert_eq!(
            warm,
            1,
            "{provider}: the known repository's list only: {:#?}",
            forge.requests()
        );
        assert_eq!(
            cached_repos(&accounts, id).await?,
            vec![known.clone()],
            "{provider}"
        );

        sync_at(&accounts, &forge, T0 + BOUND).await?;
        assert_eq!(
            cached_repos(&accounts, id).await?,
            vec![fresh.clone(), known.clone()],
            "{provider}: the new repository at the bound"
        );
    }
    Ok(())
}

#[tokio::test]
async fn gitlab_asks_for_finished_pipelines_again_only_past_the_bound() -> R {
    let provider = Provider::Gitlab;
    let forge = FakeForge::start_with_demo_tokens().await?;
    for n in 1..=3 {
        forge.add_pr(finished(provider, "octo-group/known", n));
    }
    let dir = tempfile::tempdir()?;
    let (accounts, _) = account_on(&forge, provider, &dir).await?;
    let cold = sync_at(&accounts, &forge, T0).await?;
    // Mine, Needs my review, Assigned to me, the project's pipelines page, and each
    // MR's approvals and reviewers (read for every MR new or moved; the reviewers
    // of an MR mine or asking me).
    assert_eq!(cold, 4 + 3 + 3, "{:#?}", forge.requests());
    let warm = sync_at(&accounts, &forge, T0 + BOUND - Duration::seconds(1)).await?;
    assert_eq!(warm, 3, "three 304s: {:#?}", forge.requests());
    let late = sync_at(&accounts, &forge, T0 + BOUND).await?;
    assert_eq!(late, 4, "the pipelines page again: {:#?}", forge.requests());
    Ok(())
}
