//! Checks for what people type about an account (name, base URL, username,
//! token), shared by the app's form and the CLI so both refuse the same input.

use crate::{Provider, Secret};
use std::net::IpAddr;
use zeroize::Zeroizing;

/// Longest friendly name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest token accepted, in bytes; real forge tokens are far shorter.
pub const MAX_TOKEN_BYTES: usize = 1024;
/// Longest username / email accepted, in characters.
pub const MAX_USERNAME_CHARS: usize = 254;
/// Longest base URL accepted, in bytes.
pub const MAX_URL_BYTES: usize = 2048;

/// How an account's token goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthKind {
    /// `Authorization: Bearer TOKEN` (GitHub, GitLab, Bitbucket access tokens).
    Bearer,
    /// `Authorization: Basic user:token` (Bitbucket API token with an email).
    Basic,
    /// `Authorization: token TOKEN` (Gitea / Forgejo).
    Token,
}

impl AuthKind {
    /// The stable id stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthKind::Bearer => "bearer",
            AuthKind::Basic => "basic",
            AuthKind::Token => "token",
        }
    }

    /// Parses [`AuthKind::as_str`] back.
    pub fn parse(s: &str) -> Option<AuthKind> {
        match s {
            "bearer" => Some(AuthKind::Bearer),
            "basic" => Some(AuthKind::Basic),
            "token" => Some(AuthKind::Token),
            _ => None,
        }
    }

    /// The auth kind a provider uses, given whether a username was supplied.
    pub fn for_provider(provider: Provider, has_username: bool) -> AuthKind {
        match provider {
            Provider::Github | Provider::Gitlab => AuthKind::Bearer,
            Provider::Bitbucket if has_username => AuthKind::Basic,
            Provider::Bitbucket => AuthKind::Bearer,
            Provider::Gitea => AuthKind::Token,
        }
    }
}

/// A refused piece of account input. Messages never echo a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InputError {
    /// Which field was refused: `name`, `token`, `base_url`, `username`, `provider`.
    pub field: &'static str,
    /// What is wrong, for people.
    pub reason: String,
}

impl InputError {
    fn new(field: &'static str, reason: impl Into<String>) -> Self {
        InputError {
            field,
            reason: reason.into(),
        }
    }

    /// The stable error code.
    pub fn code(&self) -> &'static str {
        "invalid_input"
    }
}

/// Trims and checks a friendly account name.
pub fn validate_name(raw: &str) -> Result<String, InputError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(InputError::new("name", "must not be empty"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(InputError::new(
            "name",
            format!("is longer than {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(InputError::new(
            "name",
            "must not contain control characters",
        ));
    }
    Ok(name.to_string())
}

/// Trims and checks an optional username / email; empty means none.
pub fn validate_username(raw: Option<&str>) -> Result<Option<String>, InputError> {
    let Some(user) = raw.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(None);
    };
    if user.chars().count() > MAX_USERNAME_CHARS {
        return Err(InputError::new(
            "username",
            format!("is longer than {MAX_USERNAME_CHARS} characters"),
        ));
    }
    if user.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(InputError::new(
            "username",
            "must not contain spaces or control characters",
        ));
    }
    Ok(Some(user.to_string()))
}

/// Turns typed or piped token text into a [`Secret`]: surrounding whitespace and
/// newlines are stripped; empty, oversized or control-character tokens are refused.
pub fn parse_token(raw: &str) -> Result<Secret, InputError> {
    let token = raw.trim();
    if token.is_empty() {
        return Err(InputError::new("token", "must not be empty"));
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(InputError::new(
            "token",
            format!("is longer than {MAX_TOKEN_BYTES} bytes; is this really a token?"),
        ));
    }
    if token.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(InputError::new(
            "token",
            "must not contain spaces, line breaks or control characters",
        ));
    }
    Ok(Secret::new(Zeroizing::new(token.to_string()).to_string()))
}

/// True when the text has the shape of a forge token (a known prefix and some
/// length), so a CLI can refuse it on the command line.
pub fn looks_like_token(s: &str) -> bool {
    const PREFIXES: [&str; 12] = [
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "glpat-",
        "gloas-",
        "ATATT",
        "ATCTT",
        "ATBB",
        "gldt-",
    ];
    let s = s.trim();
    let value = s.split_once('=').map_or(s, |(_, v)| v);
    value.len() >= 16 && PREFIXES.iter().any(|p| value.starts_with(p))
}

/// The base URL used when none is given, or `None` when the provider needs one.
pub fn default_base_url(provider: Provider) -> Option<&'static str> {
    match provider {
        Provider::Github => Some("https://github.com"),
        Provider::Gitlab => Some("https://gitlab.com"),
        Provider::Bitbucket => Some("https://bitbucket.org"),
        Provider::Gitea => None,
    }
}

