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

/// Every value of [`DETAILED_MERGE_STATUSES`] (and spellings) → mergeability, hint,
/// and the light and words an otherwise fine MR shows: only `mergeable` is green.
#[test]
fn detailed_merge_status_table() {
    use crate::light::{light, Light};
    use crate::pr::PullRequest;
    use MergeState::*;
    use StatusHint as H;
    let y = Light::Yellow;
    let cases: &[(&str, MergeState, Option<StatusHint>, Light, &str)] = &[
        (
            "approvals_syncing",
            Computing,
            None,
            y,
            "mergeability being computed",
        ),
        (
            "checking",
            Computing,
            None,
            y,
            "mergeability being computed",
        ),
        (
            "ci_must_pass",
            Blocked,
            Some(H::CiMustPass),
            y,
            "pipeline must succeed",
        ),
        (
            "ci_still_running",
            Blocked,
            Some(H::CiRunning),
            y,
            "checks running",
        ),
        (
            "code_owners_approval",
            Blocked,
            Some(H::NotApproved),
            y,
            "review required, code owners must approve",
        ),
        (
            "commits_status",
            Blocked,
            None,
            y,
            "source branch missing or without commits",
        ),
        ("conflict", Conflict, None, Light::Red, "merge conflict"),
        (
            "discussions_not_resolved",
            Blocked,
            None,
            y,
            "unresolved threads",
        ),
        ("draft_status", Blocked, Some(H::Draft), y, "draft"),
        (
            "jira_association_missing",
            Blocked,
            None,
            y,
            "needs a Jira issue in the title or description",
        ),
        (
            "locked_lfs_files",
            Blocked,
            None,
            y,
            "touches locked LFS files",
        ),
        ("locked_paths", Blocked, None, y, "touches locked paths"),
        ("mergeable", Mergeable, None, Light::Green, ""),
        (
            "merge_request_blocked",
            Blocked,
            None,
            y,
            "blocked by another merge request",
        ),
        (
            "merge_time",
            Blocked,
            None,
            y,
            "not mergeable before its set time",
        ),
        ("need_rebase", Behind, None, y, "needs a rebase"),
        (
            "not_approved",
            Blocked,
            Some(H::NotApproved),
            y,
            "review required",
        ),
        ("not_open", Blocked, Some(H::NotOpen), y, "not open"),
        (
            "preparing",
            Computing,
            None,
            y,
            "mergeability being computed",
        ),
        (
            "requested_changes",
            Blocked,
            Some(H::RequestedChanges),
            Light::Red,
            "changes requested",
        ),
        (
            "security_policy_violations",
            Blocked,
            None,
            y,
            "security policy not satisfied",
        ),
        (
            "status_checks_must_pass",
            Blocked,
            None,
            y,
            "external status checks must pass",
        ),
        (
            "title_regex",
            Blocked,
            None,
            y,
            "title does not match the required pattern",
        ),
        (
            "unchecked",
            Computing,
            None,
            y,
            "mergeability being computed",
        ),
        // Values older releases sent.
        (
            "blocked_status",
            Blocked,
            None,
            y,
            "blocked by another merge request",
        ),
        (
            "broken_status",
            Conflict,
            None,
            Light::Red,
            "merge conflict",
        ),
        (
            "external_status_checks",
            Blocked,
            None,
            y,
            "external status checks must pass",
        ),
        (
            "policies_denied",
            Blocked,
            None,
            y,
            "security policy not satisfied",
        ),
        // GraphQL enum spellings.
        (
            "CHECKING",
            Computing,
            None,
            y,
            "mergeability being computed",
        ),
        (
            "TITLE_NOT_MATCHING",
            Blocked,
            None,
            y,
            "title does not match the required pattern",
        ),
        (
            "BLOCKED_STATUS",
            Blocked,
            None,
            y,
            "blocked by another merge request",
        ),
        (
            "EXTERNAL_STATUS_CHECKS",
            Blocked,
            None,
            y,
            "external status checks must pass",
        ),
        (
            "JIRA_ASSOCIATION",
            Blocked,
            None,
            y,
            "needs a Jira issue in the title or description",
        ),
        (
            "SECURITY_POLICIES_VIOLATIONS",
            Blocked,
            None,
            y,
            "security policy not satisfied",
        ),
        // A value newer than this table: never green, never a conflict.
        (
            "some_future_rule",
            Blocked,
            None,
            y,
            "GitLab says: some_future_rule",
        ),
        ("", Blocked, None, y, "GitLab says: "),
    ];
    let documented: Vec<&str> = cases.iter().map(|c| c.0).collect();
    for value in DETAILED_MERGE_STATUSES {
        assert!(documented.contains(value), "{value} has no row");
    }
    let t = time::OffsetDateTime::UNIX_EPOCH;
    for (value, merge, hint, want, words) in cases {
        let status = merge_status(value);
        assert_eq!((status.merge, status.hint), (*merge, *hint), "{value:?}");
        let mut pr = PullRequest::open(Provider::Gitlab, "a", "g/p", 1, t);
        pr.merge = status.merge;
        pr.draft = status.hint == Some(H::Draft);
        pr.checks = checks(None, &[], status.hint);
        pr.review = review([], None, None, [], status.hint);
        pr.blockers.extend(status.blocker);
        let v = light(&pr);
        let said: Vec<String> = v.reasons.iter().map(ToString::to_string).collect();
        assert_eq!(
            (v.light, said.join(", ")),
            (*want, words.to_string()),
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
        ("SOMETHING_NEW", Unknown),
    ];
    for value in PIPELINE_STATUSES {
        assert!(cases.iter().any(|c| c.0 == *value), "{value} has no row");
    }
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
        ("canceled", Light::Yellow, vec!["CI canceled"]),
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
