//! Whose turn each Gitea PR is after a listing over the fake forge (issue 27): the
//! review facts the client reads (requested users and teams, each reviewer's latest
//! review with its commit and `stale`) give `ampel_core::turn` its answer.

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

const GT: Provider = Provider::Gitea;
const REPO: &str = "octo/turns";
const SECTIONS: [Section; 4] = [
    Section::NeedsMyReview,
    Section::Mine,
    Section::AssignedToMe,
    Section::Reviewed,
];

async fn gitea() -> FakeForge {
    let f = forge().await;
    f.add_token(FakeToken::gitea(
        GITEA,
        ME,
        &["read:user", "read:repository", "read:issue"],
    ));
    f
}

/// A PR by `author` last pushed an hour ago.
fn pr(n: u64, author: &str) -> FakePr {
    let mut p = FakePr::new(GT, REPO, n, &format!("Change {n}"), author);
    p.updated_at -= time::Duration::hours(1);
    p
}

fn spec() -> ListSpec {
    ListSpec {
        account_id: "acc-gitea".into(),
        login: Some(ME.into()),
        sections: SECTIONS.to_vec(),
        ..ListSpec::default()
    }
}

/// The next refresh's spec, with this listing cached.
fn after(l: &Listing) -> ListSpec {
    ListSpec {
        previous: l.prs.clone(),
        validators: l.validators.clone(),
        ..spec()
    }
}

async fn listed(f: &FakeForge, spec: &ListSpec) -> Listing {
    match validator()
        .list(&support::spec(f, GT), &secret(GITEA), spec)
        .await
    {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

#[tokio::test]
async fn a_push_after_my_approval_needs_a_re_review() {
    let f = gitea().await;
    f.add_pr(pr(1, "alice").review(ME, ReviewVote::Approved));
    let l = listed(&f, &spec()).await;
    assert_eq!(turn_of(&l, 1), None, "approved and nothing moved");
    assert!(entry(&l, 1).sections.contains(Section::Reviewed));
    f.update_pr(GT, REPO, 1, |_| {});
    let next = listed(&f, &after(&l)).await;
    assert_eq!(turn_of(&next, 1), Some(Turn::Pushed));
    let facts = entry(&next, 1).pr.reviewing.clone().unwrap_or_default();
    assert!(facts.reviews.iter().any(|r| r.by == ME && r.stale));
}

#[tokio::test]
async fn a_re_request_without_a_push_asks_again() {
    let f = gitea().await;
    f.add_pr(
        pr(2, "alice")
            .review(ME, ReviewVote::Approved)
            .request_review(ME),
    );
    let l = listed(&f, &spec()).await;
    assert_eq!(turn_of(&l, 2), Some(Turn::ReRequested));
    assert!(entry(&l, 2).sections.contains(Section::NeedsMyReview));
}

#[tokio::test]
async fn a_team_request_alone_is_the_teams_turn() {
    let f = gitea().await;
    f.add_pr(pr(3, "alice").request_team("core", &[ME, "bob"]));
    let l = listed(&f, &spec()).await;
    assert!(entry(&l, 3).sections.contains(Section::NeedsMyReview));
    assert_eq!(
        turn_of(&l, 3),
        Some(Turn::RequestedOfTeams {
            teams: vec!["core".into()]
        })
    );
}

#[tokio::test]
async fn a_team_request_plus_a_personal_one_is_mine() {
    let f = gitea().await;
    f.add_pr(
        pr(4, "alice")
            .request_team("core", &[ME])
            .request_review(ME),
    );
    let l = listed(&f, &spec()).await;
    assert_eq!(turn_of(&l, 4), Some(Turn::RequestedOfMe));
    let facts = entry(&l, 4).pr.reviewing.clone().unwrap_or_default();
    assert_eq!(facts.requested_teams, vec!["core".to_string()]);
}

#[tokio::test]
async fn my_request_for_changes_without_a_push_waits_on_the_author() {
    let f = gitea().await;
    f.add_pr(pr(5, "alice").review(ME, ReviewVote::ChangesRequested));
    let l = listed(&f, &spec()).await;
    assert!(matches!(
        turn_of(&l, 5),
        Some(Turn::WaitingOnAuthor { at: Some(_) })
    ));
    // The unchanged refresh keeps the cached reviews (no reviews read) and the turn.
    f.clear_requests();
    let again = listed(&f, &after(&l)).await;
    assert_eq!(turn_of(&again, 5), turn_of(&l, 5));
    assert!(!f.requests().iter().any(|r| r.path.ends_with("/reviews")));
}

#[tokio::test]
async fn a_force_push_after_my_request_for_changes_needs_a_re_review() {
    let f = gitea().await;
    f.add_pr(pr(6, "alice").review(ME, ReviewVote::ChangesRequested));
    let l = listed(&f, &spec()).await;
    // A force-push rewrites the branch: a new head sha, the reviewed one gone.
    f.update_pr(GT, REPO, 6, |p| p.title = "Change 6 (rebased)".into());
    let next = listed(&f, &after(&l)).await;
    assert_eq!(turn_of(&next, 6), Some(Turn::Pushed));
}

#[tokio::test]
async fn author_and_reviewer_at_once_is_asked_of_me() {
    let f = gitea().await;
    f.add_pr(pr(7, ME).request_review(ME).request_review("bob"));
    let l = listed(&f, &spec()).await;
    assert_eq!(turn_of(&l, 7), Some(Turn::RequestedOfMe));
    assert!(!entry(&l, 7).sections.contains(Section::Reviewed));
}

#[tokio::test]
async fn a_dismissed_review_is_no_opinion() {
    let f = gitea().await;
    // My approval was dismissed: nothing of mine stands, and nobody asks me.
    f.add_pr(pr(8, "alice").review(ME, ReviewVote::Dismissed).assign(ME));
    // Bob's request for changes on my PR was dismissed and he is asked again.
    f.add_pr(
        pr(9, ME)
            .review("bob", ReviewVote::Dismissed)
            .request_review("bob"),
    );
    let l = listed(&f, &spec()).await;
    let facts = entry(&l, 8).pr.reviewing.clone().unwrap_or_default();
    assert!(facts
        .reviews
        .iter()
        .any(|r| r.by == ME && r.vote == ReviewVote::Dismissed));
    assert_eq!(turn_of(&l, 8), None);
    assert_eq!(
        turn_of(&l, 9),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into()]
        })
    );
}

