//! Errors of the account workflows: the store's, the forge's, or a duplicate user.

use ampel_core::account::InputError;
use ampel_forge::ForgeError;
use ampel_store::{Account, StoreError};

/// Why an account workflow stopped. Messages never contain a token.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// The store or vault refused (input, keyring, database).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The forge refused the token or could not be asked.
    #[error(transparent)]
    Forge(Box<ForgeError>),
    /// This forge user already has an account here.
    #[error(
        "this token belongs to {login} on {host}, which is already the account {name:?}; \
         replace that account's token instead",
        login = existing.identity.as_ref().map(|i| i.login.as_str()).unwrap_or("the same user"),
        host = existing.base_url,
        name = existing.name
    )]
    Duplicate {
        /// The account that already exists.
        existing: Box<Account>,
    },
}

impl AccountsError {
    /// The stable code the UI and CLI branch on.
    pub fn code(&self) -> &'static str {
        match self {
            AccountsError::Store(e) => e.code(),
            AccountsError::Forge(e) => e.code(),
            AccountsError::Duplicate { .. } => "duplicate_account",
        }
    }
}

impl From<InputError> for AccountsError {
    fn from(e: InputError) -> Self {
        AccountsError::Store(StoreError::Input(e))
    }
}
