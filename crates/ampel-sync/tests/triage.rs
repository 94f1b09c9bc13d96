//! Triage through real syncs against the fake forge: a PR snoozed until it
//! changes wakes when its CI fails there, and a merged PR's pin is dropped.

use ampel_accounts::{Accounts, Check};
use ampel_core::pr::{CheckState, PrState};
use ampel_core::triage::{FixedZone, Snooze, SnoozeFor, WakeReason};
use ampel_core::{Provider, Secret};
use ampel_fakeforge::{scenario, FakeForge};
use ampel_forge::{HttpConfig, Validator};
use ampel_store::{KeySource, NewAccount, Store};
use std::time::Duration;
use time::{OffsetDateTime, UtcOffset};

type R = Result<(), Box<dyn std::error::Error>>;

#[tokio::test]
async fn a_snooze_until_change_wakes_on_failing_ci_and_a_merged_pin_goes() -> R {
    let forge = FakeForge::start_demo().await?;
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let http = HttpConfig {
        timeout: Duration::from_secs(10),
        ..HttpConfig::default()
    };
    let accounts = Accounts::new(store, Validator::new(&http)?);
    let account = accounts
        .add(
            NewAccount {
                provider: Provider::Github,
                name: "GitHub".into(),
                base_url: Some(forge.base_url(Provider::Github)),
                username: None,
                token: Secret::new(scenario::DEMO_GITHUB_TOKEN.into()),
            },
            Check::Validate,
        )
        .await?;
    ampel_sync::sync_all(&accounts, 1, |_| ()).await?;
    let store = accounts.store();
    let repo = scenario::demo_repo(Provider::Github);
    let one = store.cached_pr(account.account.id, repo, 1).await?;
    let two = store.cached_pr(account.account.id, repo, 2).await?;
    let now = OffsetDateTime::now_utc();
    let zone = FixedZone(UtcOffset::UTC);
    store
        .snooze(
            &one,
            &Snooze::new(SnoozeFor::UntilChange, &one.pr, now, &zone),
            now,
        )
        .await?;
    store.pin(&two, now).await?;

    // A sync with nothing changed wakes nothing.
    let report = ampel_sync::sync_all(&accounts, 1, |_| ()).await?;
    let synced = report.outcomes[0]
        .result
        .as_ref()
        .map_err(|f| f.message.clone())?;
    assert!(synced.woken.is_empty(), "{:?}", synced.woken);

    // CI fails on the same commit (a new commit would wake it as one).
    assert!(forge.rerun_checks(Provider::Github, repo, 1, &[("build", CheckState::Failure)]));
    assert!(forge.update_pr(Provider::Github, repo, 2, |pr| {
        pr.state = PrState::Merged;
    }));
    let report = ampel_sync::sync_all(&accounts, 1, |_| ()).await?;
    let synced = report.outcomes[0]
        .result
        .as_ref()
        .map_err(|f| f.message.clone())?;
    let key = format!("{repo}#1");
    assert_eq!(synced.woken, vec![(key, WakeReason::CiFinished)]);
    let triage = store.triage().await?;
    assert!(triage.snoozes.is_empty(), "the woken snooze ended");
    assert!(triage.pins.is_empty(), "the merged PR's pin was dropped");
    Ok(())
}
