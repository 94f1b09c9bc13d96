//! Gitea / Forgejo: `GET /user/repos?limit=50&page=N` (50 is the server's default
//! maximum), or with a filter `GET /repos/search?q=…&limit=50&page=N` (an object
//! `{ok, data}`; it also finds public repositories of others, which may be
//! watched too); one request a page, the next page from `Link: rel="next"`, the
//! total from `X-Total-Count`.

use super::client::Reader;
use super::cursor::{self, Cursor};
use super::{description, RepoPage, RepoPageRequest, RepoRef};
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

#[derive(Deserialize)]
struct Search {
    #[serde(default)]
    data: Vec<Repo>,
}

/// One page of the repositories the token's user can see.
pub(crate) async fn page(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    req: &RepoPageRequest,
) -> Result<RepoPage, ForgeError> {
    let ep = &ctx.endpoints;
    let url = match (req.cursor.as_deref(), req.filter_text()) {
        (None, None) => ep.api_path(&["user", "repos"], &[("limit", "50"), ("page", "1")])?,
        (None, Some(f)) => ep.api_path(
            &["repos", "search"],
            &[("q", f), ("limit", "50"), ("page", "1")],
        )?,
        (Some(c), _) => match Cursor::decode(c)? {
            Cursor::Url { u } => cursor::own_url(ep, &u)?,
            Cursor::Bitbucket { .. } => return Err(cursor::bad_cursor()),
        },
    };
    let reader = Reader {
        provider: Provider::Gitea,
        ctx,
        http,
        token,
    };
    let search = url.path().ends_with("/repos/search");
    let (repos, reply) = if search {
        let (s, reply): (Search, _) = reader.json(&url).await?;
        (s.data, reply)
    } else {
        reader.json::<Vec<Repo>>(&url).await?
    };
    let next = match reply.header("link").and_then(cursor::link_next) {
        Some(target) => Some(cursor::next_url(ep, &url, &target)?),
        None => None,
    };
    let total = reply
        .header("x-total-count")
        .and_then(|t| t.trim().parse::<u32>().ok());
    let repos = repos
        .into_iter()
        .map(|r| RepoRef {
            full_name: r.full_name,
            private: Some(r.private),
            description: description(r.description),
        })
        .collect();
    Ok(RepoPage {
        repos,
        next: next.map(|u| Cursor::Url { u: u.to_string() }.encode()),
        total,
    })
}
