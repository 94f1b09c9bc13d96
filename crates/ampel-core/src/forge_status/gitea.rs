//! Gitea / Forgejo PR, review and commit-status values → the neutral model.

use super::norm;
use crate::pr::{CheckState, MergeState, PrState, Review, ReviewVote};

/// PR `state` (`open`, `closed`) and `merged`.
pub fn pr_state(state: &str, merged: bool) -> PrState {
    match norm(state).as_str() {
        _ if merged => PrState::Merged,
        "open" => PrState::Open,
        "closed" => PrState::Closed,
        _ => PrState::Unknown,
    }
}

/// A commit status or the combined status: `pending`, `success`, `error`, `failure`,
/// `warning`, `skipped`. A warning does not fail the PR: neutral.
pub fn commit_status_state(state: &str) -> CheckState {
    match norm(state).as_str() {
        "pending" => CheckState::Pending,
        "success" => CheckState::Success,
        "error" => CheckState::Error,
        "failure" => CheckState::Failure,
        "skipped" => CheckState::Skipped,
        // Gitea's own checks widget groups `warning` with `skipped` (not failing).
        "warning" => CheckState::Neutral,
        _ => {
            super::unknown_value(crate::Provider::Gitea, "commit status state", state);
            CheckState::Unknown
        }
    }
}

/// A review's `state`: `APPROVED`, `REQUEST_CHANGES`, `COMMENT`, `PENDING`, `REQUEST_REVIEW`, "".
pub fn review_state(state: &str) -> ReviewVote {
    match norm(state).as_str() {
        "approved" => ReviewVote::Approved,
        "request_changes" => ReviewVote::ChangesRequested,
        "comment" => ReviewVote::Commented,
        _ => ReviewVote::NoOpinion,
    }
}

/// Gitea has no review decision: derive it from the reviews in chronological order as
/// (reviewer login, state, dismissed), with the branch protection's required
/// approvals when known. A dismissed review withdraws that reviewer's opinion.
pub fn review<'a>(
    reviews: impl IntoIterator<Item = (&'a str, &'a str, bool)>,
    required_approvals: Option<u32>,
) -> Review {
    let votes = reviews.into_iter().map(|(who, state, dismissed)| {
        let vote = review_state(state);
        let opinionated = matches!(vote, ReviewVote::Approved | ReviewVote::ChangesRequested);
        (
            who,
            if dismissed && opinionated {
                ReviewVote::Dismissed
            } else {
                vote
            },
        )
    });
    Review::from_votes(votes, required_approvals)
}

/// The PR's `mergeable`. Gitea reports false for a conflict, but also briefly while
/// checking, on a check error and for a work-in-progress PR; for a draft the draft
/// explains it, otherwise false is read as a conflict (the lasting cause).
pub fn merge_state(mergeable: bool, draft: bool) -> MergeState {
    match (mergeable, draft) {
        (true, _) => MergeState::Mergeable,
        (false, true) => MergeState::Unknown,
        (false, false) => MergeState::Conflict,
    }
}

#[cfg(test)]
mod tests;
