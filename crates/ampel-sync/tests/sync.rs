//! Syncing accounts from the fake forge into a real SQLite cache: concurrency,
//! isolation of failures, change sets, credentials trouble found during a sync.

use ampel_accounts::{Accounts, Check};
use ampel_core::changes::Change;
use ampel_core::light::Light;
use ampel_core::pr::CheckState;
use ampel_core::{Provider, Secret};
use ampel_fakeforge::{scenario, FakeForge, FakeToken};
use ampel_forge::{HttpConfig, Validator};
use ampel_store::{KeySource, NewAccount, Store, ValidationStatus};
use std::sync::Mutex;
use std::time::Duration;

type R = Result<(), Box<dyn std::error::Error>>;

async fn accounts(dir: &tempfile::TempDir) -> Result<Accounts, Box<dyn std::error::Error>> {
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let http = HttpConfig {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(10),
        ..HttpConfig::default()
    };
    Ok(Accounts::new(store, Validator::new(&http)?))
}

async fn demo_forge() -> Result<FakeForge, Box<dyn std::error::Error>> {
    Ok(FakeForge::start_demo().await?)
}

fn account(
    provider: Provider,
    name: &str,
    base: String,
    token: &str,
    username: Option<&str>,
) -> NewAccount {
    NewAccount {
        provider,
        name: name.into(),
        base_url: Some(base),
        username: username.map(str::to_string),
        token: Secret::new(token.into()),
    }
}

#[tokio::test]
async fn every_forge_syncs_its_demo_prs_and_a_change_turns_red() -> R {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let add = [
        account(
            Provider::Github,
            "GitHub",
            forge.base_url(Provider::Github),
            scenario::DEMO_GITHUB_TOKEN,
            None,
        ),
        account(
            Provider::Gitlab,
            "GitLab",
            forge.base_url(Provider::Gitlab),
            scenario::DEMO_GITLAB_TOKEN,
            None,
        ),
        account(
            Provider::Bitbucket,
            "Bitbucket",
            forge.base_url(Provider::Bitbucket),
            scenario::DEMO_BITBUCKET_TOKEN,
            Some(scenario::DEMO_BITBUCKET_EMAIL),
        ),
        account(
            Provider::Gitea,
            "Gitea",
            forge.base_url(Provider::Gitea),
            scenario::DEMO_GITEA_TOKEN,
            None,
        ),
    ];
    for new in add {
        accounts.add(new, Check::Validate).await?;
    }
    let seen = Mutex::new(Vec::new());
    let report = ampel_sync::sync_all(&accounts, 4, |p| {
        seen.lock().map(|mut v| v.push(p.done)).unwrap_or(())
    })
    .await?;
    for outcome in &report.outcomes {
        let synced = outcome
            .result
            .as_ref()
            .map_err(|f| format!("{}: {} {}", outcome.account_name, f.code, f.message))?;
        assert!(synced.first_sync, "{}: first sync", outcome.account_name);
        assert!(
            synced.prs >= 5,
            "{}: {} PRs",
            outcome.account_name,
            synced.prs
        );
    }
    assert_eq!(
        seen.lock().map(|v| v.len()).unwrap_or(0),
        4,
        "progress per account"
    );

    // CI starts failing on the GitHub PR #1 (green): the next sync reports it.
    assert!(forge.update_pr(
        Provider::Github,
        scenario::demo_repo(Provider::Github),
        1,
        |pr| {
            pr.checks = vec![("build".into(), CheckState::Failure)];
        }
    ));
    let report = ampel_sync::sync_all(&accounts, 4, |_| ()).await?;
    let github = report
        .outcomes
        .iter()
        .find(|o| o.account_name == "GitHub")
        .ok_or("no GitHub outcome")?;
    let synced = github.result.as_ref().map_err(|f| f.message.clone())?;
    assert!(!synced.first_sync);
    let turned_red = synced.changes.iter().any(|c| matches!(c,
        Change::LightChanged { to: Light::Red, new_reasons, .. } if new_reasons.iter().any(|r| r.contains("CI failing"))));
    assert!(turned_red, "changes: {:?}", synced.changes);
    Ok(())
}

#[tokio::test]
async fn one_failing_account_never_hides_the_others() -> R {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let gone = FakeForge::start().await?;
    let gone_base = gone.base_url(Provider::Gitlab);
    drop(gone);
    accounts
        .add(
            account(
                Provider::Github,
                "Works",
                forge.base_url(Provider::Github),
                scenario::DEMO_GITHUB_TOKEN,
                None,
            ),
            Check::Validate,
        )
        .await?;
    accounts
        .add(
            account(
                Provider::Gitlab,
                "Offline",
                gone_base,
                "glpat-offlineOFFLINE0001",
                None,
            ),
            Check::SaveUnverified,
        )
        .await?;
    let report = ampel_sync::sync_all(&accounts, 4, |_| ()).await?;
    let works = report
        .outcomes
        .iter()
        .find(|o| o.account_name == "Works")
        .ok_or("missing")?;
    assert!(works.result.is_ok());
    let offline = report
        .outcomes
        .iter()
        .find(|o| o.account_name == "Offline")
        .ok_or("missing")?;
    let failure = offline
        .result
        .as_ref()
        .err()
        .ok_or("offline account synced")?;
    assert_eq!(failure.code, "unreachable");
    let status = accounts.store().sync_status(offline.account_id).await?;
    assert_eq!(status.error_code.as_deref(), Some("unreachable"));
    assert!(!accounts.store().cached_prs().await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn a_token_revoked_since_validation_is_recorded_on_the_account() -> R {
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let saved = accounts
        .add(
            account(
                Provider::Github,
                "GitHub",
                forge.base_url(Provider::Github),
                scenario::DEMO_GITHUB_TOKEN,
                None,
            ),
            Check::Validate,
        )
        .await?;
    ampel_sync::sync_all(&accounts, 4, |_| ()).await?;
    let cached = accounts.store().cached_prs().await?.len();
    forge.add_token(
        FakeToken::github_classic(scenario::DEMO_GITHUB_TOKEN, scenario::DEMO_LOGIN, &[]).revoked(),
    );
    let report = ampel_sync::sync_all(&accounts, 4, |_| ()).await?;
    assert_eq!(
        report.outcomes[0]
            .result
            .as_ref()
            .err()
            .map(|f| f.code.as_str()),
        Some("invalid_token")
    );
    let account = accounts
        .store()
        .find_account(&saved.account.id.to_string())
        .await?;
    assert_eq!(account.validation, ValidationStatus::Failed);
    assert_eq!(
        accounts.store().cached_prs().await?.len(),
        cached,
        "cache kept for offline viewing"
    );
    Ok(())
}
