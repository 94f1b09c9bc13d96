//! A GitLab merge-request list answer (and a pipelines page after a separator) read
//! as a listing reads them; every PR gets a light and the next page
//! (`X-Next-Page`, `Link`) never leaves the account's host.
#![no_main]

use ampel_core::Provider;
use ampel_forge::fuzzing;
use ampel_fuzz::{assert_same_origin, check_prs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let current = fuzzing::api_url(Provider::Gitlab, "/merge_requests?scope=all&page=1");
    let r = fuzzing::reply(fuzzing::parts(data)[0], &current);
    assert_same_origin(fuzzing::list::gitlab::next(&r, &current).as_ref(), &current);
    if let Ok((prs, next)) = fuzzing::list::gitlab::page(data, &current) {
        assert_same_origin(next.as_ref(), &current);
        check_prs(&prs);
    }
});
