//! GitHub's token validation answer(s): status, headers and body, read as the
//! validation reads them. Never panics; a success names the account's API.
#![no_main]

use ampel_core::Provider;
use ampel_forge::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mode = data.first().copied().unwrap_or(0);
    match fuzzing::validate(Provider::Github, data, mode) {
        Ok(v) => {
            assert_eq!(v.api_url, fuzzing::endpoints(Provider::Github).api);
            let _ = serde_json::to_string(&v);
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            let _ = serde_json::to_string(&e.report());
        }
    }
});
