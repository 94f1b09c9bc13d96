//! Turns a forge's answer into the validation record the store keeps.

use ampel_forge::{ForgeError, Validation};
use ampel_store::{Identity, ValidationRecord, ValidationStatus};
use time::OffsetDateTime;

/// The record of an accepted token: identity, scopes, expiry, time.
pub fn record_success(v: &Validation) -> ValidationRecord {
    ValidationRecord {
        status: ValidationStatus::Verified,
        detail: None,
        identity: v.identity.as_ref().map(|i| Identity {
            login: i.login.clone(),
            name: i.name.clone(),
            avatar_url: i.avatar_url.clone(),
            email: i.email.clone(),
        }),
        scopes: v.scopes.clone(),
        token_kind: serde_json::to_value(v.token_kind)
            .ok()
            .and_then(|k| k.as_str().map(str::to_string)),
        expires_at: v.expires_at,
        validated_at: v.checked_at,
    }
}

/// The record of a refused token: the diagnosis code; identity and scopes are
/// kept, and so is the expiry last seen unless the forge names a new one.
pub fn record_failure(e: &ForgeError, known_expiry: Option<OffsetDateTime>) -> ValidationRecord {
    let expires_at = match e {
        ForgeError::TokenExpired {
            expired_at: Some(at),
            ..
        } => Some(*at),
        _ => known_expiry,
    };
    ValidationRecord {
        status: ValidationStatus::Failed,
        detail: Some(e.code().to_string()),
        identity: None,
        scopes: None,
        token_kind: None,
        expires_at,
        validated_at: OffsetDateTime::now_utc(),
    }
}

/// The record of a token saved without asking the forge.
pub(crate) fn not_verified() -> ValidationRecord {
    ValidationRecord {
        status: ValidationStatus::NotVerified,
        detail: None,
        identity: None,
        scopes: None,
        token_kind: None,
        expires_at: None,
        validated_at: OffsetDateTime::now_utc(),
    }
}
