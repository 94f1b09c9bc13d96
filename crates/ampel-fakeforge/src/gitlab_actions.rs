//! GitLab's merge-request write endpoints as gitlab-org/gitlab answers them
//! (`lib/api/merge_request_approvals.rb`, `lib/api/merge_requests.rb`):
//! `POST …/approve` (with `sha`) answers 201, or **304** with no body when the user
//! approved already; `POST …/unapprove` answers 201, or **304** when there is no
//! approval of the user's; `POST …/notes`; `PUT …/merge` (with `sha`, `squash`,
//! `should_remove_source_branch`). Merge refusals: 403 `insufficient_scope` without
//! `api`, 404, 405 "405 Method Not Allowed" (not open, or a draft), **422** "Branch
//! cannot be merged" (anything that makes it unmergeable: conflict, pipeline,
//! approvals, a blocking rule), 409 "SHA does not match HEAD of source branch".
//! Approvals and notes move the MR's `updated_at` (a system note), not its head.
//! `PUT …/merge` with `auto_merge` or `merge_when_pipeline_succeeds` is answered by
//! `gitlab_automerge.rs` (auto-merge, or the merge train where the project has one).

use super::authenticate;
use super::mrs::{project_id, sha_of};
use crate::actions::{self, Refusal};
use crate::prs::FakePr;
use crate::reply;
use crate::state::{self, Shared};
use crate::token::FakeToken;
use ampel_core::pr::ReviewVote;
use ampel_core::Provider;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{post, put};
use axum::Router;
use serde_json::{json, Value};

const P: Provider = Provider::Gitlab;

/// The write routes under `/gitlab`.
pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}/approve",
            post(approve),
        )
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}/unapprove",
            post(unapprove),
        )
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}/notes",
            post(notes),
        )
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}/merge",
            put(merge),
        )
}

type MrPath = Path<(String, u64)>;

/// 304 Not Modified with no body: GitLab's "already so" for approve / unapprove.
fn not_modified() -> Response {
    axum::response::IntoResponse::into_response(StatusCode::NOT_MODIFIED)
}

pub(super) fn message(status: StatusCode, text: &str) -> Response {
    reply::json(status, json!({"message": text}), &[])
}

/// The token (with `api`) and the MR, or GitLab's refusal.
pub(super) fn prepare(
    state: &Shared,
    headers: &HeaderMap,
    id: &str,
    iid: u64,
) -> Result<(FakeToken, FakePr), Box<Response>> {
    let t = authenticate(state, headers)?;
    if !t.has_any_scope(&["api"]) {
        return Err(Box::new(reply::json(
            StatusCode::FORBIDDEN,
            json!({"error": "insufficient_scope",
                   "error_description": "The request requires higher privileges than provided by the access token.",
                   "scope": "api"}),
            &[(
                "www-authenticate",
                "Bearer realm=\"\", error=\"insufficient_scope\", error_description=\"The request requires higher privileges than provided by the access token.\", scope=\"api\"".to_string(),
            )],
        )));
    }
    let repo = state::with(state, |s| {
        s.prs
            .iter()
            .filter(|p| p.provider == P)
            .find(|p| p.repo == id || project_id(&p.repo).to_string() == id)
            .map(|p| p.repo.clone())
    });
    let pr = repo.and_then(|r| actions::find(state, P, &r, iid));
    match pr {
        Some(pr) => Ok((t, pr)),
        None => Err(Box::new(message(StatusCode::NOT_FOUND, "404 Not found"))),
    }
}

pub(super) fn body_of(bytes: &Bytes) -> Value {
    serde_json::from_slice(bytes).unwrap_or_default()
}

fn approval(pr: &FakePr, t: &FakeToken) -> Value {
    json!({
        "id": project_id(&pr.repo) * 1000 + pr.number,
        "iid": pr.number,
        "project_id": project_id(&pr.repo),
        "title": pr.title,
        "state": "opened",
        "approved": true,
        "approved_by": [{"user": {"id": t.user.id, "username": t.user.login, "name": t.user.name}}],
    })
}

