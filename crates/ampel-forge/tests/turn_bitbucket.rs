//! Whose turn each Bitbucket Cloud PR is after a listing over the fake forge
//! (issue 27): participants (`role`, `approved`, `state`, `participated_on`) against
//! the source commit's date give `ampel_core::turn` its answer; Bitbucket has no
//! reviewed commit and no team requests.

mod support;

use ampel_core::pr::ReviewVote;
use ampel_core::section::Section;
use ampel_core::turn::Turn;
use ampel_core::Provider;
use ampel_fakeforge::scenario::DEMO_LOGIN as ME;
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use ampel_forge::{ListSpec, Listing};
use support::turns::*;
use support::*;

const BB: Provider = Provider::Bitbucket;
const REPO: &str = "octo-workspace/turns";
const SCOPES: [&str; 4] = [
    "read:user:bitbucket",
    "read:workspace:bitbucket",
    "read:repository:bitbucket",
    "read:pullrequest:bitbucket",
];
const SECTIONS: [Section; 3] = [Section::NeedsMyReview, Section::Mine, Section::Reviewed];

async fn bitbucket() -> FakeForge {
    let f = forge().await;
    f.add_token(FakeToken::bitbucket_api_token(
        BB_API, BB_EMAIL, ME, &SCOPES,
    ));
    f
}

/// A PR by `author` last pushed an hour ago.
fn pr(n: u64, author: &str) -> FakePr {
    let mut p = FakePr::new(BB, REPO, n, &format!("Change {n}"), author);
    p.updated_at -= time::Duration::hours(1);
    p
}

fn spec(watched: &[&str]) -> ListSpec {
    let mut sections = SECTIONS.to_vec();
    if !watched.is_empty() {
        sections.push(Section::Watched);
    }
    ListSpec {
        account_id: "acc-bb".into(),
        login: Some(ME.into()),
        sections,
        watched_repos: watched.iter().map(|w| w.to_string()).collect(),
        ..ListSpec::default()
    }
}

/// The next refresh's spec, with this listing cached.
fn after(l: &Listing, watched: &[&str]) -> ListSpec {
    ListSpec {
        previous: l.prs.clone(),
        validators: l.validators.clone(),
        ..spec(watched)
    }
}

async fn listed(f: &FakeForge, spec: &ListSpec) -> Listing {
    match validator()
        .list(&support::spec(f, BB), &secret(BB_API), spec)
        .await
    {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

fn commit_reads(f: &FakeForge) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.path.contains("/commit/"))
        .count()
}

#[tokio::test]
async fn a_push_after_my_approval_needs_a_re_review() {
    let f = bitbucket().await;
    f.add_pr(pr(1, "alice").review(ME, ReviewVote::Approved));
    let l = listed(&f, &spec(&[])).await;
    assert_eq!(turn_of(&l, 1), None, "approved and nothing moved");
    let sections = entry(&l, 1).sections;
    assert!(sections.contains(Section::Reviewed));
    assert!(!sections.contains(Section::NeedsMyReview));
    assert_eq!(commit_reads(&f), 1, "the new PR's head time is read once");
    // Nothing changed: the cached head time stands, no commit is read.
    f.clear_requests();
    let same = listed(&f, &after(&l, &[])).await;
    assert_eq!(commit_reads(&f), 0);
    assert_eq!(turn_of(&same, 1), None);
    // A push: the source commit moved, its date is read, my approval predates it.
    f.update_pr(BB, REPO, 1, |_| {});
    f.clear_requests();
    let next = listed(&f, &after(&same, &[])).await;
    assert_eq!(commit_reads(&f), 1);
    assert_eq!(turn_of(&next, 1), Some(Turn::Pushed));
}

#[tokio::test]
async fn a_review_asked_of_me_is_my_turn() {
    let f = bitbucket().await;
    f.add_pr(pr(2, "alice").request_review(ME));
    let l = listed(&f, &spec(&[])).await;
    assert!(entry(&l, 2).sections.contains(Section::NeedsMyReview));
    assert_eq!(turn_of(&l, 2), Some(Turn::RequestedOfMe));
    assert_eq!(commit_reads(&f), 0, "no review could predate the head");
}

#[tokio::test]
async fn my_request_for_changes_without_a_push_waits_on_the_author() {
    let f = bitbucket().await;
    f.add_pr(pr(3, "alice").review(ME, ReviewVote::ChangesRequested));
    let l = listed(&f, &spec(&[])).await;
    assert!(entry(&l, 3).sections.contains(Section::Reviewed));
    assert!(matches!(
        turn_of(&l, 3),
        Some(Turn::WaitingOnAuthor { at: Some(_) })
    ));
}

