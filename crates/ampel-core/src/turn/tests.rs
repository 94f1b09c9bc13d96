//! The turn rule, case by case (issue 27's list), on forge-neutral facts.

use super::*;
use crate::pr::{Check, CheckState};
use crate::section::Sections;
use crate::Provider;
use time::macros::datetime;

const ME: &str = "me";
const HEAD: &str = "b2";
const OLD: &str = "a1";

fn pr(author: &str) -> PullRequest {
    let mut pr = PullRequest::open(
        Provider::Github,
        "acc",
        "o/r",
        1,
        datetime!(2026-01-01 00:00 UTC),
    );
    pr.author = author.into();
    pr.head_sha = Some(HEAD.into());
    pr.reviewing = Some(ReviewFacts {
        viewer: ME.into(),
        ..ReviewFacts::default()
    });
    pr
}

fn facts(pr: &mut PullRequest) -> &mut ReviewFacts {
    pr.reviewing.get_or_insert_with(ReviewFacts::default)
}

fn review(by: &str, vote: ReviewVote, commit: Option<&str>) -> ReviewMark {
    ReviewMark {
        by: by.into(),
        vote,
        commit: commit.map(Into::into),
        at: Some(datetime!(2026-01-02 10:00 UTC)),
        stale: false,
    }
}

fn listed(pr: PullRequest, sections: &[Section]) -> Listed {
    Listed {
        pr,
        sections: sections.iter().copied().collect::<Sections>(),
    }
}

fn turn_of(pr: PullRequest, sections: &[Section]) -> Option<Turn> {
    turn(&listed(pr, sections))
}

#[test]
fn requested_of_me_by_name() {
    let mut p = pr("alice");
    facts(&mut p).requested_users = vec!["Me".into()];
    let t = turn_of(p, &[Section::NeedsMyReview]);
    assert_eq!(t, Some(Turn::RequestedOfMe));
    assert_eq!(
        t.map(|t| t.words("alice")),
        Some("alice requested your review".into())
    );
}

#[test]
fn a_team_request_alone_is_the_teams_block_unless_chosen() {
    let mut p = pr("alice");
    facts(&mut p).requested_teams = vec!["core".into()];
    let l = listed(p, &[Section::NeedsMyReview]);
    let t = turn(&l);
    assert_eq!(
        t,
        Some(Turn::RequestedOfTeams {
            teams: vec!["core".into()]
        })
    );
    assert_eq!(t.as_ref().map(|t| t.group(false)), Some(TurnGroup::Teams));
    assert!(!is_my_turn(&l, false));
    assert!(is_my_turn(&l, true));
}

#[test]
fn a_team_request_plus_a_personal_one_is_mine() {
    let mut p = pr("alice");
    facts(&mut p).requested_teams = vec!["core".into()];
    facts(&mut p).requested_users = vec![ME.into()];
    let l = listed(p, &[Section::NeedsMyReview]);
    assert_eq!(turn(&l), Some(Turn::RequestedOfMe));
    assert!(is_my_turn(&l, false));
}

#[test]
fn a_push_after_my_approval_needs_a_re_review() {
    let mut p = pr("alice");
    facts(&mut p).reviews = vec![review(ME, ReviewVote::Approved, Some(OLD))];
    let t = turn_of(p, &[Section::Watched]);
    assert_eq!(t, Some(Turn::Pushed));
    assert_eq!(
        t.map(|t| (t.kind(), t.words("alice"))),
        Some((
            TurnKind::ReReviewNeeded,
            "alice pushed since your review".into()
        ))
    );
}

#[test]
fn a_force_push_is_a_push_too() {
    // The reviewed commit is gone from the branch: only the head's identity changed.
    let mut p = pr("alice");
    p.head_sha = Some("f0rced".into());
    facts(&mut p).reviews = vec![review(ME, ReviewVote::Commented, Some(HEAD))];
    assert_eq!(turn_of(p, &[]), Some(Turn::Pushed));
}

#[test]
fn a_push_is_seen_by_time_where_the_forge_gives_no_commit() {
    let mut p = pr("alice");
    facts(&mut p).reviews = vec![review(ME, ReviewVote::Approved, None)];
    facts(&mut p).head_at = Some(datetime!(2026-01-02 11:00 UTC));
    assert_eq!(turn_of(p.clone(), &[]), Some(Turn::Pushed));
    facts(&mut p).head_at = Some(datetime!(2026-01-02 09:00 UTC));
    assert_eq!(turn_of(p, &[]), None, "approved after the push: done");
}

#[test]
fn a_stale_review_needs_a_re_review() {
    let mut p = pr("alice");
    let mut r = review(ME, ReviewVote::Approved, None);
    r.stale = true;
    facts(&mut p).reviews = vec![r];
    assert_eq!(turn_of(p, &[]), Some(Turn::Pushed));
}

