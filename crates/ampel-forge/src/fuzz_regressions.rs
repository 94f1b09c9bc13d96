//! Every input the fuzz targets (`fuzz/`) found crashing a parser, replayed through
//! the same entry points in the ordinary test suite, so the bug stays fixed.

use crate::fuzzing;
use time::macros::datetime;

/// `limits`: `Retry-After` with more seconds than the calendar has left panicked
/// with "resulting value is out of range" (`now + seconds`) instead of answering
/// `rate_limited` without an instant.
#[test]
fn a_retry_after_past_the_year_9999_is_rate_limited_without_an_instant() {
    let now = datetime!(2026-12-01 20:40 UTC);
    let cases = [
        (now, "999999999999"),
        (now, "9223372036854775807"),
        (now, "18446744073709551615"),
        // The input found: a clock late in the calendar and a big but finite wait.
        (datetime!(9000-01-01 0:00 UTC), "59796158800"),
    ];
    for (now, secs) in cases {
        let answer = format!("HTTP/1.1 429 Too Many Requests\nretry-after: {secs}\n\n{{}}");
        let limits = fuzzing::limits(answer.as_bytes(), now);
        assert_eq!(
            limits.retry_after,
            (secs.parse::<u64>().ok(), None),
            "{secs}"
        );
        for e in &limits.rate_limited {
            assert_eq!(e.code(), "rate_limited");
        }
    }
    let near = fuzzing::limits(b"HTTP/1.1 429 x\nretry-after: 120\n\n", now);
    assert_eq!(
        near.retry_after,
        (Some(120), Some(datetime!(2026-12-01 20:42 UTC)))
    );
}

/// `limits`: a forge message with the token split by control characters (DEL here)
/// came out whole — the token was masked before the control characters were dropped,
/// which joined its halves again.
#[test]
fn a_token_split_by_control_characters_is_masked_once_they_are_dropped() {
    let (head, tail) = fuzzing::TOKEN.split_at(20);
    // JSON escapes: the forge sends them, the parser turns them into the characters.
    for split in [r"\u007f", r"\u0000", r"\n", r"\u007f\u007f\u0085"] {
        let answer = format!(
            "HTTP/1.1 401 Unauthorized\n\n{{\"message\":\"bad token {head}{split}{tail} for you\"}}"
        );
        let limits = fuzzing::limits(answer.as_bytes(), datetime!(2026-12-01 22:30 UTC));
        assert!(
            !limits.message.contains(fuzzing::TOKEN),
            "{split}: {}",
            limits.message
        );
        assert_eq!(limits.message, "bad token <redacted> for you", "{split}");
    }
}
