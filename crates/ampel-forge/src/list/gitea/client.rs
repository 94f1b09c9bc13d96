//! One authenticated Gitea / Forgejo reader for a listing: `Authorization: token`,
//! URLs under `/api/v1`, request counting, 401 / 403 (Gitea's scope message) / 429 /
//! 5xx mapped to coded errors, `Link: rel="next"` pagination (same origin only) and
//! per-PR reads with bounded concurrency.

use crate::common;
use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::{Auth, Http, Reply};
use crate::validation::RateLimit;
use ampel_core::{Provider, Secret};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;
use url::Url;

const P: Provider = Provider::Gitea;

/// At most this many per-PR reads run at once.
const CONCURRENCY: usize = 6;

/// At most this many pages are followed for one list (50 × 40 = 2,000 items).
const MAX_PAGES: usize = 40;

/// The reader, shared by the per-PR tasks through an `Arc`.
pub(super) struct Client {
    http: Http,
    token: Secret,
    endpoints: Endpoints,
    known_expiry: Option<OffsetDateTime>,
    requests: AtomicU32,
    budget: Mutex<Option<RateLimit>>,
}

impl Client {
    pub fn new(ctx: &Context, http: &Http, token: &Secret) -> Self {
        Client {
            http: http.clone(),
            token: token.clone(),
            endpoints: ctx.endpoints.clone(),
            known_expiry: ctx.known_expiry,
            requests: AtomicU32::new(0),
            budget: Mutex::new(None),
        }
    }

    /// Requests made so far.
    pub fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The last `X-RateLimit-*` headers seen (Gitea sends none by default; a proxy may).
    pub fn budget(&self) -> Option<RateLimit> {
        self.budget.lock().map(|b| b.clone()).unwrap_or(None)
    }

    /// `{api}/{segments…}?{query}`, each segment percent-encoded.
    pub fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, ForgeError> {
        self.endpoints.api_path(segments, query)
    }

    /// `GET url`, checked and parsed.
    pub async fn get<T: DeserializeOwned>(&self, url: &Url) -> Result<T, ForgeError> {
        let reply = self.send(url).await?;
        self.check(&reply)?;
        common::parse_json(P, &reply)
    }

    /// `GET url`, parsed; `None` when the forge answers 403 or 404 (a resource the
    /// token may not read, such as a branch's protection).
    pub async fn get_optional<T: DeserializeOwned>(
        &self,
        url: &Url,
    ) -> Result<Option<T>, ForgeError> {
        let reply = self.send(url).await?;
        if matches!(reply.status.as_u16(), 403 | 404) {
            return Ok(None);
        }
        self.check(&reply)?;
        common::parse_json(P, &reply).map(Some)
    }

    async fn send(&self, url: &Url) -> Result<Reply, ForgeError> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let reply = self
            .http
            .get(
                url,
                Auth::Token(&self.token),
                &[("accept", "application/json")],
            )
            .await?;
        if let Some(b) = common::budget(&reply, "x-ratelimit-") {
            if let Ok(mut slot) = self.budget.lock() {
                *slot = Some(b);
            }
        }
        Ok(reply)
    }

    /// Every item of a paged array, following `Link: <…>; rel="next"` on this origin.
    pub async fn pages<T: DeserializeOwned>(&self, first: Url) -> Result<Vec<T>, ForgeError> {
        let mut out = Vec::new();
        let mut url = Some(first);
        let mut pages = 0;
        while let Some(u) = url.take() {
            let reply = self.send(&u).await?;
            self.check(&reply)?;
            let items: Vec<T> = common::parse_json(P, &reply)?;
            out.extend(items);
            pages += 1;
            url = next_page(&reply, &u).filter(|_| pages < MAX_PAGES);
        }
        Ok(out)
    }

    /// Maps a failed answer to a coded error.
    pub fn check(&self, reply: &Reply) -> Result<(), ForgeError> {
        let now = OffsetDateTime::now_utc();
        match reply.status.as_u16() {
            200 => return Ok(()),
            401 => {
                let msg = common::forge_message(reply, &self.token);
                return Err(common::refused(
                    P,
                    self.known_expiry,
                    now,
                    format!("the server answered 401 ({msg}): the token is wrong or was deleted"),
                ));
            }
            403 => return Err(forbidden(reply, &self.token, &self.endpoints)),
            _ => {}
        }
        if let Some(e) = common::generic_failure(P, reply, now) {
            return Err(e);
        }
        Err(common::unexpected(P, reply))
    }

    /// Runs `f` over `items` with at most [`CONCURRENCY`] at once, keeping their order;
    /// the first error ends the run.
    pub async fn each<T, R, F, Fut>(
        self: &Arc<Self>,
        items: Vec<T>,
        f: F,
    ) -> Result<Vec<R>, ForgeError>
    where
        F: Fn(Arc<Self>, T) -> Fut,
        Fut: Future<Output = Result<R, ForgeError>>,
    {
        crate::list::in_order(items, CONCURRENCY, |item| f(self.clone(), item)).await
    }
}

/// The `rel="next"` target of a `Link` header.
pub(super) fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"" || p.trim() == "rel=next");
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| target.to_string())
    })
}

/// The `Link: rel="next"` page of `reply`, resolved against `current`, when it
/// stays on the same origin: the token is never sent to another host.
pub(super) fn next_page(reply: &Reply, current: &Url) -> Option<Url> {
    reply
        .header("link")
        .and_then(next_link)
        .and_then(|n| current.join(&n).ok())
        .filter(|n| same_origin(n, current))
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// A 403: Gitea names a missing scope only in its message.
fn forbidden(reply: &Reply, token: &Secret, ep: &Endpoints) -> ForgeError {
    let msg = common::forge_message(reply, token);
    let missing = crate::gitea::missing_scopes(&msg);
    if msg.contains("scope") && !missing.is_empty() {
        return ForgeError::InsufficientScope {
            provider: P,
            missing,
            feature: "list pull requests".to_string(),
            settings_url: format!("{}/user/settings/applications", ep.web),
            validation: None,
        };
    }
    ForgeError::Forbidden {
        provider: P,
        detail: msg,
    }
}

#[cfg(test)]
mod tests {
    use super::next_link;

    #[test]
    fn next_link_is_read_from_the_link_header() {
        let h = "<https://g.example/api/v1/repos/o/r/pulls?page=2&limit=50>; rel=\"next\",\
                 <https://g.example/api/v1/repos/o/r/pulls?page=4&limit=50>; rel=\"last\"";
        assert_eq!(
            next_link(h).as_deref(),
            Some("https://g.example/api/v1/repos/o/r/pulls?page=2&limit=50")
        );
        assert_eq!(
            next_link("<https://g.example/x?page=1>; rel=\"prev\""),
            None
        );
        assert_eq!(next_link("garbage"), None);
    }
}
