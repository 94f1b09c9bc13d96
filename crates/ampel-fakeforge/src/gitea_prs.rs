//! Gitea / Forgejo pull-request reads, rendering the Gitea [`FakePr`]s in the shapes
//! of `/api/v1` (arrays with `X-Total-Count` and a `Link` header; `limit` at most 50):
//!
//! - `GET /repos/issues/search?type=pulls&state=open&created|assigned|review_requested|reviewed=true`
//!   (`review_requested` also through a requested team the user is a member of)
//!   (`since`: updated at or after; issues with a `pull_request` field and
//!   `repository.full_name`; needs `read:issue`);
//! - `GET /repos/{owner}/{repo}/pulls?state=open` and `GET …/pulls/{index}`
//!   (`mergeable`, `draft`, `head.sha`, `requested_reviewers`…; needs `read:repository`);
//! - `GET …/pulls/{index}/reviews` (`commit_id` = the head reviewed, `stale` once the
//!   head moved past it, `submitted_at`; requested reviewers and teams show as
//!   `REQUEST_REVIEW`);
//! - `GET …/commits/{ref}/status` (the combined status with `statuses[]`);
//! - `GET …/issues/{index}/timeline` (`since`; the auto-merge comments
//!   `pull_scheduled_merge` / `pull_cancel_scheduled_merge`, needs `read:issue`);
//!   a PR's `updated_at` moves with such a comment (`FakePr::activity_at`), its
//!   head does not;
//! - `GET /repos/{owner}/{repo}/branches/{branch}` (swagger `Branch`: `protected`,
//!   `required_approvals`…; the largest `approvals_required` of the repository's
//!   PRs into that branch, unprotected when 0; 404 for a branch without PRs).
//!
//! A missing scope answers 403 with Gitea's `token does not have at least one of
//! required scope(s): [...]` message.

use crate::auth::{self, AuthKind};
use crate::fault;
use crate::prs::{FakePr, FakeReview};
use crate::reply::{self, rfc3339};
use crate::state::{self, Shared};
use crate::token::FakeToken;
use ampel_core::pr::{CheckState, MergeState, PrState, ReviewVote};
use ampel_core::Provider;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

type Params = Query<Vec<(String, String)>>;

const WEB: &str = "https://gitea.example.com";

/// The pull-request routes under `/gitea`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/repos/issues/search", get(search))
        .route("/api/v1/repos/{owner}/{repo}/pulls", get(pulls))
        .route("/api/v1/repos/{owner}/{repo}/pulls/{index}", get(one))
        .route(
            "/api/v1/repos/{owner}/{repo}/pulls/{index}/reviews",
            get(reviews),
        )
        .route(
            "/api/v1/repos/{owner}/{repo}/commits/{sha}/status",
            get(status),
        )
        .route(
            "/api/v1/repos/{owner}/{repo}/issues/{index}/timeline",
            get(timeline),
        )
        .route(
            "/api/v1/repos/{owner}/{repo}/branches/{branch}",
            get(branch),
        )
}

/// The token, or Gitea's 401 / 403 (with the scope message).
pub(super) fn authorise(
    state: &Shared,
    headers: &HeaderMap,
    scope: &str,
) -> Result<FakeToken, Box<Response>> {
    let p = auth::presented(headers);
    if p.kind == AuthKind::None {
        return Err(Box::new(fault::error(
            Provider::Gitea,
            StatusCode::UNAUTHORIZED,
            "token is required",
        )));
    }
    let token = match p.kind {
        AuthKind::Token | AuthKind::Bearer | AuthKind::Basic => p
            .secret
            .and_then(|v| state::find_token(state, Provider::Gitea, &v)),
        _ => None,
    };
    let Some(t) = token.filter(|t| !t.revoked && !t.is_expired()) else {
        return Err(Box::new(fault::error(
            Provider::Gitea,
            StatusCode::UNAUTHORIZED,
            "invalid username, password or token",
        )));
    };
    let write = scope.replace("read:", "write:");
    if !t.has_any_scope(&[scope, &write, "all"]) {
        return Err(Box::new(fault::error(
            Provider::Gitea,
            StatusCode::FORBIDDEN,
            &format!("token does not have at least one of required scope(s): [{scope}]"),
        )));
    }
    Ok(t)
}

