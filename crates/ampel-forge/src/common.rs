//! Answers every forge gives the same way (redirects elsewhere, 404, 429, 5xx, HTML
//! pages, broken JSON) and helpers to read bodies and headers without ever echoing a
//! token.

use crate::error::ForgeError;
use crate::http::Reply;
use ampel_core::{Provider, Secret};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

/// True when the body is an HTML page rather than API JSON.
pub(crate) fn is_html(reply: &Reply) -> bool {
    let ct = reply
        .header("content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let start = reply
        .body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .copied();
    ct.contains("html") || start == Some(b'<')
}

/// Parses the body as `T`, or explains that this is not the forge's API.
pub(crate) fn parse_json<T: DeserializeOwned>(
    provider: Provider,
    reply: &Reply,
) -> Result<T, ForgeError> {
    let not_forge = |detail: &str| ForgeError::NotAForge {
        provider,
        url: reply.url.to_string(),
        detail: detail.to_string(),
    };
    if is_html(reply) {
        return Err(not_forge(
            "the server answered with an HTML page (a sign-in page or a website), not API JSON",
        ));
    }
    serde_json::from_slice(&reply.body).map_err(|e| {
        // serde's message may quote body text; only its category is used.
        if e.is_data() {
            not_forge("the answer is JSON, but not the object this forge returns")
        } else {
            not_forge("the answer is not valid JSON")
        }
    })
}

/// A short message from an error body (`message`, `error.message`,
/// `error_description`), with the token masked and control characters removed.
pub(crate) fn forge_message(reply: &Reply, token: &Secret) -> String {
    let v: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or_default();
    let text = v
        .get("error_description")
        .and_then(|m| m.as_str())
        .or_else(|| v.get("message").and_then(|m| m.as_str()))
        .or_else(|| v.pointer("/error/message").and_then(|m| m.as_str()))
        .unwrap_or("");
    redact(text, token)
}

/// Drops control characters, masks `token` in what is left and shortens to 200
/// characters — in that order: masking first would let control characters inside
/// the token hide it, and dropping them would then join the token again.
pub(crate) fn redact(text: &str, token: &Secret) -> String {
    let t = token.expose();
    let plain: String = text.chars().filter(|c| !c.is_control()).collect();
    let masked = if t.len() >= 4 {
        plain.replace(t, "<redacted>")
    } else {
        plain
    };
    masked.chars().take(200).collect()
}

fn header_u64(reply: &Reply, name: &str) -> Option<u64> {
    reply.header(name).and_then(|v| v.trim().parse().ok())
}

fn epoch(secs: u64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(i64::try_from(secs).ok()?).ok()
}

/// `Retry-After` (seconds or an HTTP date) as seconds and a reset time.
pub(crate) fn retry_after(
    reply: &Reply,
    now: OffsetDateTime,
) -> (Option<u64>, Option<OffsetDateTime>) {
    let Some(v) = reply.header("retry-after").map(str::trim) else {
        return (None, None);
    };
    if let Ok(secs) = v.parse::<u64>() {
        // A number past the calendar's end (year 9999) gives no instant, not a panic.
        let at = i64::try_from(secs)
            .ok()
            .and_then(|s| now.checked_add(time::Duration::seconds(s)));
        return (Some(secs), at);
    }
    match httpdate::parse_http_date(v) {
        Ok(t) => {
            let at = OffsetDateTime::from(t);
            let secs = u64::try_from((at - now).whole_seconds().max(0)).ok();
            (secs, Some(at))
        }
        Err(_) => (None, None),
    }
}

/// A rate-limit error from `Retry-After`, else the `*-reset` epoch header named.
pub(crate) fn rate_limited(
    provider: Provider,
    reply: &Reply,
    reset_header: &str,
    now: OffsetDateTime,
) -> ForgeError {
    let (retry_after_secs, mut reset_at) = retry_after(reply, now);
    if reset_at.is_none() {
        reset_at = header_u64(reply, reset_header).and_then(epoch);
    }
    ForgeError::RateLimited {
        provider,
        reset_at,
        retry_after_secs,
    }
}

/// The rate-limit budget from `{prefix}limit`, `{prefix}remaining`, `{prefix}reset`.
pub(crate) fn budget(reply: &Reply, prefix: &str) -> Option<crate::validation::RateLimit> {
    let limit = header_u64(reply, &format!("{prefix}limit"));
    let remaining = header_u64(reply, &format!("{prefix}remaining"));
    let reset_at = header_u64(reply, &format!("{prefix}reset")).and_then(epoch);
    if limit.is_none() && remaining.is_none() {
        return None;
    }
    Some(crate::validation::RateLimit {
        limit,
        remaining,
        reset_at,
    })
}

/// Failures that mean the same on every forge, checked after forge-specific ones:
/// a redirect to another origin, 404, 429, 5xx, and a non-JSON 200.
pub(crate) fn generic_failure(
    provider: Provider,
    reply: &Reply,
    now: OffsetDateTime,
) -> Option<ForgeError> {
    let status = reply.status;
    let url = reply.url.to_string();
    // 304 Not Modified is an answer, never a redirect (GitLab's approve / unapprove
    // say "already so" with it); the caller that did not expect it words it.
    if status.is_redirection() && status.as_u16() != 304 {
        let target = reply
            .header("location")
            .and_then(|l| reply.url.join(l).ok())
            .map(|u| format!("{}://{}", u.scheme(), u.host_str().unwrap_or_default()))
            .unwrap_or_else(|| "another address".to_string());
        return Some(ForgeError::BadBaseUrl {
            input: url,
            detail: format!(
                "the server redirects to {target}; Ampel does not send tokens to another host. \
                 If that is the forge, enter it as the base URL"
            ),
        });
    }
    if status.as_u16() == 429 {
        let reset = if provider == Provider::Gitlab {
            "ratelimit-reset"
        } else {
            "x-ratelimit-reset"
        };
        return Some(rate_limited(provider, reply, reset, now));
    }
    if status.is_server_error() {
        return Some(ForgeError::ServerError {
            provider,
            url,
            status: status.as_u16(),
        });
    }
    if status.as_u16() == 404 || status.as_u16() == 405 {
        return Some(ForgeError::NotAForge {
            provider,
            url,
            detail: format!(
                "HTTP {}: nothing answers at this API path; check the base URL",
                status.as_u16()
            ),
        });
    }
    if status.is_success() && is_html(reply) {
        return Some(ForgeError::NotAForge {
            provider,
            url,
            detail:
                "the server answered with an HTML page (a sign-in page or a website), not API JSON"
                    .to_string(),
        });
    }
    None
}

/// For a 401: `token_expired` when the stored expiry has passed, else `invalid_token`.
pub(crate) fn refused(
    provider: Provider,
    known_expiry: Option<OffsetDateTime>,
    now: OffsetDateTime,
    detail: String,
) -> ForgeError {
    match known_expiry {
        Some(at) if at <= now => ForgeError::TokenExpired {
            provider,
            expired_at: Some(at),
        },
        _ => ForgeError::InvalidToken { provider, detail },
    }
}

/// The last checks every answer gets: a failure all forges word alike (rate limit,
/// server error, HTML…), then anything but 200 as unexpected.
pub(crate) fn expect_ok(
    provider: Provider,
    reply: &Reply,
    now: OffsetDateTime,
) -> Result<(), ForgeError> {
    if let Some(e) = generic_failure(provider, reply, now) {
        return Err(e);
    }
    if reply.status.as_u16() != 200 {
        return Err(unexpected(provider, reply));
    }
    Ok(())
}

/// An unexpected status no rule covered.
pub(crate) fn unexpected(provider: Provider, reply: &Reply) -> ForgeError {
    ForgeError::NotAForge {
        provider,
        url: reply.url.to_string(),
        detail: format!("unexpected HTTP status {}", reply.status.as_u16()),
    }
}
