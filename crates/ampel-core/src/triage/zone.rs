//! The one local time zone every local-time rule reads (snooze wake times, quiet hours,
//! expiry reminders, wake times shown): `TZ` when set (a zone name, `:Zone`, a path or a
//! POSIX TZ string), else /etc/localtime, else UTC with one log line. tz-rs's own
//! `TimeZone::local()` reads only /etc/localtime, so `TZ` is read here.

use super::LocalZone;
use std::path::Path;
use std::sync::OnceLock;
use time::{OffsetDateTime, UtcOffset};

/// The environment variable naming the local zone, as the C library reads it.
pub const TZ_ENV: &str = "TZ";

/// The system's zone file, read when `TZ` is unset.
pub const LOCALTIME: &str = "/etc/localtime";

/// Where a [`SystemZone`]'s rules came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneSource {
    /// The `TZ` variable (its value).
    Tz(String),
    /// The zone file (its path).
    File(String),
    /// Neither could be read: UTC.
    Utc,
}

/// A zone's rules with their daylight-saving changes.
#[derive(Debug, Clone)]
pub struct SystemZone {
    rules: tz::TimeZone,
    source: ZoneSource,
}

impl SystemZone {
    /// The zone of `tz` (the value of `TZ`; `None` or empty: unset), else of the zone file
    /// at `localtime`, else UTC, with the reason for UTC when it was not asked for.
    pub fn resolve(tz: Option<&str>, localtime: &Path) -> (Self, Option<String>) {
        if let Some(value) = tz.map(str::trim).filter(|v| !v.is_empty()) {
            return match tz::TimeZone::from_posix_tz(value) {
                Ok(rules) => (Self::with(rules, ZoneSource::Tz(value.to_string())), None),
                // As the C library does with a `TZ` it cannot read: UTC.
                Err(e) => (
                    Self::utc(),
                    Some(format!("TZ={value:?} is not a known zone ({e}); using UTC")),
                ),
            };
        }
        let read = std::fs::read(localtime)
            .map_err(|e| e.to_string())
            .and_then(|bytes| tz::TimeZone::from_tz_data(&bytes).map_err(|e| e.to_string()));
        match read {
            Ok(rules) => (
                Self::with(rules, ZoneSource::File(localtime.display().to_string())),
                None,
            ),
            Err(e) => (
                Self::utc(),
                Some(format!(
                    "TZ is unset and {} cannot be read ({e}); using UTC",
                    localtime.display()
                )),
            ),
        }
    }

    /// The zone of this process's `TZ` and /etc/localtime ([`SystemZone::resolve`]).
    pub fn from_env() -> (Self, Option<String>) {
        let tz = std::env::var(TZ_ENV).ok();
        Self::resolve(tz.as_deref(), Path::new(LOCALTIME))
    }

    /// Where the rules came from.
    pub fn source(&self) -> &ZoneSource {
        &self.source
    }

    /// `at` as a local date and time in this zone.
    pub fn local(&self, at: OffsetDateTime) -> OffsetDateTime {
        at.to_offset(self.utc_offset(at))
    }

    fn with(rules: tz::TimeZone, source: ZoneSource) -> Self {
        Self { rules, source }
    }

    fn utc() -> Self {
        Self::with(tz::TimeZone::utc(), ZoneSource::Utc)
    }
}

impl LocalZone for SystemZone {
    fn utc_offset(&self, at: OffsetDateTime) -> UtcOffset {
        self.rules
            .find_local_time_type(at.unix_timestamp())
            .ok()
            .and_then(|t| UtcOffset::from_whole_seconds(t.ut_offset()).ok())
            .unwrap_or(UtcOffset::UTC)
    }
}

/// This process's local zone, read once ([`SystemZone::from_env`]); a fall-back to UTC
/// is logged once.
pub fn local_zone() -> &'static SystemZone {
    static ZONE: OnceLock<SystemZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        let (zone, why) = SystemZone::from_env();
        if let Some(why) = why {
            tracing::warn!("{why}");
        }
        zone
    })
}

#[cfg(test)]
mod tests;
