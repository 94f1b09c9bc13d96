//! The user's settings (PRODUCT.md §6) as one typed struct, stored by the shell with
//! tauri-plugin-store and exported to TypeScript (feature `specta`).
//!
//! Decisions:
//! - Never a secret in here: tokens live in the OS keychain / encrypted vault only.
//! - Field names are camelCase in JSON (what the UI sees and the store file holds).
//! - Loading is forgiving: a missing field takes its default, an unknown field is
//!   ignored, and a field whose value cannot be read (a theme from a newer version, a
//!   number where a bool was) takes its default instead of losing the whole file.
//! - Numbers are `u32` and instants RFC 3339 strings, so the TypeScript export has no
//!   `bigint`; quiet hours are `"HH:MM"` strings in the file and the UI.
//! - [`Settings::normalized`] clamps the refresh interval to 30 s ..= 1 h; the shell
//!   calls it after loading and before saving.

use crate::section::Section;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use time::OffsetDateTime;

/// The shortest refresh interval, in seconds.
pub const MIN_REFRESH_SECS: u32 = 30;
/// The longest refresh interval, in seconds.
pub const MAX_REFRESH_SECS: u32 = 3600;
/// The default refresh interval, in seconds.
pub const DEFAULT_REFRESH_SECS: u32 = 120;
/// The shortest re-check bound of a finished CI state, in seconds.
pub const MIN_CI_RECHECK_SECS: u32 = 60;
/// The longest re-check bound of a finished CI state, in seconds (a day).
pub const MAX_CI_RECHECK_SECS: u32 = 86_400;
/// The default re-check bound of a finished CI state: 15 minutes, so a re-run CI
/// shows within a quarter of an hour while an unchanged PR costs a status read
/// every 7–8 refreshes instead of every one (Gitea, Bitbucket).
pub const DEFAULT_CI_RECHECK_SECS: u32 = 900;

/// Everything the user can set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Seconds between two automatic refreshes (see [`Settings::normalized`]).
    #[serde(deserialize_with = "lenient_refresh")]
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub refresh_interval_secs: u32,
    /// Desktop notification switches, quiet hours and pause.
    #[serde(deserialize_with = "lenient")]
    #[cfg_attr(feature = "specta", specta(type = NotificationSettings))]
    pub notifications: NotificationSettings,
    /// The colour scheme.
    #[serde(deserialize_with = "lenient")]
    #[cfg_attr(feature = "specta", specta(type = Theme))]
    pub theme: Theme,
    /// How tightly the dashboard packs its rows.
    #[serde(deserialize_with = "lenient")]
    #[cfg_attr(feature = "specta", specta(type = Density))]
    pub density: Density,
    /// Start Ampel when the user logs in.
    #[serde(deserialize_with = "lenient")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub start_at_login: bool,
    /// Closing the window keeps Ampel running in the tray.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub close_to_tray: bool,
    /// The section the dashboard opens on.
    #[serde(deserialize_with = "lenient_section")]
    #[cfg_attr(feature = "specta", specta(type = Section))]
    pub default_section: Section,
    /// Seconds a finished CI state (passed, failed) is trusted (Gitea, Bitbucket,
    /// GitLab) before its status is read again although the PR's commit did not
    /// move: a re-run CI shows within this bound. Gitea and Bitbucket keep an
    /// account's discovery answers (which repositories to list) as long, so a PR
    /// in a repository new to the account shows within it too.
    #[serde(deserialize_with = "lenient_ci_recheck")]
    #[cfg_attr(feature = "specta", specta(type = u32))]
    pub ci_recheck_secs: u32,
    /// A review requested only of a team of mine counts as my turn (the My turn
    /// view, the tray, "Review requested" notifications); off by default.
    #[serde(deserialize_with = "lenient")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub team_requests_are_mine: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            refresh_interval_secs: DEFAULT_REFRESH_SECS,
            notifications: NotificationSettings::default(),
            theme: Theme::System,
            density: Density::Comfortable,
            start_at_login: false,
            close_to_tray: true,
            default_section: Section::NeedsMyReview,
            ci_recheck_secs: DEFAULT_CI_RECHECK_SECS,
            team_requests_are_mine: false,
        }
    }
}

impl Settings {
    /// The same settings with every value in range: the refresh interval clamped to
    /// [`MIN_REFRESH_SECS`]`..=`[`MAX_REFRESH_SECS`], the CI re-check bound to
    /// [`MIN_CI_RECHECK_SECS`]`..=`[`MAX_CI_RECHECK_SECS`].
    pub fn normalized(mut self) -> Self {
        self.refresh_interval_secs = self
            .refresh_interval_secs
            .clamp(MIN_REFRESH_SECS, MAX_REFRESH_SECS);
        self.ci_recheck_secs = self
            .ci_recheck_secs
            .clamp(MIN_CI_RECHECK_SECS, MAX_CI_RECHECK_SECS);
        self
    }
}

