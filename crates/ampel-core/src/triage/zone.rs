//! The system's time zone with its daylight-saving rules (from `TZ` or /etc/localtime),
//! so "tomorrow 09:00" chosen the evening before clocks change still wakes at 09:00 on
//! the wall clock, not an hour off as one offset captured at start would.

use super::LocalZone;
use time::{OffsetDateTime, UtcOffset};

/// The local zone's rules; when they cannot be read, one fixed offset.
#[derive(Debug, Clone)]
pub struct SystemZone {
    rules: Option<tz::TimeZone>,
    fallback: UtcOffset,
}

impl SystemZone {
    /// The zone of `TZ` (or /etc/localtime when unset); `fallback` when neither reads.
    pub fn local(fallback: UtcOffset) -> Self {
        Self {
            rules: tz::TimeZone::local().ok(),
            fallback,
        }
    }

    /// A zone by its IANA name or POSIX TZ string ("Europe/Berlin"); `None` when unknown.
    pub fn named(name: &str) -> Option<Self> {
        tz::TimeZone::from_posix_tz(name).ok().map(|rules| Self {
            rules: Some(rules),
            fallback: UtcOffset::UTC,
        })
    }
}

impl LocalZone for SystemZone {
    fn utc_offset(&self, at: OffsetDateTime) -> UtcOffset {
        self.rules
            .as_ref()
            .and_then(|z| z.find_local_time_type(at.unix_timestamp()).ok())
            .and_then(|t| UtcOffset::from_whole_seconds(t.ut_offset()).ok())
            .unwrap_or(self.fallback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::triage::{wake_at, FixedZone, SnoozeFor};
    use time::macros::{datetime, offset};

    fn berlin() -> SystemZone {
        SystemZone::named("Europe/Berlin").unwrap_or_else(|| panic!("tzdata has Europe/Berlin"))
    }

    #[test]
    fn reads_summer_and_winter_offsets_from_the_zone_rules() {
        let zone = berlin();
        assert_eq!(
            zone.utc_offset(datetime!(2027-01-15 12:00 UTC)),
            offset!(+1)
        );
        assert_eq!(
            zone.utc_offset(datetime!(2027-07-15 12:00 UTC)),
            offset!(+2)
        );
        // The change itself: 2027-03-28 01:00 UTC.
        assert_eq!(
            zone.utc_offset(datetime!(2027-03-28 00:59 UTC)),
            offset!(+1)
        );
        assert_eq!(
            zone.utc_offset(datetime!(2027-03-28 01:00 UTC)),
            offset!(+2)
        );
    }

    #[test]
    fn tomorrow_chosen_before_clocks_go_forward_wakes_at_nine_on_the_wall_clock() {
        let evening = datetime!(2027-03-27 21:00 UTC); // 22:00 CET, the night before the change
        assert_eq!(
            wake_at(SnoozeFor::Tomorrow, evening, &berlin()),
            Some(datetime!(2027-03-28 07:00 UTC)) // 09:00 CEST
        );
        // One offset captured at start would say 10:00 on the wall clock.
        assert_eq!(
            wake_at(SnoozeFor::Tomorrow, evening, &FixedZone(offset!(+1))),
            Some(datetime!(2027-03-28 08:00 UTC))
        );
    }

    #[test]
    fn an_unknown_zone_is_none_and_an_unreadable_one_uses_the_fallback() {
        assert!(SystemZone::named("Nowhere/Atlantis").is_none());
        let zone = SystemZone {
            rules: None,
            fallback: offset!(-5),
        };
        assert_eq!(
            zone.utc_offset(datetime!(2027-07-15 12:00 UTC)),
            offset!(-5)
        );
    }
}
