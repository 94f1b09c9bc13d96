//! The coded errors a validation can end in: one variant per diagnosis the UI and
//! CLI branch on (`code()`), each with a message that never contains the token.

use crate::validation::Validation;
use ampel_core::{Provider, Secret};
use serde::Serialize;
use time::OffsetDateTime;

/// Why a host could not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unreachable {
    /// The host name does not resolve.
    Dns,
    /// Nothing listens on that port.
    Refused,
    /// No answer within the time limit.
    Timeout,
    /// The TLS handshake or certificate check failed.
    Tls,
    /// The connection broke for another reason.
    Connection,
}

impl Unreachable {
    fn describe(self) -> &'static str {
        match self {
            Unreachable::Dns => "the host name does not resolve (DNS)",
            Unreachable::Refused => "the connection was refused",
            Unreachable::Timeout => "no answer in time (timeout)",
            Unreachable::Tls => "the TLS handshake or certificate check failed",
            Unreachable::Connection => "the connection failed",
        }
    }
}

/// A validation failure. Serialises as `{"code": "...", ...fields}`; use
/// [`ForgeError::report`] to add the human message.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ForgeError {
    /// The forge refused the token (wrong, revoked, or expired where the forge does not say).
    #[error("{} refused the token: {detail}", .provider.display_name())]
    InvalidToken {
        /// The forge.
        provider: Provider,
        /// What the forge said and what to check.
        detail: String,
    },
    /// The token has expired.
    #[error("the {} token has expired; create a new one and replace it in Ampel", .provider.display_name())]
    TokenExpired {
        /// The forge.
        provider: Provider,
        /// When it expired, when known.
        #[serde(with = "time::serde::rfc3339::option")]
        expired_at: Option<OffsetDateTime>,
    },
    /// The token works but lacks a scope Ampel needs to read pull requests.
    #[error("the token lacks the scope(s) {} needed to {feature}; add them at {settings_url}", .missing.join(", "))]
    InsufficientScope {
        /// The forge.
        provider: Provider,
        /// The scopes (or permissions) to add.
        missing: Vec<String>,
        /// What they are needed for.
        feature: String,
        /// Where to add them.
        settings_url: String,
        /// What could be learnt anyway (identity, scopes, expiry), when anything.
        validation: Option<Box<Validation>>,
    },
    /// GitHub: the organisation enforces SAML SSO and the token is not authorised for it.
    #[error("the organisation requires SAML single sign-on: authorize the token{}", .authorize_url.as_ref().map(|u| format!(" at {u}")).unwrap_or_default())]
    SsoRequired {
        /// The URL GitHub gave in `X-GitHub-SSO`, when any.
        authorize_url: Option<String>,
    },
    /// The forge's rate limit is exhausted.
    #[error("{} rate limit reached; try again {}", .provider.display_name(), reset_text(.reset_at))]
    RateLimited {
        /// The forge.
        provider: Provider,
        /// When the limit resets, when known.
        #[serde(with = "time::serde::rfc3339::option")]
        reset_at: Option<OffsetDateTime>,
        /// `Retry-After` in seconds, when sent.
        retry_after_secs: Option<u64>,
    },
    /// The host could not be reached.
    #[error("cannot reach {url}: {}", .reason.describe())]
    Unreachable {
        /// The URL tried.
        url: String,
        /// DNS, refused, timeout, TLS or connection.
        reason: Unreachable,
    },
    /// Something answered, but not the forge's API (HTML, unexpected JSON, 404).
    #[error("no {} API at {url}: {detail}", .provider.display_name())]
    NotAForge {
        /// The forge expected.
        provider: Provider,
        /// The URL tried.
        url: String,
        /// What came back instead.
        detail: String,
    },
    /// The answer was longer than the cap (32 MiB): no forge's API sends that, so it
    /// is not read further and nothing of it is stored. Shares the `not_a_forge`
    /// code so every caller treats it as "something else answered".
    #[error("not a forge answer (too large): {url} sent more than {} MiB", .limit_bytes >> 20)]
    #[serde(rename = "not_a_forge")]
    AnswerTooLarge {
        /// The URL tried.
        url: String,
        /// The cap, in bytes.
        limit_bytes: u64,
    },
    /// Bitbucket app passwords no longer work; API tokens replace them.
    #[error("Bitbucket app passwords were removed on 2026-07-28 and no longer work. Create an API token with scopes at https://id.atlassian.com/manage-profile/security/api-tokens (choose Bitbucket; scopes read:user, read:workspace, read:repository, read:pullrequest) and sign in with your Atlassian account email as the username")]
    BitbucketAppPasswordRemoved {},
    /// The base URL cannot be used.
    #[error("bad base URL {input:?}: {detail}")]
    BadBaseUrl {
        /// What was entered (credentials removed, shortened).
        input: String,
        /// What is wrong and what to enter instead.
        detail: String,
    },
    /// A required username is missing (Bitbucket API tokens need the account email).
    #[error("{detail}")]
    MissingUsername {
        /// The forge.
        provider: Provider,
        /// What to enter.
        detail: String,
    },
    /// The forge refused access for a reason other than scopes (org policy, app token).
    #[error("{} refused access: {detail}", .provider.display_name())]
    Forbidden {
        /// The forge.
        provider: Provider,
        /// What the forge said.
        detail: String,
    },
    /// The forge failed (5xx).
    #[error("{} answered with a server error (HTTP {status}) at {url}; try again later", .provider.display_name())]
    ServerError {
        /// The forge.
        provider: Provider,
        /// The URL tried.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// A GraphQL query answered with errors (HTTP 200 and an `errors` array).
    #[error("{} answered the query with errors: {message}", .provider.display_name())]
    GraphQl {
        /// The forge.
        provider: Provider,
        /// The first error's message (never a token).
        message: String,
    },
}

