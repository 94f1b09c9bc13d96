//! Listing GitHub pull requests per dashboard section with one GraphQL query.
//!
//! Each section is one `search(type: ISSUE, first: 100)` over `is:pr is:open
//! archived:false` plus `review-requested:@me` (Needs my review), `author:@me`
//! (Mine), `assignee:@me` (Assigned to me) or `repo:owner/name …` (Watched, up to
//! [`query::REPOS_PER_QUERY`] repositories a query). `@me` is resolved by GitHub,
//! so the account's login is not needed. The query document is
//! `github/dashboard.graphql` (validated against GitHub's schema in
//! `tests/github_schema.rs`); it sends the search string as the variable `$q` and
//! the page cursor as `$after`, and asks for `rateLimit` in the same query.
//! Pages are followed through `pageInfo.endCursor` while `hasNextPage` (search
//! stops at 1,000 results, so at most 10 pages a search). When a section's
//! `issueCount` is above what its pages returned, the listing says so
//! ([`Listing::capped`]) and the dashboard shows "1,000 of N" on that section
//! instead of silently showing 1,000.
//!
//! Each PR carries its review facts for the turn rule (`ReviewFacts`): User and
//! Team review requests apart, and `latestReviews` (each reviewer's latest review
//! with the reviewed `commit.oid` and `submittedAt`), read in the same query, as
//! the `viewer` the query names ("me"); the Reviewed section is one more search
//! (`reviewed-by:@me -author:@me`).
//!
//! **Requests per refresh:** one per section per 100 PRs (at least one per
//! section): 300 PRs in each of 3 sections take 9 requests, plus one for the
//! Reviewed section (10). Each PR carries its merge machinery (`autoMergeRequest`,
//! `mergeQueueEntry`, `isMergeQueueEnabled`) in the same query. Only when PRs that
//! had auto-merge on or a queue entry at the last sync left the open lists is one
//! more request made per 10 of them (`ended.graphql`), to say whether each was
//! merged or closed; an unchanged refresh makes none.
//!
//! **No conditional requests:** GitHub's GraphQL API is a POST endpoint and
//! answers without `ETag`; it does not honour `If-None-Match`, so nothing is
//! faked here: `validators` stay empty and `not_modified` stays 0. The budget
//! comes from the query's own `rateLimit` (points, not requests).
//!
//! Errors: 401 → `invalid_token` (or `token_expired` past the known expiry);
//! 403/429 with `Retry-After`, `x-ratelimit-remaining: 0` or a rate-limit message
//! → `rate_limited`; `X-GitHub-SSO: required` → `sso_required`; GraphQL `errors`
//! with HTTP 200 → `graphql_error`, or `rate_limited` for `type: RATE_LIMITED`.
//! Errors that come with a search result (partial results) keep the result.
//! Every error is scrubbed of the token.

mod answer;
mod ended;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzz;
mod query;
mod response;

use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::{Auth, Http};
use crate::list::{ListSpec, Listing};
use ampel_core::changes::Listed;
use ampel_core::section::Sections;
use ampel_core::{Provider, Secret};
use reqwest::Url;

/// Search returns at most 1,000 results: 10 pages of 100.
const MAX_PAGES: u32 = 10;

/// Lists the open pull requests of the sections in `spec`.
pub(crate) async fn list(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    spec: &ListSpec,
) -> Result<Listing, ForgeError> {
    let run = Run {
        ctx,
        http,
        token,
        spec,
        url: graphql_url(ctx)?,
    };
    let mut listing = Listing::default();
    for search in query::searches(spec) {
        run.search(&search, &mut listing)
            .await
            .map_err(|e| e.redact(token))?;
    }
    run.ended(&mut listing).await;
    Ok(listing)
}

