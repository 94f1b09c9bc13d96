//! The forges Ampel talks to, named once so every crate spells them the same.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A forge family. Self-hosted and Enterprise variants are the same provider
/// with a different base URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// github.com, GitHub Enterprise Server and ghe.com.
    Github,
    /// gitlab.com and self-managed GitLab.
    Gitlab,
    /// Bitbucket Cloud.
    Bitbucket,
    /// Gitea, Forgejo and Codeberg.
    Gitea,
}

impl Provider {
    /// Every provider, in the order the UI lists them.
    pub const ALL: [Provider; 4] = [
        Provider::Github,
        Provider::Gitlab,
        Provider::Bitbucket,
        Provider::Gitea,
    ];

    /// The stable lowercase id used in the database, the CLI and IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Github => "github",
            Provider::Gitlab => "gitlab",
            Provider::Bitbucket => "bitbucket",
            Provider::Gitea => "gitea",
        }
    }

    /// The name shown to people.
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Github => "GitHub",
            Provider::Gitlab => "GitLab",
            Provider::Bitbucket => "Bitbucket",
            Provider::Gitea => "Gitea / Forgejo",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A provider name that is not one of [`Provider::ALL`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown provider {0:?}: expected one of github, gitlab, bitbucket, gitea")]
pub struct UnknownProvider(pub String);

impl FromStr for Provider {
    type Err = UnknownProvider;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "github" => Ok(Provider::Github),
            "gitlab" => Ok(Provider::Gitlab),
            "bitbucket" => Ok(Provider::Bitbucket),
            "gitea" | "forgejo" | "codeberg" => Ok(Provider::Gitea),
            _ => Err(UnknownProvider(s.chars().take(40).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_id() {
        for p in Provider::ALL {
            assert_eq!(p.as_str().parse::<Provider>(), Ok(p));
        }
    }

    #[test]
    fn forgejo_and_codeberg_are_gitea() {
        assert_eq!("Forgejo".parse::<Provider>(), Ok(Provider::Gitea));
        assert_eq!("codeberg".parse::<Provider>(), Ok(Provider::Gitea));
    }

    #[test]
    fn unknown_names_are_refused_and_truncated() {
        let long = "x".repeat(500);
        let err = long
            .parse::<Provider>()
            .expect_err("unknown provider refused");
        assert!(err.to_string().len() < 150, "error text stays short");
    }
}