fn reset_text(at: &Option<OffsetDateTime>) -> String {
    match at {
        Some(t) => {
            let fmt = time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            );
            format!(
                "after {}",
                t.to_offset(time::UtcOffset::UTC)
                    .format(fmt)
                    .unwrap_or_default()
            )
        }
        None => "later".to_string(),
    }
}

/// Which of three groups a failure belongs to, for exit codes and retry decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The credentials are wrong or not enough: the user must act on the token.
    Credentials,
    /// Network or forge trouble: retrying later may help.
    Network,
    /// What was entered cannot be used (base URL, username).
    Input,
}

impl ForgeError {
    /// The stable code the UI and CLI branch on.
    pub fn code(&self) -> &'static str {
        match self {
            ForgeError::InvalidToken { .. } => "invalid_token",
            ForgeError::TokenExpired { .. } => "token_expired",
            ForgeError::InsufficientScope { .. } => "insufficient_scope",
            ForgeError::SsoRequired { .. } => "sso_required",
            ForgeError::RateLimited { .. } => "rate_limited",
            ForgeError::Unreachable { .. } => "unreachable",
            ForgeError::NotAForge { .. } | ForgeError::AnswerTooLarge { .. } => "not_a_forge",
            ForgeError::BitbucketAppPasswordRemoved { .. } => "bitbucket_app_password_removed",
            ForgeError::BadBaseUrl { .. } => "bad_base_url",
            ForgeError::MissingUsername { .. } => "missing_username",
            ForgeError::Forbidden { .. } => "forbidden",
            ForgeError::ServerError { .. } => "server_error",
            ForgeError::GraphQl { .. } => "graphql_error",
        }
    }

    /// Credentials, network or input trouble.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ForgeError::InvalidToken { .. }
            | ForgeError::TokenExpired { .. }
            | ForgeError::InsufficientScope { .. }
            | ForgeError::SsoRequired { .. }
            | ForgeError::BitbucketAppPasswordRemoved { .. }
            | ForgeError::Forbidden { .. } => ErrorKind::Credentials,
            ForgeError::RateLimited { .. }
            | ForgeError::Unreachable { .. }
            | ForgeError::NotAForge { .. }
            | ForgeError::AnswerTooLarge { .. }
            | ForgeError::ServerError { .. }
            | ForgeError::GraphQl { .. } => ErrorKind::Network,
            ForgeError::BadBaseUrl { .. } | ForgeError::MissingUsername { .. } => ErrorKind::Input,
        }
    }

    /// The same error with `token` masked in every text field (a token pasted into
    /// the base URL would otherwise come back in `url` or `input`).
    pub fn redact(self, token: &Secret) -> Self {
        let r = |s: String| crate::common::redact(&s, token);
        match self {
            ForgeError::InvalidToken { provider, detail } => ForgeError::InvalidToken {
                provider,
                detail: r(detail),
            },
            ForgeError::InsufficientScope {
                provider,
                missing,
                feature,
                settings_url,
                validation,
            } => ForgeError::InsufficientScope {
                provider,
                missing,
                feature,
                settings_url: r(settings_url),
                validation: validation.map(|v| Box::new(v.redact(token))),
            },
            ForgeError::SsoRequired { authorize_url } => ForgeError::SsoRequired {
                authorize_url: authorize_url.map(r),
            },
            ForgeError::Unreachable { url, reason } => ForgeError::Unreachable {
                url: r(url),
                reason,
            },
            ForgeError::NotAForge {
                provider,
                url,
                detail,
            } => ForgeError::NotAForge {
                provider,
                url: r(url),
                detail: r(detail),
            },
            ForgeError::AnswerTooLarge { url, limit_bytes } => ForgeError::AnswerTooLarge {
                url: r(url),
                limit_bytes,
            },
            ForgeError::BadBaseUrl { input, detail } => ForgeError::BadBaseUrl {
                input: r(input),
                detail: r(detail),
            },
            ForgeError::MissingUsername { provider, detail } => ForgeError::MissingUsername {
                provider,
                detail: r(detail),
            },
            ForgeError::Forbidden { provider, detail } => ForgeError::Forbidden {
                provider,
                detail: r(detail),
            },
            ForgeError::ServerError {
                provider,
                url,
                status,
            } => ForgeError::ServerError {
                provider,
                url: r(url),
                status,
            },
            ForgeError::GraphQl { provider, message } => ForgeError::GraphQl {
                provider,
                message: r(message),
            },
            e @ (ForgeError::TokenExpired { .. }
            | ForgeError::RateLimited { .. }
            | ForgeError::BitbucketAppPasswordRemoved {}) => e,
        }
    }

    /// The error with its message and kind, ready for JSON.
    pub fn report(&self) -> ErrorReport {
        ErrorReport {
            message: self.to_string(),
            kind: self.kind(),
            error: self.clone(),
        }
    }
}

/// An error as JSON: `{"code", "message", "kind", ...fields}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorReport {
    /// The human message (no token, no stack trace).
    pub message: String,
    /// Credentials, network or input.
    pub kind: ErrorKind,
    /// The coded error; its `code` and fields are flattened in.
    #[serde(flatten)]
    pub error: ForgeError,
}
