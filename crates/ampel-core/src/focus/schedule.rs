//! Profiles and their weekly schedule in local time: which profile is active at an
//! instant, when that next changes (so a profile picked by hand holds until then),
//! across daylight-saving changes (the zone gives the offset at each instant, a
//! local time is resolved with [`crate::triage::resolve`]). No profile: nothing is
//! filtered.

use crate::changes::Listed;
use crate::settings::TimeOfDay;
use crate::triage::{resolve, LocalZone};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime, PrimitiveDateTime, Weekday};

/// A named set of accounts (and optionally organisations) with a weekly schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Profile {
    /// Shown in the tray menu and Settings.
    pub name: String,
    /// The account ids it follows.
    pub accounts: Vec<String>,
    /// When not empty: only these organisations / groups / workspaces of them.
    #[serde(default)]
    pub orgs: Vec<String>,
    /// When it is active by itself; empty: only when picked by hand.
    #[serde(default)]
    pub schedule: Vec<Window>,
}

/// Some days, from `start` (inclusive) to `end` (exclusive) local time; a start
/// after the end runs past midnight into the next day; equal times are empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Window {
    /// Days the window starts on, 1 = Monday … 7 = Sunday.
    pub days: Vec<u8>,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub start: TimeOfDay,
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub end: TimeOfDay,
}

/// A profile picked by hand from the tray: holds until `until` (the next scheduled
/// change when picked), then the schedule decides again. `profile: None` = all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Manual {
    pub profile: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub until: Option<OffsetDateTime>,
}

/// What decides what the tray and notifications follow now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Active<'a> {
    /// The profile in effect; `None`: everything.
    pub profile: Option<&'a Profile>,
    /// It was picked by hand (and holds until the next scheduled change).
    pub by_hand: bool,
}

impl Profile {
    /// True when `listed` belongs to this profile: one of its accounts and, when
    /// organisations are named, under one of them.
    pub fn covers(&self, listed: &Listed) -> bool {
        let pr = &listed.pr;
        self.accounts.contains(&pr.account_id)
            && (self.orgs.is_empty()
                || self.orgs.iter().any(|o| {
                    let o = o.trim().trim_end_matches('/');
                    pr.repo.len() > o.len()
                        && pr.repo.as_bytes()[o.len()] == b'/'
                        && pr.repo[..o.len()].eq_ignore_ascii_case(o)
                }))
    }

    fn in_schedule(&self, local: PrimitiveDateTime) -> bool {
        self.schedule.iter().any(|w| w.contains(local))
    }
}

impl Window {
    fn starts_on(&self, day: Weekday) -> bool {
        self.days.contains(&day.number_from_monday())
    }

