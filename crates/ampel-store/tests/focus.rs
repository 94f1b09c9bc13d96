//! Focus on a real SQLite file: exclusion rules and profiles survive reopening,
//! accounts are stored by id whether named or given by id, bad input is refused,
//! and the profile picked by hand goes with its profile.

mod common;

use ampel_core::focus::{Manual, Profile, RuleKind, Window};
use ampel_core::settings::TimeOfDay;
use ampel_store::{KeySource, Store};
use common::{file_store, new_account, token};
use time::macros::datetime;
use time::OffsetDateTime;

type R = Result<(), Box<dyn std::error::Error>>;

const NOW: OffsetDateTime = datetime!(2026-11-01 9:00 UTC);

fn work(accounts: &[&str]) -> Profile {
    Profile {
        name: " Work ".into(),
        accounts: accounts.iter().map(|a| a.to_string()).collect(),
        orgs: vec!["acme".into()],
        schedule: vec![Window {
            days: vec![1, 2, 3, 4, 5],
            start: TimeOfDay::hm(9, 0).unwrap_or_default(),
            end: TimeOfDay::hm(18, 0).unwrap_or_default(),
        }],
    }
}

#[tokio::test]
async fn rules_and_profiles_survive_reopening() -> R {
    let (dir, store) = file_store().await;
    let a = store
        .add_account(new_account("Work GitHub", &token("focA")))
        .await?;
    let bots = store.add_exclusion_rule(RuleKind::Bots, None, NOW).await?;
    let org = store
        .add_exclusion_rule(
            RuleKind::Org {
                name: " acme ".into(),
            },
            Some("Work GitHub".into()),
            NOW,
        )
        .await?;
    assert_eq!(org.account.as_deref(), Some(a.id.to_string().as_str()));
    assert_eq!(
        org.kind,
        RuleKind::Org {
            name: "acme".into()
        }
    );
    // The same rule again is the same rule.
    let again = store.add_exclusion_rule(RuleKind::Bots, None, NOW).await?;
    assert_eq!(again.id, bots.id);
    store.put_profile(&work(&["Work GitHub"]), NOW).await?;
    store
        .set_manual_profile(Some(&Manual {
            profile: Some("Work".into()),
            until: Some(NOW),
        }))
        .await?;
    drop(store);

    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let rules = store.exclusion_rules().await?;
    assert_eq!(
        rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        vec![bots.id.as_str(), org.id.as_str()]
    );
    let profiles = store.profiles().await?;
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].name, "Work");
    assert_eq!(profiles[0].accounts, vec![a.id.to_string()]);
    assert_eq!(
        store.manual_profile().await?.and_then(|m| m.profile),
        Some("Work".into())
    );
    assert!(store.remove_exclusion_rule(&bots.id).await?);
    assert!(!store.remove_exclusion_rule(&bots.id).await?);
    assert!(store.remove_profile("Work").await?);
    assert_eq!(
        store.manual_profile().await?,
        None,
        "the pick goes with its profile"
    );
    assert_eq!(store.exclusion_rules().await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn bad_rules_and_profiles_are_refused() -> R {
    let (_dir, store) = file_store().await;
    let a = store.add_account(new_account("A", &token("focB"))).await?;
    for kind in [
        RuleKind::Author {
            pattern: "  ".into(),
        },
        RuleKind::Label {
            name: "two\nlines".into(),
        },
        RuleKind::Repo {
            pattern: "x".repeat(201),
        },
    ] {
        let e = store.add_exclusion_rule(kind, None, NOW).await;
        assert_eq!(e.map_err(|e| e.code()).err(), Some("invalid_input"));
    }
    let unknown = store
        .add_exclusion_rule(RuleKind::Bots, Some("nobody".into()), NOW)
        .await;
    assert_eq!(unknown.map_err(|e| e.code()).err(), Some("not_found"));
    let none = store.put_profile(&work(&[]), NOW).await;
    assert_eq!(none.map_err(|e| e.code()).err(), Some("invalid_input"));
    let mut bad_day = work(&[&a.id.to_string()]);
    bad_day.schedule[0].days = vec![0, 8];
    let e = store.put_profile(&bad_day, NOW).await;
    assert_eq!(e.map_err(|e| e.code()).err(), Some("invalid_input"));
    assert!(store.exclusion_rules().await?.is_empty());
    assert!(store.profiles().await?.is_empty());
    Ok(())
}
