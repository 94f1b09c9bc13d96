//! GitLab merge-request lists: `GET /api/v4/merge_requests` (`scope`, `state`,
//! `reviewer_username`, `author_username`, `per_page`, `page`, `order_by`, `sort`),
//! `GET /api/v4/projects/:id/merge_requests` (`:id` numeric or the URL-encoded path)
//! and the single `GET /api/v4/projects/:id/merge_requests/:iid` with `head_pipeline`.
//!
//! Lists are rendered as GitLab's `MergeRequestBasic` entity (no `head_pipeline`, no
//! approvals), with offset-pagination headers (`X-Page`, `X-Next-Page`, `X-Total`,
//! `Link`…), `RateLimit-*` headers, and a weak `ETag` over the PR revision, the user
//! and the query: `If-None-Match` with it answers 304 with no body.
//!
//! `detailed_merge_status` is derived from the [`FakePr`] in GitLab's check order:
//! not open → `not_open`, draft → `draft_status`, conflict → `conflict`, computing
//! → `checking`, behind → `need_rebase`, blocked → `merge_request_blocked`; then,
//! only in projects with "Pipelines must succeed" on (off by default, as on GitLab),
//! created / pending / running / preparing / waiting_for_resource / waiting_for_callback
//! / scheduled → `ci_still_running`, any other but success (failed, canceled, manual,
//! skipped…) → `ci_must_pass`; then changes
//! requested → `requested_changes`, approvals missing → `not_approved`, else
//! `mergeable`. In a project without the setting a failed pipeline reads `mergeable`.
//! A PR's explicit [`FakePr::merge_status`] is sent as it is (every value of GitLab's
//! documented list, or one newer than Ampel). A note or an approval moves the MR's
//! `updated_at` (GitLab records each as a note, which touches the MR) but not its head.

use super::{authenticate, pipelines, rate_headers};
use crate::prs::FakePr;
use crate::reply;
use crate::state::{self, Shared};
use crate::token::FakeToken;
use ampel_core::pr::{MergeState, PrState, Review, ReviewDecision};
use ampel_core::Provider;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// The query parameters the list endpoints understand.
#[derive(Debug, Default, Deserialize, Hash)]
pub(super) struct ListQuery {
    scope: Option<String>,
    state: Option<String>,
    reviewer_username: Option<String>,
    author_username: Option<String>,
    assignee_username: Option<String>,
    per_page: Option<String>,
    page: Option<String>,
    order_by: Option<String>,
    sort: Option<String>,
}

/// `GET /merge_requests`.
pub(super) async fn list_mine(
    State(state): State<Shared>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<ListQuery>,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(t) => t.user.login,
        Err(resp) => return *resp,
    };
    let scope = q
        .scope
        .as_deref()
        .unwrap_or("created_by_me")
        .replace('-', "_");
    let in_scope = |p: &FakePr| match scope.as_str() {
        "created_by_me" => p.authored_by(&user),
        "assigned_to_me" => p.assigned_to(&user),
        "reviews_for_me" => is_reviewer(p, &user),
        _ => true,
    };
    if !["created_by_me", "assigned_to_me", "reviews_for_me", "all"].contains(&scope.as_str()) {
        return bad_request("scope does not have a valid value");
    }
    let prs = select(&state, &q, |p| in_scope(p));
    render_list(&state, &headers, &uri, &user, &q, prs)
}

/// `GET /projects/:id/merge_requests`.
pub(super) async fn list_project(
    State(state): State<Shared>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(id): Path<String>,
    Query(q): Query<ListQuery>,
) -> Response {
    let user = match authorize(&state, &headers) {
        Ok(t) => t.user.login,
        Err(resp) => return *resp,
    };
    let Some(repo) = find_project(&state, &id) else {
        return project_not_found();
    };
    let prs = select(&state, &q, |p| p.repo == repo);
    render_list(&state, &headers, &uri, &user, &q, prs)
}

/// The MR `iid` of project `id` for an authorized caller, or GitLab's answer
/// (401 / 403 for the token, 404 for the project or the MR).
pub(super) fn authorized_mr(
    state: &Shared,
    headers: &HeaderMap,
    id: &str,
    iid: &str,
) -> Result<FakePr, Box<Response>> {
    authorize(state, headers)?;
    let Some(repo) = find_project(state, id) else {
        return Err(Box::new(project_not_found()));
    };
    let found = state::with(state, |s| {
        s.prs
            .iter()
            .find(|p| {
                p.provider == Provider::Gitlab && p.repo == repo && p.number.to_string() == iid
            })
            .cloned()
    });
    found.ok_or_else(|| {
        Box::new(reply::json(
            StatusCode::NOT_FOUND,
            json!({"message": "404 Not found"}),
            &[],
        ))
    })
}

