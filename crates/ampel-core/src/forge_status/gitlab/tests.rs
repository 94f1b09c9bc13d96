//! Table tests: every documented GitLab value → its neutral value.

use super::*;

#[test]
fn pr_state_table() {
    let cases = [
        ("opened", PrState::Open),
        ("locked", PrState::Open),
        ("closed", PrState::Closed),
        ("merged", PrState::Merged),
        ("OPENED", PrState::Open),
        ("all", PrState::Unknown),
        ("", PrState::Unknown),
    ];
    for (value, want) in cases {
        assert_eq!(pr_state(value), want, "{value:?}");
    }
}

#[test]
fn detailed_merge_status_table() {
    use MergeState::*;
    use StatusHint as H;
    let cases = [
        ("approvals_syncing", Computing, None),
        ("checking", Computing, None),
        ("ci_must_pass", Blocked, Some(H::CiMustPass)),
        ("ci_still_running", Blocked, Some(H::CiRunning)),
        ("commits_status", Blocked, None),
        ("conflict", Conflict, None),
        ("discussions_not_resolved", Blocked, None),
        ("draft_status", Blocked, Some(H::Draft)),
        ("jira_association_missing", Blocked, None),
        ("mergeable", Mergeable, None),
        ("merge_request_blocked", Blocked, None),
        ("merge_time", Blocked, None),
        ("need_rebase", Behind, None),
        ("not_approved", Blocked, Some(H::NotApproved)),
        ("not_open", Blocked, Some(H::NotOpen)),
        ("preparing", Computing, None),
        ("requested_changes", Blocked, Some(H::RequestedChanges)),
        ("security_policy_violations", Blocked, None),
        ("status_checks_must_pass", Blocked, None),
        ("unchecked", Computing, None),
        ("locked_paths", Blocked, None),
        ("locked_lfs_files", Blocked, None),
        ("title_regex", Blocked, None),
        ("code_owners_approval", Blocked, Some(H::NotApproved)),
        // GraphQL enum spelling.
        ("CHECKING", Computing, None),
        ("TITLE_NOT_MATCHING", Blocked, None),
        ("CODE_OWNERS_APPROVAL", Blocked, Some(H::NotApproved)),
        // Gone or future values: neutral, never a conflict.
        ("blocked_status", Unknown, None),
        ("broken_status", Unknown, None),
        ("", Unknown, None),
    ];
    for (value, merge, hint) in cases {
        assert_eq!(
            from_detailed_merge_status(value),
            (merge, hint),
            "{value:?}"
        );
    }
}

#[test]
fn pipeline_state_table() {
    use CheckState::*;
    let cases = [
        ("created", Pending),
        ("waiting_for_resource", Pending),
        ("preparing", Pending),
        ("waiting_for_callback", Pending),
        ("pending", Pending),
        ("running", Running),
        ("success", Success),
        ("failed", Failure),
        ("canceling", Cancelled),
        ("canceled", Cancelled),
        ("skipped", Skipped),
        ("manual", Manual),
        ("scheduled", Pending),
        ("FAILED", Failure),
        ("SOMETHING_NEW", Neutral),
    ];
    for (value, want) in cases {
        assert_eq!(pipeline_state(value), want, "{value:?}");
    }
}

#[test]
fn checks_table() {
    use CheckState::*;
    let jobs = vec!["test".to_string(), "lint".to_string()];
    let cases = [
        (Some("failed"), None, Some(Failure), 2),
        (
            Some("success"),
            Some(StatusHint::CiRunning),
            Some(Success),
            0,
        ),
        (Some("running"), None, Some(Running), 0),
        (None, Some(StatusHint::CiRunning), Some(Running), 0),
        (None, Some(StatusHint::CiMustPass), None, 0),
        (None, None, None, 0),
    ];
    for (pipeline, hint, want, runs) in cases {
        let c = checks(pipeline, &jobs, hint);
        assert_eq!(c.combined, want, "{pipeline:?} {hint:?}");
        assert_eq!(
            c.runs.len(),
            runs,
            "{pipeline:?}: failed jobs only when failed"
        );
        assert!(c.runs.iter().all(|r| r.state == Failure));
    }
}

