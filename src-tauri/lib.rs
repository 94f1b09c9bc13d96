//! The Tauri shell: wiring only. Commands are thin wrappers over core crates.

/// The app's command names, for build.rs's permissions and their test.
#[cfg(test)]
mod app_commands;
mod avatars;
mod commands;
mod error;
mod json;
mod json_dashboard;
mod json_triage;
mod links;
mod notify;
mod retest;
mod settings;
mod state;
mod sync;
mod tray;
mod webkit;

use tauri::Manager;
use tauri_specta::{collect_commands, collect_events, Builder};

pub use error::{AppError, ErrorCode};

/// The one list of commands and types exposed to the UI, used by [`run`] and by
/// the test that regenerates `ui/src/bindings.ts`.
pub fn specta_builder() -> Builder<tauri::Wry> {
    use commands::{accounts, app, dashboard, focus, settings, triage};
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            app::app_info,
            accounts::list_accounts,
            accounts::test_connection,
            accounts::check_token_shape,
            accounts::add_account,
            accounts::rename_account,
            accounts::replace_token,
            accounts::retest_account,
            accounts::set_account_enabled,
            accounts::remove_account,
            accounts::vault_status,
            accounts::use_key_file,
            accounts::token_page,
            accounts::recommended_scopes,
            dashboard::dashboard,
            dashboard::refresh,
            dashboard::watched_repos,
            dashboard::set_watched_repos,
            dashboard::list_repos,
            dashboard::act_on_pr,
            triage::snooze_pr,
            triage::unsnooze_pr,
            triage::set_pinned,
            triage::set_muted,
            triage::muted_repos,
            triage::pr_detail,
            settings::get_settings,
            settings::set_settings,
            focus::get_focus,
            focus::add_exclusion_rule,
            focus::remove_exclusion_rule,
            focus::put_profile,
            focus::remove_profile,
            focus::use_profile,
            tray::tray_action,
        ])
        .events(collect_events![
            retest::AccountsChanged,
            json_dashboard::SyncProgress,
            json_dashboard::DashboardChanged
        ])
        .disable_serde_phases()
}

/// A debug build started with `AMPEL_E2E_HOOKS=1` (the end-to-end harness) lets the
/// main window call `tray_action`, the tray menu's own code path; no capability
/// file lists it, and a release build has no way to grant it.
#[cfg(debug_assertions)]
fn add_test_hooks(app: &tauri::App) {
    if std::env::var("AMPEL_E2E_HOOKS").as_deref() != Ok("1") {
        return;
    }
    let hooks = tauri::ipc::CapabilityBuilder::new("e2e-hooks")
        .window("main")
        .permission("allow-tray-action");
    if let Err(e) = app.add_capability(hooks) {
        tracing::warn!("the e2e hooks could not be added: {e}");
    }
}

#[cfg(not(debug_assertions))]
fn add_test_hooks(_app: &tauri::App) {}

/// Starts the app: window, plugins, state, tray, background tasks.
pub fn run() {
    webkit::paint_without_compositing();
    init_logging();
    // Read the local zone (and log a fall-back to UTC) once, before the first refresh.
    let zone = ampel_core::triage::local_zone().source();
    tracing::info!(?zone, "local time zone");
    // The store (SQLite, migrations, the HTTP client) opens and the tray library loads while Tauri
    // and WebKit start, instead of between the window's creation and its first map.
    let opening = tauri::async_runtime::spawn(state::AppState::open());
    std::thread::spawn(tray::preload);
    let builder = specta_builder();
    let mut app = tauri::Builder::default();
    // A custom data folder (AMPEL_DATA_DIR) is a profile of its own: it may run
    // beside the default one, so only the default profile is single-instance.
    if std::env::var_os(ampel_core::paths::DATA_DIR_ENV).is_none() {
        app = app.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            tray::show_window(app);
        }));
    }
    let result = app
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let state = match tauri::async_runtime::block_on(opening) {
                Ok(state) => state,
                Err(e) => {
                    tracing::error!("opening the store stopped ({e}); opening it again");
                    tauri::async_runtime::block_on(state::AppState::open())
                }
            };
            app.manage(state);
            app.manage(settings::SettingsState::load(app.handle()));
            app.manage(tray::TrayState::default());
            add_test_hooks(app);
            if let Err(e) = tray::create(app.handle()) {
                tracing::warn!("no tray icon: {e}");
            }
            tauri::async_runtime::spawn(retest::run(app.handle().clone()));
            tauri::async_runtime::spawn(sync::run(app.handle().clone()));
            Ok(())
        })
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                let close_to_tray = window
                    .state::<settings::SettingsState>()
                    .get()
                    .close_to_tray;
                if close_to_tray && window.app_handle().tray_by_id("main").is_some() {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        tracing::error!("Ampel stopped with an error: {e}");
        std::process::exit(1);
    }
}

/// Logs to stderr and to `ampel.log` in the data folder (rotated once past 5 MB),
/// so a user can attach it to a bug report. Secrets never reach a log line.
fn init_logging() {
    use tracing_subscriber::prelude::*;
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_env("AMPEL_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"))
    };
    let stderr = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_filter(filter());
    let file = log_file().map(|f| {
        tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_target(false)
            .with_writer(std::sync::Mutex::new(f))
            .with_filter(filter())
    });
    let _ = tracing_subscriber::registry()
        .with(stderr)
        .with(file)
        .try_init();
}

