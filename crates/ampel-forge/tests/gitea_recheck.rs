//! Gitea request economy over real HTTP against the fake forge, with an injected
//! clock: reviews and status are read again only for a PR whose head moved, whose CI
//! is not final, or whose final CI is older than the re-check bound (which is how a
//! re-run CI is seen); required approvals come from the base branch's protection.

mod support;

use ampel_core::light::Light;
use ampel_core::pr::CheckState;
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::scenario::{demo_prs_on, demo_repo, DEMO_LOGIN};
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use ampel_forge::{ListSpec, Listing};
use support::recheck::*;
use support::*;
use time::{Duration, OffsetDateTime};

const GT: Provider = Provider::Gitea;

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

fn first_spec() -> ListSpec {
    support::recheck::first_spec("acc-gitea")
}

/// The spec of the next refresh at `now`, carrying the last listing as the sync does.
fn next(last: &Listing, now: OffsetDateTime) -> ListSpec {
    next_spec(first_spec(), last, now)
}

async fn listed(f: &FakeForge, spec: &ListSpec) -> Listing {
    listed_with(f, GT, GITEA, spec).await
}

/// The paths read per PR this refresh: `(reviews, status)` PR numbers.
fn per_pr_reads(f: &FakeForge, l: &Listing) -> (Vec<u64>, Vec<u64>) {
    let paths: Vec<String> = f.requests().into_iter().map(|r| r.path).collect();
    let mut reviews: Vec<u64> = paths
        .iter()
        .filter_map(|p| p.strip_suffix("/reviews"))
        .filter_map(|p| p.rsplit('/').next()?.parse().ok())
        .collect();
    reviews.sort_unstable();
    let mut status: Vec<u64> = l
        .prs
        .iter()
        .filter(|x| {
            paths.iter().any(|p| {
                p.ends_with("/status")
                    && p.contains(&format!("/repos/{}/commits/", x.pr.repo))
                    && p.contains(&sha_of(l, x.pr.number))
            })
        })
        .map(|x| x.pr.number)
        .collect();
    status.sort_unstable();
    (reviews, status)
}

/// The head SHA the listing noted for PR `n` (from its validator note).
fn sha_of(l: &Listing, n: u64) -> String {
    let key = format!("gitea:ci:{}#{n}", demo_repo(GT));
    l.validators
        .get(&key)
        .and_then(|v| v.split(' ').next())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no note {key} in {:?}", l.validators.keys()))
}

#[tokio::test]
async fn an_unchanged_refresh_reads_only_the_ci_that_is_still_running() {
    let f = demo_forge().await;
    let cold = listed(&f, &first_spec()).await;
    assert_eq!(
        per_pr_reads(&f, &cold),
        (vec![1, 2, 3, 4, 5, 6], vec![1, 2, 3, 4, 5, 6])
    );

    let warm = listed(&f, &next(&cold, T0 + Duration::minutes(2))).await;
    // #3's build is running, #5 and #6 have no status yet: not final, status only.
    assert_eq!(per_pr_reads(&f, &warm), (vec![], vec![3, 5, 6]));
    // 1 pulls page + those 3 statuses: the repositories of the last search and the
    // branch protection are kept for the re-check bound.
    assert_eq!(warm.requests, 4, "{:#?}", f.requests());
    assert_eq!(warm.prs, cold.prs, "the cached reviews and checks stand");
}

#[tokio::test]
async fn a_moved_head_reads_that_prs_reviews_and_status_again() {
    let f = demo_forge().await;
    let cold = listed(&f, &first_spec()).await;
    // A push: new head SHA and updated_at, CI fails on the new commit.
    assert!(f.update_pr(GT, demo_repo(GT), 1, |pr| {
        pr.checks[0].1 = CheckState::Failure;
    }));
    let warm = listed(&f, &next(&cold, T0 + Duration::minutes(2))).await;
    assert_eq!(per_pr_reads(&f, &warm), (vec![1], vec![1, 3, 5, 6]));
    assert_eq!(
        reasons(&warm, 1),
        (Light::Red, vec!["CI failing: build".to_string()])
    );
}

#[tokio::test]
async fn a_finished_ci_is_not_read_again_until_the_bound_and_a_rerun_is_seen_then() {
    let f = demo_forge().await;
    let cold = listed(&f, &first_spec()).await;
    assert_eq!(reasons(&cold, 1).0, Light::Green);
    // CI re-run on the same commit: statuses change, head and updated_at do not.
    assert!(f.rerun_checks(
        GT,
        demo_repo(GT),
        1,
        &[
            ("build", CheckState::Failure),
            ("test", CheckState::Success)
        ]
    ));

    let before = listed(&f, &next(&cold, T0 + BOUND - Duration::seconds(1))).await;
    assert_eq!(per_pr_reads(&f, &before), (vec![], vec![3, 5, 6]));
    assert_eq!(
        reasons(&before, 1).0,
        Light::Green,
        "trusted within the bound"
    );

    let at = listed(&f, &next(&before, T0 + BOUND)).await;
    let (reviews, status) = per_pr_reads(&f, &at);
    assert!(reviews.is_empty(), "the head did not move: {reviews:?}");
    assert_eq!(status, vec![1, 2, 3, 4, 5, 6], "every final CI is due");
    assert_eq!(
        reasons(&at, 1),
        (Light::Red, vec!["CI failing: build".to_string()])
    );

    // Read at the bound, the note restarts: the next refresh trusts it again.
    let after = listed(&f, &next(&at, T0 + BOUND + Duration::minutes(2))).await;
    assert_eq!(per_pr_reads(&f, &after), (vec![], vec![3, 5, 6]));
    assert_eq!(reasons(&after, 1).0, Light::Red);
}