/// `GET /projects/:id/merge_requests/:iid`.
/// With `include_rebase_in_progress=true` it says `rebase_in_progress` (each such
/// read moves a running rebase on; see `gitlab_automerge.rs`).
pub(super) async fn single(
    State(state): State<Shared>,
    headers: HeaderMap,
    Path((id, iid)): Path<(String, String)>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let pr = match authorized_mr(&state, &headers, &id, &iid) {
        Ok(pr) => pr,
        Err(resp) => return *resp,
    };
    let host = host_of(&headers);
    let (rebasing, pr) = if q.get("include_rebase_in_progress").map(String::as_str) == Some("true")
    {
        let (still, now) = super::automerge::rebase_read(&state, &pr);
        (Some(still), now)
    } else {
        (None, pr)
    };
    let mut body = mr_json(&pr, &host, &strict_projects(&state));
    add_details(&mut body, &pr, &host);
    if let (Some(still), Value::Object(map)) = (rebasing, &mut body) {
        map.insert("rebase_in_progress".into(), json!(still));
    }
    let failed =
        pr.rebase_polls == 0 && state::with(&state, |s| crate::automerge::rebase_fails(s, &pr));
    if failed {
        body["merge_error"] = json!(super::automerge::REBASE_FAILED);
    }
    reply::json(StatusCode::OK, body, &rate_now(&state))
}

/// The token, refused unless it can read the API (`api` or `read_api`).
pub(super) fn authorize(state: &Shared, headers: &HeaderMap) -> Result<FakeToken, Box<Response>> {
    let t = authenticate(state, headers)?;
    if t.has_any_scope(&["api", "read_api"]) {
        return Ok(t);
    }
    Err(Box::new(reply::json(
        StatusCode::FORBIDDEN,
        json!({
            "error": "insufficient_scope",
            "error_description": "The request requires higher privileges than provided by the access token.",
            "scope": "api read_api",
        }),
        &[],
    )))
}

fn bad_request(what: &str) -> Response {
    reply::json(StatusCode::BAD_REQUEST, json!({ "error": what }), &[])
}

pub(super) fn project_not_found() -> Response {
    reply::json(
        StatusCode::NOT_FOUND,
        json!({"message": "404 Project Not Found"}),
        &[],
    )
}

/// A stable fake numeric id for a user or project name.
pub(super) fn fake_id(name: &str, base: u64) -> u64 {
    let mut h = DefaultHasher::new();
    name.to_ascii_lowercase().hash(&mut h);
    base + h.finish() % 900_000
}

/// The project id GitLab would give `repo`.
pub(super) fn project_id(repo: &str) -> u64 {
    fake_id(repo, 100_000)
}

/// The repo path of a project given by numeric id or (decoded) path.
pub(super) fn find_project(state: &Shared, id: &str) -> Option<String> {
    state::with(state, |s| {
        s.prs
            .iter()
            .filter(|p| p.provider == Provider::Gitlab)
            .find(|p| p.repo.eq_ignore_ascii_case(id) || project_id(&p.repo).to_string() == id)
            .map(|p| p.repo.clone())
    })
}

/// Everyone asked to review `p` or who reviewed it (GitLab keeps a reviewer who
/// reviewed among the MR's reviewers).
pub(super) fn reviewers(p: &FakePr) -> Vec<String> {
    let mut all = p.requested_reviewers.clone();
    for (who, _) in p.votes() {
        if !all.iter().any(|r| r.eq_ignore_ascii_case(who)) {
            all.push(who.to_string());
        }
    }
    all
}

fn is_reviewer(p: &FakePr, login: &str) -> bool {
    reviewers(p).iter().any(|r| r.eq_ignore_ascii_case(login))
}

fn state_matches(p: &FakePr, wanted: Option<&str>) -> bool {
    match wanted.unwrap_or("all") {
        "opened" | "locked" => p.state == PrState::Open,
        "closed" => p.state == PrState::Closed,
        "merged" => p.state == PrState::Merged,
        _ => true,
    }
}