/// Checks a base URL (or picks the provider's default) and returns it without a
/// trailing slash. Only `https`, or `http` on a loopback host; no user info,
/// query or fragment.
pub fn validate_base_url(provider: Provider, raw: Option<&str>) -> Result<String, InputError> {
    let raw = match raw.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => u,
        None => {
            return default_base_url(provider)
                .map(str::to_string)
                .ok_or_else(|| {
                    InputError::new(
                        "base_url",
                        format!("is required for {}", provider.display_name()),
                    )
                })
        }
    };
    if raw.len() > MAX_URL_BYTES {
        return Err(InputError::new("base_url", "is too long"));
    }
    if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(InputError::new(
            "base_url",
            "must not contain spaces or control characters",
        ));
    }
    let url = url::Url::parse(raw)
        .map_err(|e| InputError::new("base_url", format!("is not a valid URL ({e})")))?;
    let loopback = is_loopback(&url);
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(InputError::new(
                "base_url",
                "must use https:// (plain http is allowed only for localhost)",
            ))
        }
        other => {
            return Err(InputError::new(
                "base_url",
                format!("scheme {other:?} is not allowed; use https://"),
            ))
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(InputError::new("base_url", "has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(InputError::new(
            "base_url",
            "must not contain a user name or password; use the token field",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(InputError::new("base_url", "must not contain ? or #"));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// The one rule for plain `http://` (test, add, replace and sync all apply it): a
/// loopback IP literal (127.0.0.0/8, `[::1]`) or exactly `localhost`. Not
/// `*.localhost` nor `localhost.`: those go through the resolver, and a hosts entry
/// or DNS answer could send the token in clear to another machine.
pub fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bad_ones_refused() {
        assert_eq!(validate_name("  Work  ").as_deref(), Ok("Work"));
        for bad in ["", "   \t ", "a\u{7}b", "line\nbreak", &"n".repeat(10_000)] {
            let err = validate_name(bad).expect_err(bad);
            assert_eq!((err.field, err.code()), ("name", "invalid_input"));
        }
    }

    #[test]
    fn tokens_are_stripped_and_bad_ones_refused_without_echo() {
        let t = parse_token("ghp_abcdefghijklmnopqrstuvwxyz0123456789\n").expect("valid");
        assert_eq!(t.expose(), "ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        assert_eq!(
            parse_token("  glpat-xyz \r\n").expect("ok").expose(),
            "glpat-xyz"
        );
        let long = "x".repeat(10_000);
        for bad in [
            "",
            " \n\t ",
            "ghp_ab\u{0}cd",
            "ghp_ab cd",
            "ghp_\u{1b}[0m",
            long.as_str(),
        ] {
            let err = parse_token(bad).expect_err("refused");
            assert_eq!(err.field, "token");
            assert!(!err.to_string().contains("ghp_"), "no echo: {err}");
        }
    }

    #[test]
    fn usernames_are_optional_but_clean() {
        assert_eq!(validate_username(Some("  ")), Ok(None));
        assert_eq!(
            validate_username(Some(" me@x.org ")),
            Ok(Some("me@x.org".into()))
        );
        assert!(validate_username(Some("a b")).is_err());
        assert!(validate_username(Some(&"u".repeat(10_000))).is_err());
    }

    #[test]
    fn base_urls_are_checked() {
        let ok = |p, u| validate_base_url(p, Some(u));
        assert_eq!(
            ok(Provider::Gitlab, "https://git.example.com/"),
            Ok("https://git.example.com".into())
        );
        assert_eq!(
            ok(Provider::Gitea, "http://127.0.0.1:3000"),
            Ok("http://127.0.0.1:3000".into())
        );
        assert!(ok(Provider::Gitea, "http://localhost:8080/sub").is_ok());
        assert!(ok(Provider::Gitea, "http://[::1]:8080").is_ok());
        assert_eq!(
            validate_base_url(Provider::Github, None),
            Ok("https://github.com".into())
        );
        assert!(validate_base_url(Provider::Gitea, None).is_err());
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "https://:8080/x",
            "https://user:pw@git.example.com",
            "https://user@git.example.com",
            "http://git.example.com",
            // Names under .localhost (and a trailing dot) go through the resolver.
            "http://x.localhost",
            "http://x.localhost:8080",
            "http://localhost.:8080",
            "http://127.0.0.1.example.com",
            "ftp://git.example.com",
            "git.example.com",
            "https://git.example.com/\u{0}",
            "https://git.example.com/?q=1",
        ] {
            let err = ok(Provider::Gitea, bad).expect_err(bad);
            assert_eq!(err.field, "base_url", "{bad}");
        }
    }

    #[test]
    fn token_shapes_are_recognised_on_argv() {
        assert!(looks_like_token("ghp_abcdefghijklmnopqrstuvwxyz0123456789"));
        assert!(looks_like_token("--token=glpat-abcdefghijklmnop"));
        assert!(!looks_like_token("work-github"));
        assert!(!looks_like_token("ghp_"));
    }

    #[test]
    fn auth_kind_follows_provider() {
        assert_eq!(
            AuthKind::for_provider(Provider::Bitbucket, true),
            AuthKind::Basic
        );
        assert_eq!(
            AuthKind::for_provider(Provider::Bitbucket, false),
            AuthKind::Bearer
        );
        assert_eq!(
            AuthKind::for_provider(Provider::Gitea, false),
            AuthKind::Token
        );
        for k in [AuthKind::Bearer, AuthKind::Basic, AuthKind::Token] {
            assert_eq!(AuthKind::parse(k.as_str()), Some(k));
        }
    }
}
