//! The opaque page cursor handed to the app (a small JSON object), and the rule
//! that every URL in it, or in a next link, stays on the account's API origin:
//! a next link or cursor naming another host is refused, never requested.

use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use serde::{Deserialize, Serialize};
use url::Url;

/// What a cursor carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub(super) enum Cursor {
    /// The next page's URL (GitHub, GitLab, Gitea).
    Url {
        /// Absolute, on the API origin.
        u: String,
    },
    /// Bitbucket: the workspaces still to list (the current one first), the next
    /// repository page of the current workspace, and the next page of workspaces.
    Bitbucket {
        /// Workspace slugs, the current one first.
        ws: Vec<String>,
        /// The current workspace's next repository page, when it has one.
        next: Option<String>,
        /// The next page of `/user/workspaces`, when there are more than 100.
        more_ws: Option<String>,
    },
}

impl Cursor {
    /// The cursor as the opaque string the app keeps.
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a cursor this crate issued.
    pub fn decode(text: &str) -> Result<Cursor, ForgeError> {
        serde_json::from_str(text).map_err(|_| bad_cursor())
    }
}

/// The error for a cursor this forge did not issue (or one edited on the way).
pub(super) fn bad_cursor() -> ForgeError {
    ForgeError::BadBaseUrl {
        input: "(repository page cursor)".to_string(),
        detail: "this page cursor was not issued for this account's forge; start again from \
                 the first page"
            .to_string(),
    }
}

/// `text` as a URL under the account's API base (same scheme, host and port, and
/// a path below the API path), else an error naming only the foreign origin.
pub(super) fn own_url(ep: &Endpoints, text: &str) -> Result<Url, ForgeError> {
    let base = ep.api_url("")?;
    let url = Url::parse(text).map_err(|_| bad_cursor())?;
    let prefix = base.path().trim_end_matches('/');
    let under = url.path() == prefix || url.path().starts_with(&format!("{prefix}/"));
    if url.origin() != base.origin() {
        return Err(foreign(&url));
    }
    if !under || !url.username().is_empty() || url.password().is_some() {
        return Err(bad_cursor());
    }
    Ok(url)
}

/// A next link `target` (absolute or relative to `current`), checked with
/// [`own_url`]: a link to another host is an error, not a page to follow.
pub(super) fn next_url(ep: &Endpoints, current: &Url, target: &str) -> Result<Url, ForgeError> {
    let joined = current.join(target.trim()).map_err(|_| bad_cursor())?;
    own_url(ep, joined.as_str())
}

/// The refusal for a next page on another origin.
fn foreign(url: &Url) -> ForgeError {
    ForgeError::BadBaseUrl {
        input: format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default()),
        detail: "the forge's next-page link points to another host; Ampel does not send \
                 tokens to another host. If that is the forge, enter it as the base URL"
            .to_string(),
    }
}

/// The `rel="next"` target of a `Link` header.
pub(super) fn link_next(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p == "rel=\"next\"" || p == "rel=next"
        });
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| target.to_string())
    })
}

/// `url` with its `page` parameter set to `page` (GitLab's `X-Next-Page`).
pub(super) fn with_page(url: &Url, page: u32) -> Url {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut next = url.clone();
    next.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair("page", &page.to_string());
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep() -> Endpoints {
        Endpoints {
            api: "https://git.example/api/v1".into(),
            graphql: None,
            web: "https://git.example".into(),
        }
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let c = Cursor::Bitbucket {
            ws: vec!["a".into(), "b".into()],
            next: Some("https://api.bitbucket.org/2.0/repositories/a?page=2".into()),
            more_ws: None,
        };
        assert_eq!(Cursor::decode(&c.encode()).ok(), Some(c));
        assert_eq!(
            Cursor::decode("not a cursor").err().map(|e| e.code()),
            Some("bad_base_url")
        );
    }

    #[test]
    fn only_urls_under_the_api_base_are_accepted() {
        let ok = own_url(&ep(), "https://git.example/api/v1/user/repos?page=2");
        assert!(ok.is_ok());
        for bad in [
            "https://evil.example/api/v1/user/repos?page=2",
            "http://git.example/api/v1/user/repos",
            "https://git.example:8443/api/v1/user/repos",
            "https://git.example/other/user/repos",
            "https://git.example/api/v10/user/repos",
            "https://me:pw@git.example/api/v1/user/repos",
        ] {
            let err = own_url(&ep(), bad).err().map(|e| e.code());
            assert_eq!(err, Some("bad_base_url"), "{bad}");
        }
    }

    #[test]
    fn relative_next_links_resolve_and_foreign_ones_are_refused() {
        let cur = Url::parse("https://git.example/api/v1/user/repos?page=1").ok();
        let Some(cur) = cur else { return };
        let next = next_url(&ep(), &cur, "/api/v1/user/repos?page=2").ok();
        assert_eq!(
            next.map(|u| u.to_string()),
            Some("https://git.example/api/v1/user/repos?page=2".to_string())
        );
        let err = next_url(&ep(), &cur, "https://evil.example/api/v1/user/repos?page=2").err();
        assert!(err
            .map(|e| e.to_string().contains("another host"))
            .unwrap_or(false));
    }

    #[test]
    fn link_next_and_with_page() {
        let h = "<https://g.example/x?page=2>; rel=\"next\", <https://g.example/x?page=9>; rel=\"last\"";
        assert_eq!(link_next(h).as_deref(), Some("https://g.example/x?page=2"));
        assert_eq!(
            link_next("<https://g.example/x?page=1>; rel=\"prev\""),
            None
        );
        let u = Url::parse("https://g.example/x?a=1&page=1&b=2").ok();
        assert_eq!(
            u.map(|u| with_page(&u, 3).to_string()),
            Some("https://g.example/x?a=1&b=2&page=3".to_string())
        );
    }
}
