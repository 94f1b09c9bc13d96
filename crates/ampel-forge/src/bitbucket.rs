//! Bitbucket Cloud: one `GET /2.0/user`. API tokens authenticate with Basic
//! (Atlassian email + token), access tokens with Bearer (they get 403 but the
//! headers still carry `X-OAuth-Scopes` and `X-Credential-Type`); app passwords
//! were removed on 2026-07-28 and are explained, not retried.

use crate::common;
use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use crate::forge::{draft, finish, BoxFuture, Context, Forge};
use crate::http::{Auth, Http, Reply};
use crate::validation::{Identity, TokenKind, Validation};
use ampel_core::{Provider, Secret};
use serde::Deserialize;
use time::OffsetDateTime;

/// Where Atlassian API tokens are created and their scopes chosen.
pub const API_TOKEN_SETTINGS: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

/// Bitbucket Cloud client for one account.
pub struct Bitbucket {
    ctx: Context,
}

impl Bitbucket {
    pub(crate) fn new(ctx: Context) -> Self {
        Bitbucket { ctx }
    }
}

#[derive(Deserialize)]
struct Link {
    href: Option<String>,
}

#[derive(Deserialize, Default)]
struct Links {
    avatar: Option<Link>,
}

#[derive(Deserialize)]
struct User {
    uuid: Option<String>,
    account_id: Option<String>,
    nickname: Option<String>,
    username: Option<String>,
    display_name: Option<String>,
    #[serde(default)]
    links: Links,
}

/// How the request will authenticate, decided from the username and prefix.
pub(crate) enum Mode<'a> {
    /// Basic with the Atlassian email: an API token.
    Email(&'a str),
    /// Basic with a non-email username: the legacy app-password pairing.
    LegacyUsername(&'a str),
    /// Bearer: a repository / project / workspace access token.
    Bearer,
}

fn kind_from_header(v: Option<&str>) -> Option<TokenKind> {
    Some(match v? {
        "api_token" => TokenKind::BitbucketApiToken,
        "workspace_access_token" => TokenKind::BitbucketWorkspaceAccessToken,
        "project_access_token" => TokenKind::BitbucketProjectAccessToken,
        "repo_access_token" | "repository_access_token" => {
            TokenKind::BitbucketRepositoryAccessToken
        }
        _ => return None,
    })
}

fn scopes_from_header(reply: &Reply) -> Option<Vec<String>> {
    reply.header("x-oauth-scopes").map(|h| {
        h.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    })
}

fn settings_url(ep: &Endpoints, kind: TokenKind) -> String {
    match kind {
        TokenKind::BitbucketApiToken => API_TOKEN_SETTINGS.to_string(),
        _ => format!(
            "{} (Repository, Project or Workspace settings > Security > Access tokens)",
            ep.web
        ),
    }
}

impl Forge for Bitbucket {
    fn provider(&self) -> Provider {
        Provider::Bitbucket
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
            let mode = match self
                .ctx
                .username
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
            {
                Some(u) if u.contains('@') => Mode::Email(u),
                Some(u) => Mode::LegacyUsername(u),
                None if token.expose().starts_with("ATATT") => {
                    return Err(ForgeError::MissingUsername {
                        provider: Provider::Bitbucket,
                        detail: "Bitbucket API tokens (ATATT…) need your Atlassian account email \
                                 as the username"
                            .to_string(),
                    })
                }
                None => Mode::Bearer,
            };
            let url = self.ctx.endpoints.api_url("/user")?;
            let auth = match mode {
                Mode::Email(u) | Mode::LegacyUsername(u) => Auth::Basic(u, token),
                Mode::Bearer => Auth::Bearer(token),
            };
            let reply = http.get(&url, auth, &[]).await?;
            self.interpret(&reply, &mode, token)
        })
    }
}

impl Bitbucket {
    pub(crate) fn interpret(
        &self,
        reply: &Reply,
        mode: &Mode<'_>,
        token: &Secret,
    ) -> Result<Validation, ForgeError> {
        let p = Provider::Bitbucket;
        let now = OffsetDateTime::now_utc();
        let ep = &self.ctx.endpoints;
        let header_kind = kind_from_header(reply.header("x-credential-type"));
        match reply.status.as_u16() {
            401 => {
                let legacy =
                    token.expose().starts_with("ATBB") || matches!(mode, Mode::LegacyUsername(_));
                if legacy {
                    return Err(ForgeError::BitbucketAppPasswordRemoved {});
                }
                let detail = match mode {
                    Mode::Email(_) => {
                        "Bitbucket refused the email and API token; check that the \
                                       email is your Atlassian account email and the token is a \
                                       Bitbucket API token that has not expired or been revoked"
                    }
                    _ => {
                        "Bitbucket refused the access token; it is wrong, expired or revoked (an \
                          API token needs your Atlassian email as the username)"
                    }
                };
                return Err(common::refused(
                    p,
                    self.ctx.known_expiry,
                    now,
                    detail.to_string(),
                ));
            }
            403 => {
                let kind = header_kind.unwrap_or(TokenKind::BitbucketApiToken);
                let is_access_token = matches!(
                    kind,
                    TokenKind::BitbucketWorkspaceAccessToken
                        | TokenKind::BitbucketProjectAccessToken
                        | TokenKind::BitbucketRepositoryAccessToken
                );
                if is_access_token {
                    // Access tokens act as a bot and may not read /user; the headers still
                    // tell their kind and scopes, which is all validation needs.
                    let mut v = draft(p, ep, kind, settings_url(ep, kind));
                    v.scopes = scopes_from_header(reply);
                    v.notes.push(
                        "access tokens act as a bot without a user profile; the dashboard shows \
                         the pull requests of the repository, project or workspace it belongs to"
                            .to_string(),
                    );
                    return finish(v);
                }
                let body: serde_json::Value =
                    serde_json::from_slice(&reply.body).unwrap_or_default();
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
                    let mut v = draft(p, ep, kind, settings_url(ep, kind));
                    v.scopes = scopes_from_header(reply);
                    return Err(ForgeError::InsufficientScope {
                        provider: p,
                        missing: required,
                        feature: "read the user".to_string(),
                        settings_url: settings_url(ep, kind),
                        validation: Some(Box::new(v)),
                    });
                }
                let detail = common::forge_message(reply, token);
                return Err(ForgeError::Forbidden {
                    provider: p,
                    detail,
                });
            }
            _ => {}
        }
        common::expect_ok(p, reply, now)?;
        let u: User = common::parse_json(p, reply)?;
        let login = u
            .nickname
            .clone()
            .or(u.username.clone())
            .or(u.display_name.clone());
        let Some(login) = login else {
            return Err(ForgeError::NotAForge {
                provider: p,
                url: reply.url.to_string(),
                detail: "the user object has no nickname".to_string(),
            });
        };
        let kind = header_kind.unwrap_or(match mode {
            Mode::Email(_) => TokenKind::BitbucketApiToken,
            _ => TokenKind::Unknown,
        });
        let mut v = draft(p, ep, kind, settings_url(ep, kind));
        v.identity = Some(Identity {
            login,
            id: u.uuid.or(u.account_id),
            name: u.display_name,
            avatar_url: u.links.avatar.and_then(|l| l.href),
            email: match mode {
                Mode::Email(e) => Some(e.to_string()),
                _ => None,
            },
        });
        v.scopes = scopes_from_header(reply);
        if v.scopes.is_none() {
            v.notes
                .push("Bitbucket did not report the token's scopes".to_string());
        }
        finish(v)
    }
}
