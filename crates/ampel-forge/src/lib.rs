//! Forge clients behind one trait: token validation for GitHub (and Enterprise),
//! GitLab (and self-managed), Bitbucket Cloud and Gitea/Forgejo, with coded errors
//! and results the CLI prints as JSON and the app sends over IPC.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ampel_forge::ForgeError> {
//! use ampel_core::{Provider, Secret};
//! let spec = ampel_forge::AccountSpec::new(Provider::Gitlab);
//! let v = ampel_forge::validate(&spec, &Secret::new("glpat-…".into())).await?;
//! println!("{:?} expires {:?}", v.identity, v.expires_at);
//! # Ok(()) }
//! ```

pub mod actions;
pub mod avatar;
mod bitbucket;
mod common;
pub mod endpoint;
mod error;
mod forge;
#[cfg(test)]
mod fuzz_regressions;
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzzing;
mod gitea;
pub mod github;
mod gitlab;
pub mod http;
pub mod list;
#[cfg(test)]
mod next_link_properties;
pub mod repos;
pub mod scopes;
pub mod shape;
mod validation;

pub use endpoint::Endpoints;
pub use error::{ErrorKind, ErrorReport, ForgeError, Unreachable};
pub use forge::{BoxFuture, Forge};
pub use http::HttpConfig;
pub use list::{Ended, ListSpec, Listing};
pub use scopes::{Feature, ScopeCheck};
pub use shape::ShapeWarning;
pub use validation::{Identity, RateLimit, TokenKind, Validation};

use ampel_core::{Provider, Secret};
use forge::Context;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What identifies an account to validate, apart from its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSpec {
    /// The forge.
    pub provider: Provider,
    /// The base URL as entered (`None`: the forge's cloud default; Gitea needs one).
    pub base_url: Option<String>,
    /// Bitbucket: the Atlassian account email (API tokens) or legacy username.
    pub username: Option<String>,
    /// The expiry last seen for this token, so a 401 after it reads `token_expired`
    /// on forges that do not say why they refuse a token (GitHub, Bitbucket).
    #[serde(with = "time::serde::rfc3339::option", default)]
    pub last_known_expiry: Option<OffsetDateTime>,
}

impl AccountSpec {
    /// A spec for the forge's default host.
    pub fn new(provider: Provider) -> Self {
        AccountSpec {
            provider,
            base_url: None,
            username: None,
            last_known_expiry: None,
        }
    }

    /// With a base URL.
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// With a username (Bitbucket email).
    pub fn with_username(mut self, username: impl Into<String>) -> Self {
        self.username = Some(username.into());
        self
    }
}

/// The forge client for `spec` (normalising its base URL).
pub fn forge_for(spec: &AccountSpec) -> Result<Box<dyn Forge>, ForgeError> {
    let ctx = context(spec)?;
    Ok(match spec.provider {
        Provider::Github => Box::new(github::Github::new(ctx)),
        Provider::Gitlab => Box::new(gitlab::Gitlab::new(ctx)),
        Provider::Bitbucket => Box::new(bitbucket::Bitbucket::new(ctx)),
        Provider::Gitea => Box::new(gitea::Gitea::new(ctx)),
    })
}

/// What every forge module works from: endpoints (base URL normalised), username,
/// the expiry last seen.
fn context(spec: &AccountSpec) -> Result<Context, ForgeError> {
    Ok(Context {
        endpoints: endpoint::resolve(spec.provider, spec.base_url.as_deref())?,
        username: spec.username.clone(),
        known_expiry: spec.last_known_expiry,
    })
}

/// Validates tokens with one shared HTTP client.
#[derive(Debug, Clone)]
pub struct Validator {
    http: http::Http,
}

/// A Test Connection result in one object: shape warnings and either a validation
/// or a coded error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// True when the token works for reading pull requests.
    pub ok: bool,
    /// The forge.
    pub provider: Provider,
    /// Shape warnings from before the call.
    pub warnings: Vec<ShapeWarning>,
    /// The result when `ok`.
    pub validation: Option<Validation>,
    /// The diagnosis when not `ok`.
    pub error: Option<ErrorReport>,
}

impl Validator {
    /// A validator with these timeouts.
    pub fn new(config: &HttpConfig) -> Result<Self, ForgeError> {
        Ok(Validator {
            http: http::Http::new(config)?,
        })
    }

