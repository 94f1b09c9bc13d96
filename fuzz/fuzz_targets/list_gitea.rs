//! A Gitea / Forgejo `pulls` answer, then reviews, a combined status, a branch and
//! an issue search (separated), read as a listing reads them; every PR gets a
//! light and `Link: rel="next"` never leads off the account's host.
#![no_main]

use ampel_core::Provider;
use ampel_forge::fuzzing;
use ampel_fuzz::{assert_same_origin, check_prs};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let current = fuzzing::api_url(Provider::Gitea, "/repos/owner/repo/pulls?state=open");
    if let Ok((prs, next)) = fuzzing::list::gitea::page(data, &current) {
        assert_same_origin(next.as_ref(), &current);
        check_prs(&prs);
    }
});
