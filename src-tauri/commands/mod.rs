//! Tauri commands, one module per area; each is parse → core call → map error.

pub mod accounts;
pub mod app;
pub mod dashboard;
pub mod focus;
pub mod settings;
pub mod triage;
