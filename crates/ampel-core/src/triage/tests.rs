use super::*;
use crate::light::Light;
use crate::pr::{Check, Checks, Review, ReviewVote};
use crate::tray;
use crate::Provider;
use time::macros::{datetime, offset};

/// Central European time in 2026: +01:00, +02:00 from 29 March 01:00 UTC to
/// 25 October 01:00 UTC (the EU rule), to test wake times across both changes.
struct Berlin;

impl LocalZone for Berlin {
    fn utc_offset(&self, at: OffsetDateTime) -> UtcOffset {
        let at = at.to_offset(UtcOffset::UTC);
        if at >= datetime!(2026-03-29 01:00 UTC) && at < datetime!(2026-10-25 01:00 UTC) {
            offset!(+2)
        } else {
            offset!(+1)
        }
    }
}

#[test]
fn one_hour_is_sixty_minutes_whatever_the_zone() {
    let now = datetime!(2026-03-29 00:30 UTC);
    assert_eq!(
        wake_at(SnoozeFor::OneHour, now, &Berlin),
        Some(datetime!(2026-03-29 01:30 UTC))
    );
    assert_eq!(wake_at(SnoozeFor::UntilChange, now, &Berlin), None);
}

#[test]
fn tomorrow_is_nine_local_on_the_next_local_day() {
    let zone = FixedZone(offset!(-5));
    let cases = [
        // 23:59 local on 1 Dec → 2 Dec 09:00 local.
        (
            datetime!(2026-12-02 04:59 UTC),
            datetime!(2026-12-02 09:00 -5),
        ),
        // 00:01 local on 2 Dec (already "today" locally) → 3 Dec 09:00.
        (
            datetime!(2026-12-02 05:01 UTC),
            datetime!(2026-12-03 09:00 -5),
        ),
        // Year end.
        (
            datetime!(2027-01-01 04:00 UTC),
            datetime!(2027-01-01 09:00 -5),
        ),
        (
            datetime!(2027-01-01 06:00 UTC),
            datetime!(2027-01-02 09:00 -5),
        ),
    ];
    for (now, want) in cases {
        assert_eq!(
            wake_at(SnoozeFor::Tomorrow, now, &zone),
            Some(want),
            "{now}"
        );
    }
}

#[test]
fn tomorrow_across_daylight_saving_keeps_nine_local() {
    // Saturday 28 March 20:00 CET → Sunday 09:00 CEST (07:00 UTC), 11 hours later, not 12.
    let now = datetime!(2026-03-28 19:00 UTC);
    let at = wake_at(SnoozeFor::Tomorrow, now, &Berlin);
    assert_eq!(at, Some(datetime!(2026-03-29 07:00 UTC)));
    // Saturday 24 October 20:00 CEST → Sunday 09:00 CET (08:00 UTC).
    let now = datetime!(2026-10-24 18:00 UTC);
    assert_eq!(
        wake_at(SnoozeFor::Tomorrow, now, &Berlin),
        Some(datetime!(2026-10-25 08:00 UTC))
    );
}

#[test]
fn a_local_time_in_a_gap_or_a_fold_resolves_by_the_rule() {
    // 02:30 does not exist on 29 March: read with +01:00, it is 03:30 CEST.
    let gap = PrimitiveDateTime::new(
        time::macros::date!(2026 - 03 - 29),
        time::macros::time!(02:30),
    );
    assert_eq!(resolve(gap, &Berlin), datetime!(2026-03-29 01:30 UTC));
    // 02:30 happens twice on 25 October: the earlier one (CEST).
    let fold = PrimitiveDateTime::new(
        time::macros::date!(2026 - 10 - 25),
        time::macros::time!(02:30),
    );
    assert_eq!(resolve(fold, &Berlin), datetime!(2026-10-25 00:30 UTC));
}

