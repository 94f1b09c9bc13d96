//! Gitea's pull-request write endpoints: `POST …/pulls/{index}/reviews` (event
//! APPROVED, REQUEST_CHANGES or COMMENT, `commit_id`) and `POST …/merge` (`Do`,
//! `head_commit_id`, `delete_branch_after_merge`), refusing as Gitea does: 403 for
//! a token without `write:repository`, 422 for an empty comment or approving one's
//! own pull request, 405 not mergeable (merged, closed, work in progress, approvals,
//! status checks, merge style), 409 merge conflict or head commit out of date.
//!
//! Merge when ready (issue 28), as Gitea's `MergePullRequest`, `CancelScheduledAutoMerge`
//! and `UpdatePullRequest` answer: `merge_when_checks_succeed: true` runs the merge
//! check without branch protection (405 merged with no text, 404 closed, 405 work in
//! progress / not allowed to merge / "Please try again later" for a conflict), 409
//! `pull request is already scheduled to auto merge when checks succeed [pull_id: N]`,
//! merges at once (200, as the releases that skip scheduling once the commit status
//! is a success) when every check passed and a direct merge is accepted, else
//! schedules it (201, a `pull_scheduled_merge` timeline comment; `automerge::settle`
//! merges it when ready). `DELETE …/merge`: 204 (a `pull_cancel_scheduled_merge`
//! comment), 404 when nothing is scheduled, 403 when another user scheduled it (the
//! fake has no repository admins). `POST …/update?style=merge|rebase`: 200 (a new
//! head, no longer behind), 409 merge / rebase conflict, 422 merged or closed (no
//! text), 403 with no body where the account may not update
//! (`FakeForge::forbid_update`), and 500 with no text when the head is not behind
//! (Gitea's `Update` fails "HeadBranch of PR N is up to date"; production hides it).

use super::prs::{authorise, head_sha};
use crate::actions::{self, Refusal};
use crate::automerge::{self, FakeAutoMerge};
use crate::fault;
use crate::prs::FakePr;
use crate::reply;
use ampel_core::pr::ReviewVote;
use ampel_core::pr::{CheckState, MergeState, PrState};
use ampel_core::Provider;
use axum::body::Bytes;
use axum::extract::Query;
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
            post(merge).delete(cancel),
        )
        .route(
            "/api/v1/repos/{owner}/{repo}/pulls/{index}/update",
            post(update),
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
    let (login, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let b: Value = serde_json::from_slice(&body).unwrap_or_default();
    if b["merge_when_checks_succeed"].as_bool() == Some(true) {
        return merge_when_checks_succeed(&state, &login, &pr, &b);
    }
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

/// Ampel's method name for Gitea's `Do`.
fn method_of(b: &Value) -> Option<&'static str> {
    Some(match b["Do"].as_str().unwrap_or("merge") {
        "merge" | "" => "merge",
        "squash" => "squash",
        "rebase" => "rebase",
        "rebase-merge" => "rebase_merge",
        "fast-forward-only" => "fast_forward",
        _ => return None,
    })
}

/// `POST …/merge` with `merge_when_checks_succeed: true`.
fn merge_when_checks_succeed(state: &Shared, login: &str, pr: &FakePr, b: &Value) -> Response {
    // CheckPullMergeable with MergeCheckTypeAuto: branch protection is skipped.
    if pr.state == PrState::Merged {
        return refuse(StatusCode::METHOD_NOT_ALLOWED, "");
    }
    if pr.state != PrState::Open {
        return refuse(StatusCode::NOT_FOUND, "The target couldn't be found.");
    }
    let failing = pr
        .checks
        .iter()
        .any(|(_, c)| c.is_failing() || matches!(c, CheckState::Pending | CheckState::Running));
    if pr.merge == MergeState::Blocked && !failing && pr.approvals_required == 0 {
        return refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "User not allowed to merge PR",
        );
    }
    if pr.draft {
        return refuse(
            StatusCode::METHOD_NOT_ALLOWED,
            "Work in progress PRs cannot be merged",
        );
    }
    if pr.merge == MergeState::Conflict {
        return refuse(StatusCode::METHOD_NOT_ALLOWED, "Please try again later");
    }
    let Some(method) = method_of(b) else {
        return refuse(StatusCode::METHOD_NOT_ALLOWED, "Invalid merge style");
    };
    if pr.auto_merge.is_some() {
        return refuse(
            StatusCode::CONFLICT,
            &format!(
                "pull request is already scheduled to auto merge when checks succeed [pull_id: {}]",
                pr.number + 20_000
            ),
        );
    }
    let delete = b["delete_branch_after_merge"].as_bool().unwrap_or(false);
    let passed = pr.checks.iter().all(|(_, c)| {
        matches!(
            c,
            CheckState::Success | CheckState::Skipped | CheckState::Neutral
        )
    });
    if passed {
        let current = head_sha(pr);
        match actions::merge_refusal(state, pr, b["head_commit_id"].as_str(), &current, method) {
            None => {
                actions::merge(state, pr, method, delete);
                return reply::json(StatusCode::OK, Value::Null, &[]);
            }
            Some(Refusal::HeadMoved) => return refuse(StatusCode::CONFLICT, "head out of date"),
            Some(Refusal::Method) => {
                return refuse(
                    StatusCode::METHOD_NOT_ALLOWED,
                    &format!(
                        "{} is not allowed an allowed merge style for this repository",
                        b["Do"].as_str().unwrap_or("merge")
                    ),
                )
            }
            Some(_) => {}
        }
    }
    let auto = FakeAutoMerge {
        method: method.to_string(),
        by: login.to_string(),
        delete_branch: delete,
    };
    automerge::record(state, pr, "pull_scheduled_merge", login);
    actions::touch(state, pr);
    automerge::enable(state, pr, auto);
    reply::json(StatusCode::CREATED, Value::Null, &[])
}

/// `DELETE …/merge`: cancels the scheduled merge.
async fn cancel(State(state): State<Shared>, headers: HeaderMap, Path(path): PullPath) -> Response {
    let (login, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let Some(auto) = pr.auto_merge.clone() else {
        return refuse(StatusCode::NOT_FOUND, "The target couldn't be found.");
    };
    if !auto.by.eq_ignore_ascii_case(&login) {
        return refuse(
            StatusCode::FORBIDDEN,
            "user has no permission to cancel the scheduled auto merge",
        );
    }
    automerge::record(&state, &pr, "pull_cancel_scheduled_merge", &login);
    actions::touch(&state, &pr);
    automerge::disable(&state, &pr);
    empty(StatusCode::NO_CONTENT)
}

/// `POST …/update?style=merge|rebase`.
async fn update(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(path): PullPath,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let (_login, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    if pr.state != PrState::Open {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "");
    }
    let rebase = q.iter().any(|(k, v)| k == "style" && v == "rebase");
    if automerge::update_forbidden(&state, &pr) {
        return empty(StatusCode::FORBIDDEN);
    }
    if !pr.behind {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, "");
    }
    if pr.merge == MergeState::Conflict {
        let what = if rebase { "rebase" } else { "merge" };
        return refuse(
            StatusCode::CONFLICT,
            &format!("{what} failed because of conflict"),
        );
    }
    automerge::update_branch(&state, &pr);
    empty(StatusCode::OK)
}

/// A status with no body (Gitea's `ctx.Status`).
fn empty(status: StatusCode) -> Response {
    let mut r = Response::new(axum::body::Body::empty());
    *r.status_mut() = status;
    r
}
