//! GitLab's merge-when-ready endpoints (issue 28) as gitlab-org/gitlab answers them:
//! auto-merge through `PUT …/merge` with `auto_merge` (or the deprecated
//! `merge_when_pipeline_succeeds`), `POST …/cancel_merge_when_pipeline_succeeds`,
//! `PUT …/rebase`, the project (`merge_trains_enabled`) and the merge-train API
//! (`ee/lib/api/merge_trains.rb`).
//!
//! `PUT /merge` with `auto_merge` (`lib/api/merge_requests.rb`): a head pipeline that
//! succeeded merges at once ("immediately mergeable"); otherwise the default strategy
//! is tried — "merge when checks pass", available unless the project uses merge trains
//! or the MR is mergeable with no pipeline in progress
//! (`app/services/auto_merge/merge_when_checks_pass_service.rb`). So an MR with no
//! pipeline that could merge now answers **405** (GitLab offers a plain merge there),
//! one that waits for a pipeline, approvals or its draft gets auto-merge (200, the MR
//! with `merge_when_pipeline_succeeds: true` and `merge_user`), a conflicting one 405.
//! On a merge-train project the default strategy is the train: the MR joins it.
//! A direct merge (no `auto_merge`) on such a project is GitLab's "merge immediately":
//! it merges, skipping the train — the fake does that too, which is why Ampel never
//! sends it there.
//!
//! Cancel (`AutoMergeService#cancel`): 405 when the MR is not open, **406** "Can't
//! cancel the automatic merge" when auto-merge is not on, else 201 with the MR; on a
//! train it takes the MR off the train (GitLab 16.0 "Remove from merge train" became
//! "Cancel auto-merge").
//!
//! Rebase: 403 when the token cannot write or the MR conflicts ("This merge request
//! cannot be rebased while there are conflicts."), 409 while one is in progress,
//! else **202** `{"rebase_in_progress": true}`; the single MR with
//! `include_rebase_in_progress=true` reports it while the PR's `rebase_polls` (set to
//! [`REBASE_POLLS`] by the request; a test may raise it) counts down, one per read,
//! then the branch is rebased (new head, no longer behind) — or, for a PR whose
//! rebase fails (`FakeForge::fail_rebase`), not, and `merge_error` says
//! [`REBASE_FAILED`].
//!
//! Merge trains: `GET /projects/:id/merge_trains` (`scope`, `sort`), `GET
//! …/merge_trains/:target_branch`, `GET …/merge_trains/merge_requests/:iid` (404
//! when not on a train) and `POST …/merge_trains/merge_requests/:iid` (`sha`,
//! `squash`, `auto_merge`): 201 with the train's cars when it joined (its train
//! pipeline, a `merge-train` check, starts running), 202 when it
//! was set to join once its pipeline succeeds, 409 on a moved head, 400 when it
//! cannot join; every merge-train route answers 403 on a project without trains.

use super::actions::{body_of, message, prepare};
use super::mrs::{self, project_id, sha_of, user_json};
use super::pipelines;
use crate::actions::{self as shared, Refusal};
use crate::automerge::{self, FakeAutoMerge};
use crate::prs::FakePr;
use crate::reply;
use crate::state::{self, Shared};
use ampel_core::pr::{CheckState, MergeState, PrState};
use ampel_core::Provider;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

const P: Provider = Provider::Gitlab;

/// GitLab's `merge_error` after a failed rebase (`MergeRequests::RebaseService`).
pub const REBASE_FAILED: &str =
    "Rebase failed: Rebase locally, resolve all conflicts, then push the branch.";

/// Reads of the MR a rebase stays "in progress" for, unless the PR says otherwise.
pub const REBASE_POLLS: u32 = 2;

/// The routes of this module under `/gitlab`.
pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v4/projects/{id}", get(project))
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}/cancel_merge_when_pipeline_succeeds",
            post(cancel),
        )
        .route(
            "/api/v4/projects/{id}/merge_requests/{iid}/rebase",
            put(rebase),
        )
        .route("/api/v4/projects/{id}/merge_trains", get(train_all))
        .route(
            "/api/v4/projects/{id}/merge_trains/{target_branch}",
            get(train_of_branch),
        )
        .route(
            "/api/v4/projects/{id}/merge_trains/merge_requests/{iid}",
            get(car_of).post(add_to_train),
        )
}

type MrPath = Path<(String, u64)>;

fn trains_enabled(state: &Shared, pr: &FakePr) -> bool {
    state::with(state, |s| automerge::queue_required(s, pr))
}