#[test]
fn next_week_is_the_next_monday_at_nine_local() {
    let zone = FixedZone(offset!(+9));
    let cases = [
        // Monday 1 Dec 2025 10:00 local → Monday 8 Dec.
        (
            datetime!(2025-12-01 10:00 +9),
            datetime!(2025-12-08 09:00 +9),
        ),
        // Sunday 23:30 local → the next day, Monday.
        (
            datetime!(2025-12-07 23:30 +9),
            datetime!(2025-12-08 09:00 +9),
        ),
        // Sunday 23:30 UTC is already Monday 08:30 local → the Monday after.
        (
            datetime!(2025-12-07 23:30 UTC),
            datetime!(2025-12-15 09:00 +9),
        ),
        // Across the year end.
        (
            datetime!(2026-12-31 12:00 +9),
            datetime!(2027-01-04 09:00 +9),
        ),
    ];
    for (now, want) in cases {
        assert_eq!(
            wake_at(SnoozeFor::NextWeek, now, &zone),
            Some(want),
            "{now}"
        );
    }
    // Across the spring change: Friday 27 March CET → Monday 30 March 09:00 CEST.
    assert_eq!(
        wake_at(
            SnoozeFor::NextWeek,
            datetime!(2026-03-27 12:00 UTC),
            &Berlin
        ),
        Some(datetime!(2026-03-30 07:00 UTC))
    );
}

#[test]
fn choices_round_trip_through_their_ids() {
    for c in SnoozeFor::ALL {
        assert_eq!(SnoozeFor::parse(c.as_str()), Some(c));
    }
    assert_eq!(SnoozeFor::parse("forever"), None);
}

const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

fn pr(number: u64) -> PullRequest {
    let mut pr = PullRequest::open(Provider::Github, "acc", "octo/app", number, NOW);
    pr.head_sha = Some("aaa".into());
    pr.url = format!("https://example.com/{number}");
    pr.checks = Checks {
        runs: vec![
            Check {
                name: "build".into(),
                state: CheckState::Running,
            },
            Check {
                name: "lint".into(),
                state: CheckState::Success,
            },
        ],
        combined: Some(CheckState::Running),
    };
    pr
}

fn set_check(pr: &mut PullRequest, name: &str, state: CheckState) {
    for c in &mut pr.checks.runs {
        if c.name == name {
            c.state = state;
        }
    }
}

#[test]
fn until_it_changes_wakes_on_commit_review_and_ci_finishing_only() {
    let then = pr(1);
    let fp = Fingerprint::of(&then);
    assert_eq!(changed(&fp, &then), None, "nothing changed");

    let mut p = then.clone();
    p.title = "renamed".into();
    p.labels = vec!["bug".into()];
    p.updated_at = NOW + Duration::HOUR;
    set_check(&mut p, "build", CheckState::Pending);
    assert_eq!(
        changed(&fp, &p),
        None,
        "title, labels, running → pending do not wake"
    );

    let mut p = then.clone();
    p.head_sha = Some("bbb".into());
    assert_eq!(changed(&fp, &p), Some(WakeReason::NewCommit));

    let mut p = then.clone();
    p.review = Review::from_votes([("bob", ReviewVote::ChangesRequested)], None);
    assert_eq!(changed(&fp, &p), Some(WakeReason::NewReview));

    let mut p = then.clone();
    set_check(&mut p, "build", CheckState::Failure);
    assert_eq!(changed(&fp, &p), Some(WakeReason::CiFinished));

    let mut p = then.clone();
    set_check(&mut p, "lint", CheckState::Failure);
    assert_eq!(
        changed(&fp, &p),
        Some(WakeReason::CiFinished),
        "a result that differs"
    );

    let mut p = then.clone();
    set_check(&mut p, "lint", CheckState::Running);
    assert_eq!(changed(&fp, &p), None, "CI starting again is not a change");

    let mut p = then.clone();
    p.checks.runs.push(Check {
        name: "e2e".into(),
        state: CheckState::Success,
    });
    assert_eq!(
        changed(&fp, &p),
        Some(WakeReason::CiFinished),
        "a new finished check"
    );

    // Only a combined state (no named checks): running → failure wakes.
    let mut only = then.clone();
    only.checks.runs.clear();
    let fp_only = Fingerprint::of(&only);
    only.checks.combined = Some(CheckState::Failure);
    assert_eq!(changed(&fp_only, &only), Some(WakeReason::CiFinished));

    // A head commit the forge did not report is not a new commit.
    let mut p = then.clone();
    p.head_sha = None;
    assert_eq!(changed(&fp, &p), None);

    // A comment count, where reported, wakes when it grows.
    let mut with_comments = fp.clone();
    with_comments.comments = Some(2);
    assert_eq!(changed(&with_comments, &then), None);
}

