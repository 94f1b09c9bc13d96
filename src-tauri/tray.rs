//! The tray: an icon per light, a tooltip with counts, and a menu holding every
//! action (Linux delivers no tray clicks). Menu items and the `tray_action`
//! command go through the same [`handle`].

use crate::settings::SettingsState;
use crate::state::AppState;
use ampel_core::light::Light;
use ampel_core::tray::{model, TrayModel};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

const TRAY_ID: &str = "main";

/// The indicator libraries the tray loads at run time (libappindicator-sys tries
/// them in this order and panics when neither loads).
const INDICATOR_LIBRARIES: [&str; 2] = ["libayatana-appindicator3.so.1", "libappindicator3.so.1"];

static INDICATOR: std::sync::OnceLock<Result<&'static str, String>> = std::sync::OnceLock::new();

/// Which indicator library can be loaded, or why none can; checked once.
fn indicator() -> &'static Result<&'static str, String> {
    INDICATOR.get_or_init(probe_indicator)
}

/// Loads the indicator library ahead of the tray (from a thread of its own at start-up).
pub fn preload() {
    indicator();
}

#[cfg(target_os = "linux")]
fn probe_indicator() -> Result<&'static str, String> {
    let mut failures = Vec::new();
    for name in INDICATOR_LIBRARIES {
        // SAFETY: these are the libraries the tray itself would load next; loading
        // one only runs its ELF initialisers, as the tray's own dlopen would.
        match unsafe { libloading::Library::new(name) } {
            Ok(lib) => {
                // Kept loaded: the tray opens it again right away, and a GTK
                // library is better not unloaded and reloaded.
                std::mem::forget(lib);
                return Ok(name);
            }
            Err(e) => failures.push(e.to_string()),
        }
    }
    Err(failures.join("; "))
}

#[cfg(not(target_os = "linux"))]
fn probe_indicator() -> Result<&'static str, String> {
    Ok("the system tray")
}

/// Why there is no tray, for Settings > General; `None` when there is one.
pub fn missing_reason() -> Option<String> {
    indicator().as_ref().err().map(|_| {
        "the system tray library (libayatana-appindicator3 or libappindicator3) is not \
         installed, so Ampel runs without a tray icon and closing the window quits it"
            .to_string()
    })
}

/// What a tray menu item does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrayAction {
    /// Open the n-th pull request needing attention in the browser.
    OpenPr(usize),
    /// Refresh every account now.
    Refresh,
    /// Mute notifications for one hour.
    Pause,
    /// Show and focus the window.
    Open,
    /// Quit Ampel.
    Quit,
    /// Follow the n-th Focus profile (`None`: all accounts) until the next scheduled change.
    UseProfile(Option<usize>),
    /// Follow the profiles' schedule again.
    FollowSchedule,
}

impl TrayAction {
    /// The action of a menu item id (`pr:3`, `refresh`, `pause`, `open`, `quit`).
    pub fn from_id(id: &str) -> Option<TrayAction> {
        match id {
            "refresh" => Some(TrayAction::Refresh),
            "pause" => Some(TrayAction::Pause),
            "open" => Some(TrayAction::Open),
            "quit" => Some(TrayAction::Quit),
            "profile:all" => Some(TrayAction::UseProfile(None)),
            "profile:schedule" => Some(TrayAction::FollowSchedule),
            _ => match id.strip_prefix("profile:") {
                Some(n) => n.parse().ok().map(|n| TrayAction::UseProfile(Some(n))),
                None => id.strip_prefix("pr:")?.parse().ok().map(TrayAction::OpenPr),
            },
        }
    }
}

/// The URLs of the pull requests the menu lists now, by position, and which picture is shown.
#[derive(Default)]
pub struct TrayState {
    urls: Mutex<Vec<String>>,
    /// The profile names the menu lists, by position.
    profiles: Mutex<Vec<String>>,
    /// Tickets handed out by [`ticket`].
    taken: AtomicU64,
    /// The ticket of the picture shown.
    shown: Mutex<u64>,
}

/// A ticket to take before reading the store for a tray picture: [`update`] drops a picture whose
/// reading began before the shown one's, so the cached picture of the start (or of a snooze) read
/// before a refresh ended cannot replace that refresh's, nor a refresh's older reading a newer one.
pub fn ticket(app: &AppHandle) -> u64 {
    app.state::<TrayState>()
        .taken
        .fetch_add(1, Ordering::SeqCst)
        .saturating_add(1)
}

