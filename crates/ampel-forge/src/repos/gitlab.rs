//! GitLab: `GET /projects?membership=true&simple=true&per_page=100&order_by=
//! last_activity_at` (plus `search=` for a filter, matched by GitLab against the
//! project name and path), one request a page, the next page from `X-Next-Page`
//! (else `Link: rel="next"`), the total from `X-Total` (absent above 10,000).

use super::client::Reader;
use super::cursor::{self, Cursor};
use super::{description, RepoPage, RepoPageRequest, RepoRef};
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::{Http, Reply};
use ampel_core::{Provider, Secret};
use serde::Deserialize;
use url::Url;

#[derive(Deserialize)]
struct Project {
    path_with_namespace: String,
    description: Option<String>,
    /// Only in the full representation; `simple=true` leaves it out.
    visibility: Option<String>,
}

/// One page of the projects the token's user is a member of.
pub(crate) async fn page(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    req: &RepoPageRequest,
) -> Result<RepoPage, ForgeError> {
    let ep = &ctx.endpoints;
    let url = match req.cursor.as_deref() {
        None => {
            let mut query = vec![
                ("membership", "true"),
                ("simple", "true"),
                ("per_page", "100"),
                ("order_by", "last_activity_at"),
            ];
            if let Some(f) = req.filter_text() {
                query.push(("search", f));
            }
            ep.api_path(&["projects"], &query)?
        }
        Some(c) => match Cursor::decode(c)? {
            Cursor::Url { u } => cursor::own_url(ep, &u)?,
            Cursor::Bitbucket { .. } => return Err(cursor::bad_cursor()),
        },
    };
    let reader = Reader {
        provider: Provider::Gitlab,
        ctx,
        http,
        token,
    };
    let (projects, reply): (Vec<Project>, _) = reader.json(&url).await?;
    let next = next_page(ctx, &reply, &url)?;
    let total = reply
        .header("x-total")
        .and_then(|t| t.trim().parse::<u32>().ok());
    let repos = projects
        .into_iter()
        .map(|p| RepoRef {
            full_name: p.path_with_namespace,
            private: p.visibility.as_deref().map(|v| v == "private"),
            description: description(p.description),
        })
        .collect();
    Ok(RepoPage {
        repos,
        next: next.map(|u| Cursor::Url { u: u.to_string() }.encode()),
        total,
    })
}

/// `X-Next-Page` (empty on the last page) on the same URL, else a `Link` next.
fn next_page(ctx: &Context, reply: &Reply, current: &Url) -> Result<Option<Url>, ForgeError> {
    if let Some(n) = reply.header("x-next-page") {
        return Ok(n
            .trim()
            .parse::<u32>()
            .ok()
            .map(|page| cursor::with_page(current, page)));
    }
    match reply.header("link").and_then(cursor::link_next) {
        Some(target) => cursor::next_url(&ctx.endpoints, current, &target).map(Some),
        None => Ok(None),
    }
}
