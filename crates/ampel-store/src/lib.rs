//! Ampel's local store: the SQLite database (accounts) and the vault that keeps
//! tokens encrypted under a data key held by the OS keyring.

pub mod accounts;
mod db;
pub mod error;
mod focus;
mod prs;
mod store;
mod time_text;
mod triage;
pub mod vault;

pub use accounts::{Account, Identity, NewAccount, TokenState, ValidationRecord, ValidationStatus};
pub use error::StoreError;
pub use prs::SyncStatus;
pub use store::{Store, DB_FILE_NAME};
pub use triage::MutedRepo;
pub use vault::{KeySource, RotationReport, VaultStatus, KEY_ENTRY, KEY_FILE_NAME};

/// Result alias for this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