fn gitea_prs(state: &Shared) -> Vec<FakePr> {
    state::with(state, |s| {
        s.prs
            .iter()
            .filter(|p| p.provider == Provider::Gitea)
            .cloned()
            .collect()
    })
}

fn param<'a>(q: &'a [(String, String)], name: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn flag(q: &[(String, String)], name: &str) -> bool {
    param(q, name).is_some_and(|v| v == "true")
}

/// A stable fake commit sha that changes whenever the PR changes.
pub(super) fn head_sha(pr: &FakePr) -> String {
    let seed = format!(
        "{}#{}@{}",
        pr.repo,
        pr.number,
        pr.updated_at.unix_timestamp_nanos()
    );
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}").repeat(3)[..40].to_string()
}

fn user(login: &str) -> Value {
    json!({"id": login.len() as u64 + 2000, "login": login, "username": login,
           "full_name": "", "avatar_url": format!("{WEB}/avatars/{login}")})
}

fn labels(pr: &FakePr) -> Value {
    pr.labels
        .iter()
        .enumerate()
        .map(|(i, l)| json!({"id": i + 1, "name": l, "color": "e11d21", "description": ""}))
        .collect()
}

fn repo_json(full: &str) -> Value {
    let (owner, name) = full.split_once('/').unwrap_or((full, full));
    json!({"id": 1, "name": name, "owner": owner, "full_name": full})
}

fn state_text(pr: &FakePr) -> &'static str {
    if pr.state == PrState::Open {
        "open"
    } else {
        "closed"
    }
}

fn issue_json(pr: &FakePr) -> Value {
    let html = pr
        .sent_url
        .clone()
        .unwrap_or_else(|| format!("{WEB}/{}/pulls/{}", pr.repo, pr.number));
    json!({
        "id": pr.number + 10_000,
        "url": format!("{WEB}/api/v1/repos/{}/issues/{}", pr.repo, pr.number),
        "html_url": html,
        "number": pr.number,
        "user": user(&pr.author),
        "title": pr.title,
        "body": "",
        "labels": labels(pr),
        "assignees": pr.assignees.iter().map(|a| user(a)).collect::<Vec<_>>(),
        "state": state_text(pr),
        "comments": 0,
        "created_at": rfc3339(pr.created_at),
        "updated_at": rfc3339(pr.updated_at),
        "closed_at": null,
        "pull_request": {"merged": pr.state == PrState::Merged, "merged_at": null,
                         "draft": pr.draft, "html_url": html},
        "repository": repo_json(&pr.repo),
    })
}

fn pull_json(pr: &FakePr) -> Value {
    // Gitea answers `mergeable: false` for a conflict and while it is still checking.
    let mergeable = !matches!(pr.merge, MergeState::Conflict | MergeState::Computing);
    json!({
        "id": pr.number + 20_000,
        "url": format!("{WEB}/{}/pulls/{}", pr.repo, pr.number),
        "number": pr.number,
        "user": user(&pr.author),
        "title": pr.title,
        "body": "",
        "labels": labels(pr),
        "assignees": pr.assignees.iter().map(|a| user(a)).collect::<Vec<_>>(),
        "requested_reviewers": pr.requested_reviewers.iter().map(|a| user(a)).collect::<Vec<_>>(),
        "requested_reviewers_teams": pr.requested_teams.iter().map(|t| team_json(&t.name)).collect::<Vec<_>>(),
        "state": state_text(pr),
        "draft": pr.draft,
        "is_locked": false,
        "comments": 0,
        "review_comments": 0,
        "html_url": pr.sent_url.clone().unwrap_or_else(|| format!("{WEB}/{}/pulls/{}", pr.repo, pr.number)),
        "mergeable": mergeable,
        "merged": pr.state == PrState::Merged,
        "merged_at": null,
        "base": {"label": "main", "ref": "main", "sha": "0".repeat(40), "repo": repo_json(&pr.repo)},
        "head": {"label": format!("feature-{}", pr.number), "ref": format!("feature-{}", pr.number),
                 "sha": head_sha(pr), "repo": repo_json(&pr.repo)},
        "created_at": rfc3339(pr.created_at),
        // A comment (auto-merge scheduled / cancelled) moves the issue's
        // `updated_unix` (Gitea's `CreateComment`); the head stays.
        "updated_at": rfc3339(pr.activity_at()),
        "closed_at": null,
    })
}

