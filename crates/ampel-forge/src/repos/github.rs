//! GitHub: `GET /user/repos?per_page=100&sort=pushed&affiliation=owner,collaborator,
//! organization_member`, one request a page, the next page from `Link: rel="next"`.
//! The endpoint cannot search, so a filter is applied to each page here (a page
//! may then hold fewer than 100, or no, repositories while `next` goes on).

use super::client::Reader;
use super::cursor::{self, Cursor};
use super::{description, matches, RepoPage, RepoPageRequest, RepoRef};
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::Http;
use ampel_core::{Provider, Secret};
use serde::Deserialize;

#[derive(Deserialize)]
struct Repo {
    full_name: String,
    #[serde(default)]
    private: bool,
    description: Option<String>,
}

/// One page of the repositories the token's user owns, collaborates on or sees
/// through an organisation membership.
pub(crate) async fn page(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    req: &RepoPageRequest,
) -> Result<RepoPage, ForgeError> {
    let ep = &ctx.endpoints;
    let url = match req.cursor.as_deref() {
        None => ep.api_path(
            &["user", "repos"],
            &[
                ("per_page", "100"),
                ("sort", "pushed"),
                ("affiliation", "owner,collaborator,organization_member"),
            ],
        )?,
        Some(c) => match Cursor::decode(c)? {
            Cursor::Url { u } => cursor::own_url(ep, &u)?,
            Cursor::Bitbucket { .. } => return Err(cursor::bad_cursor()),
        },
    };
    let reader = Reader {
        provider: Provider::Github,
        ctx,
        http,
        token,
    };
    let (repos, reply): (Vec<Repo>, _) = reader.json(&url).await?;
    let next = match reply.header("link").and_then(cursor::link_next) {
        Some(target) => Some(cursor::next_url(ep, &url, &target)?),
        None => None,
    };
    let filter = req.filter_text();
    let repos: Vec<RepoRef> = repos
        .into_iter()
        .filter(|r| matches(&r.full_name, filter))
        .map(|r| RepoRef {
            full_name: r.full_name,
            private: Some(r.private),
            description: description(r.description),
        })
        .collect();
    // GitHub sends no count; it is known only when everything fit on one page.
    let total = (req.cursor.is_none() && next.is_none())
        .then(|| u32::try_from(repos.len()).ok())
        .flatten();
    Ok(RepoPage {
        repos,
        next: next.map(|u| Cursor::Url { u: u.to_string() }.encode()),
        total,
    })
}
