//! The raw accounts row and its conversion into [`Account`], checking every
//! column read back from the file.

use crate::accounts::{Account, Identity, TokenState, ValidationStatus};
use crate::{time_text, Result, StoreError};
use ampel_core::account::AuthKind;
use ampel_core::Provider;

/// The SELECT every account read starts with.
pub const SELECT: &str = "SELECT id, provider, name, base_url, username, auth_kind, token_hint, \
     key_id, identity_login, identity_name, identity_avatar_url, identity_email, scopes, \
     token_expires_at, last_validated_at, validation_status, validation_detail, enabled, \
     created_at, updated_at, token_kind FROM accounts";

/// What is known about the current data key when listing.
pub enum KeyView {
    /// The key with this check-record id is loaded.
    Key(String),
    /// There is no key in the key source.
    NoKey,
    /// The keyring cannot be reached.
    Unavailable,
}

#[derive(sqlx::FromRow)]
pub struct AccountRow {
    id: String,
    provider: String,
    name: String,
    base_url: String,
    username: Option<String>,
    auth_kind: String,
    token_hint: String,
    key_id: Option<String>,
    identity_login: Option<String>,
    identity_name: Option<String>,
    identity_avatar_url: Option<String>,
    identity_email: Option<String>,
    scopes: String,
    token_expires_at: Option<String>,
    last_validated_at: Option<String>,
    validation_status: String,
    validation_detail: Option<String>,
    enabled: bool,
    created_at: String,
    updated_at: String,
    token_kind: Option<String>,
}

fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "{what} {:?}",
        value.chars().take(60).collect::<String>()
    ))
}

impl AccountRow {
    pub fn into_account(self, key: &KeyView) -> Result<Account> {
        let token_state = match key {
            KeyView::Key(id) if self.key_id.as_deref() == Some(id.as_str()) => TokenState::Ok,
            KeyView::Key(_) | KeyView::NoKey => TokenState::MustReenter,
            KeyView::Unavailable => TokenState::Unknown,
        };
        let identity = self.identity_login.map(|login| Identity {
            login,
            name: self.identity_name,
            avatar_url: self.identity_avatar_url,
            email: self.identity_email,
        });
        Ok(Account {
            id: uuid::Uuid::parse_str(&self.id).map_err(|_| bad("account id", &self.id))?,
            provider: self
                .provider
                .parse::<Provider>()
                .map_err(|_| bad("provider", &self.provider))?,
            auth_kind: AuthKind::parse(&self.auth_kind)
                .ok_or_else(|| bad("auth kind", &self.auth_kind))?,
            validation: ValidationStatus::parse(&self.validation_status)
                .ok_or_else(|| bad("validation status", &self.validation_status))?,
            scopes: serde_json::from_str(&self.scopes).map_err(|_| bad("scopes", &self.scopes))?,
            token_kind: self.token_kind,
            token_expires_at: time_text::opt_from_text(self.token_expires_at.as_deref())?,
            last_validated_at: time_text::opt_from_text(self.last_validated_at.as_deref())?,
            created_at: time_text::from_text(&self.created_at)?,
            updated_at: time_text::from_text(&self.updated_at)?,
            name: self.name,
            base_url: self.base_url,
            username: self.username,
            token_hint: self.token_hint,
            token_state,
            identity,
            validation_detail: self.validation_detail,
            enabled: self.enabled,
        })
    }
}
