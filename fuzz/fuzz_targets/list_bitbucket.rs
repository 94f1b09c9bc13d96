//! A Bitbucket pull-request page, then its statuses, diffstat, branch restrictions
//! and workspaces (separated), read as a listing reads them; every PR gets a light
//! and the page's `next` is followed only on the account's host.
#![no_main]

use ampel_core::Provider;
use ampel_forge::fuzzing;
use ampel_fuzz::{assert_same_origin, check_prs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let current = fuzzing::api_url(Provider::Bitbucket, "/repositories/ws/repo/pullrequests");
    if let Ok((prs, next)) = fuzzing::list::bitbucket::page(data, &current) {
        assert_same_origin(next.as_ref(), &current);
        check_prs(&prs);
    }
});