/// GitLab PRs matching the filters, in the requested order.
fn select(state: &Shared, q: &ListQuery, extra: impl Fn(&FakePr) -> bool) -> Vec<FakePr> {
    let mut prs: Vec<FakePr> = state::with(state, |s| {
        s.prs
            .iter()
            .filter(|p| p.provider == Provider::Gitlab)
            .filter(|p| state_matches(p, q.state.as_deref()))
            .filter(|p| {
                q.reviewer_username
                    .as_deref()
                    .is_none_or(|r| is_reviewer(p, r))
            })
            .filter(|p| {
                q.author_username
                    .as_deref()
                    .is_none_or(|a| p.authored_by(a))
            })
            .filter(|p| {
                q.assignee_username
                    .as_deref()
                    .is_none_or(|a| p.assigned_to(a))
            })
            .filter(|p| extra(p))
            .cloned()
            .collect()
    });
    let by_updated = q.order_by.as_deref() == Some("updated_at");
    prs.sort_by(|a, b| {
        let (x, y) = if by_updated {
            (a.activity_at(), b.activity_at())
        } else {
            (a.created_at, b.created_at)
        };
        x.cmp(&y)
            .then_with(|| a.repo.cmp(&b.repo))
            .then_with(|| a.number.cmp(&b.number))
    });
    if q.sort.as_deref() != Some("asc") {
        prs.reverse();
    }
    prs
}

/// Offset pagination: (page, per_page), GitLab's defaults 1 and 20, per_page ≤ 100.
fn paging(q: &ListQuery) -> (usize, usize) {
    page_of(q.page.as_deref(), q.per_page.as_deref())
}

/// (page, per_page) from the raw parameters, with GitLab's defaults and maximum.
pub(super) fn page_of(page: Option<&str>, per_page: Option<&str>) -> (usize, usize) {
    let num = |v: Option<&str>, d: usize| {
        v.and_then(|s| s.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(d)
    };
    (num(page, 1), num(per_page, 20).min(100))
}

pub(super) fn host_of(headers: &HeaderMap) -> String {
    headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_string()
}

/// A weak ETag over the PR revision, the user and the whole request URI.
fn etag(state: &Shared, user: &str, uri: &axum::http::Uri) -> String {
    let revision = state::with(state, |s| s.revision);
    let mut h = DefaultHasher::new();
    (revision, user.to_ascii_lowercase(), uri.to_string()).hash(&mut h);
    format!("W/\"{:016x}{:016x}\"", h.finish(), revision)
}

/// `RateLimit-*` with `Remaining` counting down per GitLab request seen.
pub(super) fn rate_now(state: &Shared) -> Vec<(&'static str, String)> {
    let used = state::with(state, |s| {
        s.log
            .iter()
            .filter(|r| r.provider == Some(Provider::Gitlab))
            .count() as u64
    });
    rate_headers()
        .into_iter()
        .map(|(k, v)| match k {
            "ratelimit-observed" => (k, used.to_string()),
            "ratelimit-remaining" => (k, 2000u64.saturating_sub(used).to_string()),
            _ => (k, v),
        })
        .collect()
}

fn matches_etag(headers: &HeaderMap, tag: &str) -> bool {
    let strip = |s: &str| s.trim().trim_start_matches("W/").to_string();
    headers
        .get("if-none-match")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| strip(t) == strip(tag)))
}

fn render_list(
    state: &Shared,
    headers: &HeaderMap,
    uri: &axum::http::Uri,
    user: &str,
    q: &ListQuery,
    prs: Vec<FakePr>,
) -> Response {
    let host = host_of(headers);
    let strict = strict_projects(state);
    let (page, per_page) = paging(q);
    let items = prs.iter().map(|p| mr_json(p, &host, &strict)).collect();
    render_page(state, headers, uri, user, (page, per_page), items)
}

/// One page of `items` as GitLab renders a list: a weak ETag over the request
/// (304 when `If-None-Match` matches), `RateLimit-*` and offset-pagination headers.
pub(super) fn render_page(
    state: &Shared,
    headers: &HeaderMap,
    uri: &axum::http::Uri,
    user: &str,
    (page, per_page): (usize, usize),
    items: Vec<Value>,
) -> Response {
    let tag = etag(state, user, uri);
    let mut extra = rate_now(state);
    extra.push(("etag", tag.clone()));
    extra.push((
        "cache-control",
        "max-age=0, private, must-revalidate".into(),
    ));
    if matches_etag(headers, &tag) {
        let mut resp = StatusCode::NOT_MODIFIED.into_response();
        for (k, v) in extra {
            if let Ok(v) = axum::http::HeaderValue::from_str(&v) {
                resp.headers_mut().insert(k, v);
            }
        }
        return resp;
    }
    let host = host_of(headers);
    let total = items.len();
    let pages = total.div_ceil(per_page).max(1);
    let body: Vec<Value> = items
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    extra.extend(page_headers(&host, uri, page, per_page, total, pages));
    reply::json(StatusCode::OK, Value::Array(body), &extra)
}