#[test]
fn a_time_snooze_ends_when_its_time_is_reached() {
    let p = pr(1);
    let s = Snooze::new(SnoozeFor::OneHour, &p, NOW, &FixedZone(UtcOffset::UTC));
    assert!(s.active(NOW + Duration::minutes(59)));
    assert_eq!(s.woken(&p, NOW + Duration::minutes(59)), None);
    assert!(!s.active(NOW + Duration::HOUR));
    assert_eq!(
        s.woken(&p, NOW + Duration::HOUR),
        Some(WakeReason::TimePassed)
    );
    let change = Snooze::new(SnoozeFor::UntilChange, &p, NOW, &FixedZone(UtcOffset::UTC));
    assert!(change.active(NOW + Duration::days(400)));
    assert_eq!(change.wakes_at(), None);
}

fn listed(p: PullRequest, sections: &[Section]) -> Listed {
    Listed {
        pr: p,
        sections: sections.iter().copied().collect(),
    }
}

fn failing(mut p: PullRequest) -> PullRequest {
    set_check(&mut p, "build", CheckState::Failure);
    p
}

fn green(mut p: PullRequest) -> PullRequest {
    p.checks = Checks::default();
    p
}

#[test]
fn snoozed_and_muted_prs_leave_sections_and_the_tray() {
    let snoozed = listed(failing(pr(1)), &[Section::Mine]);
    let mut other = pr(2);
    other.repo = "octo/other".into();
    let muted = listed(failing(other), &[Section::NeedsMyReview, Section::Watched]);
    let plain = listed(green(pr(3)), &[Section::Mine]);
    let all = vec![snoozed.clone(), muted.clone(), plain.clone()];

    let before = tray::model(&Triage::default().for_tray(&all, NOW), false, false);
    assert_eq!(before.light, Light::Red);
    assert_eq!(before.counts, [2, 0, 1, 0]);
    assert_eq!(before.attention.len(), 2);

    let mut t = Triage::default();
    t.snoozes.insert(
        pr_id(&snoozed.pr),
        Snooze::new(
            SnoozeFor::OneHour,
            &snoozed.pr,
            NOW,
            &FixedZone(UtcOffset::UTC),
        ),
    );
    t.mutes.insert(("acc".into(), "octo/other".into()));

    let after = tray::model(&t.for_tray(&all, NOW), false, false);
    assert_eq!(after.light, Light::Green, "only the green PR is left");
    assert_eq!(after.counts, [0, 0, 1, 0]);
    assert!(after.attention.is_empty());

    assert!(t.sections(&snoozed, NOW).is_empty());
    assert_eq!(t.sections(&muted, NOW), Sections::of(Section::Watched));
    assert_eq!(t.sections(&plain, NOW), Sections::of(Section::Mine));
    // A muted repository is per account.
    let mut elsewhere = muted.clone();
    elsewhere.pr.account_id = "acc-2".into();
    assert_eq!(t.sections(&elsewhere, NOW), elsewhere.sections);

    // A muted repository's PRs notify nothing; others do.
    assert!(t.silenced(&all, "acc", "octo/other#2"));
    assert!(!t.silenced(&all, "acc", "octo/app#3"));
    assert!(!t.silenced(&all, "acc-2", "octo/other#2"));

    // When the hour passes, the snoozed PR counts again.
    let later = NOW + Duration::HOUR;
    assert_eq!(t.sections(&snoozed, later), Sections::of(Section::Mine));
    assert_eq!(
        tray::model(&t.for_tray(&all, later), false, false).light,
        Light::Red
    );
}

#[test]
fn settling_drops_what_left_and_wakes_what_changed() {
    let zone = FixedZone(UtcOffset::UTC);
    let a = pr(1);
    let b = pr(2);
    let c = pr(3);
    let mut snoozes = BTreeMap::new();
    snoozes.insert(
        "octo/app#1".to_string(),
        Snooze::new(SnoozeFor::UntilChange, &a, NOW, &zone),
    );
    snoozes.insert(
        "octo/app#2".to_string(),
        Snooze::new(SnoozeFor::OneHour, &b, NOW, &zone),
    );
    snoozes.insert(
        "octo/app#3".to_string(),
        Snooze::new(SnoozeFor::UntilChange, &c, NOW, &zone),
    );
    let pins: BTreeSet<String> = ["octo/app#2".to_string(), "octo/app#9".to_string()].into();

    // #1 failed CI, #2 is unchanged, #3 was merged (no longer listed).
    let now = vec![
        listed(failing(a), &[Section::Mine]),
        listed(b, &[Section::Mine]),
    ];
    let s = settle(&snoozes, &pins, &now, NOW + Duration::minutes(5));
    assert_eq!(
        s.gone,
        vec!["octo/app#3".to_string(), "octo/app#9".to_string()]
    );
    assert_eq!(
        s.woken,
        vec![("octo/app#1".to_string(), WakeReason::CiFinished)]
    );

    let s = settle(&snoozes, &pins, &now, NOW + Duration::HOUR);
    assert_eq!(
        s.woken,
        vec![
            ("octo/app#1".to_string(), WakeReason::CiFinished),
            ("octo/app#2".to_string(), WakeReason::TimePassed)
        ]
    );
}

