//! The app's settings file (`settings.json` in the data folder, written by
//! tauri-plugin-store: one JSON object with the settings under `"settings"`), read
//! the same way by the app and the CLI so both refresh by the same rules.

use super::Settings;
use std::path::Path;

/// The settings file's name in the data folder.
pub const FILE: &str = "settings.json";

/// The key the settings are stored under in [`FILE`].
pub const KEY: &str = "settings";

/// The settings in a settings file's text: defaults for anything missing or
/// unreadable (a field that cannot be read alone takes its default), normalised.
pub fn parse(text: &str) -> Settings {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|mut v| v.get_mut(KEY).map(serde_json::Value::take))
        .and_then(|v| serde_json::from_value::<Settings>(v).ok())
        .unwrap_or_default()
        .normalized()
}

/// The settings of the data folder `dir` ([`parse`]; the defaults without a file).
pub fn load(dir: &Path) -> Settings {
    std::fs::read_to_string(dir.join(FILE))
        .map(|text| parse(&text))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::DEFAULT_CI_RECHECK_SECS;

    #[test]
    fn reads_the_bound_from_the_store_file_and_defaults_for_the_rest() {
        let text = r#"{"settings": {"ciRecheckSecs": 120, "theme": "neon"}, "notifyMemory": {}}"#;
        let s = parse(text);
        assert_eq!(s.ci_recheck_secs, 120);
        assert_eq!(s.theme, Settings::default().theme);
        // Clamped like the app clamps it.
        assert_eq!(
            parse(r#"{"settings": {"ciRecheckSecs": 5}}"#).ci_recheck_secs,
            60
        );
        for broken in ["", "[]", "{", r#"{"other": 1}"#, r#"{"settings": 3}"#] {
            assert_eq!(
                parse(broken).ci_recheck_secs,
                DEFAULT_CI_RECHECK_SECS,
                "{broken}"
            );
        }
        assert_eq!(load(Path::new("/nonexistent")), Settings::default());
    }
}