    /// True when the local date and time is inside the window.
    fn contains(&self, local: PrimitiveDateTime) -> bool {
        let tod = TimeOfDay::hm(local.hour(), local.minute()).map_or(0, TimeOfDay::minutes);
        let (start, end) = (self.start.minutes(), self.end.minutes());
        let day = local.weekday();
        match start.cmp(&end) {
            std::cmp::Ordering::Less => self.starts_on(day) && tod >= start && tod < end,
            std::cmp::Ordering::Greater => {
                (self.starts_on(day) && tod >= start)
                    || (self.starts_on(day.previous()) && tod < end)
            }
            std::cmp::Ordering::Equal => false,
        }
    }
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Window {
    /// Parses `mon-fri 09:00-18:00` (days: names, ranges and commas such as
    /// `mon,wed,fri` or `sat-sun`; a range may wrap, `fri-mon`), as the CLI takes it.
    pub fn parse(text: &str) -> Result<Window, String> {
        let (days, times) = text.trim().split_once(char::is_whitespace).ok_or_else(|| {
            format!("{text:?}: expected days and times, e.g. mon-fri 09:00-18:00")
        })?;
        let day = |d: &str| {
            DAY_NAMES
                .iter()
                .position(|n| d.trim().to_ascii_lowercase().starts_with(n))
                .map(|i| i as u8 + 1)
                .ok_or_else(|| format!("{d:?} is not a day (mon … sun)"))
        };
        let mut set = Vec::new();
        for part in days.split(',') {
            match part.split_once('-') {
                Some((a, b)) => {
                    let (mut d, end) = (day(a)?, day(b)?);
                    loop {
                        set.push(d);
                        if d == end {
                            break;
                        }
                        d = d % 7 + 1;
                    }
                }
                None => set.push(day(part)?),
            }
        }
        set.sort_unstable();
        set.dedup();
        let (start, end) = times
            .trim()
            .split_once('-')
            .ok_or_else(|| format!("{times:?}: expected HH:MM-HH:MM"))?;
        let time = |t: &str| {
            let (h, m) = t
                .trim()
                .split_once(':')
                .ok_or_else(|| format!("{t:?}: expected HH:MM"))?;
            let parse = |x: &str| {
                x.parse::<u8>()
                    .map_err(|_| format!("{t:?}: expected HH:MM"))
            };
            TimeOfDay::hm(parse(h)?, parse(m)?).ok_or_else(|| format!("{t:?} is not a time of day"))
        };
        Ok(Window {
            days: set,
            start: time(start)?,
            end: time(end)?,
        })
    }

    /// The window in the words [`Window::parse`] reads (`mon,tue 09:00-18:00`).
    pub fn words(&self) -> String {
        let days: Vec<&str> = self
            .days
            .iter()
            .filter_map(|d| DAY_NAMES.get(usize::from(d.saturating_sub(1))).copied())
            .collect();
        let hm = |t: TimeOfDay| format!("{:02}:{:02}", t.minutes() / 60, t.minutes() % 60);
        format!("{} {}-{}", days.join(","), hm(self.start), hm(self.end))
    }
}

fn local(at: OffsetDateTime, zone: &dyn LocalZone) -> PrimitiveDateTime {
    let l = at.to_offset(zone.utc_offset(at));
    PrimitiveDateTime::new(l.date(), l.time())
}

/// The first profile whose schedule holds `now` (local time in `zone`).
pub fn scheduled<'a>(
    profiles: &'a [Profile],
    now: OffsetDateTime,
    zone: &dyn LocalZone,
) -> Option<&'a Profile> {
    let l = local(now, zone);
    profiles.iter().find(|p| p.in_schedule(l))
}

/// The next instant after `now` at which [`scheduled`] gives another profile, within
/// eight days; `None` when the schedule never changes.
pub fn next_change(
    profiles: &[Profile],
    now: OffsetDateTime,
    zone: &dyn LocalZone,
) -> Option<OffsetDateTime> {
    let current = scheduled(profiles, now, zone).map(|p| &p.name);
    let today = local(now, zone).date();
    let mut candidates: Vec<OffsetDateTime> = Vec::new();
    for offset in -1..=8 {
        let Some(date) = today.checked_add(Duration::days(offset)) else {
            continue;
        };
        for w in profiles.iter().flat_map(|p| &p.schedule) {
            for t in [w.start, w.end] {
                let m = t.minutes();
                let Ok(time) = time::Time::from_hms((m / 60) as u8, (m % 60) as u8, 0) else {
                    continue;
                };
                candidates.push(resolve(PrimitiveDateTime::new(date, time), zone));
            }
        }
    }
    candidates.sort();
    candidates.dedup();
    candidates
        .into_iter()
        .filter(|at| *at > now)
        .find(|at| scheduled(profiles, *at, zone).map(|p| &p.name) != current)
}

/// The profile in effect at `now`: one picked by hand while its `until` lies ahead
/// (an unknown name falls back to the schedule), else the scheduled one.
pub fn active<'a>(
    profiles: &'a [Profile],
    manual: Option<&Manual>,
    now: OffsetDateTime,
    zone: &dyn LocalZone,
) -> Active<'a> {
    if let Some(m) = manual.filter(|m| m.until.is_none_or(|u| now < u)) {
        match &m.profile {
            None => {
                return Active {
                    profile: None,
                    by_hand: true,
                }
            }
            Some(name) => {
                if let Some(p) = profiles.iter().find(|p| p.name == *name) {
                    return Active {
                        profile: Some(p),
                        by_hand: true,
                    };
                }
            }
        }
    }
    Active {
        profile: scheduled(profiles, now, zone),
        by_hand: false,
    }
}

#[cfg(test)]
mod tests;
