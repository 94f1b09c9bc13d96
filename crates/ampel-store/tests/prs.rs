//! The dashboard cache on a real SQLite file: replace per account in one
//! transaction, cascade on account removal, sync status, watched repositories.

mod common;

use ampel_core::changes::Listed;
use ampel_core::pr::PullRequest;
use ampel_core::section::{Section, Sections};
use ampel_core::Provider;
use ampel_store::SyncStatus;
use common::{file_store, new_account, token};
use time::macros::datetime;

type R = Result<(), Box<dyn std::error::Error>>;

fn listed(account: &str, number: u64, section: Section) -> Listed {
    let pr = PullRequest::open(
        Provider::Github,
        account,
        "octo/app",
        number,
        datetime!(2026-11-01 9:00 UTC),
    );
    Listed {
        pr,
        sections: Sections::of(section),
    }
}

#[tokio::test]
async fn replacing_returns_the_previous_listing_and_keeps_others_apart() -> R {
    let (_dir, store) = file_store().await;
    let a = store.add_account(new_account("A", &token("prsA"))).await?;
    let b = store.add_account(new_account("B", &token("prsB"))).await?;
    let (ida, idb) = (a.id.to_string(), b.id.to_string());
    let ok = SyncStatus {
        last_success_at: Some(time::OffsetDateTime::now_utc()),
        ..Default::default()
    };

    let first = vec![
        listed(&ida, 1, Section::Mine),
        listed(&ida, 2, Section::NeedsMyReview),
    ];
    assert!(store.replace_prs(a.id, &first, &ok).await?.is_empty());
    store
        .replace_prs(b.id, &[listed(&idb, 7, Section::Watched)], &ok)
        .await?;

    let second = vec![
        listed(&ida, 2, Section::NeedsMyReview),
        listed(&ida, 3, Section::Mine),
    ];
    let previous = store.replace_prs(a.id, &second, &ok).await?;
    let mut numbers: Vec<u64> = previous.iter().map(|l| l.pr.number).collect();
    numbers.sort();
    assert_eq!(numbers, vec![1, 2]);

    let mut now: Vec<u64> = store
        .cached_prs_of(a.id)
        .await?
        .iter()
        .map(|l| l.pr.number)
        .collect();
    now.sort();
    assert_eq!(now, vec![2, 3]);
    assert_eq!(store.cached_prs().await?.len(), 3, "B's listing untouched");
    Ok(())
}

#[tokio::test]
async fn the_same_pr_in_two_sections_is_one_row_in_both() -> R {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("prsSame")))
        .await?;
    let id = a.id.to_string();
    let prs = vec![
        listed(&id, 5, Section::Mine),
        listed(&id, 5, Section::AssignedToMe),
    ];
    store
        .replace_prs(a.id, &prs, &SyncStatus::default())
        .await?;
    let cached = store.cached_prs_of(a.id).await?;
    assert_eq!(cached.len(), 1);
    assert!(
        cached[0].sections.contains(Section::Mine)
            && cached[0].sections.contains(Section::AssignedToMe)
    );
    Ok(())
}

#[tokio::test]
async fn removing_an_account_removes_its_cache_status_and_watch_list() -> R {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("prsGone")))
        .await?;
    store
        .replace_prs(
            a.id,
            &[listed(&a.id.to_string(), 1, Section::Mine)],
            &SyncStatus::default(),
        )
        .await?;
    store.set_watched_repos(a.id, &["octo/app".into()]).await?;
    store.remove_account(a.id).await?;
    assert!(store.cached_prs().await?.is_empty());
    let left: (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM sync_status) + (SELECT COUNT(*) FROM watched_repos)",
    )
    .fetch_one(store.pool())
    .await?;
    assert_eq!(left.0, 0);
    Ok(())
}

#[tokio::test]
async fn a_failed_sync_keeps_the_cache_and_the_last_success() -> R {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("prsFail")))
        .await?;
    let success = datetime!(2026-11-28 8:00 UTC);
    let ok = SyncStatus {
        last_attempt_at: Some(success),
        last_success_at: Some(success),
        rate_limit: Some(5000),
        rate_remaining: Some(4990),
        validators: [("mine".to_string(), "\"etag-1\"".to_string())].into(),
        ..Default::default()
    };
    store
        .replace_prs(a.id, &[listed(&a.id.to_string(), 1, Section::Mine)], &ok)
        .await?;
    let failed = SyncStatus {
        last_attempt_at: Some(datetime!(2026-11-28 8:05 UTC)),
        error_code: Some("unreachable".into()),
        error_message: Some("cannot reach host".into()),
        validators: ok.validators.clone(),
        ..Default::default()
    };
    store.record_sync_failure(a.id, &failed).await?;
    let status = store.sync_status(a.id).await?;
    assert_eq!(status.last_success_at, Some(success));
    assert_eq!(status.error_code.as_deref(), Some("unreachable"));
    assert_eq!(
        status.rate_remaining,
        Some(4990),
        "budget kept from the last report"
    );
    assert_eq!(
        status.validators.get("mine").map(String::as_str),
        Some("\"etag-1\"")
    );
    assert_eq!(store.cached_prs_of(a.id).await?.len(), 1);
    Ok(())
}

