//! One GitHub GraphQL answer (HTTP failures, `errors` with 200, a search page) read
//! as a dashboard listing reads it; every PR it yields gets a light.
#![no_main]

use ampel_fuzz::check_prs;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok((prs, _cursor)) = ampel_forge::fuzzing::list::github::page(data) {
        check_prs(&prs);
    }
});
