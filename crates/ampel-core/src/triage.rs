//! Triage rules — snooze, pin, mute — as pure functions with an injected clock and
//! time zone, so the app, the CLI and the tray agree on what the user still sees.
//!
//! Decisions:
//! - **Wake times.** "1 hour" is `now + 1h`. "Tomorrow" is 09:00 local on the day after
//!   `now`'s local date (also right after midnight: the user says "tomorrow"). "Next week"
//!   is 09:00 local on the Monday after `now`'s local date (a Monday gives the next one).
//!   A local time is resolved with the zone's offset in effect then ([`LocalZone`]); a
//!   time that occurs twice (clocks back) is the earlier instant, one that does not occur
//!   (clocks forward) is read with the offset before the change, i.e. after the gap.
//! - **Until it changes.** The snooze keeps a [`Fingerprint`] of the PR; it wakes on a new
//!   head commit, a changed review (an approval, a request for changes, or the forge's
//!   verdict), or CI finishing: a check that was running and now has a result, a result
//!   that differs, or a new finished check. CI starting again (a result → running) is not
//!   a change, but a snooze records it, so the run's result wakes it whatever it is; a
//!   finished check whose own page (run id) differs is another run and wakes it too.
//!   The comment count takes part where the cache has one (no forge list request
//!   reports it today, so `comments` is `None` and ignored).
//! - **Visibility.** A snoozed PR (a time still ahead, or until a change) leaves every
//!   section and is listed only as snoozed. A PR of a muted repository (per account) stays
//!   only in "Watched repositories" (and leaves the dashboard when it is not watched). The
//!   tray, its counts and its light leave out snoozed and muted PRs entirely.
//! - **Dropping.** Snoozes and pins of a PR no longer listed after a sync (merged, closed,
//!   out of every section) are dropped; mutes are per repository and stay.

use crate::changes::{pr_key, Listed};
use crate::pr::{CheckState, PullRequest, ReviewDecision};
use crate::section::{Section, Sections};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use time::{Duration, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Moves the app's and the CLI's clock forward by this many seconds (tests: a
/// snooze's time passes without waiting).
pub const CLOCK_SHIFT_ENV: &str = "AMPEL_CLOCK_SHIFT_SECS";

/// The shift of [`CLOCK_SHIFT_ENV`]; `None` when unset or not a whole number.
pub fn clock_shift() -> Option<Duration> {
    std::env::var(CLOCK_SHIFT_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .map(Duration::seconds)
}

/// The wall clock, moved by [`clock_shift`].
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc() + clock_shift().unwrap_or(Duration::ZERO)
}

/// The local hour of "tomorrow" and "next week".
pub const MORNING: Time = time::macros::time!(09:00);

/// A time zone: the UTC offset in effect at an instant.
pub trait LocalZone {
    /// The offset in effect at `at`.
    fn utc_offset(&self, at: OffsetDateTime) -> UtcOffset;
}

/// A zone with one offset all year (tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedZone(pub UtcOffset);

impl LocalZone for FixedZone {
    fn utc_offset(&self, _at: OffsetDateTime) -> UtcOffset {
        self.0
    }
}

/// How long to snooze, as the menu offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SnoozeFor {
    /// One hour from now.
    OneHour,
    /// 09:00 local tomorrow.
    Tomorrow,
    /// 09:00 local next Monday.
    NextWeek,
    /// Until a new commit, review or CI result.
    UntilChange,
}

impl SnoozeFor {
    /// Every choice, in menu order.
    pub const ALL: [SnoozeFor; 4] = [
        SnoozeFor::OneHour,
        SnoozeFor::Tomorrow,
        SnoozeFor::NextWeek,
        SnoozeFor::UntilChange,
    ];

    /// The id used by the CLI and IPC (`1h`, `tomorrow`, `next-week`, `change`).
    pub fn as_str(self) -> &'static str {
        match self {
            SnoozeFor::OneHour => "1h",
            SnoozeFor::Tomorrow => "tomorrow",
            SnoozeFor::NextWeek => "next-week",
            SnoozeFor::UntilChange => "change",
        }
    }

    /// Parses [`SnoozeFor::as_str`].
    pub fn parse(s: &str) -> Option<SnoozeFor> {
        SnoozeFor::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }
}