/// The colour scheme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follow the operating system.
    #[default]
    System,
    Light,
    Dark,
}

/// How tightly the dashboard packs its rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Density {
    /// Two lines a row: the title, then reasons, tags and facts (a dozen rows at the
    /// default window size).
    #[default]
    Comfortable,
    /// One line a row: the title, then as much of the rest as fits.
    Compact,
}

/// Which desktop notifications to show, and when not to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, rename_all = "camelCase")]
pub struct NotificationSettings {
    /// Master switch: `false` mutes every notification.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub enabled: bool,
    /// A pull request newly needs my review.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub new_review_request: bool,
    /// CI failed on one of my pull requests.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub ci_failed: bool,
    /// One of my pull requests was approved or turned green.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub approved_or_ready: bool,
    /// Changes were requested on one of my pull requests.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub changes_requested: bool,
    /// A merge conflict appeared on a pull request of mine or assigned to me.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub conflict: bool,
    /// A token expires within 7 days.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub token_expiring: bool,
    /// A token expired or was refused during a sync.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub token_expired: bool,
    /// A PR I reviewed needs a re-review, or my PR returned to me.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub my_turn: bool,
    /// The forge merged a PR by auto-merge or its queue, or dropped it from them.
    #[serde(deserialize_with = "lenient_true")]
    #[cfg_attr(feature = "specta", specta(type = bool))]
    pub auto_merge: bool,
    /// Local times during which nothing is shown; `None`: no quiet hours.
    #[serde(deserialize_with = "lenient")]
    #[cfg_attr(feature = "specta", specta(type = Option<QuietHours>))]
    pub quiet_hours: Option<QuietHours>,
    /// Everything is muted until this instant (tray "Pause notifications for 1 hour").
    #[serde(
        serialize_with = "time::serde::rfc3339::option::serialize",
        deserialize_with = "lenient_instant"
    )]
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub paused_until: Option<OffsetDateTime>,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            enabled: true,
            new_review_request: true,
            ci_failed: true,
            approved_or_ready: true,
            changes_requested: true,
            conflict: true,
            token_expiring: true,
            token_expired: true,
            my_turn: true,
            auto_merge: true,
            quiet_hours: None,
            paused_until: None,
        }
    }
}

/// A daily quiet period in local time, from `start` (inclusive) to `end` (exclusive).
/// `start > end` spans midnight (22:00–07:00); `start == end` is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default)]
pub struct QuietHours {
    /// When the quiet starts, `"HH:MM"`.
    #[serde(deserialize_with = "lenient_quiet_start")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub start: TimeOfDay,
    /// When the quiet ends, `"HH:MM"`.
    #[serde(deserialize_with = "lenient_quiet_end")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub end: TimeOfDay,
}

impl Default for QuietHours {
    fn default() -> Self {
        QuietHours {
            start: TimeOfDay::hm(22, 0).unwrap_or_default(),
            end: TimeOfDay::hm(7, 0).unwrap_or_default(),
        }
    }
}

impl QuietHours {
    /// True when the local time of day `t` falls in the quiet period.
    pub fn contains(self, t: TimeOfDay) -> bool {
        let (s, e, t) = (self.start.minutes(), self.end.minutes(), t.minutes());
        match s.cmp(&e) {
            std::cmp::Ordering::Less => s <= t && t < e,
            std::cmp::Ordering::Greater => t >= s || t < e,
            std::cmp::Ordering::Equal => false,
        }
    }
}

/// A local time of day to the minute, written `"HH:MM"` (00:00 ..= 23:59).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// `hour:minute`, or `None` when out of range.
    pub fn hm(hour: u8, minute: u8) -> Option<Self> {
        (hour < 24 && minute < 60).then(|| TimeOfDay(u16::from(hour) * 60 + u16::from(minute)))
    }

    /// Minutes since midnight (0 ..= 1439).
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// The time of day of an instant, in the instant's own offset.
    pub fn of(at: OffsetDateTime) -> Self {
        TimeOfDay(u16::from(at.hour()) * 60 + u16::from(at.minute()))
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A time of day that is not `H:MM` / `HH:MM` within 00:00 ..= 23:59.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a time of day (HH:MM): {0:?}")]
pub struct BadTimeOfDay(pub String);

impl FromStr for TimeOfDay {
    type Err = BadTimeOfDay;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadTimeOfDay(s.chars().take(20).collect());
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let digits = |x: &str, max_len: usize| {
            (!x.is_empty() && x.len() <= max_len && x.bytes().all(|b| b.is_ascii_digit()))
                .then(|| x.parse::<u8>().ok())
                .flatten()
        };
        match (digits(h, 2), m.len() == 2) {
            (Some(h), true) => digits(m, 2).and_then(|m| TimeOfDay::hm(h, m)),
            _ => None,
        }
        .ok_or_else(bad)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Reads an optional RFC 3339 instant; `None` when it is missing or unreadable.
fn lenient_instant<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
    let text: Option<String> = lenient(d)?;
    Ok(text.and_then(|t| {
        OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339).ok()
    }))
}

