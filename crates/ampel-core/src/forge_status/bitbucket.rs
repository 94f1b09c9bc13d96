//! Bitbucket Cloud PR, participant and commit-status values → the neutral model.

use super::norm;
use crate::pr::{CheckState, MergeState, PrState, Review, ReviewVote};

/// `pullrequest.state`: `OPEN`, `MERGED`, `DECLINED`, `SUPERSEDED` (the last two are closed).
pub fn pr_state(state: &str) -> PrState {
    match norm(state).as_str() {
        "open" => PrState::Open,
        "merged" => PrState::Merged,
        "declined" | "superseded" => PrState::Closed,
        _ => PrState::Unknown,
    }
}

/// `commitstatus.state`: `SUCCESSFUL`, `FAILED`, `INPROGRESS`, `STOPPED` (stopped by a person: cancelled).
pub fn commit_status_state(state: &str) -> CheckState {
    match norm(state).as_str() {
        "successful" => CheckState::Success,
        "failed" => CheckState::Failure,
        "inprogress" => CheckState::Running,
        "stopped" => CheckState::Cancelled,
        _ => {
            super::unknown_value(crate::Provider::Bitbucket, "commit status state", state);
            CheckState::Unknown
        }
    }
}

/// A participant's `approved` flag and `state` (`approved`, `changes_requested`, null).
pub fn participant_vote(approved: bool, state: Option<&str>) -> ReviewVote {
    match state.map(norm).as_deref() {
        Some("changes_requested") => ReviewVote::ChangesRequested,
        Some("approved") => ReviewVote::Approved,
        _ if approved => ReviewVote::Approved,
        _ => ReviewVote::NoOpinion,
    }
}

/// The review from `participants[]` as (display name or nickname, approved, state).
/// Bitbucket exposes no required-approval count on the PR.
pub fn review<'a>(
    participants: impl IntoIterator<Item = (&'a str, bool, Option<&'a str>)>,
) -> Review {
    let votes = participants
        .into_iter()
        .map(|(who, approved, state)| (who, participant_vote(approved, state)));
    Review::from_votes(votes, None)
}

/// The PR's `mergeable` ("passes all merge checks") and whether its diffstat shows a
/// conflict, each when known. `mergeable: false` alone is a merge check, not a conflict.
pub fn merge_state(mergeable: Option<bool>, conflict: Option<bool>) -> MergeState {
    match (conflict, mergeable) {
        (Some(true), _) => MergeState::Conflict,
        (_, Some(true)) => MergeState::Mergeable,
        (_, Some(false)) => MergeState::Blocked,
        (_, None) => MergeState::Unknown,
    }
}

#[cfg(test)]
mod tests;
