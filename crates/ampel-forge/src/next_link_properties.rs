//! Pagination never leads the token to another host: whatever a `Link` header,
//! `X-Next-Page`, a Bitbucket `next` or a picker cursor says (other hosts, userinfo
//! tricks, scheme-relative and backslash forms, other ports and schemes), the next
//! request stays on the account's origin, and a picker URL under its API path. A
//! proper same-origin next link is still followed.

use crate::fuzzing::{self, api_url, endpoints};
use ampel_core::Provider;
use proptest::prelude::*;
use url::Url;

const HOSTS: &[&str] = &[
    "{host}",
    "evil.example",
    "{host}.evil.example",
    "{host}@evil.example",
    "evil.example@{host}",
    "evil.example%2F@{host}",
    "127.0.0.1",
    "127.0.0.2:9",
    "[::1]",
    "{HOST}",
    "{host}:443",
    "{host}:8443",
    "{host}:80",
    "{host}\\@evil.example",
];
const SCHEMES: &[&str] = &[
    "https://", "http://", "//", "", "https:", "\\\\", "/\\", "HTTPS://", "ftp://",
];
const PATHS: &[&str] = &[
    "{api}/merge_requests?page=2",
    "/x?page=2",
    "",
    "/../../../other",
    "?page=3",
    "{api}/../../elsewhere",
    "#frag",
];
const RELS: &[&str] = &[
    "rel=\"next\"",
    "rel=next",
    "rel=\"prev\"",
    "rel=\"last\"",
    " rel = \"next\"",
    "rel=NEXT",
];

fn target(provider: Provider) -> impl Strategy<Value = String> {
    let api = api_url(provider, "");
    let host = api.host_str().unwrap_or_default().to_string();
    let path = api.path().trim_end_matches('/').to_string();
    let built = (
        prop::sample::select(SCHEMES),
        prop::sample::select(HOSTS),
        prop::sample::select(PATHS),
    )
        .prop_map(move |(s, h, p)| {
            let h = h
                .replace("{host}", &host)
                .replace("{HOST}", &host.to_uppercase());
            format!("{s}{h}{}", p.replace("{api}", &path))
        });
    prop_oneof![4 => built, 1 => "[ -~]{0,40}"]
}

fn link_header(provider: Provider) -> impl Strategy<Value = String> {
    prop::collection::vec((target(provider), prop::sample::select(RELS)), 1..4).prop_map(|parts| {
        parts
            .iter()
            .map(|(t, rel)| format!("<{t}>; {rel}"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

fn provider() -> impl Strategy<Value = Provider> {
    prop::sample::select(Provider::ALL.to_vec())
}

fn answer(header: &str, value: &str, current: &Url) -> crate::http::Reply {
    fuzzing::reply(
        format!("HTTP/1.1 200 OK\n{header}: {value}\n\n[]").as_bytes(),
        current,
    )
}

fn assert_stays(next: Option<&Url>, current: &Url) {
    if let Some(next) = next {
        assert_eq!(next.origin(), current.origin(), "{next} left {current}");
    }
}

/// A URL the repository picker would request: the account's origin, under its API path.
fn assert_under_api(url: &Url, provider: Provider) {
    let api = api_url(provider, "");
    assert_eq!(url.origin(), api.origin(), "{url}");
    let prefix = api.path().trim_end_matches('/');
    assert!(
        url.path() == prefix || url.path().starts_with(&format!("{prefix}/")),
        "{url}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn list_pages_never_leave_the_account_host(
        (p, header) in provider().prop_flat_map(|p| (Just(p), link_header(p))),
        next_page in "[ -~]{0,12}",
    ) {
        let current = api_url(p, "/merge_requests?state=opened&page=1");
        let link = answer("link", &header, &current);
        assert_stays(fuzzing::list::gitlab::next(&link, &current).as_ref(), &current);
        assert_stays(fuzzing::list::gitea::next(&link, &current).as_ref(), &current);
        let numbered = answer("x-next-page", &next_page, &current);
        assert_stays(fuzzing::list::gitlab::next(&numbered, &current).as_ref(), &current);
        for (target, _) in header.split(", ").filter_map(|part| part.split_once(">;")) {
            let target = target.trim_start_matches('<');
            assert_stays(fuzzing::list::bitbucket::next(target, &current).as_ref(), &current);
        }
    }

    #[test]
    fn picker_next_links_and_cursors_stay_under_the_api(
        (p, header, t) in provider().prop_flat_map(|p| (Just(p), link_header(p), target(p))),
    ) {
        let ep = endpoints(p);
        let current = api_url(p, "/user/repos?page=1");
        for text in [header.as_str(), t.as_str()] {
            if let Ok(u) = fuzzing::repos::next_url(&ep, &current, text) {
                assert_under_api(&u, p);
            }
        }
        let cursors = [
            serde_json::json!({"k": "url", "u": t}),
            serde_json::json!({"k": "bitbucket", "ws": ["a"], "next": t, "more_ws": t}),
        ];
        for c in cursors {
            if let Ok(urls) = fuzzing::repos::cursor_urls(&ep, &c.to_string()) {
                urls.iter().for_each(|u| assert_under_api(u, p));
            }
        }
    }
}

#[test]
fn a_same_origin_next_link_is_followed() {
    for p in Provider::ALL {
        let current = api_url(p, "/merge_requests?page=1");
        let next = api_url(p, "/merge_requests?page=2");
        let link = answer("link", &format!("<{next}>; rel=\"next\""), &current);
        assert_eq!(
            fuzzing::list::gitlab::next(&link, &current).as_ref(),
            Some(&next)
        );
        assert_eq!(
            fuzzing::list::gitea::next(&link, &current).as_ref(),
            Some(&next)
        );
        assert_eq!(
            fuzzing::list::bitbucket::next(next.as_str(), &current).as_ref(),
            Some(&next)
        );
        let ep = endpoints(p);
        assert_eq!(
            fuzzing::repos::next_url(&ep, &current, next.as_str()).ok(),
            Some(next)
        );
    }
}
