//! GitHub GraphQL (and REST) PR status values → the neutral model.

use super::norm;
use crate::pr::{Blocker, CheckState, MergeState, PrState, Review, ReviewDecision, ReviewVote};
use crate::Provider;

/// `PullRequest.state`: `OPEN`, `CLOSED`, `MERGED`.
pub fn pr_state(state: &str) -> PrState {
    match norm(state).as_str() {
        "open" => PrState::Open,
        "closed" => PrState::Closed,
        "merged" => PrState::Merged,
        _ => PrState::Unknown,
    }
}

/// `mergeable` (`MERGEABLE`, `CONFLICTING`, `UNKNOWN`) refined by `mergeStateStatus`
/// (`BEHIND`, `BLOCKED`, `CLEAN`, `DIRTY`, `DRAFT`, `HAS_HOOKS`, `UNKNOWN`, `UNSTABLE`;
/// GitHub's GraphQL schema). `CONFLICTING` always wins; `UNKNOWN` from either means
/// still computing; `UNSTABLE` (non-passing checks) is mergeable here because the
/// checks give their own reason; `BLOCKED` is blocked (the light names the rule, or
/// "blocked by a branch rule" when nothing else explains it); `BEHIND` is behind the
/// base. A value the schema does not list is `GitHub says: <value>`, never green.
pub fn merge_state(mergeable: &str, merge_state_status: &str) -> (MergeState, Option<Blocker>) {
    let unknown = |field: &str, value: &str| {
        super::unknown_value(Provider::Github, field, value);
        (
            MergeState::Blocked,
            Some(Blocker::forge_says(Provider::Github, value)),
        )
    };
    let from_status = match norm(merge_state_status).as_str() {
        "clean" | "unstable" | "has_hooks" => (MergeState::Mergeable, None),
        "dirty" => (MergeState::Conflict, None),
        "behind" => (MergeState::Behind, None),
        "blocked" | "draft" => (MergeState::Blocked, None),
        "unknown" => (MergeState::Computing, None),
        _ => unknown("mergeStateStatus", merge_state_status),
    };
    match norm(mergeable).as_str() {
        "conflicting" => (MergeState::Conflict, None),
        "unknown" => (MergeState::Computing, None),
        "mergeable" => from_status,
        _ => match from_status {
            (MergeState::Mergeable, _) => unknown("mergeable", mergeable),
            other => other,
        },
    }
}

/// `reviewDecision`: `APPROVED`, `CHANGES_REQUESTED`, `REVIEW_REQUIRED`, or null
/// (no review policy applies).
pub fn review_decision(decision: Option<&str>) -> Option<ReviewDecision> {
    match norm(decision?).as_str() {
        "approved" => Some(ReviewDecision::Approved),
        "changes_requested" => Some(ReviewDecision::ChangesRequested),
        "review_required" => Some(ReviewDecision::ReviewRequired),
        _ => None,
    }
}

/// `PullRequestReviewState`: `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED`, `PENDING`.
pub fn review_vote(state: &str) -> ReviewVote {
    match norm(state).as_str() {
        "approved" => ReviewVote::Approved,
        "changes_requested" => ReviewVote::ChangesRequested,
        "commented" => ReviewVote::Commented,
        "dismissed" => ReviewVote::Dismissed,
        _ => ReviewVote::NoOpinion,
    }
}

/// The PR's review from `reviewDecision` and `latestOpinionatedReviews` (login, state):
/// the names come from the reviews, the verdict from GitHub.
pub fn review<'a>(
    decision: Option<&str>,
    latest_opinionated: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Review {
    let votes = latest_opinionated
        .into_iter()
        .map(|(who, state)| (who, review_vote(state)));
    Review {
        decision: review_decision(decision),
        ..Review::from_votes(votes, None)
    }
}

/// `CheckConclusionState`: `ACTION_REQUIRED`, `CANCELLED`, `FAILURE`, `NEUTRAL`, `SKIPPED`,
/// `STALE`, `STARTUP_FAILURE`, `SUCCESS`, `TIMED_OUT`.
pub fn check_conclusion(conclusion: &str) -> CheckState {
    match norm(conclusion).as_str() {
        "action_required" => CheckState::ActionRequired,
        "cancelled" => CheckState::Cancelled,
        "failure" => CheckState::Failure,
        "skipped" => CheckState::Skipped,
        "stale" => CheckState::Stale,
        "startup_failure" => CheckState::StartupFailure,
        "success" => CheckState::Success,
        "timed_out" => CheckState::TimedOut,
        "neutral" => CheckState::Neutral,
        _ => {
            super::unknown_value(Provider::Github, "check conclusion", conclusion);
            CheckState::Unknown
        }
    }
}

/// A check run from `CheckStatusState` (`COMPLETED`, `IN_PROGRESS`, `PENDING`, `QUEUED`,
/// `REQUESTED`, `WAITING`) and, once completed, its conclusion.
pub fn check_state(status: &str, conclusion: Option<&str>) -> CheckState {
    match norm(status).as_str() {
        "in_progress" => CheckState::Running,
        "pending" | "queued" | "requested" | "waiting" => CheckState::Pending,
        _ => match conclusion {
            Some(c) => check_conclusion(c),
            None => {
                super::unknown_value(Provider::Github, "check status", status);
                CheckState::Unknown
            }
        },
    }
}

/// `StatusState` of a status context or of the whole `statusCheckRollup`: `ERROR`,
/// `EXPECTED` (a required context not reported yet), `FAILURE`, `PENDING`, `SUCCESS`.
pub fn status_state(state: &str) -> CheckState {
    match norm(state).as_str() {
        "error" => CheckState::Error,
        "failure" => CheckState::Failure,
        "expected" | "pending" => CheckState::Pending,
        "success" => CheckState::Success,
        _ => {
            super::unknown_value(Provider::Github, "status state", state);
            CheckState::Unknown
        }
    }
}

#[cfg(test)]
mod tests;
