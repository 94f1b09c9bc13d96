//! The re-check tests' shared plumbing (Gitea and Bitbucket): an injected clock
//! starting at `T0`, the listing spec of a first and a next refresh carrying the
//! last listing as the sync does, and readers for one PR's light and reasons.

use super::{secret, spec, validator};
use ampel_core::changes::Listed;
use ampel_core::light::{light, Light};
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::scenario::DEMO_LOGIN;
use ampel_fakeforge::FakeForge;
use ampel_forge::{ListSpec, Listing};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

pub const PERSONAL: [Section; 3] = [Section::NeedsMyReview, Section::Mine, Section::AssignedToMe];
pub const T0: OffsetDateTime = datetime!(2026-11-02 9:00 UTC);
pub const BOUND: Duration = Duration::minutes(15);

/// The first refresh of account `account_id`, at `T0`.
pub fn first_spec(account_id: &str) -> ListSpec {
    ListSpec {
        account_id: account_id.into(),
        login: Some(DEMO_LOGIN.into()),
        sections: PERSONAL.to_vec(),
        now: Some(T0),
        ci_recheck: Some(BOUND),
        ..ListSpec::default()
    }
}

/// The spec of the next refresh at `now` after `last`.
pub fn next_spec(first: ListSpec, last: &Listing, now: OffsetDateTime) -> ListSpec {
    ListSpec {
        previous: last.prs.clone(),
        validators: last.validators.clone(),
        now: Some(now),
        ..first
    }
}

/// Lists with `token` on `provider`'s fake, the request log cleared first.
pub async fn listed_with(f: &FakeForge, provider: Provider, token: &str, s: &ListSpec) -> Listing {
    f.clear_requests();
    match validator()
        .list(&spec(f, provider), &secret(token), s)
        .await
    {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

/// PR `n` of the listing.
pub fn entry(l: &Listing, n: u64) -> &Listed {
    match l.prs.iter().find(|x| x.pr.number == n) {
        Some(x) => x,
        None => panic!("PR {n} not listed"),
    }
}

/// PR `n`'s light and reasons in words.
pub fn reasons(l: &Listing, n: u64) -> (Light, Vec<String>) {
    let v = light(&entry(l, n).pr);
    (v.light, v.reasons.iter().map(|r| r.to_string()).collect())
}
