//! Gitea / Forgejo / Codeberg: one `GET /api/v1/user` with `Authorization: token`.
//! Gitea reports no scopes; a missing one shows up only in a 403 message, which is
//! parsed to name it.

use crate::common;
use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use crate::forge::{draft, finish, BoxFuture, Context, Forge};
use crate::http::{Auth, Http, Reply};
use crate::validation::{Identity, TokenKind, Validation};
use ampel_core::{Provider, Secret};
use serde::Deserialize;
use time::OffsetDateTime;

/// Gitea client for one account.
pub struct Gitea {
    ctx: Context,
}

impl Gitea {
    pub(crate) fn new(ctx: Context) -> Self {
        Gitea { ctx }
    }
}

#[derive(Deserialize)]
struct User {
    id: u64,
    login: String,
    full_name: Option<String>,
    avatar_url: Option<String>,
    email: Option<String>,
}

fn settings_url(ep: &Endpoints) -> String {
    format!("{}/user/settings/applications", ep.web)
}

/// The scopes named in Gitea's 403 message
/// `token does not have at least one of required scope(s): [read:user]`
/// (older versions: `…, required=[read:user], token scope=…`).
pub fn missing_scopes(message: &str) -> Vec<String> {
    let Some(start) = message.find('[') else {
        return Vec::new();
    };
    let rest = &message[start + 1..];
    let Some(end) = rest.find(']') else {
        return Vec::new();
    };
    rest[..end]
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| s.contains(':') || *s == "all")
        .map(str::to_string)
        .collect()
}

impl Forge for Gitea {
    fn provider(&self) -> Provider {
        Provider::Gitea
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
            let reply = http
                .get(&url, Auth::Token(token), &[("accept", "application/json")])
                .await?;
            self.interpret(&reply, token)
        })
    }
}

impl Gitea {
    pub(crate) fn interpret(
        &self,
        reply: &Reply,
        token: &Secret,
    ) -> Result<Validation, ForgeError> {
        let p = Provider::Gitea;
        let now = OffsetDateTime::now_utc();
        let ep = &self.ctx.endpoints;
        match reply.status.as_u16() {
            401 => {
                let msg = common::forge_message(reply, token);
                return Err(common::refused(
                    p,
                    self.ctx.known_expiry,
                    now,
                    format!("the server answered 401 ({msg}): the token is wrong or was deleted"),
                ));
            }
            403 => {
                let msg = common::forge_message(reply, token);
                let missing = missing_scopes(&msg);
                if msg.contains("scope") && !missing.is_empty() {
                    return Err(ForgeError::InsufficientScope {
                        provider: p,
                        missing,
                        feature: "read the user".to_string(),
                        settings_url: settings_url(ep),
                        validation: None,
                    });
                }
                return Err(ForgeError::Forbidden {
                    provider: p,
                    detail: msg,
                });
            }
            _ => {}
        }
        common::expect_ok(p, reply, now)?;
        let u: User = common::parse_json(p, reply)?;
        let mut v = draft(p, ep, TokenKind::GiteaToken, settings_url(ep));
        v.identity = Some(Identity {
            login: u.login,
            id: Some(u.id.to_string()),
            name: u.full_name.filter(|n| !n.is_empty()),
            avatar_url: u.avatar_url,
            email: u.email.filter(|e| !e.is_empty()),
        });
        v.notes.push(
            "Gitea and Forgejo do not report a token's scopes; Ampel needs read:user, \
             read:repository and read:issue (write:repository to merge)"
                .to_string(),
        );
        finish(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_names_come_from_the_403_message() {
        assert_eq!(
            missing_scopes("token does not have at least one of required scope(s): [read:user]"),
            vec!["read:user"]
        );
        assert_eq!(
            missing_scopes("token does not have at least one of required scope(s), required=[read:repository write:repository], token scope=read:user"),
            vec!["read:repository", "write:repository"]
        );
        assert!(missing_scopes("Forbidden").is_empty());
    }
}
