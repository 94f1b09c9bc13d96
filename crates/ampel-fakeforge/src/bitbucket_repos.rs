//! Bitbucket Cloud repository lists, replacing the removed cross-workspace ones:
//!
//! - `GET /2.0/user/workspaces`: the workspaces of every visible repository;
//! - `GET /2.0/repositories/{ws}` (`role=member`, `pagelen` at most 100, `page`, and
//!   BBQL `q=name ~ "…"`, case-insensitive): the workspace's repositories.
//!
//! Pages are Bitbucket's `{pagelen, size, page, values, next}` with an absolute
//! `next` URL. The visible repositories are those of the PRs plus any added with
//! `FakeForge::add_repo`.

use super::prs::{authorise, hex, page_of};
use crate::reply::{rfc3339, CREATED};
use crate::repos::{self, FakeRepo};
use crate::state::Shared;
use ampel_core::Provider;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

type Params = Query<Vec<(String, String)>>;

const WEB: &str = "https://bitbucket.org";
const API: &str = "https://api.bitbucket.org/2.0";

/// The repository routes under `/bitbucket`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/2.0/user/workspaces", get(workspaces))
        .route("/2.0/repositories/{ws}", get(repositories))
}

fn workspace_of(repo: &str) -> &str {
    repo.split('/').next().unwrap_or(repo)
}

async fn workspaces(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let all = repos::visible(&state, Provider::Bitbucket);
    let mut slugs: Vec<&str> = all.iter().map(|r| workspace_of(&r.full_name)).collect();
    slugs.sort_unstable();
    slugs.dedup();
    let items = slugs
        .iter()
        .map(|ws| {
            json!({
                "type": "workspace_access",
                "administrator": false,
                "workspace": {"type": "workspace_base", "slug": ws, "name": ws,
                              "uuid": format!("{{{}}}", hex(ws, 32)),
                              "links": {"self": {"href": format!("{API}/workspaces/{ws}")},
                                        "html": {"href": format!("{WEB}/{ws}/")}}},
                "links": {"self": {"href": format!("{API}/user/workspaces/{ws}/permission")}},
            })
        })
        .collect();
    page_of(items, &q, 100, &uri, &headers)
}

async fn repositories(
    State(state): State<Shared>,
    Path(ws): Path<String>,
    headers: HeaderMap,
    uri: OriginalUri,
    Query(q): Params,
) -> Response {
    if let Err(r) = authorise(&state, &headers) {
        return *r;
    }
    let wanted = repos::param(&q, "q").and_then(name_clause);
    let items = repos::visible(&state, Provider::Bitbucket)
        .into_iter()
        .filter(|r| workspace_of(&r.full_name) == ws)
        .filter(|r| wanted.as_deref().is_none_or(|w| r.name_matches(w)))
        .map(|r| render(&r))
        .collect();
    page_of(items, &q, 100, &uri, &headers)
}

/// The text of a BBQL `name ~ "text"` clause (with `\"` and `\\` escapes).
fn name_clause(q: &str) -> Option<String> {
    let rest = q
        .trim()
        .strip_prefix("name")?
        .trim_start()
        .strip_prefix('~')?;
    let inner = rest.trim().strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    Some(out)
}

fn render(r: &FakeRepo) -> Value {
    let (ws, slug) = r.split();
    let full = &r.full_name;
    json!({
        "type": "repository",
        "full_name": full,
        "name": slug,
        "slug": slug,
        "uuid": format!("{{{}}}", hex(full, 32)),
        "is_private": r.private,
        "description": r.description.clone().unwrap_or_default(),
        "scm": "git",
        "language": "rust",
        "size": 65536,
        "has_issues": false,
        "has_wiki": false,
        "fork_policy": "no_public_forks",
        "created_on": CREATED,
        "updated_on": rfc3339(r.pushed_at),
        "mainbranch": {"type": "branch", "name": "main"},
        "workspace": {"type": "workspace", "slug": ws, "name": ws,
                      "uuid": format!("{{{}}}", hex(ws, 32))},
        "project": {"type": "project", "key": "PROJ", "name": "Project"},
        "links": {
            "self": {"href": format!("{API}/repositories/{full}")},
            "html": {"href": format!("{WEB}/{full}")},
            "pullrequests": {"href": format!("{API}/repositories/{full}/pullrequests")},
        },
    })
}

#[cfg(test)]
mod tests {
    use super::name_clause;

    #[test]
    fn reads_the_name_clause() {
        assert_eq!(name_clause("name ~ \"demo\"").as_deref(), Some("demo"));
        assert_eq!(name_clause("name~\"a\\\"b\"").as_deref(), Some("a\"b"));
        assert_eq!(name_clause("slug = \"x\""), None);
    }
}
