//! The API budget before a refresh, with real SQLite and the fake forge over HTTP:
//! an account whose reported budget would not cover its refresh is postponed with
//! its reason (no request is sent, the cache stays), and syncs again once the
//! forge's window has reset. The clock is injected.

use ampel_accounts::{Accounts, Check};
use ampel_core::{Provider, Secret};
use ampel_fakeforge::{scenario, FakeForge};
use ampel_forge::{HttpConfig, Validator};
use ampel_store::{KeySource, NewAccount, Store};
use ampel_sync::{sync_all_with, SyncOptions};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

type R = Result<(), Box<dyn std::error::Error>>;

const T0: OffsetDateTime = datetime!(2026-11-02 9:00 UTC);

fn at(now: OffsetDateTime) -> SyncOptions {
    SyncOptions {
        now: Some(now),
        ..SyncOptions::default()
    }
}

#[tokio::test]
async fn a_refresh_past_the_reported_budget_is_postponed_until_the_reset() -> R {
    let forge = FakeForge::start_with_demo_tokens().await?;
    for pr in scenario::demo_prs_on(Provider::Gitea) {
        forge.add_pr(pr);
    }
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let accounts = Accounts::new(store, Validator::new(&HttpConfig::default())?);
    let saved = accounts
        .add(
            NewAccount {
                provider: Provider::Gitea,
                name: "Team Gitea".into(),
                base_url: Some(forge.base_url(Provider::Gitea)),
                username: None,
                token: Secret::new(scenario::DEMO_GITEA_TOKEN.into()),
            },
            Check::Validate,
        )
        .await?;
    let id = saved.account.id;

    let first = sync_all_with(&accounts, &at(T0), |_| ()).await?;
    let took = first.outcomes[0]
        .result
        .as_ref()
        .map(|s| s.requests)
        .map_err(|f| f.message.clone())?;
    assert!(took > 3, "{took}");
    let cached = accounts.store().cached_prs_of(id).await?;
    assert!(!cached.is_empty());

    // The forge reported fewer requests left than that refresh took (a proxy in front
    // of Gitea sends `X-RateLimit-*`), resetting in 10 minutes.
    let mut status = accounts.store().sync_status(id).await?;
    status.rate_limit = Some(100);
    status.rate_remaining = Some(i64::from(took) - 1);
    status.rate_reset_at = Some(T0 + Duration::minutes(10));
    accounts.store().record_sync_failure(id, &status).await?;

    forge.clear_requests();
    let report = sync_all_with(&accounts, &at(T0 + Duration::minutes(2)), |_| ()).await?;
    let failure = report.outcomes[0].result.as_ref().err().cloned();
    let failure = failure.ok_or("expected the refresh to be postponed")?;
    assert_eq!(failure.code, "postponed");
    assert_eq!(
        failure.message,
        format!(
            "refresh postponed: it takes about {took} API requests and the forge reports {} \
             left until its limit resets in 8 min",
            took - 1
        )
    );
    assert!(forge.requests().is_empty(), "{:?}", forge.requests());
    let after = accounts.store().sync_status(id).await?;
    assert_eq!(after.error_code.as_deref(), Some("postponed"));
    assert_eq!(after.rate_remaining, Some(i64::from(took) - 1));
    assert_eq!(
        accounts.store().cached_prs_of(id).await?,
        cached,
        "cache kept"
    );

    // Enough left: it runs.
    let mut status = after;
    status.rate_remaining = Some(i64::from(took));
    accounts.store().record_sync_failure(id, &status).await?;
    let report = sync_all_with(&accounts, &at(T0 + Duration::minutes(3)), |_| ()).await?;
    assert!(
        report.outcomes[0].result.is_ok(),
        "{:?}",
        report.outcomes[0]
    );

    // Short again, but past the reset: it runs.
    let mut status = accounts.store().sync_status(id).await?;
    status.rate_remaining = Some(0);
    status.rate_reset_at = Some(T0 + Duration::minutes(10));
    accounts.store().record_sync_failure(id, &status).await?;
    let report = sync_all_with(&accounts, &at(T0 + Duration::minutes(10)), |_| ()).await?;
    assert!(
        report.outcomes[0].result.is_ok(),
        "{:?}",
        report.outcomes[0]
    );
    Ok(())
}
