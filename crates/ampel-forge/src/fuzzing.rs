//! Entry points for the fuzz targets in `fuzz/` (feature `fuzzing`, off in every
//! normal build): each turns raw bytes into what the real client code parses, so
//! the harness calls the crate's parsers instead of copying them.
//!
//! A fuzz input is framed like an HTTP answer as `curl -i` prints it (so seeds are
//! the fake forge's real answers): a status line (`HTTP/1.1 200 OK`, or a bare
//! number), header lines, a blank line, the body. Inputs made of several answers
//! or bodies separate them with [`SEPARATOR`].

use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use crate::http::Reply;
use crate::validation::{RateLimit, Validation};
use crate::AccountSpec;
use ampel_core::{Provider, Secret};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use time::OffsetDateTime;
use url::Url;

pub use crate::list::fuzz as list;
pub use crate::repos::fuzz as repos;
pub use crate::shape::check as token_shape;

/// Separates the answers (or bodies) of a multi-part input.
pub const SEPARATOR: &[u8] = b"\n=====\n";

/// The token every entry point authenticates with (never sent anywhere).
pub const TOKEN: &str = "ghp_FUZZTOKEN0123456789abcdefghijklmnopq";

/// The parts of `data` between separators.
pub fn parts(data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        out.push(&rest[..at]);
        rest = &rest[at + SEPARATOR.len()..];
    }
    out.push(rest);
    out
}

/// `data` read as an HTTP answer to a request for `url`; lines that are not valid
/// headers are skipped, a missing or unreadable status is 200.
pub fn reply(data: &[u8], url: &Url) -> Reply {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => match data.windows(4).position(|w| w == b"\r\n\r\n") {
            Some(at) => (&data[..at], &data[at + 4..]),
            None => (&data[..0], data),
        },
    };
    let mut lines = head
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let status_line = String::from_utf8_lossy(lines.next().unwrap_or_default()).into_owned();
    let code = status_line
        .split_whitespace()
        .find_map(|w| w.parse::<u16>().ok())
        .and_then(|c| StatusCode::from_u16(c).ok())
        .unwrap_or(StatusCode::OK);
    let mut headers = HeaderMap::new();
    for line in lines {
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        let name = HeaderName::from_bytes(line[..colon].trim_ascii());
        let value = HeaderValue::from_bytes(line[colon + 1..].trim_ascii());
        if let (Ok(n), Ok(v)) = (name, value) {
            headers.append(n, v);
        }
    }
    Reply {
        status: code,
        headers,
        url: url.clone(),
        body: body.to_vec(),
    }
}

/// The base URL each forge's account uses in the entry points (`None`: the cloud).
pub fn base_url(provider: Provider) -> Option<&'static str> {
    match provider {
        Provider::Github | Provider::Bitbucket => None,
        Provider::Gitlab => Some("https://gitlab.fuzz.example"),
        Provider::Gitea => Some("https://gitea.fuzz.example"),
    }
}

/// The account spec of `provider` in the entry points.
pub fn spec(provider: Provider, username: Option<&str>) -> AccountSpec {
    AccountSpec {
        provider,
        base_url: base_url(provider).map(str::to_string),
        username: username.map(str::to_string),
        last_known_expiry: None,
    }
}

/// The endpoints of `provider`'s account in the entry points.
pub fn endpoints(provider: Provider) -> Endpoints {
    crate::endpoint::resolve(provider, base_url(provider))
        .unwrap_or_else(|e| unreachable!("the fuzz base URL resolves: {e}"))
}

/// `{api}{path}` of `provider`'s account.
pub fn api_url(provider: Provider, path: &str) -> Url {
    endpoints(provider)
        .api_url(path)
        .unwrap_or_else(|e| unreachable!("the fuzz API URL parses: {e}"))
}

