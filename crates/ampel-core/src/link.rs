//! The one rule for links a forge sends: which PR and check links may be shown and opened.
//
// - A **PR link** must be `https` on the account's web host (same host and port);
//   plain `http` only when the account itself is `http` on a loopback IP or `localhost`.
// - A **check link** must be `https` on any host (CI services live elsewhere); plain
//   `http` again only for a loopback account, and then only to a loopback host.
// - Neither may carry a user name or password, and neither may be longer than
//   [`MAX_LINK`]. Anything else is refused: the row opens the PR through the forge's
//   own URL pattern ([`pr_fallback`]) or shows no link.
//
// Accepted links come back normalised (`url` crate serialisation: lower-case,
// punycoded host), and that text is what is stored and opened.

use crate::Provider;
use std::net::IpAddr;
use url::{Host, Url};

/// The longest link kept (far above any real PR or CI page).
pub const MAX_LINK: usize = 4096;

/// The account's web address (`Endpoints::web`, e.g. `https://github.com`), parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebHost {
    url: Url,
    loopback_http: bool,
}

impl WebHost {
    /// `None` when `web` is not an absolute http(s) URL with a host.
    pub fn parse(web: &str) -> Option<WebHost> {
        let url = Url::parse(web).ok()?;
        if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
            return None;
        }
        if url.scheme() == "http" && !is_loopback(&url) {
            return None;
        }
        let loopback_http = url.scheme() == "http";
        Some(WebHost { url, loopback_http })
    }

    /// The web address without a trailing slash.
    pub fn root(&self) -> String {
        self.url.as_str().trim_end_matches('/').to_string()
    }

    /// True when the account is plain `http` on a loopback address.
    pub fn loopback_http(&self) -> bool {
        self.loopback_http
    }
}

/// True for 127.0.0.0/8, `::1` and `localhost` (no other names: a resolver decides those).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn parse(raw: &str) -> Option<Url> {
    if raw.len() > MAX_LINK {
        return None;
    }
    let url = Url::parse(raw.trim()).ok()?;
    if !url.username().is_empty() || url.password().is_some() || url.host_str().is_none() {
        return None;
    }
    Some(url)
}

/// The PR link `raw` if it may be shown and opened for an account at `web`, normalised.
pub fn pr_link(raw: &str, web: &WebHost) -> Option<String> {
    let url = parse(raw)?;
    let scheme_ok = match url.scheme() {
        "https" => true,
        "http" => web.loopback_http,
        _ => false,
    };
    let same_host = url.host() == web.url.host()
        && url.port_or_known_default() == web.url.port_or_known_default();
    (scheme_ok && same_host).then(|| url.to_string())
}

/// The check link `raw` if it may be shown and opened for an account at `web`, normalised.
pub fn check_link(raw: &str, web: &WebHost) -> Option<String> {
    let url = parse(raw)?;
    let ok = match url.scheme() {
        "https" => true,
        "http" => web.loopback_http && is_loopback(&url),
        _ => false,
    };
    ok.then(|| url.to_string())
}

/// Whether `raw` may be opened at all when the account is not known (the open path's
/// last check): `https` anywhere, `http` only to a loopback address, no user info.
pub fn openable(raw: &str) -> Option<String> {
    let url = parse(raw)?;
    let ok = match url.scheme() {
        "https" => true,
        "http" => is_loopback(&url),
        _ => false,
    };
    ok.then(|| url.to_string())
}

/// The PR's page built from the forge's own URL pattern on the account's web host:
/// GitHub `{web}/{owner}/{repo}/pull/{n}`, GitLab `{web}/{path}/-/merge_requests/{n}`,
/// Bitbucket `{web}/{ws}/{slug}/pull-requests/{n}`, Gitea `{web}/{owner}/{repo}/pulls/{n}`.
/// `None` when `repo` is not a plain repository path.
pub fn pr_fallback(provider: Provider, web: &WebHost, repo: &str, number: u64) -> Option<String> {
    let parts: Vec<&str> = repo.split('/').collect();
    let plain = |p: &&str| {
        !p.is_empty()
            && *p != "."
            && *p != ".."
            && p.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let depth_ok = match provider {
        Provider::Gitlab => parts.len() >= 2,
        _ => parts.len() == 2,
    };
    if !depth_ok || !parts.iter().all(plain) {
        return None;
    }
    let tail: Vec<String> = match provider {
        Provider::Github => vec!["pull".into(), number.to_string()],
        Provider::Gitlab => vec!["-".into(), "merge_requests".into(), number.to_string()],
        Provider::Bitbucket => vec!["pull-requests".into(), number.to_string()],
        Provider::Gitea => vec!["pulls".into(), number.to_string()],
    };
    let mut url = web.url.clone();
    {
        let mut segs = url.path_segments_mut().ok()?;
        segs.pop_if_empty();
        segs.extend(parts.iter().copied());
        segs.extend(tail.iter().map(String::as_str));
    }
    pr_link(url.as_str(), web)
}

/// What [`sanitize`] refused in one PR: its link (replaced by the fallback or emptied)
/// and how many check links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Refused {
    pub pr_link: bool,
    pub check_links: usize,
}

