//! Triage on a real SQLite file: snoozes, pins and mutes survive reopening, are
//! settled against each sync (dropped when the PR left, ended when it woke), and
//! go with their account.

mod common;

use ampel_core::changes::Listed;
use ampel_core::pr::{Check, CheckState, Checks, PullRequest};
use ampel_core::section::{Section, Sections};
use ampel_core::triage::{FixedZone, Snooze, SnoozeFor, WakeReason};
use ampel_core::Provider;
use ampel_store::{KeySource, Store, SyncStatus};
use common::{file_store, new_account, token};
use time::macros::datetime;
use time::{Duration, OffsetDateTime, UtcOffset};

type R = Result<(), Box<dyn std::error::Error>>;

const NOW: OffsetDateTime = datetime!(2026-11-01 9:00 UTC);

fn listed(account: &str, number: u64, ci: CheckState) -> Listed {
    let mut pr = PullRequest::open(Provider::Github, account, "octo/app", number, NOW);
    pr.head_sha = Some(format!("sha{number}"));
    pr.checks = Checks {
        runs: vec![Check {
            name: "build".into(),
            state: ci,
        }],
        combined: None,
    };
    Listed {
        pr,
        sections: Sections::of(Section::Mine),
    }
}

#[tokio::test]
async fn triage_survives_reopening_and_is_settled_by_each_sync() -> R {
    let (dir, store) = file_store().await;
    let a = store.add_account(new_account("A", &token("triA"))).await?;
    let id = a.id.to_string();
    let ok = SyncStatus::default();
    let first = vec![
        listed(&id, 1, CheckState::Success),
        listed(&id, 2, CheckState::Running),
        listed(&id, 3, CheckState::Success),
    ];
    store.replace_prs(a.id, &first, &ok).await?;
    let zone = FixedZone(UtcOffset::UTC);

    let one = store.cached_pr(a.id, "octo/app", 1).await?;
    let two = store.cached_pr(a.id, "octo/app", 2).await?;
    let three = store.cached_pr(a.id, "octo/app", 3).await?;
    store
        .snooze(
            &one,
            &Snooze::new(SnoozeFor::OneHour, &one.pr, NOW, &zone),
            NOW,
        )
        .await?;
    store
        .snooze(
            &two,
            &Snooze::new(SnoozeFor::UntilChange, &two.pr, NOW, &zone),
            NOW,
        )
        .await?;
    assert!(store.pin(&three, NOW).await?, "pinned");
    assert!(
        !store.pin(&three, NOW).await?,
        "already pinned: nothing changed"
    );
    assert!(store.mute(a.id, "octo/muted", NOW).await?);
    assert!(
        !store.mute(a.id, "OCTO/Muted", NOW).await?,
        "the same repository"
    );
    let err = store.cached_pr(a.id, "octo/app", 99).await.err();
    assert_eq!(err.map(|e| e.code()), Some("not_found"));

    // Reopen the file: everything is still there.
    store.close().await;
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let t = store.triage().await?;
    assert_eq!(t.snoozes.len(), 2);
    assert_eq!(t.pins.len(), 1);
    assert!(t.mutes.contains(&(id.clone(), "octo/muted".to_string())));
    assert_eq!(store.muted_repos().await?.len(), 1);

    // A sync where nothing changed: nothing wakes, nothing is dropped.
    assert!(store.settle_triage(a.id, &first, NOW).await?.is_empty());
    assert_eq!(store.triage().await?.snoozes.len(), 2);

    // #2's CI finished (failed), #3 was merged: #2 wakes, #3's pin goes.
    let second = vec![
        listed(&id, 1, CheckState::Success),
        listed(&id, 2, CheckState::Failure),
    ];
    store.replace_prs(a.id, &second, &ok).await?;
    let woken = store
        .settle_triage(a.id, &second, NOW + Duration::minutes(2))
        .await?;
    assert_eq!(
        woken,
        vec![("octo/app#2".to_string(), WakeReason::CiFinished)]
    );
    let t = store.triage().await?;
    assert_eq!(t.snoozes.len(), 1);
    assert!(t.pins.is_empty());

    // The hour passes: #1 wakes.
    let woken = store
        .settle_triage(a.id, &second, NOW + Duration::HOUR)
        .await?;
    assert_eq!(
        woken,
        vec![("octo/app#1".to_string(), WakeReason::TimePassed)]
    );
    assert!(store.triage().await?.snoozes.is_empty());

    // Unmute, unpin, unsnooze say whether there was anything.
    assert!(store.unmute(a.id, "Octo/MUTED").await?);
    assert!(!store.unmute(a.id, "octo/muted").await?);
    assert!(!store.unpin(a.id, "octo/app", 1).await?);
    assert!(!store.unsnooze(a.id, "octo/app", 1).await?);
    Ok(())
}

#[tokio::test]
async fn triage_goes_with_its_account() -> R {
    let (_dir, store) = file_store().await;
    let a = store.add_account(new_account("A", &token("triB"))).await?;
    let id = a.id.to_string();
    store
        .replace_prs(
            a.id,
            &[listed(&id, 1, CheckState::Success)],
            &SyncStatus::default(),
        )
        .await?;
    let one = store.cached_pr(a.id, "octo/app", 1).await?;
    store.pin(&one, NOW).await?;
    store.mute(a.id, "octo/app", NOW).await?;
    let err = store.mute(a.id, "  ", NOW).await.err();
    assert_eq!(err.map(|e| e.code()), Some("invalid_input"));
    store.remove_account(a.id).await?;
    let t = store.triage().await?;
    assert!(t.pins.is_empty() && t.mutes.is_empty());
    Ok(())
}

#[tokio::test]
async fn names_match_by_the_forge_rule_and_a_rerun_seen_running_is_kept() -> R {
    let (dir, store) = file_store().await;
    let a = store.add_account(new_account("A", &token("triC"))).await?;
    let id = a.id.to_string();
    let ok = SyncStatus::default();
    let failed = vec![listed(&id, 1, CheckState::Failure)];
    store.replace_prs(a.id, &failed, &ok).await?;
    let one = store.cached_pr(a.id, "OCTO/App", 1).await?;
    assert_eq!(one.pr.repo, "octo/app");
    let zone = FixedZone(UtcOffset::UTC);
    store
        .snooze(
            &one,
            &Snooze::new(SnoozeFor::UntilChange, &one.pr, NOW, &zone),
            NOW,
        )
        .await?;
    assert!(store.pin(&one, NOW).await?);
    assert_eq!(store.known_repos(a.id).await?, vec!["octo/app".to_string()]);

    // The re-run is seen running: nothing wakes, the snooze records it (in the file).
    let running = vec![listed(&id, 1, CheckState::Running)];
    store.replace_prs(a.id, &running, &ok).await?;
    assert!(store.settle_triage(a.id, &running, NOW).await?.is_empty());
    store.close().await;
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    // It fails again, as before: the snooze ends.
    store.replace_prs(a.id, &failed, &ok).await?;
    assert_eq!(
        store.settle_triage(a.id, &failed, NOW).await?,
        vec![("octo/app#1".to_string(), WakeReason::CiFinished)]
    );
    // Unpin in another case finds the pin.
    assert!(store.unpin(a.id, "Octo/APP", 1).await?);
    Ok(())
}
