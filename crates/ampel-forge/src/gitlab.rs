//! GitLab (gitlab.com and self-managed): `GET /user` and
//! `GET /personal_access_tokens/self` in parallel — one round trip for the owner,
//! scopes, expiry and state; non-PAT tokens get 400 from the second.

use crate::common;
use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use crate::forge::{draft, finish, BoxFuture, Context, Forge};
use crate::http::{Auth, Http, Reply};
use crate::validation::{Identity, TokenKind, Validation};
use ampel_core::{Provider, Secret};
use serde::Deserialize;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

/// GitLab client for one account.
pub struct Gitlab {
    ctx: Context,
}

impl Gitlab {
    pub(crate) fn new(ctx: Context) -> Self {
        Gitlab { ctx }
    }
}

#[derive(Deserialize)]
struct User {
    id: u64,
    username: String,
    name: Option<String>,
    avatar_url: Option<String>,
    email: Option<String>,
    public_email: Option<String>,
    #[serde(default)]
    bot: bool,
}

#[derive(Deserialize)]
struct TokenSelf {
    #[serde(default)]
    scopes: Vec<String>,
    expires_at: Option<String>,
    #[serde(default)]
    revoked: bool,
    active: Option<bool>,
}

fn settings_url(ep: &Endpoints) -> String {
    format!("{}/-/user_settings/personal_access_tokens", ep.web)
}

/// `expires_at` is a date; GitLab expires tokens at midnight UTC of that date.
pub(crate) fn parse_date(s: &str) -> Option<OffsetDateTime> {
    Date::parse(s, format_description!("[year]-[month]-[day]"))
        .ok()
        .map(|d| d.midnight().assume_utc())
}

impl Forge for Gitlab {
    fn provider(&self) -> Provider {
        Provider::Gitlab
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
            let user_url = self.ctx.endpoints.api_url("/user")?;
            let self_url = self.ctx.endpoints.api_url("/personal_access_tokens/self")?;
            let (user, me) = tokio::join!(
                http.get(&user_url, Auth::Bearer(token), &[]),
                http.get(&self_url, Auth::Bearer(token), &[]),
            );
            self.interpret(&user?, me.ok(), token)
        })
    }
}

impl Gitlab {
    pub(crate) fn interpret(
        &self,
        user: &Reply,
        me: Option<Reply>,
        token: &Secret,
    ) -> Result<Validation, ForgeError> {
        let p = Provider::Gitlab;
        let now = OffsetDateTime::now_utc();
        let ep = &self.ctx.endpoints;
        // What /personal_access_tokens/self said, when it answered 200 with JSON.
        let info: Option<TokenSelf> = me
            .as_ref()
            .filter(|r| r.status.as_u16() == 200)
            .and_then(|r| common::parse_json(p, r).ok());
        let not_pat = me.as_ref().is_some_and(|r| r.status.as_u16() == 400);
        match user.status.as_u16() {
            401 => {
                let detail = common::forge_message(user, token);
                let lower = detail.to_ascii_lowercase();
                if lower.contains("expired") {
                    return Err(ForgeError::TokenExpired {
                        provider: p,
                        expired_at: self.ctx.known_expiry,
                    });
                }
                let detail = if lower.contains("revoked") {
                    "GitLab says the token was revoked; create a new one".to_string()
                } else {
                    format!("GitLab answered 401 ({detail}): the token is wrong or was deleted")
                };
                return Err(common::refused(p, self.ctx.known_expiry, now, detail));
            }
            403 => {
                let body: serde_json::Value =
                    serde_json::from_slice(&user.body).unwrap_or_default();
                if body.get("error").and_then(|e| e.as_str()) == Some("insufficient_scope") {
                    let kind = if not_pat {
                        TokenKind::GitlabOther
                    } else {
                        TokenKind::GitlabPersonal
                    };
                    let mut v = draft(p, ep, kind, settings_url(ep));
                    if let Some(i) = &info {
                        v.scopes = Some(i.scopes.clone());
                        v.expires_at = i.expires_at.as_deref().and_then(parse_date);
                    }
                    return Err(ForgeError::InsufficientScope {
                        provider: p,
                        missing: vec!["read_api".to_string()],
                        feature: "read the user and merge requests".to_string(),
                        settings_url: settings_url(ep),
                        validation: Some(Box::new(v)),
                    });
                }
                let detail = common::forge_message(user, token);
                return Err(ForgeError::Forbidden {
                    provider: p,
                    detail,
                });
            }
            _ => {}
        }
        common::expect_ok(p, user, now)?;
        let u: User = common::parse_json(p, user)?;
        let kind = match (&info, u.bot) {
            (_, true) => TokenKind::GitlabProjectOrGroup,
            (Some(_), false) => TokenKind::GitlabPersonal,
            (None, false) if not_pat => TokenKind::GitlabOther,
            (None, false) => TokenKind::GitlabPersonal,
        };
        let mut v = draft(p, ep, kind, settings_url(ep));
        v.identity = Some(Identity {
            login: u.username,
            id: Some(u.id.to_string()),
            name: u.name.filter(|n| !n.is_empty()),
            avatar_url: u.avatar_url,
            email: u.email.or(u.public_email).filter(|e| !e.is_empty()),
        });
        v.rate_limit = common::budget(user, "ratelimit-");
        match info {
            Some(i) => {
                if i.revoked || i.active == Some(false) {
                    let expired = i
                        .expires_at
                        .as_deref()
                        .and_then(parse_date)
                        .filter(|t| *t <= now);
                    return Err(match expired {
                        Some(at) => ForgeError::TokenExpired {
                            provider: p,
                            expired_at: Some(at),
                        },
                        None => ForgeError::InvalidToken {
                            provider: p,
                            detail: "GitLab reports the token as revoked or inactive".to_string(),
                        },
                    });
                }
                v.scopes = Some(i.scopes);
                v.expires_at = i.expires_at.as_deref().and_then(parse_date);
            }
            None if not_pat => v.notes.push(
                "this is not a personal, project or group access token (OAuth or another kind); \
                 GitLab does not report its scopes"
                    .to_string(),
            ),
            None => v.notes.push(
                "GitLab did not report the token's scopes (personal_access_tokens/self needs \
                 GitLab 15.5 or later)"
                    .to_string(),
            ),
        }
        finish(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_date_is_midnight_utc() {
        let t = parse_date("2026-12-10").map(|t| t.unix_timestamp());
        assert_eq!(t, Some(1_796_860_800));
    }

    #[test]
    fn days_left_of_a_date_only_expiry_around_midnight_and_noon() {
        use time::macros::datetime;
        let at = parse_date("2026-12-06");
        let left = |now: OffsetDateTime| at.map(|at| (at - now).whole_days());
        assert_eq!(left(datetime!(2026-11-30 23:55 UTC)), Some(5));
        assert_eq!(left(datetime!(2026-12-01 00:05 UTC)), Some(4));
        assert_eq!(left(datetime!(2026-12-01 11:55 UTC)), Some(4));
        assert_eq!(left(datetime!(2026-12-01 12:05 UTC)), Some(4));
        assert_eq!(left(datetime!(2026-12-05 23:55 UTC)), Some(0));
        assert_eq!(left(datetime!(2026-12-06 00:05 UTC)), Some(0));
        assert!(at.is_some_and(|at| at <= datetime!(2026-12-06 00:00 UTC)));
    }
}
