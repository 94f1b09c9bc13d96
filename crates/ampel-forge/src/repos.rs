//! The repositories an account can see, one page at a time, for the searchable
//! picker of the Watched repositories section.
//!
//! Every forge answers one [`RepoPage`] per call, with the biggest page its API
//! allows and (almost always) one request a page:
//!
//! | forge | request |
//! |---|---|
//! | GitHub | `GET /user/repos?per_page=100&sort=pushed&affiliation=owner,collaborator,organization_member`, next page from `Link: rel="next"`; a filter is applied to each page here (the endpoint has no search) |
//! | GitLab | `GET /projects?membership=true&simple=true&per_page=100&order_by=last_activity_at[&search=…]`, next page from `X-Next-Page`, total from `X-Total` |
//! | Bitbucket Cloud | `GET /user/workspaces?pagelen=100` once (first page), then `GET /repositories/{workspace}?role=member&pagelen=100[&q=name~"…"]` per page, workspace after workspace; never the removed cross-workspace endpoints |
//! | Gitea / Forgejo | `GET /user/repos?limit=50&page=N`, or `GET /repos/search?q=…&limit=50&page=N` with a filter; next page from `Link: rel="next"`, total from `X-Total-Count` |
//!
//! The cursor is opaque: pass [`RepoPage::next`] back unchanged, with the same
//! filter, for the following page. It only ever names URLs on the account's own API
//! origin: a next link to another host is refused (`bad_base_url`) rather than
//! followed with the token, and so is a cursor that names one.

mod bitbucket;
mod client;
mod cursor;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzz;
mod gitea;
mod github;
mod gitlab;

pub(crate) use bitbucket::page as bitbucket;
pub(crate) use gitea::page as gitea;
pub(crate) use github::page as github;
pub(crate) use gitlab::page as gitlab;

use serde::{Deserialize, Serialize};

/// Which page of the repository list to read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoPageRequest {
    /// `None` for the first page, else [`RepoPage::next`] of the previous page.
    pub cursor: Option<String>,
    /// Narrows by repository name (case-insensitive substring); blank means none.
    /// Keep it unchanged while following cursors.
    pub filter: Option<String>,
}

impl RepoPageRequest {
    /// The first page, unfiltered.
    pub fn first() -> Self {
        RepoPageRequest::default()
    }

    /// The first page of repositories whose name contains `filter`.
    pub fn filtered(filter: impl Into<String>) -> Self {
        RepoPageRequest {
            cursor: None,
            filter: Some(filter.into()),
        }
    }

    /// The page after `page` (same filter), or `None` after the last page.
    pub fn after(&self, page: &RepoPage) -> Option<Self> {
        page.next.as_ref().map(|c| RepoPageRequest {
            cursor: Some(c.clone()),
            filter: self.filter.clone(),
        })
    }

    /// The filter trimmed, `None` when blank.
    pub(crate) fn filter_text(&self) -> Option<&str> {
        self.filter
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
    }
}

/// One repository in the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoRef {
    /// `owner/name`; GitLab: the full path `group/subgroup/project`; Bitbucket
    /// `workspace/slug`. This is what the Watched section stores.
    pub full_name: String,
    /// True for a private repository; `None` when the forge does not say (GitLab's
    /// `simple` project rows carry no visibility).
    pub private: Option<bool>,
    /// The description, when the repository has a non-empty one.
    pub description: Option<String>,
}

/// One page of repositories.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoPage {
    /// The repositories of this page, in the forge's order (most recently active
    /// first where the API can sort).
    pub repos: Vec<RepoRef>,
    /// Opaque cursor for the next page; `None` on the last page.
    pub next: Option<String>,
    /// How many repositories match in all, when the forge says (GitLab, Gitea,
    /// Bitbucket with one workspace) or the whole list fit on this page.
    pub total: Option<u32>,
}

/// `text` as a description: `None` when missing or blank.
pub(crate) fn description(text: Option<String>) -> Option<String> {
    text.map(|d| d.trim().to_string()).filter(|d| !d.is_empty())
}

/// True when `full_name` matches a filter applied on our side (case-insensitive
/// substring of the full name, so an owner narrows too).
pub(crate) fn matches(full_name: &str, filter: Option<&str>) -> bool {
    filter.is_none_or(|f| full_name.to_lowercase().contains(&f.to_lowercase()))
}