async fn approve(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): MrPath,
    body: Bytes,
) -> Response {
    let (t, pr) = match prepare(&state, &headers, &id, iid) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let sha = body_of(&body)["sha"].as_str().map(str::to_string);
    if sha.is_some_and(|s| s != sha_of(&pr)) {
        return message(
            StatusCode::CONFLICT,
            &format!("SHA does not match HEAD of source branch: {}", sha_of(&pr)),
        );
    }
    if pr.state != ampel_core::pr::PrState::Open {
        return message(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed");
    }
    if actions::approved_by(&pr, &t.user.login) {
        return not_modified();
    }
    actions::review(&state, &pr, &t.user.login, ReviewVote::Approved, "");
    actions::touch(&state, &pr);
    reply::json(StatusCode::CREATED, approval(&pr, &t), &[])
}

async fn unapprove(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): MrPath,
) -> Response {
    let (t, pr) = match prepare(&state, &headers, &id, iid) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    if !actions::unapprove(&state, &pr, &t.user.login) {
        return not_modified();
    }
    actions::touch(&state, &pr);
    let mut v = approval(&pr, &t);
    v["approved"] = json!(false);
    v["approved_by"] = json!([]);
    reply::json(StatusCode::CREATED, v, &[])
}

async fn notes(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): MrPath,
    body: Bytes,
) -> Response {
    let (t, pr) = match prepare(&state, &headers, &id, iid) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let Some(text) = body_of(&body)["body"]
        .as_str()
        .map(str::to_string)
        .filter(|b| !b.is_empty())
    else {
        return message(StatusCode::BAD_REQUEST, "400 Bad request - body is missing");
    };
    actions::review(&state, &pr, &t.user.login, ReviewVote::Commented, &text);
    actions::touch(&state, &pr);
    reply::json(
        StatusCode::CREATED,
        json!({
            "id": 9000 + pr.number,
            "type": null,
            "body": text,
            "author": {"id": t.user.id, "username": t.user.login, "name": t.user.name},
            "system": false,
            "noteable_id": project_id(&pr.repo) * 1000 + pr.number,
            "noteable_type": "MergeRequest",
            "noteable_iid": pr.number,
            "resolvable": false,
            "confidential": false,
            "internal": false,
        }),
        &[],
    )
}

async fn merge(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): MrPath,
    body: Bytes,
) -> Response {
    let (t, pr) = match prepare(&state, &headers, &id, iid) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    let b = body_of(&body);
    let method = if b["squash"].as_bool() == Some(true) {
        "squash"
    } else {
        "merge"
    };
    let auto = b["auto_merge"].as_bool() == Some(true)
        || b["merge_when_pipeline_succeeds"].as_bool() == Some(true);
    if auto {
        let host = super::mrs::host_of(&headers);
        return super::automerge::auto_merge(&state, &pr, &t.user.login, &b, method, &host);
    }
    let delete = b["should_remove_source_branch"].as_bool().unwrap_or(false);
    merge_now(&state, &pr, b["sha"].as_str(), method, delete)
}

/// GitLab's immediate merge (`MergeService`), or its refusal.
pub(super) fn merge_now(
    state: &Shared,
    pr: &FakePr,
    sha: Option<&str>,
    method: &str,
    delete: bool,
) -> Response {
    let current = sha_of(pr);
    match actions::merge_refusal(state, pr, sha, &current, method) {
        Some(Refusal::HeadMoved) => message(
            StatusCode::CONFLICT,
            &format!("SHA does not match HEAD of source branch: {current}"),
        ),
        Some(Refusal::Method) => message(
            StatusCode::METHOD_NOT_ALLOWED,
            "Squashing is not allowed in this project",
        ),
        Some(Refusal::Merged | Refusal::Closed | Refusal::Draft) => {
            message(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed")
        }
        Some(_) => message(StatusCode::UNPROCESSABLE_ENTITY, "Branch cannot be merged"),
        None => {
            actions::merge(state, pr, method, delete);
            let v = json!({
                "id": project_id(&pr.repo) * 1000 + pr.number,
                "iid": pr.number,
                "project_id": project_id(&pr.repo),
                "title": pr.title,
                "state": "merged",
                "sha": current,
                "merge_commit_sha": crate::actions::fake_sha(&format!("{current}:merged")),
                "squash": method == "squash",
                "should_remove_source_branch": delete,
                "merge_when_pipeline_succeeds": false,
                "references": {"full": format!("{}!{}", pr.repo, pr.number)},
            });
            reply::json(StatusCode::OK, v, &[])
        }
    }
}
