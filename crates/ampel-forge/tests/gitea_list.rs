//! Gitea / Forgejo listing over real HTTP against the fake forge: issue searches per
//! section, pulls per repository, Watched, sections merged, the demo table's lights,
//! pagination through `Link`, a change between two syncs, 429, 401, a missing scope
//! and request counts.

mod support;

use ampel_core::changes::Listed;
use ampel_core::light::{light, Light};
use ampel_core::pr::{CheckState, ReviewVote};
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::scenario::{demo_prs_on, demo_repo, DEMO_LOGIN};
use ampel_fakeforge::{FakeForge, FakePr, FakeToken, Fault};
use ampel_forge::{ForgeError, ListSpec, Listing};
use support::*;

const GT: Provider = Provider::Gitea;
const PERSONAL: [Section; 3] = [Section::NeedsMyReview, Section::Mine, Section::AssignedToMe];

async fn demo_forge() -> FakeForge {
    let f = forge().await;
    f.add_token(FakeToken::gitea(
        GITEA,
        DEMO_LOGIN,
        &["read:user", "read:repository", "read:issue"],
    ));
    for pr in demo_prs_on(GT) {
        f.add_pr(pr);
    }
    f
}

fn list_spec(sections: &[Section], watched: &[&str]) -> ListSpec {
    ListSpec {
        account_id: "acc-gitea".into(),
        login: Some(DEMO_LOGIN.into()),
        sections: sections.to_vec(),
        watched_repos: watched.iter().map(|s| s.to_string()).collect(),
        ..ListSpec::default()
    }
}

async fn list(f: &FakeForge, token: &str, spec: &ListSpec) -> Result<Listing, ForgeError> {
    validator()
        .list(&support::spec(f, GT), &secret(token), spec)
        .await
}

