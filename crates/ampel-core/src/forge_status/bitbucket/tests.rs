//! Table tests: every documented Bitbucket value → its neutral value.

use super::*;
use crate::pr::ReviewDecision;

#[test]
fn pr_state_table() {
    let cases = [
        ("OPEN", PrState::Open),
        ("MERGED", PrState::Merged),
        ("DECLINED", PrState::Closed),
        ("SUPERSEDED", PrState::Closed),
        ("", PrState::Unknown),
        ("DRAFT", PrState::Unknown),
    ];
    for (value, want) in cases {
        assert_eq!(pr_state(value), want, "{value:?}");
    }
}

#[test]
fn commit_status_state_table() {
    use CheckState::*;
    let cases = [
        ("SUCCESSFUL", Success),
        ("FAILED", Failure),
        ("INPROGRESS", Running),
        ("STOPPED", Cancelled),
        ("failed", Failure),
        ("SOMETHING_NEW", Unknown),
    ];
    for (value, want) in cases {
        assert_eq!(commit_status_state(value), want, "{value:?}");
    }
}

#[test]
fn participant_vote_table() {
    let cases = [
        (true, Some("approved"), ReviewVote::Approved),
        (true, None, ReviewVote::Approved),
        (false, Some("approved"), ReviewVote::Approved),
        (
            false,
            Some("changes_requested"),
            ReviewVote::ChangesRequested,
        ),
        (
            true,
            Some("changes_requested"),
            ReviewVote::ChangesRequested,
        ),
        (false, None, ReviewVote::NoOpinion),
        (false, Some("something_new"), ReviewVote::NoOpinion),
    ];
    for (approved, state, want) in cases {
        assert_eq!(
            participant_vote(approved, state),
            want,
            "{approved} {state:?}"
        );
    }
}

#[test]
fn review_from_participants() {
    let r = review([
        ("alice", true, Some("approved")),
        ("bob", false, Some("changes_requested")),
        ("carol", false, None),
    ]);
    assert_eq!(r.decision, Some(ReviewDecision::ChangesRequested));
    assert_eq!(r.approved_by, ["alice"]);
    assert_eq!(r.changes_requested_by, ["bob"]);
    assert_eq!(r.approvals_missing, None);
    let none = review([("carol", false, None)]);
    assert_eq!(none.decision, None);
    assert!(!none.approval_missing());
}

#[test]
fn merge_state_table() {
    use MergeState::*;
    let cases = [
        (Some(true), None, Mergeable),
        (Some(false), None, Blocked),
        (None, None, Unknown),
        (Some(false), Some(true), Conflict),
        (Some(true), Some(false), Mergeable),
        (None, Some(false), Unknown),
    ];
    for (mergeable, conflict, want) in cases {
        assert_eq!(
            merge_state(mergeable, conflict),
            want,
            "{mergeable:?} {conflict:?}"
        );
    }
}
