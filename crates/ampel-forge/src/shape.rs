//! Token shape checks made before any network call (PRODUCT.md §1): stray
//! whitespace, a prefix from another forge, obvious truncation. They warn; only
//! the forge decides validity. Messages name prefixes, never the token.

use ampel_core::{Provider, Secret};
use serde::{Deserialize, Serialize};

/// A warning about how a token looks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShapeWarning {
    /// `whitespace_stripped`, `wrong_provider`, `truncated`, `app_password`,
    /// `needs_email` or `empty`.
    pub code: String,
    /// The sentence to show.
    pub message: String,
}

fn warn(code: &str, message: String) -> ShapeWarning {
    ShapeWarning {
        code: code.to_string(),
        message,
    }
}

const GITHUB_CLASSIC: [&str; 5] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"];
const GITLAB: [&str; 8] = [
    "glpat-", "gldt-", "glrt-", "glcbt-", "glptt-", "glft-", "gloas-", "glsoat-",
];
const BITBUCKET: [&str; 3] = ["ATATT", "ATCTT", "ATBB"];

/// The forge a token's prefix belongs to, if it has a known one.
pub fn provider_by_prefix(token: &str) -> Option<Provider> {
    if token.starts_with("github_pat_") || GITHUB_CLASSIC.iter().any(|p| token.starts_with(p)) {
        Some(Provider::Github)
    } else if GITLAB.iter().any(|p| token.starts_with(p)) {
        Some(Provider::Gitlab)
    } else if BITBUCKET.iter().any(|p| token.starts_with(p)) {
        Some(Provider::Bitbucket)
    } else {
        None
    }
}

/// Cleans `raw` (whitespace removed) and lists warnings for `provider`.
/// `username` is the Bitbucket email / username field, when given.
pub fn check(
    provider: Provider,
    raw: &Secret,
    username: Option<&str>,
) -> (Secret, Vec<ShapeWarning>) {
    let mut warnings = Vec::new();
    let original = raw.expose();
    let cleaned: String = original.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.len() != original.len() {
        let inner = original.trim().chars().any(char::is_whitespace);
        let what = if inner {
            "spaces or line breaks (some inside the token)"
        } else if original.contains(['\n', '\r']) {
            "a line break"
        } else {
            "surrounding spaces"
        };
        warnings.push(warn(
            "whitespace_stripped",
            format!("The pasted token had {what}; they were removed."),
        ));
    }
    if cleaned.is_empty() {
        warnings.push(warn("empty", "The token is empty.".to_string()));
        return (Secret::new(cleaned), warnings);
    }
    if let Some(other) = provider_by_prefix(&cleaned).filter(|p| *p != provider) {
        warnings.push(warn(
            "wrong_provider",
            format!(
                "This looks like a {} token, not a {} one.",
                other.display_name(),
                provider.display_name()
            ),
        ));
    }
    let len = cleaned.chars().count();
    if let Some(prefix) = GITHUB_CLASSIC.iter().find(|p| cleaned.starts_with(**p)) {
        if len != 40 {
            warnings.push(warn(
                "truncated",
                format!(
                    "Classic GitHub tokens ({prefix}…) are exactly 40 characters; this one has {len}. \
                     Check that it was copied whole."
                ),
            ));
        }
    } else if cleaned.starts_with("github_pat_") && len < 93 {
        warnings.push(warn(
            "truncated",
            format!("Fine-grained GitHub tokens are at least 93 characters; this one has {len}."),
        ));
    }
    if provider == Provider::Bitbucket {
        if cleaned.starts_with("ATBB") {
            warnings.push(warn(
                "app_password",
                "This looks like a Bitbucket app password (ATBB…). Atlassian removed app passwords \
                 on 2026-07-28; create an API token instead."
                    .to_string(),
            ));
        } else if cleaned.starts_with("ATATT") && !username.is_some_and(|u| u.contains('@')) {
            warnings.push(warn(
                "needs_email",
                "Bitbucket API tokens (ATATT…) are used with your Atlassian account email as the \
                 username."
                    .to_string(),
            ));
        }
    }
    (Secret::new(cleaned), warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(p: Provider, t: &str, user: Option<&str>) -> Vec<String> {
        check(p, &Secret::new(t.to_string()), user)
            .1
            .into_iter()
            .map(|w| w.code)
            .collect()
    }

    const CLASSIC: &str = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

    #[test]
    fn clean_classic_token_has_no_warning() {
        assert!(codes(Provider::Github, CLASSIC, None).is_empty());
    }

    #[test]
    fn whitespace_is_stripped_with_a_note() {
        let (clean, w) = check(
            Provider::Github,
            &Secret::new(format!("  {CLASSIC}\n")),
            None,
        );
        assert_eq!(clean.expose(), CLASSIC);
        assert_eq!(w[0].code, "whitespace_stripped");
        assert!(!w[0].message.contains(CLASSIC));
    }

    #[test]
    fn truncated_classic_token_is_flagged() {
        assert_eq!(
            codes(Provider::Github, &CLASSIC[..39], None),
            vec!["truncated"]
        );
    }

    #[test]
    fn wrong_prefix_names_the_other_forge() {
        let (_, w) = check(
            Provider::Github,
            &Secret::new("glpat-abcdefghij0123456789".into()),
            None,
        );
        assert_eq!(w[0].code, "wrong_provider");
        assert_eq!(
            w[0].message,
            "This looks like a GitLab token, not a GitHub one."
        );
    }

    #[test]
    fn bitbucket_app_password_and_missing_email_are_flagged() {
        assert_eq!(
            codes(Provider::Bitbucket, "ATBB1234567890abcdef", Some("me")),
            vec!["app_password"]
        );
        assert_eq!(
            codes(Provider::Bitbucket, "ATATT3xFfGF0abc", None),
            vec!["needs_email"]
        );
        assert!(codes(
            Provider::Bitbucket,
            "ATATT3xFfGF0abc",
            Some("me@example.com")
        )
        .is_empty());
    }

    #[test]
    fn gitea_hex_token_is_fine_anywhere() {
        assert!(codes(
            Provider::Gitea,
            "a3e1d0c5b7f94e2c8d6a1b3f5e7c9d0a2b4c6e8f",
            None
        )
        .is_empty());
    }
}
