//! A pasted base URL, resolved for every forge: never panics; what resolves is a
//! URL without credentials, https unless loopback, and paths built under it (a
//! watched repository's name) stay on its origin.
#![no_main]

use ampel_core::Provider;
use ampel_forge::endpoint::is_loopback;
use ampel_forge::fuzzing;
use libfuzzer_sys::fuzz_target;
use url::Url;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (base, segment) = text.split_once('\u{0}').unwrap_or((&text, "group/../../x"));
    for p in Provider::ALL {
        let Ok(ep) = fuzzing::resolve(p, base) else {
            continue;
        };
        let api = Url::parse(&ep.api).unwrap_or_else(|e| panic!("{}: {e}", ep.api));
        assert!(Url::parse(&ep.web).is_ok(), "{}", ep.web);
        assert!(
            api.username().is_empty() && api.password().is_none(),
            "{api}"
        );
        assert!(
            api.scheme() == "https" || (api.scheme() == "http" && is_loopback(&api)),
            "{api}"
        );
        if let Ok(u) = ep.api_path(&[segment, "merge_requests"], &[("q", segment)]) {
            assert_eq!(u.origin(), api.origin(), "{u} left {api}");
        }
    }
});
