//! One authenticated GET for the repository pages of any forge, with each forge's
//! refusals turned into coded errors: 401 (GitLab: expired / revoked), 403 (GitHub
//! SSO and rate limits; missing scopes as GitLab, Bitbucket and Gitea word them),
//! then the answers every forge gives alike (429, 5xx, HTML, redirects elsewhere).

use crate::common;
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::{Auth, Http, Reply};
use ampel_core::{Provider, Secret};
use serde::de::DeserializeOwned;
use time::OffsetDateTime;
use url::Url;

/// What the picker needs the token for, in scope errors.
const FEATURE: &str = "list repositories";

/// The reader for one page request.
pub(super) struct Reader<'a> {
    pub provider: Provider,
    pub ctx: &'a Context,
    pub http: &'a Http,
    pub token: &'a Secret,
}

impl Reader<'_> {
    /// `GET url` answered 200, or the coded error for what came back.
    pub async fn get(&self, url: &Url) -> Result<Reply, ForgeError> {
        let reply = match self.provider {
            Provider::Github => {
                let headers = [
                    ("accept", "application/vnd.github+json"),
                    ("x-github-api-version", crate::github::API_VERSION),
                ];
                self.http
                    .get(url, Auth::Bearer(self.token), &headers)
                    .await?
            }
            Provider::Gitlab => self.http.get(url, Auth::Bearer(self.token), &[]).await?,
            Provider::Bitbucket => {
                let accept = [("accept", "application/json")];
                match self.bitbucket_user()? {
                    Some(user) => {
                        self.http
                            .get(url, Auth::Basic(user, self.token), &accept)
                            .await?
                    }
                    None => {
                        self.http
                            .get(url, Auth::Bearer(self.token), &accept)
                            .await?
                    }
                }
            }
            Provider::Gitea => {
                let accept = [("accept", "application/json")];
                self.http.get(url, Auth::Token(self.token), &accept).await?
            }
        };
        self.check(&reply)?;
        Ok(reply)
    }

    /// `GET url` parsed as `T`.
    pub async fn json<T: DeserializeOwned>(&self, url: &Url) -> Result<(T, Reply), ForgeError> {
        let reply = self.get(url).await?;
        let value = common::parse_json(self.provider, &reply)?;
        Ok((value, reply))
    }

    /// Bitbucket authenticates with Basic when a username is set, else Bearer
    /// (access tokens); an API token (`ATATT…`) needs the account email.
    fn bitbucket_user(&self) -> Result<Option<&str>, ForgeError> {
        let user = self
            .ctx
            .username
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        if user.is_none() && self.token.expose().starts_with("ATATT") {
            return Err(ForgeError::MissingUsername {
                provider: Provider::Bitbucket,
                detail: "Bitbucket API tokens (ATATT…) need your Atlassian account email as the \
                         username"
                    .to_string(),
            });
        }
        Ok(user)
    }

    fn check(&self, reply: &Reply) -> Result<(), ForgeError> {
        let now = OffsetDateTime::now_utc();
        match reply.status.as_u16() {
            401 => return Err(self.unauthorized(reply, now)),
            403 => return Err(self.forbidden(reply, now)),
            429 if self.provider == Provider::Github => {
                return Err(common::rate_limited(
                    self.provider,
                    reply,
                    "x-ratelimit-reset",
                    now,
                ))
            }
            _ => {}
        }
        common::expect_ok(self.provider, reply, now)
    }

    fn unauthorized(&self, reply: &Reply, now: OffsetDateTime) -> ForgeError {
        let p = self.provider;
        let said = common::forge_message(reply, self.token);
        let lower = said.to_ascii_lowercase();
        if p == Provider::Gitlab && lower.contains("expired") {
            return ForgeError::TokenExpired {
                provider: p,
                expired_at: self.ctx.known_expiry,
            };
        }
        let detail = match p {
            Provider::Gitlab if lower.contains("revoked") => {
                "GitLab says the token was revoked; create a new one".to_string()
            }
            Provider::Github => "GitHub answered 401 Bad credentials while listing \
                                 repositories: the token is wrong, was revoked, or has expired"
                .to_string(),
            _ => format!(
                "{} answered 401 ({said}) while listing repositories: the token is wrong, \
                 expired or revoked",
                p.display_name()
            ),
        };
        common::refused(p, self.ctx.known_expiry, now, detail)
    }

    fn forbidden(&self, reply: &Reply, now: OffsetDateTime) -> ForgeError {
        let p = self.provider;
        let said = common::forge_message(reply, self.token);
        let body: serde_json::Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        let web = &self.ctx.endpoints.web;
        let scope = |missing: Vec<String>, settings_url: String| ForgeError::InsufficientScope {
            provider: p,
            missing,
            feature: FEATURE.to_string(),
            settings_url,
            validation: None,
        };
        match p {
            Provider::Github => {
                if let Some(sso) = reply.header("x-github-sso") {
                    if sso.starts_with("required") {
                        let url = sso.split_once("url=").map(|(_, u)| u.trim().to_string());
                        return ForgeError::SsoRequired { authorize_url: url };
                    }
                }
                if reply.header("x-ratelimit-remaining") == Some("0")
                    || reply.header("retry-after").is_some()
                    || said.to_ascii_lowercase().contains("rate limit")
                {
                    return common::rate_limited(p, reply, "x-ratelimit-reset", now);
                }
            }
            Provider::Gitlab => {
                if body.get("error").and_then(|e| e.as_str()) == Some("insufficient_scope") {
                    return scope(
                        vec!["read_api".to_string()],
                        format!("{web}/-/user_settings/personal_access_tokens"),
                    );
                }
            }
            Provider::Bitbucket => {
                let required: Vec<String> = body
                    .pointer("/error/detail/required")
                    .and_then(|r| r.as_array())
                    .map(|a| {
                        a.iter()
                            .filter_map(|s| s.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                if !required.is_empty() {
                    return scope(required, crate::bitbucket::API_TOKEN_SETTINGS.to_string());
                }
            }
            Provider::Gitea => {
                let missing = crate::gitea::missing_scopes(&said);
                if said.contains("scope") && !missing.is_empty() {
                    return scope(missing, format!("{web}/user/settings/applications"));
                }
            }
        }
        ForgeError::Forbidden {
            provider: p,
            detail: said,
        }
    }
}
