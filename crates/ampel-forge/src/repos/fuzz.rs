//! Fuzz entry points (feature `fuzzing`): the repository picker's opaque cursor and
//! next links, which must only ever name the account's own API origin.

use super::cursor::{self, Cursor};
use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use url::Url;

/// Every URL a cursor text would make the picker request (each checked as the
/// picker checks it), or the refusal.
pub fn cursor_urls(ep: &Endpoints, text: &str) -> Result<Vec<Url>, ForgeError> {
    let decoded = Cursor::decode(text)?;
    let _ = Cursor::decode(&decoded.encode())?;
    match decoded {
        Cursor::Url { u } => Ok(vec![cursor::own_url(ep, &u)?]),
        Cursor::Bitbucket { next, more_ws, .. } => next
            .iter()
            .chain(more_ws.iter())
            .map(|u| cursor::own_url(ep, u))
            .collect(),
    }
}

/// The next page a `Link` header (or a bare target) leads to from `current`.
pub fn next_url(ep: &Endpoints, current: &Url, header: &str) -> Result<Url, ForgeError> {
    let target = cursor::link_next(header).unwrap_or_else(|| header.to_string());
    cursor::next_url(ep, current, &target)
}

/// `current` with GitLab's `X-Next-Page` number applied.
pub fn with_page(current: &Url, page: u32) -> Url {
    cursor::with_page(current, page)
}
