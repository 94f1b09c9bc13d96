//! The account workflows over real HTTP (ampel-fakeforge) and a real SQLite file.

use ampel_accounts::{Accounts, AccountsError, Check};
use ampel_core::{Provider, Secret};
use ampel_fakeforge::{FakeForge, FakeToken};
use ampel_forge::{HttpConfig, Validator};
use ampel_store::{KeySource, NewAccount, Store, ValidationStatus};
use std::time::Duration;

type R = Result<(), Box<dyn std::error::Error>>;
const GL: &str = "glpat-workflowsTOKEN0001";
const GL2: &str = "glpat-workflowsTOKEN0002";

async fn accounts(dir: &tempfile::TempDir) -> Result<Accounts, Box<dyn std::error::Error>> {
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let http = HttpConfig {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        ..HttpConfig::default()
    };
    Ok(Accounts::new(store, Validator::new(&http)?))
}

fn gitlab(name: &str, base: &str, token: &str) -> NewAccount {
    NewAccount {
        provider: Provider::Gitlab,
        name: name.into(),
        base_url: Some(base.into()),
        username: None,
        token: Secret::new(token.into()),
    }
}

#[tokio::test]
async fn add_validates_and_records_identity_scopes_and_expiry() -> R {
    let forge = FakeForge::start().await?;
    forge.add_token(FakeToken::gitlab_pat(
        GL,
        "alice",
        &["read_api", "read_user"],
    ));
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let saved = accounts
        .add(
            gitlab("Work GitLab", &forge.base_url(Provider::Gitlab), GL),
            Check::Validate,
        )
        .await?;
    assert_eq!(saved.account.validation, ValidationStatus::Verified);
    assert_eq!(
        saved.account.identity.as_ref().map(|i| i.login.as_str()),
        Some("alice")
    );
    assert!(saved.account.scopes.contains(&"read_api".to_string()));
    assert!(saved.account.last_validated_at.is_some());
    Ok(())
}

#[tokio::test]
async fn a_refused_token_saves_nothing() -> R {
    let forge = FakeForge::start().await?;
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let err = accounts
        .add(
            gitlab(
                "Work",
                &forge.base_url(Provider::Gitlab),
                "glpat-unknownTOKEN999",
            ),
            Check::Validate,
        )
        .await
        .err()
        .ok_or("a wrong token was accepted")?;
    assert_eq!(err.code(), "invalid_token");
    assert!(accounts.store().list_accounts().await?.is_empty());
    Ok(())
}

#[tokio::test]
async fn the_same_forge_user_twice_is_a_duplicate_to_replace() -> R {
    let forge = FakeForge::start().await?;
    forge.add_token(FakeToken::gitlab_pat(GL, "alice", &["api"]));
    forge.add_token(FakeToken::gitlab_pat(GL2, "alice", &["api"]));
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let base = forge.base_url(Provider::Gitlab);
    let first = accounts
        .add(gitlab("One", &base, GL), Check::Validate)
        .await?;
    match accounts
        .add(gitlab("Two", &base, GL2), Check::Validate)
        .await
    {
        Err(AccountsError::Duplicate { existing }) => assert_eq!(existing.id, first.account.id),
        other => return Err(format!("expected a duplicate, got {other:?}").into()),
    }
    let replaced = accounts
        .replace_token(first.account.id, &Secret::new(GL2.into()), Check::Validate)
        .await?;
    assert_eq!(replaced.account.validation, ValidationStatus::Verified);
    assert_eq!(
        accounts
            .store()
            .decrypt_token(first.account.id)
            .await?
            .expose(),
        GL2
    );
    assert_eq!(accounts.store().list_accounts().await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn saved_offline_then_verified_when_the_forge_is_back() -> R {
    let forge = FakeForge::start().await?;
    let port = forge.addr().port();
    let base = forge.base_url(Provider::Gitlab);
    drop(forge);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;

    let err = accounts
        .add(gitlab("Offline", &base, GL), Check::Validate)
        .await
        .err()
        .ok_or("saved while offline")?;
    assert_eq!(err.code(), "unreachable");
    let saved = accounts
        .add(gitlab("Offline", &base, GL), Check::SaveUnverified)
        .await?;
    assert_eq!(saved.account.validation, ValidationStatus::NotVerified);

    // Still offline: a re-test reports the trouble but leaves it "not verified".
    let retested = accounts.retest(saved.account.id).await?;
    assert!(!retested.report.ok);
    assert_eq!(retested.account.validation, ValidationStatus::NotVerified);
    assert!(accounts.retest_unverified().await?.is_empty());

    let forge = FakeForge::start_on(port).await?;
    forge.add_token(FakeToken::gitlab_pat(GL, "alice", &["read_api"]));
    let changed = accounts.retest_unverified().await?;
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].account.validation, ValidationStatus::Verified);
    Ok(())
}

