//! The link rule over real HTTP: a forge that sends hostile PR and check links
//! (`file:`, `javascript:`, `smb:`, `vscode:`, another host's https) gets them
//! refused; the listed PR opens through the forge's own URL pattern on the
//! account's web host and keeps no hostile check link.

mod support;

use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakePr};

use ampel_forge::Listing;
use support::watched::watched_listing;
use support::*;

const REPO: &str = "acme/links";

const HOSTILE: [&str; 6] = [
    "file:///etc/passwd#x",
    "javascript:alert(document.cookie)",
    "smb://evil.example/share",
    "vscode://file/etc/passwd",
    "https://evil.example/acme/links/pull/1",
    "http://evil.example/acme/links/pull/1",
];

/// One listing of [`REPO`] on a forge holding `prs`.
async fn listed(f: &FakeForge, p: Provider) -> Listing {
    watched_listing(f, p, REPO).await
}

/// The PR page on the account's web host, by the forge's own pattern.
fn own_page(f: &FakeForge, p: Provider, n: u64) -> String {
    let tail = match p {
        Provider::Github => format!("pull/{n}"),
        Provider::Gitlab => format!("-/merge_requests/{n}"),
        Provider::Bitbucket => format!("pull-requests/{n}"),
        Provider::Gitea => format!("pulls/{n}"),
    };
    format!("{}/{REPO}/{tail}", f.base_url(p))
}

/// Links refused in one listing of the hostile PRs: every PR link, and every check
/// link but the one on another https host (only GitHub lists check links).
fn refused(p: Provider) -> u32 {
    let prs = HOSTILE.len() as u32;
    match p {
        Provider::Github => prs + prs - 1,
        _ => prs,
    }
}

#[tokio::test]
async fn hostile_pr_and_check_links_are_refused_on_every_forge() {
    for p in Provider::ALL {
        let f = forge().await;
        for (i, bad) in HOSTILE.iter().enumerate() {
            let n = i as u64 + 1;
            f.add_pr(
                FakePr::new(p, REPO, n, &format!("hostile {n}"), "alice")
                    .check("build", CheckState::Failure)
                    .sends_url(bad)
                    .sends_check_url(bad),
            );
        }
        let l = listed(&f, p).await;
        assert_eq!(l.prs.len(), HOSTILE.len(), "{p:?}: every PR still listed");
        for x in &l.prs {
            assert_eq!(
                x.pr.url,
                own_page(&f, p, x.pr.number),
                "{p:?} #{}: the row opens the account's host",
                x.pr.number
            );
            // A check link may be on any https host (CI lives elsewhere); nothing else.
            // (Only GitHub's listing reads check links today.)
            let sent = HOSTILE[x.pr.number as usize - 1];
            let want: Vec<&str> = if sent.starts_with("https://") && p == Provider::Github {
                vec![sent]
            } else {
                vec![]
            };
            assert_eq!(
                x.pr.check_urls
                    .values()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
                want,
                "{p:?} #{}: check link",
                x.pr.number
            );
        }
        assert!(
            l.refused_links == refused(p),
            "{p:?}: counted {}",
            l.refused_links
        );
    }
}

#[tokio::test]
async fn links_on_the_account_host_and_https_ci_pages_are_kept() {
    for p in Provider::ALL {
        let f = forge().await;
        let own = own_page(&f, p, 1);
        f.add_pr(
            FakePr::new(p, REPO, 1, "fine", "alice")
                .check("build", CheckState::Failure)
                .sends_url(&own)
                .sends_check_url("https://ci.example.com/acme/links/build"),
        );
        let l = listed(&f, p).await;
        let pr = match l.prs.first() {
            Some(x) => &x.pr,
            None => panic!("{p:?}: nothing listed"),
        };
        assert_eq!(pr.url, own, "{p:?}");
        let want = if p == Provider::Github {
            vec!["https://ci.example.com/acme/links/build"]
        } else {
            vec![]
        };
        assert_eq!(
            pr.check_urls
                .values()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            want,
            "{p:?}"
        );
        assert_eq!(l.refused_links, 0, "{p:?}");
    }
}