#[tokio::test]
async fn watched_repositories_are_replaced_trimmed_and_sorted() -> R {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("prsWatch")))
        .await?;
    store
        .set_watched_repos(
            a.id,
            &[
                "zeta/z".into(),
                " alpha/a ".into(),
                "".into(),
                "zeta/z".into(),
            ],
        )
        .await?;
    assert_eq!(
        store.watched_repos(a.id).await?,
        vec!["alpha/a".to_string(), "zeta/z".to_string()]
    );
    store.set_watched_repos(a.id, &[]).await?;
    assert!(store.watched_repos(a.id).await?.is_empty());
    let err = store
        .set_watched_repos(uuid::Uuid::new_v4(), &["x/y".into()])
        .await
        .err()
        .ok_or("accepted")?;
    assert_eq!(err.code(), "not_found");
    Ok(())
}

/// What the cache must hold after a replace, computed independently of the
/// store: per key, the last listing's pull request and every section it was in.
fn expected(listing: &[Listed]) -> Vec<Listed> {
    let mut by_key: std::collections::BTreeMap<String, Listed> = Default::default();
    for l in listing {
        let key = ampel_core::changes::pr_key(&l.pr);
        let sections = by_key.get(&key).map_or(l.sections, |seen| {
            Sections::from_bits(seen.sections.bits() | l.sections.bits())
        });
        by_key.insert(
            key,
            Listed {
                pr: l.pr.clone(),
                sections,
            },
        );
    }
    sorted(by_key.into_values().collect())
}

fn sorted(mut v: Vec<Listed>) -> Vec<Listed> {
    v.sort_by(|a, b| (&a.pr.repo, a.pr.number).cmp(&(&b.pr.repo, b.pr.number)));
    v
}

#[tokio::test]
async fn replacing_writes_changes_and_removals_across_statement_batches() -> R {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("prsBatch")))
        .await?;
    let b = store
        .add_account(new_account("B", &token("prsBatchB")))
        .await?;
    let (ida, idb) = (a.id.to_string(), b.id.to_string());
    let ok = SyncStatus::default();
    let first: Vec<Listed> = (1..=300)
        .map(|n| listed(&ida, n, Section::ALL[(n % 4) as usize]))
        .collect();
    store.replace_prs(a.id, &first, &ok).await?;
    store
        .replace_prs(b.id, &[listed(&idb, 5, Section::Mine)], &ok)
        .await?;
    assert_eq!(sorted(store.cached_prs_of(a.id).await?), expected(&first));

    // 1..=100 kept as they were, 101..=200 with a new title, 201..=300 gone,
    // 301..=450 new; 7 listed again in another section, 8 twice with two titles.
    let mut second: Vec<Listed> = (1..=200)
        .map(|n| {
            let mut l = listed(&ida, n, Section::ALL[(n % 4) as usize]);
            if n > 100 {
                l.pr.title = format!("retitled {n}");
            }
            l
        })
        .chain((301..=450).map(|n| listed(&ida, n, Section::Watched)))
        .collect();
    second.push(listed(&ida, 7, Section::NeedsMyReview));
    let mut eight = listed(&ida, 8, Section::Watched);
    eight.pr.title = "the last listing of 8".into();
    second.push(eight);

    let previous = store.replace_prs(a.id, &second, &ok).await?;
    assert_eq!(
        sorted(previous),
        expected(&first),
        "returns what it replaced"
    );
    let now = sorted(store.cached_prs_of(a.id).await?);
    assert_eq!(now, expected(&second));
    let seven = now.iter().find(|l| l.pr.number == 7).ok_or("no 7")?;
    assert!(
        seven.sections.contains(Section::NeedsMyReview) && seven.sections.contains(Section::ALL[3])
    );
    let eight = now.iter().find(|l| l.pr.number == 8).ok_or("no 8")?;
    assert_eq!(eight.pr.title, "the last listing of 8");

    // The same listing again changes nothing; an empty one empties the cache.
    store.replace_prs(a.id, &second, &ok).await?;
    assert_eq!(sorted(store.cached_prs_of(a.id).await?), expected(&second));
    store.replace_prs(a.id, &[], &ok).await?;
    assert!(store.cached_prs_of(a.id).await?.is_empty());
    assert_eq!(store.cached_prs_of(b.id).await?.len(), 1, "B untouched");
    Ok(())
}

#[tokio::test]
async fn a_section_change_alone_is_written() -> R {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("prsSect")))
        .await?;
    let id = a.id.to_string();
    let ok = SyncStatus::default();
    store
        .replace_prs(a.id, &[listed(&id, 1, Section::Mine)], &ok)
        .await?;
    store
        .replace_prs(a.id, &[listed(&id, 1, Section::Watched)], &ok)
        .await?;
    let cached = store.cached_prs_of(a.id).await?;
    assert_eq!(cached.len(), 1);
    assert_eq!(cached[0].sections, Sections::of(Section::Watched));
    Ok(())
}
