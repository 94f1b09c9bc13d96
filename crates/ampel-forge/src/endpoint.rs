//! Base-URL normalisation: turns what a person pastes (a host, a web URL, an API URL
//! with `/api/v4`, a trailing slash) into the API and GraphQL URLs each forge uses,
//! allowing plain HTTP only for loopback addresses.

use crate::error::ForgeError;
use ampel_core::Provider;
use serde::{Deserialize, Serialize};
use url::Url;

/// Where a forge's APIs live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoints {
    /// REST API base, without a trailing slash (e.g. `https://api.github.com`).
    pub api: String,
    /// GraphQL endpoint, where the forge has one.
    pub graphql: Option<String>,
    /// Web address, without a trailing slash (for settings links).
    pub web: String,
}

impl Endpoints {
    /// `{api}/{segments…}?{query}`, each segment percent-encoded.
    pub fn api_path(&self, segments: &[&str], query: &[(&str, &str)]) -> Result<Url, ForgeError> {
        let mut url = self.api_url("")?;
        url.path_segments_mut()
            .map_err(|_| bad(&self.api, "the API address cannot take a path"))?
            .pop_if_empty()
            .extend(segments);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        Ok(url)
    }

    /// `api` + `path` (which starts with `/`) as a URL.
    pub fn api_url(&self, path: &str) -> Result<Url, ForgeError> {
        let joined = format!("{}{path}", self.api);
        Url::parse(&joined).map_err(|_| bad(&self.api, "the API address is not a valid URL"))
    }
}

fn bad(input: &str, detail: &str) -> ForgeError {
    let shown: String = input.chars().take(120).collect();
    ForgeError::BadBaseUrl {
        input: shown,
        detail: detail.to_string(),
    }
}

/// True for loopback IP literals and exactly `localhost`: the one rule for plain
/// http, shared with account input ([`ampel_core::account::is_loopback`]);
/// `*.localhost` names go through the resolver and are not loopback here.
pub fn is_loopback(url: &Url) -> bool {
    ampel_core::account::is_loopback(url)
}

/// Parses a pasted base URL: adds `https://` when no scheme is given, refuses
/// credentials in the URL and plain HTTP to non-loopback hosts, drops query and
/// fragment, and strips trailing slashes and any of `suffixes` from the path.
fn parse(input: &str, suffixes: &[&str]) -> Result<Url, ForgeError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(bad(input, "the base URL is empty"));
    }
    let with_scheme = if trimmed.contains("://") {
        trimmed.to_string()
    } else {
        format!("https://{trimmed}")
    };
    let mut url = Url::parse(&with_scheme).map_err(|_| bad(trimmed, "this is not a valid URL"))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "(a URL with a user name or password)",
            "remove the user name and password from the URL; the token goes in its own field",
        ));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(bad(
                trimmed,
                "plain http:// is only allowed for loopback addresses; use https://",
            ))
        }
        _ => return Err(bad(trimmed, "the URL must start with https://")),
    }
    if url.host().is_none() {
        return Err(bad(trimmed, "the URL has no host"));
    }
    url.set_query(None);
    url.set_fragment(None);
    let mut path = url.path().trim_end_matches('/').to_string();
    loop {
        let lower = path.to_ascii_lowercase();
        match suffixes.iter().find(|s| lower.ends_with(**s)) {
            Some(s) => {
                path.truncate(path.len() - s.len());
                path = path.trim_end_matches('/').to_string();
            }
            None => break,
        }
    }
    url.set_path(&path);
    Ok(url)
}

/// The URL as text without a trailing slash.
fn text(url: &Url) -> String {
    url.as_str().trim_end_matches('/').to_string()
}

fn host_of(url: &Url) -> String {
    url.host_str().unwrap_or_default().to_ascii_lowercase()
}

/// The endpoints for `provider` given the (optional) base URL a person entered.
pub fn resolve(provider: Provider, base: Option<&str>) -> Result<Endpoints, ForgeError> {
    let base = base.map(str::trim).filter(|b| !b.is_empty());
    match provider {
        Provider::Github => github(base),
        Provider::Gitlab => gitlab(base),
        Provider::Bitbucket => bitbucket(base),
        Provider::Gitea => gitea(base),
    }
}

