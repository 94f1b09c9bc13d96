//! The one trait every forge implements, and the shared last step that turns what a
//! forge learnt into a checklist, missing scopes and, when reading is impossible,
//! an `insufficient_scope` error.

use crate::endpoint::Endpoints;
use crate::error::ForgeError;
use crate::http::Http;
use crate::scopes;
use crate::validation::{TokenKind, Validation};
use ampel_core::{Provider, Secret};
use std::future::Future;
use std::pin::Pin;
use time::OffsetDateTime;

/// A boxed future, so [`Forge`] can be used as a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A forge client for one account.
pub trait Forge: Send + Sync {
    /// Which forge.
    fn provider(&self) -> Provider;
    /// Where its APIs live.
    fn endpoints(&self) -> &Endpoints;
    /// Checks `token` with the fewest calls that answer who, what and until when.
    fn validate<'a>(
        &'a self,
        http: &'a Http,
        token: &'a Secret,
    ) -> BoxFuture<'a, Result<Validation, ForgeError>>;
}

/// What every forge module is built from.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub endpoints: Endpoints,
    pub username: Option<String>,
    pub known_expiry: Option<OffsetDateTime>,
}

/// A validation with defaults, for a forge module to fill in.
pub(crate) fn draft(
    provider: Provider,
    ep: &Endpoints,
    kind: TokenKind,
    settings_url: String,
) -> Validation {
    Validation {
        provider,
        api_url: ep.api.clone(),
        web_url: ep.web.clone(),
        identity: None,
        token_kind: kind,
        scopes: None,
        checklist: Vec::new(),
        missing_read: Vec::new(),
        missing_write: Vec::new(),
        expires_at: None,
        settings_url,
        rate_limit: None,
        server_version: None,
        warnings: Vec::new(),
        notes: Vec::new(),
        checked_at: OffsetDateTime::now_utc(),
    }
}

/// Fills the checklist and missing scopes; a missing *required* read scope makes
/// the result an `insufficient_scope` error that still carries the validation.
pub(crate) fn finish(mut v: Validation) -> Result<Validation, ForgeError> {
    v.checklist = scopes::checklist(v.token_kind, v.scopes.as_deref());
    v.missing_read = scopes::missing(&v.checklist, true, false);
    v.missing_write = scopes::missing(&v.checklist, false, false);
    let required = scopes::missing(&v.checklist, true, true);
    if required.is_empty() {
        return Ok(v);
    }
    Err(ForgeError::InsufficientScope {
        provider: v.provider,
        missing: required,
        feature: "read pull requests".to_string(),
        settings_url: v.settings_url.clone(),
        validation: Some(Box::new(v)),
    })
}
