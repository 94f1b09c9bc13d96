//! Gitea / Forgejo repository lists under `/api/v1` (need `read:repository`):
//!
//! - `GET /user/repos` (`page`, `limit` default 30, at most 50): an array;
//! - `GET /repos/search` (`q` over the name, `page`, `limit`): `{"ok": true, "data": […]}`.
//!
//! Both send `X-Total-Count` and a `Link` header (`next`, `last`, `first`, `prev`).

use crate::reply::{self, rfc3339, CREATED};
use crate::repos::{self, FakeRepo};
use crate::state::Shared;
use ampel_core::Provider;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

const WEB: &str = "https://gitea.example.com";

/// The repository routes under `/gitea`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/v1/user/repos", get(user_repos))
        .route("/api/v1/repos/search", get(search))
}

type Params = Query<Vec<(String, String)>>;

async fn user_repos(
    State(state): State<Shared>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = super::prs::authorise(&state, &headers, "read:repository") {
        return *r;
    }
    let all = repos::visible(&state, Provider::Gitea);
    let (body, extra) = paged(&all, &headers, &uri, &q);
    reply::json(StatusCode::OK, Value::Array(body), &extra)
}

async fn search(
    State(state): State<Shared>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = super::prs::authorise(&state, &headers, "read:repository") {
        return *r;
    }
    let mut all = repos::visible(&state, Provider::Gitea);
    if let Some(word) = repos::param(&q, "q").filter(|w| !w.trim().is_empty()) {
        all.retain(|r| r.name_matches(word));
    }
    let (body, extra) = paged(&all, &headers, &uri, &q);
    reply::json(StatusCode::OK, json!({"ok": true, "data": body}), &extra)
}

/// One page of `all` and its `X-Total-Count` / `Link` headers.
fn paged(
    all: &[FakeRepo],
    headers: &HeaderMap,
    uri: &axum::http::Uri,
    q: &[(String, String)],
) -> (Vec<Value>, Vec<(&'static str, String)>) {
    let (page, limit) = repos::paging(q, "limit", 30, 50);
    let (items, pages) = repos::slice(all, page, limit);
    let mut extra = vec![("x-total-count", all.len().to_string())];
    if let Some(link) = repos::link_header(headers, uri, q, page, pages) {
        extra.push(("link", link));
    }
    (items.iter().map(render).collect(), extra)
}

fn render(r: &FakeRepo) -> Value {
    let (owner, name) = r.split();
    let full = &r.full_name;
    json!({
        "id": r.id,
        "owner": {"id": repos::fnv(owner) % 90_000 + 10_000, "login": owner, "username": owner,
                  "full_name": "", "avatar_url": format!("{WEB}/avatars/{owner}")},
        "name": name,
        "full_name": full,
        "description": r.description.clone().unwrap_or_default(),
        "empty": false,
        "private": r.private,
        "fork": false,
        "template": false,
        "mirror": false,
        "size": 512,
        "html_url": format!("{WEB}/{full}"),
        "url": format!("{WEB}/api/v1/repos/{full}"),
        "ssh_url": format!("git@gitea.example.com:{full}.git"),
        "clone_url": format!("{WEB}/{full}.git"),
        "website": "",
        "stars_count": 1,
        "forks_count": 0,
        "watchers_count": 1,
        "open_issues_count": 0,
        "open_pr_counter": 0,
        "default_branch": "main",
        "archived": false,
        "created_at": CREATED,
        "updated_at": rfc3339(r.pushed_at),
        "permissions": {"admin": false, "push": true, "pull": true},
        "internal": false,
    })
}
