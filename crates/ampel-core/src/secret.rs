//! A token wrapper that cannot leak through Debug, Display or a forgotten buffer.

use std::fmt;
use zeroize::Zeroizing;

/// A secret string (a personal access token, an API token, a data key in text
/// form). Debug and Display print `<redacted>`; the memory is zeroed on drop.
/// The only way to read it is [`Secret::expose`], which makes every use greppable.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a value, taking ownership so no unzeroed copy stays behind.
    pub fn new(value: String) -> Self {
        Secret(Zeroizing::new(value))
    }

    /// The secret in clear. Call only where the value must leave the process
    /// (an Authorization header) or be encrypted.
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    /// True when the secret holds no characters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A hint safe to show: the prefix up to the first `_`/`-` (at most 11
    /// characters), an ellipsis and the last four characters, e.g. `ghp_…3456`.
    /// Short secrets show only the ellipsis and last characters when they are
    /// long enough to keep most of the secret hidden.
    pub fn hint(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 12 {
            return "…".to_string();
        }
        let prefix_len = chars
            .iter()
            .take(12)
            .position(|c| *c == '_' || *c == '-')
            .map(|i| i + 1)
            .filter(|n| *n <= 11)
            .unwrap_or(0);
        let prefix: String = chars[..prefix_len].iter().collect();
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{prefix}…{tail}")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "ghp_abcd1234efgh5678ijkl9012mnop3456qrst";

    #[test]
    fn debug_and_display_are_redacted() {
        let s = Secret::new(TOKEN.to_string());
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(format!("{s}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&s)), "Some(<redacted>)");
    }

    #[test]
    fn hint_keeps_prefix_and_last_four() {
        assert_eq!(Secret::new(TOKEN.into()).hint(), "ghp_…qrst");
        assert_eq!(
            Secret::new("glpat-abc123xyz789".into()).hint(),
            "glpat-…z789"
        );
        assert_eq!(
            Secret::new("ATATT3xFfGF0abcdefgh1234".into()).hint(),
            "…1234"
        );
    }

    #[test]
    fn short_secrets_hide_everything() {
        assert_eq!(Secret::new("abc".into()).hint(), "…");
    }
}