/// `GET /projects/:id`: the fields Ampel reads (`merge_trains_enabled` is the
/// Premium field; `merge_method`, `only_allow_merge_if_pipeline_succeeds`).
async fn project(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = mrs::authorize(&state, &headers) {
        return *r;
    }
    let Some(repo) = mrs::find_project(&state, &id) else {
        return mrs::project_not_found();
    };
    let trains = state::with(&state, |s| {
        s.automation
            .queue_required
            .iter()
            .any(|(p, r)| *p == P && r.eq_ignore_ascii_case(&repo))
    });
    let strict = mrs::strict_projects(&state)
        .iter()
        .any(|r| r.eq_ignore_ascii_case(&repo));
    let name = repo.rsplit('/').next().unwrap_or_default().to_string();
    reply::json(
        StatusCode::OK,
        json!({
            "id": project_id(&repo),
            "name": name,
            "path": name,
            "path_with_namespace": repo,
            "default_branch": "main",
            "merge_method": "merge",
            "squash_option": "default_off",
            "only_allow_merge_if_pipeline_succeeds": strict,
            "merge_pipelines_enabled": trains,
            "merge_trains_enabled": trains,
            "merge_trains_skip_train_allowed": false,
        }),
        &mrs::rate_now(&state),
    )
}

fn pipeline_in_progress(p: &FakePr) -> bool {
    matches!(
        pipelines::status(p).as_deref(),
        Some(
            "created"
                | "waiting_for_resource"
                | "waiting_for_callback"
                | "preparing"
                | "pending"
                | "running"
                | "scheduled"
        )
    )
}

/// Puts the MR on its train: a car whose merged-results pipeline (`merge-train`)
/// starts, so it merges once that pipeline passes (a test sets it).
fn board(state: &Shared, pr: &FakePr, method: &str, by: &str) {
    automerge::edit(state, pr, |p, _| {
        p.checks
            .push(("merge-train".to_string(), CheckState::Running));
    });
    automerge::enqueue(state, pr, method, by);
}