fn icon(light: Light) -> tauri::Result<Image<'static>> {
    let bytes: &'static [u8] = match light {
        Light::Green => include_bytes!("../icons/tray-green.png"),
        Light::Yellow => include_bytes!("../icons/tray-yellow.png"),
        Light::Red => include_bytes!("../icons/tray-red.png"),
        Light::Grey => include_bytes!("../icons/tray-grey.png"),
    };
    Image::from_bytes(bytes)
}

fn menu(app: &AppHandle, m: &TrayModel) -> tauri::Result<Menu<Wry>> {
    let [red, yellow, green, grey] = m.counts;
    let menu = Menu::new(app)?;
    let counts = format!("● {red} red   ● {yellow} yellow   ● {green} green   ● {grey} grey");
    menu.append(&MenuItem::with_id(
        app,
        "my-turn",
        format!("Your turn: {}", m.my_turn),
        false,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(
        app,
        "counts",
        counts,
        false,
        None::<&str>,
    )?)?;
    if !m.attention.is_empty() {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    for (i, pr) in m.attention.iter().enumerate() {
        menu.append(&MenuItem::with_id(
            app,
            format!("pr:{i}"),
            &pr.label,
            true,
            None::<&str>,
        )?)?;
    }
    if !m.profiles.is_empty() {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
        let how = if m.by_hand {
            "until the next change"
        } else {
            "by schedule"
        };
        let now = m.profile.as_deref().unwrap_or("all accounts");
        menu.append(&MenuItem::with_id(
            app,
            "profile",
            format!("Profile: {now} ({how})"),
            false,
            None::<&str>,
        )?)?;
        for (i, name) in m.profiles.iter().enumerate() {
            let current = m.profile.as_deref() == Some(name.as_str());
            menu.append(&MenuItem::with_id(
                app,
                format!("profile:{i}"),
                format!("Use {name}"),
                !current,
                None::<&str>,
            )?)?;
        }
        menu.append(&MenuItem::with_id(
            app,
            "profile:all",
            "Use all accounts",
            m.profile.is_some(),
            None::<&str>,
        )?)?;
        menu.append(&MenuItem::with_id(
            app,
            "profile:schedule",
            "Follow the schedule",
            m.by_hand,
            None::<&str>,
        )?)?;
    }
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(
        app,
        "refresh",
        "Refresh now",
        true,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(
        app,
        "pause",
        "Pause notifications for 1 hour",
        true,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(
        app,
        "open",
        "Open Ampel",
        true,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(app, "quit", "Quit", true, None::<&str>)?)?;
    Ok(menu)
}

/// Creates the tray (grey until the first refresh), unless no indicator
/// library can be loaded: then the app runs without one and says so once.
pub fn create(app: &AppHandle) -> tauri::Result<()> {
    if let Err(why) = indicator() {
        tracing::warn!("no tray icon: no indicator library could be loaded ({why})");
        return Ok(());
    }
    let empty = model(&[], false, false);
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon(empty.light)?)
        .tooltip(&empty.tooltip)
        .menu(&menu(app, &empty)?)
        .on_menu_event(
            |app, event| match TrayAction::from_id(event.id().as_ref()) {
                Some(action) => handle(app, action),
                None => tracing::debug!("tray item without action: {:?}", event.id()),
            },
        )
        .build(app)?;
    Ok(())
}

/// Shows the tray state of the cached pull requests, read after `ticket` was taken, unless a
/// newer reading is shown already.
pub fn update(app: &AppHandle, ticket: u64, m: &TrayModel) {
    let state = app.state::<TrayState>();
    // Held until the picture is shown (only refresh and triage tasks take it, never the main thread).
    let Ok(mut shown) = state.shown.lock() else {
        return;
    };
    if ticket < *shown {
        tracing::debug!("tray picture dropped: a newer one is shown");
        return;
    }
    *shown = ticket;
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let result = icon(m.light)
        .and_then(|i| tray.set_icon(Some(i)))
        .and_then(|()| tray.set_tooltip(Some(&m.tooltip)))
        .and_then(|()| menu(app, m))
        .and_then(|menu| tray.set_menu(Some(menu)));
    if let Err(e) = result {
        tracing::warn!("tray not updated: {e}");
    }
    tracing::info!(
        light = m.light.as_str(),
        my_turn = m.my_turn,
        profile = m.profile.as_deref().unwrap_or("all"),
        "tray shown"
    );
    if let Ok(mut urls) = app.state::<TrayState>().urls.lock() {
        *urls = m.attention.iter().map(|p| p.url.clone()).collect();
    }
    if let Ok(mut names) = app.state::<TrayState>().profiles.lock() {
        names.clone_from(&m.profiles);
    }
}

/// Runs a tray action (from the menu or the `tray_action` command).
pub fn handle(app: &AppHandle, action: TrayAction) {
    match action {
        TrayAction::OpenPr(i) => {
            let url = app
                .state::<TrayState>()
                .urls
                .lock()
                .ok()
                .and_then(|u| u.get(i).cloned());
            if let Some(url) = url {
                crate::links::open(app, &url);
            }
        }
        TrayAction::Refresh => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let state = app.state::<AppState>();
                if let Err(e) = crate::sync::refresh(&app, &state).await {
                    tracing::warn!(code = ?e.code, "refresh failed: {}", e.message);
                }
            });
        }
        TrayAction::Pause => {
            let settings = app.state::<SettingsState>();
            let mut s = settings.get();
            s.notifications.paused_until =
                Some(time::OffsetDateTime::now_utc() + time::Duration::hours(1));
            if let Err(e) = settings.set(app, s) {
                tracing::warn!("could not pause notifications: {}", e.message);
            }
        }
        TrayAction::Open => show_window(app),
        TrayAction::Quit => app.exit(0),
        TrayAction::UseProfile(i) => {
            let name = match i {
                None => None,
                Some(i) => {
                    let names = app
                        .state::<TrayState>()
                        .profiles
                        .lock()
                        .ok()
                        .map(|n| n.get(i).cloned());
                    match names.flatten() {
                        Some(n) => Some(n),
                        None => return,
                    }
                }
            };
            pick_profile(app, name, false);
        }
        TrayAction::FollowSchedule => pick_profile(app, None, true),
    }
}

