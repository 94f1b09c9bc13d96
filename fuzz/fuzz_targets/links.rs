//! `Link` headers, `X-Next-Page`, Bitbucket's `next` and the repository picker's
//! cursors: whatever the forge (or an edited cursor) says, the next request never
//! leaves the account's host, and a picker URL stays under its API path.
#![no_main]

use ampel_core::Provider;
use ampel_forge::fuzzing;
use ampel_fuzz::assert_same_origin;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let provider = Provider::ALL[usize::from(pick % 4)];
    let text = String::from_utf8_lossy(rest);
    let ep = fuzzing::endpoints(provider);
    let current = fuzzing::api_url(provider, "/user/repos?page=1&per_page=100");
    let api = fuzzing::api_url(provider, "");
    let under = |u: &url::Url| {
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
        let r = fuzzing::reply(&answer, &current);
        assert_same_origin(fuzzing::list::gitlab::next(&r, &current).as_ref(), &current);
        assert_same_origin(fuzzing::list::gitea::next(&r, &current).as_ref(), &current);
    }
    assert_same_origin(
        fuzzing::list::bitbucket::next(&text, &current).as_ref(),
        &current,
    );
    if let Ok(u) = fuzzing::repos::next_url(&ep, &current, &text) {
        under(&u);
    }
    if let Ok(urls) = fuzzing::repos::cursor_urls(&ep, &text) {
        urls.iter().for_each(under);
    }
    let page = u32::from_le_bytes([pick, *rest.first().unwrap_or(&0), 0, 0]);
    under(&fuzzing::repos::with_page(&current, page));
});
