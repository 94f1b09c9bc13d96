//! Local time for the CLI's words: the one local zone of ampel_core (`TZ`, else
//! /etc/localtime, else UTC with one warning on stderr), times to the minute.

use ampel_core::triage::SystemZone;
use std::sync::OnceLock;
use time::macros::format_description;
use time::OffsetDateTime;

/// The local zone, read once; a fall-back to UTC is said once on stderr.
pub fn zone() -> &'static SystemZone {
    static ZONE: OnceLock<SystemZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        let (zone, why) = SystemZone::from_env();
        if let Some(why) = why {
            eprintln!("warning: {why}");
        }
        zone
    })
}

/// `at` in local time to the minute, with its offset: `2027-03-28 09:00 +02:00`.
pub fn minute(at: OffsetDateTime) -> String {
    let format = format_description!(
        "[year]-[month]-[day] [hour]:[minute] [offset_hour sign:mandatory]:[offset_minute]"
    );
    zone()
        .local(at)
        .format(&format)
        .unwrap_or_else(|_| at.to_string())
}
