//! GitLab CI and approvals as the REST docs describe them: `GET /projects/:id/pipelines`
//! (`sha`, `ref`, `status`, `order_by` = `id|status|ref|updated_at|user_id`, `sort`,
//! `page`, `per_page`; ETag / 304 and pagination headers like the MR lists),
//! `GET /projects/:id/pipelines/:pipeline_id/jobs` (`scope` / `scope[]`, retried
//! jobs left out) and `GET /projects/:id/merge_requests/:iid/approvals`.
//!
//! Each MR with checks (or an explicit [`FakePr::pipeline`]) has one head pipeline:
//! an id and `sha` that change when the MR is edited (a push), an `updated_at` that
//! moves when its checks change, and one job per check. Each project also has a
//! successful `main` branch pipeline, which no MR may pick up.

use super::mrs::{
    authorize, fake_id, find_project, host_of, page_of, project_id, project_not_found, rate_now,
    render_page, sha_of, user_json,
};
use crate::prs::FakePr;
use crate::reply;
use crate::state::{self, Shared};
use ampel_core::pr::{CheckState, Review};
use ampel_core::Provider;
use axum::extract::{OriginalUri, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The head pipeline's status: the explicit one, else derived from the checks
/// (`None`: no pipeline).
pub(super) fn status(p: &FakePr) -> Option<String> {
    if let Some(s) = &p.pipeline {
        return Some(s.clone());
    }
    let states: Vec<CheckState> = p.checks.iter().map(|(_, s)| *s).collect();
    if states.is_empty() {
        return None;
    }
    let any = |f: fn(&CheckState) -> bool| states.iter().any(f);
    let s = if any(|s| s.is_failing()) {
        "failed"
    } else if any(|s| *s == CheckState::Running) {
        "running"
    } else if any(|s| *s == CheckState::Pending) {
        "pending"
    } else if any(|s| *s == CheckState::Manual) {
        "manual"
    } else if any(|s| *s == CheckState::Cancelled) {
        "canceled"
    } else if states.iter().all(|s| *s == CheckState::Skipped) {
        "skipped"
    } else {
        "success"
    };
    Some(s.to_string())
}

/// A job's `status` for a check state.
fn job_status(s: CheckState) -> &'static str {
    match s {
        CheckState::Success | CheckState::Neutral | CheckState::Stale => "success",
        CheckState::Running => "running",
        CheckState::Pending => "pending",
        CheckState::Manual => "manual",
        CheckState::Cancelled => "canceled",
        CheckState::Skipped => "skipped",
        // Stands for a status newer than Ampel's table.
        CheckState::Unknown => "unknown_to_ampel",
        CheckState::Failure
        | CheckState::Error
        | CheckState::TimedOut
        | CheckState::ActionRequired
        | CheckState::StartupFailure => "failed",
    }
}

/// The head pipeline's id: new for every new head commit.
fn pipeline_id(p: &FakePr) -> u64 {
    fake_id(&sha_of(p), 10_000_000)
}

/// GitLab's `PipelineBasic` for `p`'s head pipeline (`None`: no pipeline).
pub(super) fn pipeline_json(p: &FakePr, host: &str) -> Option<Value> {
    let status = status(p)?;
    let id = pipeline_id(p);
    Some(json!({
        "id": id,
        "iid": p.number,
        "project_id": project_id(&p.repo),
        "sha": sha_of(p),
        "ref": format!("refs/merge-requests/{}/head", p.number),
        "status": status,
        "source": "merge_request_event",
        "created_at": reply::rfc3339(p.updated_at),
        "updated_at": reply::rfc3339(p.ci_updated_at.max(p.updated_at)),
        "web_url": format!("http://{host}/gitlab/{}/-/pipelines/{id}", p.repo),
        "detailed_status": {
            "icon": format!("status_{status}"),
            "text": status,
            "label": status,
            "group": status,
            "has_details": true,
        },
    }))
}