/// The projects with "Pipelines must succeed" on.
pub(super) fn strict_projects(state: &Shared) -> Vec<String> {
    state::with(state, |s| s.gitlab_pipelines_must_succeed.clone())
}

/// `X-Page`, `X-Per-Page`, `X-Total`, `X-Total-Pages`, `X-Next-Page`, `X-Prev-Page`, `Link`.
pub(super) fn page_headers(
    host: &str,
    uri: &axum::http::Uri,
    page: usize,
    per_page: usize,
    total: usize,
    pages: usize,
) -> Vec<(&'static str, String)> {
    let next = if page < pages {
        (page + 1).to_string()
    } else {
        String::new()
    };
    let prev = if page > 1 {
        (page - 1).to_string()
    } else {
        String::new()
    };
    let link_to = |n: usize, rel: &str| {
        let others: Vec<&str> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("page="))
            .collect();
        let mut query = others.join("&");
        if !query.is_empty() {
            query.push('&');
        }
        format!(
            "<http://{host}{}?{query}page={n}>; rel=\"{rel}\"",
            uri.path()
        )
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(link_to(page - 1, "prev"));
    }
    if page < pages {
        links.push(link_to(page + 1, "next"));
    }
    links.push(link_to(1, "first"));
    links.push(link_to(pages, "last"));
    vec![
        ("x-page", page.to_string()),
        ("x-per-page", per_page.to_string()),
        ("x-total", total.to_string()),
        ("x-total-pages", pages.to_string()),
        ("x-next-page", next),
        ("x-prev-page", prev),
        ("link", links.join(", ")),
    ]
}

/// GitLab's `UserBasic`.
pub(super) fn user_json(login: &str, host: &str) -> Value {
    let id = fake_id(login, 1_000);
    json!({
        "id": id,
        "username": login,
        "public_email": null,
        "name": login,
        "state": "active",
        "locked": false,
        "avatar_url": format!("https://secure.gravatar.com/avatar/{id:x}?s=80&d=identicon"),
        "web_url": format!("http://{host}/gitlab/{login}"),
    })
}

/// `detailed_merge_status` for `p`: the explicit [`FakePr::merge_status`], else
/// derived (see the module docs for the order); `strict` lists the projects with
/// "Pipelines must succeed" on.
pub(super) fn detailed_merge_status(p: &FakePr, strict: &[String]) -> String {
    match &p.merge_status {
        Some(explicit) => explicit.clone(),
        None => derived_merge_status(p, strict).to_string(),
    }
}

fn derived_merge_status(p: &FakePr, strict: &[String]) -> &'static str {
    let review = Review::from_votes(p.votes(), Some(p.approvals_required));
    if p.state != PrState::Open {
        return "not_open";
    }
    if p.draft {
        return "draft_status";
    }
    match p.merge {
        MergeState::Conflict => return "conflict",
        MergeState::Computing => return "checking",
        MergeState::Behind => return "need_rebase",
        _ if p.behind => return "need_rebase",
        MergeState::Blocked => return "merge_request_blocked",
        MergeState::Mergeable | MergeState::Unknown => {}
    }
    let must_succeed = strict.iter().any(|r| r.eq_ignore_ascii_case(&p.repo));
    let pipeline = if must_succeed {
        pipelines::status(p)
    } else {
        None
    };
    match pipeline.as_deref() {
        Some(
            "created"
            | "waiting_for_resource"
            | "waiting_for_callback"
            | "preparing"
            | "pending"
            | "running"
            | "scheduled",
        ) => "ci_still_running",
        // Only a successful pipeline passes ("Skipped pipelines are considered
        // successful" is off by default): failed, canceled, manual, skipped, any other.
        Some(s) if s != "success" => "ci_must_pass",
        _ if review.decision == Some(ReviewDecision::ChangesRequested) => "requested_changes",
        _ if review.decision == Some(ReviewDecision::ReviewRequired) => "not_approved",
        _ => "mergeable",
    }
}

fn state_text(s: PrState) -> &'static str {
    match s {
        PrState::Open => "opened",
        PrState::Closed => "closed",
        PrState::Merged => "merged",
        PrState::Unknown => "locked",
    }
}

