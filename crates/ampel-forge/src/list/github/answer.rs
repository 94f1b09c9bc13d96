//! Reads one GraphQL answer: HTTP failures first (401, SSO, rate limits with
//! `Retry-After` / `X-RateLimit-*`, 5xx, HTML), then GraphQL `errors` that come
//! with HTTP 200 (`RATE_LIMITED` → `rate_limited`, others → `graphql_error`), then
//! one page of pull requests with the budget GitHub reported.

use super::response::{Envelope, GqlError, SearchNode};
use crate::common;
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::Reply;
use crate::validation::RateLimit;
use ampel_core::pr::PullRequest;
use ampel_core::{Provider, Secret};
use time::OffsetDateTime;

const P: Provider = Provider::Github;

/// One page of a section's search.
#[derive(Debug)]
pub(super) struct Page {
    /// The pull requests on it.
    pub prs: Vec<PullRequest>,
    /// The cursor of the next page, if any.
    pub next: Option<String>,
    /// The budget: GraphQL `rateLimit`, else the `X-RateLimit-*` headers.
    pub rate_limit: Option<RateLimit>,
    /// Every hit of the search (`issueCount`), which may exceed what it returns.
    pub total: Option<u64>,
}

/// The page in `reply`, or the error it stands for (never quoting `token`).
pub(super) fn read(
    ctx: &Context,
    reply: &Reply,
    token: &Secret,
    account_id: &str,
    login: Option<&str>,
) -> Result<Page, ForgeError> {
    let now = OffsetDateTime::now_utc();
    http_failure(ctx, reply, token, now)?;
    let envelope: Envelope = common::parse_json(P, reply)?;
    let errors = envelope.errors.unwrap_or_default();
    if errors.iter().any(GqlError::is_rate_limited) {
        return Err(common::rate_limited(P, reply, "x-ratelimit-reset", now));
    }
    let (search, rate, viewer) = match envelope.data {
        Some(d) => (d.search, d.rate_limit, d.viewer.and_then(|v| v.login)),
        None => (None, None, None),
    };
    // "Me" as GitHub resolves `@me` for this token, else the validated login.
    let viewer = viewer.as_deref().or(login).unwrap_or_default();
    let Some(search) = search else {
        return Err(no_search(reply, token, errors.first()));
    };
    if let Some(e) = errors.first() {
        // Partial results (e.g. an organisation behind SAML SSO): keep what came.
        let message = common::redact(e.message.as_deref().unwrap_or_default(), token);
        tracing::warn!(%message, "GitHub returned partial search results");
    }
    Ok(page(
        &search,
        (account_id, viewer),
        rate.map(|r| r.budget()),
        reply,
    ))
}

fn page(
    search: &SearchNode,
    (account_id, viewer): (&str, &str),
    rate: Option<RateLimit>,
    reply: &Reply,
) -> Page {
    Page {
        prs: search.pull_requests(account_id, viewer),
        next: search.next_cursor(),
        rate_limit: rate.or_else(|| common::budget(reply, "x-ratelimit-")),
        total: search.issue_count,
    }
}

/// No `data.search`: the first GraphQL error, or an answer that is not GitHub's.
fn no_search(reply: &Reply, token: &Secret, first: Option<&GqlError>) -> ForgeError {
    match first {
        Some(e) => ForgeError::GraphQl {
            provider: P,
            message: common::redact(
                e.message.as_deref().unwrap_or("an error without a message"),
                token,
            ),
        },
        None => ForgeError::NotAForge {
            provider: P,
            url: reply.url.to_string(),
            detail: "the answer is JSON, but has no search result".to_string(),
        },
    }
}

/// The error an HTTP status (or an HTML page) stands for, if any.
fn http_failure(
    ctx: &Context,
    reply: &Reply,
    token: &Secret,
    now: OffsetDateTime,
) -> Result<(), ForgeError> {
    let status = reply.status.as_u16();
    if status == 401 {
        return Err(common::refused(
            P,
            ctx.known_expiry,
            now,
            unauthorized_detail(reply, token),
        ));
    }
    if status == 403 || status == 429 {
        return Err(forbidden(reply, token, now));
    }
    common::expect_ok(P, reply, now)?;
    Ok(())
}

/// GitHub says only "Bad credentials"; older GHES refuses fine-grained tokens on
/// GraphQL with a message worth passing on.
fn unauthorized_detail(reply: &Reply, token: &Secret) -> String {
    let said = common::forge_message(reply, token);
    if said.to_ascii_lowercase().contains("fine grained") {
        return format!("GitHub answered 401: {said}; use a classic token on this server");
    }
    "GitHub answered 401 Bad credentials: the token is wrong, was revoked, or has expired \
     (GitHub does not say which); check it at the token settings page"
        .to_string()
}

/// 403 / 429: SAML SSO, a primary or secondary rate limit, or a policy refusal.
fn forbidden(reply: &Reply, token: &Secret, now: OffsetDateTime) -> ForgeError {
    if let Some(sso) = reply.header("x-github-sso") {
        if sso.starts_with("required") {
            let url = sso.split_once("url=").map(|(_, u)| u.trim().to_string());
            return ForgeError::SsoRequired { authorize_url: url };
        }
    }
    let limited = reply.header("x-ratelimit-remaining") == Some("0")
        || reply.header("retry-after").is_some()
        || reply.status.as_u16() == 429
        || common::forge_message(reply, token)
            .to_ascii_lowercase()
            .contains("rate limit");
    if limited {
        return common::rate_limited(P, reply, "x-ratelimit-reset", now);
    }
    ForgeError::Forbidden {
        provider: P,
        detail: common::forge_message(reply, token),
    }
}