/// Reads a value, or its default when the value is there but unreadable.
fn lenient<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(readable(d)?.unwrap_or_default())
}

/// Deserializer functions that fall back to a field's own default (not the type's).
macro_rules! lenient_or {
    ($($name:ident: $ty:ty = $fallback:expr;)*) => {$(
        fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<$ty, D::Error> {
            Ok(readable(d)?.unwrap_or_else(|| $fallback))
        }
    )*};
}

lenient_or! {
    lenient_true: bool = true;
    lenient_refresh: u32 = DEFAULT_REFRESH_SECS;
    lenient_ci_recheck: u32 = DEFAULT_CI_RECHECK_SECS;
    lenient_section: Section = Settings::default().default_section;
    lenient_quiet_start: TimeOfDay = QuietHours::default().start;
    lenient_quiet_end: TimeOfDay = QuietHours::default().end;
}

/// `Some` value when readable as a `T`, `None` when something else is there.
fn readable<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either<T> {
        Good(T),
        Bad(serde::de::IgnoredAny),
    }
    Ok(match Either::<T>::deserialize(d)? {
        Either::Good(v) => Some(v),
        Either::Bad(_) => None,
    })
}

pub mod file;

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn parse(json: &str) -> Settings {
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let s = parse("{}");
        assert_eq!(s, Settings::default());
        assert_eq!(s.refresh_interval_secs, 120);
        assert_eq!(s.ci_recheck_secs, 900);
        assert!(s.close_to_tray && !s.start_at_login);
        assert_eq!(s.theme, Theme::System);
        assert_eq!(s.default_section, Section::NeedsMyReview);
        assert!(s.notifications.enabled && s.notifications.ci_failed);
        assert_eq!(s.notifications.quiet_hours, None);
        assert_eq!(s.notifications.paused_until, None);
    }

    #[test]
    fn unknown_and_missing_fields_keep_the_rest() {
        let s = parse(
            r#"{
                "refreshIntervalSecs": 300,
                "theme": "dark",
                "futureOption": {"x": 1},
                "notifications": {"ciFailed": false, "somethingNew": true,
                                  "quietHours": {"start": "23:30"}},
                "defaultSection": "mine"
            }"#,
        );
        assert_eq!(s.refresh_interval_secs, 300);
        assert_eq!(s.theme, Theme::Dark);
        assert_eq!(s.default_section, Section::Mine);
        assert!(s.close_to_tray, "missing field takes its default");
        assert!(!s.notifications.ci_failed);
        assert!(s.notifications.conflict, "missing switch defaults to on");
        let quiet = s.notifications.quiet_hours.expect("quiet hours kept");
        assert_eq!(quiet.start.to_string(), "23:30");
        assert_eq!(quiet.end.to_string(), "07:00", "missing end is 07:00");
    }

    #[test]
    fn unreadable_values_fall_back_to_their_default() {
        let s = parse(
            r#"{"theme": "purple", "density": "roomy", "closeToTray": "yes", "refreshIntervalSecs": -5,
                "defaultSection": "everything", "startAtLogin": true,
                "pausedUntil": "tomorrow",
                "notifications": {"quietHours": {"start": "25:00", "end": "06:15"},
                                  "enabled": 0}}"#,
        );
        assert_eq!(s.theme, Theme::System);
        assert_eq!(s.density, Density::Comfortable);
        assert!(s.close_to_tray);
        assert_eq!(s.refresh_interval_secs, 120);
        assert_eq!(s.default_section, Section::NeedsMyReview);
        assert!(s.start_at_login, "a good value next to bad ones is kept");
        assert!(s.notifications.enabled);
        assert_eq!(s.notifications.paused_until, None);
        let quiet = s.notifications.quiet_hours.expect("quiet hours kept");
        assert_eq!(quiet.start.to_string(), "22:00");
        assert_eq!(quiet.end.to_string(), "06:15");
    }

    #[test]
    fn a_wrong_value_in_every_field_is_every_default() {
        let bad = r#"{"weird": [1]}"#;
        let notifications = [
            "enabled",
            "newReviewRequest",
            "ciFailed",
            "approvedOrReady",
            "changesRequested",
            "conflict",
            "tokenExpiring",
            "tokenExpired",
            "pausedUntil",
        ]
        .map(|k| format!("\"{k}\": {bad}"))
        .join(", ");
        let json = format!(
            r#"{{"refreshIntervalSecs": {bad}, "theme": {bad}, "startAtLogin": {bad},
                "closeToTray": {bad}, "defaultSection": {bad}, "density": {bad},
                "notifications": {{{notifications}, "quietHours": {{"start": {bad}, "end": {bad}}}}}}}"#
        );
        let s = parse(&json);
        let want = Settings {
            notifications: NotificationSettings {
                quiet_hours: Some(QuietHours::default()),
                ..NotificationSettings::default()
            },
            ..Settings::default()
        };
        assert_eq!(s, want);
        let whole = parse(&format!(r#"{{"notifications": {bad}}}"#));
        assert_eq!(whole, Settings::default());
    }

    #[test]
    fn json_is_camel_case_and_round_trips() -> Result<(), serde_json::Error> {
        let mut s = Settings::default();
        s.notifications.quiet_hours = Some(QuietHours::default());
        s.notifications.paused_until = Some(datetime!(2026-11-03 10:00 +01:00));
        s.theme = Theme::Light;
        s.density = Density::Compact;
        let json = serde_json::to_string(&s)?;
        for needle in [
            r#""refreshIntervalSecs":120"#,
            r#""closeToTray":true"#,
            r#""startAtLogin":false"#,
            r#""defaultSection":"needs_my_review""#,
            r#""theme":"light""#,
            r#""density":"compact""#,
            r#""newReviewRequest":true"#,
            r#""approvedOrReady":true"#,
            r#""tokenExpiring":true"#,
            r#""quietHours":{"start":"22:00","end":"07:00"}"#,
            r#""pausedUntil":"2026-11-03T10:00:00+01:00""#,
        ] {
            assert!(json.contains(needle), "{needle} in {json}");
        }
        assert_eq!(serde_json::from_str::<Settings>(&json)?, s);
        Ok(())
    }

    #[test]
    fn the_refresh_interval_is_clamped() {
        let cases = [
            (0, 30),
            (29, 30),
            (30, 30),
            (120, 120),
            (3600, 3600),
            (3601, 3600),
            (u32::MAX, 3600),
        ];
        for (given, want) in cases {
            let s = Settings {
                refresh_interval_secs: given,
                ..Settings::default()
            };
            assert_eq!(s.normalized().refresh_interval_secs, want, "{given}");
        }
        let other = Settings {
            refresh_interval_secs: 10,
            theme: Theme::Dark,
            ..Settings::default()
        }
        .normalized();
        assert_eq!(other.theme, Theme::Dark, "normalizing keeps the rest");
    }

    #[test]
    fn the_ci_recheck_bound_is_read_leniently_and_clamped() {
        assert_eq!(parse(r#"{"ciRecheckSecs": 600}"#).ci_recheck_secs, 600);
        assert_eq!(parse(r#"{"ciRecheckSecs": "soon"}"#).ci_recheck_secs, 900);
        for (given, want) in [(0, 60), (60, 60), (900, 900), (86_401, 86_400)] {
            let s = Settings {
                ci_recheck_secs: given,
                ..Settings::default()
            };
            assert_eq!(s.normalized().ci_recheck_secs, want, "{given}");
        }
    }

    #[test]
    fn time_of_day_parses_only_real_times() {
        let good = [("00:00", 0), ("7:05", 425), ("07:05", 425), ("23:59", 1439)];
        for (s, minutes) in good {
            assert_eq!(s.parse::<TimeOfDay>().map(TimeOfDay::minutes), Ok(minutes));
        }
        for s in [
            "24:00", "12:60", "12", "12:5", "ab:cd", "", "-1:00", "123:00", "1:2:3",
        ] {
            assert!(s.parse::<TimeOfDay>().is_err(), "{s:?} refused");
        }
    }

    #[test]
    fn quiet_hours_contain_their_start_but_not_their_end() {
        let q = |a: &str, b: &str| QuietHours {
            start: a.parse().expect("start"),
            end: b.parse().expect("end"),
        };
        let t = |s: &str| s.parse::<TimeOfDay>().expect("time");
        let cases = [
            (q("22:00", "07:00"), "21:59", false),
            (q("22:00", "07:00"), "22:00", true),
            (q("22:00", "07:00"), "23:59", true),
            (q("22:00", "07:00"), "00:00", true),
            (q("22:00", "07:00"), "06:59", true),
            (q("22:00", "07:00"), "07:00", false),
            (q("22:00", "07:00"), "12:00", false),
            (q("12:00", "14:00"), "11:59", false),
            (q("12:00", "14:00"), "12:00", true),
            (q("12:00", "14:00"), "13:59", true),
            (q("12:00", "14:00"), "14:00", false),
            (q("09:00", "09:00"), "09:00", false),
        ];
        for (quiet, at, want) in cases {
            assert_eq!(quiet.contains(t(at)), want, "{quiet:?} at {at}");
        }
    }
}