pub(super) fn sha_of(p: &FakePr) -> String {
    let mut h = DefaultHasher::new();
    (&p.repo, p.number, p.updated_at.unix_timestamp_nanos()).hash(&mut h);
    format!(
        "{:016x}{:016x}{:08x}",
        h.finish(),
        h.finish() ^ 0x5a5a,
        p.number
    )
}

/// GitLab's `MergeRequestBasic` for `p`, as list endpoints return it.
pub(super) fn mr_json(p: &FakePr, host: &str, strict: &[String]) -> Value {
    let pid = project_id(&p.repo);
    let status = detailed_merge_status(p, strict);
    let conflict = p.merge == MergeState::Conflict;
    let merge_status = match (conflict, p.merge) {
        (true, _) => "cannot_be_merged",
        (_, MergeState::Computing) => "checking",
        _ => "can_be_merged",
    };
    let squash = p.auto_merge.as_ref().is_some_and(|a| a.method == "squash");
    let assignees: Vec<Value> = p.assignees.iter().map(|a| user_json(a, host)).collect();
    let reviewers: Vec<Value> = reviewers(p).iter().map(|r| user_json(r, host)).collect();
    let mut body = json!({
        "id": pid * 1000 + p.number,
        "iid": p.number,
        "project_id": pid,
        "title": p.title,
        "description": "",
        "state": state_text(p.state),
        "created_at": reply::rfc3339(p.created_at),
        "updated_at": reply::rfc3339(p.activity_at()),
        "merged_by": null,
        "merge_user": p.auto_merge.as_ref().map(|a| user_json(&a.by, host)),
        "merged_at": null,
        "merge_after": null,
        "prepared_at": reply::rfc3339(p.created_at),
        "closed_by": null,
        "closed_at": null,
        "target_branch": "main",
        "source_branch": format!("feature/{}", p.number),
        "user_notes_count": p.reviews.len(),
        "upvotes": 0,
        "downvotes": 0,
    });
    let more = json!({
        "author": user_json(&p.author, host),
        "assignees": assignees,
        "assignee": assignees.first().cloned().unwrap_or(Value::Null),
        "reviewers": reviewers,
        "source_project_id": pid,
        "target_project_id": pid,
        "labels": p.labels,
        "draft": p.draft,
        "imported": false,
        "imported_from": "none",
        "work_in_progress": p.draft,
        "milestone": null,
        "merge_when_pipeline_succeeds": p.auto_merge.is_some(),
        "merge_status": merge_status,
        "detailed_merge_status": status,
        "sha": sha_of(p),
        "merge_commit_sha": null,
        "squash_commit_sha": null,
        "discussion_locked": null,
        "should_remove_source_branch": null,
        "force_remove_source_branch": true,
        "reference": format!("!{}", p.number),
        "references": {
            "short": format!("!{}", p.number),
            "relative": format!("!{}", p.number),
            "full": format!("{}!{}", p.repo, p.number),
        },
        "web_url": p.sent_url.clone().unwrap_or_else(|| format!("http://{host}/gitlab/{}/-/merge_requests/{}", p.repo, p.number)),
        "time_stats": {
            "time_estimate": 0,
            "total_time_spent": 0,
            "human_time_estimate": null,
            "human_total_time_spent": null,
        },
        "squash": squash,
        "squash_on_merge": squash,
        "task_completion_status": {"count": 0, "completed_count": 0},
        "has_conflicts": conflict,
        "blocking_discussions_resolved": true,
        "approvals_before_merge": null,
    });
    merge_into(&mut body, more);
    body
}

/// Adds the fields of object `more` to object `body` (`json!` nests too deep for one).
fn merge_into(body: &mut Value, more: Value) {
    if let (Value::Object(a), Value::Object(b)) = (body, more) {
        a.extend(b);
    }
}

/// The fields only the single-MR response has, `head_pipeline` first.
fn add_details(body: &mut Value, p: &FakePr, host: &str) {
    let pipeline = pipelines::pipeline_json(p, host);
    if let Value::Object(map) = body {
        map.insert("subscribed".into(), json!(false));
        map.insert("changes_count".into(), json!("1"));
        map.insert("merge_error".into(), Value::Null);
        map.insert("first_contribution".into(), json!(false));
        map.insert("diverged_commits_count".into(), json!(u32::from(p.behind)));
        map.insert("user".into(), json!({"can_merge": false}));
        map.insert("pipeline".into(), pipeline.clone().unwrap_or(Value::Null));
        map.insert("head_pipeline".into(), pipeline.unwrap_or(Value::Null));
    }
}