#[tokio::test]
async fn required_approvals_come_from_the_branch_protection() {
    let f = forge().await;
    f.add_token(FakeToken::gitea(GITEA, DEMO_LOGIN, &["all"]));
    let repo = "octo-org/protected";
    f.add_pr(
        FakePr::new(GT, repo, 1, "needs two", DEMO_LOGIN)
            .check("build", CheckState::Success)
            .review("reviewer-alice", ampel_core::pr::ReviewVote::Approved)
            .approvals_required(2),
    );
    f.add_pr(
        FakePr::new(GT, "octo-org/open", 2, "no rule", DEMO_LOGIN)
            .check("build", CheckState::Success),
    );
    let l = listed(&f, &first_spec()).await;
    let one = &entry(&l, 1).pr;
    assert_eq!(one.review.approvals_required, Some(2));
    assert_eq!(one.review.approvals_missing, Some(1));
    assert_eq!(
        reasons(&l, 1),
        (Light::Yellow, vec!["1 of 2 required approvals".to_string()])
    );
    // An unprotected branch: nothing is said, nothing assumed.
    assert_eq!(entry(&l, 2).pr.review.approvals_required, None);
    assert_eq!(reasons(&l, 2), (Light::Green, vec![]));
    let branch_reads = |f: &FakeForge| {
        f.requests()
            .iter()
            .filter(|r| r.path.ends_with("/branches/main"))
            .count()
    };
    assert_eq!(branch_reads(&f), 2, "one per repository and base branch");

    // Cached within the bound, read again after it.
    let warm = listed(&f, &next(&l, T0 + Duration::minutes(2))).await;
    assert_eq!(branch_reads(&f), 0);
    assert_eq!(entry(&warm, 1).pr.review.approvals_missing, Some(1));
    let late = listed(&f, &next(&warm, T0 + BOUND)).await;
    assert_eq!(branch_reads(&f), 2);
    assert_eq!(entry(&late, 1).pr.review.approvals_required, Some(2));
}

/// Issue-search requests in the fake forge's log.
fn searches(f: &FakeForge) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.path.ends_with("/repos/issues/search"))
        .count()
}

/// `/pulls` list requests in the fake forge's log.
fn pulls_lists(f: &FakeForge) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.path.ends_with("/pulls"))
        .count()
}

#[tokio::test]
async fn within_the_bound_known_repositories_are_listed_without_a_search_and_a_new_one_shows_after_it(
) {
    let f = demo_forge().await;
    let cold = listed(&f, &first_spec()).await;
    assert_eq!(searches(&f), 3);
    assert!(entry(&cold, 3).sections.contains(Section::NeedsMyReview));
    // New PRs ask for my review in the known repository and in one not listed
    // before; #3 no longer asks (its updated_at moves); #1 does not change at all.
    for (repo, n) in [(demo_repo(GT), 20), ("octo-org/other", 21)] {
        f.add_pr(
            FakePr::new(GT, repo, n, "New one", "dev-carol")
                .check("build", CheckState::Success)
                .request_review(DEMO_LOGIN),
        );
    }
    assert!(f.update_pr(GT, demo_repo(GT), 3, |pr| {
        pr.requested_reviewers.clear();
    }));

    let warm = listed(&f, &next(&cold, T0 + BOUND - Duration::seconds(1))).await;
    assert_eq!(searches(&f), 0, "the repositories of the last search stand");
    assert_eq!(pulls_lists(&f), 1, "the known repository only");
    assert_eq!(
        entry(&warm, 20).sections,
        ampel_core::section::Sections::of(Section::NeedsMyReview),
        "a new PR in a known repository shows at once, its section from the PR object"
    );
    assert!(
        warm.prs.iter().all(|x| x.pr.repo != "octo-org/other"),
        "a new repository waits for the bound"
    );
    assert!(
        warm.prs.iter().all(|x| x.pr.number != 3),
        "#3 left Needs my review and is in no other section"
    );
    assert_eq!(entry(&warm, 1).sections, entry(&cold, 1).sections);
    assert_eq!(entry(&warm, 5).sections, entry(&cold, 5).sections);

    let late = listed(&f, &next(&warm, T0 + BOUND)).await;
    assert_eq!(searches(&f), 3, "searched again at the bound");
    assert_eq!(pulls_lists(&f), 2, "the known repository and the new one");
    let new = late.prs.iter().find(|x| x.pr.repo == "octo-org/other");
    assert_eq!(
        new.map(|x| x.sections.contains(Section::NeedsMyReview)),
        Some(true)
    );
}