#[tokio::test]
async fn a_revoked_token_is_recorded_as_failed_with_its_code() -> R {
    let forge = FakeForge::start().await?;
    forge.add_token(FakeToken::gitlab_pat(GL, "alice", &["api"]));
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let saved = accounts
        .add(
            gitlab("Work", &forge.base_url(Provider::Gitlab), GL),
            Check::Validate,
        )
        .await?;
    forge.add_token(FakeToken::gitlab_pat(GL, "alice", &["api"]).revoked());
    let retested = accounts.retest(saved.account.id).await?;
    assert_eq!(retested.account.validation, ValidationStatus::Failed);
    assert!(retested.account.validation_detail.is_some());
    assert_eq!(
        retested.account.identity.as_ref().map(|i| i.login.as_str()),
        Some("alice"),
        "identity kept"
    );
    Ok(())
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() -> R {
    let forge = FakeForge::start().await?;
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let err = accounts
        .add(
            gitlab("  ", &forge.base_url(Provider::Gitlab), GL),
            Check::Validate,
        )
        .await
        .err()
        .ok_or("accepted")?;
    assert_eq!(err.code(), "invalid_input");
    let err = accounts
        .add(gitlab("Ok", "javascript:alert(1)", GL), Check::Validate)
        .await
        .err()
        .ok_or("accepted")?;
    assert_eq!(err.code(), "invalid_input");
    assert!(forge.requests().is_empty(), "no request for bad input");
    Ok(())
}

/// One http rule for test, add and replace: `http://x.localhost` goes through the
/// resolver, so it is refused like any other plain-http host, before any request.
#[tokio::test]
async fn plain_http_to_a_localhost_subdomain_is_refused_before_any_request() -> R {
    let forge = FakeForge::start().await?;
    forge.add_token(FakeToken::gitlab_pat(GL, "tanuki", &["read_api"]));
    let dir = tempfile::tempdir()?;
    let accounts = accounts(&dir).await?;
    let good = forge.base_url(Provider::Gitlab);
    let bad = good.replacen("127.0.0.1", "x.localhost", 1);
    assert_ne!(good, bad);

    // Test Connection.
    let spec = ampel_forge::AccountSpec {
        provider: Provider::Gitlab,
        base_url: Some(bad.clone()),
        username: None,
        last_known_expiry: None,
    };
    let report = accounts.test(&spec, &Secret::new(GL.into())).await;
    let code = report.error.as_ref().map(|e| e.error.code());
    assert_eq!(code, Some("bad_base_url"), "{report:?}");

    // Add, validated or not.
    for check in [Check::Validate, Check::SaveUnverified] {
        let err = accounts
            .add(gitlab("Local", &bad, GL), check)
            .await
            .err()
            .ok_or("accepted")?;
        assert_eq!(err.code(), "invalid_input", "{err}");
    }
    assert!(accounts.store().list_accounts().await?.is_empty());

    // Replace and retest on an account stored before this rule.
    let saved = accounts
        .add(gitlab("Local", &good, GL), Check::SaveUnverified)
        .await?;
    let id = saved.account.id;
    sqlx::query("UPDATE accounts SET base_url = ? WHERE id = ?")
        .bind(&bad)
        .bind(id.to_string())
        .execute(accounts.store().pool())
        .await?;
    let err = accounts
        .replace_token(id, &Secret::new(GL.into()), Check::Validate)
        .await
        .err()
        .ok_or("replaced")?;
    assert_eq!(err.code(), "bad_base_url", "{err}");
    let retested = accounts.retest(id).await?;
    let code = retested.report.error.as_ref().map(|e| e.error.code());
    assert_eq!(code, Some("bad_base_url"));

    assert!(
        forge.requests().is_empty(),
        "the forge saw requests: {:?}",
        forge.requests()
    );
    Ok(())
}
