//! Gitea's pull-request write endpoints: `POST …/pulls/{index}/reviews` (event
//! APPROVED, REQUEST_CHANGES or COMMENT, `commit_id`) and `POST …/merge` (`Do`,
//! `head_commit_id`, `delete_branch_after_merge`), refusing as Gitea does: 403 for
//! a token without `write:repository`, 422 for an empty comment or approving one's
//! own pull request, 405 not mergeable (merged, closed, work in progress, approvals,
//! status checks, merge style), 409 merge conflict or head commit out of date.

use super::prs::{authorise, head_sha};
use crate::actions::{self, Refusal};
use crate::fault;
use crate::prs::FakePr;
use crate::reply;
use ampel_core::pr::ReviewVote;
use ampel_core::Provider;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};

use crate::state::Shared;

const P: Provider = Provider::Gitea;

/// The write routes under `/gitea`.
pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/api/v1/repos/{owner}/{repo}/pulls/{index}/reviews",
            post(review),
        )
        .route(
            "/api/v1/repos/{owner}/{repo}/pulls/{index}/merge",
            post(merge),
        )
}

type PullPath = Path<(String, String, u64)>;

fn refuse(status: StatusCode, text: &str) -> Response {
    fault::error(P, status, text)
}

fn prepare(
    state: &Shared,
    headers: &HeaderMap,
    (owner, repo, index): (String, String, u64),
) -> Result<(String, FakePr), Box<Response>> {
    let t = authorise(state, headers, "write:repository")?;
    let full = format!("{owner}/{repo}");
    match actions::find(state, P, &full, index) {
        Some(pr) => Ok((t.user.login, pr)),
        None => Err(Box::new(refuse(
            StatusCode::NOT_FOUND,
            "The target couldn't be found.",
        ))),
    }
}

async fn review(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(path): PullPath,
    body: Bytes,
) -> Response {
    let (login, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let b: Value = serde_json::from_slice(&body).unwrap_or_default();
    let text = b["body"].as_str().unwrap_or_default().to_string();
    let (vote, state_name) = match b["event"].as_str() {
        Some("APPROVED") => (ReviewVote::Approved, "APPROVED"),
        Some("REQUEST_CHANGES") => (ReviewVote::ChangesRequested, "REQUEST_CHANGES"),
        Some("COMMENT") => (ReviewVote::Commented, "COMMENT"),
        _ => return refuse(StatusCode::UNPROCESSABLE_ENTITY, "Invalid review event"),
    };
    if vote != ReviewVote::Approved && text.trim().is_empty() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "review event COMMENT requires a body",
        );
    }
    if vote != ReviewVote::Commented && pr.authored_by(&login) {
        let what = if vote == ReviewVote::Approved {
            "approve"
        } else {
            "reject"
        };
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("{what} your own pull is not allowed"),
        );
    }
    let commit = b["commit_id"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| head_sha(&pr));
    actions::review(&state, &pr, &login, vote, &text);
    reply::json(
        StatusCode::OK,
        json!({
            "id": 30_000 + pr.number,
            "user": {"id": 1000 + login.len(), "login": login, "username": login},
            "body": text,
            "commit_id": commit,
            "state": state_name,
            "stale": false,
            "official": true,
            "dismissed": false,
            "comments_count": 0,
            "submitted_at": reply::rfc3339(time::OffsetDateTime::now_utc()),
            "html_url": format!("https://gitea.example.com/{}/pulls/{}", pr.repo, pr.number),
            "pull_request_url": format!("https://gitea.example.com/{}/pulls/{}", pr.repo, pr.number),
        }),
        &[],
    )
}

async fn merge(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(path): PullPath,
    body: Bytes,
) -> Response {
    let (_login, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let b: Value = serde_json::from_slice(&body).unwrap_or_default();
    let method = match b["Do"].as_str() {
        Some("merge") => "merge",
        Some("squash") => "squash",
        Some("rebase") => "rebase",
        Some("rebase-merge") => "rebase_merge",
        Some("fast-forward-only") => "fast_forward",
        _ => return refuse(StatusCode::METHOD_NOT_ALLOWED, "Invalid merge style"),
    };
    let delete = b["delete_branch_after_merge"].as_bool().unwrap_or(false);
    let current = head_sha(&pr);
    let refused = |status, text: &str| refuse(status, text);
    match actions::merge_refusal(&state, &pr, b["head_commit_id"].as_str(), &current, method) {
        Some(Refusal::Merged) => {
            refused(StatusCode::METHOD_NOT_ALLOWED, "The PR is already merged")
        }
        Some(Refusal::Closed) => refused(StatusCode::METHOD_NOT_ALLOWED, "The PR is closed"),
        Some(Refusal::HeadMoved) => refused(StatusCode::CONFLICT, "head out of date"),
        Some(Refusal::Conflict) => refused(StatusCode::CONFLICT, "Merge conflict"),
        Some(Refusal::Method) => refused(StatusCode::METHOD_NOT_ALLOWED, "Invalid merge style"),
        Some(Refusal::Draft) => refused(
            StatusCode::METHOD_NOT_ALLOWED,
            "Work in progress PRs cannot be merged",
        ),
        Some(Refusal::Reviews { .. }) => refused(
            StatusCode::METHOD_NOT_ALLOWED,
            "Does not have enough approvals",
        ),
        Some(Refusal::Checks { .. }) => refused(
            StatusCode::METHOD_NOT_ALLOWED,
            "Not all required status checks successful",
        ),
        Some(Refusal::Protected) => refused(
            StatusCode::METHOD_NOT_ALLOWED,
            "User not allowed to merge PR",
        ),
        None => {
            actions::merge(&state, &pr, method, delete);
            reply::json(StatusCode::OK, Value::Null, &[])
        }
    }
}
