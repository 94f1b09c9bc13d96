//! Which scopes each forge needs for each dashboard feature, and the checklist of
//! granted versus needed that the UI shows and errors name.

use crate::validation::TokenKind;
use serde::{Deserialize, Serialize};

/// A dashboard feature that needs a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Read the user's profile.
    ReadUser,
    /// Read organisations / workspaces.
    ReadOrgs,
    /// Read repositories.
    ReadRepos,
    /// Read pull / merge requests.
    ReadPullRequests,
    /// Approve, merge, comment.
    Write,
}

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeCheck {
    /// The feature.
    pub feature: Feature,
    /// Whether the dashboard cannot work without it.
    pub required: bool,
    /// Any one of these scopes serves it (the first is the one to add).
    pub any_of: Vec<String>,
    /// Granted? `None` when the scopes are unknown.
    pub granted: Option<bool>,
}

struct Need(Feature, bool, &'static [&'static str]);

fn needs(kind: TokenKind) -> &'static [Need] {
    use Feature::*;
    match kind {
        TokenKind::GithubFineGrained
        | TokenKind::GithubAppUser
        | TokenKind::GithubAppInstallation => &[
            Need(ReadRepos, true, &["metadata:read", "contents:read"]),
            Need(
                ReadPullRequests,
                true,
                &["pull_requests:read", "pull_requests:write"],
            ),
            Need(Write, false, &["pull_requests:write"]),
        ],
        TokenKind::GithubClassic | TokenKind::GithubOauth => &[
            Need(ReadUser, false, &["read:user", "user"]),
            Need(ReadOrgs, false, &["read:org", "write:org", "admin:org"]),
            Need(ReadRepos, true, &["repo"]),
            Need(ReadPullRequests, true, &["repo"]),
            Need(Write, false, &["repo"]),
        ],
        TokenKind::GitlabPersonal | TokenKind::GitlabProjectOrGroup | TokenKind::GitlabOther => &[
            Need(ReadUser, true, &["read_user", "read_api", "api"]),
            Need(ReadRepos, true, &["read_api", "api"]),
            Need(ReadPullRequests, true, &["read_api", "api"]),
            Need(Write, false, &["api"]),
        ],
        TokenKind::BitbucketApiToken => &[
            Need(ReadUser, true, &["read:user:bitbucket"]),
            Need(ReadOrgs, true, &["read:workspace:bitbucket"]),
            Need(ReadRepos, true, &["read:repository:bitbucket"]),
            Need(ReadPullRequests, true, &["read:pullrequest:bitbucket"]),
            Need(Write, false, &["write:pullrequest:bitbucket"]),
        ],
        TokenKind::BitbucketWorkspaceAccessToken
        | TokenKind::BitbucketProjectAccessToken
        | TokenKind::BitbucketRepositoryAccessToken => &[
            Need(
                ReadRepos,
                true,
                &[
                    "repository",
                    "repository:write",
                    "repository:admin",
                    "pullrequest",
                    "pullrequest:write",
                ],
            ),
            Need(
                ReadPullRequests,
                true,
                &["pullrequest", "pullrequest:write"],
            ),
            Need(Write, false, &["pullrequest:write"]),
        ],
        TokenKind::GiteaToken => &[
            Need(ReadUser, true, &["read:user", "write:user", "all"]),
            Need(
                ReadRepos,
                true,
                &["read:repository", "write:repository", "all"],
            ),
            Need(
                ReadPullRequests,
                true,
                &["read:repository", "write:repository", "all"],
            ),
            Need(Write, false, &["write:repository", "all"]),
        ],
        TokenKind::Unknown => &[],
    }
}

/// The checklist for a token kind given the granted scopes (`None`: unknown).
pub fn checklist(kind: TokenKind, granted: Option<&[String]>) -> Vec<ScopeCheck> {
    needs(kind)
        .iter()
        .map(|Need(feature, required, any_of)| ScopeCheck {
            feature: *feature,
            required: *required,
            any_of: any_of.iter().map(|s| s.to_string()).collect(),
            granted: granted.map(|g| any_of.iter().any(|a| g.iter().any(|s| s == a))),
        })
        .collect()
}

/// The scopes to add: the first alternative of each ungranted line, deduplicated.
/// `read` selects read features (true) or write features (false); `required_only`
/// keeps only lines the dashboard cannot work without.
pub fn missing(checks: &[ScopeCheck], read: bool, required_only: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in checks {
        let is_read = c.feature != Feature::Write;
        if is_read != read || c.granted != Some(false) || (required_only && !c.required) {
            continue;
        }
        if let Some(first) = c.any_of.first() {
            if !out.contains(first) {
                out.push(first.clone());
            }
        }
    }
    out
}

/// The scope a token of `kind` must get before it can approve, comment or merge,
/// given the scopes recorded at its last validation (`kind` as stored, e.g.
/// `gitlab_personal`); `None` when it can write or when its scopes are not known
/// (then the forge's own refusal names the scope).
pub fn missing_write_scope(kind: Option<&str>, granted: &[String]) -> Option<String> {
    let kind: TokenKind =
        serde_json::from_value(serde_json::Value::String(kind?.to_string())).ok()?;
    // Stored scopes are empty when the forge does not report them (Gitea,
    // fine-grained GitHub tokens): unknown, not "none".
    if granted.is_empty() {
        return None;
    }
    missing(&checklist(kind, Some(granted)), false, false)
        .into_iter()
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn classic_github_without_repo_misses_repo_for_read_and_write() {
        let c = checklist(TokenKind::GithubClassic, Some(&s(&["read:user"])));
        assert_eq!(missing(&c, true, true), vec!["repo"]);
        assert_eq!(missing(&c, true, false), vec!["read:org", "repo"]);
        assert_eq!(missing(&c, false, false), vec!["repo"]);
    }

    #[test]
    fn unknown_scopes_miss_nothing() {
        let c = checklist(TokenKind::GithubFineGrained, None);
        assert!(c.iter().all(|x| x.granted.is_none()));
        assert!(missing(&c, true, false).is_empty());
    }

    #[test]
    fn the_write_scope_to_add_is_named_per_token_kind() {
        let w = |k: &str, g: &[&str]| missing_write_scope(Some(k), &s(g));
        assert_eq!(w("gitlab_personal", &["read_api"]), Some("api".into()));
        assert_eq!(w("gitlab_personal", &["api"]), None);
        assert_eq!(w("github_classic", &["repo"]), None);
        assert_eq!(
            w("bitbucket_api_token", &["read:pullrequest:bitbucket"]),
            Some("write:pullrequest:bitbucket".into())
        );
        assert_eq!(
            w("gitea_token", &["read:repository"]),
            Some("write:repository".into())
        );
        assert_eq!(w("github_fine_grained", &[]), None, "unknown permissions");
        assert_eq!(missing_write_scope(None, &[]), None);
    }

    #[test]
    fn gitlab_read_api_reads_but_cannot_write() {
        let c = checklist(TokenKind::GitlabPersonal, Some(&s(&["read_api"])));
        assert!(missing(&c, true, false).is_empty());
        assert_eq!(missing(&c, false, false), vec!["api"]);
    }
}