    /// The avatar at `avatar` of an account described by `spec`, fetched without any
    /// credential from an allowed host (`avatar::allowed`), at most 1 MiB of image.
    pub async fn avatar(
        &self,
        spec: &AccountSpec,
        avatar: &str,
    ) -> Result<avatar::Image, avatar::AvatarError> {
        let endpoints = endpoint::resolve(spec.provider, spec.base_url.as_deref())?;
        let web = url::Url::parse(&endpoints.web).map_err(|_| avatar::AvatarError::NotAllowed)?;
        avatar::fetch(&self.http, spec.provider, &web, avatar).await
    }

    /// Checks the token's shape, then asks the forge. Whitespace is stripped first.
    pub async fn validate(
        &self,
        spec: &AccountSpec,
        token: &Secret,
    ) -> Result<Validation, ForgeError> {
        let (clean, warnings) = shape::check(spec.provider, token, spec.username.as_deref());
        let result = match forge_for(spec) {
            Ok(forge) => forge.validate(&self.http, &clean).await,
            Err(e) => Err(e),
        };
        // Scrub both forms: a token pasted into the base URL must not come back.
        let scrub = |e: ForgeError| e.redact(token).redact(&clean);
        match result {
            Ok(mut v) => {
                v.warnings = warnings;
                Ok(v.redact(token).redact(&clean))
            }
            Err(ForgeError::InsufficientScope {
                provider,
                missing,
                feature,
                settings_url,
                validation,
            }) => Err(scrub(ForgeError::InsufficientScope {
                provider,
                missing,
                feature,
                settings_url,
                validation: validation.map(|mut v| {
                    v.warnings = warnings;
                    v
                }),
            })),
            Err(e) => Err(scrub(e)),
        }
    }

    /// Lists one account's open pull requests per section (see [`ListSpec`]).
    pub async fn list(
        &self,
        spec: &AccountSpec,
        token: &Secret,
        list: &ListSpec,
    ) -> Result<Listing, ForgeError> {
        let (ctx, http) = (context(spec)?, &self.http);
        let listed = match spec.provider {
            Provider::Github => list::github(&ctx, http, token, list).await,
            Provider::Gitlab => list::gitlab(&ctx, http, token, list).await,
            Provider::Bitbucket => list::bitbucket(&ctx, http, token, list).await,
            Provider::Gitea => list::gitea(&ctx, http, token, list).await,
        };
        let mut listed = listed.map_err(|e| e.redact(token))?;
        listed.check_links(&list.account_id, &ctx.endpoints.web);
        Ok(listed)
    }

    /// One page of the repositories the account can see, for the Watched
    /// repositories picker (see [`repos`]); pass `next` back as the cursor.
    pub async fn repos(
        &self,
        spec: &AccountSpec,
        token: &Secret,
        page: &repos::RepoPageRequest,
    ) -> Result<repos::RepoPage, ForgeError> {
        let (ctx, http) = (context(spec)?, &self.http);
        let listed = match spec.provider {
            Provider::Github => repos::github(&ctx, http, token, page).await,
            Provider::Gitlab => repos::gitlab(&ctx, http, token, page).await,
            Provider::Bitbucket => repos::bitbucket(&ctx, http, token, page).await,
            Provider::Gitea => repos::gitea(&ctx, http, token, page).await,
        };
        listed.map_err(|e| e.redact(token))
    }

    /// Approves, requests changes, comments or merges (see [`actions`]); the write
    /// is sent once and never retried.
    pub async fn act(
        &self,
        spec: &AccountSpec,
        token: &Secret,
        target: &actions::Target,
        action: &actions::Action,
    ) -> Result<actions::Outcome, actions::ActionError> {
        let ctx = context(spec).map_err(|e| actions::ActionError::Forge(e.redact(token)))?;
        actions::run(spec.provider, &ctx, &self.http, token, target, action).await
    }

    /// [`Validator::validate`] as one serialisable report.
    pub async fn test_connection(&self, spec: &AccountSpec, token: &Secret) -> Report {
        let (_, warnings) = shape::check(spec.provider, token, spec.username.as_deref());
        match self.validate(spec, token).await {
            Ok(v) => Report {
                ok: true,
                provider: spec.provider,
                warnings,
                validation: Some(v),
                error: None,
            },
            Err(e) => Report {
                ok: false,
                provider: spec.provider,
                warnings,
                validation: None,
                error: Some(e.report()),
            },
        }
    }
}

/// Validates `token` for `spec` with default timeouts.
pub async fn validate(spec: &AccountSpec, token: &Secret) -> Result<Validation, ForgeError> {
    Validator::new(&HttpConfig::default())?
        .validate(spec, token)
        .await
}