/// `PUT /merge` with `auto_merge` (or `merge_when_pipeline_succeeds`) true: see the
/// module docs. `method` is Ampel's name (`merge` / `squash`).
pub(super) fn auto_merge(
    state: &Shared,
    pr: &FakePr,
    by: &str,
    body: &Value,
    method: &str,
    host: &str,
) -> Response {
    let current = sha_of(pr);
    let delete = body["should_remove_source_branch"]
        .as_bool()
        .unwrap_or(false);
    let given = body["sha"].as_str();
    if pr.state != PrState::Open {
        return message(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed");
    }
    if trains_enabled(state, pr) {
        if given.is_some_and(|g| g != current) {
            return conflict_sha(&current);
        }
        board(state, pr, method, by);
        return mr_reply(state, pr, host);
    }
    let immediately = pipelines::status(pr).as_deref() == Some("success");
    if immediately {
        return super::actions::merge_now(state, pr, given, method, delete);
    }
    let refusal = shared::merge_refusal(state, pr, None, &current, method);
    if refusal == Some(Refusal::Method) {
        return message(
            StatusCode::METHOD_NOT_ALLOWED,
            "Squashing is not allowed in this project",
        );
    }
    let mergeable = refusal.is_none();
    let available = automerge::auto_merge_allowed(state, pr)
        && pr.merge != MergeState::Conflict
        && (!mergeable || pipeline_in_progress(pr));
    if !available {
        return message(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed");
    }
    if given.is_some_and(|g| g != current) {
        return conflict_sha(&current);
    }
    automerge::enable(
        state,
        pr,
        FakeAutoMerge {
            method: method.to_string(),
            by: by.to_string(),
            delete_branch: delete,
        },
    );
    mr_reply(state, pr, host)
}

fn conflict_sha(current: &str) -> Response {
    message(
        StatusCode::CONFLICT,
        &format!("SHA does not match HEAD of source branch: {current}"),
    )
}

/// 200 with the MR as it is now.
fn mr_reply(state: &Shared, pr: &FakePr, host: &str) -> Response {
    let now = shared::find(state, P, &pr.repo, pr.number).unwrap_or_else(|| pr.clone());
    let body = mrs::mr_json(&now, host, &mrs::strict_projects(state));
    reply::json(StatusCode::OK, body, &mrs::rate_now(state))
}

async fn cancel(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): MrPath,
) -> Response {
    let (_t, pr) = match prepare(&state, &headers, &id, iid) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    if pr.state != PrState::Open {
        return message(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed");
    }
    let was = if pr.queued.is_some() {
        automerge::dequeue(&state, &pr)
    } else {
        automerge::disable(&state, &pr)
    };
    if !was {
        return message(
            StatusCode::NOT_ACCEPTABLE,
            "Can't cancel the automatic merge",
        );
    }
    let host = mrs::host_of(&headers);
    let now = shared::find(&state, P, &pr.repo, pr.number).unwrap_or(pr);
    reply::json(
        StatusCode::CREATED,
        mrs::mr_json(&now, &host, &mrs::strict_projects(&state)),
        &[],
    )
}

async fn rebase(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): MrPath,
) -> Response {
    let (_t, pr) = match prepare(&state, &headers, &id, iid) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    if pr.state != PrState::Open {
        return message(
            StatusCode::FORBIDDEN,
            "403 Forbidden - This merge request is not open.",
        );
    }
    if pr.merge == MergeState::Conflict {
        return message(
            StatusCode::FORBIDDEN,
            "403 Forbidden - This merge request cannot be rebased while there are conflicts.",
        );
    }
    let started = state::with(&state, |s| {
        let Some(p) = s
            .prs
            .iter_mut()
            .find(|p| p.provider == P && p.repo == pr.repo && p.number == pr.number)
        else {
            return false;
        };
        if p.rebase_polls > 0 {
            return false;
        }
        p.rebase_polls = REBASE_POLLS;
        s.revision += 1;
        true
    });
    if !started {
        return message(
            StatusCode::CONFLICT,
            "Failed to enqueue the rebase operation, possibly due to a long-lived transaction. Try again later.",
        );
    }
    reply::json(
        StatusCode::ACCEPTED,
        json!({"rebase_in_progress": true}),
        &[],
    )
}

/// The single MR's `rebase_in_progress` (asked with `include_rebase_in_progress`):
/// each read counts one of the rebase's polls down; at the last the branch is
/// rebased onto its base (a new head, no longer behind).
pub(super) fn rebase_read(state: &Shared, pr: &FakePr) -> (bool, FakePr) {
    let mut finished = false;
    let fails = state::with(state, |s| automerge::rebase_fails(s, pr));
    let still = state::with(state, |s| {
        let Some(p) = s
            .prs
            .iter_mut()
            .find(|p| p.provider == P && p.repo == pr.repo && p.number == pr.number)
        else {
            return false;
        };
        if p.rebase_polls == 0 {
            return false;
        }
        p.rebase_polls -= 1;
        if p.rebase_polls == 0 {
            finished = true;
            return false;
        }
        true
    });
    if finished && !fails {
        automerge::update_branch(state, pr);
    }
    let now = shared::find(state, P, &pr.repo, pr.number).unwrap_or_else(|| pr.clone());
    (still, now)
}

/// GitLab's car `status` for a queued MR: its merge-ref pipeline running → `fresh`,
/// else `idle` (waiting for its turn or its pipeline).
fn car_status(p: &FakePr) -> &'static str {
    if pipeline_in_progress(p) {
        "fresh"
    } else {
        "idle"
    }
}

fn car_json(p: &FakePr, host: &str) -> Value {
    let pid = project_id(&p.repo);
    let by = p.auto_merge.as_ref().map_or("", |a| a.by.as_str());
    json!({
        "id": pid * 10 + p.queued.unwrap_or_default(),
        "merge_request": {
            "id": pid * 1000 + p.number,
            "iid": p.number,
            "project_id": pid,
            "title": p.title,
            "description": "",
            "state": "opened",
            "created_at": reply::rfc3339(p.created_at),
            "updated_at": reply::rfc3339(p.activity_at()),
            "web_url": format!("http://{host}/gitlab/{}/-/merge_requests/{}", p.repo, p.number),
        },
        "user": user_json(by, host),
        "pipeline": pipelines::pipeline_json(p, host),
        "created_at": reply::rfc3339(p.updated_at),
        "updated_at": reply::rfc3339(p.activity_at()),
        "target_branch": "main",
        "status": car_status(p),
        "merged_at": null,
        "duration": null,
    })
}

/// The project's repo when the caller may read it and it uses merge trains, else
/// GitLab's answer (404 unknown project, 403 no trains).
fn train_project(state: &Shared, headers: &HeaderMap, id: &str) -> Result<String, Box<Response>> {
    mrs::authorize(state, headers)?;
    let Some(repo) = mrs::find_project(state, id) else {
        return Err(Box::new(mrs::project_not_found()));
    };
    let on = state::with(state, |s| {
        s.automation
            .queue_required
            .iter()
            .any(|(p, r)| *p == P && r.eq_ignore_ascii_case(&repo))
    });
    if !on {
        return Err(Box::new(message(StatusCode::FORBIDDEN, "403 Forbidden")));
    }
    Ok(repo)
}

