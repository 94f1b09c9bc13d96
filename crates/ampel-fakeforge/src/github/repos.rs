//! `GET /api/v3/user/repos`: the repositories the token's user can see, as GitHub
//! renders them (`per_page` default 30, at most 100; `page`; `sort=pushed|updated|
//! created|full_name`; `affiliation` accepted), with `Link` pagination and the
//! REST rate-limit headers. GitHub cannot search here, so there is no filter.

use crate::fault;
use crate::reply::{self, rfc3339, CREATED};
use crate::repos::{self, FakeRepo};
use crate::state::Shared;
use ampel_core::Provider;
use axum::extract::{OriginalUri, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

const HOST: &str = "https://github.example.com";

/// `GET /user/repos`.
pub(super) async fn user_repos(
    State(state): State<Shared>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let valid = super::token_for(&state, &headers).filter(|t| !t.is_expired() && !t.revoked);
    if valid.is_none() {
        return fault::error(
            Provider::Github,
            StatusCode::UNAUTHORIZED,
            "Bad credentials",
        );
    }
    let mut all = repos::visible(&state, Provider::Github);
    match repos::param(&q, "sort") {
        Some("full_name") => all.sort_by(|a, b| a.full_name.cmp(&b.full_name)),
        Some("created") | Some("updated") | Some("pushed") | None => {}
        Some(_) => {
            return reply::json(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({"message": "Validation Failed",
                       "documentation_url": "https://docs.github.com/rest/repos/repos#list-repositories-for-the-authenticated-user",
                       "status": "422"}),
                &[],
            )
        }
    }
    let (page, per_page) = repos::paging(&q, "per_page", 30, 100);
    let (items, pages) = repos::slice(&all, page, per_page);
    let body: Vec<Value> = items.iter().map(render).collect();
    let reset = time::OffsetDateTime::now_utc().unix_timestamp() + 3600;
    let mut out: Vec<(&str, String)> = vec![
        ("x-github-media-type", "github.v3; format=json".into()),
        ("x-github-api-version-selected", "2022-11-28".into()),
        ("x-ratelimit-limit", "5000".into()),
        ("x-ratelimit-remaining", "4990".into()),
        ("x-ratelimit-used", "10".into()),
        ("x-ratelimit-reset", reset.to_string()),
        ("x-ratelimit-resource", "core".into()),
    ];
    if let Some(link) = repos::link_header(&headers, &uri, &q, page, pages) {
        out.push(("link", link));
    }
    reply::json(StatusCode::OK, Value::Array(body), &out)
}

fn render(r: &FakeRepo) -> Value {
    let (owner, name) = r.split();
    let full = &r.full_name;
    json!({
        "id": r.id,
        "node_id": format!("R_kgDO{:08X}", r.id),
        "name": name,
        "full_name": full,
        "private": r.private,
        "owner": {
            "login": owner,
            "id": repos::fnv(owner) % 9_000_000 + 1_000_000,
            "type": "Organization",
            "html_url": format!("{HOST}/{owner}"),
            "url": format!("{HOST}/api/v3/users/{owner}"),
            "site_admin": false,
        },
        "html_url": format!("{HOST}/{full}"),
        "description": r.description,
        "fork": false,
        "url": format!("{HOST}/api/v3/repos/{full}"),
        "pulls_url": format!("{HOST}/api/v3/repos/{full}/pulls{{/number}}"),
        "clone_url": format!("{HOST}/{full}.git"),
        "ssh_url": format!("git@github.example.com:{full}.git"),
        "created_at": CREATED,
        "updated_at": rfc3339(r.pushed_at),
        "pushed_at": rfc3339(r.pushed_at),
        "homepage": null,
        "size": 1024,
        "stargazers_count": 3,
        "watchers_count": 3,
        "language": "Rust",
        "forks_count": 0,
        "archived": false,
        "disabled": false,
        "open_issues_count": 0,
        "visibility": if r.private { "private" } else { "public" },
        "default_branch": "main",
        "permissions": {"admin": false, "maintain": false, "push": true, "triage": true, "pull": true},
    })
}