fn log_file() -> Option<std::fs::File> {
    let dir = ampel_core::paths::data_dir()?;
    // Owner-only (0700 / 0600); wider modes left by an older version are narrowed
    // (and logged) when the store opens, once the log is set up.
    ampel_core::private::create_dir(&dir).ok()?;
    let path = dir.join("ampel.log");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > 5 * 1024 * 1024) {
        let _ = std::fs::rename(&path, dir.join("ampel.log.1"));
    }
    ampel_core::private::file_options()
        .create(true)
        .append(true)
        .open(path)
        .ok()
}

#[cfg(test)]
mod bindings_tests {
    use specta_typescript::Typescript;
    use std::path::Path;

    /// Regenerates `ui/src/bindings.ts` and fails when the committed file differed,
    /// so a command signature change without regenerating cannot land.
    #[test]
    fn bindings_are_current() -> Result<(), Box<dyn std::error::Error>> {
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
        let before = std::fs::read_to_string(&target).unwrap_or_default();
        super::specta_builder().export(
            Typescript::default().header("// @ts-nocheck\n/* eslint-disable */\n// Generated by tauri-specta from src-tauri: do not edit. Regenerate with `make bindings`."),
            &target,
        )?;
        let after = std::fs::read_to_string(&target)?;
        assert!(
            before == after,
            "ui/src/bindings.ts was stale and has been regenerated: review and commit it"
        );
        Ok(())
    }

    /// The page cannot move a stored token to another origin: no command changes an
    /// account's base URL (the handler serves exactly the commands in the bindings).
    #[test]
    fn no_command_moves_a_stored_token_to_another_host() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("bindings.ts");
        super::specta_builder().export(Typescript::default(), &target)?;
        let text = std::fs::read_to_string(&target)?;
        assert!(
            text.contains("__TAURI_INVOKE(\"replace_token\""),
            "bindings not as expected"
        );
        for gone in ["change_base_url", "set_base_url"] {
            assert!(!text.contains(gone), "{gone} is callable from the page");
        }
        Ok(())
    }
}

#[cfg(test)]
mod capability_tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    /// A capability file: its path, its windows and the permission identifiers it grants.
    type Capability = (String, Vec<String>, Vec<String>);

    /// Every capability file.
    fn capabilities() -> Result<Vec<Capability>, Box<dyn std::error::Error>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/capabilities");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
            let ids = json["permissions"]
                .as_array()
                .ok_or("no permissions array")?
                .iter()
                .filter_map(|p| p.as_str().or_else(|| p["identifier"].as_str()))
                .map(str::to_string)
                .collect();
            let windows = json["windows"]
                .as_array()
                .map(|w| {
                    w.iter()
                        .filter_map(|w| w.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            out.push((path.display().to_string(), windows, ids));
        }
        Ok(out)
    }

    #[test]
    fn no_capability_grants_a_default_set() -> Result<(), Box<dyn std::error::Error>> {
        let caps = capabilities()?;
        assert!(!caps.is_empty(), "no capability files found");
        for (file, windows, ids) in &caps {
            assert!(
                !windows.is_empty() && !windows.iter().any(|w| w.contains('*')),
                "{file}: windows {windows:?}"
            );
            for id in ids {
                assert!(
                    !(id == "default" || id.ends_with(":default")),
                    "{file} grants the default set {id}"
                );
            }
        }
        Ok(())
    }

    /// The main window gets exactly what the UI calls: the app's events and the
    /// opener (see `ui/src/api.ts`); a new use must be listed here on purpose.
    #[test]
    fn the_main_window_gets_exactly_what_the_ui_uses() -> Result<(), Box<dyn std::error::Error>> {
        let mut granted = BTreeSet::new();
        for (_, windows, ids) in capabilities()? {
            if windows.iter().any(|w| w == "main") {
                granted.extend(ids);
            }
        }
        let mut expected: BTreeSet<String> = [
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "opener:allow-open-url",
        ]
        .into_iter()
        .map(str::to_string)
        .collect();
        // Every app command but the tray's test hook.
        expected.extend(
            crate::app_commands::APP_COMMANDS
                .iter()
                .filter(|c| **c != "tray_action")
                .map(|c| format!("allow-{}", c.replace('_', "-"))),
        );
        assert_eq!(granted, expected);
        Ok(())
    }

    /// build.rs makes a permission for exactly the commands the handler serves: the
    /// list equals the bindings' commands, so a new command is refused until listed.
    #[test]
    fn the_permission_list_names_every_command() -> Result<(), Box<dyn std::error::Error>> {
        use specta_typescript::Typescript;
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("bindings.ts");
        crate::specta_builder().export(Typescript::default(), &target)?;
        let text = std::fs::read_to_string(&target)?;
        // `__TAURI_INVOKE("name"` or, typed, `__TAURI_INVOKE<T>("name"`.
        let served: BTreeSet<&str> = text
            .split("__TAURI_INVOKE")
            .skip(1)
            .filter_map(|rest| rest.split_once("(\"")?.1.split('"').next())
            .collect();
        let listed: BTreeSet<&str> = crate::app_commands::APP_COMMANDS.iter().copied().collect();
        assert_eq!(served, listed);
        Ok(())
    }

    /// Images come from the bundle or as `data:` URLs (avatars from the app's cache):
    /// the CSP names no remote image source, and nothing loads from anywhere else.
    #[test]
    fn the_csp_allows_no_remote_image_or_connection() -> Result<(), Box<dyn std::error::Error>> {
        let conf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tauri.conf.json");
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(conf)?)?;
        let csp = &json["app"]["security"]["csp"];
        assert_eq!(csp["img-src"], "'self' data:");
        assert_eq!(csp["default-src"], "'self'");
        assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
        Ok(())
    }
}