/// The cars of `repo`'s train, first to merge first (`sort=asc`), or as GitLab
/// sorts by default (`desc`, newest first).
fn cars(state: &Shared, repo: &str, q: &HashMap<String, String>, host: &str) -> Response {
    let mut queued: Vec<(Option<u32>, FakePr)> = state::with(state, |s| {
        s.prs
            .iter()
            .filter(|p| p.provider == P && p.repo == repo && p.state == PrState::Open)
            .filter(|p| p.queued.is_some())
            .map(|p| (automerge::queue_position(s, p), p.clone()))
            .collect()
    });
    if q.get("scope").map(String::as_str) == Some("complete") {
        queued.clear();
    }
    queued.sort_by_key(|(position, _)| *position);
    let mut queued: Vec<FakePr> = queued.into_iter().map(|(_, p)| p).collect();
    if q.get("sort").map(String::as_str) != Some("asc") {
        queued.reverse();
    }
    let body: Vec<Value> = queued.iter().map(|p| car_json(p, host)).collect();
    reply::json(StatusCode::OK, Value::Array(body), &mrs::rate_now(state))
}

async fn train_all(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match train_project(&state, &headers, &id) {
        Ok(repo) => cars(&state, &repo, &q, &mrs::host_of(&headers)),
        Err(r) => *r,
    }
}

async fn train_of_branch(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, branch)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match train_project(&state, &headers, &id) {
        Ok(_) if branch != "main" => reply::json(StatusCode::OK, json!([]), &[]),
        Ok(repo) => cars(&state, &repo, &q, &mrs::host_of(&headers)),
        Err(r) => *r,
    }
}

async fn car_of(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): MrPath,
) -> Response {
    let repo = match train_project(&state, &headers, &id) {
        Ok(r) => r,
        Err(r) => return *r,
    };
    let pr = shared::find(&state, P, &repo, iid).filter(|p| p.state == PrState::Open);
    match pr.filter(|p| p.queued.is_some()) {
        Some(p) => reply::json(
            StatusCode::OK,
            car_json(&p, &mrs::host_of(&headers)),
            &mrs::rate_now(&state),
        ),
        None => message(
            StatusCode::NOT_FOUND,
            "404 Merge Train Merge Request Not Found",
        ),
    }
}

async fn add_to_train(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): MrPath,
    body: Bytes,
) -> Response {
    let (t, pr) = match prepare(&state, &headers, &id, iid) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    if !trains_enabled(&state, &pr) {
        return message(StatusCode::FORBIDDEN, "403 Forbidden");
    }
    let b = body_of(&body);
    let current = sha_of(&pr);
    if b["sha"].as_str().is_some_and(|g| g != current) {
        return conflict_sha(&current);
    }
    let method = if b["squash"].as_bool() == Some(true) {
        "squash"
    } else {
        "merge"
    };
    let auto = b["auto_merge"].as_bool() == Some(true)
        || b["when_pipeline_succeeds"].as_bool() == Some(true);
    if pr.queued.is_some() {
        return message(
            StatusCode::BAD_REQUEST,
            "The merge request is already on a merge train",
        );
    }
    match shared::merge_refusal(&state, &pr, None, &current, method) {
        None => {}
        Some(Refusal::Reviews { .. } | Refusal::Draft | Refusal::Protected) if auto => {}
        Some(Refusal::Checks { .. }) if auto => {}
        Some(_) => return message(StatusCode::BAD_REQUEST, "Failed to merge"),
    }
    let host = mrs::host_of(&headers);
    let waits = auto
        && (pipeline_in_progress(&pr)
            || shared::merge_refusal(&state, &pr, None, &current, method).is_some());
    if waits {
        automerge::enable(
            &state,
            &pr,
            FakeAutoMerge {
                method: method.to_string(),
                by: t.user.login.clone(),
                delete_branch: false,
            },
        );
        let list = cars(&state, &pr.repo, &HashMap::new(), &host);
        let (mut parts, body) = list.into_parts();
        parts.status = StatusCode::ACCEPTED;
        return Response::from_parts(parts, body);
    }
    board(&state, &pr, method, &t.user.login);
    let list = cars(&state, &pr.repo, &HashMap::new(), &host);
    let (mut parts, body) = list.into_parts();
    parts.status = StatusCode::CREATED;
    Response::from_parts(parts, body)
}