/// `page` (1-based) and `limit` (default 30, at most 50, as Gitea's MAX_RESPONSE_ITEMS).
fn paging(q: &[(String, String)]) -> (usize, usize) {
    let num = |n: &str| param(q, n).and_then(|v| v.parse::<usize>().ok());
    (
        num("page").unwrap_or(1).max(1),
        num("limit").unwrap_or(30).clamp(1, 50),
    )
}

/// One page as a JSON array with `X-Total-Count` and `Link` (next, last).
fn page_of(
    items: Vec<Value>,
    q: &[(String, String)],
    uri: &OriginalUri,
    headers: &HeaderMap,
) -> Response {
    let (page, limit) = paging(q);
    let total = items.len();
    let values: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * limit)
        .take(limit)
        .collect();
    let host = headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    let link_to = |p: usize| {
        let mut pairs: Vec<String> = q
            .iter()
            .filter(|(k, _)| k != "page")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        pairs.push(format!("page={p}"));
        format!("<http://{host}{}?{}>", uri.0.path(), pairs.join("&"))
    };
    let last = total.div_ceil(limit).max(1);
    let mut links = Vec::new();
    if page < last {
        links.push(format!("{}; rel=\"next\"", link_to(page + 1)));
        links.push(format!("{}; rel=\"last\"", link_to(last)));
    }
    let mut extra = vec![("x-total-count", total.to_string())];
    if !links.is_empty() {
        extra.push(("link", links.join(",")));
    }
    reply::json(StatusCode::OK, Value::Array(values), &extra)
}

async fn search(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    let t = match authorise(&state, &headers, "read:issue") {
        Ok(t) => t,
        Err(r) => return *r,
    };
    let me = t.user.login.as_str();
    let open_only = param(&q, "state").is_none_or(|s| s == "open");
    // `since`: only issues updated at or after this RFC 3339 instant.
    let since = param(&q, "since").and_then(|v| {
        time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339).ok()
    });
    let items = gitea_prs(&state)
        .into_iter()
        .filter(|p| !open_only || p.state == PrState::Open)
        .filter(|p| !flag(&q, "created") || p.authored_by(me))
        .filter(|p| !flag(&q, "assigned") || p.assigned_to(me))
        .filter(|p| !flag(&q, "review_requested") || p.review_requested_from(me))
        // Gitea's `reviewed`: a review (not a request) or comment by me on a PR I
        // did not open (`applyReviewedCondition`).
        .filter(|p| !flag(&q, "reviewed") || (!p.authored_by(me) && p.reviewed_by(me)))
        .filter(|p| since.is_none_or(|s| p.updated_at >= s))
        .map(|p| issue_json(&p))
        .collect();
    page_of(items, &q, &uri, &headers)
}

async fn pulls(
    State(state): State<Shared>,
    Path((owner, repo)): Path<(String, String)>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers, "read:repository") {
        return *r;
    }
    let full = format!("{owner}/{repo}");
    let open_only = param(&q, "state").is_none_or(|s| s == "open");
    let items = gitea_prs(&state)
        .into_iter()
        .filter(|p| p.repo == full && (!open_only || p.state == PrState::Open))
        .map(|p| pull_json(&p))
        .collect();
    page_of(items, &q, &uri, &headers)
}

fn find(state: &Shared, owner: &str, repo: &str, index: &str) -> Option<FakePr> {
    let full = format!("{owner}/{repo}");
    let n: u64 = index.parse().ok()?;
    gitea_prs(state)
        .into_iter()
        .find(|p| p.repo == full && p.number == n)
}

fn not_found() -> Response {
    fault::error(
        Provider::Gitea,
        StatusCode::NOT_FOUND,
        "The target couldn't be found.",
    )
}

type PrPath = Path<(String, String, String)>;

async fn one(
    State(state): State<Shared>,
    Path((owner, repo, index)): PrPath,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorise(&state, &headers, "read:repository") {
        return *r;
    }
    match find(&state, &owner, &repo, &index) {
        Some(pr) => reply::json(StatusCode::OK, pull_json(&pr), &[]),
        None => not_found(),
    }
}

/// A swagger `Team` (the fields a review request shows).
fn team_json(name: &str) -> Value {
    json!({"id": name.len() as u64 + 3000, "name": name, "description": "",
           "permission": "write", "includes_all_repositories": false,
           "can_create_org_repo": false, "units": ["repo.code", "repo.pulls"]})
}

