//! Bitbucket Cloud: the cross-workspace repository lists were removed
//! (CHANGE-2770), so the first page asks `GET /user/workspaces?pagelen=100` once,
//! then every page is `GET /repositories/{workspace}?role=member&pagelen=100`
//! (plus BBQL `q=name ~ "…"` for a filter), following Bitbucket's `next` URL and
//! moving to the next workspace when one is done. The cursor carries the
//! workspaces still to list and the current workspace's next URL, so later pages
//! cost one request each (a workspace with no match costs one more).

use super::client::Reader;
use super::cursor::{self, Cursor};
use super::{description, RepoPage, RepoPageRequest, RepoRef};
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::Http;
use ampel_core::{Provider, Secret};
use serde::Deserialize;
use url::Url;

/// At most this many requests for one page (empty workspaces are skipped).
const MAX_REQUESTS: usize = 10;

#[derive(Deserialize)]
struct Page<T> {
    #[serde(default = "Vec::new")]
    values: Vec<T>,
    next: Option<String>,
    size: Option<u32>,
}

#[derive(Deserialize)]
struct Access {
    workspace: Workspace,
}

#[derive(Deserialize)]
struct Workspace {
    slug: String,
}

#[derive(Deserialize)]
struct Repo {
    full_name: String,
    #[serde(default)]
    is_private: bool,
    description: Option<String>,
}

/// Where the listing stands between requests.
struct Walk {
    ws: Vec<String>,
    next: Option<Url>,
    more_ws: Option<Url>,
}

/// One page of the repositories the token's user is a member of, workspace by
/// workspace.
pub(crate) async fn page(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    req: &RepoPageRequest,
) -> Result<RepoPage, ForgeError> {
    let ep = &ctx.endpoints;
    let reader = Reader {
        provider: Provider::Bitbucket,
        ctx,
        http,
        token,
    };
    let mut requests = 0;
    let mut walk = match req.cursor.as_deref() {
        None => {
            let url = ep.api_path(&["user", "workspaces"], &[("pagelen", "100")])?;
            requests += 1;
            workspaces(&reader, &url).await?
        }
        Some(c) => match Cursor::decode(c)? {
            Cursor::Bitbucket { ws, next, more_ws } => Walk {
                ws,
                next: next.map(|u| cursor::own_url(ep, &u)).transpose()?,
                more_ws: more_ws.map(|u| cursor::own_url(ep, &u)).transpose()?,
            },
            Cursor::Url { .. } => return Err(cursor::bad_cursor()),
        },
    };
    let single_workspace = req.cursor.is_none() && walk.ws.len() == 1 && walk.more_ws.is_none();
    let mut repos = Vec::new();
    let mut total = None;
    while requests < MAX_REQUESTS {
        let Some(current) = walk.ws.first().cloned() else {
            match walk.more_ws.take() {
                Some(url) => {
                    requests += 1;
                    walk = workspaces(&reader, &url).await?;
                    continue;
                }
                None => break,
            }
        };
        let url = match walk.next.take() {
            Some(u) => u,
            None => first_repo_page(ctx, &current, req.filter_text())?,
        };
        requests += 1;
        let (page, _): (Page<Repo>, _) = reader.json(&url).await?;
        if single_workspace {
            total = total.or(page.size);
        }
        repos.extend(page.values.into_iter().map(|r| RepoRef {
            full_name: r.full_name,
            private: Some(r.is_private),
            description: description(r.description),
        }));
        match page.next {
            Some(n) => walk.next = Some(cursor::next_url(ep, &url, &n)?),
            None => {
                walk.ws.remove(0);
            }
        }
        if !repos.is_empty() {
            break;
        }
    }
    let more = !walk.ws.is_empty() || walk.more_ws.is_some();
    let next = more.then(|| {
        Cursor::Bitbucket {
            ws: walk.ws,
            next: walk.next.map(|u| u.to_string()),
            more_ws: walk.more_ws.map(|u| u.to_string()),
        }
        .encode()
    });
    // Without `size`, the count is known only when everything fit on one page.
    if total.is_none() && next.is_none() && req.cursor.is_none() {
        total = u32::try_from(repos.len()).ok();
    }
    Ok(RepoPage { repos, next, total })
}

/// A page of `/user/workspaces` as the start of a walk.
async fn workspaces(reader: &Reader<'_>, url: &Url) -> Result<Walk, ForgeError> {
    let (page, _): (Page<Access>, _) = reader.json(url).await?;
    let more_ws = page
        .next
        .map(|n| cursor::next_url(&reader.ctx.endpoints, url, &n))
        .transpose()?;
    Ok(Walk {
        ws: page.values.into_iter().map(|a| a.workspace.slug).collect(),
        next: None,
        more_ws,
    })
}

/// `/repositories/{ws}?role=member&pagelen=100`, with `q=name ~ "filter"`.
fn first_repo_page(ctx: &Context, ws: &str, filter: Option<&str>) -> Result<Url, ForgeError> {
    let bbql = filter.map(|f| {
        format!(
            "name ~ \"{}\"",
            f.replace('\\', "\\\\").replace('"', "\\\"")
        )
    });
    let mut query = vec![("role", "member"), ("pagelen", "100")];
    if let Some(q) = bbql.as_deref() {
        query.push(("q", q));
    }
    ctx.endpoints.api_path(&["repositories", ws], &query)
}
