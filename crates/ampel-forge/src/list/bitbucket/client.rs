//! One authenticated Bitbucket reader for a listing: builds URLs under the API base,
//! counts requests, keeps the last rate-limit headers, maps 401 / 403 / 429 / 5xx to
//! coded errors, follows `next` page links (same origin only) and runs per-PR reads
//! with bounded concurrency.

use crate::common;
use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::{Auth, Http, Reply};
use crate::validation::RateLimit;
use ampel_core::{Provider, Secret};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use time::OffsetDateTime;
use url::Url;

const P: Provider = Provider::Bitbucket;

/// At most this many per-PR reads run at once.
const CONCURRENCY: usize = 6;

/// At most this many pages are followed for one list (50 × 40 = 2,000 PRs).
const MAX_PAGES: usize = 40;

/// A Bitbucket page: `values` plus an opaque `next` URL. `values` is required:
/// Bitbucket sends it on every page (empty or not), and an object without it is
/// not a page — read as "no statuses" it would turn a failing PR green.
#[derive(Deserialize)]
pub(super) struct Page<T> {
    pub values: Vec<T>,
    pub next: Option<String>,
}

/// The answer to a read the token may not be allowed.
pub(super) enum Readable<T> {
    Read(T),
    /// 403 / 404 for this resource (not an admin of this repository).
    Denied,
    /// 403 naming a scope the token lacks: every repository will answer the same.
    NoScope,
}

/// The reader. Shared by the per-PR tasks through an `Arc`.
pub(super) struct Client {
    http: Http,
    token: Secret,
    /// Basic username (the Atlassian email, or a legacy username); `None`: Bearer.
    username: Option<String>,
    endpoints: Endpoints,
    known_expiry: Option<OffsetDateTime>,
    requests: AtomicU32,
    budget: Mutex<Option<RateLimit>>,
}

impl Client {
    /// A reader authenticating like the validation does: Basic with the username
    /// when one is set, else Bearer (access tokens); an API token needs the email.
    pub fn new(ctx: &Context, http: &Http, token: &Secret) -> Result<Self, ForgeError> {
        let username = ctx
            .username
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        if username.is_none() && token.expose().starts_with("ATATT") {
            return Err(ForgeError::MissingUsername {
                provider: P,
                detail: "Bitbucket API tokens (ATATT…) need your Atlassian account email as the \
                         username"
                    .to_string(),
            });
        }
        Ok(Client {
            http: http.clone(),
            token: token.clone(),
            username,
            endpoints: ctx.endpoints.clone(),
            known_expiry: ctx.known_expiry,
            requests: AtomicU32::new(0),
            budget: Mutex::new(None),
        })
    }

    /// True when the reader authenticates with Bearer (an access token).
    pub fn is_bearer(&self) -> bool {
        self.username.is_none()
    }

    /// Requests made so far.
    pub fn requests(&self) -> u32 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The last rate-limit headers seen (Bitbucket sends them to access tokens only).
    pub fn budget(&self) -> Option<RateLimit> {
        self.budget.lock().map(|b| b.clone()).unwrap_or(None)
    }

    /// `{api}/{segments…}?{query}`, each segment percent-encoded.
    pub fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, ForgeError> {
        self.endpoints.api_path(segments, query)
    }

    /// `GET url`, the answer checked and parsed.
    pub async fn get<T: DeserializeOwned>(&self, url: &Url) -> Result<T, ForgeError> {
        let reply = self.send(url).await?;
        self.check(&reply)?;
        common::parse_json(P, &reply)
    }

    /// `GET url` with the status left to the caller (the `/user` probe).
    pub async fn send(&self, url: &Url) -> Result<Reply, ForgeError> {
        let auth = match &self.username {
            Some(u) => Auth::Basic(u, &self.token),
            None => Auth::Bearer(&self.token),
        };
        self.requests.fetch_add(1, Ordering::Relaxed);
        let reply = self
            .http
            .get(url, auth, &[("accept", "application/json")])
            .await?;
        if let Some(b) = common::budget(&reply, "x-ratelimit-") {
            if let Ok(mut slot) = self.budget.lock() {
                *slot = Some(b);
            }
        }
        Ok(reply)
    }

    /// Every value of a paged list, following `next` while it stays on this origin.
    pub async fn pages<T: DeserializeOwned>(&self, first: Url) -> Result<Vec<T>, ForgeError> {
        let mut out = Vec::new();
        let mut url = Some(first);
        let mut pages = 0;
        while let Some(u) = url.take() {
            let page: Page<T> = self.get(&u).await?;
            out.extend(page.values);
            pages += 1;
            url = next_page(page.next.as_deref(), &u).filter(|_| pages < MAX_PAGES);
        }
        Ok(out)
    }

    /// Like [`Client::pages`] for a list the token may not read (branch restrictions
    /// need admin): a 403 or 404 on the first page is an answer, not an error.
    pub async fn pages_if_readable<T: DeserializeOwned>(
        &self,
        first: Url,
    ) -> Result<Readable<Vec<T>>, ForgeError> {
        let reply = self.send(&first).await?;
        match reply.status.as_u16() {
            403 if matches!(
                forbidden(&reply, &self.token),
                ForgeError::InsufficientScope { .. }
            ) =>
            {
                return Ok(Readable::NoScope)
            }
            403 | 404 => return Ok(Readable::Denied),
            _ => {}
        }
        self.check(&reply)?;
        let page: Page<T> = common::parse_json(P, &reply)?;
        let mut out = page.values;
        if let Some(next) = next_page(page.next.as_deref(), &first) {
            out.extend(self.pages(next).await?);
        }
        Ok(Readable::Read(out))
    }

    /// Maps a failed answer to a coded error.
    pub fn check(&self, reply: &Reply) -> Result<(), ForgeError> {
        let now = OffsetDateTime::now_utc();
        match reply.status.as_u16() {
            200 => return Ok(()),
            401 => {
                return Err(common::refused(
                    P,
                    self.known_expiry,
                    now,
                    "Bitbucket refused the token while listing pull requests; it is wrong, \
                     expired or revoked"
                        .to_string(),
                ))
            }
            403 => return Err(forbidden(reply, &self.token)),
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

/// A page's `next` URL when it stays on the origin of `current`: the token is
/// never sent to another host a page names.
pub(super) fn next_page(next: Option<&str>, current: &Url) -> Option<Url> {
    next.and_then(|n| Url::parse(n).ok())
        .filter(|n| same_origin(n, current))
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// A 403: missing scopes (`error.detail.required`) or another refusal.
fn forbidden(reply: &Reply, token: &Secret) -> ForgeError {
    let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or_default();
    let required: Vec<String> = body
        .pointer("/error/detail/required")
        .and_then(|r| r.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if required.is_empty() {
        return ForgeError::Forbidden {
            provider: P,
            detail: common::forge_message(reply, token),
        };
    }
    ForgeError::InsufficientScope {
        provider: P,
        missing: required,
        feature: "list pull requests".to_string(),
        settings_url: crate::bitbucket::API_TOKEN_SETTINGS.to_string(),
        validation: None,
    }
}
