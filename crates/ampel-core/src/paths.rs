//! Where Ampel keeps its data and which keyring entry holds its key, with the
//! overrides that let tests run without touching a user's real data.

use std::path::PathBuf;

/// The app identifier; the data folder and the keyring service derive from it.
pub const APP_IDENTIFIER: &str = "dev.ampel.desktop";

/// Environment variable that replaces the data folder (tests, portable use).
pub const DATA_DIR_ENV: &str = "AMPEL_DATA_DIR";

/// Environment variable that replaces the keyring service name (tests).
pub const KEYRING_SERVICE_ENV: &str = "AMPEL_KEYRING_SERVICE";

/// The folder holding the database and settings: `$AMPEL_DATA_DIR` when set and
/// non-empty, else the platform data folder joined with [`APP_IDENTIFIER`]
/// (on Linux `~/.local/share/dev.ampel.desktop`, as Tauri's `app_data_dir`).
/// `None` only when neither exists (no home folder).
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => platform_data_dir().map(|d| d.join(APP_IDENTIFIER)),
    }
}

/// The keyring service under which the data key is stored.
pub fn keyring_service() -> String {
    match std::env::var(KEYRING_SERVICE_ENV) {
        Ok(s) if !s.trim().is_empty() => s,
        _ => APP_IDENTIFIER.to_string(),
    }
}

/// The secret-storage backend this build talks to, named for people.
pub fn secret_backend_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "macOS Keychain"
    } else if cfg!(target_os = "windows") {
        "Windows Credential Manager"
    } else {
        "Secret Service (GNOME Keyring / KWallet)"
    }
}

fn platform_data_dir() -> Option<PathBuf> {
    if cfg!(target_os = "macos") {
        home().map(|h| h.join("Library/Application Support"))
    } else if cfg!(target_os = "windows") {
        std::env::var_os("APPDATA").map(PathBuf::from)
    } else {
        match std::env::var_os("XDG_DATA_HOME") {
            Some(d) if !d.is_empty() => Some(PathBuf::from(d)),
            _ => home().map(|h| h.join(".local/share")),
        }
    }
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}
