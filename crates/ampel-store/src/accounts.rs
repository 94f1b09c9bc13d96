//! Account records as the rest of Ampel sees them: metadata, token hint and
//! state, validation results. Tokens themselves only leave via `decrypt_token`.

use ampel_core::account::AuthKind;
use ampel_core::{Provider, Secret};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

/// Whether an account's token can be used with the key now in the keyring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenState {
    /// Encrypted under the current data key.
    Ok,
    /// Saved under a key that is gone or was replaced: "token must be re-entered".
    MustReenter,
    /// The keyring could not be reached, so this is not known.
    Unknown,
}

impl TokenState {
    /// Words for people.
    pub fn label(self) -> &'static str {
        match self {
            TokenState::Ok => "ok",
            TokenState::MustReenter => "token must be re-entered",
            TokenState::Unknown => "unknown (keyring unavailable)",
        }
    }
}

/// The outcome of the last validation against the forge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValidationStatus {
    /// Never validated (saved offline or with `--no-test`).
    NotVerified,
    /// The forge accepted the token.
    Verified,
    /// The forge refused it or could not be asked; see the detail code.
    Failed,
}

impl ValidationStatus {
    /// The stable id stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ValidationStatus::NotVerified => "not_verified",
            ValidationStatus::Verified => "verified",
            ValidationStatus::Failed => "failed",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "not_verified" => Some(ValidationStatus::NotVerified),
            "verified" => Some(ValidationStatus::Verified),
            "failed" => Some(ValidationStatus::Failed),
            _ => None,
        }
    }
}

/// Who a token belongs to, as the forge reported it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// Login / username on the forge.
    pub login: String,
    /// Display name.
    pub name: Option<String>,
    /// Avatar image URL.
    pub avatar_url: Option<String>,
    /// Email, when the forge tells it.
    pub email: Option<String>,
}

/// A validation result to record with [`crate::Store::update_validation`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationRecord {
    /// Verified or failed (or not verified, to reset).
    pub status: ValidationStatus,
    /// A diagnosis code for failures (e.g. `expired`, `invalid_token`).
    pub detail: Option<String>,
    /// Who the token belongs to; `None` keeps the previous identity.
    pub identity: Option<Identity>,
    /// Scopes granted; `None` keeps the previous list.
    pub scopes: Option<Vec<String>>,
    /// The token kind the forge reported (`github_classic`, …); `None` keeps the previous one.
    pub token_kind: Option<String>,
    /// When the token expires, if it does.
    pub expires_at: Option<OffsetDateTime>,
    /// When the validation ran.
    pub validated_at: OffsetDateTime,
}

/// A stored account, without its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Stable id (UUID v4).
    pub id: Uuid,
    /// The forge family.
    pub provider: Provider,
    /// Unique friendly name.
    pub name: String,
    /// The forge's base URL, no trailing slash.
    pub base_url: String,
    /// Username / email where the provider needs one (Bitbucket).
    pub username: Option<String>,
    /// How the token goes on the wire.
    pub auth_kind: AuthKind,
    /// A safe hint such as `ghp_…3456`.
    pub token_hint: String,
    /// Whether the token can be decrypted with the current key.
    pub token_state: TokenState,
    /// Who the token belonged to at the last successful validation.
    pub identity: Option<Identity>,
    /// Scopes granted at the last validation.
    pub scopes: Vec<String>,
    /// The token kind at the last validation (`github_classic`, `gitlab_personal`, …).
    pub token_kind: Option<String>,
    /// Token expiry, when known.
    #[serde(with = "time::serde::rfc3339::option")]
    pub token_expires_at: Option<OffsetDateTime>,
    /// When the token was last validated.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_validated_at: Option<OffsetDateTime>,
    /// The last validation's outcome.
    pub validation: ValidationStatus,
    /// The last validation's diagnosis code, for failures.
    pub validation_detail: Option<String>,
    /// Disabled accounts are kept but not synced.
    pub enabled: bool,
    /// When the account was added.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When the account last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// What is needed to add an account. Fields are checked and trimmed by
/// [`crate::Store::add_account`].
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// The forge family.
    pub provider: Provider,
    /// Friendly name, unique.
    pub name: String,
    /// Base URL; `None` picks the provider's default.
    pub base_url: Option<String>,
    /// Username / email (Bitbucket API tokens use Basic auth with it).
    pub username: Option<String>,
    /// The token.
    pub token: Secret,
}
