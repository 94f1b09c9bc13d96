//! The API budget check before an account's refresh: when the forge reported fewer
//! requests left than the account's last refresh took, and its window has not reset
//! yet, the refresh is postponed (code `postponed`, a reason naming both figures and
//! the reset time) rather than spending the budget down to 0.

use crate::SyncFailure;
use ampel_store::SyncStatus;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Where the account's notes keep how many requests its last refresh took.
const LAST_REQUESTS: &str = "sync:requests";

/// Remembers how many requests this refresh took, for the next check.
pub(crate) fn note_requests(notes: &mut BTreeMap<String, String>, requests: u32) {
    notes.insert(LAST_REQUESTS.to_string(), requests.to_string());
}

/// `Err(postponed)` when the reported budget would not cover the refresh at `now`.
pub(crate) fn check(status: &SyncStatus, now: OffsetDateTime) -> Result<(), SyncFailure> {
    let (Some(remaining), Some(reset)) = (status.rate_remaining, status.rate_reset_at) else {
        return Ok(());
    };
    if reset <= now {
        return Ok(());
    }
    let needed: i64 = status
        .validators
        .get(LAST_REQUESTS)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    if needed <= remaining {
        return Ok(());
    }
    let wait = ((reset - now).whole_seconds() + 59) / 60;
    Err(SyncFailure {
        code: "postponed".to_string(),
        message: format!(
            "refresh postponed: it takes about {needed} API requests and the forge reports \
             {remaining} left until its limit resets in {wait} min"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use time::Duration;

    const NOW: OffsetDateTime = datetime!(2026-11-02 9:00 UTC);

    fn status(remaining: Option<i64>, reset_in: Duration, last: Option<u32>) -> SyncStatus {
        let mut s = SyncStatus {
            rate_remaining: remaining,
            rate_limit: Some(1000),
            rate_reset_at: Some(NOW + reset_in),
            ..SyncStatus::default()
        };
        if let Some(n) = last {
            note_requests(&mut s.validators, n);
        }
        s
    }

    #[test]
    fn a_refresh_that_fits_the_budget_runs() {
        let min = Duration::minutes(10);
        assert!(check(&status(Some(23), min, Some(23)), NOW).is_ok());
        assert!(
            check(&status(None, min, Some(23)), NOW).is_ok(),
            "not reported"
        );
        assert!(
            check(&status(Some(5), min, None), NOW).is_ok(),
            "no estimate yet"
        );
        assert!(
            check(&status(Some(5), Duration::ZERO, Some(23)), NOW).is_ok(),
            "the window has reset"
        );
    }

    #[test]
    fn a_refresh_past_the_budget_is_postponed_with_its_reason() {
        let e = check(&status(Some(22), Duration::minutes(10), Some(23)), NOW).err();
        let e = e.unwrap_or_else(|| panic!("expected postponed"));
        assert_eq!(e.code, "postponed");
        assert_eq!(
            e.message,
            "refresh postponed: it takes about 23 API requests and the forge reports 22 left \
             until its limit resets in 10 min"
        );
        let zero = check(&status(Some(0), Duration::seconds(30), None), NOW).err();
        assert_eq!(zero.map(|e| e.code), Some("postponed".to_string()));
    }
}
