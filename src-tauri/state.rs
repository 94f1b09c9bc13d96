//! What the commands share: the account workflows over the opened store, or why
//! the store could not be opened (shown in the UI instead of crashing).

use crate::error::{AppError, ErrorCode};
use ampel_accounts::Accounts;
use ampel_forge::{HttpConfig, Validator};
use ampel_store::{KeySource, Store};
use std::path::Path;

/// The state every command reads.
pub struct AppState {
    /// Held while a refresh runs, so refreshes never overlap.
    pub refreshing: tokio::sync::Mutex<()>,
    /// True while a refresh holds `refreshing`: what the dashboard reports, read without
    /// touching the lock (a `try_lock` there held the lock for an instant itself, so two
    /// dashboard reads at once could see a refresh that was not running).
    pub refresh_running: std::sync::atomic::AtomicBool,
    opened: Result<Accounts, AppError>,
    /// The avatar cache in the data folder (none without a data folder).
    pub avatars: Option<crate::avatars::Avatars>,
}

impl AppState {
    /// Opens the store in the data folder (migrations included).
    pub async fn open() -> AppState {
        let data_dir = ampel_core::paths::data_dir();
        let opened = match &data_dir {
            Some(dir) => open_accounts(dir).await,
            None => Err(AppError::new(
                ErrorCode::NoDataDir,
                "No data folder: set HOME or AMPEL_DATA_DIR",
            )),
        };
        if let Err(e) = &opened {
            tracing::error!(code = ?e.code, "the account store could not be opened: {}", e.message);
        }
        AppState {
            refreshing: tokio::sync::Mutex::new(()),
            refresh_running: std::sync::atomic::AtomicBool::new(false),
            opened,
            avatars: data_dir.as_deref().map(crate::avatars::Avatars::new),
        }
    }

    /// The account workflows, or the start-up error.
    pub fn accounts(&self) -> Result<&Accounts, AppError> {
        self.opened.as_ref().map_err(Clone::clone)
    }
}

async fn open_accounts(dir: &Path) -> Result<Accounts, AppError> {
    // Owner-only; Store::open narrows anything wider already there (for the CLI too).
    ampel_core::private::create_dir(dir).map_err(|e| {
        AppError::new(
            ErrorCode::StoreUnavailable,
            format!("cannot create {}: {e}", dir.display()),
        )
    })?;
    let store = Store::open(dir, key_source(dir)).await?;
    let validator = Validator::new(&HttpConfig::default())
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(Accounts::new(store, validator))
}

/// The OS keyring, unless the user chose the weaker key file on this machine
/// (in the app, or with the CLI's `--insecure-key-file`): its key file exists
/// only after that explicit choice, and the accounts page then says so.
fn key_source(dir: &Path) -> KeySource {
    let key_file = dir.join(ampel_store::KEY_FILE_NAME);
    if key_file.exists() {
        tracing::warn!(
            "weaker mode: the data key is kept in {}",
            key_file.display()
        );
        return KeySource::file_in(dir);
    }
    KeySource::default_keyring()
}