impl Refused {
    /// Nothing refused.
    pub fn none(&self) -> bool {
        !self.pr_link && self.check_links == 0
    }
}

/// Applies the rule to one PR as a forge sent it: a refused PR link becomes the forge's
/// URL pattern (or empty), refused check links are dropped.
pub fn sanitize(pr: &mut crate::pr::PullRequest, web: &WebHost) -> Refused {
    let mut refused = Refused::default();
    match pr_link(&pr.url, web) {
        Some(ok) => pr.url = ok,
        None => {
            refused.pr_link = !pr.url.is_empty();
            pr.url = pr_fallback(pr.provider, web, &pr.repo, pr.number).unwrap_or_default();
        }
    }
    let before = pr.check_urls.len();
    pr.check_urls = std::mem::take(&mut pr.check_urls)
        .into_iter()
        .filter_map(|(name, u)| check_link(&u, web).map(|u| (name, u)))
        .collect();
    refused.check_links = before - pr.check_urls.len();
    refused
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pr::PullRequest;
    use time::macros::datetime;

    fn web(s: &str) -> WebHost {
        WebHost::parse(s).unwrap_or_else(|| panic!("bad web {s}"))
    }

    const HOSTILE: [&str; 12] = [
        "file:///etc/passwd#x",
        "javascript:alert(1)",
        "smb://evil.example/share",
        "vscode://file/etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/o/r/pull/1",
        "http://github.com/o/r/pull/1",
        "https://user:pw@github.com/o/r/pull/1",
        "https://github.com@evil.example/o/r/pull/1",
        "https://xn--gthub-zsa.com/o/r/pull/1",
        "https://gíthub.com/o/r/pull/1",
        "",
    ];

    #[test]
    fn hostile_pr_links_are_refused() {
        let gh = web("https://github.com");
        for bad in HOSTILE {
            assert_eq!(pr_link(bad, &gh), None, "{bad}");
        }
        assert_eq!(pr_link("https://github.com:8443/o/r/pull/1", &gh), None);
        assert_eq!(pr_link("sftp://github.com/o/r", &gh), None);
        assert_eq!(pr_link("https://sub.github.com/o/r/pull/1", &gh), None);
        assert_eq!(
            pr_link(&format!("https://github.com/{}", "a".repeat(MAX_LINK)), &gh),
            None
        );
    }

    #[test]
    fn pr_links_on_the_account_host_are_kept_normalised() {
        let gh = web("https://github.com");
        assert_eq!(
            pr_link("https://github.com/o/r/pull/1", &gh).as_deref(),
            Some("https://github.com/o/r/pull/1")
        );
        assert_eq!(
            pr_link("HTTPS://GitHub.COM/o/r/pull/1", &gh).as_deref(),
            Some("https://github.com/o/r/pull/1"),
            "upper-case scheme and host"
        );
        let idn = web("https://gíthub.example");
        assert_eq!(
            pr_link("https://GÍTHUB.example/o/r/pulls/2", &idn).as_deref(),
            Some("https://xn--gthub-zsa.example/o/r/pulls/2"),
            "an IDN host compares in its punycode form"
        );
        assert_eq!(pr_link("https://github.example/o/r/pulls/2", &idn), None);
    }

    #[test]
    fn http_only_for_a_loopback_account() {
        let local = web("http://127.0.0.1:8080");
        assert!(pr_link("http://127.0.0.1:8080/o/r/pull/1", &local).is_some());
        assert_eq!(
            pr_link("http://127.0.0.1:9090/o/r/pull/1", &local),
            None,
            "other port"
        );
        assert_eq!(
            pr_link("http://localhost:8080/o/r/pull/1", &local),
            None,
            "other host"
        );
        assert!(check_link("http://127.0.0.1:9/ci", &local).is_some());
        assert_eq!(check_link("http://ci.example/1", &local), None);
        let named = web("http://LOCALHOST:3000");
        assert!(pr_link("http://localhost:3000/o/r/pulls/1", &named).is_some());
        assert_eq!(
            WebHost::parse("http://gitea.example"),
            None,
            "http to a non-loopback host"
        );
        assert_eq!(WebHost::parse("http://x.localhost"), None);
        assert_eq!(WebHost::parse("file:///tmp"), None);
        let gh = web("https://github.com");
        assert_eq!(
            check_link("http://127.0.0.1:9/ci", &gh),
            None,
            "https account"
        );
    }

    #[test]
    fn check_links_may_be_on_any_https_host() {
        let gh = web("https://github.com");
        assert!(check_link("https://ci.example/build/1", &gh).is_some());
        assert!(check_link("https://buildkite.com/o/p/builds/9#job", &gh).is_some());
        for bad in HOSTILE
            .iter()
            .filter(|b| !b.starts_with("https://") || b.contains('@'))
        {
            assert_eq!(check_link(bad, &gh), None, "{bad}");
        }
        assert_eq!(check_link("http://ci.example/1", &gh), None);
    }

    #[test]
    fn the_open_path_refuses_non_web_schemes() {
        for bad in HOSTILE.iter().take(5) {
            assert_eq!(openable(bad), None, "{bad}");
        }
        assert_eq!(openable("http://ci.example/1"), None);
        assert_eq!(openable("https://u:p@ci.example/1"), None);
        assert!(openable("https://ci.example/1").is_some());
        assert!(openable("http://127.0.0.1:9/o/r/pull/1").is_some());
    }

    #[test]
    fn fallbacks_follow_each_forge_pattern() {
        let gh = web("https://github.com");
        assert_eq!(
            pr_fallback(Provider::Github, &gh, "o/r", 7).as_deref(),
            Some("https://github.com/o/r/pull/7")
        );
        let gl = web("https://gl.example/gitlab");
        assert_eq!(
            pr_fallback(Provider::Gitlab, &gl, "g/sub/p", 3).as_deref(),
            Some("https://gl.example/gitlab/g/sub/p/-/merge_requests/3")
        );
        let bb = web("https://bitbucket.org");
        assert_eq!(
            pr_fallback(Provider::Bitbucket, &bb, "ws/slug", 4).as_deref(),
            Some("https://bitbucket.org/ws/slug/pull-requests/4")
        );
        let gt = web("http://127.0.0.1:3000");
        assert_eq!(
            pr_fallback(Provider::Gitea, &gt, "o/r", 5).as_deref(),
            Some("http://127.0.0.1:3000/o/r/pulls/5")
        );
        for bad in ["o", "o/r/x", "../r", "o/r?x", "o/%2e%2e", "o/r#1", ""] {
            assert_eq!(pr_fallback(Provider::Github, &gh, bad, 1), None, "{bad}");
        }
    }

    #[test]
    fn sanitize_replaces_the_pr_link_and_drops_bad_checks() {
        let gh = web("https://github.com");
        let mut pr = PullRequest::open(
            Provider::Github,
            "a",
            "o/r",
            9,
            datetime!(2026-11-01 0:00 UTC),
        );
        pr.url = "file:///etc/passwd#x".into();
        pr.check_urls
            .insert("ci".into(), "javascript:alert(1)".into());
        pr.check_urls
            .insert("ok".into(), "https://ci.example/9".into());
        let refused = sanitize(&mut pr, &gh);
        assert_eq!(
            refused,
            Refused {
                pr_link: true,
                check_links: 1
            }
        );
        assert_eq!(pr.url, "https://github.com/o/r/pull/9");
        assert_eq!(pr.check_urls.len(), 1);
        assert_eq!(
            pr.check_urls.get("ok").map(String::as_str),
            Some("https://ci.example/9")
        );
        let again = sanitize(&mut pr, &gh);
        assert!(again.none(), "the rule is idempotent");
    }

    proptest::proptest! {
        /// Whatever a forge sends, what the rule keeps is https (http only for the
        /// loopback account), without user info, on the account's host for a PR link,
        /// and kept again unchanged.
        #[test]
        fn what_is_kept_obeys_the_rule(
            scheme in "(https|http|HTTPS|file|javascript|smb|vscode|data|sftp)",
            user in "(|u@|u:p@|github.com@)",
            host in "(github.com|GitHub.COM|gíthub.com|evil.example|127.0.0.1|localhost|\\[::1\\])",
            port in "(|:443|:80|:8080)",
            path in "[a-z/%.#?&=<>-]{0,24}",
            account in 0usize..3,
        ) {
            let web = web(["https://github.com", "http://127.0.0.1:8080", "http://localhost"][account]);
            let raw = format!("{scheme}://{user}{host}{port}/{path}");
            let root = Url::parse(&web.root()).unwrap_or_else(|e| panic!("{e}"));
            if let Some(u) = pr_link(&raw, &web) {
                let url = Url::parse(&u).unwrap_or_else(|e| panic!("{u}: {e}"));
                proptest::prop_assert!(url.username().is_empty() && url.password().is_none());
                proptest::prop_assert!(url.scheme() == "https" || (url.scheme() == "http" && web.loopback_http()));
                proptest::prop_assert_eq!(url.host(), root.host());
                proptest::prop_assert_eq!(url.port_or_known_default(), root.port_or_known_default());
                proptest::prop_assert_eq!(pr_link(&u, &web), Some(u.clone()));
            }
            for kept in [check_link(&raw, &web), openable(&raw)].into_iter().flatten() {
                let url = Url::parse(&kept).unwrap_or_else(|e| panic!("{kept}: {e}"));
                proptest::prop_assert!(url.username().is_empty() && url.password().is_none());
                proptest::prop_assert!(url.scheme() == "https" || (url.scheme() == "http" && is_loopback(&url)));
            }
        }
    }
}
