//! GitLab's `GET /projects/:id/merge_requests/:iid/reviewers`: each reviewer with its review state.
//!
//! Each reviewer (asked, or who reviewed) as `{user, state, created_at}`, with
//! GitLab's states: asked and not reviewed since (GitLab resets the state when a
//! review is re-requested) → `unreviewed`; else the latest review: a comment →
//! `reviewed`, an approval → `approved`, a request for changes →
//! `requested_changes`, a removed approval → `unapproved`.

use super::mrs::{authorized_mr, host_of, rate_now};
use super::mrs::{reviewers, user_json};
use crate::prs::FakePr;
use crate::reply;
use crate::state::Shared;
use ampel_core::pr::ReviewVote;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

/// `GET /projects/:id/merge_requests/:iid/reviewers`.
pub(super) async fn reviewers_of(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): Path<(String, String)>,
) -> Response {
    let pr = match authorized_mr(&state, &headers, &id, &iid) {
        Ok(pr) => pr,
        Err(resp) => return *resp,
    };
    let host = host_of(&headers);
    let body: Vec<Value> = reviewers(&pr)
        .iter()
        .map(|who| {
            json!({
                "user": user_json(who, &host),
                "state": state_of(&pr, who),
                "created_at": reply::rfc3339(pr.created_at),
            })
        })
        .collect();
    reply::json(StatusCode::OK, Value::Array(body), &rate_now(&state))
}

/// `who`'s reviewer state on `pr`.
fn state_of(pr: &FakePr, who: &str) -> &'static str {
    if pr
        .requested_reviewers
        .iter()
        .any(|r| r.eq_ignore_ascii_case(who))
    {
        return "unreviewed";
    }
    let latest = pr
        .latest_reviews()
        .into_iter()
        .find(|r| r.by.eq_ignore_ascii_case(who));
    match latest.map(|r| r.vote) {
        Some(ReviewVote::Approved) => "approved",
        Some(ReviewVote::ChangesRequested) => "requested_changes",
        Some(ReviewVote::Commented) => "reviewed",
        Some(ReviewVote::Dismissed) => "unapproved",
        // A review begun and not submitted (a draft) is GitLab's `review_started`.
        Some(ReviewVote::NoOpinion) => "review_started",
        None => "unreviewed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_are_gitlabs() {
        let pr = FakePr::new(ampel_core::Provider::Gitlab, "g/p", 1, "t", "a")
            .review("ann", ReviewVote::Approved)
            .review("ben", ReviewVote::Commented)
            .review("cat", ReviewVote::ChangesRequested)
            .review("dan", ReviewVote::Approved)
            .review("dan", ReviewVote::Dismissed)
            .review("eve", ReviewVote::Commented)
            .request_review("eve");
        let got: Vec<&str> = ["ann", "ben", "cat", "dan", "eve", "fay"]
            .iter()
            .map(|w| state_of(&pr, w))
            .collect();
        assert_eq!(
            got,
            [
                "approved",
                "reviewed",
                "requested_changes",
                "unapproved",
                "unreviewed",
                "unreviewed"
            ]
        );
    }
}