fn github(base: Option<&str>) -> Result<Endpoints, ForgeError> {
    let dotcom = Endpoints {
        api: "https://api.github.com".into(),
        graphql: Some("https://api.github.com/graphql".into()),
        web: "https://github.com".into(),
    };
    let Some(base) = base else { return Ok(dotcom) };
    let url = parse(base, &["/api/v3", "/api/graphql", "/graphql", "/api"])?;
    let host = host_of(&url);
    if host == "github.com" || host == "api.github.com" || host == "www.github.com" {
        return Ok(dotcom);
    }
    if let Some(rest) = host.strip_suffix(".ghe.com") {
        let sub = rest.strip_prefix("api.").unwrap_or(rest);
        if sub.is_empty() || sub.contains('.') {
            return Err(bad(
                base,
                "a GHE.com address looks like https://SUBDOMAIN.ghe.com",
            ));
        }
        return Ok(Endpoints {
            api: format!("https://api.{sub}.ghe.com"),
            graphql: Some(format!("https://api.{sub}.ghe.com/graphql")),
            web: format!("https://{sub}.ghe.com"),
        });
    }
    // GitHub Enterprise Server (and the fake forge on loopback).
    let root = text(&url);
    Ok(Endpoints {
        api: format!("{root}/api/v3"),
        graphql: Some(format!("{root}/api/graphql")),
        web: root,
    })
}

fn gitlab(base: Option<&str>) -> Result<Endpoints, ForgeError> {
    let url = parse(
        base.unwrap_or("https://gitlab.com"),
        &["/api/v4", "/api/graphql", "/api"],
    )?;
    let root = text(&url);
    Ok(Endpoints {
        api: format!("{root}/api/v4"),
        graphql: Some(format!("{root}/api/graphql")),
        web: root,
    })
}

fn bitbucket(base: Option<&str>) -> Result<Endpoints, ForgeError> {
    let cloud = Endpoints {
        api: "https://api.bitbucket.org/2.0".into(),
        graphql: None,
        web: "https://bitbucket.org".into(),
    };
    let Some(base) = base else { return Ok(cloud) };
    let url = parse(base, &["/2.0", "/!api/2.0", "/api/2.0"])?;
    let host = host_of(&url);
    if ["bitbucket.org", "api.bitbucket.org", "www.bitbucket.org"].contains(&host.as_str()) {
        return Ok(cloud);
    }
    if is_loopback(&url) {
        let root = text(&url);
        return Ok(Endpoints {
            api: format!("{root}/2.0"),
            graphql: None,
            web: root,
        });
    }
    Err(bad(
        base,
        "Ampel supports Bitbucket Cloud (https://bitbucket.org); Bitbucket Data Center is not supported",
    ))
}

