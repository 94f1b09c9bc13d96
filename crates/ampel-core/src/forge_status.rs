//! Pure maps from each forge's own status values to the neutral model, so forge
//! clients only parse JSON. Matching ignores case and surrounding blanks; a value we
//! do not know is never green (an unknown check state, or "<forge> says: <value>"),
//! never red, never a panic, and is logged once per value.

pub mod bitbucket;
pub mod gitea;
pub mod github;
pub mod gitlab;

/// A forge value trimmed and lower-cased for matching.
fn norm(value: &str) -> String {
    value.trim().to_ascii_lowercase()
}

/// Logs a value no table knows, once per forge, field and value for the process.
fn unknown_value(forge: crate::Provider, field: &str, value: &str) {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let shown: String = value.trim().chars().take(60).collect();
    let key = format!("{forge} {field} {shown}");
    let first = SEEN
        .get_or_init(|| Mutex::new(HashSet::new()))
        .lock()
        .map(|mut seen| seen.len() < 1000 && seen.insert(key))
        .unwrap_or(false);
    if first {
        tracing::warn!(forge = %forge, field, value = %shown.escape_debug(), "a value Ampel does not know; shown yellow");
    }
}
