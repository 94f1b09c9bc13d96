//! The result of a successful token check: who, what kind of token, which scopes,
//! what is missing, and when it expires — serialisable for the CLI and IPC.

use crate::scopes::ScopeCheck;
use crate::shape::ShapeWarning;
use ampel_core::Provider;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Who a token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Login / username / nickname.
    pub login: String,
    /// The forge's stable id for the account (number or UUID), as text.
    pub id: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
    /// Email, when the forge shares it.
    pub email: Option<String>,
}

/// What sort of credential was validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// GitHub personal access token (classic), `ghp_`.
    GithubClassic,
    /// GitHub fine-grained personal access token, `github_pat_`.
    GithubFineGrained,
    /// GitHub OAuth app token, `gho_`.
    GithubOauth,
    /// GitHub App user token, `ghu_`.
    GithubAppUser,
    /// GitHub App installation token, `ghs_`.
    GithubAppInstallation,
    /// GitLab personal access token.
    GitlabPersonal,
    /// GitLab project or group access token (a bot user).
    GitlabProjectOrGroup,
    /// A GitLab token that is not a PAT (OAuth…): scopes cannot be read.
    GitlabOther,
    /// Bitbucket API token (Basic with the Atlassian email).
    BitbucketApiToken,
    /// Bitbucket workspace access token.
    BitbucketWorkspaceAccessToken,
    /// Bitbucket project access token.
    BitbucketProjectAccessToken,
    /// Bitbucket repository access token.
    BitbucketRepositoryAccessToken,
    /// Gitea / Forgejo access token.
    GiteaToken,
    /// The forge did not say.
    Unknown,
}

/// The rate-limit budget the validation call reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: Option<u64>,
    /// Requests left.
    pub remaining: Option<u64>,
    /// When the window resets.
    #[serde(with = "time::serde::rfc3339::option")]
    pub reset_at: Option<OffsetDateTime>,
}

/// Everything a successful validation learnt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    /// The forge.
    pub provider: Provider,
    /// The API base URL used (after normalisation).
    pub api_url: String,
    /// The web address of the forge (for links).
    pub web_url: String,
    /// Who the token belongs to; `None` for Bitbucket access tokens (bots).
    pub identity: Option<Identity>,
    /// The token kind.
    pub token_kind: TokenKind,
    /// Scopes granted; `None` when the forge does not say (fine-grained GitHub, Gitea).
    pub scopes: Option<Vec<String>>,
    /// Per feature: the scopes that serve it and whether one is granted (`None`: unknown).
    pub checklist: Vec<ScopeCheck>,
    /// Scopes to add for reading pull requests (empty when none or unknown).
    pub missing_read: Vec<String>,
    /// Scopes to add for approve / merge / comment.
    pub missing_write: Vec<String>,
    /// When the token expires; `None` when it does not or the forge does not say.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// Where to manage the token and its scopes.
    pub settings_url: String,
    /// The rate-limit budget, when reported.
    pub rate_limit: Option<RateLimit>,
    /// The server version, when reported (GHES).
    pub server_version: Option<String>,
    /// Shape warnings from before the call.
    pub warnings: Vec<ShapeWarning>,
    /// Other things worth telling (scopes unknown, SSO partial results…).
    pub notes: Vec<String>,
    /// When the check ran.
    #[serde(with = "time::serde::rfc3339")]
    pub checked_at: OffsetDateTime,
}

impl Validation {
    /// The same validation with `token` masked in the URL and note fields.
    pub fn redact(mut self, token: &ampel_core::Secret) -> Self {
        let r = |s: &str| crate::common::redact(s, token);
        self.api_url = r(&self.api_url);
        self.web_url = r(&self.web_url);
        self.settings_url = r(&self.settings_url);
        self.notes = self.notes.iter().map(|n| r(n)).collect();
        self
    }

    /// Whole days until expiry (negative once expired), from `now`.
    pub fn expires_in_days(&self, now: OffsetDateTime) -> Option<i64> {
        self.expires_at.map(|at| (at - now).whole_days())
    }
}
