//! Failures a test can inject, rendered the way each forge really answers them
//! (status, headers and body), so clients are tested against the real shapes.

use ampel_core::Provider;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde_json::json;
use std::time::Duration;

/// A failure to inject for one forge (optionally one path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// 401 with the forge's "bad credentials" body.
    Unauthorized,
    /// 403 without an SSO header (e.g. an org policy blocks the token).
    Forbidden,
    /// GitHub: 403 with `X-GitHub-SSO: required; url=…`.
    SsoRequired,
    /// 429 with `Retry-After` (and the forge's rate-limit headers).
    RateLimited {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// GitHub's primary limit: 403 with `x-ratelimit-remaining: 0` and a reset time.
    RateLimitExhausted {
        /// Seconds from now until `x-ratelimit-reset`.
        reset_in_secs: u64,
    },
    /// 500 Internal Server Error.
    ServerError,
    /// 200 with an HTML sign-in page (a proxy or the forge's web UI).
    HtmlLoginPage,
    /// 200 with `application/json` that does not parse.
    InvalidJson,
    /// 200 with valid JSON that is not the expected object.
    UnexpectedJson,
    /// 404 Not Found (wrong base URL).
    NotFound,
    /// Answer normally, but only after this delay.
    Slow(Duration),
    /// 302 to the same path on another origin (e.g. `http://127.0.0.1:OTHER`).
    RedirectTo(String),
    /// GraphQL: HTTP 200 with an `errors` array and no data. GitHub tags each error
    /// with a `type`; `RATE_LIMITED` also gets `x-ratelimit-remaining: 0`.
    GraphQlError {
        /// GitHub's error `type`, e.g. `RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN`.
        kind: String,
        /// The error message.
        message: String,
    },
    /// Any status (401, 403, 404, 409, 429, 500, 502, 503…) with the forge's error
    /// body, and `Retry-After` when given.
    Status {
        /// The HTTP status code.
        code: u16,
        /// Seconds for `Retry-After`, when sent.
        retry_after: Option<u64>,
    },
    /// No answer for this long (past the client's timeout), then 504.
    Timeout(Duration),
    /// The status line and headers, then the connection is cut before the body.
    Reset,
    /// The real answer, cut in the middle of its body.
    Truncated,
    /// The real answer followed by this many bytes of whitespace (still valid JSON).
    HugeBody(usize),
    /// The real answer sent `chunk` bytes at a time, one chunk every `every`.
    Trickle {
        /// Bytes per chunk.
        chunk: usize,
        /// The pause before each chunk.
        every: Duration,
    },
}

/// The response a forge gives for `fault`.
pub(crate) fn render(provider: Provider, fault: &Fault, uri: &Uri) -> Response {
    match fault {
        Fault::Unauthorized => error(provider, StatusCode::UNAUTHORIZED, unauthorized(provider)),
        Fault::Forbidden => error(provider, StatusCode::FORBIDDEN, forbidden(provider)),
        Fault::SsoRequired => sso_required(provider),
        Fault::RateLimited { retry_after_secs } => rate_limited(provider, *retry_after_secs),
        Fault::RateLimitExhausted { reset_in_secs } => exhausted(*reset_in_secs),
        Fault::ServerError => error(
            provider,
            StatusCode::INTERNAL_SERVER_ERROR,
            "500 Internal Server Error",
        ),
        Fault::NotFound => error(provider, StatusCode::NOT_FOUND, "404 Not Found"),
        Fault::HtmlLoginPage => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            LOGIN_PAGE,
        )
            .into_response(),
        Fault::InvalidJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            "{\"login\": \"octocat\", \"id\": ",
        )
            .into_response(),
        Fault::UnexpectedJson => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"status": "ok", "version": "1.0", "items": []}).to_string(),
        )
            .into_response(),
        Fault::Slow(_) => StatusCode::OK.into_response(),
        Fault::RedirectTo(origin) => {
            let target = format!(
                "{}{}",
                origin.trim_end_matches('/'),
                uri.path_and_query().map(|p| p.as_str()).unwrap_or("/")
            );
            (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
        }
        Fault::GraphQlError { kind, message } => graphql_error(provider, kind, message),
        Fault::Status { code, retry_after } => status(provider, *code, *retry_after),
        Fault::Reset => reset(),
        // These wrap the real answer (`gate.rs`); alone they answer 504.
        Fault::Timeout(_) | Fault::Truncated | Fault::HugeBody(_) | Fault::Trickle { .. } => {
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
    }
}

