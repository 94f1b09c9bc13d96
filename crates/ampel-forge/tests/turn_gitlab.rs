//! Whose turn each GitLab MR is after listing it from the fake GitLab (reviewer
//! states from the reviewers endpoint, the head each review was first seen on,
//! pushes and re-requests between listings).

mod support;

use ampel_core::pr::ReviewVote;
use ampel_core::section::Section;
use ampel_core::turn::{turn, Turn};
use ampel_core::Provider;
use ampel_fakeforge::scenario::DEMO_LOGIN as ME;
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use ampel_forge::{ListSpec, Listing};
use support::turns::*;
use support::*;

const GL: Provider = Provider::Gitlab;
const REPO: &str = "octo-group/app";

async fn forge_with(prs: Vec<FakePr>) -> FakeForge {
    let ff = forge().await;
    ff.add_token(FakeToken::gitlab_pat(
        GL_PAT,
        ME,
        &["read_api", "read_user"],
    ));
    for pr in prs {
        ff.add_pr(pr);
    }
    ff
}

/// Every section, as the sync asks for them; `before` is the previous listing.
async fn list(ff: &FakeForge, before: Option<&Listing>) -> Listing {
    let spec = ListSpec {
        account_id: "acc-gl".into(),
        login: Some(ME.into()),
        sections: Section::ALL.to_vec(),
        validators: before.map(|b| b.validators.clone()).unwrap_or_default(),
        previous: before.map(|b| b.prs.clone()).unwrap_or_default(),
        now: Some(time::OffsetDateTime::now_utc()),
        ..ListSpec::default()
    };
    match validator()
        .list(&support::spec(ff, GL), &secret(GL_PAT), &spec)
        .await
    {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

fn by(author: &str, n: u64) -> FakePr {
    FakePr::new(GL, REPO, n, "Change", author)
}

/// A push: the head (`sha`) moves.
fn push(ff: &FakeForge, n: u64) {
    assert!(ff.update_pr(GL, REPO, n, |_| {}));
}

/// `who`'s review requested again without a push: GitLab resets the reviewer's
/// state to `unreviewed`; the system note moves `updated_at`, not the head.
fn re_request(ff: &FakeForge, n: u64, who: &str) {
    let found = ff
        .prs()
        .into_iter()
        .find(|p| p.provider == GL && p.repo == REPO && p.number == n);
    let Some(mut pr) = found else {
        panic!("no MR {n}");
    };
    pr.requested_reviewers.push(who.to_string());
    pr.touched_at = Some(time::OffsetDateTime::now_utc());
    ff.add_pr(pr);
}

#[tokio::test]
async fn a_push_after_my_approval_needs_my_review_again() {
    let ff = forge_with(vec![by("alice", 1).review(ME, ReviewVote::Approved)]).await;
    let first = list(&ff, None).await;
    assert_eq!(turn_of(&first, 1), None, "approved, nothing changed");
    assert_eq!(sections_of(&first, 1), [Section::Reviewed]);
    push(&ff, 1);
    let second = list(&ff, Some(&first)).await;
    assert_eq!(turn_of(&second, 1), Some(Turn::Pushed));
    assert_eq!(sections_of(&second, 1), [Section::Reviewed]);
    // Unchanged since: the cached facts stand, nothing is read again.
    ff.clear_requests();
    let third = list(&ff, Some(&second)).await;
    assert_eq!(turn_of(&third, 1), Some(Turn::Pushed));
    assert!(
        ff.requests()
            .iter()
            .all(|r| !r.path.ends_with("/reviewers")),
        "no reviewers read for an MR that did not move"
    );
}

#[tokio::test]
async fn an_approval_gitlab_removed_on_a_push_needs_my_review_again() {
    // `unapproved`: the project resets approvals when commits are added.
    let pr = by("alice", 2)
        .review(ME, ReviewVote::Approved)
        .review(ME, ReviewVote::Dismissed);
    let ff = forge_with(vec![pr]).await;
    let l = list(&ff, None).await;
    assert_eq!(turn_of(&l, 2), Some(Turn::Pushed));
}

#[tokio::test]
async fn a_re_request_without_a_push_asks_me_again() {
    let ff = forge_with(vec![by("alice", 3).review(ME, ReviewVote::Commented)]).await;
    let first = list(&ff, None).await;
    assert_eq!(turn_of(&first, 3), None);
    re_request(&ff, 3, ME);
    let second = list(&ff, Some(&first)).await;
    assert_eq!(turn_of(&second, 3), Some(Turn::ReRequested));
    assert_eq!(sections_of(&second, 3), [Section::NeedsMyReview]);
}

#[tokio::test]
async fn a_request_of_me_is_mine_and_gitlab_has_no_team_requests() {
    let ff = forge_with(vec![by("alice", 4).request_review(ME)]).await;
    let l = list(&ff, None).await;
    assert_eq!(turn_of(&l, 4), Some(Turn::RequestedOfMe));
    let facts = l.prs[0].pr.reviewing.clone().unwrap_or_default();
    assert!(facts.requested_teams.is_empty());
    assert_eq!(facts.requested_users, [ME]);
}

#[tokio::test]
async fn my_request_for_changes_without_a_push_waits_on_the_author() {
    let ff = forge_with(vec![by("alice", 5).review(ME, ReviewVote::ChangesRequested)]).await;
    let first = list(&ff, None).await;
    let t = turn_of(&first, 5);
    assert!(
        matches!(t, Some(Turn::WaitingOnAuthor { at: Some(_) })),
        "{t:?}"
    );
    // A note by the author moves `updated_at` but not the head: still waiting.
    assert!(ff.review_as(GL, REPO, 5, "alice", ReviewVote::Commented));
    let second = list(&ff, Some(&first)).await;
    assert!(matches!(
        turn_of(&second, 5),
        Some(Turn::WaitingOnAuthor { .. })
    ));
}

#[tokio::test]
async fn a_force_push_after_my_request_for_changes_is_my_turn() {
    let ff = forge_with(vec![by("alice", 6).review(ME, ReviewVote::ChangesRequested)]).await;
    let first = list(&ff, None).await;
    // A force-push rewrites the branch: the MR's `sha` is no longer the one seen.
    push(&ff, 6);
    let second = list(&ff, Some(&first)).await;
    assert_eq!(turn_of(&second, 6), Some(Turn::Pushed));
}

#[tokio::test]
async fn an_mr_i_wrote_and_am_asked_to_review_is_mine() {
    let pr = by(ME, 7).request_review(ME).request_review("bob");
    let ff = forge_with(vec![pr]).await;
    let l = list(&ff, None).await;
    assert_eq!(turn_of(&l, 7), Some(Turn::RequestedOfMe));
    let sections = sections_of(&l, 7);
    assert!(sections.contains(&Section::Mine) && sections.contains(&Section::NeedsMyReview));
    // Once I reviewed it, it is not Reviewed (mine), and waits on bob.
    assert!(ff.review_as(GL, REPO, 7, ME, ReviewVote::Commented));
    let second = list(&ff, Some(&l)).await;
    assert_eq!(sections_of(&second, 7), [Section::Mine]);
    assert_eq!(
        turn_of(&second, 7),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into()]
        })
    );
}

