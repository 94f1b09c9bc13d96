//! The tokens a fake forge accepts, with the owner, kind, scopes and expiry that
//! decide how each forge answers.

use ampel_core::Provider;
use time::OffsetDateTime;

/// What sort of credential a fake token is; decides headers and error shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// GitHub personal access token (classic): sends `X-OAuth-Scopes`.
    GithubClassic,
    /// GitHub fine-grained personal access token: no scopes header.
    GithubFineGrained,
    /// GitHub App installation token (`ghs_`): `/user` answers 403.
    GithubAppInstallation,
    /// GitLab personal, project or group access token.
    GitlabPersonal,
    /// GitLab OAuth token: `/personal_access_tokens/self` answers 400.
    GitlabOauth,
    /// Bitbucket API token: Basic with the Atlassian account email.
    BitbucketApiToken {
        /// The Atlassian account email the token belongs to.
        email: String,
    },
    /// Bitbucket repository/project/workspace access token: Bearer; `/user` answers 403.
    BitbucketAccessToken {
        /// `repo_access_token`, `project_access_token` or `workspace_access_token`.
        credential_type: String,
    },
    /// A Bitbucket app password (removed 2026-07-28): always refused.
    BitbucketAppPassword {
        /// The Bitbucket username it was paired with.
        username: String,
    },
    /// A Gitea / Forgejo access token.
    GiteaToken,
}

/// The account a token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeUser {
    /// Numeric id.
    pub id: u64,
    /// Login / username / nickname.
    pub login: String,
    /// Display name.
    pub name: String,
    /// Public email.
    pub email: String,
}

impl FakeUser {
    /// A user with a name and email derived from the login.
    pub fn new(id: u64, login: &str) -> Self {
        FakeUser {
            id,
            login: login.to_string(),
            name: format!("{} Example", capitalise(login)),
            email: format!("{login}@example.com"),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A token the fake forge accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeToken {
    /// The forge that accepts it.
    pub provider: Provider,
    /// The token value, compared exactly.
    pub value: String,
    /// Its kind.
    pub kind: TokenKind,
    /// Its owner.
    pub user: FakeUser,
    /// Granted scopes, in the forge's own names.
    pub scopes: Vec<String>,
    /// When it expires; past dates make the forge refuse it as expired.
    pub expires_at: Option<OffsetDateTime>,
    /// Revoked tokens are refused (GitLab says so).
    pub revoked: bool,
    /// The avatar URL GitHub's `/user` answers instead of the usual one (a
    /// self-hosted `http://` one, a 404), for the UI's fallback.
    pub avatar: Option<String>,
}

impl FakeToken {
    fn new(provider: Provider, value: &str, kind: TokenKind, login: &str, scopes: &[&str]) -> Self {
        FakeToken {
            provider,
            value: value.to_string(),
            kind,
            user: FakeUser::new(1000 + login.len() as u64, login),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            expires_at: None,
            revoked: false,
            avatar: None,
        }
    }

    /// A classic GitHub PAT with these scopes.
    pub fn github_classic(value: &str, login: &str, scopes: &[&str]) -> Self {
        Self::new(
            Provider::Github,
            value,
            TokenKind::GithubClassic,
            login,
            scopes,
        )
    }

    /// A fine-grained GitHub PAT (its permissions are invisible to clients).
    pub fn github_fine_grained(value: &str, login: &str) -> Self {
        Self::new(
            Provider::Github,
            value,
            TokenKind::GithubFineGrained,
            login,
            &[],
        )
    }

    /// A GitHub App installation token.
    pub fn github_app_installation(value: &str) -> Self {
        Self::new(
            Provider::Github,
            value,
            TokenKind::GithubAppInstallation,
            "ampel-app[bot]",
            &[],
        )
    }

    /// A GitLab personal access token with these scopes.
    pub fn gitlab_pat(value: &str, login: &str, scopes: &[&str]) -> Self {
        Self::new(
            Provider::Gitlab,
            value,
            TokenKind::GitlabPersonal,
            login,
            scopes,
        )
    }

    /// A GitLab OAuth access token with these scopes.
    pub fn gitlab_oauth(value: &str, login: &str, scopes: &[&str]) -> Self {
        Self::new(
            Provider::Gitlab,
            value,
            TokenKind::GitlabOauth,
            login,
            scopes,
        )
    }

    /// A Bitbucket API token for the Atlassian account `email`.
    pub fn bitbucket_api_token(value: &str, email: &str, nickname: &str, scopes: &[&str]) -> Self {
        let kind = TokenKind::BitbucketApiToken {
            email: email.to_string(),
        };
        let mut t = Self::new(Provider::Bitbucket, value, kind, nickname, scopes);
        t.user.email = email.to_string();
        t
    }

    /// A Bitbucket access token of `credential_type` (e.g. `repo_access_token`).
    pub fn bitbucket_access_token(value: &str, credential_type: &str, scopes: &[&str]) -> Self {
        let kind = TokenKind::BitbucketAccessToken {
            credential_type: credential_type.to_string(),
        };
        Self::new(Provider::Bitbucket, value, kind, "access-token-bot", scopes)
    }

    /// A Bitbucket app password for `username`; always refused (removed by Atlassian).
    pub fn bitbucket_app_password(value: &str, username: &str) -> Self {
        let kind = TokenKind::BitbucketAppPassword {
            username: username.to_string(),
        };
        Self::new(Provider::Bitbucket, value, kind, username, &[])
    }

    /// A Gitea / Forgejo token with these scopes (`read:user`, `all`…).
    pub fn gitea(value: &str, login: &str, scopes: &[&str]) -> Self {
        Self::new(Provider::Gitea, value, TokenKind::GiteaToken, login, scopes)
    }

    /// Sets the expiry.
    pub fn expires_at(mut self, at: OffsetDateTime) -> Self {
        self.expires_at = Some(at);
        self
    }

    /// Marks the token revoked.
    pub fn revoked(mut self) -> Self {
        self.revoked = true;
        self
    }

    /// Answers this avatar URL for the owner (GitHub).
    pub fn avatar(mut self, url: &str) -> Self {
        self.avatar = Some(url.to_string());
        self
    }

    /// Replaces the owner.
    pub fn user(mut self, user: FakeUser) -> Self {
        self.user = user;
        self
    }

    /// The instant the forge stops accepting the token: GitLab keeps only the
    /// date of `expires_at` and expires the token at 00:00 UTC on that date.
    pub fn effective_expiry(&self) -> Option<OffsetDateTime> {
        match self.provider {
            Provider::Gitlab => self.expires_at.map(|at| {
                at.to_offset(time::UtcOffset::UTC)
                    .date()
                    .midnight()
                    .assume_utc()
            }),
            _ => self.expires_at,
        }
    }

    /// True when the expiry has passed.
    pub fn is_expired(&self) -> bool {
        self.effective_expiry()
            .is_some_and(|at| at <= OffsetDateTime::now_utc())
    }

    /// True when any of `wanted` was granted.
    pub fn has_any_scope(&self, wanted: &[&str]) -> bool {
        self.scopes.iter().any(|s| wanted.contains(&s.as_str()))
    }

    /// A stable avatar URL for the owner.
    pub fn avatar_url(&self, host: &str) -> String {
        format!("{host}/avatars/{}.png", self.user.id)
    }
}
