use super::*;
use crate::triage::FixedZone;
use crate::triage::SystemZone;
use time::macros::{datetime, offset};

fn tod(h: u8, m: u8) -> TimeOfDay {
    TimeOfDay::hm(h, m).unwrap_or_default()
}

fn work() -> Profile {
    Profile {
        name: "Work".into(),
        accounts: vec!["gh-work".into()],
        orgs: vec![],
        schedule: vec![Window {
            days: vec![1, 2, 3, 4, 5],
            start: tod(9, 0),
            end: tod(18, 0),
        }],
    }
}

fn night() -> Profile {
    Profile {
        name: "On call".into(),
        accounts: vec!["gl-ops".into()],
        orgs: vec![],
        schedule: vec![Window {
            days: vec![5],
            start: tod(22, 0),
            end: tod(6, 0),
        }],
    }
}

/// Europe/Berlin by its POSIX rule: +01:00, +02:00 from the last Sunday of March
/// 02:00 to the last Sunday of October 03:00.
fn berlin() -> SystemZone {
    SystemZone::resolve(
        Some("CET-1CEST,M3.5.0,M10.5.0/3"),
        std::path::Path::new("/none"),
    )
    .0
}

fn name(p: Option<&Profile>) -> Option<&str> {
    p.map(|p| p.name.as_str())
}

#[test]
fn work_hours_on_weekdays_in_local_time() {
    let profiles = [work()];
    let zone = FixedZone(offset!(+1));
    // Tuesday 2026-12-08 08:59 and 09:00 local.
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-08 07:59 UTC), &zone)),
        None
    );
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-08 08:00 UTC), &zone)),
        Some("Work")
    );
    // 18:00 local is outside (end exclusive); Saturday is outside.
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-08 17:00 UTC), &zone)),
        None
    );
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-12 10:00 UTC), &zone)),
        None
    );
    assert_eq!(
        next_change(&profiles, datetime!(2026-12-08 12:00 UTC), &zone),
        Some(datetime!(2026-12-08 17:00 UTC))
    );
    // Friday evening: the next change is Monday 09:00 local.
    assert_eq!(
        next_change(&profiles, datetime!(2026-12-11 18:00 UTC), &zone),
        Some(datetime!(2026-12-14 08:00 UTC))
    );
}

#[test]
fn a_window_past_midnight_belongs_to_its_start_day() {
    let profiles = [night()];
    let zone = FixedZone(offset!(-5));
    // Friday 2026-12-11 23:30 local and Saturday 05:59 local: on; Saturday 06:00 off.
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-12 04:30 UTC), &zone)),
        Some("On call")
    );
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-12 10:59 UTC), &zone)),
        Some("On call")
    );
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-12 11:00 UTC), &zone)),
        None
    );
    // Thursday night is not Friday's window.
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-11 04:30 UTC), &zone)),
        None
    );
    assert_eq!(
        next_change(&profiles, datetime!(2026-12-12 04:30 UTC), &zone),
        Some(datetime!(2026-12-12 11:00 UTC))
    );
}

#[test]
fn the_schedule_follows_the_zone_across_both_dst_changes() {
    let profiles = [work()];
    let zone = berlin();
    // Friday 27 March (winter, +1): 09:00 local = 08:00 UTC.
    assert_eq!(
        next_change(&profiles, datetime!(2026-03-27 06:00 UTC), &zone),
        Some(datetime!(2026-03-27 08:00 UTC))
    );
    // Monday 30 March (summer, +2): 09:00 local = 07:00 UTC; from Friday's end.
    assert_eq!(
        next_change(&profiles, datetime!(2026-03-27 17:00 UTC), &zone),
        Some(datetime!(2026-03-30 07:00 UTC))
    );
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-03-30 07:00 UTC), &zone)),
        Some("Work")
    );
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-03-30 06:59 UTC), &zone)),
        None
    );
    // Friday 23 October (+2) ends 18:00 local = 16:00 UTC; Monday 26 October (+1)
    // starts 09:00 local = 08:00 UTC.
    assert_eq!(
        next_change(&profiles, datetime!(2026-10-23 12:00 UTC), &zone),
        Some(datetime!(2026-10-23 16:00 UTC))
    );
    assert_eq!(
        next_change(&profiles, datetime!(2026-10-23 16:00 UTC), &zone),
        Some(datetime!(2026-10-26 08:00 UTC))
    );
}

