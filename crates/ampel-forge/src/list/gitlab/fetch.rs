//! One GitLab list request at a time: the conditional first page, the following
//! pages (`X-Next-Page`, else `Link: rel="next"`) when wanted, and GitLab's refusals turned into
//! coded errors (401 expired / revoked / invalid, 403 `insufficient_scope`, 429 with
//! `Retry-After` / `RateLimit-Reset`, 5xx, HTML, broken JSON).

use crate::common;
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::{Auth, Http, Reply};
use crate::list::Listing;
use ampel_core::{Provider, Secret};
use reqwest::Url;
use time::OffsetDateTime;

const P: Provider = Provider::Gitlab;

/// At most this many pages per list (10,000 MRs at 100 a page): a guard against
/// a server that keeps announcing a next page.
const MAX_PAGES: u32 = 100;

/// What one list request answered.
pub(super) enum Answer<T> {
    /// 304 Not Modified on the first page: reuse the previous listing.
    NotModified,
    /// The pages' items, and the first page's ETag.
    Fresh { items: Vec<T>, etag: Option<String> },
    /// 404 for a watched project (deleted, renamed or no longer visible), or a
    /// 403 / 404 for a project's pipelines (CI/CD turned off).
    Missing,
}

/// How a list request treats a project that is not there and further pages.
#[derive(Clone, Copy)]
pub(super) struct ListMode {
    /// 404 is [`Answer::Missing`] instead of an error.
    pub missing_ok: bool,
    /// 403 is [`Answer::Missing`] too (a project whose CI/CD is turned off).
    pub forbidden_ok: bool,
    /// Follow the next pages (else only the first).
    pub all_pages: bool,
}

/// The client state for one listing: where, how to authenticate, what was counted.
pub(super) struct Fetcher<'a> {
    pub ctx: &'a Context,
    pub http: &'a Http,
    pub token: &'a Secret,
    pub out: Listing,
}

impl Fetcher<'_> {
    /// `GET url`, counted, with the budget recorded; refusals become errors.
    async fn get(&mut self, url: &Url, etag: Option<&str>) -> Result<Reply, ForgeError> {
        let headers: Vec<(&str, &str)> = etag.map(|t| ("if-none-match", t)).into_iter().collect();
        self.out.requests += 1;
        let reply = self
            .http
            .get(url, Auth::Bearer(self.token), &headers)
            .await?;
        if let Some(budget) = common::budget(&reply, "ratelimit-") {
            self.out.rate_limit = Some(budget);
        }
        Ok(reply)
    }

    /// `GET url` answered 200 with JSON, parsed as `T`.
    pub async fn json<T: serde::de::DeserializeOwned>(
        &mut self,
        url: &Url,
    ) -> Result<T, ForgeError> {
        let reply = self.get(url, None).await?;
        self.refusal(&reply)?;
        common::parse_json(P, &reply)
    }

    /// A list, the first page conditional on `etag`, the next pages as `mode` says.
    pub async fn list<T: serde::de::DeserializeOwned>(
        &mut self,
        first: Url,
        etag: Option<&str>,
        mode: ListMode,
    ) -> Result<Answer<T>, ForgeError> {
        let reply = self.get(&first, etag).await?;
        match reply.status.as_u16() {
            304 => {
                self.out.not_modified += 1;
                return Ok(Answer::NotModified);
            }
            404 if mode.missing_ok => return Ok(Answer::Missing),
            403 if mode.forbidden_ok => return Ok(Answer::Missing),
            _ => {}
        }
        self.refusal(&reply)?;
        let new_etag = reply.header("etag").map(str::to_string);
        let mut items: Vec<T> = common::parse_json(P, &reply)?;
        let mut next = next_page(&reply, &first).filter(|_| mode.all_pages);
        let mut pages = 1;
        while let Some(url) = next.filter(|_| pages < MAX_PAGES) {
            let reply = self.get(&url, None).await?;
            self.refusal(&reply)?;
            items.extend(common::parse_json::<Vec<T>>(P, &reply)?);
            next = next_page(&reply, &url);
            pages += 1;
        }
        Ok(Answer::Fresh {
            items,
            etag: new_etag,
        })
    }

    /// The error a non-200 answer means, or `Ok` for a 200 with a JSON body.
    fn refusal(&self, reply: &Reply) -> Result<(), ForgeError> {
        let now = OffsetDateTime::now_utc();
        match reply.status.as_u16() {
            401 => return Err(self.unauthorized(reply, now)),
            403 => return Err(self.forbidden(reply)),
            _ => {}
        }
        common::expect_ok(P, reply, now)?;
        Ok(())
    }

    /// 401: GitLab's OAuth-style body says expired or revoked; else invalid.
    fn unauthorized(&self, reply: &Reply, now: OffsetDateTime) -> ForgeError {
        let detail = common::forge_message(reply, self.token);
        let lower = detail.to_ascii_lowercase();
        if lower.contains("expired") {
            return ForgeError::TokenExpired {
                provider: P,
                expired_at: self.ctx.known_expiry,
            };
        }
        let detail = if lower.contains("revoked") {
            "GitLab says the token was revoked; create a new one".to_string()
        } else {
            format!("GitLab answered 401 ({detail}): the token is wrong or was deleted")
        };
        common::refused(P, self.ctx.known_expiry, now, detail)
    }

    /// 403: `insufficient_scope` (the token lacks `read_api`), else forbidden.
    fn forbidden(&self, reply: &Reply) -> ForgeError {
        let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        if body.get("error").and_then(|e| e.as_str()) == Some("insufficient_scope") {
            return ForgeError::InsufficientScope {
                provider: P,
                missing: vec!["read_api".to_string()],
                feature: "list merge requests".to_string(),
                settings_url: format!(
                    "{}/-/user_settings/personal_access_tokens",
                    self.ctx.endpoints.web
                ),
                validation: None,
            };
        }
        ForgeError::Forbidden {
            provider: P,
            detail: common::forge_message(reply, self.token),
        }
    }
}

