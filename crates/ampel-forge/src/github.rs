//! GitHub (github.com, GHE.com, GHES): one `GET /user` tells the owner, the classic
//! scopes (`X-OAuth-Scopes`, absent for fine-grained tokens), the expiry
//! (`GitHub-Authentication-Token-Expiration`, two formats), SSO and rate limits.

use crate::common;
use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use crate::forge::{draft, finish, BoxFuture, Context, Forge};
use crate::http::{Auth, Http, Reply};
use crate::validation::{Identity, TokenKind, Validation};
use ampel_core::{Provider, Secret};
use serde::Deserialize;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

/// The REST API version Ampel is written against.
pub const API_VERSION: &str = "2022-11-28";

/// GitHub client for one account.
pub struct Github {
    ctx: Context,
}

impl Github {
    pub(crate) fn new(ctx: Context) -> Self {
        Github { ctx }
    }
}

#[derive(Deserialize)]
struct User {
    login: String,
    id: u64,
    name: Option<String>,
    avatar_url: Option<String>,
    email: Option<String>,
}

/// The token kind its prefix announces (`None`: no known prefix).
fn kind_by_prefix(token: &str) -> Option<TokenKind> {
    Some(if token.starts_with("ghp_") {
        TokenKind::GithubClassic
    } else if token.starts_with("github_pat_") {
        TokenKind::GithubFineGrained
    } else if token.starts_with("gho_") {
        TokenKind::GithubOauth
    } else if token.starts_with("ghu_") {
        TokenKind::GithubAppUser
    } else if token.starts_with("ghs_") {
        TokenKind::GithubAppInstallation
    } else {
        return None;
    })
}

/// Parses `GitHub-Authentication-Token-Expiration` in either known form:
/// `2021-10-07 19:07:53 UTC` or `2023-04-26 20:23:26 +0200`.
pub fn parse_expiry(value: &str) -> Option<OffsetDateTime> {
    let v = value.trim();
    if let Some(stamp) = v.strip_suffix("UTC") {
        let fmt = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        return PrimitiveDateTime::parse(stamp.trim(), fmt)
            .ok()
            .map(|p| p.assume_utc());
    }
    let fmt = format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second] [offset_hour sign:mandatory][offset_minute]"
    );
    OffsetDateTime::parse(v, fmt).ok()
}

fn settings_url(ep: &Endpoints, kind: TokenKind) -> String {
    match kind {
        TokenKind::GithubFineGrained => format!("{}/settings/personal-access-tokens", ep.web),
        _ => format!("{}/settings/tokens", ep.web),
    }
}

impl Forge for Github {
    fn provider(&self) -> Provider {
        Provider::Github
    }

    fn endpoints(&self) -> &Endpoints {
        &self.ctx.endpoints
    }

    fn validate<'a>(
        &'a self,
        http: &'a Http,
        token: &'a Secret,
    ) -> BoxFuture<'a, Result<Validation, ForgeError>> {
        Box::pin(async move {
            let url = self.ctx.endpoints.api_url("/user")?;
            let headers = [
                ("accept", "application/vnd.github+json"),
                ("x-github-api-version", API_VERSION),
            ];
            let reply = http.get(&url, Auth::Bearer(token), &headers).await?;
            self.interpret(&reply, token)
        })
    }
}

impl Github {
    pub(crate) fn interpret(
        &self,
        reply: &Reply,
        token: &Secret,
    ) -> Result<Validation, ForgeError> {
        let p = Provider::Github;
        let now = OffsetDateTime::now_utc();
        let status = reply.status.as_u16();
        if status == 401 {
            return Err(common::refused(
                p,
                self.ctx.known_expiry,
                now,
                "GitHub answered 401 Bad credentials: the token is wrong, was revoked, or has \
                 expired (GitHub does not say which); check it at the token settings page"
                    .to_string(),
            ));
        }
        if status == 403 || status == 429 {
            if let Some(sso) = reply.header("x-github-sso") {
                if sso.starts_with("required") {
                    let url = sso.split_once("url=").map(|(_, u)| u.trim().to_string());
                    return Err(ForgeError::SsoRequired { authorize_url: url });
                }
            }
            if reply.header("x-ratelimit-remaining") == Some("0")
                || reply.header("retry-after").is_some()
                || status == 429
            {
                return Err(common::rate_limited(p, reply, "x-ratelimit-reset", now));
            }
            let detail = common::forge_message(reply, token);
            if let Some(perms) = reply.header("x-accepted-github-permissions") {
                return Err(ForgeError::InsufficientScope {
                    provider: p,
                    missing: perms.split(';').map(|s| s.trim().to_string()).collect(),
                    feature: "read the user".to_string(),
                    settings_url: settings_url(&self.ctx.endpoints, TokenKind::GithubFineGrained),
                    validation: None,
                });
            }
            return Err(ForgeError::Forbidden {
                provider: p,
                detail,
            });
        }
        common::expect_ok(p, reply, now)?;
        let user: User = common::parse_json(p, reply)?;
        let scopes = reply.header("x-oauth-scopes").map(|h| {
            h.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        });
        let kind = kind_by_prefix(token.expose()).unwrap_or(if scopes.is_some() {
            TokenKind::GithubClassic
        } else {
            TokenKind::Unknown
        });
        let mut v = draft(
            p,
            &self.ctx.endpoints,
            kind,
            settings_url(&self.ctx.endpoints, kind),
        );
        v.identity = Some(Identity {
            login: user.login,
            id: Some(user.id.to_string()),
            name: user.name.filter(|n| !n.is_empty()),
            avatar_url: user.avatar_url,
            email: user.email.filter(|e| !e.is_empty()),
        });
        // Fine-grained and app tokens send no X-OAuth-Scopes: scopes unknown, not none.
        v.scopes = match kind {
            TokenKind::GithubClassic | TokenKind::GithubOauth => Some(scopes.unwrap_or_default()),
            _ => scopes,
        };
        if v.scopes.is_none() {
            v.notes.push(
                "GitHub does not report the permissions of fine-grained and app tokens; make sure \
                 the token has Pull requests and Contents read access to the repositories you want"
                    .to_string(),
            );
        }
        v.expires_at = reply
            .header("github-authentication-token-expiration")
            .and_then(parse_expiry);
        v.rate_limit = common::budget(reply, "x-ratelimit-");
        v.server_version = reply
            .header("x-github-enterprise-version")
            .map(str::to_string);
        if let Some(sso) = reply
            .header("x-github-sso")
            .filter(|s| s.starts_with("partial-results"))
        {
            let n = sso
                .split_once("organizations=")
                .map_or(0, |(_, ids)| ids.split(',').count());
            v.notes.push(format!(
                "{n} organisation(s) require SAML SSO authorisation for this token; their pull \
                 requests stay hidden until you authorise it"
            ));
        }
        finish(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_parses_both_formats() {
        let utc = parse_expiry("2021-10-07 19:07:53 UTC").map(|t| t.unix_timestamp());
        assert_eq!(utc, Some(1_633_633_673));
        let off = parse_expiry("2023-04-26 20:23:26 +0200").map(|t| t.unix_timestamp());
        assert_eq!(off, Some(1_682_533_406));
        assert_eq!(parse_expiry("tomorrow"), None);
    }

    #[test]
    fn prefixes_map_to_kinds() {
        assert_eq!(kind_by_prefix("ghp_x"), Some(TokenKind::GithubClassic));
        assert_eq!(
            kind_by_prefix("github_pat_x"),
            Some(TokenKind::GithubFineGrained)
        );
        assert_eq!(kind_by_prefix("0123abcd"), None);
    }
}