/// Who a review entry is by: a user, or a team for a team's review request.
enum By<'a> {
    User(&'a str),
    Team(&'a str),
}

/// One entry of the reviews list: a submitted review carries the head it was made
/// on (`commit_id`), `stale` once the head moved past it (as Gitea marks reviews on
/// a push), and its `submitted_at`; a request carries no commit.
fn review_json(
    i: usize,
    pr: &FakePr,
    by: By<'_>,
    state: &str,
    dismissed: bool,
    seen: Option<&FakeReview>,
) -> Value {
    let head = head_sha(pr);
    let (commit, at) = match seen {
        Some(r) => {
            let mut then = pr.clone();
            then.updated_at = r.head_at;
            (head_sha(&then), r.at)
        }
        None => (String::new(), pr.updated_at),
    };
    let stale = seen.is_some() && commit != head;
    let (user_v, team_v) = match by {
        By::User(who) => (user(who), Value::Null),
        By::Team(name) => (Value::Null, team_json(name)),
    };
    json!({
        "id": i + 1,
        "user": user_v,
        "team": team_v,
        "state": state,
        "body": "",
        "commit_id": commit,
        "stale": stale,
        "official": true,
        "dismissed": dismissed,
        "comments_count": 0,
        "submitted_at": rfc3339(at),
        "updated_at": rfc3339(at),
        "html_url": format!("{WEB}/{}/pulls/{}#issuecomment-{}", pr.repo, pr.number, i + 1),
    })
}

async fn reviews(
    State(state): State<Shared>,
    Path((owner, repo, index)): PrPath,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers, "read:repository") {
        return *r;
    }
    let Some(pr) = find(&state, &owner, &repo, &index) else {
        return not_found();
    };
    let mut items: Vec<Value> = pr
        .reviews
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let who = &r.by;
            let (st, dismissed) = match r.vote {
                ReviewVote::Approved => ("APPROVED", false),
                ReviewVote::ChangesRequested => ("REQUEST_CHANGES", false),
                ReviewVote::Commented => ("COMMENT", false),
                ReviewVote::Dismissed => ("REQUEST_CHANGES", true),
                ReviewVote::NoOpinion => ("PENDING", false),
            };
            review_json(i, &pr, By::User(who), st, dismissed, Some(r))
        })
        .collect();
    // Open requests (a re-request comes after the review it asks again about).
    let asked = pr
        .requested_reviewers
        .iter()
        .map(|who| By::User(who))
        .chain(pr.requested_teams.iter().map(|t| By::Team(&t.name)));
    let base = items.len();
    for (i, by) in asked.enumerate() {
        items.push(review_json(
            base + i,
            &pr,
            by,
            "REQUEST_REVIEW",
            false,
            None,
        ));
    }
    page_of(items, &q, &uri, &headers)
}

fn status_text(s: CheckState) -> &'static str {
    match s {
        CheckState::Success => "success",
        CheckState::Pending | CheckState::Running | CheckState::Manual => "pending",
        CheckState::Failure => "failure",
        CheckState::Error | CheckState::TimedOut | CheckState::StartupFailure => "error",
        CheckState::Skipped | CheckState::Cancelled => "skipped",
        // Stands for a state newer than Ampel's table.
        CheckState::Unknown => "unknown_to_ampel",
        _ => "warning",
    }
}

