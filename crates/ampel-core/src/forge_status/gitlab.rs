//! GitLab merge-request status values (REST lower case or GraphQL upper case) → the neutral model.

use super::norm;
use crate::pr::{
    Check, CheckState, Checks, MergeState, PrState, Review, ReviewDecision, ReviewVote,
};
use serde::{Deserialize, Serialize};

/// What a `detailed_merge_status` says beyond mergeability, for the fields a list
/// response lacks (head pipeline, approvals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusHint {
    /// `draft_status`.
    Draft,
    /// `not_approved`, `code_owners_approval`.
    NotApproved,
    /// `requested_changes`.
    RequestedChanges,
    /// `ci_still_running`.
    CiRunning,
    /// `ci_must_pass`: the pipeline has not succeeded (failed or not run; not known which).
    CiMustPass,
    /// `not_open`.
    NotOpen,
}

/// MR `state`: `opened`, `closed`, `locked` (being merged, still open), `merged`.
pub fn pr_state(state: &str) -> PrState {
    match norm(state).as_str() {
        "opened" | "locked" => PrState::Open,
        "closed" => PrState::Closed,
        "merged" => PrState::Merged,
        _ => PrState::Unknown,
    }
}

/// `detailed_merge_status` → merge state and what else it tells. `checking`,
/// `unchecked`, `preparing` and `approvals_syncing` are transient (computing);
/// every rule-based refusal is `Blocked`; unknown values are `Unknown` (the set is open-ended).
pub fn from_detailed_merge_status(status: &str) -> (MergeState, Option<StatusHint>) {
    use MergeState::*;
    match norm(status).as_str() {
        "mergeable" => (Mergeable, None),
        "conflict" => (Conflict, None),
        "checking" | "unchecked" | "preparing" | "approvals_syncing" => (Computing, None),
        "need_rebase" => (Behind, None),
        "draft_status" => (Blocked, Some(StatusHint::Draft)),
        "not_approved" | "code_owners_approval" => (Blocked, Some(StatusHint::NotApproved)),
        "requested_changes" => (Blocked, Some(StatusHint::RequestedChanges)),
        "ci_still_running" => (Blocked, Some(StatusHint::CiRunning)),
        "ci_must_pass" => (Blocked, Some(StatusHint::CiMustPass)),
        "not_open" => (Blocked, Some(StatusHint::NotOpen)),
        "commits_status"
        | "discussions_not_resolved"
        | "jira_association_missing"
        | "merge_request_blocked"
        | "merge_time"
        | "status_checks_must_pass"
        | "security_policy_violations"
        | "locked_paths"
        | "locked_lfs_files"
        | "title_regex"
        | "title_not_matching" => (Blocked, None),
        _ => (Unknown, None),
    }
}

/// Pipeline `status` (the documented set: `created`, `waiting_for_resource`,
/// `preparing`, `pending`, `running`, `success`, `failed`, `canceled`, `skipped`,
/// `manual`, `scheduled`; plus `waiting_for_callback` and `canceling`, which jobs
/// and newer pipelines report). `manual`: the pipeline waits for a person to start a
/// job — [`CheckState::Manual`], yellow "waiting for a manual job", never failed.
/// `scheduled`: a delayed job (`when: delayed`) waits for its timer and then starts
/// on its own, nobody has to act — pending, "checks running".
pub fn pipeline_state(status: &str) -> CheckState {
    match norm(status).as_str() {
        "created"
        | "waiting_for_resource"
        | "preparing"
        | "waiting_for_callback"
        | "pending"
        | "scheduled" => CheckState::Pending,
        "running" => CheckState::Running,
        "manual" => CheckState::Manual,
        "success" => CheckState::Success,
        "failed" => CheckState::Failure,
        "canceled" | "canceling" | "cancelled" => CheckState::Cancelled,
        "skipped" => CheckState::Skipped,
        _ => CheckState::Neutral,
    }
}

/// The checks from the head pipeline's status when known, else from the merge-status
/// hint (`ci_still_running` → running). `ci_must_pass` alone is not turned into a
/// failure: it also means "no pipeline yet". `failed_jobs` (the names of a failed
/// pipeline's failed jobs) become failing runs, so the reason names them.
pub fn checks(
    head_pipeline_status: Option<&str>,
    failed_jobs: &[String],
    hint: Option<StatusHint>,
) -> Checks {
    let combined = match head_pipeline_status {
        Some(status) => Some(pipeline_state(status)),
        None if hint == Some(StatusHint::CiRunning) => Some(CheckState::Running),
        None => None,
    };
    let runs = if combined == Some(CheckState::Failure) {
        failed_jobs
            .iter()
            .map(|name| Check {
                name: name.clone(),
                state: CheckState::Failure,
            })
            .collect()
    } else {
        Vec::new()
    };
    Checks { runs, combined }
}

/// A reviewer's `state` (`/reviewers`, GraphQL `MergeRequestReviewState`):
/// `unreviewed`, `review_started`, `reviewed`, `requested_changes`, `approved`, `unapproved`.
pub fn reviewer_vote(state: &str) -> ReviewVote {
    match norm(state).as_str() {
        "approved" => ReviewVote::Approved,
        "requested_changes" => ReviewVote::ChangesRequested,
        "reviewed" => ReviewVote::Commented,
        "unapproved" => ReviewVote::Dismissed,
        _ => ReviewVote::NoOpinion,
    }
}

/// The review from the approvals endpoint (`approved_by`, `approvals_required`,
/// `approvals_left`; the last two are absent on Free), the reviewers' states
/// (username, state) and the merge-status hint.
pub fn review<'a>(
    approved_by: impl IntoIterator<Item = &'a str>,
    approvals_required: Option<u32>,
    approvals_left: Option<u32>,
    reviewers: impl IntoIterator<Item = (&'a str, &'a str)>,
    hint: Option<StatusHint>,
) -> Review {
    let approved_by: Vec<String> = approved_by.into_iter().map(str::to_owned).collect();
    let changes_requested_by: Vec<String> = reviewers
        .into_iter()
        .filter(|(_, state)| reviewer_vote(state) == ReviewVote::ChangesRequested)
        .map(|(who, _)| who.to_owned())
        .collect();
    let have = u32::try_from(approved_by.len()).unwrap_or(u32::MAX);
    let approvals_missing =
        approvals_left.or_else(|| approvals_required.map(|n| n.saturating_sub(have)));
    let decision = if !changes_requested_by.is_empty() || hint == Some(StatusHint::RequestedChanges)
    {
        Some(ReviewDecision::ChangesRequested)
    } else if approvals_missing.is_some_and(|n| n > 0) || hint == Some(StatusHint::NotApproved) {
        Some(ReviewDecision::ReviewRequired)
    } else if !approved_by.is_empty() {
        Some(ReviewDecision::Approved)
    } else {
        None
    };
    Review {
        decision,
        approved_by,
        changes_requested_by,
        approvals_required,
        approvals_missing,
    }
}

#[cfg(test)]
mod tests;
