//! Focus (issue 29): exclusion rules that keep noise out (bots, repositories,
//! organisations, labels, others' drafts) and profiles with a weekly schedule that
//! decide which accounts the tray and notifications follow. Pure and clock-injected:
//! the shell stores the rules and profiles and passes the instant and the zone.

pub mod rules;
pub mod schedule;

pub use rules::{glob_match, hidden_by, Rule, RuleKind};
pub use schedule::{active, next_change, scheduled, Active, Manual, Profile, Window};

use crate::changes::Listed;
use crate::triage::LocalZone;
use time::OffsetDateTime;

/// Everything Focus holds, as stored: what the shell loads once per use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Focus {
    pub rules: Vec<Rule>,
    pub profiles: Vec<Profile>,
    pub manual: Option<Manual>,
}

impl Focus {
    /// True when an exclusion rule hides `listed`.
    pub fn hidden(&self, listed: &Listed) -> bool {
        self.rules.iter().any(|r| r.matches(listed))
    }

    /// The profile in effect at `now` (see [`active`]).
    pub fn active(&self, now: OffsetDateTime, zone: &dyn LocalZone) -> Active<'_> {
        active(&self.profiles, self.manual.as_ref(), now, zone)
    }

    /// True when the tray and notifications follow `listed` at `now`: no rule hides
    /// it and the active profile (if any) covers it.
    pub fn followed(&self, listed: &Listed, now: OffsetDateTime, zone: &dyn LocalZone) -> bool {
        !self.hidden(listed)
            && self
                .active(now, zone)
                .profile
                .is_none_or(|p| p.covers(listed))
    }

    /// True when the active profile (if any) follows account `id`: its token
    /// notifications and its PRs' changes may be shown.
    pub fn follows_account(&self, id: &str, now: OffsetDateTime, zone: &dyn LocalZone) -> bool {
        self.active(now, zone)
            .profile
            .is_none_or(|p| p.accounts.iter().any(|a| a == id))
    }
}

#[cfg(test)]
mod tests;
