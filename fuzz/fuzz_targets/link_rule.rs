//! The link rule (`ampel_core::link`) on any account web address and any link a forge
//! sends: never panics; what it keeps is https (http only for a loopback account),
//! without user info, on the account's host for a PR link, and kept again unchanged;
//! a fallback PR page is always one the rule keeps.
#![no_main]

use ampel_core::link::{check_link, openable, pr_fallback, pr_link, WebHost};
use ampel_core::Provider;
use libfuzzer_sys::fuzz_target;
use url::Url;

fn clean(u: &Url) -> bool {
    u.username().is_empty() && u.password().is_none() && u.host_str().is_some()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\u{0}');
    let (web, raw, repo) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("https://github.com/o/r/pull/1"),
        parts.next().unwrap_or("o/r"),
    );
    let web = WebHost::parse(web).unwrap_or_else(|| {
        WebHost::parse("https://github.com").unwrap_or_else(|| panic!("the default web host"))
    });
    let root = Url::parse(&web.root()).unwrap_or_else(|e| panic!("{}: {e}", web.root()));
    if let Some(u) = pr_link(raw, &web) {
        let url = Url::parse(&u).unwrap_or_else(|e| panic!("{u}: {e}"));
        assert!(clean(&url), "{u}");
        assert!(
            url.scheme() == "https" || (url.scheme() == "http" && web.loopback_http()),
            "{u}"
        );
        assert_eq!(url.host(), root.host(), "{u} left {root}");
        assert_eq!(url.port_or_known_default(), root.port_or_known_default(), "{u}");
        assert_eq!(pr_link(&u, &web).as_deref(), Some(u.as_str()), "not stable");
    }
    if let Some(u) = check_link(raw, &web) {
        let url = Url::parse(&u).unwrap_or_else(|e| panic!("{u}: {e}"));
        assert!(clean(&url), "{u}");
        assert!(url.scheme() == "https" || url.scheme() == "http", "{u}");
        assert_eq!(check_link(&u, &web).as_deref(), Some(u.as_str()), "not stable");
    }
    if let Some(u) = openable(raw) {
        let url = Url::parse(&u).unwrap_or_else(|e| panic!("{u}: {e}"));
        assert!(clean(&url), "{u}");
        assert!(url.scheme() == "https" || url.scheme() == "http", "{u}");
    }
    for p in Provider::ALL {
        if let Some(u) = pr_fallback(p, &web, repo, 7) {
            assert_eq!(pr_link(&u, &web).as_deref(), Some(u.as_str()), "{u}");
        }
    }
});