/// When a snooze chosen at `now` ends; `None` for [`SnoozeFor::UntilChange`].
pub fn wake_at(
    choice: SnoozeFor,
    now: OffsetDateTime,
    zone: &dyn LocalZone,
) -> Option<OffsetDateTime> {
    let local = now.to_offset(zone.utc_offset(now));
    let date = local.date();
    let day = match choice {
        SnoozeFor::OneHour => return Some(now + Duration::HOUR),
        SnoozeFor::UntilChange => return None,
        SnoozeFor::Tomorrow => date.next_day()?,
        SnoozeFor::NextWeek => {
            let ahead = 7 - i64::from(date.weekday().number_days_from_monday());
            date.checked_add(Duration::days(ahead))?
        }
    };
    Some(resolve(PrimitiveDateTime::new(day, MORNING), zone))
}

/// The instant of a local time in `zone` (see the module's decisions for gaps and folds).
pub fn resolve(local: PrimitiveDateTime, zone: &dyn LocalZone) -> OffsetDateTime {
    let guess = local.assume_utc();
    let before = zone.utc_offset(guess - Duration::hours(36));
    let after = zone.utc_offset(guess + Duration::hours(36));
    let valid = |o: UtcOffset| {
        let at = local.assume_offset(o);
        (zone.utc_offset(at) == o).then_some(at)
    };
    match (valid(before), valid(after)) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => local.assume_offset(before),
    }
}

/// A check's progress as a snooze compares it: running, or finished with a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "phase", content = "state")]
pub enum CheckPhase {
    Running,
    Done(CheckState),
}

impl CheckPhase {
    fn of(state: CheckState) -> Self {
        if state.is_in_progress() {
            CheckPhase::Running
        } else {
            CheckPhase::Done(state)
        }
    }

    /// True when `self` → `now` is CI finishing (not CI starting again).
    fn finished_into(self, now: CheckPhase) -> bool {
        matches!(now, CheckPhase::Done(_)) && self != now
    }
}

/// What "until it changes" compares: the PR as it was when snoozed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Fingerprint {
    pub head_sha: Option<String>,
    pub approved_by: BTreeSet<String>,
    pub changes_requested_by: BTreeSet<String>,
    pub decision: Option<ReviewDecision>,
    /// Each named check's phase.
    pub checks: BTreeMap<String, CheckPhase>,
    /// The combined CI state's phase.
    pub combined: Option<CheckPhase>,
    /// Comments, where the forge reports a count.
    pub comments: Option<u32>,
    /// Each named check's page where the forge links one: a run's own page, so a
    /// different page for a finished check is another run (a re-run) that finished.
    pub pages: BTreeMap<String, String>,
}

impl Fingerprint {
    /// The fingerprint of `pr` now.
    pub fn of(pr: &PullRequest) -> Self {
        Fingerprint {
            head_sha: pr.head_sha.clone().filter(|s| !s.is_empty()),
            approved_by: pr.review.approved_by.iter().cloned().collect(),
            changes_requested_by: pr.review.changes_requested_by.iter().cloned().collect(),
            decision: pr.review.decision,
            checks: pr
                .checks
                .runs
                .iter()
                .map(|c| (c.name.clone(), CheckPhase::of(c.state)))
                .collect(),
            combined: pr.checks.combined.map(CheckPhase::of),
            comments: None,
            pages: pr.check_urls.clone(),
        }
    }

    /// Records CI that started again since the snooze (a finished check or the combined
    /// state now running), so its next result wakes the snooze whatever it is; true
    /// when something was recorded.
    pub fn note_running(&mut self, now: &PullRequest) -> bool {
        let now = Fingerprint::of(now);
        let mut noted = false;
        for (name, phase) in &now.checks {
            if let Some(was) = self.checks.get_mut(name) {
                if *phase == CheckPhase::Running && *was != CheckPhase::Running {
                    *was = CheckPhase::Running;
                    noted = true;
                }
            }
        }
        if now.combined == Some(CheckPhase::Running)
            && self.combined.is_some_and(|c| c != CheckPhase::Running)
        {
            self.combined = Some(CheckPhase::Running);
            noted = true;
        }
        noted
    }
}