#[test]
fn a_window_through_the_dst_gap_and_fold_still_starts_and_ends_once() {
    // 01:30–03:30 every day: on 29 March 02:00–03:00 local does not exist, on
    // 25 October 02:00–03:00 happens twice.
    let p = Profile {
        name: "Late".into(),
        accounts: vec!["a".into()],
        orgs: vec![],
        schedule: vec![Window {
            days: vec![1, 2, 3, 4, 5, 6, 7],
            start: tod(1, 30),
            end: tod(3, 30),
        }],
    };
    let zone = berlin();
    let profiles = [p];
    // 29 March: 01:30 +1 = 00:30 UTC on; 03:30 +2 = 01:30 UTC off.
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-03-29 00:30 UTC), &zone)),
        Some("Late")
    );
    assert_eq!(
        next_change(&profiles, datetime!(2026-03-29 00:30 UTC), &zone),
        Some(datetime!(2026-03-29 01:30 UTC))
    );
    // 25 October: 01:30 +2 = 23:30 UTC the day before; 03:30 +1 = 02:30 UTC.
    assert_eq!(
        next_change(&profiles, datetime!(2026-10-24 23:30 UTC), &zone),
        Some(datetime!(2026-10-25 02:30 UTC))
    );
}

#[test]
fn a_profile_picked_by_hand_holds_until_the_next_scheduled_change() {
    let profiles = [work(), night()];
    let zone = FixedZone(offset!(+0));
    let now = datetime!(2026-12-08 10:00 UTC);
    assert_eq!(
        name(active(&profiles, None, now, &zone).profile),
        Some("Work")
    );
    let until = next_change(&profiles, now, &zone);
    assert_eq!(until, Some(datetime!(2026-12-08 18:00 UTC)));
    let manual = Manual {
        profile: Some("On call".into()),
        until,
    };
    let a = active(&profiles, Some(&manual), now, &zone);
    assert_eq!((name(a.profile), a.by_hand), (Some("On call"), true));
    let all = Manual {
        profile: None,
        until,
    };
    let a = active(&profiles, Some(&all), now, &zone);
    assert_eq!((name(a.profile), a.by_hand), (None, true));
    // At the change, the schedule decides again.
    let later = active(
        &profiles,
        Some(&manual),
        datetime!(2026-12-08 18:00 UTC),
        &zone,
    );
    assert_eq!((name(later.profile), later.by_hand), (None, false));
    // A profile removed since: the schedule.
    let gone = Manual {
        profile: Some("Gone".into()),
        until,
    };
    assert_eq!(
        name(active(&profiles, Some(&gone), now, &zone).profile),
        Some("Work")
    );
}

#[test]
fn no_profile_means_nothing_changes_and_no_schedule_never_changes() {
    let zone = FixedZone(offset!(+0));
    let now = datetime!(2026-12-31 23:59 UTC);
    assert_eq!(active(&[], None, now, &zone).profile, None);
    assert_eq!(next_change(&[], now, &zone), None);
    let by_hand_only = [Profile {
        schedule: vec![],
        ..work()
    }];
    assert_eq!(next_change(&by_hand_only, now, &zone), None);
}

#[test]
fn the_year_end_and_a_month_end_are_ordinary_days() {
    let profiles = [work()];
    let zone = FixedZone(offset!(+0));
    // Thursday 31 December 2026 17:59 → on; the next change 18:00; then Friday 1 Jan 09:00.
    assert_eq!(
        name(scheduled(&profiles, datetime!(2026-12-31 17:59 UTC), &zone)),
        Some("Work")
    );
    assert_eq!(
        next_change(&profiles, datetime!(2026-12-31 18:00 UTC), &zone),
        Some(datetime!(2027-01-01 09:00 UTC))
    );
}

#[test]
fn a_profile_covers_its_accounts_and_organisations() {
    use crate::pr::PullRequest;
    use crate::section::{Section, Sections};
    let listed = |account: &str, repo: &str| Listed {
        pr: PullRequest::open(
            crate::Provider::Github,
            account,
            repo,
            1,
            datetime!(2026-11-01 10:00 UTC),
        ),
        sections: Sections::of(Section::Mine),
    };
    let mut p = work();
    assert!(p.covers(&listed("gh-work", "acme/app")));
    assert!(!p.covers(&listed("gh-home", "acme/app")));
    p.orgs = vec!["acme".into()];
    assert!(p.covers(&listed("gh-work", "Acme/app")));
    assert!(!p.covers(&listed("gh-work", "other/app")));
}

#[test]
fn windows_parse_from_words_and_back() {
    let w = Window::parse("mon-fri 09:00-18:00").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(w, work().schedule[0]);
    assert_eq!(w.words(), "mon,tue,wed,thu,fri 09:00-18:00");
    let wrap = Window::parse("fri-mon 22:00-06:30").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wrap.days, vec![1, 5, 6, 7]);
    assert_eq!(Window::parse(&wrap.words()), Ok(wrap));
    let list = Window::parse("Monday,wed  08:00-12:00").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.days, vec![1, 3]);
    for bad in [
        "",
        "mon",
        "xyz 09:00-10:00",
        "mon 9-10",
        "mon 25:00-26:00",
        "mon 09:00",
    ] {
        assert!(Window::parse(bad).is_err(), "{bad:?}");
    }
}
