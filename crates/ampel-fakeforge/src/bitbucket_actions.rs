//! Bitbucket Cloud's pull-request write endpoints: `POST …/approve`,
//! `POST …/request-changes`, `POST …/comments` (`type: pullrequest_comment` and `content.raw`, both required) and `POST …/merge`
//! (`type`, `merge_strategy`, `close_source_branch`; with `?async=true` a 202 and a
//! `Location` task-status link that reports PENDING once, then SUCCESS), refusing
//! as Bitbucket does: 403 naming the missing write scope, 400 for merged PRs,
//! conflicts and failed merge checks, 409 when refs changed, 555 when the merge
//! timed out (see `FakeForge::set_merge_times_out`).

use super::prs::{authorise, hex, source_hash};
use crate::actions::{self, Refusal};
use crate::fault;
use crate::prs::FakePr;
use crate::reply;
use crate::state::{self, Shared};
use crate::token::FakeToken;
use ampel_core::pr::{PrState, ReviewVote};
use ampel_core::Provider;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

const P: Provider = Provider::Bitbucket;
const BASE: &str = "/2.0/repositories/{ws}/{slug}/pullrequests/{id}";

/// The write routes under `/bitbucket`.
pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route(&format!("{BASE}/approve"), post(approve))
        .route(&format!("{BASE}/request-changes"), post(request_changes))
        .route(&format!("{BASE}/comments"), post(comment))
        .route(&format!("{BASE}/merge"), post(merge))
        .route(
            &format!("{BASE}/merge/task-status/{{task}}"),
            get(task_status),
        )
}

type PrPath = Path<(String, String, u64)>;

fn prepare(
    state: &Shared,
    headers: &HeaderMap,
    (ws, slug, id): (String, String, u64),
) -> Result<(FakeToken, FakePr), Box<Response>> {
    let t = authorise(state, headers)?;
    let (wanted, granted_ok) = match t.kind {
        crate::token::TokenKind::BitbucketAccessToken { .. } => {
            ("pullrequest:write", t.has_any_scope(&["pullrequest:write"]))
        }
        _ => (
            "write:pullrequest:bitbucket",
            t.has_any_scope(&["write:pullrequest:bitbucket"]),
        ),
    };
    if !granted_ok {
        return Err(Box::new(reply::json(
            StatusCode::FORBIDDEN,
            json!({"type": "error", "error": {
                "message": "Your credentials lack one or more required privilege scopes.",
                "detail": {"granted": t.scopes, "required": [wanted]},
            }}),
            &[],
        )));
    }
    match actions::find(state, P, &format!("{ws}/{slug}"), id) {
        Some(pr) => Ok((t, pr)),
        None => Err(Box::new(fault::error(
            P,
            StatusCode::NOT_FOUND,
            "Resource not found",
        ))),
    }
}

fn participant(t: &FakeToken, approved: bool, state: Option<&str>) -> Value {
    json!({
        "type": "participant",
        "user": {"type": "user", "display_name": t.user.name, "nickname": t.user.login,
                 "account_id": format!("557058:{}", hex(&t.user.login, 8))},
        "role": "REVIEWER",
        "approved": approved,
        "state": state,
        "participated_on": reply::rfc3339(time::OffsetDateTime::now_utc()),
    })
}

fn merged_refusal(pr: &FakePr) -> Option<Response> {
    (pr.state == PrState::Merged).then(|| {
        fault::error(
            P,
            StatusCode::BAD_REQUEST,
            "Pull request changes cannot be requested because the pull request has already been merged.",
        )
    })
}