/// Gitea's combined state: a state outside its priority table first (Gitea ranks
/// undefined states highest), then error, failure, pending, warning, else success.
fn combined(states: &[&'static str]) -> &'static str {
    let empty = if states.is_empty() { "" } else { "success" };
    const KNOWN: [&str; 6] = [
        "error", "failure", "warning", "pending", "success", "skipped",
    ];
    if let Some(odd) = states.iter().find(|s| !KNOWN.contains(s)) {
        return odd;
    }
    ["error", "failure", "pending", "warning"]
        .into_iter()
        .find(|w| states.contains(w))
        .unwrap_or(empty)
}

async fn status(
    State(state): State<Shared>,
    Path((owner, repo, sha)): PrPath,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorise(&state, &headers, "read:repository") {
        return *r;
    }
    let full = format!("{owner}/{repo}");
    let pr = gitea_prs(&state)
        .into_iter()
        .find(|p| p.repo == full && head_sha(p) == sha);
    let checks = pr.as_ref().map(|p| p.checks.clone()).unwrap_or_default();
    let sent = pr.as_ref().and_then(|p| p.sent_check_url.clone());
    let states: Vec<&'static str> = checks.iter().map(|(_, s)| status_text(*s)).collect();
    let statuses: Vec<Value> = checks
        .iter()
        .enumerate()
        .map(|(i, (name, st))| {
            json!({"id": i + 1, "status": status_text(*st), "context": name,
                   "target_url": sent.clone().unwrap_or_else(|| format!("https://ci.example.com/{full}/{name}")),
                   "description": "", "created_at": reply::CREATED, "updated_at": reply::CREATED})
        })
        .collect();
    let body = json!({
        "state": combined(&states),
        "sha": sha,
        "total_count": statuses.len(),
        "statuses": statuses,
        "repository": repo_json(&full),
        "commit_url": format!("{WEB}/api/v1/repos/{full}/commits/{sha}"),
        "url": format!("{WEB}/api/v1/repos/{full}/commits/{sha}/status"),
    });
    reply::json(StatusCode::OK, body, &[])
}

/// Every fake PR targets `main`; its branch protection requires the largest
/// `approvals_required` among the repository's PRs.
async fn branch(
    State(state): State<Shared>,
    Path((owner, repo, name)): PrPath,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorise(&state, &headers, "read:repository") {
        return *r;
    }
    let full = format!("{owner}/{repo}");
    let prs: Vec<FakePr> = gitea_prs(&state)
        .into_iter()
        .filter(|p| p.repo == full)
        .collect();
    if name != "main" || prs.is_empty() {
        return fault::error(
            Provider::Gitea,
            StatusCode::NOT_FOUND,
            "The target couldn't be found.",
        );
    }
    let required = prs.iter().map(|p| p.approvals_required).max().unwrap_or(0);
    let protected = required > 0;
    let sha = "0".repeat(40);
    let body = json!({
        "name": name,
        "commit": {"id": sha, "message": "Initial commit", "url": format!("{WEB}/{full}/commit/{sha}"),
                   "author": {"name": "octo-demo", "email": "demo@example.com", "username": "octo-demo"},
                   "committer": {"name": "octo-demo", "email": "demo@example.com", "username": "octo-demo"},
                   "timestamp": reply::CREATED},
        "protected": protected,
        "required_approvals": required,
        "enable_status_check": false,
        "status_check_contexts": [],
        "user_can_push": !protected,
        "user_can_merge": true,
        "effective_branch_protection_name": if protected { "main" } else { "" },
    });
    reply::json(StatusCode::OK, body, &[])
}

/// `GET …/issues/{index}/timeline` (needs `read:issue`): swagger `TimelineComment`s,
/// oldest first, paged; the fake keeps the auto-merge entries
/// (`pull_scheduled_merge`, `pull_cancel_scheduled_merge`) after an opening comment.
async fn timeline(
    State(state): State<Shared>,
    Path((owner, repo, index)): PrPath,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers, "read:issue") {
        return *r;
    }
    let Some(pr) = find(&state, &owner, &repo, &index) else {
        return not_found();
    };
    // `since`: only comments updated at or after this instant.
    let since = param(&q, "since").and_then(|v| {
        time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339).ok()
    });
    let after = |at: time::OffsetDateTime| since.is_none_or(|s| at >= s);
    let issue_url = format!("{WEB}/{}/issues/{}", pr.repo, pr.number);
    let mut items = vec![json!({
        "id": 50_000 + pr.number * 1000, "type": "comment", "body": "Opened",
        "user": user(&pr.author), "created_at": rfc3339(pr.created_at),
        "updated_at": rfc3339(pr.created_at), "issue_url": issue_url,
    })];
    if !after(pr.created_at) {
        items.clear();
    }
    for (i, e) in crate::automerge::events_of(&state, &pr) {
        if !after(e.at) {
            continue;
        }
        items.push(json!({
            "id": 60_000 + i as u64, "type": e.kind, "body": "",
            "user": user(&e.by), "created_at": rfc3339(e.at), "updated_at": rfc3339(e.at),
            "issue_url": issue_url,
        }));
    }
    page_of(items, &q, &uri, &headers)
}