#[tokio::test]
async fn my_pr_answered_by_a_reviewer_returns_to_me() {
    let f = gitea().await;
    f.add_pr(pr(10, ME).review("bob", ReviewVote::ChangesRequested));
    let l = listed(&f, &spec()).await;
    assert!(matches!(
        turn_of(&l, 10),
        Some(Turn::Answered { ref by, vote: ReviewVote::ChangesRequested, at: Some(_) }) if by == "bob"
    ));
    // After my push the answer is on an older head: back to waiting (bob is asked).
    f.update_pr(GT, REPO, 10, |p| p.requested_reviewers.push("bob".into()));
    let next = listed(&f, &after(&l)).await;
    assert_eq!(
        turn_of(&next, 10),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into()]
        })
    );
}

#[tokio::test]
async fn my_pr_with_open_requests_waits_on_reviewers() {
    let f = gitea().await;
    f.add_pr(
        pr(11, ME)
            .request_review("bob")
            .request_team("qa", &["carol"]),
    );
    let l = listed(&f, &spec()).await;
    assert_eq!(
        turn_of(&l, 11),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into(), "qa".into()]
        })
    );
}

#[tokio::test]
async fn a_failed_reviews_read_says_reviews_not_loaded_and_is_read_again() {
    let f = gitea().await;
    f.add_pr(pr(12, "alice").review(ME, ReviewVote::Approved).assign(ME));
    let clean = listed(&f, &spec()).await;
    f.set_fault_on(GT, "/pulls/12/reviews", ampel_fakeforge::Fault::ServerError);
    let faulted = listed(&f, &spec()).await;
    let pr12 = &entry(&faulted, 12).pr;
    assert!(pr12.unloaded.contains(&ampel_core::pr::Unloaded::Reviews));
    f.clear_faults();
    let healed = listed(&f, &after(&faulted)).await;
    assert!(entry(&healed, 12).pr.unloaded.is_empty());
    assert_eq!(
        entry(&healed, 12).pr.reviewing,
        entry(&clean, 12).pr.reviewing
    );
}