/// The project's successful `main` pipeline (a sha no MR has).
fn main_pipeline(repo: &str, host: &str) -> Value {
    let id = fake_id(repo, 1_000_000);
    json!({
        "id": id,
        "iid": 1,
        "project_id": project_id(repo),
        "sha": format!("{:040x}", id),
        "ref": "main",
        "status": "success",
        "source": "push",
        "created_at": reply::CREATED,
        "updated_at": reply::CREATED,
        "web_url": format!("http://{host}/gitlab/{repo}/-/pipelines/{id}"),
    })
}

/// `(key, value)` pairs of a raw query, percent-decoded (`scope%5B%5D` → `scope[]`).
fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn param<'a>(q: &'a [(String, String)], key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The GitLab PRs of project `repo`.
fn project_prs(state: &Shared, repo: &str) -> Vec<FakePr> {
    state::with(state, |s| {
        s.prs
            .iter()
            .filter(|p| p.provider == Provider::Gitlab && p.repo == repo)
            .cloned()
            .collect()
    })
}

/// `GET /projects/:id/pipelines`.
pub(super) async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(t) => t.user.login,
        Err(resp) => return *resp,
    };
    let Some(repo) = find_project(&state, &id) else {
        return project_not_found();
    };
    let q = pairs(raw.as_deref());
    let order_by = param(&q, "order_by").unwrap_or("id");
    if !["id", "status", "ref", "updated_at", "user_id"].contains(&order_by) {
        return reply::json(
            StatusCode::BAD_REQUEST,
            json!({"error": "order_by does not have a valid value"}),
            &[],
        );
    }
    let host = host_of(&headers);
    let mut all: Vec<Value> = project_prs(&state, &repo)
        .iter()
        .filter_map(|p| pipeline_json(p, &host))
        .collect();
    all.push(main_pipeline(&repo, &host));
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    all.retain(|v| {
        ["sha", "ref", "status"]
            .iter()
            .all(|k| param(&q, k).is_none_or(|want| text(v, k) == want))
    });
    all.sort_by(|a, b| {
        let key = |v: &Value| match order_by {
            "updated_at" => {
                let at = OffsetDateTime::parse(&text(v, order_by), &Rfc3339);
                format!("{:040}", at.map_or(0, |t| t.unix_timestamp_nanos()))
            }
            "status" | "ref" => text(v, order_by),
            _ => String::new(),
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a["id"].as_u64().cmp(&b["id"].as_u64()))
    });
    if param(&q, "sort") != Some("asc") {
        all.reverse();
    }
    let paging = page_of(param(&q, "page"), param(&q, "per_page"));
    render_page(&state, &headers, &uri, &user, paging, all)
}

/// `GET /projects/:id/pipelines/:pipeline_id/jobs`.
pub(super) async fn jobs(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, pipeline)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> Response {
    if let Err(resp) = authorize(&state, &headers) {
        return *resp;
    }
    let Some(repo) = find_project(&state, &id) else {
        return project_not_found();
    };
    let host = host_of(&headers);
    let found = project_prs(&state, &repo)
        .into_iter()
        .find(|p| status(p).is_some() && pipeline_id(p).to_string() == pipeline);
    let Some(pr) = found else {
        return reply::json(
            StatusCode::NOT_FOUND,
            json!({"message": "404 Not found"}),
            &[],
        );
    };
    let q = pairs(raw.as_deref());
    let scopes: Vec<&str> = q
        .iter()
        .filter(|(k, _)| k == "scope" || k == "scope[]")
        .map(|(_, v)| v.as_str())
        .collect();
    let pipeline = pipeline_json(&pr, &host).unwrap_or(Value::Null);
    let body: Vec<Value> = pr
        .checks
        .iter()
        .enumerate()
        .filter(|(_, (_, s))| scopes.is_empty() || scopes.contains(&job_status(*s)))
        .map(|(i, (name, s))| {
            let job = pipeline_id(&pr) * 100 + i as u64;
            let status = job_status(*s);
            let failure = if status == "failed" {
                json!("script_failure")
            } else {
                Value::Null
            };
            let mut body = json!({
                "id": job,
                "status": status,
                "stage": "test",
                "name": name,
                "ref": format!("refs/merge-requests/{}/head", pr.number),
                "tag": false,
                "coverage": null,
                "allow_failure": false,
                "created_at": reply::rfc3339(pr.updated_at),
                "started_at": reply::rfc3339(pr.updated_at),
                "finished_at": reply::rfc3339(pr.ci_updated_at.max(pr.updated_at)),
                "erased_at": null,
                "duration": 61.5,
                "queued_duration": 0.5,
            });
            let more = json!({
                "user": user_json(&pr.author, &host),
                "commit": {"id": sha_of(&pr), "title": pr.title},
                "pipeline": {
                    "id": pipeline["id"],
                    "project_id": pipeline["project_id"],
                    "ref": pipeline["ref"],
                    "sha": pipeline["sha"],
                    "status": pipeline["status"],
                },
                "failure_reason": failure,
                "web_url": pr.sent_check_url.clone().unwrap_or_else(|| format!("http://{host}/gitlab/{}/-/jobs/{job}", pr.repo)),
                "artifacts": [],
                "runner": null,
                "archived": false,
            });
            if let (Value::Object(a), Value::Object(b)) = (&mut body, more) {
                a.extend(b);
            }
            body
        })
        .collect();
    reply::json(StatusCode::OK, Value::Array(body), &rate_now(&state))
}

