//! Settings > General and Notifications: read and save the typed settings.

use crate::error::AppError;
use crate::settings::SettingsState;
use ampel_core::settings::Settings;
use tauri::{AppHandle, Manager};

/// The settings, for Settings > General and Notifications.
#[tauri::command]
#[specta::specta]
pub fn get_settings(app: AppHandle) -> Settings {
    app.state::<SettingsState>().get()
}

/// Saves the settings; a new refresh interval applies at once.
#[tauri::command]
#[specta::specta]
pub fn set_settings(app: AppHandle, settings: Settings) -> Result<Settings, AppError> {
    app.state::<SettingsState>().set(&app, settings)
}
