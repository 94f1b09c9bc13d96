//! The one HTTP client every forge module uses: rustls, connect and total timeouts,
//! a User-Agent, one retry for idempotent calls on connection errors, and redirects
//! followed only within the same origin so an Authorization header never reaches
//! another host. Bodies are read as a stream and refused past [`MAX_BODY`], so a
//! hostile or broken forge cannot make the process hold an unbounded answer.

use crate::error::{ForgeError, Unreachable};
use ampel_core::Secret;
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};
use reqwest::redirect::{Attempt, Policy};
use reqwest::{StatusCode, Url};
use std::error::Error as StdError;
use std::time::Duration;

/// Timeouts and identification.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Limit for establishing a connection (DNS + TCP + TLS).
    pub connect_timeout: Duration,
    /// Limit for a whole request, body included.
    pub timeout: Duration,
    /// The `User-Agent` header (GitHub refuses requests without one).
    pub user_agent: String,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            user_agent: format!("Ampel-Desktop/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// How a request authenticates. The secret goes only into a header marked sensitive.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    /// `Authorization: Bearer <token>`.
    Bearer(&'a Secret),
    /// `Authorization: token <token>` (Gitea, GitHub legacy).
    Token(&'a Secret),
    /// `Authorization: Basic base64(user:token)`.
    Basic(&'a str, &'a Secret),
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The URL requested (before any same-origin redirect), for messages.
    pub url: Url,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A header as text, if present and printable.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The HTTP client.
#[derive(Debug, Clone)]
pub struct Http {
    client: reqwest::Client,
}

/// The largest answer body read (32 MiB, far above any real page of a forge's
/// API). A longer body is dropped as it streams in and the call fails with
/// [`ForgeError::AnswerTooLarge`]; nothing of it is kept.
pub const MAX_BODY: usize = 32 << 20;

/// Why one attempt produced no [`Reply`].
enum SendError {
    /// The transport failed.
    Http(reqwest::Error),
    /// The body was longer than [`MAX_BODY`].
    TooLarge,
}

impl From<reqwest::Error> for SendError {
    fn from(e: reqwest::Error) -> Self {
        SendError::Http(e)
    }
}

fn too_large(url: &Url) -> ForgeError {
    ForgeError::AnswerTooLarge {
        url: url.to_string(),
        limit_bytes: MAX_BODY as u64,
    }
}

/// At most this many same-origin redirects are followed.
const MAX_REDIRECTS: usize = 5;

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Follows a redirect only to the same origin (or an http→https upgrade of the same
/// host); anything else is returned to the caller as the 3xx response, so the
/// credential is never sent elsewhere.
fn redirect_policy(attempt: Attempt) -> reqwest::redirect::Action {
    let Some(prev) = attempt.previous().last().cloned() else {
        return attempt.stop();
    };
    let next = attempt.url().clone();
    let upgrade =
        prev.scheme() == "http" && next.scheme() == "https" && prev.host_str() == next.host_str();
    if attempt.previous().len() > MAX_REDIRECTS || !(same_origin(&prev, &next) || upgrade) {
        attempt.stop()
    } else {
        attempt.follow()
    }
}

impl Http {
    /// Builds the client.
    pub fn new(config: &HttpConfig) -> Result<Self, ForgeError> {
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .https_only(false) // loopback http is allowed; endpoint.rs enforces the rule
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .user_agent(config.user_agent.clone())
            .redirect(Policy::custom(redirect_policy))
            .build()
            .map_err(|_| ForgeError::Unreachable {
                url: String::new(),
                reason: Unreachable::Tls,
            })?;
        Ok(Http { client })
    }

    /// `GET url` with `auth` and `extra` headers. Retries once when the connection
    /// fails before an answer (GET is idempotent); never retries timeouts or answers.
    pub async fn get(
        &self,
        url: &Url,
        auth: Auth<'_>,
        extra: &[(&str, &str)],
    ) -> Result<Reply, ForgeError> {
        self.send(url, auth, extra, None).await
    }

    /// `POST url` with a JSON `body` (`content-type: application/json`), `auth` and
    /// `extra` headers. Only for read-only calls such as GraphQL queries: like
    /// [`Http::get`] it retries once when the connection fails before an answer.
    pub async fn post_json(
        &self,
        url: &Url,
        auth: Auth<'_>,
        extra: &[(&str, &str)],
        body: &serde_json::Value,
    ) -> Result<Reply, ForgeError> {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        self.send(url, auth, extra, Some(&bytes)).await
    }

    /// A write (`POST`/`PUT`, JSON body or none): sent exactly once, never retried,
    /// since a second try could approve, comment or merge twice.
    pub async fn write(
        &self,
        method: reqwest::Method,
        url: &Url,
        auth: Auth<'_>,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply, ForgeError> {
        let secret = match auth {
            Auth::Bearer(s) | Auth::Token(s) | Auth::Basic(_, s) => s,
        };
        let shown = crate::common::redact(url.as_str(), secret);
        let bytes = body.map(|b| serde_json::to_vec(b).unwrap_or_default());
        let extra = [("accept", "application/json")];
        match self
            .send_once(
                method.clone(),
                url,
                Some(auth),
                &extra,
                bytes.as_deref(),
                MAX_BODY,
            )
            .await
        {
            Ok(reply) => {
                tracing::debug!(%method, url = %shown, status = reply.status.as_u16(), "forge answered a write");
                Ok(reply)
            }
            Err(SendError::TooLarge) => Err(too_large(url)),
            Err(SendError::Http(e)) => Err(unreachable(url, &e)),
        }
    }

    /// GET (no body) or POST (JSON body), with one retry on connection failures.
    async fn send(
        &self,
        url: &Url,
        auth: Auth<'_>,
        extra: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<Reply, ForgeError> {
        let secret = match auth {
            Auth::Bearer(s) | Auth::Token(s) | Auth::Basic(_, s) => s,
        };
        // For log lines: the URL with the token masked (in case it was pasted into it).
        let shown = crate::common::redact(url.as_str(), secret);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let method = if body.is_some() {
                reqwest::Method::POST
            } else {
                reqwest::Method::GET
            };
            match self
                .send_once(method, url, Some(auth), extra, body, MAX_BODY)
                .await
            {
                Ok(reply) => {
                    tracing::debug!(url = %shown, status = reply.status.as_u16(), "forge answered");
                    return Ok(reply);
                }
                Err(SendError::Http(e)) if attempt == 1 && is_retryable(&e) => {
                    tracing::debug!(url = %shown, "connection failed, retrying once");
                }
                Err(SendError::TooLarge) => {
                    tracing::warn!(url = %shown, limit = MAX_BODY, "forge answer too large, dropped");
                    return Err(too_large(url));
                }
                Err(SendError::Http(e)) => return Err(unreachable(url, &e)),
            }
        }
    }

    /// `GET url` with no credential at all, its body capped at `cap` bytes, not
    /// retried: public resources such as avatars.
    pub async fn get_public(&self, url: &Url, cap: usize) -> Result<Reply, ForgeError> {
        match self
            .send_once(reqwest::Method::GET, url, None, &[], None, cap)
            .await
        {
            Ok(reply) => Ok(reply),
            Err(SendError::TooLarge) => Err(ForgeError::AnswerTooLarge {
                url: url.to_string(),
                limit_bytes: cap as u64,
            }),
            Err(SendError::Http(e)) => Err(unreachable(url, &e)),
        }
    }

    async fn send_once(
        &self,
        method: reqwest::Method,
        url: &Url,
        auth: Option<Auth<'_>>,
        extra: &[(&str, &str)],
        body: Option<&[u8]>,
        cap: usize,
    ) -> Result<Reply, SendError> {
        let mut req = self.client.request(method, url.clone());
        if let Some(json) = body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(json.to_vec());
        }
        req = match auth {
            None => req,
            Some(Auth::Bearer(s)) => req.bearer_auth(s.expose()),
            Some(Auth::Basic(user, s)) => req.basic_auth(user, Some(s.expose())),
            Some(Auth::Token(s)) => match HeaderValue::from_str(&format!("token {}", s.expose())) {
                Ok(mut v) => {
                    v.set_sensitive(true);
                    req.header(AUTHORIZATION, v)
                }
                // Unsendable characters: send nothing and let the forge answer 401.
                Err(_) => req,
            },
        };
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let mut resp = req.send().await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = read_capped(&mut resp, cap).await?;
        Ok(Reply {
            status,
            headers,
            url: url.clone(),
            body,
        })
    }
}

/// Reads the body chunk by chunk, giving up as soon as it would pass `cap` bytes
/// (a `Content-Length` above the cap is refused before any byte is read).
async fn read_capped(resp: &mut reqwest::Response, cap: usize) -> Result<Vec<u8>, SendError> {
    let announced = resp.content_length().unwrap_or(0);
    if announced > cap as u64 {
        return Err(SendError::TooLarge);
    }
    // Trust the announced length only as a hint, and only up to the cap.
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0).min(cap));
    while let Some(chunk) = resp.chunk().await? {
        if body.len() + chunk.len() > cap {
            return Err(SendError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn sources(e: &reqwest::Error) -> impl Iterator<Item = &(dyn StdError + 'static)> {
    std::iter::successors(e.source(), |s: &&(dyn StdError + 'static)| (*s).source())
}

/// Connection failures before any answer: refused, reset, closed before a response.
/// Timeouts and TLS failures are not retried: a second try would fail the same way.
fn is_retryable(e: &reqwest::Error) -> bool {
    let tls = sources(e).any(|s| {
        let text = s.to_string().to_ascii_lowercase();
        TLS_WORDS.iter().any(|w| text.contains(w))
    });
    if e.is_timeout() || tls {
        return false;
    }
    e.is_connect()
        || sources(e).any(|s| {
            s.downcast_ref::<hyper::Error>()
                .is_some_and(|h| h.is_incomplete_message() || h.is_canceled())
        })
}

/// Words rustls and hyper-rustls use in handshake and certificate errors.
const TLS_WORDS: [&str; 7] = [
    "certificate",
    "tls",
    "handshake",
    "corrupt message",
    "alert",
    "invalidcontenttype",
    "unknownissuer",
];

/// Maps a transport error to `unreachable` with the URL tried and a reason. The
/// text of the underlying error is inspected, never shown.
fn unreachable(url: &Url, e: &reqwest::Error) -> ForgeError {
    let chain: String = sources(e)
        .map(|s| s.to_string().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" | ");
    let refused = sources(e).any(|s| {
        s.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
    }) || chain.contains("connection refused");
    let reason = if e.is_timeout() || chain.contains("timed out") {
        Unreachable::Timeout
    } else if refused {
        Unreachable::Refused
    } else if chain.contains("dns") || chain.contains("lookup") || chain.contains("resolve") {
        Unreachable::Dns
    } else if TLS_WORDS.iter().any(|w| chain.contains(w)) {
        Unreachable::Tls
    } else {
        Unreachable::Connection
    };
    ForgeError::Unreachable {
        url: url.to_string(),
        reason,
    }
}