/// The next page: `X-Next-Page` (a number; empty on the last page) on the same
/// URL, else a same-origin `Link: <…>; rel="next"`.
pub(super) fn next_page(reply: &Reply, current: &Url) -> Option<Url> {
    if let Some(n) = reply.header("x-next-page") {
        let n = n.trim();
        if n.is_empty() {
            return None;
        }
        return n.parse::<u32>().ok().map(|page| with_page(current, page));
    }
    let link = reply.header("link")?;
    let next = link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim().trim_start_matches("rel=").trim_matches('"') == "next")
            .then(|| target.trim().trim_start_matches('<').trim_end_matches('>'))
    })?;
    let url = current.join(next).ok()?;
    // The token must not travel to another host a Link header names.
    (url.origin() == current.origin()).then_some(url)
}

/// `url` with its `page` parameter set to `page`.
fn with_page(url: &Url, page: u32) -> Url {
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
    use reqwest::header::{HeaderMap, HeaderValue};
    use reqwest::StatusCode;

    fn reply(headers: &[(&'static str, &'static str)]) -> Reply {
        let mut map = HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, HeaderValue::from_static(v));
        }
        Reply {
            status: StatusCode::OK,
            headers: map,
            url: url("https://gl.example/api/v4/merge_requests?per_page=100"),
            body: Vec::new(),
        }
    }

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn x_next_page_sets_the_page_parameter() {
        let cur = url("https://gl.example/api/v4/merge_requests?state=opened&page=1");
        let next = next_page(&reply(&[("x-next-page", "2")]), &cur);
        assert_eq!(
            next.map(|u| u.to_string()).as_deref(),
            Some("https://gl.example/api/v4/merge_requests?state=opened&page=2")
        );
        assert!(next_page(&reply(&[("x-next-page", "")]), &cur).is_none());
    }

    #[test]
    fn link_next_is_followed_only_on_the_same_origin() {
        let cur = url("https://gl.example/api/v4/merge_requests?page=1");
        let same = reply(&[(
            "link",
            "<https://gl.example/api/v4/merge_requests?page=2>; rel=\"next\", <https://gl.example/api/v4/merge_requests?page=1>; rel=\"first\"",
        )]);
        assert!(next_page(&same, &cur).is_some_and(|u| u.as_str().ends_with("page=2")));
        let other = reply(&[("link", "<https://evil.example/x?page=2>; rel=\"next\"")]);
        assert!(next_page(&other, &cur).is_none());
    }
}
