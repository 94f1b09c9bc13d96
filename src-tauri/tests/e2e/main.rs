//! End-to-end tests: the real `ampel` binary in a real WebKitGTK window, driven
//! over WebDriver (tauri-driver → WebKitWebDriver). Run under
//! `scripts/test-session.sh --display` (Xvfb + private D-Bus + gnome-keyring).

mod a11y;
mod accounts;
mod actions;
mod avatars;
mod capabilities;
mod dash_controls;
mod dashboard;
mod desktop;
mod file_modes;
mod first_run;
mod flows;
mod focus;
mod glance;
mod harness;
mod links;
mod merge_ready;
mod notify_bus;
mod refresh_end;
mod relative;
mod shell;
mod triage;
mod turn;
mod x11grab;