async fn listed(f: &FakeForge, spec: &ListSpec) -> Listing {
    match list(f, GITEA, spec).await {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

fn numbers(l: &Listing, s: Section) -> Vec<u64> {
    let mut n: Vec<u64> = l
        .prs
        .iter()
        .filter(|x| x.sections.contains(s))
        .map(|x| x.pr.number)
        .collect();
    n.sort_unstable();
    n
}

fn entry(l: &Listing, n: u64) -> &Listed {
    match l.prs.iter().find(|x| x.pr.number == n) {
        Some(x) => x,
        None => panic!("PR {n} not listed"),
    }
}

fn verdict(l: &Listing, n: u64) -> (Light, Vec<String>) {
    let v = light(&entry(l, n).pr);
    (v.light, v.reasons.iter().map(|r| r.to_string()).collect())
}

fn paths(f: &FakeForge) -> Vec<String> {
    f.requests().into_iter().map(|r| r.path).collect()
}

#[tokio::test]
async fn demo_prs_land_in_their_sections_with_the_demo_lights() {
    let f = demo_forge().await;
    let l = listed(&f, &list_spec(&PERSONAL, &[])).await;
    assert_eq!(numbers(&l, Section::Mine), vec![1, 2, 6]);
    assert_eq!(numbers(&l, Section::NeedsMyReview), vec![3, 4]);
    assert_eq!(numbers(&l, Section::AssignedToMe), vec![5]);

    assert_eq!(verdict(&l, 1), (Light::Green, vec![]));
    assert_eq!(
        verdict(&l, 2),
        (Light::Red, vec!["CI failing: build".to_string()])
    );
    assert_eq!(verdict(&l, 3).0, Light::Yellow);
    assert!(verdict(&l, 3).1[0].starts_with("checks running"));
    assert_eq!(
        verdict(&l, 4),
        (
            Light::Red,
            vec!["changes requested by reviewer-bob".to_string()]
        )
    );
    assert_eq!(
        verdict(&l, 5),
        (Light::Red, vec!["merge conflict".to_string()])
    );
    assert_eq!(verdict(&l, 6), (Light::Yellow, vec!["draft".to_string()]));

    let one = &entry(&l, 1).pr;
    assert_eq!(one.repo, demo_repo(GT));
    assert_eq!(one.author, DEMO_LOGIN);
    assert_eq!(one.labels, vec!["enhancement"]);
    assert_eq!(one.review.approved_by, vec!["reviewer-alice"]);
    assert_eq!(one.checks.summary().passed, 2);
    assert!(one.url.ends_with("/octo-org/ampel-demo/pulls/1"));
    assert_eq!(entry(&l, 3).pr.requested_reviewers, vec![DEMO_LOGIN]);
    assert_eq!(entry(&l, 5).pr.assignees, vec![DEMO_LOGIN]);
}

#[tokio::test]
async fn requests_per_refresh() {
    let f = demo_forge().await;
    let l = listed(&f, &list_spec(&PERSONAL, &[])).await;
    // 3 searches + 1 pulls page + 1 branch (required approvals) + 6 PRs × (reviews +
    // status) + the auto-merge timeline of my 3 (#1, #2, #6), seen the first time.
    assert_eq!(l.requests, 20, "{:#?}", paths(&f));
    assert_eq!(f.requests().len(), 20);
    assert_eq!(l.not_modified, 0);
    assert!(l.rate_limit.is_none());
}

#[tokio::test]
async fn watched_repo_merges_sections_and_saves_the_pull_reads() {
    let f = demo_forge().await;
    let l = listed(&f, &list_spec(&Section::ALL, &["octo-org/ampel-demo"])).await;
    assert_eq!(numbers(&l, Section::Watched), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(l.prs.len(), 6, "one entry per PR");
    let five = entry(&l, 5);
    assert!(
        five.sections.contains(Section::AssignedToMe) && five.sections.contains(Section::Watched)
    );
    assert_eq!(verdict(&l, 5).0, Light::Red);
    // 4 searches (with Reviewed) + 1 pulls page + 1 branch + 6 × (reviews + status)
    // + 3 timelines (mine); no /pulls/{n} reads.
    assert_eq!(l.requests, 21, "{:#?}", paths(&f));
    assert!(!paths(&f)
        .iter()
        .any(|p| p.contains("/pulls/") && !p.ends_with("/reviews")));
}

#[tokio::test]
async fn a_change_between_two_syncs_changes_the_light() {
    let f = demo_forge().await;
    let spec = list_spec(&PERSONAL, &[]);
    assert_eq!(verdict(&listed(&f, &spec).await, 1).0, Light::Green);
    assert!(f.update_pr(GT, demo_repo(GT), 1, |pr| {
        pr.checks[0].1 = CheckState::Failure;
    }));
    let l = listed(&f, &spec).await;
    assert_eq!(
        verdict(&l, 1),
        (Light::Red, vec!["CI failing: build".to_string()])
    );
    // A dismissed request for changes no longer counts.
    assert!(f.update_pr(GT, demo_repo(GT), 4, |pr| {
        pr.reviews.clear();
        let at = pr.updated_at;
        pr.add_review("reviewer-bob", ReviewVote::Dismissed, at);
    }));
    let l = listed(&f, &spec).await;
    assert_eq!(verdict(&l, 4).0, Light::Green);
}

#[tokio::test]
async fn pages_are_followed_through_the_link_header() {
    let f = demo_forge().await;
    for n in 100..220 {
        f.add_pr(FakePr::new(GT, "octo-org/big", n, "bulk", DEMO_LOGIN));
    }
    f.clear_requests();
    let l = listed(
        &f,
        &list_spec(&[Section::Mine, Section::Watched], &["octo-org/big"]),
    )
    .await;
    assert_eq!(numbers(&l, Section::Mine).len(), 123);
    assert_eq!(numbers(&l, Section::Watched).len(), 120);
    let count = |suffix: &str| paths(&f).iter().filter(|p| p.ends_with(suffix)).count();
    assert_eq!(count("/repos/issues/search"), 3, "123 hits, 50 a page");
    assert_eq!(count("/repos/octo-org/big/pulls"), 3, "120 PRs, 50 a page");
}

#[tokio::test]
async fn rate_limit_is_rate_limited_with_retry_after() {
    let f = demo_forge().await;
    f.set_fault_on(
        GT,
        "/reviews",
        Fault::RateLimited {
            retry_after_secs: 7,
        },
    );
    match list(&f, GITEA, &list_spec(&PERSONAL, &[])).await {
        Err(ForgeError::RateLimited {
            retry_after_secs, ..
        }) => assert_eq!(retry_after_secs, Some(7)),
        other => panic!("expected rate_limited, got {other:?}"),
    }
}

#[tokio::test]
async fn refused_token_missing_scope_and_faults_are_coded() {
    let f = demo_forge().await;
    let e = list(
        &f,
        "ffffffffffffffffffffffffffffffffffffffff",
        &list_spec(&PERSONAL, &[]),
    )
    .await
    .err();
    assert_eq!(e.map(|e| e.code()), Some("invalid_token"));

    f.add_token(FakeToken::gitea(
        GITEA,
        DEMO_LOGIN,
        &["read:user", "read:repository"],
    ));
    match list(&f, GITEA, &list_spec(&PERSONAL, &[])).await {
        Err(ForgeError::InsufficientScope { missing, .. }) => {
            assert_eq!(missing, vec!["read:issue"])
        }
        other => panic!("expected insufficient_scope, got {other:?}"),
    }
    f.add_token(FakeToken::gitea(GITEA, DEMO_LOGIN, &["all"]));
    // A refused token ends the listing even on a per-PR read; a fault of one
    // answer leaves that PR saying what is missing (asked again next refresh).
    f.set_fault_on(GT, "/status", Fault::Unauthorized);
    let e = list(&f, GITEA, &list_spec(&PERSONAL, &[])).await.err();
    assert_eq!(e.map(|e| e.code()), Some("invalid_token"));
    for fault in [Fault::ServerError, Fault::HtmlLoginPage, Fault::InvalidJson] {
        f.clear_faults();
        f.set_fault_on(GT, "/status", fault.clone());
        let l = match list(&f, GITEA, &list_spec(&PERSONAL, &[])).await {
            Ok(l) => l,
            Err(e) => panic!("{fault:?}: {}", e.code()),
        };
        let two = l.prs.iter().find(|x| x.pr.number == 2);
        let words: Vec<String> = two
            .map(|x| ampel_core::light::light(&x.pr).reasons)
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(words, vec!["CI status not loaded".to_string()], "{fault:?}");
    }
}

#[tokio::test]
async fn three_hundred_prs_cost_915_requests_cold_and_6_unchanged() {
    let f = forge().await;
    f.add_token(FakeToken::gitea(GITEA, DEMO_LOGIN, &["all"]));
    for n in 1..=300 {
        let mut pr = FakePr::new(GT, "octo-org/big", n, "bulk", DEMO_LOGIN)
            .check("build", CheckState::Success);
        pr.updated_at -= time::Duration::hours(1);
        f.add_pr(pr);
    }
    let spec = ListSpec {
        now: Some(time::macros::datetime!(2026-11-02 9:00 UTC)),
        ..list_spec(&PERSONAL, &[])
    };
    let l = listed(&f, &spec).await;
    assert_eq!(l.prs.len(), 300);
    // created: 6 pages; review_requested and assigned: 1 empty page each; 6 pulls
    // pages; 1 branch; 300 × (reviews + status + the auto-merge timeline).
    assert_eq!(l.requests, 915);
    let again = ListSpec {
        previous: l.prs.clone(),
        validators: l.validators.clone(),
        ..spec
    };
    f.clear_requests();
    let w = listed(&f, &again).await;
    // Nothing moved and every CI is final: within the re-check bound the
    // repositories of the last search stand, so the pulls pages only.
    assert_eq!(w.requests, 6, "{:#?}", paths(&f));
    assert_eq!(w.prs, l.prs);
    // Past the re-check bound the searches are full again (and every final CI is
    // read again).
    let late = ListSpec {
        previous: w.prs.clone(),
        validators: w.validators.clone(),
        now: Some(time::macros::datetime!(2026-11-02 9:15 UTC)),
        ..again
    };
    f.clear_requests();
    let x = listed(&f, &late).await;
    let searches = paths(&f)
        .iter()
        .filter(|p| p.ends_with("/repos/issues/search"))
        .count();
    assert_eq!(searches, 8);
    assert_eq!(x.requests, 8 + 6 + 1 + 300);
    assert_eq!(x.prs, l.prs);
    println!(
        "gitea, 1 account x 300 PRs: {} requests cold, {} with nothing changed",
        l.requests, w.requests
    );
}
