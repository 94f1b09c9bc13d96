//! Pure maps from each forge's own status values to the neutral model, so forge
//! clients only parse JSON. Matching ignores case and surrounding blanks; values we
//! do not know map to a neutral value (never red, never a panic).

pub mod bitbucket;
pub mod gitea;
pub mod github;
pub mod gitlab;

/// A forge value trimmed and lower-cased for matching.
fn norm(value: &str) -> String {
    value.trim().to_ascii_lowercase()
}
