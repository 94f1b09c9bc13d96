//! Global options (data folder, keyring service, weaker mode) and the opened
//! store every command runs against.

use crate::exit::CliError;
use ampel_store::{KeySource, Store};
use std::path::PathBuf;

/// Options shared by every command.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// Folder holding the database [default: the app's data folder]
    #[arg(long, global = true, env = "AMPEL_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Keyring service holding the data key [default: dev.ampel.desktop]
    #[arg(
        long,
        global = true,
        env = "AMPEL_KEYRING_SERVICE",
        value_name = "NAME"
    )]
    pub keyring_service: Option<String>,
    /// WEAKER: keep the data key in a 0600 file beside the database instead of
    /// the OS keyring (for machines without a keyring)
    #[arg(long, global = true, env = "AMPEL_INSECURE_KEY_FILE")]
    pub insecure_key_file: bool,
}

/// The opened store.
pub struct Context {
    pub store: Store,
}

impl Context {
    /// Opens the store the global options point at.
    pub async fn open(global: &Global) -> Result<Context, CliError> {
        let data_dir = global
            .data_dir
            .clone()
            .filter(|d| !d.as_os_str().is_empty())
            .or_else(ampel_core::paths::data_dir)
            .ok_or(CliError::NoDataDir)?;
        let source = if global.insecure_key_file {
            eprintln!(
                "warning: WEAKER MODE: the data key is kept in a file beside the database, not \
                 in the OS keyring"
            );
            KeySource::file_in(&data_dir)
        } else {
            match global.keyring_service.as_deref().map(str::trim) {
                Some(service) if !service.is_empty() => KeySource::Keyring {
                    service: service.to_string(),
                },
                _ => KeySource::default_keyring(),
            }
        };
        Ok(Context {
            store: Store::open(&data_dir, source).await?,
        })
    }

    /// Closes the database cleanly.
    pub async fn close(self) {
        self.store.close().await;
    }
}
