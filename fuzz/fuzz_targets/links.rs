//! `Link` headers, `X-Next-Page`, Bitbucket's `next` and the repository picker's
//! cursors: whatever the forge (or an edited cursor) says, the next request never
//! leaves the account's host, and a picker URL stays under its API path.
#![no_main]

use ampel_core::Provider;
use ampel_forge::fuzzing;
use ampel_forge::Endpoints;
use ampel_fuzz::assert_same_origin;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use url::Url;

/// Each forge's endpoints, a page URL and the API root, computed once (they are
/// the harness's, not the input's).
fn accounts() -> &'static [(Endpoints, Url, Url); 4] {
    static ACCOUNTS: OnceLock<[(Endpoints, Url, Url); 4]> = OnceLock::new();
    ACCOUNTS.get_or_init(|| {
        Provider::ALL.map(|p| {
            (
                fuzzing::endpoints(p),
                fuzzing::api_url(p, "/user/repos?page=1&per_page=100"),
                fuzzing::api_url(p, ""),
            )
        })
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (ep, current, api) = &accounts()[usize::from(pick % 4)];
    let text = String::from_utf8_lossy(rest);
    let under = |u: &Url| {
        assert_eq!(u.origin(), api.origin(), "{u} left {api}");
        let prefix = api.path().trim_end_matches('/');
        assert!(
            u.path() == prefix || u.path().starts_with(&format!("{prefix}/")),
            "{u}"
        );
    };
    for header in ["link", "x-next-page"] {
        let mut answer = format!("HTTP/1.1 200 OK\n{header}: ").into_bytes();
        answer.extend_from_slice(rest);
        answer.extend_from_slice(b"\n\n[]");
        let r = fuzzing::reply(&answer, current);
        assert_same_origin(fuzzing::list::gitlab::next(&r, current).as_ref(), current);
        assert_same_origin(fuzzing::list::gitea::next(&r, current).as_ref(), current);
    }
    assert_same_origin(
        fuzzing::list::bitbucket::next(&text, current).as_ref(),
        current,
    );
    if let Ok(u) = fuzzing::repos::next_url(ep, current, &text) {
        under(&u);
    }
    if let Ok(urls) = fuzzing::repos::cursor_urls(ep, &text) {
        urls.iter().for_each(under);
    }
    let page = u32::from_le_bytes([pick, *rest.first().unwrap_or(&0), 0, 0]);
    under(&fuzzing::repos::with_page(current, page));
});
