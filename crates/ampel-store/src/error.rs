//! One error type for the store and vault, each variant with a stable code the
//! UI and CLI branch on. No variant ever carries a token or key.

use ampel_core::account::InputError;

/// What to tell people when the OS keyring cannot be used.
pub const KEYRING_HELP: &str = "Ampel keeps its data key in the OS keyring. On Linux install and \
start a Secret Service provider (gnome-keyring or KWallet) and unlock its login keyring; on macOS \
or Windows unlock your login keychain / Credential Manager. Or opt in to the weaker mode that keeps \
the key in a file beside the database (CLI: --insecure-key-file).";

/// Errors from the store and the vault.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Refused input (name, token, URL, username).
    #[error("invalid {0}")]
    Input(#[from] InputError),
    /// Another account already has this friendly name.
    #[error("an account named {0:?} already exists; pick another name")]
    DuplicateName(String),
    /// No account with this id or name.
    #[error("no account {0:?}")]
    NotFound(String),
    /// No cached pull request `repo#number` for the account (sync first).
    #[error("no cached pull request {0:?} for this account; sync first")]
    PrNotCached(String),
    /// The keyring could not be reached, or is locked.
    #[error("the OS keyring is not available ({detail}). {KEYRING_HELP}")]
    KeyringUnavailable {
        /// The platform's reason, without secrets.
        detail: String,
    },
    /// Any other keyring failure.
    #[error("the OS keyring refused the request: {0}")]
    Keyring(String),
    /// The key file of the weaker mode cannot be used.
    #[error("key file {path}: {detail}")]
    KeyFile {
        /// The key file's path.
        path: String,
        /// What is wrong.
        detail: String,
    },
    /// The token was encrypted under a data key that is no longer (or not yet)
    /// available: the keyring's key was deleted or replaced.
    #[error(
        "the token of account {0:?} must be re-entered: the vault key it was saved with is no \
         longer in the keyring (use set-token)"
    )]
    KeyMismatch(String),
    /// The ciphertext did not authenticate: damaged or copied from another row.
    #[error(
        "the stored token of account {0:?} could not be decrypted (damaged or moved); set a new \
         token"
    )]
    DecryptFailed(String),
    /// The database stayed locked by another process past the busy timeout.
    #[error("the database is busy (another Ampel process is writing); try again")]
    Busy,
    /// Unexpected content in the database.
    #[error("unexpected data in the database: {0}")]
    Corrupt(String),
    /// Any other database failure.
    #[error("database error: {0}")]
    Db(sqlx::Error),
    /// Migrations could not be applied.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// File-system failure around the data folder.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl StoreError {
    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Input(_) => "invalid_input",
            StoreError::DuplicateName(_) => "duplicate_name",
            StoreError::NotFound(_) | StoreError::PrNotCached(_) => "not_found",
            StoreError::KeyringUnavailable { .. } => "keyring_unavailable",
            StoreError::Keyring(_) => "keyring",
            StoreError::KeyFile { .. } => "key_file",
            StoreError::KeyMismatch(_) => "key_mismatch",
            StoreError::DecryptFailed(_) => "decrypt_failed",
            StoreError::Busy => "db_busy",
            StoreError::Corrupt(_) => "db_corrupt",
            StoreError::Db(_) | StoreError::Migrate(_) => "db",
            StoreError::Io { .. } => "io",
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        StoreError::Io {
            context: context.into(),
            source,
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::PoolTimedOut => StoreError::Busy,
            sqlx::Error::Database(db) => {
                let primary = db
                    .code()
                    .and_then(|c| c.parse::<i64>().ok())
                    .map(|c| c & 0xff);
                // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
                if matches!(primary, Some(5 | 6)) {
                    StoreError::Busy
                } else {
                    StoreError::Db(e)
                }
            }
            _ => StoreError::Db(e),
        }
    }
}

impl From<keyring::Error> for StoreError {
    fn from(e: keyring::Error) -> Self {
        match e {
            keyring::Error::PlatformFailure(err) | keyring::Error::NoStorageAccess(err) => {
                StoreError::KeyringUnavailable {
                    detail: err.to_string(),
                }
            }
            // BadEncoding carries the stored bytes (key material): never print them.
            keyring::Error::BadEncoding(_) => {
                StoreError::Keyring("the stored data key is not text".into())
            }
            keyring::Error::NoEntry => StoreError::Keyring("no entry".into()),
            keyring::Error::Ambiguous(_) => StoreError::Keyring(
                "several keyring items match the data key entry; remove the duplicates".into(),
            ),
            other => StoreError::Keyring(other.to_string()),
        }
    }
}