/// Every documented pipeline status → its light and reasons, as the dashboard shows them.
#[test]
fn every_pipeline_status_has_its_light() {
    use crate::light::{light, Light};
    use crate::provider::Provider;
    let jobs = vec!["rspec".to_string()];
    let cases = [
        ("created", Light::Yellow, vec!["checks running"]),
        (
            "waiting_for_resource",
            Light::Yellow,
            vec!["checks running"],
        ),
        ("preparing", Light::Yellow, vec!["checks running"]),
        ("pending", Light::Yellow, vec!["checks running"]),
        ("running", Light::Yellow, vec!["checks running"]),
        ("scheduled", Light::Yellow, vec!["checks running"]),
        ("manual", Light::Yellow, vec!["waiting for a manual job"]),
        ("success", Light::Green, vec![]),
        ("skipped", Light::Green, vec![]),
        ("canceled", Light::Green, vec![]),
        ("failed", Light::Red, vec!["CI failing: rspec"]),
    ];
    for (status, colour, why) in cases {
        let mut pr = crate::pr::PullRequest::open(
            Provider::Gitlab,
            "a",
            "g/p",
            1,
            time::OffsetDateTime::UNIX_EPOCH,
        );
        pr.checks = checks(Some(status), &jobs, None);
        let v = light(&pr);
        let got: Vec<String> = v.reasons.iter().map(ToString::to_string).collect();
        assert_eq!(
            (v.light, got),
            (colour, why.iter().map(|s| s.to_string()).collect()),
            "{status}"
        );
    }
}

#[test]
fn reviewer_vote_table() {
    let cases = [
        ("unreviewed", ReviewVote::NoOpinion),
        ("review_started", ReviewVote::NoOpinion),
        ("reviewed", ReviewVote::Commented),
        ("requested_changes", ReviewVote::ChangesRequested),
        ("approved", ReviewVote::Approved),
        ("unapproved", ReviewVote::Dismissed),
        ("REQUESTED_CHANGES", ReviewVote::ChangesRequested),
        ("SOMETHING_NEW", ReviewVote::NoOpinion),
    ];
    for (value, want) in cases {
        assert_eq!(reviewer_vote(value), want, "{value:?}");
    }
}

#[test]
fn review_table() {
    use ReviewDecision::*;
    struct Case {
        approved: Vec<&'static str>,
        required: Option<u32>,
        left: Option<u32>,
        reviewers: Vec<(&'static str, &'static str)>,
        hint: Option<StatusHint>,
        decision: Option<ReviewDecision>,
        missing: Option<u32>,
        changes: Vec<&'static str>,
    }
    let cases = [
        // Free tier, nobody approved, no rule: no requirement.
        Case {
            approved: vec![],
            required: None,
            left: None,
            reviewers: vec![("bob", "unreviewed")],
            hint: None,
            decision: None,
            missing: None,
            changes: vec![],
        },
        Case {
            approved: vec!["bob"],
            required: Some(2),
            left: Some(1),
            reviewers: vec![],
            hint: None,
            decision: Some(ReviewRequired),
            missing: Some(1),
            changes: vec![],
        },
        // Without approvals_left, computed from required and approvers.
        Case {
            approved: vec!["bob"],
            required: Some(1),
            left: None,
            reviewers: vec![],
            hint: None,
            decision: Some(Approved),
            missing: Some(0),
            changes: vec![],
        },
        // Free tier list response: only the merge status says approval is missing.
        Case {
            approved: vec![],
            required: None,
            left: None,
            reviewers: vec![],
            hint: Some(StatusHint::NotApproved),
            decision: Some(ReviewRequired),
            missing: None,
            changes: vec![],
        },
        Case {
            approved: vec!["bob"],
            required: None,
            left: None,
            reviewers: vec![("bob", "approved"), ("carol", "requested_changes")],
            hint: None,
            decision: Some(ChangesRequested),
            missing: None,
            changes: vec!["carol"],
        },
        Case {
            approved: vec![],
            required: None,
            left: None,
            reviewers: vec![],
            hint: Some(StatusHint::RequestedChanges),
            decision: Some(ChangesRequested),
            missing: None,
            changes: vec![],
        },
    ];
    for c in cases {
        let r = review(
            c.approved.iter().copied(),
            c.required,
            c.left,
            c.reviewers.iter().copied(),
            c.hint,
        );
        assert_eq!(r.decision, c.decision, "{:?} {:?}", c.approved, c.hint);
        assert_eq!(r.approvals_missing, c.missing, "{:?}", c.approved);
        assert_eq!(r.changes_requested_by, c.changes);
        assert_eq!(r.approved_by, c.approved);
    }
}