/// The GraphQL endpoint (`https://api.github.com/graphql`, `{host}/api/graphql`).
fn graphql_url(ctx: &Context) -> Result<Url, ForgeError> {
    let bad = || ForgeError::BadBaseUrl {
        input: ctx.endpoints.api.chars().take(120).collect(),
        detail: "no GitHub GraphQL endpoint is known for this base URL".to_string(),
    };
    let text = ctx.endpoints.graphql.as_deref().ok_or_else(bad)?;
    Url::parse(text).map_err(|_| bad())
}

/// What every request of one listing shares.
struct Run<'a> {
    ctx: &'a Context,
    http: &'a Http,
    token: &'a Secret,
    spec: &'a ListSpec,
    url: Url,
}

impl Run<'_> {
    /// Every page of one search, pushed into `listing` under its section.
    async fn search(
        &self,
        search: &query::Search,
        listing: &mut Listing,
    ) -> Result<(), ForgeError> {
        let mut after: Option<String> = None;
        let mut returned: u64 = 0;
        let mut total: Option<u64> = None;
        for _ in 0..MAX_PAGES {
            let page = self.page(&search.q, after.as_deref()).await?;
            listing.requests += 1;
            if page.rate_limit.is_some() {
                listing.rate_limit = page.rate_limit;
            }
            total = page.total.or(total);
            returned += page.prs.len() as u64;
            for pr in page.prs {
                listing.push(Listed {
                    pr,
                    sections: Sections::of(search.section),
                });
            }
            match page.next {
                Some(next) if after.as_deref() != Some(next.as_str()) => after = Some(next),
                _ => break,
            }
        }
        if let Some(total) = total.filter(|t| *t > returned) {
            listing.cap(search.section, returned, total);
        }
        Ok(())
    }

    /// Reads the PRs GitHub was merging on its own that left the open lists
    /// (none: no request); a failed read records them as `Unknown`.
    async fn ended(&self, listing: &mut Listing) {
        let gone = ended::gone(self.spec, listing);
        for chunk in gone.chunks(ended::SLOTS) {
            let body = ended::body(chunk);
            let headers = [("accept", "application/json")];
            listing.requests += 1;
            let reply = self
                .http
                .post_json(&self.url, Auth::Bearer(self.token), &headers, &body)
                .await;
            let data = match reply {
                Ok(r) if r.status.is_success() => {
                    match crate::common::parse_json::<serde_json::Value>(Provider::Github, &r) {
                        Ok(v) => Some(v["data"].clone()).filter(|d| d.is_object()),
                        Err(_) => None,
                    }
                }
                Ok(r) => {
                    tracing::warn!(status = r.status.as_u16(), "reading ended pull requests");
                    None
                }
                Err(e) => {
                    tracing::warn!(code = e.code(), "reading ended pull requests failed");
                    None
                }
            };
            listing.ended.extend(ended::read(chunk, data.as_ref()));
        }
    }

    async fn page(&self, q: &str, after: Option<&str>) -> Result<answer::Page, ForgeError> {
        let body = query::body(q, after);
        let headers = [("accept", "application/json")];
        let reply = self
            .http
            .post_json(&self.url, Auth::Bearer(self.token), &headers, &body)
            .await?;
        answer::read(
            self.ctx,
            &reply,
            self.token,
            &self.spec.account_id,
            self.spec.login.as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint;

    #[test]
    fn the_graphql_url_follows_the_deployment() -> Result<(), ForgeError> {
        let ctx = |base: Option<&str>| -> Result<Context, ForgeError> {
            Ok(Context {
                endpoints: endpoint::resolve(Provider::Github, base)?,
                username: None,
                known_expiry: None,
            })
        };
        let cloud = graphql_url(&ctx(None)?)?;
        assert_eq!(cloud.as_str(), "https://api.github.com/graphql");
        let ghes = graphql_url(&ctx(Some("http://127.0.0.1:9/github"))?)?;
        assert_eq!(ghes.as_str(), "http://127.0.0.1:9/github/api/graphql");
        Ok(())
    }
}