fn gitea(base: Option<&str>) -> Result<Endpoints, ForgeError> {
    let Some(base) = base else {
        return Err(bad(
            "",
            "Gitea and Forgejo need the instance address, e.g. https://codeberg.org",
        ));
    };
    let url = parse(base, &["/api/v1", "/api/swagger", "/api"])?;
    let root = text(&url);
    Ok(Endpoints {
        api: format!("{root}/api/v1"),
        graphql: None,
        web: root,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(p: Provider, base: Option<&str>) -> String {
        match resolve(p, base) {
            Ok(e) => e.api,
            Err(e) => format!("ERR {}", e.code()),
        }
    }

    #[test]
    fn github_dotcom_variants_go_to_api_github_com() {
        for b in [
            None,
            Some("github.com"),
            Some("https://github.com/"),
            Some("https://api.github.com"),
        ] {
            assert_eq!(api(Provider::Github, b), "https://api.github.com");
        }
    }

    #[test]
    fn ghes_gets_api_v3_and_api_graphql() {
        for b in [
            "https://ghe.corp.example",
            "https://ghe.corp.example/",
            "https://ghe.corp.example/api/v3/",
        ] {
            let e = resolve(Provider::Github, Some(b)).ok();
            assert_eq!(
                e.as_ref().map(|e| e.api.as_str()),
                Some("https://ghe.corp.example/api/v3")
            );
            assert_eq!(
                e.and_then(|e| e.graphql),
                Some("https://ghe.corp.example/api/graphql".to_string())
            );
        }
    }

    #[test]
    fn ghe_com_gets_api_subdomain() {
        for b in [
            "https://acme.ghe.com",
            "acme.ghe.com/",
            "https://api.acme.ghe.com",
        ] {
            let e = resolve(Provider::Github, Some(b)).ok();
            assert_eq!(
                e.as_ref().map(|e| e.api.as_str()),
                Some("https://api.acme.ghe.com")
            );
            assert_eq!(e.map(|e| e.web), Some("https://acme.ghe.com".to_string()));
        }
    }

    #[test]
    fn gitlab_strips_pasted_api_suffix_and_keeps_relative_root() {
        assert_eq!(api(Provider::Gitlab, None), "https://gitlab.com/api/v4");
        assert_eq!(
            api(Provider::Gitlab, Some("https://gitlab.com/api/v4/")),
            "https://gitlab.com/api/v4"
        );
        assert_eq!(
            api(Provider::Gitlab, Some("https://corp.example/gitlab//")),
            "https://corp.example/gitlab/api/v4"
        );
    }

    #[test]
    fn bitbucket_is_cloud_only_except_loopback() {
        assert_eq!(
            api(Provider::Bitbucket, None),
            "https://api.bitbucket.org/2.0"
        );
        assert_eq!(
            api(Provider::Bitbucket, Some("https://bitbucket.org/")),
            "https://api.bitbucket.org/2.0"
        );
        assert_eq!(
            api(Provider::Bitbucket, Some("https://bitbucket.corp.example")),
            "ERR bad_base_url"
        );
        assert_eq!(
            api(Provider::Bitbucket, Some("http://127.0.0.1:9/bitbucket")),
            "http://127.0.0.1:9/bitbucket/2.0"
        );
    }

    #[test]
    fn gitea_needs_a_base_and_strips_api_v1() {
        assert_eq!(api(Provider::Gitea, None), "ERR bad_base_url");
        assert_eq!(
            api(Provider::Gitea, Some("https://codeberg.org/api/v1")),
            "https://codeberg.org/api/v1"
        );
    }

    #[test]
    fn http_only_for_loopback() {
        assert_eq!(
            api(Provider::Gitlab, Some("http://gitlab.corp.example")),
            "ERR bad_base_url"
        );
        assert_eq!(
            api(Provider::Gitlab, Some("http://localhost:8080")),
            "http://localhost:8080/api/v4"
        );
        assert_eq!(
            api(Provider::Gitlab, Some("http://[::1]:8080")),
            "http://[::1]:8080/api/v4"
        );
        assert_eq!(
            api(Provider::Gitlab, Some("ftp://gitlab.com")),
            "ERR bad_base_url"
        );
        // Resolver names are not loopback, whatever they end in; IP literals are.
        for p in Provider::ALL {
            for url in [
                "http://x.localhost",
                "http://x.localhost:9/sub",
                "http://localhost.:9",
            ] {
                assert_eq!(api(p, Some(url)), "ERR bad_base_url", "{p} {url}");
            }
        }
        assert_eq!(
            api(Provider::Gitea, Some("http://127.0.0.2:3000")),
            "http://127.0.0.2:3000/api/v1"
        );
    }

    #[test]
    fn one_http_rule_for_test_and_for_account_input() {
        // endpoint.rs (test, sync) and account input (add, replace) agree.
        for url in [
            "http://localhost:8080",
            "http://LOCALHOST",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
            "http://x.localhost",
            "http://localhost.",
            "http://localhost.example.com",
            "http://git.example.com",
            "http://10.0.0.1",
        ] {
            let resolved = resolve(Provider::Gitea, Some(url)).is_ok();
            let input = ampel_core::account::validate_base_url(Provider::Gitea, Some(url)).is_ok();
            assert_eq!(resolved, input, "{url}");
        }
    }

    #[test]
    fn credentials_in_the_url_are_refused_and_not_echoed() {
        let err = resolve(
            Provider::Gitlab,
            Some("https://me:glpat-secret123@gitlab.com"),
        )
        .err();
        let text = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(text.contains("remove the user name"));
        assert!(!text.contains("glpat-secret123"));
    }
}
