//! Settings persisted with tauri-plugin-store in the data folder (never a secret),
//! the live copy the refresh loop and notifications read, and what remembers
//! which notifications were already shown.

use crate::error::{AppError, ErrorCode};
use ampel_core::notify::NotifyMemory;
use ampel_core::settings::file::{FILE, KEY as SETTINGS_KEY};
use ampel_core::settings::Settings;
use std::path::PathBuf;
use std::sync::Mutex;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;
use tokio::sync::watch;

const MEMORY_KEY: &str = "notifyMemory";

/// The live settings and the refresh interval's channel.
pub struct SettingsState {
    current: Mutex<Settings>,
    interval: watch::Sender<u32>,
}

impl SettingsState {
    /// Loads the settings (defaults for anything missing or unreadable).
    pub fn load<R: Runtime>(app: &AppHandle<R>) -> Self {
        let settings = read(app, SETTINGS_KEY)
            .and_then(|v| serde_json::from_value::<Settings>(v).ok())
            .unwrap_or_default()
            .normalized();
        let (interval, _) = watch::channel(settings.refresh_interval_secs);
        SettingsState {
            current: Mutex::new(settings),
            interval,
        }
    }

    /// A copy of the settings now.
    pub fn get(&self) -> Settings {
        self.current.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Follows the refresh interval (seconds) as it changes.
    pub fn interval(&self) -> watch::Receiver<u32> {
        self.interval.subscribe()
    }

    /// Replaces the settings: normalised, saved, applied (interval, start at login).
    pub fn set<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        settings: Settings,
    ) -> Result<Settings, AppError> {
        let settings = settings.normalized();
        let json = serde_json::to_value(&settings)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        write(app, SETTINGS_KEY, json)?;
        apply_autostart(app, settings.start_at_login);
        if let Ok(mut current) = self.current.lock() {
            *current = settings.clone();
        }
        self.interval.send_replace(settings.refresh_interval_secs);
        Ok(settings)
    }
}

/// What notifications remember between refreshes.
pub fn load_memory<R: Runtime>(app: &AppHandle<R>) -> NotifyMemory {
    read(app, MEMORY_KEY)
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

/// Saves what notifications remember.
pub fn save_memory<R: Runtime>(app: &AppHandle<R>, memory: &NotifyMemory) {
    match serde_json::to_value(memory) {
        Ok(json) => {
            if let Err(e) = write(app, MEMORY_KEY, json) {
                tracing::warn!("could not save notification memory: {}", e.message);
            }
        }
        Err(e) => tracing::warn!("could not encode notification memory: {e}"),
    }
}

fn path() -> Option<PathBuf> {
    ampel_core::paths::data_dir().map(|d| d.join(FILE))
}

fn read<R: Runtime>(app: &AppHandle<R>, key: &str) -> Option<serde_json::Value> {
    let store = app
        .store(path()?)
        .map_err(|e| tracing::warn!("settings unreadable: {e}"))
        .ok()?;
    store.get(key)
}

fn write<R: Runtime>(
    app: &AppHandle<R>,
    key: &str,
    value: serde_json::Value,
) -> Result<(), AppError> {
    let path = path().ok_or_else(|| {
        AppError::new(
            ErrorCode::NoDataDir,
            "No data folder: set HOME or AMPEL_DATA_DIR",
        )
    })?;
    // tauri-plugin-store rewrites the file in place, keeping its mode: create it
    // owner-only first.
    if let Some(dir) = path.parent() {
        ampel_core::private::create_dir(dir)
            .map_err(|e| AppError::new(ErrorCode::Io, format!("could not save settings: {e}")))?;
    }
    ampel_core::private::touch(&path)
        .map_err(|e| AppError::new(ErrorCode::Io, format!("could not save settings: {e}")))?;
    let store = app
        .store(path)
        .map_err(|e| AppError::new(ErrorCode::Io, e.to_string()))?;
    store.set(key, value);
    store
        .save()
        .map_err(|e| AppError::new(ErrorCode::Io, format!("could not save settings: {e}")))
}

fn apply_autostart<R: Runtime>(app: &AppHandle<R>, enabled: bool) {
    use tauri_plugin_autostart::ManagerExt;
    let launcher = app.autolaunch();
    let result = if enabled {
        launcher.enable()
    } else {
        launcher.disable()
    };
    if let Err(e) = result {
        tracing::warn!("could not change start at login: {e}");
    }
}