/// Why a snoozed PR came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum WakeReason {
    /// Its wake time passed.
    TimePassed,
    NewCommit,
    NewReview,
    CiFinished,
    NewComment,
}

impl WakeReason {
    /// Words for a notification ("new commit").
    pub fn text(self) -> &'static str {
        match self {
            WakeReason::TimePassed => "snooze ended",
            WakeReason::NewCommit => "new commit",
            WakeReason::NewReview => "new review",
            WakeReason::CiFinished => "CI finished",
            WakeReason::NewComment => "new comment",
        }
    }
}

/// What changed on `now` since `then`, if anything wakes an "until it changes" snooze.
pub fn changed(then: &Fingerprint, now: &PullRequest) -> Option<WakeReason> {
    let now = Fingerprint::of(now);
    if then.head_sha.is_some() && now.head_sha.is_some() && then.head_sha != now.head_sha {
        return Some(WakeReason::NewCommit);
    }
    if then.approved_by != now.approved_by
        || then.changes_requested_by != now.changes_requested_by
        || then.decision != now.decision
    {
        return Some(WakeReason::NewReview);
    }
    let rerun = |name: &String| {
        matches!(
            (then.pages.get(name), now.pages.get(name)),
            (Some(a), Some(b)) if a != b
        )
    };
    let check_finished = now
        .checks
        .iter()
        .any(|(name, phase)| match then.checks.get(name) {
            Some(was) => {
                was.finished_into(*phase) || (matches!(phase, CheckPhase::Done(_)) && rerun(name))
            }
            None => matches!(phase, CheckPhase::Done(_)),
        });
    let combined_finished = match (then.combined, now.combined) {
        (Some(was), Some(is)) => was.finished_into(is),
        (None, Some(is)) => matches!(is, CheckPhase::Done(_)) && then.checks.is_empty(),
        _ => false,
    };
    if check_finished || combined_finished {
        return Some(WakeReason::CiFinished);
    }
    match (then.comments, now.comments) {
        (Some(a), Some(b)) if b > a => Some(WakeReason::NewComment),
        _ => None,
    }
}

/// Until when a PR is snoozed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "until")]
pub enum Snooze {
    /// Until an instant.
    Time {
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
    /// Until the PR differs from this fingerprint.
    Change { fingerprint: Fingerprint },
}

impl Snooze {
    /// The snooze of `pr` chosen at `now`.
    pub fn new(
        choice: SnoozeFor,
        pr: &PullRequest,
        now: OffsetDateTime,
        zone: &dyn LocalZone,
    ) -> Snooze {
        match wake_at(choice, now, zone) {
            Some(at) => Snooze::Time { at },
            None => Snooze::Change {
                fingerprint: Fingerprint::of(pr),
            },
        }
    }

    /// Still in effect at `now` (a time snooze ends when its time is reached).
    pub fn active(&self, now: OffsetDateTime) -> bool {
        match self {
            Snooze::Time { at } => *at > now,
            Snooze::Change { .. } => true,
        }
    }

    /// The wake time, for a time snooze.
    pub fn wakes_at(&self) -> Option<OffsetDateTime> {
        match self {
            Snooze::Time { at } => Some(*at),
            Snooze::Change { .. } => None,
        }
    }

    /// Why the snooze of `pr` ends at `now`, if it does.
    pub fn woken(&self, pr: &PullRequest, now: OffsetDateTime) -> Option<WakeReason> {
        match self {
            Snooze::Time { at } => (*at <= now).then_some(WakeReason::TimePassed),
            Snooze::Change { fingerprint } => changed(fingerprint, pr),
        }
    }
}

/// `(account id, repo#number)`: one PR across accounts.
pub type PrId = (String, String);

/// The PR id of `pr`.
pub fn pr_id(pr: &PullRequest) -> PrId {
    (pr.account_id.clone(), pr_key(pr))
}

/// Every snooze, pin and mute, as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Triage {
    pub snoozes: BTreeMap<PrId, Snooze>,
    pub pins: BTreeSet<PrId>,
    /// `(account id, repo)`.
    pub mutes: BTreeSet<(String, String)>,
}