/// `code` with the forge's error body, and `Retry-After` when given.
fn status(provider: Provider, code: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    );
    let mut resp = match (provider, code) {
        (_, 401) => error(provider, status, unauthorized(provider)),
        (Provider::Gitlab, 429) => (status, "Retry later\n").into_response(),
        // Proxies in front of a forge answer 502 / 503 with their own HTML page.
        (_, 502) => (
            status,
            [(header::CONTENT_TYPE, "text/html")],
            "<html><body><h1>502 Bad Gateway</h1></body></html>\n",
        )
            .into_response(),
        _ => error(provider, status, &message),
    };
    if let Some(secs) = retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    resp
}

/// A 200 whose body fails at once: the client sees the headers, then the
/// connection closes without the body.
fn reset() -> Response {
    let broken = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected connection reset",
        ))
    });
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        axum::body::Body::from_stream(broken),
    )
        .into_response()
}

/// Applies a fault that changes the real answer `resp` (cut, padded, trickled).
pub(crate) async fn reshape(fault: &Fault, resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return reset();
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    let body = match fault {
        Fault::Truncated => axum::body::Body::from(bytes.slice(..bytes.len() / 2)),
        Fault::HugeBody(extra) => {
            // Streamed from one shared block of spaces, so the fake forge itself stays
            // small however much it sends.
            const BLOCK: usize = 64 << 10;
            let spaces = axum::body::Bytes::from(vec![b' '; BLOCK]);
            let extra = *extra;
            let pads = (0..extra.div_ceil(BLOCK)).map(move |i| {
                let len = BLOCK.min(extra - i * BLOCK);
                Ok::<_, std::io::Error>(spaces.slice(..len))
            });
            let stream = futures_util::stream::iter(
                std::iter::once(Ok::<_, std::io::Error>(bytes)).chain(pads),
            );
            axum::body::Body::from_stream(stream)
        }
        Fault::Trickle { chunk, every } => {
            let (chunk, every) = ((*chunk).max(1), *every);
            let pieces: Vec<axum::body::Bytes> = bytes
                .chunks(chunk)
                .map(axum::body::Bytes::copy_from_slice)
                .collect();
            let stream = futures_util::stream::iter(pieces).then(move |piece| async move {
                tokio::time::sleep(every).await;
                Ok::<_, std::io::Error>(piece)
            });
            axum::body::Body::from_stream(stream)
        }
        _ => axum::body::Body::from(bytes),
    };
    Response::from_parts(parts, body)
}

/// HTTP 200 with GraphQL `errors` (GitHub's shape carries a `type`).
fn graphql_error(provider: Provider, kind: &str, message: &str) -> Response {
    let error = match provider {
        Provider::Github => json!({ "type": kind, "path": ["search"], "message": message }),
        _ => json!({ "message": message, "locations": [{ "line": 1, "column": 1 }] }),
    };
    let body = if kind == "RATE_LIMITED" {
        json!({ "errors": [error] })
    } else {
        json!({ "data": null, "errors": [error] })
    };
    let mut resp = (StatusCode::OK, axum::Json(body)).into_response();
    if provider == Provider::Github && kind == "RATE_LIMITED" {
        let h = resp.headers_mut();
        h.insert("x-ratelimit-limit", HeaderValue::from_static("5000"));
        h.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        h.insert("x-ratelimit-used", HeaderValue::from_static("5000"));
        h.insert("x-ratelimit-resource", HeaderValue::from_static("graphql"));
        if let Ok(v) = HeaderValue::from_str(&epoch_in(1800)) {
            h.insert("x-ratelimit-reset", v);
        }
    }
    resp
}

const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Sign in · Company SSO</title></head><body><form action=\"/login\" method=\"post\">\
<input name=\"username\"><input name=\"password\" type=\"password\">\
<button>Sign in</button></form></body></html>\n";