/// Records the pick and shows it at once: tray, window and notifications follow.
fn pick_profile(app: &AppHandle, name: Option<String>, schedule: bool) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        match crate::commands::focus::pick(&state, name, schedule).await {
            Ok(()) => crate::commands::triage::changed(&app).await,
            Err(e) => tracing::warn!(code = ?e.code, "profile not picked: {}", e.message),
        }
    });
}

/// Shows, unminimises and focuses the main window.
pub fn show_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Runs a tray menu action by its item id (`refresh`, `pause`, `open`, `quit`,
/// `pr:N`): the tray menu's own code path, for tests and the UI.
#[tauri::command]
#[specta::specta]
pub fn tray_action(app: AppHandle, id: String) -> Result<(), crate::error::AppError> {
    let action = TrayAction::from_id(&id).ok_or_else(|| {
        crate::error::AppError::new(crate::error::ErrorCode::NotFound, "no such tray action")
    })?;
    handle(&app, action);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::TrayAction;

    #[test]
    fn menu_ids_map_to_actions() {
        assert_eq!(TrayAction::from_id("refresh"), Some(TrayAction::Refresh));
        assert_eq!(TrayAction::from_id("pause"), Some(TrayAction::Pause));
        assert_eq!(TrayAction::from_id("open"), Some(TrayAction::Open));
        assert_eq!(TrayAction::from_id("quit"), Some(TrayAction::Quit));
        assert_eq!(
            TrayAction::from_id("profile:2"),
            Some(TrayAction::UseProfile(Some(2)))
        );
        assert_eq!(
            TrayAction::from_id("profile:all"),
            Some(TrayAction::UseProfile(None))
        );
        assert_eq!(
            TrayAction::from_id("profile:schedule"),
            Some(TrayAction::FollowSchedule)
        );
        assert_eq!(TrayAction::from_id("profile:x"), None);
        assert_eq!(TrayAction::from_id("pr:7"), Some(TrayAction::OpenPr(7)));
        assert_eq!(TrayAction::from_id("pr:x"), None);
        assert_eq!(TrayAction::from_id("counts"), None);
    }
}
