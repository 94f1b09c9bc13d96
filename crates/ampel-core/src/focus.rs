//! Focus (issue 29): exclusion rules that keep noise out (bots, repositories,
//! organisations, labels, others' drafts) and profiles with a weekly schedule that
//! decide which accounts the tray and notifications follow. Pure and clock-injected:
//! the shell stores the rules and profiles and passes the instant and the zone.

pub mod rules;
pub mod schedule;

pub use rules::{glob_match, hidden_by, Rule, RuleKind};
pub use schedule::{active, next_change, scheduled, Active, Manual, Profile, Window};