async fn approve(State(state): State<Shared>, headers: HeaderMap, Path(path): PrPath) -> Response {
    let (t, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    if let Some(r) = merged_refusal(&pr) {
        return r;
    }
    actions::review(&state, &pr, &t.user.login, ReviewVote::Approved, "");
    reply::json(StatusCode::OK, participant(&t, true, Some("approved")), &[])
}

async fn request_changes(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(path): PrPath,
) -> Response {
    let (t, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    if let Some(r) = merged_refusal(&pr) {
        return r;
    }
    actions::review(&state, &pr, &t.user.login, ReviewVote::ChangesRequested, "");
    reply::json(
        StatusCode::OK,
        participant(&t, false, Some("changes_requested")),
        &[],
    )
}

async fn comment(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(path): PrPath,
    body: Bytes,
) -> Response {
    let (t, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let b: Value = serde_json::from_slice(&body).unwrap_or_default();
    // The OpenAPI description's `pullrequest_comment` requires `type` (object base).
    if b["type"].as_str() != Some("pullrequest_comment") {
        return fault::error(P, StatusCode::BAD_REQUEST, "type: This field is required.");
    }
    let Some(raw) = b
        .pointer("/content/raw")
        .and_then(Value::as_str)
        .filter(|r| !r.is_empty())
    else {
        return fault::error(
            P,
            StatusCode::BAD_REQUEST,
            "content: This field is required.",
        );
    };
    actions::review(&state, &pr, &t.user.login, ReviewVote::Commented, raw);
    reply::json(
        StatusCode::CREATED,
        json!({
            "type": "pullrequest_comment",
            "id": 70_000 + pr.number,
            "content": {"type": "rendered", "raw": raw, "markup": "markdown", "html": ""},
            "user": participant(&t, false, None)["user"],
            "deleted": false,
            "pending": false,
            "created_on": reply::rfc3339(time::OffsetDateTime::now_utc()),
        }),
        &[],
    )
}

async fn merge(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(path): PrPath,
    Query(query): Query<Vec<(String, String)>>,
    OriginalUri(uri): OriginalUri,
    body: Bytes,
) -> Response {
    let (_t, pr) = match prepare(&state, &headers, path) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let b: Value = serde_json::from_slice(&body).unwrap_or_default();
    if b["type"].as_str().is_none() {
        return fault::error(P, StatusCode::BAD_REQUEST, "type: This field is required.");
    }
    let method = match b["merge_strategy"].as_str().unwrap_or("merge_commit") {
        "merge_commit" => "merge",
        "squash" => "squash",
        "fast_forward" => "fast_forward",
        "rebase_fast_forward" => "rebase",
        "rebase_merge" => "rebase_merge",
        other => {
            return fault::error(
                P,
                StatusCode::BAD_REQUEST,
                &format!("merge_strategy: \"{other}\" is not a valid choice."),
            )
        }
    };
    if state::with(&state, |s| s.actions.merge_times_out) {
        return fault::error(
            P,
            StatusCode::from_u16(555).unwrap_or(StatusCode::GATEWAY_TIMEOUT),
            "The merge took too long and timed out.",
        );
    }
    let bad = |text: &str| fault::error(P, StatusCode::BAD_REQUEST, text);
    let current = source_hash(&pr);
    match actions::merge_refusal(&state, &pr, None, &current, method) {
        Some(Refusal::Merged) => {
            return bad("You can't merge a pull request that is already merged.")
        }
        Some(Refusal::Closed) => return bad("You can't merge a declined pull request."),
        Some(Refusal::HeadMoved) => return fault::error(
            P,
            StatusCode::CONFLICT,
            "Unable to merge because one of the refs involved changed while attempting to merge.",
        ),
        Some(Refusal::Conflict) => {
            return bad("You can't merge until you resolve all merge conflicts.")
        }
        Some(Refusal::Method) => {
            return bad(&format!(
                "The merge strategy \"{}\" is not allowed for the destination branch.",
                b["merge_strategy"].as_str().unwrap_or("merge_commit")
            ))
        }
        Some(Refusal::Draft) => return bad("You can't merge a draft pull request."),
        Some(Refusal::Reviews { required }) => {
            return bad(&format!(
                "Merge checks failed: requires {required} approvals."
            ))
        }
        Some(Refusal::Checks { failing }) => {
            return bad(&format!(
                "Merge checks failed: the last build ({failing}) must be successful."
            ))
        }
        Some(Refusal::Protected) => {
            return bad("Merge checks failed: the destination branch restricts merges.")
        }
        None => {}
    }
    let delete = b["close_source_branch"].as_bool().unwrap_or(false);
    actions::merge(&state, &pr, method, delete);
    if query.iter().any(|(k, v)| k == "async" && v == "true") {
        let task = hex(&format!("{}#{}:task", pr.repo, pr.number), 16);
        state::with(&state, |s| s.actions.tasks.push((task.clone(), 1)));
        let location = format!("{}/task-status/{task}", uri.path());
        return reply::json(
            StatusCode::ACCEPTED,
            json!({"task_id": task, "task_status": "PENDING"}),
            &[("location", location)],
        );
    }
    reply::json(StatusCode::OK, merged_json(&pr, &current), &[])
}

fn merged_json(pr: &FakePr, head: &str) -> Value {
    json!({
        "type": "pullrequest",
        "id": pr.number,
        "title": pr.title,
        "state": "MERGED",
        "source": {"commit": {"type": "commit", "hash": &head[..12.min(head.len())]}},
        "merge_commit": {"type": "commit", "hash": hex(&format!("{head}:merged"), 12)},
    })
}

async fn task_status(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((ws, slug, id, task)): Path<(String, String, u64, String)>,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let polls_left = state::with(&state, |s| {
        let t = s.actions.tasks.iter_mut().find(|(t, _)| *t == task)?;
        let left = t.1;
        t.1 = t.1.saturating_sub(1);
        Some(left)
    });
    let Some(left) = polls_left else {
        return fault::error(
            P,
            StatusCode::BAD_REQUEST,
            "The task ID does not relate to this pull request.",
        );
    };
    if left > 0 {
        return reply::json(StatusCode::OK, json!({"task_status": "PENDING"}), &[]);
    }
    let pr = actions::find(&state, P, &format!("{ws}/{slug}"), id);
    let merged = pr
        .map(|p| merged_json(&p, &source_hash(&p)))
        .unwrap_or(Value::Null);
    reply::json(
        StatusCode::OK,
        json!({"task_status": "SUCCESS", "merge_result": merged}),
        &[],
    )
}
