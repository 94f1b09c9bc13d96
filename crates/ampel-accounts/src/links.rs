//! The "Create a token" page of each forge, with the scopes Ampel recommends
//! filled in where the forge allows it (GitHub classic, GitLab).

use ampel_core::Provider;
use ampel_forge::{endpoint, ForgeError};

/// Bitbucket API tokens are made in the Atlassian account, not in Bitbucket.
const ATLASSIAN_API_TOKENS: &str = "https://id.atlassian.com/manage-profile/security/api-tokens";

/// The scopes the user guide recommends, per provider, in the order it lists them.
pub fn recommended_scopes(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::Github => &["repo", "read:org", "read:user", "user:email"],
        Provider::Gitlab => &["read_api", "read_user", "read_repository"],
        Provider::Bitbucket => &[
            "read:user:bitbucket",
            "read:workspace:bitbucket",
            "read:repository:bitbucket",
            "read:pullrequest:bitbucket",
        ],
        Provider::Gitea => &["read:user", "read:repository", "read:issue"],
    }
}

/// Where to create a token for an account on `base_url` (`None`: the cloud host).
pub fn token_page(provider: Provider, base_url: Option<&str>) -> Result<String, ForgeError> {
    let base = base_url.map(str::trim).filter(|b| !b.is_empty());
    let web = endpoint::resolve(provider, base)?.web;
    let scopes = recommended_scopes(provider).join(",");
    Ok(match provider {
        Provider::Github => {
            format!("{web}/settings/tokens/new?scopes={scopes}&description=Ampel%20PR%20Dashboard")
        }
        Provider::Gitlab => format!(
            "{web}/-/user_settings/personal_access_tokens?name=Ampel%20PR%20Dashboard&scopes={scopes}"
        ),
        Provider::Bitbucket => ATLASSIAN_API_TOKENS.to_string(),
        Provider::Gitea => format!("{web}/user/settings/applications"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_prefills_the_guide_scopes() -> Result<(), ForgeError> {
        let url = token_page(Provider::Github, None)?;
        assert_eq!(
            url,
            "https://github.com/settings/tokens/new?scopes=repo,read:org,read:user,user:email&description=Ampel%20PR%20Dashboard"
        );
        Ok(())
    }

    #[test]
    fn enterprise_and_self_hosted_use_their_own_host() -> Result<(), ForgeError> {
        assert!(
            token_page(Provider::Github, Some("https://ghe.example.com"))?
                .starts_with("https://ghe.example.com/settings/tokens/new?")
        );
        assert!(
            token_page(Provider::Gitlab, Some("https://gitlab.example.com/api/v4/"))?
                .starts_with("https://gitlab.example.com/-/user_settings/personal_access_tokens?")
        );
        Ok(())
    }

    #[test]
    fn bitbucket_points_at_atlassian_api_tokens() -> Result<(), ForgeError> {
        assert!(token_page(Provider::Bitbucket, None)?.contains("id.atlassian.com"));
        Ok(())
    }
}
