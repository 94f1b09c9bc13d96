//! GitLab merge-request status values (REST lower case or GraphQL upper case) → the neutral model.

use super::norm;
use crate::pr::{
    Blocker, Check, CheckState, Checks, MergeState, PrState, Review, ReviewDecision, ReviewVote,
};
use crate::Provider;
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

/// What one `detailed_merge_status` value says: mergeability, a hint for fields the
/// list lacks, and the blocker shown in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeStatus {
    pub merge: MergeState,
    pub hint: Option<StatusHint>,
    pub blocker: Option<Blocker>,
}

/// Every `detailed_merge_status` value GitLab documents (merge_requests.md "Merge
/// status", and the GraphQL `DetailedMergeStatus` enum in gitlab-org/gitlab
/// `app/graphql/types/merge_requests/detailed_merge_status_enum.rb`), plus the values
/// older releases sent (`blocked_status`, `broken_status`, `external_status_checks`,
/// `policies_denied`). Only `mergeable` is "GitLab would merge it now".
pub const DETAILED_MERGE_STATUSES: &[&str] = &[
    "approvals_syncing",
    "checking",
    "ci_must_pass",
    "ci_still_running",
    "code_owners_approval",
    "commits_status",
    "conflict",
    "discussions_not_resolved",
    "draft_status",
    "jira_association_missing",
    "locked_lfs_files",
    "locked_paths",
    "mergeable",
    "merge_request_blocked",
    "merge_time",
    "need_rebase",
    "not_approved",
    "not_open",
    "preparing",
    "requested_changes",
    "security_policy_violations",
    "status_checks_must_pass",
    "title_regex",
    "unchecked",
    "blocked_status",
    "broken_status",
    "external_status_checks",
    "policies_denied",
];

/// `detailed_merge_status` (REST lower case, or the GraphQL enum's upper-case name)
/// → [`MergeStatus`]. `checking`, `unchecked`, `preparing` and `approvals_syncing`
/// are transient (computing); every rule-based refusal is blocked with its words; a
/// value not in [`DETAILED_MERGE_STATUSES`] is `GitLab says: <value>` (yellow), logged once.
pub fn merge_status(status: &str) -> MergeStatus {
    use Blocker as B;
    use MergeState::*;
    let (merge, hint, blocker) = match norm(status).as_str() {
        "mergeable" => (Mergeable, None, None),
        "conflict" | "broken_status" => (Conflict, None, None),
        "checking" | "unchecked" | "preparing" | "approvals_syncing" => (Computing, None, None),
        "need_rebase" => (Behind, None, Some(B::NeedsRebase)),
        "draft_status" => (Blocked, Some(StatusHint::Draft), None),
        "not_approved" => (Blocked, Some(StatusHint::NotApproved), None),
        "code_owners_approval" => (
            Blocked,
            Some(StatusHint::NotApproved),
            Some(B::CodeOwnersApproval),
        ),
        "requested_changes" => (Blocked, Some(StatusHint::RequestedChanges), None),
        "ci_still_running" => (Blocked, Some(StatusHint::CiRunning), None),
        "ci_must_pass" => (
            Blocked,
            Some(StatusHint::CiMustPass),
            Some(B::PipelineMustSucceed),
        ),
        "not_open" => (Blocked, Some(StatusHint::NotOpen), Some(B::NotOpen)),
        "commits_status" => (Blocked, None, Some(B::NoCommits)),
        "discussions_not_resolved" => (Blocked, None, Some(B::UnresolvedThreads)),
        "jira_association_missing" | "jira_association" => {
            (Blocked, None, Some(B::JiraIssueMissing))
        }
        "merge_request_blocked" | "blocked_status" => (Blocked, None, Some(B::BlockedByOtherMr)),
        "merge_time" => (Blocked, None, Some(B::MergeTime)),
        "status_checks_must_pass" | "external_status_checks" => {
            (Blocked, None, Some(B::ExternalChecks))
        }
        "security_policy_violations" | "security_policies_violations" | "policies_denied" => {
            (Blocked, None, Some(B::SecurityPolicy))
        }
        "locked_paths" => (Blocked, None, Some(B::LockedPaths)),
        "locked_lfs_files" => (Blocked, None, Some(B::LockedLfsFiles)),
        "title_regex" | "title_not_matching" => (Blocked, None, Some(B::TitlePattern)),
        _ => {
            super::unknown_value(Provider::Gitlab, "detailed_merge_status", status);
            (
                Blocked,
                None,
                Some(Blocker::forge_says(Provider::Gitlab, status)),
            )
        }
    };
    MergeStatus {
        merge,
        hint,
        blocker,
    }
}

/// Every pipeline / job `status` GitLab documents (`Ci::HasStatus` in
/// gitlab-org/gitlab: `AVAILABLE_STATUSES` plus `canceling` and `waiting_for_callback`).
pub const PIPELINE_STATUSES: &[&str] = &[
    "created",
    "waiting_for_resource",
    "preparing",
    "waiting_for_callback",
    "pending",
    "running",
    "success",
    "failed",
    "canceling",
    "canceled",
    "skipped",
    "manual",
    "scheduled",
];

/// Pipeline `status` (see [`PIPELINE_STATUSES`]). `manual`: the pipeline waits for a
/// person to start a job — [`CheckState::Manual`], yellow "waiting for a manual job",
/// never failed. `scheduled`: a delayed job (`when: delayed`) waits for its timer and
/// then starts on its own, nobody has to act — pending, "checks running". `canceled`
/// / `canceling`: yellow "CI canceled". `skipped`: no CI verdict (GitLab merges it
/// unless "Pipelines must succeed" is on, which `ci_must_pass` then says).
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
        _ => {
            super::unknown_value(Provider::Gitlab, "pipeline status", status);
            CheckState::Unknown
        }
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