#[tokio::test]
async fn a_force_push_after_my_request_for_changes_needs_a_re_review() {
    let f = bitbucket().await;
    f.add_pr(pr(4, "alice").review(ME, ReviewVote::ChangesRequested));
    let l = listed(&f, &spec(&[])).await;
    // A force-push rewrites the branch: a new source commit, dated now.
    f.update_pr(BB, REPO, 4, |p| p.title = "Change 4 (rebased)".into());
    let next = listed(&f, &after(&l, &[])).await;
    assert_eq!(turn_of(&next, 4), Some(Turn::Pushed));
}

#[tokio::test]
async fn author_and_reviewer_at_once_is_asked_of_me() {
    let f = bitbucket().await;
    f.add_pr(pr(5, ME).request_review(ME).request_review("bob"));
    let l = listed(&f, &spec(&[])).await;
    let sections = entry(&l, 5).sections;
    assert!(sections.contains(Section::Mine));
    assert!(!sections.contains(Section::Reviewed));
    assert_eq!(turn_of(&l, 5), Some(Turn::RequestedOfMe));
}

#[tokio::test]
async fn my_pr_answered_by_a_reviewer_returns_to_me() {
    let f = bitbucket().await;
    f.add_pr(pr(6, ME).review("bob", ReviewVote::Approved));
    let l = listed(&f, &spec(&[])).await;
    assert!(matches!(
        turn_of(&l, 6),
        Some(Turn::Answered { ref by, vote: ReviewVote::Approved, at: Some(_) }) if by == "bob"
    ));
    // After my push bob's approval predates the head: nobody else is asked.
    f.update_pr(BB, REPO, 6, |_| {});
    let next = listed(&f, &after(&l, &[])).await;
    assert_eq!(turn_of(&next, 6), None);
}

#[tokio::test]
async fn my_pr_with_open_requests_waits_on_reviewers() {
    let f = bitbucket().await;
    f.add_pr(pr(7, ME).request_review("bob").request_review("carol"));
    let l = listed(&f, &spec(&[])).await;
    assert_eq!(
        turn_of(&l, 7),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into(), "carol".into()]
        })
    );
}

#[tokio::test]
async fn a_comment_makes_me_a_participant_who_reviewed() {
    let f = bitbucket().await;
    f.add_pr(pr(8, "alice").review(ME, ReviewVote::Commented));
    // Not a reviewer: the reviewer query does not find it; a watched repository does.
    let l = listed(&f, &spec(&[REPO])).await;
    let e = entry(&l, 8);
    assert!(e.sections.contains(Section::Reviewed));
    assert!(!e.sections.contains(Section::NeedsMyReview));
    assert_eq!(turn_of(&l, 8), None);
    f.update_pr(BB, REPO, 8, |_| {});
    let next = listed(&f, &after(&l, &[REPO])).await;
    assert_eq!(turn_of(&next, 8), Some(Turn::Pushed));
}

#[tokio::test]
async fn a_failed_head_read_says_reviews_not_loaded_and_is_read_again() {
    let f = bitbucket().await;
    f.add_pr(pr(9, "alice").review(ME, ReviewVote::Approved));
    f.add_pr(pr(10, "alice").request_review(ME));
    let clean = listed(&f, &spec(&[])).await;
    let head = entry(&clean, 9).pr.head_sha.clone().unwrap_or_default();
    assert!(!head.is_empty());
    // From an empty cache with the commit read failing: the PR says so.
    f.set_fault_on(
        BB,
        &format!("/commit/{head}"),
        ampel_fakeforge::Fault::ServerError,
    );
    let faulted = listed(&f, &spec(&[])).await;
    let nine = &entry(&faulted, 9).pr;
    assert!(nine.unloaded.contains(&ampel_core::pr::Unloaded::Reviews));
    assert!(entry(&faulted, 10).pr.unloaded.is_empty());
    // The next refresh reads it again and completes the PR.
    f.clear_faults();
    f.clear_requests();
    let healed = listed(&f, &after(&faulted, &[])).await;
    assert_eq!(commit_reads(&f), 1);
    assert!(entry(&healed, 9).pr.unloaded.is_empty());
    assert_eq!(
        entry(&healed, 9).pr.reviewing,
        entry(&clean, 9).pr.reviewing
    );
}
