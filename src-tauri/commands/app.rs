//! What the UI needs to know about the running app itself.

use serde::Serialize;
use specta::Type;

use crate::error::{AppError, ErrorCode};

/// Facts about this installation, shown in Settings > General and the footer.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// The app version (Cargo package version).
    pub version: String,
    /// The app identifier the data folder and keyring service derive from.
    pub identifier: String,
    /// The folder holding the database and settings.
    pub data_dir: String,
    /// The keyring service name holding the data key.
    pub keyring_service: String,
    /// The secret-storage backend this build uses, named for people.
    pub secret_backend: String,
    /// Why there is no tray icon (and so no close-to-tray); `None` with a tray.
    pub tray_missing: Option<String>,
}

/// Version, data folder and secret-storage backend of this installation.
#[tauri::command]
#[specta::specta]
pub fn app_info() -> Result<AppInfo, AppError> {
    let data_dir = ampel_core::paths::data_dir().ok_or_else(|| {
        AppError::new(
            ErrorCode::NoDataDir,
            "No data folder: set HOME or AMPEL_DATA_DIR",
        )
    })?;
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        identifier: ampel_core::paths::APP_IDENTIFIER.to_string(),
        data_dir: data_dir.display().to_string(),
        keyring_service: ampel_core::paths::keyring_service(),
        secret_backend: ampel_core::paths::secret_backend_name().to_string(),
        tray_missing: crate::tray::missing_reason(),
    })
}