/// `GET /projects/:id/merge_requests/:iid/approvals`: the Premium shape (with
/// `approvals_required` and `approvals_left`) where the project has approval rules,
/// GitLab Free's shape (`approved`, `approved_by`, `user_has_approved`,
/// `user_can_approve`, no counts) where it has none.
pub(super) async fn approvals(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): Path<(String, String)>,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(t) => t.user.login,
        Err(resp) => return *resp,
    };
    let Some(repo) = find_project(&state, &id) else {
        return project_not_found();
    };
    let Some(pr) = project_prs(&state, &repo)
        .into_iter()
        .find(|p| p.number.to_string() == iid)
    else {
        return reply::json(
            StatusCode::NOT_FOUND,
            json!({"message": "404 Not found"}),
            &[],
        );
    };
    let host = host_of(&headers);
    let review = Review::from_votes(pr.votes(), Some(pr.approvals_required));
    let approved_by: Vec<Value> = review
        .approved_by
        .iter()
        .map(|who| json!({"user": user_json(who, &host)}))
        .collect();
    let left = review.approvals_missing.unwrap_or(0);
    let mut body = json!({
        "id": project_id(&repo) * 1000 + pr.number,
        "iid": pr.number,
        "project_id": project_id(&repo),
        "title": pr.title,
        "description": "",
        "state": "opened",
        "created_at": reply::rfc3339(pr.created_at),
        "updated_at": reply::rfc3339(pr.updated_at),
        "merge_status": "can_be_merged",
        "approved": left == 0,
        "approvals_required": pr.approvals_required,
        "approvals_left": left,
    });
    let more = json!({
        "require_password_to_approve": false,
        "approved_by": approved_by,
        "suggested_approvers": [],
        "approvers": [],
        "approver_groups": [],
        "user_has_approved": review.approved_by.iter().any(|a| a.eq_ignore_ascii_case(&user)),
        "user_can_approve": !pr.authored_by(&user),
        "approval_rules_left": [],
        "has_approval_rules": pr.approvals_required > 0,
        "merge_request_approvers_available": true,
        "multiple_approval_rules_available": true,
        "invalid_approvers_rules": [],
    });
    if let (Value::Object(a), Value::Object(b)) = (&mut body, more) {
        a.extend(b);
        if pr.approvals_required == 0 {
            for premium in [
                "approvals_required",
                "approvals_left",
                "approval_rules_left",
                "has_approval_rules",
                "multiple_approval_rules_available",
                "invalid_approvers_rules",
            ] {
                a.remove(premium);
            }
        }
    }
    reply::json(StatusCode::OK, body, &rate_now(&state))
}
