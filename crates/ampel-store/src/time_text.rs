//! Timestamps are stored as RFC 3339 text in UTC, readable in any SQLite tool.

use crate::{Result, StoreError};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Now, in UTC.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Formats a time for the database.
pub fn to_text(t: OffsetDateTime) -> Result<String> {
    t.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .map_err(|e| StoreError::Corrupt(format!("unformattable time: {e}")))
}

/// Formats an optional time for the database.
pub fn opt_to_text(t: Option<OffsetDateTime>) -> Result<Option<String>> {
    t.map(to_text).transpose()
}

/// Parses a time read from the database.
pub fn from_text(s: &str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|e| StoreError::Corrupt(format!("bad time {s:?} in database: {e}")))
}

/// Parses an optional time read from the database.
pub fn opt_from_text(s: Option<&str>) -> Result<Option<OffsetDateTime>> {
    s.map(from_text).transpose()
}
