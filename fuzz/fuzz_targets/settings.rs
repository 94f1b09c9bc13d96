//! The settings file: any bytes never panic the loader, any JSON object loads
//! (unreadable fields take their defaults), and what loads stays in range and
//! survives a save and load unchanged.
#![no_main]

use ampel_core::settings::{Settings, MAX_REFRESH_SECS, MIN_REFRESH_SECS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<Settings>(data);
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if !value.is_object() {
        return;
    }
    let loaded = serde_json::from_value::<Settings>(value)
        .unwrap_or_else(|e| panic!("a JSON object must load: {e}"))
        .normalized();
    assert!((MIN_REFRESH_SECS..=MAX_REFRESH_SECS).contains(&loaded.refresh_interval_secs));
    let saved = serde_json::to_string(&loaded).unwrap_or_else(|e| panic!("{e}"));
    let again: Settings = serde_json::from_str(&saved).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, loaded);
});
