//! Table tests: every documented GitHub value → its neutral value.

use super::*;

#[test]
fn pr_state_table() {
    let cases = [
        ("OPEN", PrState::Open),
        ("CLOSED", PrState::Closed),
        ("MERGED", PrState::Merged),
        ("open", PrState::Open),
        ("", PrState::Unknown),
        ("LOCKED", PrState::Unknown),
    ];
    for (value, want) in cases {
        assert_eq!(pr_state(value), want, "{value:?}");
    }
}

#[test]
fn merge_state_table() {
    use MergeState::*;
    let new = |v: &str| Some(Blocker::forge_says(Provider::Github, v));
    let cases = [
        ("MERGEABLE", "CLEAN", Mergeable, None),
        ("MERGEABLE", "UNSTABLE", Mergeable, None),
        ("MERGEABLE", "HAS_HOOKS", Mergeable, None),
        ("MERGEABLE", "BEHIND", Behind, None),
        ("MERGEABLE", "BLOCKED", Blocked, None),
        ("MERGEABLE", "DRAFT", Blocked, None),
        ("MERGEABLE", "UNKNOWN", Computing, None),
        ("MERGEABLE", "SOMETHING_NEW", Blocked, new("SOMETHING_NEW")),
        ("MERGEABLE", "DIRTY", Conflict, None),
        ("CONFLICTING", "DIRTY", Conflict, None),
        ("CONFLICTING", "CLEAN", Conflict, None),
        ("CONFLICTING", "UNKNOWN", Conflict, None),
        ("UNKNOWN", "UNKNOWN", Computing, None),
        ("UNKNOWN", "BLOCKED", Computing, None),
        ("UNKNOWN", "DIRTY", Computing, None),
        ("", "BLOCKED", Blocked, None),
        ("", "", Blocked, new("")),
        ("SOMETHING_NEW", "CLEAN", Blocked, new("SOMETHING_NEW")),
        (
            "SOMETHING_NEW",
            "SOMETHING_NEW",
            Blocked,
            new("SOMETHING_NEW"),
        ),
        ("mergeable", "clean", Mergeable, None),
        (" conflicting ", "", Conflict, None),
    ];
    for (mergeable, status, want, blocker) in cases {
        assert_eq!(
            merge_state(mergeable, status),
            (want, blocker),
            "{mergeable:?} {status:?}"
        );
    }
}

#[test]
fn review_decision_table() {
    let cases = [
        (Some("APPROVED"), Some(ReviewDecision::Approved)),
        (
            Some("CHANGES_REQUESTED"),
            Some(ReviewDecision::ChangesRequested),
        ),
        (
            Some("REVIEW_REQUIRED"),
            Some(ReviewDecision::ReviewRequired),
        ),
        (None, None),
        (Some("SOMETHING_NEW"), None),
    ];
    for (value, want) in cases {
        assert_eq!(review_decision(value), want, "{value:?}");
    }
}

#[test]
fn review_vote_table() {
    let cases = [
        ("APPROVED", ReviewVote::Approved),
        ("CHANGES_REQUESTED", ReviewVote::ChangesRequested),
        ("COMMENTED", ReviewVote::Commented),
        ("DISMISSED", ReviewVote::Dismissed),
        ("PENDING", ReviewVote::NoOpinion),
        ("SOMETHING_NEW", ReviewVote::NoOpinion),
    ];
    for (value, want) in cases {
        assert_eq!(review_vote(value), want, "{value:?}");
    }
}

#[test]
fn review_combines_decision_and_names() {
    /// reviewDecision, latest reviews → decision, approved by, changes requested by.
    type Case = (
        Option<&'static str>,
        Vec<(&'static str, &'static str)>,
        Option<ReviewDecision>,
        Vec<&'static str>,
        Vec<&'static str>,
    );
    let cases: [Case; 3] = [
        (None, vec![], None, vec![], vec![]),
        (
            Some("CHANGES_REQUESTED"),
            vec![("alice", "APPROVED"), ("bob", "CHANGES_REQUESTED")],
            Some(ReviewDecision::ChangesRequested),
            vec!["alice"],
            vec!["bob"],
        ),
        (
            // GitHub's verdict wins over what the names alone would give.
            Some("REVIEW_REQUIRED"),
            vec![("alice", "APPROVED")],
            Some(ReviewDecision::ReviewRequired),
            vec!["alice"],
            vec![],
        ),
    ];
    for (decision, reviews, want, approved, changes) in cases {
        let r = review(decision, reviews.iter().copied());
        assert_eq!(r.decision, want, "{decision:?}");
        assert_eq!(r.approved_by, approved, "{decision:?}");
        assert_eq!(r.changes_requested_by, changes, "{decision:?}");
    }
}

#[test]
fn check_conclusion_table() {
    use CheckState::*;
    let cases = [
        ("ACTION_REQUIRED", ActionRequired),
        ("CANCELLED", Cancelled),
        ("FAILURE", Failure),
        ("NEUTRAL", Neutral),
        ("SKIPPED", Skipped),
        ("STALE", Stale),
        ("STARTUP_FAILURE", StartupFailure),
        ("SUCCESS", Success),
        ("TIMED_OUT", TimedOut),
        ("timed_out", TimedOut),
        ("SOMETHING_NEW", Unknown),
    ];
    for (value, want) in cases {
        assert_eq!(check_conclusion(value), want, "{value:?}");
    }
}

#[test]
fn check_state_table() {
    use CheckState::*;
    let cases = [
        ("COMPLETED", Some("SUCCESS"), Success),
        ("COMPLETED", Some("FAILURE"), Failure),
        ("COMPLETED", Some("STARTUP_FAILURE"), StartupFailure),
        ("COMPLETED", None, Unknown),
        ("IN_PROGRESS", None, Running),
        ("PENDING", None, Pending),
        ("QUEUED", None, Pending),
        ("REQUESTED", None, Pending),
        ("WAITING", None, Pending),
        // A conclusion left over from an earlier attempt does not hide a re-run.
        ("QUEUED", Some("FAILURE"), Pending),
        ("in_progress", None, Running),
        ("SOMETHING_NEW", None, Unknown),
        ("SOMETHING_NEW", Some("FAILURE"), Failure),
    ];
    for (status, conclusion, want) in cases {
        assert_eq!(
            check_state(status, conclusion),
            want,
            "{status:?} {conclusion:?}"
        );
    }
}

#[test]
fn status_state_table() {
    use CheckState::*;
    let cases = [
        ("ERROR", Error),
        ("EXPECTED", Pending),
        ("FAILURE", Failure),
        ("PENDING", Pending),
        ("SUCCESS", Success),
        ("success", Success),
        ("SOMETHING_NEW", Unknown),
    ];
    for (value, want) in cases {
        assert_eq!(status_state(value), want, "{value:?}");
    }
}