#[test]
fn snoozes_serialise_for_the_store() -> Result<(), serde_json::Error> {
    let p = pr(1);
    for s in [
        Snooze::new(SnoozeFor::UntilChange, &p, NOW, &FixedZone(UtcOffset::UTC)),
        Snooze::new(SnoozeFor::Tomorrow, &p, NOW, &FixedZone(UtcOffset::UTC)),
    ] {
        let json = serde_json::to_string(&s)?;
        assert_eq!(serde_json::from_str::<Snooze>(&json)?, s, "{json}");
    }
    Ok(())
}

/// Snoozed on a failed pipeline (GitLab: the combined state and a failed job).
fn failed_pipeline() -> PullRequest {
    let mut p = pr(7);
    p.checks = Checks {
        runs: vec![Check {
            name: "test".into(),
            state: CheckState::Failure,
        }],
        combined: Some(CheckState::Failure),
    };
    p
}

#[test]
fn a_rerun_seen_running_wakes_when_it_finishes_whatever_its_result() {
    let then = failed_pipeline();
    let snoozes = BTreeMap::from([(
        pr_key(&then),
        Snooze::new(
            SnoozeFor::UntilChange,
            &then,
            NOW,
            &FixedZone(UtcOffset::UTC),
        ),
    )]);
    // The retry runs: no wake, but the snooze records it.
    let mut running = then.clone();
    running.checks = Checks {
        runs: Vec::new(),
        combined: Some(CheckState::Running),
    };
    let s = settle(
        &snoozes,
        &BTreeSet::new(),
        &[listed(running.clone(), &[Section::Mine])],
        NOW,
    );
    assert_eq!(s.woken, vec![]);
    let [(key, noted)] = s.noted.as_slice() else {
        panic!("one snooze noted: {:?}", s.noted);
    };
    assert_eq!(key, &pr_key(&then));
    // Recording twice changes nothing more.
    let again = BTreeMap::from([(key.clone(), noted.clone())]);
    let s = settle(
        &again,
        &BTreeSet::new(),
        &[listed(running, &[Section::Mine])],
        NOW,
    );
    assert_eq!((s.woken.len(), s.noted.len()), (0, 0));
    // It fails again, exactly as before: it wakes.
    let s = settle(
        &again,
        &BTreeSet::new(),
        &[listed(then.clone(), &[Section::Mine])],
        NOW,
    );
    assert_eq!(s.woken, vec![(pr_key(&then), WakeReason::CiFinished)]);
    // Without the recorded run, the same result would not wake (the reported bug).
    let s = settle(
        &snoozes,
        &BTreeSet::new(),
        &[listed(then, &[Section::Mine])],
        NOW,
    );
    assert_eq!(s.woken, vec![]);
}

#[test]
fn a_check_finished_by_another_run_wakes_though_never_seen_running() {
    let mut then = failed_pipeline();
    then.check_urls = BTreeMap::from([("test".into(), "https://ci.example/runs/1".into())]);
    let fp = Fingerprint::of(&then);
    assert_eq!(changed(&fp, &then), None);
    let mut rerun = then.clone();
    rerun.check_urls = BTreeMap::from([("test".into(), "https://ci.example/runs/2".into())]);
    assert_eq!(changed(&fp, &rerun), Some(WakeReason::CiFinished));
    // Another run still running is not a change yet.
    set_check(&mut rerun, "test", CheckState::Running);
    rerun.checks.combined = Some(CheckState::Running);
    assert_eq!(changed(&fp, &rerun), None);
}

#[test]
fn a_mute_typed_in_another_case_mutes_the_repository() {
    let mut p = pr(4);
    p.repo = "acme/noisy".into();
    let l = listed(p, &[Section::NeedsMyReview, Section::Watched]);
    let mut t = Triage::default();
    t.mutes.insert(("acc".into(), "ACME/Noisy".into()));
    assert!(t.muted(&l.pr));
    assert_eq!(t.sections(&l, NOW), Sections::of(Section::Watched));
    t.mutes = BTreeSet::from([("acc".into(), "acme/noisy2".into())]);
    assert!(!t.muted(&l.pr));
}