/// A token check as each forge's validation reads its answers. GitLab reads two:
/// `/user`, then `/personal_access_tokens/self` (absent: that request failed).
/// Bitbucket's `mode` picks how the request authenticated: 0 the email (API
/// token), 1 a legacy username, else Bearer (an access token).
pub fn validate(provider: Provider, data: &[u8], mode: u8) -> Result<Validation, ForgeError> {
    let token = Secret::new(TOKEN.to_string());
    let username = match (provider, mode % 3) {
        (Provider::Bitbucket, 0) => Some("me@fuzz.example"),
        (Provider::Bitbucket, 1) => Some("legacy-user"),
        _ => None,
    };
    let ctx = crate::context(&spec(provider, username))?;
    let answers = parts(data);
    let first = reply(answers[0], &api_url(provider, "/user"));
    match provider {
        Provider::Github => crate::github::Github::new(ctx).interpret(&first, &token),
        Provider::Gitlab => {
            let me = answers
                .get(1)
                .map(|d| reply(d, &api_url(provider, "/personal_access_tokens/self")));
            crate::gitlab::Gitlab::new(ctx).interpret(&first, me, &token)
        }
        Provider::Bitbucket => {
            let mode = match username {
                Some(u) if u.contains('@') => crate::bitbucket::Mode::Email(u),
                Some(u) => crate::bitbucket::Mode::LegacyUsername(u),
                None => crate::bitbucket::Mode::Bearer,
            };
            crate::bitbucket::Bitbucket::new(ctx).interpret(&first, &mode, &token)
        }
        Provider::Gitea => crate::gitea::Gitea::new(ctx).interpret(&first, &token),
    }
}

/// What the headers of one answer say about limits and expiry.
#[derive(Debug)]
pub struct Limits {
    /// `Retry-After` as seconds and an instant.
    pub retry_after: (Option<u64>, Option<OffsetDateTime>),
    /// The rate-limit error each forge would report for this answer.
    pub rate_limited: Vec<ForgeError>,
    /// The budget from `X-RateLimit-*` and from `RateLimit-*`.
    pub budgets: [Option<RateLimit>; 2],
    /// GitHub's `GitHub-Authentication-Token-Expiration`.
    pub github_expiry: Option<OffsetDateTime>,
    /// A GitLab `expires_at` date taken from the body.
    pub gitlab_expiry: Option<OffsetDateTime>,
    /// The failure every forge reads alike (redirect, 404, 429, 5xx, HTML), per forge.
    pub generic: Vec<Option<ForgeError>>,
    /// The forge's message from the body, token masked.
    pub message: String,
}

/// Reads every limit, expiry and generic failure an answer's headers carry, at `now`.
pub fn limits(data: &[u8], now: OffsetDateTime) -> Limits {
    let r = reply(data, &api_url(Provider::Gitlab, "/merge_requests"));
    let token = Secret::new(TOKEN.to_string());
    let body_text = String::from_utf8_lossy(&r.body);
    Limits {
        retry_after: crate::common::retry_after(&r, now),
        rate_limited: ["x-ratelimit-reset", "ratelimit-reset"]
            .iter()
            .flat_map(|h| Provider::ALL.map(|p| crate::common::rate_limited(p, &r, h, now)))
            .collect(),
        budgets: [
            crate::common::budget(&r, "x-ratelimit-"),
            crate::common::budget(&r, "ratelimit-"),
        ],
        github_expiry: r
            .header("github-authentication-token-expiration")
            .and_then(crate::github::parse_expiry),
        gitlab_expiry: crate::gitlab::parse_date(body_text.trim()),
        generic: Provider::ALL
            .map(|p| crate::common::generic_failure(p, &r, now))
            .into(),
        message: crate::common::forge_message(&r, &token),
    }
}

/// A pasted base URL resolved for `provider`.
pub fn resolve(provider: Provider, input: &str) -> Result<Endpoints, ForgeError> {
    crate::endpoint::resolve(provider, Some(input))
}