#[test]
fn a_re_request_without_a_push() {
    let mut p = pr("alice");
    facts(&mut p).reviews = vec![review(ME, ReviewVote::ChangesRequested, Some(HEAD))];
    facts(&mut p).requested_users = vec![ME.into()];
    let t = turn_of(p, &[Section::NeedsMyReview]);
    assert_eq!(t, Some(Turn::ReRequested));
    assert_eq!(t.map(|t| t.kind()), Some(TurnKind::ReReviewNeeded));
}

#[test]
fn my_request_for_changes_with_no_push_waits_on_the_author() {
    let mut p = pr("alice");
    facts(&mut p).reviews = vec![review(ME, ReviewVote::ChangesRequested, Some(HEAD))];
    let t = turn_of(p, &[Section::Watched]);
    assert_eq!(
        t,
        Some(Turn::WaitingOnAuthor {
            at: Some(datetime!(2026-01-02 10:00 UTC))
        })
    );
    assert_eq!(t.map(|t| t.group(true)), Some(TurnGroup::Waiting));
}

#[test]
fn my_approval_on_the_head_is_nobodys_turn_for_me() {
    let mut p = pr("alice");
    facts(&mut p).reviews = vec![review(ME, ReviewVote::Approved, Some(HEAD))];
    assert_eq!(turn_of(p, &[Section::Watched]), None);
}

#[test]
fn a_dismissed_review_counts_as_none() {
    let mut p = pr("alice");
    facts(&mut p).reviews = vec![review(ME, ReviewVote::Dismissed, Some(OLD))];
    assert_eq!(turn_of(p.clone(), &[Section::Watched]), None);
    facts(&mut p).requested_users = vec![ME.into()];
    assert_eq!(
        turn_of(p, &[Section::NeedsMyReview]),
        Some(Turn::RequestedOfMe)
    );
    // On my PR, a dismissed review of someone else is no answer.
    let mut mine = pr(ME);
    facts(&mut mine).reviews = vec![review("bob", ReviewVote::Dismissed, Some(HEAD))];
    facts(&mut mine).requested_users = vec!["bob".into()];
    assert_eq!(
        turn_of(mine, &[Section::Mine]),
        Some(Turn::WaitingOnReviewers {
            who: vec!["bob".into()]
        })
    );
}

#[test]
fn my_pr_returns_to_me_when_a_reviewer_answers_the_head() {
    let mut p = pr(ME);
    facts(&mut p).requested_users = vec!["carol".into()];
    facts(&mut p).reviews = vec![
        review("bob", ReviewVote::ChangesRequested, Some(HEAD)),
        review("dave", ReviewVote::Approved, Some(OLD)),
    ];
    let t = turn_of(p, &[Section::Mine]);
    assert_eq!(
        t.as_ref().map(|t| (t.kind(), t.words(ME), t.at())),
        Some((
            TurnKind::ReturnedToMe,
            "bob requested changes".into(),
            Some(datetime!(2026-01-02 10:00 UTC))
        ))
    );
}

#[test]
fn my_pr_with_only_old_answers_waits_on_reviewers() {
    let mut p = pr(ME);
    facts(&mut p).requested_users = vec!["carol".into()];
    facts(&mut p).requested_teams = vec!["core".into()];
    facts(&mut p).reviews = vec![review("dave", ReviewVote::Approved, Some(OLD))];
    let t = turn_of(p, &[Section::Mine]);
    assert_eq!(
        t.as_ref().map(|t| (t.group(true), t.words(ME))),
        Some((TurnGroup::Waiting, "waiting on carol, core".into()))
    );
}

#[test]
fn my_pr_with_failing_ci_returns_to_me() {
    let mut p = pr(ME);
    facts(&mut p).requested_users = vec!["carol".into()];
    p.checks.runs = vec![Check {
        name: "build".into(),
        state: CheckState::Failure,
    }];
    assert_eq!(turn_of(p, &[Section::Mine]), Some(Turn::CiFailed));
}

#[test]
fn author_and_reviewer_at_once_is_requested_of_me() {
    let mut p = pr(ME);
    facts(&mut p).requested_users = vec![ME.into()];
    facts(&mut p).reviews = vec![review("bob", ReviewVote::Approved, Some(HEAD))];
    assert_eq!(
        turn_of(p, &[Section::Mine, Section::NeedsMyReview]),
        Some(Turn::RequestedOfMe)
    );
}

#[test]
fn my_own_review_of_my_pr_is_no_answer() {
    let mut p = pr(ME);
    facts(&mut p).reviews = vec![review(ME, ReviewVote::Commented, Some(HEAD))];
    assert_eq!(turn_of(p, &[Section::Mine]), None);
}

#[test]
fn without_facts_the_sections_tell() {
    let mut p = pr("alice");
    p.reviewing = None;
    assert_eq!(
        turn_of(p.clone(), &[Section::NeedsMyReview]),
        Some(Turn::RequestedOfMe)
    );
    assert_eq!(turn_of(p, &[Section::Watched]), None);
}

#[test]
fn groups_parse_back() {
    for g in TurnGroup::ALL {
        assert_eq!(TurnGroup::parse(g.as_str()), Some(g));
    }
    assert_eq!(TurnGroup::parse("everyone"), None);
}