/// One PR's triage state as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrTriage {
    pub pinned: bool,
    pub muted: bool,
    /// In effect now.
    pub snooze: Option<Snooze>,
}

impl Triage {
    /// The state of `pr` at `now` (a snooze whose time passed no longer counts).
    pub fn of(&self, pr: &PullRequest, now: OffsetDateTime) -> PrTriage {
        let id = pr_id(pr);
        PrTriage {
            pinned: self.pins.contains(&id),
            muted: self.muted(pr),
            snooze: self.snoozes.get(&id).filter(|s| s.active(now)).cloned(),
        }
    }

    /// The PR's repository is muted for its account (names compared by the forge's rule).
    pub fn muted(&self, pr: &PullRequest) -> bool {
        self.mutes.iter().any(|(account, repo)| {
            *account == pr.account_id && crate::repo_name::same(pr.provider, repo, &pr.repo)
        })
    }

    /// The sections `listed` shows in at `now`: none when snoozed, only Watched when muted.
    pub fn sections(&self, listed: &Listed, now: OffsetDateTime) -> Sections {
        let state = self.of(&listed.pr, now);
        if state.snooze.is_some() {
            Sections::none()
        } else if state.muted {
            listed
                .sections
                .iter()
                .filter(|s| *s == Section::Watched)
                .collect()
        } else {
            listed.sections
        }
    }

    /// True when the PR `key` of `account_id` in `listed` belongs to a muted
    /// repository: its changes and wake-ups notify nothing.
    pub fn silenced(&self, listed: &[Listed], account_id: &str, key: &str) -> bool {
        listed
            .iter()
            .find(|l| l.pr.account_id == account_id && l.key() == key)
            .is_some_and(|l| self.muted(&l.pr))
    }

    /// What the tray counts at `now`: neither snoozed nor muted PRs.
    pub fn for_tray(&self, listed: &[Listed], now: OffsetDateTime) -> Vec<Listed> {
        listed
            .iter()
            .filter(|l| {
                let s = self.of(&l.pr, now);
                s.snooze.is_none() && !s.muted
            })
            .cloned()
            .collect()
    }
}

/// What one account's sync means for its snoozes and pins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// Keys whose snooze and pin go (no longer listed).
    pub gone: Vec<String>,
    /// Keys whose snooze ended, and why.
    pub woken: Vec<(String, WakeReason)>,
    /// Snoozes still in effect that recorded CI starting again ([`Fingerprint::note_running`]).
    pub noted: Vec<(String, Snooze)>,
}

/// Settles one account's snoozes (`snoozes` by key) and pins against its listing after a sync.
pub fn settle(
    snoozes: &BTreeMap<String, Snooze>,
    pins: &BTreeSet<String>,
    listed: &[Listed],
    now: OffsetDateTime,
) -> Settled {
    let by_key: BTreeMap<String, &PullRequest> = listed.iter().map(|l| (l.key(), &l.pr)).collect();
    let mut out = Settled::default();
    let keys: BTreeSet<&String> = snoozes.keys().chain(pins.iter()).collect();
    for key in keys {
        match by_key.get(key) {
            None => out.gone.push(key.clone()),
            Some(pr) => {
                let Some(snooze) = snoozes.get(key) else {
                    continue;
                };
                if let Some(reason) = snooze.woken(pr, now) {
                    out.woken.push((key.clone(), reason));
                } else if let Snooze::Change { fingerprint } = snooze {
                    let mut fingerprint = fingerprint.clone();
                    if fingerprint.note_running(pr) {
                        out.noted
                            .push((key.clone(), Snooze::Change { fingerprint }));
                    }
                }
            }
        }
    }
    out
}

mod zone;
pub use zone::{local_zone, SystemZone, ZoneSource, LOCALTIME, TZ_ENV};

#[cfg(test)]
mod tests;
