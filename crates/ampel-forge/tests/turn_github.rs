//! Whose turn each GitHub PR is after listing it from the fake GitHub (review
//! requests by name and by team, `latestReviews` with their commits, pushes).

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

const GH: Provider = Provider::Github;
const REPO: &str = "octo/app";

async fn forge_with(prs: Vec<FakePr>) -> FakeForge {
    let ff = forge().await;
    ff.add_token(FakeToken::github_classic(GH_CLASSIC, ME, &["repo"]));
    for pr in prs {
        ff.add_pr(pr);
    }
    ff
}

/// Every section, as the sync asks for them; `before` is the previous listing.
async fn list(ff: &FakeForge, before: Option<&Listing>) -> Listing {
    let spec = ListSpec {
        account_id: "acc-gh".into(),
        login: Some(ME.into()),
        sections: Section::ALL.to_vec(),
        validators: before.map(|b| b.validators.clone()).unwrap_or_default(),
        previous: before.map(|b| b.prs.clone()).unwrap_or_default(),
        ..ListSpec::default()
    };
    match validator()
        .list(&support::spec(ff, GH), &secret(GH_CLASSIC), &spec)
        .await
    {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

fn by(author: &str, n: u64) -> FakePr {
    FakePr::new(GH, REPO, n, "Change", author)
}

/// A push: the head moves.
fn push(ff: &FakeForge, n: u64) {
    assert!(ff.update_pr(GH, REPO, n, |_| {}));
}

#[tokio::test]
async fn a_push_after_my_approval_needs_my_review_again() {
    let ff = forge_with(vec![by("alice", 1).review(ME, ReviewVote::Approved)]).await;
    let first = list(&ff, None).await;
    assert_eq!(turn_of(&first, 1), None, "approved, nothing changed");
    assert_eq!(sections_of(&first, 1), [Section::Reviewed]);
    push(&ff, 1);
    let second = list(&ff, Some(&first)).await;
    let t = turn_of(&second, 1);
    assert_eq!(t, Some(Turn::Pushed));
    assert_eq!(
        t.map(|t| t.words("alice")).as_deref(),
        Some("alice pushed since your review")
    );
}

#[tokio::test]
async fn a_re_request_without_a_push_asks_me_again() {
    let pr = by("alice", 2)
        .review(ME, ReviewVote::Commented)
        .request_review(ME);
    let ff = forge_with(vec![pr]).await;
    let l = list(&ff, None).await;
    assert_eq!(turn_of(&l, 2), Some(Turn::ReRequested));
    assert!(sections_of(&l, 2).contains(&Section::NeedsMyReview));
}

#[tokio::test]
async fn a_team_request_alone_is_my_teams_turn() {
    let ff = forge_with(vec![by("alice", 3).request_team("core", &[ME, "bob"])]).await;
    let l = list(&ff, None).await;
    assert_eq!(sections_of(&l, 3), [Section::NeedsMyReview]);
    assert_eq!(
        turn_of(&l, 3),
        Some(Turn::RequestedOfTeams {
            teams: vec!["core".into()]
        })
    );
}

#[tokio::test]
async fn a_team_request_plus_a_personal_one_is_mine() {
    let pr = by("alice", 4)
        .request_team("core", &[ME])
        .request_review(ME);
    let ff = forge_with(vec![pr]).await;
    let l = list(&ff, None).await;
    assert_eq!(turn_of(&l, 4), Some(Turn::RequestedOfMe));
}

#[tokio::test]
async fn my_request_for_changes_without_a_push_waits_on_the_author() {
    let ff = forge_with(vec![by("alice", 5).review(ME, ReviewVote::ChangesRequested)]).await;
    let l = list(&ff, None).await;
    let t = turn_of(&l, 5);
    assert!(
        matches!(t, Some(Turn::WaitingOnAuthor { at: Some(_) })),
        "{t:?}"
    );
}

#[tokio::test]
async fn a_force_push_after_my_request_for_changes_is_my_turn() {
    let ff = forge_with(vec![by("alice", 6).review(ME, ReviewVote::ChangesRequested)]).await;
    let first = list(&ff, None).await;
    // A force-push rewrites the branch: the reviewed commit is no longer its head.
    push(&ff, 6);
    let second = list(&ff, Some(&first)).await;
    assert!(matches!(
        turn_of(&first, 6),
        Some(Turn::WaitingOnAuthor { .. })
    ));
    assert_eq!(turn_of(&second, 6), Some(Turn::Pushed));
}

#[tokio::test]
async fn my_own_review_on_my_pr_is_no_answer() {
    // GitHub does not let an author request their own review, but they may comment.
    let pr = by(ME, 7)
        .review(ME, ReviewVote::Commented)
        .request_review("bob");
    let ff = forge_with(vec![pr]).await;
    let l = list(&ff, None).await;
    assert_eq!(sections_of(&l, 7), [Section::Mine], "not Reviewed: mine");
    assert_eq!(
        turn_of(&l, 7),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into()]
        })
    );
}

#[tokio::test]
async fn a_dismissed_review_is_no_review() {
    let theirs = by("alice", 8)
        .review(ME, ReviewVote::Approved)
        .review(ME, ReviewVote::Dismissed);
    let mine = by(ME, 9)
        .review("bob", ReviewVote::Approved)
        .review("bob", ReviewVote::Dismissed)
        .request_review("bob");
    let ff = forge_with(vec![theirs, mine]).await;
    let l = list(&ff, None).await;
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
    let ff = forge_with(vec![by(ME, 10).request_review("bob")]).await;
    let first = list(&ff, None).await;
    assert_eq!(
        turn_of(&first, 10),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into()]
        })
    );
    assert!(ff.review_as(GH, REPO, 10, "bob", ReviewVote::ChangesRequested));
    let second = list(&ff, Some(&first)).await;
    let t = turn_of(&second, 10);
    assert!(
        matches!(
            &t,
            Some(Turn::Answered { by, vote: ReviewVote::ChangesRequested, at: Some(_) }) if by == "bob"
        ),
        "{t:?}"
    );
    // A push after the answer: waiting on the reviewer again.
    push(&ff, 10);
    let third = list(&ff, Some(&second)).await;
    assert_eq!(turn_of(&third, 10), None, "bob is no longer asked");
}

#[tokio::test]
async fn my_pr_with_open_requests_waits_on_reviewers() {
    let pr = by(ME, 11)
        .request_review("bob")
        .request_team("core", &["carol"]);
    let ff = forge_with(vec![pr]).await;
    let l = list(&ff, None).await;
    assert_eq!(
        turn_of(&l, 11),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into(), "core".into()]
        })
    );
}
