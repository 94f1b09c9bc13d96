//! Bitbucket request economy over real HTTP against the fake forge, with an injected
//! clock: statuses are read again only for a PR whose source commit moved, whose CI
//! is not final (`INPROGRESS`, none yet) or whose final CI is older than the re-check
//! bound (which is how a re-run CI is seen); required approvals come from the branch
//! restrictions when the token can read them, and nothing is said when it cannot.

mod support;

use ampel_core::light::{light, Light};
use ampel_core::pr::{CheckState, ReviewVote};
use ampel_core::Provider;
use ampel_fakeforge::scenario::{demo_prs_on, demo_repo, DEMO_LOGIN};
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use ampel_forge::{ListSpec, Listing};
use support::recheck::*;
use support::*;
use time::{Duration, OffsetDateTime};

const BB: Provider = Provider::Bitbucket;
const SCOPES: [&str; 4] = [
    "read:user:bitbucket",
    "read:workspace:bitbucket",
    "read:repository:bitbucket",
    "read:pullrequest:bitbucket",
];

async fn demo_forge(scopes: &[&str]) -> FakeForge {
    let f = forge().await;
    f.add_token(FakeToken::bitbucket_api_token(
        BB_API, BB_EMAIL, DEMO_LOGIN, scopes,
    ));
    for pr in demo_prs_on(BB) {
        f.add_pr(pr);
    }
    f
}

fn first_spec() -> ListSpec {
    support::recheck::first_spec("acc-bb")
}

/// The spec of the next refresh at `now`, carrying the last listing as the sync does.
fn next(last: &Listing, now: OffsetDateTime) -> ListSpec {
    next_spec(first_spec(), last, now)
}

async fn listed(f: &FakeForge, spec: &ListSpec) -> Listing {
    listed_with(f, BB, BB_API, spec).await
}

/// The PR ids whose statuses were read this refresh.
fn status_reads(f: &FakeForge) -> Vec<u64> {
    let mut ids: Vec<u64> = f
        .requests()
        .into_iter()
        .filter_map(|r| {
            let p = r.path.strip_suffix("/statuses")?;
            p.rsplit('/').next()?.parse().ok()
        })
        .collect();
    ids.sort_unstable();
    ids
}

fn count(f: &FakeForge, suffix: &str) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.path.ends_with(suffix))
        .count()
}

#[tokio::test]
async fn statuses_are_read_for_moved_or_unfinished_ci_only() {
    let f = demo_forge(&SCOPES).await;
    let cold = listed(&f, &first_spec()).await;
    assert_eq!(status_reads(&f), vec![1, 2, 3, 4, 6]);

    let warm = listed(&f, &next(&cold, T0 + Duration::minutes(2))).await;
    // #3 INPROGRESS and #6 without a status yet; the others are final.
    assert_eq!(status_reads(&f), vec![3, 6]);
    assert_eq!(warm.prs, cold.prs);

    // A push moves #2's source commit: its statuses are read again.
    assert!(f.update_pr(BB, demo_repo(BB), 2, |pr| {
        pr.checks = vec![("build".into(), CheckState::Success)];
    }));
    let pushed = listed(&f, &next(&warm, T0 + Duration::minutes(4))).await;
    assert_eq!(status_reads(&f), vec![2, 3, 6]);
    assert_eq!(reasons(&pushed, 2), (Light::Green, vec![]));
}

#[tokio::test]
async fn a_rerun_ci_is_seen_at_the_bound_and_not_before() {
    let f = demo_forge(&SCOPES).await;
    let cold = listed(&f, &first_spec()).await;
    assert_eq!(reasons(&cold, 1).0, Light::Green);
    assert!(f.rerun_checks(BB, demo_repo(BB), 1, &[("build", CheckState::Failure)]));

    let before = listed(&f, &next(&cold, T0 + BOUND - Duration::seconds(1))).await;
    assert_eq!(status_reads(&f), vec![3, 6]);
    assert_eq!(
        reasons(&before, 1).0,
        Light::Green,
        "trusted within the bound"
    );

    let at = listed(&f, &next(&before, T0 + BOUND)).await;
    assert_eq!(status_reads(&f), vec![1, 2, 3, 4, 6]);
    assert_eq!(
        reasons(&at, 1),
        (Light::Red, vec!["CI failing: build".to_string()])
    );
    assert_eq!(count(&f, "/diffstat"), 0, "no commit moved: no diffstat");
}

