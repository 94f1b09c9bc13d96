//! The local zone at both DST changes, with `TZ` set (in each of its forms) against a
//! different zone file, and unset; every instant is passed in, never read from a clock.

use super::*;
use crate::settings::{QuietHours, TimeOfDay};
use crate::triage::{wake_at, FixedZone, SnoozeFor};
use time::macros::{datetime, offset};

const NEW_YORK: &str = "/usr/share/zoneinfo/America/New_York";
const BERLIN_POSIX: &str = "CET-1CEST,M3.5.0,M10.5.0/3";

/// `TZ` as given, /etc/localtime standing in as New York's zone file.
fn zone(tz: Option<&str>) -> SystemZone {
    let (zone, why) = SystemZone::resolve(tz, Path::new(NEW_YORK));
    assert_eq!(why, None, "{tz:?} reads");
    zone
}

#[test]
fn tz_in_each_form_wins_over_the_zone_file_at_both_berlin_changes() {
    for tz in ["Europe/Berlin", ":Europe/Berlin", BERLIN_POSIX] {
        let zone = zone(Some(tz));
        assert_eq!(zone.source(), &ZoneSource::Tz(tz.to_string()));
        // Saturday 27 March 2027 22:00 CET, the evening before clocks go forward.
        let spring = datetime!(2027-03-27 21:00 UTC);
        assert_eq!(
            wake_at(SnoozeFor::Tomorrow, spring, &zone),
            Some(datetime!(2027-03-28 07:00 UTC)), // 09:00 CEST
            "{tz}"
        );
        // Friday 26 March 2027 → Monday 29 March 09:00 CEST.
        assert_eq!(
            wake_at(SnoozeFor::NextWeek, datetime!(2027-03-26 20:00 UTC), &zone),
            Some(datetime!(2027-03-29 07:00 UTC)),
            "{tz}"
        );
        // Saturday 30 October 2027 22:00 CEST, the evening before clocks go back.
        let autumn = datetime!(2027-10-30 20:00 UTC);
        assert_eq!(
            wake_at(SnoozeFor::Tomorrow, autumn, &zone),
            Some(datetime!(2027-10-31 08:00 UTC)), // 09:00 CET
            "{tz}"
        );
    }
}

#[test]
fn without_tz_the_zone_file_decides_at_both_new_york_changes() {
    for tz in [None, Some(""), Some("  ")] {
        let zone = zone(tz);
        assert_eq!(zone.source(), &ZoneSource::File(NEW_YORK.to_string()));
        // Saturday 13 March 2027 22:00 EST → Sunday 09:00 EDT (clocks forward at 02:00).
        assert_eq!(
            wake_at(SnoozeFor::Tomorrow, datetime!(2027-03-14 03:00 UTC), &zone),
            Some(datetime!(2027-03-14 13:00 UTC))
        );
        // Saturday 31 October 2026 22:00 EDT → Sunday 09:00 EST (clocks back at 02:00).
        assert_eq!(
            wake_at(SnoozeFor::Tomorrow, datetime!(2026-11-01 02:00 UTC), &zone),
            Some(datetime!(2026-11-01 14:00 UTC))
        );
    }
}

#[test]
fn quiet_hours_follow_the_zone_across_the_change() {
    let quiet = QuietHours::default(); // 22:00–07:00
    let berlin = zone(Some("Europe/Berlin"));
    let at = |t: OffsetDateTime| quiet.contains(TimeOfDay::of(berlin.local(t)));
    // Sunday 28 March 2027 05:30 UTC is 07:30 CEST: quiet is over. One offset captured
    // the evening before (+01:00) would say 06:30, still quiet.
    let morning = datetime!(2027-03-28 05:30 UTC);
    assert!(!at(morning));
    assert!(quiet.contains(TimeOfDay::of(morning.to_offset(offset!(+1)))));
    // 04:30 UTC is 06:30 CEST: still quiet.
    assert!(at(datetime!(2027-03-28 04:30 UTC)));
    // Sunday 31 October 2027 05:30 UTC is 06:30 CET: still quiet (07:30 at +02:00).
    assert!(at(datetime!(2027-10-31 05:30 UTC)));
}

#[test]
fn an_unknown_tz_or_an_unreadable_zone_file_is_utc_with_a_reason() {
    let (zone, why) = SystemZone::resolve(Some("Nowhere/Atlantis"), Path::new(NEW_YORK));
    assert_eq!(zone.source(), &ZoneSource::Utc);
    assert!(why.is_some_and(|w| w.contains("Nowhere/Atlantis")));
    let (zone, why) = SystemZone::resolve(None, Path::new("/nonexistent/localtime"));
    assert_eq!(zone.source(), &ZoneSource::Utc);
    assert!(why.is_some_and(|w| w.contains("/nonexistent/localtime")));
    assert_eq!(
        wake_at(SnoozeFor::Tomorrow, datetime!(2027-03-27 21:00 UTC), &zone),
        Some(datetime!(2027-03-28 09:00 UTC))
    );
}

#[test]
fn reads_summer_and_winter_offsets_from_the_zone_rules() {
    let zone = zone(Some("Europe/Berlin"));
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
    // One offset captured at start would say 10:00 on the wall clock.
    assert_eq!(
        wake_at(
            SnoozeFor::Tomorrow,
            datetime!(2027-03-27 21:00 UTC),
            &FixedZone(offset!(+1))
        ),
        Some(datetime!(2027-03-28 08:00 UTC))
    );
}