fn unauthorized(provider: Provider) -> &'static str {
    match provider {
        Provider::Github => "Bad credentials",
        Provider::Gitlab => "401 Unauthorized",
        Provider::Bitbucket => "Token is invalid, expired, or not supported for this endpoint.",
        Provider::Gitea => "invalid username, password or token",
    }
}

fn forbidden(provider: Provider) -> &'static str {
    match provider {
        Provider::Github => {
            "Although you appear to have the correct authorization credentials, the organization \
             has blocked access via personal access tokens (classic)."
        }
        Provider::Gitlab => "403 Forbidden",
        Provider::Bitbucket => "Access denied. You must have write or admin access.",
        Provider::Gitea => "Forbidden",
    }
}

/// A JSON error body in the forge's own shape.
pub(crate) fn error(provider: Provider, status: StatusCode, message: &str) -> Response {
    let body = match provider {
        Provider::Github => json!({
            "message": message,
            "documentation_url": "https://docs.github.com/rest",
            "status": status.as_u16().to_string(),
        }),
        Provider::Gitlab => json!({ "message": message }),
        Provider::Bitbucket => json!({ "type": "error", "error": { "message": message } }),
        Provider::Gitea => json!({ "message": message, "url": "/api/swagger" }),
    };
    let mut resp = (status, axum::Json(body)).into_response();
    if provider == Provider::Github {
        resp.headers_mut().insert(
            "x-github-media-type",
            HeaderValue::from_static("github.v3; format=json"),
        );
    }
    resp
}

fn sso_required(provider: Provider) -> Response {
    let mut resp = error(
        provider,
        StatusCode::FORBIDDEN,
        "Resource protected by organization SAML enforcement. You must grant your Personal \
         Access token access to this organization.",
    );
    resp.headers_mut().insert(
        "x-github-sso",
        HeaderValue::from_static(
            "required; url=https://github.com/orgs/acme/sso?authorization_request=A5VOEpWbPx2b",
        ),
    );
    resp
}

fn epoch_in(secs: u64) -> String {
    (time::OffsetDateTime::now_utc().unix_timestamp() + secs as i64).to_string()
}

fn rate_limited(provider: Provider, retry_after: u64) -> Response {
    let mut resp = match provider {
        Provider::Gitlab => (StatusCode::TOO_MANY_REQUESTS, "Retry later\n").into_response(),
        Provider::Github => error(
            provider,
            StatusCode::TOO_MANY_REQUESTS,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        ),
        Provider::Bitbucket => error(
            provider,
            StatusCode::TOO_MANY_REQUESTS,
            "Rate limit for this resource has been exceeded",
        ),
        Provider::Gitea => error(provider, StatusCode::TOO_MANY_REQUESTS, "Too Many Requests"),
    };
    let h = resp.headers_mut();
    let after = HeaderValue::from(retry_after);
    h.insert(header::RETRY_AFTER, after);
    if provider == Provider::Gitlab {
        h.insert(
            "ratelimit-name",
            HeaderValue::from_static("throttle_authenticated_api"),
        );
        h.insert("ratelimit-limit", HeaderValue::from_static("2000"));
        h.insert("ratelimit-observed", HeaderValue::from_static("2001"));
        h.insert("ratelimit-remaining", HeaderValue::from_static("0"));
        if let Ok(v) = HeaderValue::from_str(&epoch_in(retry_after)) {
            h.insert("ratelimit-reset", v);
        }
    }
    resp
}

fn exhausted(reset_in: u64) -> Response {
    let mut resp = error(
        Provider::Github,
        StatusCode::FORBIDDEN,
        "API rate limit exceeded for user ID 1000.",
    );
    let h = resp.headers_mut();
    h.insert("x-ratelimit-limit", HeaderValue::from_static("5000"));
    h.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
    h.insert("x-ratelimit-used", HeaderValue::from_static("5000"));
    h.insert("x-ratelimit-resource", HeaderValue::from_static("core"));
    if let Ok(v) = HeaderValue::from_str(&epoch_in(reset_in)) {
        h.insert("x-ratelimit-reset", v);
    }
    resp
}