#[tokio::test]
async fn required_approvals_are_shown_only_when_the_token_can_read_them() {
    let repo = "octo-workspace/guarded";
    let add = |f: &FakeForge| {
        f.add_pr(
            FakePr::new(BB, repo, 1, "needs two", DEMO_LOGIN)
                .check("build", CheckState::Success)
                .review("reviewer-alice", ReviewVote::Approved)
                .approvals_required(2),
        );
    };
    let mut admin = SCOPES.to_vec();
    admin.push("admin:repository:bitbucket");
    let f = demo_forge(&admin).await;
    add(&f);
    let l = listed(&f, &first_spec()).await;
    let one = l
        .prs
        .iter()
        .find(|x| x.pr.repo == repo)
        .map(|x| x.pr.clone());
    let one = one.unwrap_or_else(|| panic!("{repo}#1 not listed"));
    assert_eq!(one.review.approvals_required, Some(2));
    assert_eq!(one.review.approvals_missing, Some(1));
    assert_eq!(
        light(&one)
            .reasons
            .iter()
            .map(|r| r.to_string())
            .collect::<Vec<_>>(),
        vec!["1 of 2 required approvals".to_string()]
    );
    assert_eq!(count(&f, "/branch-restrictions"), 2, "one per repository");
    let warm = listed(&f, &next(&l, T0 + Duration::minutes(2))).await;
    assert_eq!(
        count(&f, "/branch-restrictions"),
        0,
        "cached within the bound"
    );
    assert_eq!(warm.prs, l.prs);

    // Without admin rights the restrictions answer 403: nothing is said.
    let f = demo_forge(&SCOPES).await;
    add(&f);
    let l = listed(&f, &first_spec()).await;
    assert_eq!(
        count(&f, "/branch-restrictions"),
        1,
        "the scope is missing for all"
    );
    let one = l.prs.iter().find(|x| x.pr.repo == repo);
    assert_eq!(one.map(|x| x.pr.review.approvals_required), Some(None));
    assert_eq!(one.map(|x| light(&x.pr).light), Some(Light::Green));
}

#[tokio::test]
async fn discovery_is_kept_for_the_bound_and_a_new_repository_shows_once_it_passed() {
    let f = demo_forge(&SCOPES).await;
    let cold = listed(&f, &first_spec()).await;
    let discovery = |f: &FakeForge| {
        [
            "/2.0/user",
            "/2.0/user/workspaces",
            "/2.0/repositories/octo-workspace",
        ]
        .map(|s| count(f, s))
    };
    assert_eq!(discovery(&f), [1, 1, 1]);
    // A repository the account had no PR of interest in (here: did not exist) gets
    // one asking for my review.
    let fresh = "octo-workspace/fresh";
    f.add_pr(
        FakePr::new(BB, fresh, 40, "in a new repository", "dev-carol")
            .check("build", CheckState::Success)
            .request_review(DEMO_LOGIN),
    );

    let warm = listed(&f, &next(&cold, T0 + BOUND - Duration::seconds(1))).await;
    assert_eq!(discovery(&f), [0, 0, 0], "kept within the bound");
    assert!(warm.prs.iter().all(|x| x.pr.repo != fresh));
    // The known repository's BBQL page and the two unfinished CIs, nothing else.
    assert_eq!(warm.requests, 3, "{:#?}", f.requests());
    assert_eq!(warm.prs, cold.prs);

    let late = listed(&f, &next(&warm, T0 + BOUND)).await;
    assert_eq!(discovery(&f), [1, 1, 1], "asked again at the bound");
    let new = late.prs.iter().find(|x| x.pr.repo == fresh);
    assert_eq!(
        new.map(|x| x
            .sections
            .contains(ampel_core::section::Section::NeedsMyReview)),
        Some(true)
    );
}
