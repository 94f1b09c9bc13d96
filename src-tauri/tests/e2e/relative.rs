//! The UI's own wording rules for relative times (ui/src/accounts/format.ts),
//! so an expectation about "expires in N days" is computed with the code's
//! rounding at the window's own clock, never from the hour the test runs.

use crate::harness::{App, TestResult};
use time::OffsetDateTime;

const DAY_MS: f64 = 86_400_000.0;

/// JavaScript's `Math.round` (halves round up, also for negative numbers).
fn js_round(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// `expiry(at, now).text` of format.ts for an instant `at` seen at `now_ms`.
pub fn expiry_words(at: OffsetDateTime, now_ms: i64) -> String {
    let at_ms = (at.unix_timestamp_nanos() / 1_000_000) as i64;
    let left = (at_ms - now_ms) as f64;
    if left <= 0.0 {
        let ago = js_round(-left / DAY_MS);
        return if ago == 0 {
            "expired today".to_string()
        } else {
            format!("expired {} ago", days(ago))
        };
    }
    match js_round(left / DAY_MS) {
        0 => "expires today".to_string(),
        n => format!("expires in {}", days(n)),
    }
}

/// Waits until `css` shows the expiry of `at` as the UI words it at some moment
/// between `since_ms` (window time before the text could render) and now.
pub async fn expect_expiry(app: &App, css: &str, at: OffsetDateTime, since_ms: i64) -> TestResult {
    let what = format!("{css}: expected the expiry of {at}");
    app.expect_with(css, &what, |text, now_ms| {
        let wanted = [expiry_words(at, since_ms), expiry_words(at, now_ms)];
        wanted.iter().any(|w| text.contains(w.as_str()))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn rounds_as_format_ts_does() {
        let at = datetime!(2026-12-06 00:00 UTC);
        let ms = |t: OffsetDateTime| (t.unix_timestamp_nanos() / 1_000_000) as i64;
        assert_eq!(
            expiry_words(at, ms(datetime!(2026-12-01 00:05 UTC))),
            "expires in 5 days"
        );
        assert_eq!(
            expiry_words(at, ms(datetime!(2026-12-01 11:55 UTC))),
            "expires in 5 days"
        );
        assert_eq!(
            expiry_words(at, ms(datetime!(2026-12-01 12:05 UTC))),
            "expires in 4 days"
        );
        assert_eq!(
            expiry_words(at, ms(datetime!(2026-12-01 23:55 UTC))),
            "expires in 4 days"
        );
        assert_eq!(
            expiry_words(at, ms(datetime!(2026-12-05 23:00 UTC))),
            "expires today"
        );
        assert_eq!(
            expiry_words(at, ms(datetime!(2026-12-09 00:00 UTC))),
            "expired 3 days ago"
        );
    }
}
