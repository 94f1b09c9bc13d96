//! GitLab `GET /api/v4/projects`: the projects the token's user can see, with the
//! parameters the picker sends (`membership`, `simple`, `search` over name and
//! path, `order_by`, `per_page` default 20 at most 100, `page`) and GitLab's
//! offset-pagination headers (`X-Page`, `X-Per-Page`, `X-Total`, `X-Total-Pages`,
//! `X-Next-Page`, `X-Prev-Page`, `Link`). `simple=true` renders the basic project
//! entity, which has no `visibility`; without it the full fields are sent.

use super::{authenticate, rate_headers};
use crate::reply::{self, rfc3339, CREATED};
use crate::repos::{self, FakeRepo};
use crate::state::Shared;
use ampel_core::Provider;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

const WEB: &str = "https://gitlab.example.com";

/// `GET /projects`.
pub(super) async fn projects(
    State(state): State<Shared>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let t = match authenticate(&state, &headers) {
        Ok(t) => t,
        Err(resp) => return *resp,
    };
    if !t.has_any_scope(&["api", "read_api"]) {
        return reply::json(
            StatusCode::FORBIDDEN,
            json!({
                "error": "insufficient_scope",
                "error_description": "The request requires higher privileges than provided by the access token.",
                "scope": "api read_api",
            }),
            &[],
        );
    }
    let mut all = repos::visible(&state, Provider::Gitlab);
    if let Some(s) = repos::param(&q, "search").filter(|s| !s.trim().is_empty()) {
        let s = s.trim().to_lowercase();
        all.retain(|r| r.name_matches(&s));
    }
    match repos::param(&q, "order_by") {
        Some("name") | Some("path") => all.sort_by(|a, b| a.name().cmp(b.name())),
        Some("id") => all.sort_by_key(|r| std::cmp::Reverse(r.id)),
        _ => {}
    }
    let simple = repos::param(&q, "simple") == Some("true");
    let (page, per_page) = repos::paging(&q, "per_page", 20, 100);
    let (items, pages) = repos::slice(&all, page, per_page);
    let body: Vec<Value> = items.iter().map(|r| render(r, simple)).collect();
    let mut out: Vec<(&str, String)> = rate_headers();
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
    out.extend([
        ("x-page", page.to_string()),
        ("x-per-page", per_page.to_string()),
        ("x-total", all.len().to_string()),
        ("x-total-pages", pages.to_string()),
        ("x-next-page", next),
        ("x-prev-page", prev),
    ]);
    if let Some(link) = repos::link_header(&headers, &uri, &q, page, pages) {
        out.push(("link", link));
    }
    reply::json(StatusCode::OK, Value::Array(body), &out)
}

fn render(r: &FakeRepo, simple: bool) -> Value {
    let (ns, name) = r.split();
    let full = &r.full_name;
    let id = super::mrs::project_id(full);
    let mut v = json!({
        "id": id,
        "description": r.description,
        "name": name,
        "name_with_namespace": full.replace('/', " / "),
        "path": name,
        "path_with_namespace": full,
        "created_at": CREATED,
        "default_branch": "main",
        "tag_list": [],
        "topics": [],
        "ssh_url_to_repo": format!("git@gitlab.example.com:{full}.git"),
        "http_url_to_repo": format!("{WEB}/{full}.git"),
        "web_url": format!("{WEB}/{full}"),
        "readme_url": format!("{WEB}/{full}/-/blob/main/README.md"),
        "forks_count": 0,
        "avatar_url": null,
        "star_count": 2,
        "last_activity_at": rfc3339(r.pushed_at),
        "namespace": {
            "id": repos::fnv(ns) % 90_000 + 10_000,
            "name": ns.rsplit('/').next().unwrap_or(ns),
            "path": ns.rsplit('/').next().unwrap_or(ns),
            "kind": "group",
            "full_path": ns,
            "parent_id": null,
            "avatar_url": null,
            "web_url": format!("{WEB}/groups/{ns}"),
        },
    });
    if !simple {
        v["visibility"] = json!(if r.private { "private" } else { "public" });
        v["archived"] = json!(false);
        v["empty_repo"] = json!(false);
        v["open_issues_count"] = json!(0);
        v["_links"] = json!({"self": format!("{WEB}/api/v4/projects/{id}")});
    }
    v
}
