//! Table tests: every documented Gitea / Forgejo value → its neutral value.

use super::*;
use crate::pr::ReviewDecision;

#[test]
fn pr_state_table() {
    let cases = [
        ("open", false, PrState::Open),
        ("closed", false, PrState::Closed),
        ("closed", true, PrState::Merged),
        ("", true, PrState::Merged),
        ("all", false, PrState::Unknown),
    ];
    for (state, merged, want) in cases {
        assert_eq!(pr_state(state, merged), want, "{state:?} {merged}");
    }
}

#[test]
fn commit_status_state_table() {
    use CheckState::*;
    let cases = [
        ("pending", Pending),
        ("success", Success),
        ("error", Error),
        ("failure", Failure),
        ("warning", Neutral),
        ("skipped", Skipped),
        ("FAILURE", Failure),
        ("something_new", Unknown),
        ("", Unknown),
    ];
    for (value, want) in cases {
        assert_eq!(commit_status_state(value), want, "{value:?}");
    }
}

#[test]
fn review_state_table() {
    let cases = [
        ("APPROVED", ReviewVote::Approved),
        ("REQUEST_CHANGES", ReviewVote::ChangesRequested),
        ("COMMENT", ReviewVote::Commented),
        ("PENDING", ReviewVote::NoOpinion),
        ("REQUEST_REVIEW", ReviewVote::NoOpinion),
        ("", ReviewVote::NoOpinion),
        ("approved", ReviewVote::Approved),
        ("SOMETHING_NEW", ReviewVote::NoOpinion),
    ];
    for (value, want) in cases {
        assert_eq!(review_state(value), want, "{value:?}");
    }
}

#[test]
fn review_table() {
    use ReviewDecision::*;
    type Row = (&'static str, &'static str, bool);
    /// Reviews, required approvals → decision, approved by, changes requested by.
    type Case = (
        Vec<Row>,
        Option<u32>,
        Option<ReviewDecision>,
        Vec<&'static str>,
        Vec<&'static str>,
    );
    let cases: Vec<Case> = vec![
        (vec![], None, None, vec![], vec![]),
        (vec![], Some(1), Some(ReviewRequired), vec![], vec![]),
        (
            vec![("alice", "APPROVED", false)],
            Some(1),
            Some(Approved),
            vec!["alice"],
            vec![],
        ),
        (
            vec![
                ("bob", "REQUEST_CHANGES", false),
                ("alice", "APPROVED", false),
            ],
            None,
            Some(ChangesRequested),
            vec!["alice"],
            vec!["bob"],
        ),
        // The later approval replaces bob's request; his comment keeps it.
        (
            vec![
                ("bob", "REQUEST_CHANGES", false),
                ("bob", "APPROVED", false),
                ("bob", "COMMENT", false),
            ],
            None,
            Some(Approved),
            vec!["bob"],
            vec![],
        ),
        // A dismissed request for changes no longer counts.
        (
            vec![("bob", "REQUEST_CHANGES", true)],
            None,
            None,
            vec![],
            vec![],
        ),
        (
            vec![("carol", "REQUEST_REVIEW", false)],
            Some(2),
            Some(ReviewRequired),
            vec![],
            vec![],
        ),
    ];
    for (reviews, required, want, approved, changes) in cases {
        let r = review(reviews.iter().copied(), required);
        assert_eq!(r.decision, want, "{reviews:?}");
        assert_eq!(r.approved_by, approved, "{reviews:?}");
        assert_eq!(r.changes_requested_by, changes, "{reviews:?}");
    }
}

#[test]
fn merge_state_table() {
    let cases = [
        (true, false, MergeState::Mergeable),
        (true, true, MergeState::Mergeable),
        (false, false, MergeState::Conflict),
        (false, true, MergeState::Unknown),
    ];
    for (mergeable, draft, want) in cases {
        assert_eq!(merge_state(mergeable, draft), want, "{mergeable} {draft}");
    }
}