#[tokio::test]
async fn my_pr_answered_by_a_reviewer_returns_to_me() {
    let ff = forge_with(vec![by(ME, 8).request_review("bob")]).await;
    let first = list(&ff, None).await;
    assert_eq!(
        turn_of(&first, 8),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into()]
        })
    );
    assert!(ff.review_as(GL, REPO, 8, "bob", ReviewVote::Approved));
    let second = list(&ff, Some(&first)).await;
    let t = turn_of(&second, 8);
    assert!(
        matches!(
            &t,
            Some(Turn::Answered { by, vote: ReviewVote::Approved, at: Some(_) }) if by == "bob"
        ),
        "{t:?}"
    );
    assert_eq!(t.map(|t| t.words(ME)).as_deref(), Some("bob approved"));
    // My push after the answer: it no longer answers my head.
    push(&ff, 8);
    let third = list(&ff, Some(&second)).await;
    assert_eq!(turn_of(&third, 8), None);
}

#[tokio::test]
async fn my_pr_with_open_requests_waits_on_reviewers() {
    let ff = forge_with(vec![by(ME, 9)
        .request_review("bob")
        .request_review("carol")])
    .await;
    let l = list(&ff, None).await;
    assert_eq!(
        turn_of(&l, 9),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into(), "carol".into()]
        })
    );
}

#[tokio::test]
async fn a_failed_reviewers_read_is_asked_again() {
    let ff = forge_with(vec![by("alice", 10).request_review(ME)]).await;
    ff.set_fault_on(GL, "/reviewers", ampel_fakeforge::Fault::ServerError);
    let first = list(&ff, None).await;
    let mr = &first.prs[0];
    assert_eq!(mr.pr.unloaded, [ampel_core::pr::Unloaded::Reviews]);
    assert_eq!(
        turn(mr),
        Some(Turn::RequestedOfMe),
        "the reviewer list still asks me"
    );
    ff.clear_faults();
    ff.clear_requests();
    let second = list(&ff, Some(&first)).await;
    assert!(second.prs[0].pr.unloaded.is_empty());
    assert_eq!(
        ff.requests()
            .iter()
            .filter(|r| r.path.ends_with("/reviewers"))
            .count(),
        1
    );
    assert_eq!(turn_of(&second, 10), Some(Turn::RequestedOfMe));
}
