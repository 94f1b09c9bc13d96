//! Rate-limit headers (`Retry-After` as seconds or an HTTP date, `X-RateLimit-*`,
//! `RateLimit-*`), token expiry in every form (GitHub's two header formats, GitLab's
//! date) and the failures every forge reads alike. Never panics, at any instant.
#![no_main]

use ampel_forge::fuzzing;
use libfuzzer_sys::fuzz_target;
use time::OffsetDateTime;

fuzz_target!(|data: &[u8]| {
    let (at, rest) = match data.split_first_chunk::<8>() {
        Some((at, rest)) => (i64::from_le_bytes(*at), rest),
        None => (0, data),
    };
    // Any instant the clock can show, including the far ends of `time`'s range.
    let now = OffsetDateTime::from_unix_timestamp(at % 253_402_300_799)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let limits = fuzzing::limits(rest, now);
    if let (Some(secs), Some(until)) = limits.retry_after {
        assert!(until >= now || secs == 0, "{limits:?}");
    }
    for e in &limits.rate_limited {
        assert_eq!(e.code(), "rate_limited");
    }
    assert!(limits.message.chars().count() <= 200);
    assert!(!limits.message.contains(fuzzing::TOKEN));
});
