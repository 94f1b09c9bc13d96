//! Which desktop notifications a refresh produces (PRODUCT.md §5), as one pure,
//! clock-injected function: [`decide`].
//!
//! The shell gives, per account synced this round, the change set of the sync
//! ([`crate::changes::diff`]), what is listed now, the sync failure code if the sync
//! failed, and the token's expiry; [`decide`] answers with the notifications to show
//! and updates a small [`NotifyMemory`] that the shell persists between runs.
//!
//! Decisions:
//! - **Kinds.** A PR that *appeared* in "Needs my review" is a new review request. For
//!   my PRs ("Mine"), a light change whose *new* reasons include CI failing, changes
//!   requested, or a merge conflict is `CiFailed`, `ChangesRequested`, `Conflict`; a
//!   merge conflict counts for PRs assigned to me too. `ApprovedOrReady` is a PR of
//!   mine whose review turned approved, or whose light turned green from yellow or
//!   red (grey to green is a reopened / newly known PR, not news). One change can give
//!   several notifications (CI failed *and* a conflict). PRs that appear in "Mine"
//!   (I just opened them), disappear, or are only watched give none. A light change
//!   for a PR missing from the listing is skipped (its sections are unknown).
//! - **Accounts.** `token_expired` / `invalid_token` as a sync failure is
//!   `TokenExpired`, once per account until a sync of it succeeds again; other failures
//!   (unreachable, rate limited) neither notify nor count as recovery. A token
//!   expiring within 7 days is reminded when 7, 3 and 1 days or less are left: each
//!   threshold at most once, and at least 24 hours between two reminders for one
//!   account (so a reminder may come a little after its threshold, and a skipped one
//!   is not made up). A token that has already expired, or that the sync said is
//!   expired, gets no "expiring" reminder. A new expiry (token replaced) starts over.
//! - **First sync.** An account's first sync is silent; it records the expiry threshold
//!   already reached (the user just saw the expiry when adding the token), so the
//!   next reminder is the next threshold.
//! - **Muting.** `enabled == false`, `paused_until > now`, or `now` inside the quiet
//!   hours (local time = `now`'s own offset; start inclusive, end exclusive; a start
//!   after the end spans midnight) mutes everything. Muted change notifications are
//!   dropped (the dashboard shows the state anyway); token notifications are not
//!   recorded as told, so they come on the first refresh after the mute. The same
//!   holds for a kind switched off: nothing is recorded for it.
//! - **Summary.** More than [`SUMMARY_ABOVE`] notifications in one refresh become a
//!   single `Summary`: "5 pull requests need attention" (distinct PRs; accounts with a
//!   token notification are counted as accounts), its body the titles of the first
//!   [`SUMMARY_LISTS`] and "and N more". Its URL is the PR's when all are about one
//!   PR. Everything summarised counts as told.
//! - **Snoozes.** A snoozed PR that came back ([`AccountRound::woken`]) is one
//!   `SnoozeEnded` ("Back from snooze: title", the reason in the body); it has no switch
//!   of its own, so only `enabled`, pause and quiet hours hold it back. PRs of a muted
//!   repository are left out of the input by the shell, so they notify nothing.
//! - **Whose turn (issue 27).** A PR that became a re-review or returned to me
//!   ([`Change::TurnChanged`]) is one `MyTurn` ("Re-review needed" / "Returned to
//!   you", the why in the body) under its own switch — unless the same refresh already
//!   tells about that PR (a CI failure, changes requested), so one event is one
//!   notification. A review requested only of a team of mine is not news unless the
//!   user counts team requests as theirs ([`PrInfo::teams_only`]).
//! - **Order.** Accounts in input order; per account, token notifications first, then
//!   the changes in the order of the change set.

use crate::changes::{Change, Listed};
use crate::light::{Light, Reason};
use crate::section::{Section, Sections};
use crate::settings::{NotificationSettings, TimeOfDay};
use crate::triage::WakeReason;
use crate::Provider;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use time::{Duration, OffsetDateTime};

/// More notifications than this in one refresh become one summary.
pub const SUMMARY_ABOVE: usize = 3;
/// How many titles a summary's body lists.
pub const SUMMARY_LISTS: usize = 3;
/// Days left at which an expiring token is reminded, largest first.
pub const EXPIRY_THRESHOLDS_DAYS: [u32; 3] = [7, 3, 1];
/// Sync failure codes meaning the token no longer works.
pub const TOKEN_FAILURE_CODES: [&str; 2] = ["token_expired", "invalid_token"];

/// What one refresh saw: every account synced this round.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NotifyInput {
    /// In the order notifications should come.
    pub accounts: Vec<AccountRound>,
}

/// One account's part of a refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountRound {
    /// Stable id (the store's UUID), the key of [`NotifyMemory`].
    pub account_id: String,
    /// The friendly name shown to people.
    pub account_name: String,
    /// Its forge.
    pub provider: Provider,
    /// True on the account's first successful sync: nothing is notified.
    pub first_sync: bool,
    /// What changed since the previous sync (empty when the sync failed).
    pub changes: Vec<Change>,
    /// The PRs listed now, by key (`repo#number`); see [`lookup`].
    pub listed: HashMap<String, PrInfo>,
    /// The sync failure code (`token_expired`, `invalid_token`, `unreachable`…);
    /// `None` when the sync succeeded.
    pub failure_code: Option<String>,
    /// When the account's token expires, if known.
    pub token_expires_at: Option<OffsetDateTime>,
    /// Snoozed PRs that came back this round (key, why): see [`crate::triage`].
    pub woken: Vec<(String, WakeReason)>,
}

/// What a notification says about a listed PR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrInfo {
    pub title: String,
    pub url: String,
    pub author: String,
    /// The sections it is in now.
    pub sections: Sections,
    /// Its review is requested only of a team of mine, and the user does not count
    /// team requests as their turn: no "Review requested".
    pub teams_only: bool,
}

impl PrInfo {
    /// What a notification says about `l`; see [`PrInfo::teams_only`].
    pub fn of(l: &Listed, teams_are_mine: bool) -> Self {
        let teams = crate::turn::turn(l).is_some_and(|t| {
            t.kind() == crate::turn::TurnKind::RequestedOfTeams && !teams_are_mine
        });
        PrInfo {
            title: l.pr.title.clone(),
            url: l.pr.url.clone(),
            author: l.pr.author.clone(),
            sections: l.sections,
            teams_only: teams,
        }
    }
}

/// The [`AccountRound::listed`] lookup of an account's listing.
pub fn lookup(listed: &[Listed], teams_are_mine: bool) -> HashMap<String, PrInfo> {
    listed
        .iter()
        .map(|l| (l.key(), PrInfo::of(l, teams_are_mine)))
        .collect()
}

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    NewReviewRequest,
    CiFailed,
    ApprovedOrReady,
    ChangesRequested,
    Conflict,
    TokenExpiring,
    TokenExpired,
    /// A snoozed PR came back (its time passed or it changed); only the global
    /// switch, pause and quiet hours apply.
    SnoozeEnded,
    /// It is my turn again: re-review needed, or my PR returned to me.
    MyTurn,
    /// The forge's own merge ended: merged by auto-merge or the queue, closed, or
    /// dropped from it (issue 28).
    AutoMerge,
    /// Several notifications of one refresh in one.
    Summary,
}

/// One desktop notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Notification {
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    /// What a click opens (the PR), when there is one.
    pub url: Option<String>,
}

/// `text` as plain text for a notification server that parses markup (the
/// freedesktop `body-markup` subset): `& < > " '` become entities, so a PR title
/// like `<a href=…>` shows as typed and links or images are never made from it.
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl Notification {
    /// The title and body as [`plain_text`], what is handed to the notification server.
    pub fn shown(&self) -> (String, String) {
        (plain_text(&self.title), plain_text(&self.body))
    }
}

/// What [`decide`] remembers between refreshes; persisted by the shell (no secrets).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotifyMemory {
    /// Expiry reminders by account id.
    pub expiry: BTreeMap<String, ExpiryReminder>,
    /// Accounts told that their token expired or was refused, until they recover.
    pub expired: BTreeSet<String>,
}

impl NotifyMemory {
    /// Drops what is remembered about an account (when it is removed).
    pub fn forget(&mut self, account_id: &str) {
        self.expiry.remove(account_id);
        self.expired.remove(account_id);
    }
}

/// The reminders given for one token expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiryReminder {
    /// The expiry they were about; another expiry starts over.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// The smallest threshold (days left) reminded or passed silently.
    pub threshold_days: u32,
    /// When the last reminder was shown; `None` when only passed silently.
    #[serde(with = "time::serde::rfc3339::option")]
    pub reminded_at: Option<OffsetDateTime>,
}

/// The notifications to show for one refresh; see the module documentation.
/// `now` carries the local offset, which quiet hours are read in.
pub fn decide(
    input: &NotifyInput,
    settings: &NotificationSettings,
    now: OffsetDateTime,
    memory: &mut NotifyMemory,
) -> Vec<Notification> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for account in &input.accounts {
        let id = account.account_id.as_str();
        let token_failed = account
            .failure_code
            .as_deref()
            .is_some_and(|c| TOKEN_FAILURE_CODES.contains(&c));
        if account.failure_code.is_none() {
            memory.expired.remove(id);
        }
        if memory
            .expiry
            .get(id)
            .is_some_and(|r| Some(r.expires_at) != account.token_expires_at)
        {
            memory.expiry.remove(id);
        }
        let threshold = match account.token_expires_at {
            Some(at) if !token_failed => threshold_days(at - now).map(|t| (at, t)),
            _ => None,
        };

        if account.first_sync {
            if let Some((expires_at, threshold_days)) = threshold {
                let entry = memory
                    .expiry
                    .entry(id.to_owned())
                    .or_insert(ExpiryReminder {
                        expires_at,
                        threshold_days,
                        reminded_at: None,
                    });
                entry.threshold_days = entry.threshold_days.min(threshold_days);
            }
            continue;
        }

        if token_failed && settings.token_expired && !memory.expired.contains(id) {
            candidates.push(Candidate {
                notification: token_failed_notification(account),
                about: About::Account(id.to_owned()),
                effect: Effect::Expired(id.to_owned()),
            });
        }
        if let Some((expires_at, days)) = threshold {
            let due = memory.expiry.get(id).is_none_or(|r| {
                days < r.threshold_days && r.reminded_at.is_none_or(|t| now - t >= Duration::DAY)
            });
            if due && settings.token_expiring {
                candidates.push(Candidate {
                    notification: expiring_notification(account, expires_at, now),
                    about: About::Account(id.to_owned()),
                    effect: Effect::Expiring {
                        id: id.to_owned(),
                        reminder: ExpiryReminder {
                            expires_at,
                            threshold_days: days,
                            reminded_at: Some(now),
                        },
                    },
                });
            }
        }
        for change in &account.changes {
            for notification in change_notifications(account, change, settings) {
                candidates.push(Candidate {
                    notification,
                    about: About::Pr(id.to_owned(), change.key().to_owned()),
                    effect: Effect::None,
                });
            }
        }
        // After the others: a turn already told by a PR notification is not told twice.
        for change in &account.changes {
            let Change::TurnChanged { key, turn, words } = change else {
                continue;
            };
            let about = About::Pr(id.to_owned(), key.clone());
            if !settings.my_turn || candidates.iter().any(|c| c.about == about) {
                continue;
            }
            if let Some(notification) = turn_notification(account, key, *turn, words) {
                candidates.push(Candidate {
                    notification,
                    about,
                    effect: Effect::None,
                });
            }
        }
        for (key, reason) in &account.woken {
            candidates.push(Candidate {
                notification: woken_notification(account, key, *reason),
                about: About::Pr(id.to_owned(), key.clone()),
                effect: Effect::None,
            });
        }
    }

    if muted(settings, now) {
        return Vec::new();
    }
    for c in &candidates {
        match &c.effect {
            Effect::None => {}
            Effect::Expired(id) => {
                memory.expired.insert(id.clone());
            }
            Effect::Expiring { id, reminder } => {
                memory.expiry.insert(id.clone(), *reminder);
            }
        }
    }
    if candidates.len() > SUMMARY_ABOVE {
        vec![summary(&candidates)]
    } else {
        candidates.into_iter().map(|c| c.notification).collect()
    }
}

/// True when nothing may be shown at `now`.
pub fn muted(settings: &NotificationSettings, now: OffsetDateTime) -> bool {
    !settings.enabled
        || settings.paused_until.is_some_and(|until| until > now)
        || settings
            .quiet_hours
            .is_some_and(|q| q.contains(TimeOfDay::of(now)))
}

/// The smallest threshold reached with `left` remaining; `None` above 7 days or
/// when already expired.
fn threshold_days(left: Duration) -> Option<u32> {
    if left <= Duration::ZERO {
        return None;
    }
    EXPIRY_THRESHOLDS_DAYS
        .iter()
        .rev()
        .copied()
        .find(|d| left <= Duration::days(i64::from(*d)))
}

struct Candidate {
    notification: Notification,
    about: About,
    effect: Effect,
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum About {
    Account(String),
    Pr(String, String),
}

enum Effect {
    None,
    Expired(String),
    Expiring {
        id: String,
        reminder: ExpiryReminder,
    },
}

/// "Re-review needed: title" / "Returned to you: title", the why in the body; `None`
/// for a PR missing from the listing.
fn turn_notification(
    account: &AccountRound,
    key: &str,
    kind: crate::turn::TurnKind,
    words: &str,
) -> Option<Notification> {
    let info = account.listed.get(key)?;
    let verb = match kind {
        crate::turn::TurnKind::ReReviewNeeded => "Re-review needed",
        _ => "Returned to you",
    };
    Some(Notification {
        kind: NotificationKind::MyTurn,
        title: format!("{verb}: {}", info.title),
        body: format!("{key} · {words}"),
        url: Some(info.url.clone()).filter(|u| !u.is_empty()),
    })
}

fn change_notifications(
    account: &AccountRound,
    change: &Change,
    settings: &NotificationSettings,
) -> Vec<Notification> {
    let mut out = Vec::new();
    let pr = |kind, verb: &str, info: &PrInfo, key: &str, detail: &str| Notification {
        kind,
        title: format!("{verb}: {}", info.title),
        body: format!("{key} · {detail}"),
        url: Some(info.url.clone()),
    };
    match change {
        Change::Appeared { key, sections, .. } => {
            let info = account.listed.get(key).cloned().unwrap_or_else(|| PrInfo {
                title: key.clone(),
                url: String::new(),
                author: String::new(),
                sections: *sections,
                teams_only: false,
            });
            if settings.new_review_request
                && sections.contains(Section::NeedsMyReview)
                && !info.teams_only
            {
                let detail = if info.author.is_empty() {
                    format!("on {}", account.account_name)
                } else {
                    format!("by {}", info.author)
                };
                let mut n = pr(
                    NotificationKind::NewReviewRequest,
                    "Review requested",
                    &info,
                    key,
                    &detail,
                );
                if info.url.is_empty() {
                    n.url = None;
                }
                out.push(n);
            }
        }
        Change::Disappeared { .. } | Change::TurnChanged { .. } => {}
        Change::AutomationEnded {
            key,
            title,
            url,
            event,
        } => {
            if settings.auto_merge {
                out.push(automation_notification(key, title, url, event));
            }
        }
        Change::LightChanged {
            key,
            from,
            to,
            new_reasons,
            approved,
        } => {
            let Some(info) = account.listed.get(key) else {
                return out;
            };
            let mine = info.sections.contains(Section::Mine);
            let assigned = info.sections.contains(Section::AssignedToMe);
            let reason = |prefix: &str| new_reasons.iter().find(|r| r.starts_with(prefix));
            let ci = Reason::CiFailing {
                checks: vec![],
                names_unloaded: false,
            }
            .to_string();
            let changes = Reason::ChangesRequested { by: vec![] }.to_string();
            let conflict = Reason::MergeConflict.to_string();
            if let Some(r) = reason(&ci).filter(|_| mine && settings.ci_failed) {
                out.push(pr(NotificationKind::CiFailed, "CI failed", info, key, r));
            }
            if let Some(r) = reason(&changes).filter(|_| mine && settings.changes_requested) {
                out.push(pr(
                    NotificationKind::ChangesRequested,
                    "Changes requested",
                    info,
                    key,
                    r,
                ));
            }
            if let Some(r) = reason(&conflict).filter(|_| (mine || assigned) && settings.conflict) {
                out.push(pr(
                    NotificationKind::Conflict,
                    "Merge conflict",
                    info,
                    key,
                    r,
                ));
            }
            let turned_green = *to == Light::Green && matches!(from, Light::Yellow | Light::Red);
            if mine && settings.approved_or_ready && (*approved || turned_green) {
                let n = match (*approved, *to == Light::Green) {
                    (true, true) => pr(
                        NotificationKind::ApprovedOrReady,
                        "Ready to merge",
                        info,
                        key,
                        "approved, nothing blocks the merge",
                    ),
                    (true, false) => pr(
                        NotificationKind::ApprovedOrReady,
                        "Approved",
                        info,
                        key,
                        "approved",
                    ),
                    (false, _) => pr(
                        NotificationKind::ApprovedOrReady,
                        "Ready to merge",
                        info,
                        key,
                        "nothing blocks the merge any more",
                    ),
                };
                out.push(n);
            }
        }
    }
    out
}

fn automation_notification(
    key: &str,
    title: &str,
    url: &str,
    event: &crate::automation_changes::AutomationEvent,
) -> Notification {
    use crate::automation_changes::AutomationEvent;
    let (verb, detail) = match event {
        AutomationEvent::Merged { queue: true } => ("Merged from the queue", "the forge merged it"),
        AutomationEvent::Merged { queue: false } => ("Merged by auto-merge", "the forge merged it"),
        AutomationEvent::Closed => ("Closed", "closed while set to merge"),
        AutomationEvent::Dropped { queue: true, why } => ("Left the queue", why.as_str()),
        AutomationEvent::Dropped { queue: false, why } => ("Auto-merge turned off", why.as_str()),
    };
    Notification {
        kind: NotificationKind::AutoMerge,
        title: format!("{verb}: {title}"),
        body: format!("{key} · {detail}"),
        url: Some(url.to_string()).filter(|u| !u.is_empty()),
    }
}

fn woken_notification(account: &AccountRound, key: &str, reason: WakeReason) -> Notification {
    let info = account.listed.get(key);
    Notification {
        kind: NotificationKind::SnoozeEnded,
        title: format!(
            "Back from snooze: {}",
            info.map_or(key, |i| i.title.as_str())
        ),
        body: format!("{key} · {}", reason.text()),
        url: info.map(|i| i.url.clone()).filter(|u| !u.is_empty()),
    }
}

fn token_failed_notification(account: &AccountRound) -> Notification {
    let forge = account.provider.display_name();
    let name = &account.account_name;
    let (title, body) = if account.failure_code.as_deref() == Some("token_expired") {
        (
            format!("Token expired: {name}"),
            format!(
                "The {forge} token of {name} has expired. Add a new one in Settings > Accounts."
            ),
        )
    } else {
        (
            format!("Token refused: {name}"),
            format!(
                "{forge} refused the token of {name} (revoked or invalid). Add a new one in Settings > Accounts."
            ),
        )
    };
    Notification {
        kind: NotificationKind::TokenExpired,
        title,
        body,
        url: None,
    }
}

fn expiring_notification(
    account: &AccountRound,
    expires_at: OffsetDateTime,
    now: OffsetDateTime,
) -> Notification {
    let left = expires_at - now;
    let when = if left.whole_days() >= 1 {
        plural(left.whole_days(), "day")
    } else {
        // Round up: "in 1 hour" rather than "in 0 hours".
        let hours = (left.whole_minutes() + 59) / 60;
        plural(hours.max(1), "hour")
    };
    let date = expires_at.to_offset(now.offset()).date();
    let name = &account.account_name;
    Notification {
        kind: NotificationKind::TokenExpiring,
        title: format!("Token expiring: {name}"),
        body: format!(
            "The {} token of {name} expires in {when} ({date}). Replace it in Settings > Accounts.",
            account.provider.display_name()
        ),
        url: None,
    }
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

fn summary(candidates: &[Candidate]) -> Notification {
    let prs: BTreeSet<&About> = candidates
        .iter()
        .map(|c| &c.about)
        .filter(|a| matches!(a, About::Pr(..)))
        .collect();
    let accounts: BTreeSet<&About> = candidates
        .iter()
        .map(|c| &c.about)
        .filter(|a| matches!(a, About::Account(..)))
        .collect();
    let count = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let subject = match (prs.len(), accounts.len()) {
        (p, 0) => count(p, "pull request", "pull requests"),
        (0, a) => count(a, "account", "accounts"),
        (p, a) => format!(
            "{} and {}",
            count(p, "pull request", "pull requests"),
            count(a, "account", "accounts")
        ),
    };
    let verb = if prs.len() + accounts.len() == 1 {
        "needs"
    } else {
        "need"
    };
    let mut lines: Vec<String> = candidates
        .iter()
        .take(SUMMARY_LISTS)
        .map(|c| c.notification.title.clone())
        .collect();
    if candidates.len() > SUMMARY_LISTS {
        lines.push(format!("and {} more", candidates.len() - SUMMARY_LISTS));
    }
    let first_url = candidates.first().and_then(|c| c.notification.url.clone());
    let url = first_url.filter(|u| {
        candidates
            .iter()
            .all(|c| c.notification.url.as_ref() == Some(u))
    });
    Notification {
        kind: NotificationKind::Summary,
        title: format!("{subject} {verb} attention"),
        body: lines.join("\n"),
        url,
    }
}

#[cfg(test)]
mod plain_text_tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_text_kept() {
        assert_eq!(
            plain_text(r#"<b>x</b> <a href="https://e.example/?a=1&b='2'">click</a> <img src=x>"#),
            "&lt;b&gt;x&lt;/b&gt; &lt;a href=&quot;https://e.example/?a=1&amp;b=&#39;2&#39;&quot;&gt;click&lt;/a&gt; &lt;img src=x&gt;"
        );
        assert_eq!(plain_text("Fix ünïcode 🚦 (#12)"), "Fix ünïcode 🚦 (#12)");
        assert_eq!(
            plain_text("&amp;"),
            "&amp;amp;",
            "entities are escaped again, not trusted"
        );
        let n = Notification {
            kind: NotificationKind::NewReviewRequest,
            title: "<i>t</i>".into(),
            body: "a & b".into(),
            url: None,
        };
        assert_eq!(
            n.shown(),
            ("&lt;i&gt;t&lt;/i&gt;".into(), "a &amp; b".into())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::changes::diff;
    use crate::pr::{Check, CheckState, Checks, MergeState, PrState, PullRequest, Review};
    use crate::settings::QuietHours;
    use time::macros::{datetime, offset};

    const NOW: OffsetDateTime = datetime!(2026-11-03 12:00 UTC);
    const KEY: &str = "octo-org/ampel-demo#2";
    const TITLE: &str = "Speed up the sync loop";
    const URL: &str = "https://github.com/octo-org/ampel-demo/pull/2";

    fn info(sections: Sections) -> PrInfo {
        PrInfo {
            title: TITLE.into(),
            url: URL.into(),
            author: "alice".into(),
            sections,
            teams_only: false,
        }
    }

    fn round(changes: Vec<Change>, listed: Vec<(String, PrInfo)>) -> AccountRound {
        AccountRound {
            account_id: "acc-1".into(),
            account_name: "work".into(),
            provider: Provider::Github,
            first_sync: false,
            changes,
            listed: listed.into_iter().collect(),
            failure_code: None,
            token_expires_at: None,
            woken: Vec::new(),
        }
    }

    /// One account, one PR (`KEY`) in `section`, one change.
    fn one(change: Change, section: Section) -> NotifyInput {
        NotifyInput {
            accounts: vec![round(
                vec![change],
                vec![(KEY.into(), info(Sections::of(section)))],
            )],
        }
    }

    fn changed(from: Light, to: Light, reasons: &[&str], approved: bool) -> Change {
        Change::LightChanged {
            key: KEY.into(),
            from,
            to,
            new_reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
            approved,
        }
    }

    fn red(reasons: &[&str]) -> Change {
        changed(Light::Green, Light::Red, reasons, false)
    }

    fn appeared(section: Section, reasons: &[&str]) -> Change {
        Change::Appeared {
            key: KEY.into(),
            sections: Sections::of(section),
            light: Light::Red,
            reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
        }
    }

    fn token(failure: Option<&str>, expires_at: Option<OffsetDateTime>) -> NotifyInput {
        let mut r = round(vec![], vec![]);
        r.failure_code = failure.map(str::to_owned);
        r.token_expires_at = expires_at;
        NotifyInput { accounts: vec![r] }
    }

    fn run(input: &NotifyInput, settings: &NotificationSettings) -> Vec<Notification> {
        decide(input, settings, NOW, &mut NotifyMemory::default())
    }

    fn kinds(ns: &[Notification]) -> Vec<NotificationKind> {
        ns.iter().map(|n| n.kind).collect()
    }

    type Expected = (NotificationKind, String, String);

    #[test]
    fn every_kind_of_pr_change() {
        use NotificationKind::*;
        use Section::*;
        let b = |detail: &str| format!("{KEY} · {detail}");
        let cases: Vec<(&str, Change, Section, Vec<Expected>)> = vec![
            (
                "new review request",
                appeared(NeedsMyReview, &[]),
                NeedsMyReview,
                vec![(
                    NewReviewRequest,
                    format!("Review requested: {TITLE}"),
                    b("by alice"),
                )],
            ),
            (
                "CI failed on mine",
                red(&["CI failing: build"]),
                Mine,
                vec![(
                    CiFailed,
                    format!("CI failed: {TITLE}"),
                    b("CI failing: build"),
                )],
            ),
            (
                "CI failed on mine, combined state only",
                red(&["CI failing"]),
                Mine,
                vec![(CiFailed, format!("CI failed: {TITLE}"), b("CI failing"))],
            ),
            (
                "approved and green",
                changed(Light::Yellow, Light::Green, &[], true),
                Mine,
                vec![(
                    ApprovedOrReady,
                    format!("Ready to merge: {TITLE}"),
                    b("approved, nothing blocks the merge"),
                )],
            ),
            (
                "approved, checks still running",
                changed(Light::Yellow, Light::Yellow, &[], true),
                Mine,
                vec![(ApprovedOrReady, format!("Approved: {TITLE}"), b("approved"))],
            ),
            (
                "turned green from red",
                changed(Light::Red, Light::Green, &[], false),
                Mine,
                vec![(
                    ApprovedOrReady,
                    format!("Ready to merge: {TITLE}"),
                    b("nothing blocks the merge any more"),
                )],
            ),
            (
                "changes requested",
                red(&["changes requested by bob"]),
                Mine,
                vec![(
                    ChangesRequested,
                    format!("Changes requested: {TITLE}"),
                    b("changes requested by bob"),
                )],
            ),
            (
                "conflict on mine",
                red(&["merge conflict"]),
                Mine,
                vec![(
                    Conflict,
                    format!("Merge conflict: {TITLE}"),
                    b("merge conflict"),
                )],
            ),
            (
                "conflict on assigned",
                red(&["merge conflict"]),
                AssignedToMe,
                vec![(
                    Conflict,
                    format!("Merge conflict: {TITLE}"),
                    b("merge conflict"),
                )],
            ),
            (
                "one change, two kinds",
                red(&["merge conflict", "CI failing: test"]),
                Mine,
                vec![
                    (
                        CiFailed,
                        format!("CI failed: {TITLE}"),
                        b("CI failing: test"),
                    ),
                    (
                        Conflict,
                        format!("Merge conflict: {TITLE}"),
                        b("merge conflict"),
                    ),
                ],
            ),
            (
                "CI failed on a PR I review",
                red(&["CI failing: build"]),
                NeedsMyReview,
                vec![],
            ),
            (
                "CI failed on assigned",
                red(&["CI failing: build"]),
                AssignedToMe,
                vec![],
            ),
            (
                "changes requested on assigned",
                red(&["changes requested"]),
                AssignedToMe,
                vec![],
            ),
            (
                "conflict on watched",
                red(&["merge conflict"]),
                Watched,
                vec![],
            ),
            (
                "approved, not mine",
                changed(Light::Yellow, Light::Green, &[], true),
                AssignedToMe,
                vec![],
            ),
            (
                "grey to green is not news",
                changed(Light::Grey, Light::Green, &[], false),
                Mine,
                vec![],
            ),
            (
                "green to yellow",
                changed(Light::Green, Light::Yellow, &["checks running (2)"], false),
                Mine,
                vec![],
            ),
            (
                "my new PR already failing",
                appeared(Mine, &["CI failing: build", "merge conflict"]),
                Mine,
                vec![],
            ),
            (
                "watched PR appears",
                appeared(Watched, &[]),
                Watched,
                vec![],
            ),
            (
                "gone",
                Change::Disappeared {
                    key: KEY.into(),
                    title: TITLE.into(),
                },
                Mine,
                vec![],
            ),
        ];
        for (name, change, section, want) in cases {
            let got = run(&one(change, section), &NotificationSettings::default());
            let got_triples: Vec<Expected> = got
                .iter()
                .map(|n| (n.kind, n.title.clone(), n.body.clone()))
                .collect();
            assert_eq!(got_triples, want, "{name}");
            for n in &got {
                assert_eq!(n.url.as_deref(), Some(URL), "{name}: url");
            }
        }
    }

    #[test]
    fn a_change_for_a_pr_not_listed_is_skipped() {
        let input = NotifyInput {
            accounts: vec![round(vec![red(&["CI failing: build"])], vec![])],
        };
        assert_eq!(run(&input, &NotificationSettings::default()), vec![]);
        // A review request still reads without the listing, with the key as title.
        let input = NotifyInput {
            accounts: vec![round(vec![appeared(Section::NeedsMyReview, &[])], vec![])],
        };
        let got = run(&input, &NotificationSettings::default());
        assert_eq!(
            got,
            vec![Notification {
                kind: NotificationKind::NewReviewRequest,
                title: format!("Review requested: {KEY}"),
                body: format!("{KEY} · on work"),
                url: None,
            }]
        );
    }

    /// An input that produces exactly one notification, of `kind`.
    fn only(kind: NotificationKind) -> NotifyInput {
        use NotificationKind::*;
        match kind {
            NewReviewRequest => one(
                appeared(Section::NeedsMyReview, &[]),
                Section::NeedsMyReview,
            ),
            CiFailed => one(red(&["CI failing: build"]), Section::Mine),
            ApprovedOrReady => one(
                changed(Light::Yellow, Light::Green, &[], true),
                Section::Mine,
            ),
            ChangesRequested => one(red(&["changes requested by bob"]), Section::Mine),
            Conflict => one(red(&["merge conflict"]), Section::AssignedToMe),
            TokenExpiring => token(None, Some(NOW + Duration::days(2))),
            TokenExpired => token(Some("invalid_token"), None),
            AutoMerge => one(
                Change::AutomationEnded {
                    key: KEY.into(),
                    title: TITLE.into(),
                    url: "https://example.com/1".into(),
                    event: crate::automation_changes::AutomationEvent::Merged { queue: false },
                },
                Section::Mine,
            ),
            MyTurn => one(
                Change::TurnChanged {
                    key: KEY.into(),
                    turn: crate::turn::TurnKind::ReReviewNeeded,
                    words: "alice pushed since your review".into(),
                },
                Section::Reviewed,
            ),
            SnoozeEnded => {
                let mut input = one(appeared(Section::Watched, &[]), Section::Watched);
                input.accounts[0].woken = vec![(KEY.into(), WakeReason::CiFinished)];
                input
            }
            Summary => NotifyInput::default(),
        }
    }

    fn switch(s: &mut NotificationSettings, kind: NotificationKind) -> &mut bool {
        use NotificationKind::*;
        match kind {
            NewReviewRequest => &mut s.new_review_request,
            CiFailed => &mut s.ci_failed,
            ApprovedOrReady => &mut s.approved_or_ready,
            ChangesRequested => &mut s.changes_requested,
            Conflict => &mut s.conflict,
            TokenExpiring => &mut s.token_expiring,
            TokenExpired => &mut s.token_expired,
            MyTurn => &mut s.my_turn,
            AutoMerge => &mut s.auto_merge,
            SnoozeEnded | Summary => &mut s.enabled,
        }
    }

    const SWITCHED: [NotificationKind; 9] = [
        NotificationKind::MyTurn,
        NotificationKind::AutoMerge,
        NotificationKind::NewReviewRequest,
        NotificationKind::CiFailed,
        NotificationKind::ApprovedOrReady,
        NotificationKind::ChangesRequested,
        NotificationKind::Conflict,
        NotificationKind::TokenExpiring,
        NotificationKind::TokenExpired,
    ];

    fn turned(words: &str) -> Change {
        Change::TurnChanged {
            key: KEY.into(),
            turn: crate::turn::TurnKind::ReturnedToMe,
            words: words.into(),
        }
    }

    #[test]
    fn the_forges_own_merge_notifies_once_in_its_words() {
        use crate::automation_changes::AutomationEvent;
        let ended = |event| Change::AutomationEnded {
            key: KEY.into(),
            title: "<b>x</b>".into(),
            url: "https://example.com/1".into(),
            event,
        };
        let on = NotificationSettings::default();
        let cases = [
            (
                AutomationEvent::Merged { queue: false },
                "Merged by auto-merge: <b>x</b>",
                "the forge merged it",
            ),
            (
                AutomationEvent::Merged { queue: true },
                "Merged from the queue: <b>x</b>",
                "the forge merged it",
            ),
            (
                AutomationEvent::Closed,
                "Closed: <b>x</b>",
                "closed while set to merge",
            ),
            (
                AutomationEvent::Dropped {
                    queue: false,
                    why: "CI failed".into(),
                },
                "Auto-merge turned off: <b>x</b>",
                "CI failed",
            ),
            (
                AutomationEvent::Dropped {
                    queue: true,
                    why: "new commits were pushed".into(),
                },
                "Left the queue: <b>x</b>",
                "new commits were pushed",
            ),
        ];
        for (event, title, body) in cases {
            let shown = run(&one(ended(event), Section::Mine), &on);
            assert_eq!(kinds(&shown), vec![NotificationKind::AutoMerge]);
            assert_eq!(shown[0].title, title);
            assert_eq!(shown[0].body, format!("{KEY} · {body}"));
            assert_eq!(shown[0].url.as_deref(), Some("https://example.com/1"));
        }
        let off = NotificationSettings {
            auto_merge: false,
            ..NotificationSettings::default()
        };
        let quiet = run(&one(ended(AutomationEvent::Closed), Section::Mine), &off);
        assert!(quiet.is_empty());
    }

    #[test]
    fn a_turn_told_by_another_notification_is_not_told_twice() {
        let input = NotifyInput {
            accounts: vec![round(
                vec![
                    red(&["changes requested by bob"]),
                    turned("bob requested changes"),
                ],
                vec![(KEY.into(), info(Sections::of(Section::Mine)))],
            )],
        };
        let on = NotificationSettings::default();
        assert_eq!(
            kinds(&run(&input, &on)),
            vec![NotificationKind::ChangesRequested]
        );
        let alone = one(turned("bob commented"), Section::Mine);
        let shown = run(&alone, &on);
        assert_eq!(kinds(&shown), vec![NotificationKind::MyTurn]);
        assert_eq!(shown[0].title, format!("Returned to you: {TITLE}"));
        assert_eq!(shown[0].body, format!("{KEY} · bob commented"));
    }

    #[test]
    fn a_request_of_my_team_only_is_no_news_unless_chosen() {
        let mut team = info(Sections::of(Section::NeedsMyReview));
        team.teams_only = true;
        let input = NotifyInput {
            accounts: vec![round(
                vec![appeared(Section::NeedsMyReview, &[])],
                vec![(KEY.into(), team)],
            )],
        };
        assert_eq!(run(&input, &NotificationSettings::default()), vec![]);
    }

    #[test]
    fn each_kind_has_its_own_switch() {
        for kind in SWITCHED {
            let input = only(kind);
            let on = NotificationSettings::default();
            assert_eq!(kinds(&run(&input, &on)), vec![kind], "{kind:?} on");

            let mut off = NotificationSettings::default();
            *switch(&mut off, kind) = false;
            assert_eq!(run(&input, &off), vec![], "{kind:?} off");

            let mut others_off = NotificationSettings::default();
            for other in SWITCHED.iter().filter(|k| **k != kind) {
                *switch(&mut others_off, *other) = false;
            }
            assert_eq!(
                kinds(&run(&input, &others_off)),
                vec![kind],
                "{kind:?} alone"
            );

            let all_off = NotificationSettings {
                enabled: false,
                ..NotificationSettings::default()
            };
            assert_eq!(
                run(&input, &all_off),
                vec![],
                "{kind:?} with everything off"
            );
        }
    }

    /// `n` PRs of mine, each turning red with failing CI.
    fn failing(n: u64) -> AccountRound {
        let mut changes = Vec::new();
        let mut listed = Vec::new();
        for i in 1..=n {
            let key = format!("octo/app#{i}");
            changes.push(Change::LightChanged {
                key: key.clone(),
                from: Light::Green,
                to: Light::Red,
                new_reasons: vec!["CI failing: build".into()],
                approved: false,
            });
            listed.push((
                key,
                PrInfo {
                    title: format!("PR {i}"),
                    url: format!("https://example.com/{i}"),
                    author: "me".into(),
                    sections: Sections::of(Section::Mine),
                    teams_only: false,
                },
            ));
        }
        round(changes, listed)
    }

    #[test]
    fn three_stay_apart_four_become_one_summary() {
        let settings = NotificationSettings::default();
        let three = NotifyInput {
            accounts: vec![failing(3)],
        };
        let got = run(&three, &settings);
        assert_eq!(kinds(&got), vec![NotificationKind::CiFailed; 3]);
        assert_eq!(got[2].title, "CI failed: PR 3");

        let four = NotifyInput {
            accounts: vec![failing(4)],
        };
        assert_eq!(
            run(&four, &settings),
            vec![Notification {
                kind: NotificationKind::Summary,
                title: "4 pull requests need attention".into(),
                body: "CI failed: PR 1\nCI failed: PR 2\nCI failed: PR 3\nand 1 more".into(),
                url: None,
            }]
        );

        let five = NotifyInput {
            accounts: vec![failing(5)],
        };
        let got = run(&five, &settings);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].title, "5 pull requests need attention");
        assert!(got[0].body.ends_with("\nand 2 more"), "{}", got[0].body);
    }

    #[test]
    fn a_summary_counts_pull_requests_and_accounts_across_accounts() {
        let mut second = failing(3);
        second.account_id = "acc-2".into();
        second.account_name = "oss".into();
        second.changes.truncate(2);
        let mut expired = round(vec![], vec![]);
        expired.account_id = "acc-3".into();
        expired.account_name = "home".into();
        expired.failure_code = Some("token_expired".into());
        let input = NotifyInput {
            accounts: vec![failing(2), expired, second],
        };
        let mut memory = NotifyMemory::default();
        let got = decide(&input, &NotificationSettings::default(), NOW, &mut memory);
        assert_eq!(
            got,
            vec![Notification {
                kind: NotificationKind::Summary,
                // octo/app#1 and #2 of two accounts are four PRs.
                title: "4 pull requests and 1 account need attention".into(),
                body: "CI failed: PR 1\nCI failed: PR 2\nToken expired: home\nand 2 more".into(),
                url: None,
            }]
        );
        assert!(
            memory.expired.contains("acc-3"),
            "summarised counts as told"
        );
        let again = decide(&input, &NotificationSettings::default(), NOW, &mut memory);
        assert_eq!(again[0].title, "4 pull requests need attention");
    }

    #[test]
    fn four_notifications_about_one_pr_summarise_to_it() {
        let input = one(
            changed(
                Light::Yellow,
                Light::Red,
                &[
                    "merge conflict",
                    "CI failing: a",
                    "changes requested by bob",
                ],
                true,
            ),
            Section::Mine,
        );
        let got = run(&input, &NotificationSettings::default());
        assert_eq!(
            got,
            vec![Notification {
                kind: NotificationKind::Summary,
                title: "1 pull request needs attention".into(),
                body: format!(
                    "CI failed: {TITLE}\nChanges requested: {TITLE}\nMerge conflict: {TITLE}\nand 1 more"
                ),
                url: Some(URL.into()),
            }]
        );
    }

    #[test]
    fn quiet_hours_mute_inside_and_across_midnight() {
        let q = |a: &str, b: &str| QuietHours {
            start: a.parse().expect("start"),
            end: b.parse().expect("end"),
        };
        let at = |hh: u8, mm: u8| NOW.replace_time(time::Time::from_hms(hh, mm, 0).expect("time"));
        let night = q("22:00", "07:00");
        let lunch = q("12:00", "14:00");
        let cases = [
            (night, at(21, 59), false),
            (night, at(22, 0), true),
            (night, at(23, 30), true),
            (night, at(0, 0), true),
            (night, at(6, 59), true),
            (night, at(7, 0), false),
            (night, at(12, 0), false),
            (lunch, at(11, 59), false),
            (lunch, at(12, 0), true),
            (lunch, at(13, 59), true),
            (lunch, at(14, 0), false),
            (q("09:00", "09:00"), at(9, 0), false),
            // 20:30 UTC is 22:30 at +02:00: quiet there, not in UTC.
            (night, datetime!(2026-11-03 20:30 UTC), false),
            (
                night,
                datetime!(2026-11-03 20:30 UTC).to_offset(offset!(+2)),
                true,
            ),
            // 14:30 UTC is 06:30 at -08:00, still night there.
            (
                night,
                datetime!(2026-11-03 14:30 UTC).to_offset(offset!(-8)),
                true,
            ),
            (
                night,
                datetime!(2026-11-03 15:30 UTC).to_offset(offset!(-8)),
                false,
            ),
        ];
        let input = only(NotificationKind::CiFailed);
        for (quiet, now, want_muted) in cases {
            let settings = NotificationSettings {
                quiet_hours: Some(quiet),
                ..NotificationSettings::default()
            };
            let got = decide(&input, &settings, now, &mut NotifyMemory::default());
            assert_eq!(got.is_empty(), want_muted, "{quiet:?} at {now}");
            assert_eq!(muted(&settings, now), want_muted, "{quiet:?} at {now}");
        }
    }

    #[test]
    fn pause_mutes_until_its_end() {
        let cases = [
            (Some(NOW + Duration::minutes(1)), true),
            (Some(NOW + Duration::HOUR), true),
            (Some(NOW), false),
            (Some(NOW - Duration::HOUR), false),
            (None, false),
        ];
        for kind in [NotificationKind::CiFailed, NotificationKind::TokenExpired] {
            for (paused_until, want_muted) in cases {
                let settings = NotificationSettings {
                    paused_until,
                    ..NotificationSettings::default()
                };
                let got = run(&only(kind), &settings);
                assert_eq!(
                    got.is_empty(),
                    want_muted,
                    "{kind:?} paused until {paused_until:?}"
                );
            }
        }
    }

    #[test]
    fn a_snoozed_pr_that_came_back_notifies_unless_muted() {
        let input = only(NotificationKind::SnoozeEnded);
        assert_eq!(
            run(&input, &NotificationSettings::default()),
            vec![Notification {
                kind: NotificationKind::SnoozeEnded,
                title: format!("Back from snooze: {TITLE}"),
                body: format!("{KEY} · CI finished"),
                url: Some(URL.into()),
            }]
        );
        let paused = NotificationSettings {
            paused_until: Some(NOW + Duration::HOUR),
            ..NotificationSettings::default()
        };
        assert_eq!(run(&input, &paused), vec![]);
        let off = NotificationSettings {
            enabled: false,
            ..NotificationSettings::default()
        };
        assert_eq!(run(&input, &off), vec![]);
    }

    #[test]
    fn the_first_sync_is_silent() {
        let mut input = NotifyInput {
            accounts: vec![failing(2)],
        };
        input.accounts[0]
            .changes
            .push(appeared(Section::NeedsMyReview, &[]));
        input.accounts[0].token_expires_at = Some(NOW + Duration::days(2));
        let settings = NotificationSettings::default();
        assert_eq!(run(&input, &settings).len(), 1, "not first: a summary of 4");
        input.accounts[0].first_sync = true;
        assert_eq!(run(&input, &settings), vec![]);
        // Another account's changes in the same refresh still count.
        let mut other = failing(1);
        other.account_id = "acc-2".into();
        input.accounts.push(other);
        assert_eq!(
            kinds(&run(&input, &settings)),
            vec![NotificationKind::CiFailed]
        );
    }

    /// Steps through `(now, expected body or None)` with one memory.
    fn expiry_steps(
        expires_at: OffsetDateTime,
        memory: &mut NotifyMemory,
        steps: &[(OffsetDateTime, bool, Option<&str>)],
    ) {
        for (now, first_sync, want) in steps {
            let mut input = token(None, Some(expires_at));
            input.accounts[0].first_sync = *first_sync;
            let got = decide(&input, &NotificationSettings::default(), *now, memory);
            let bodies: Vec<&str> = got.iter().map(|n| n.body.as_str()).collect();
            match want {
                None => assert_eq!(bodies, Vec::<&str>::new(), "at {now}"),
                Some(w) => {
                    assert_eq!(
                        kinds(&got),
                        vec![NotificationKind::TokenExpiring],
                        "at {now}"
                    );
                    assert_eq!(got[0].title, "Token expiring: work");
                    assert_eq!(bodies, vec![*w], "at {now}");
                }
            }
        }
    }

    fn expiring_body(when: &str, date: &str) -> String {
        format!("The GitHub token of work expires in {when} ({date}). Replace it in Settings > Accounts.")
    }

    #[test]
    fn expiry_is_reminded_at_seven_three_and_one_days_once_each() {
        let t = datetime!(2026-11-20 09:00 UTC);
        let d = Duration::days;
        let h = Duration::hours;
        let b7 = expiring_body("7 days", "2026-11-20");
        let b3 = expiring_body("3 days", "2026-11-20");
        let b1 = expiring_body("1 day", "2026-11-20");
        let mut memory = NotifyMemory::default();
        expiry_steps(
            t,
            &mut memory,
            &[
                (t - d(10), false, None),
                (t - d(7) - Duration::MINUTE, false, None),
                (t - d(7), false, Some(&b7)),
                (t - d(7) + h(1), false, None),
                (t - d(6), false, None),
                (t - d(4), false, None),
                (t - d(3), false, Some(&b3)),
                (t - d(3) + h(23), false, None),
                (t - d(2), false, None),
                (t - d(1), false, Some(&b1)),
                (t - h(12), false, None),
                (t - h(1), false, None),
                (t + h(1), false, None),
                (t + d(3), false, None),
            ],
        );
        assert_eq!(
            memory.expiry.get("acc-1").map(|r| r.threshold_days),
            Some(1)
        );
    }

    #[test]
    fn expiry_reminders_keep_a_day_apart() {
        let t = datetime!(2026-11-20 09:00 UTC);
        let d = Duration::days;
        let h = Duration::hours;
        let mut memory = NotifyMemory::default();
        expiry_steps(
            t,
            &mut memory,
            &[
                // Ampel was not running at 7 days: the 7-day reminder comes late.
                (
                    t - d(3) - h(2),
                    false,
                    Some(&expiring_body("3 days", "2026-11-20")),
                ),
                // 3 days reached 3 hours later: not the same day.
                (t - d(3) + h(1), false, None),
                (t - d(2) - h(3), false, None),
                (
                    t - d(2) - h(2),
                    false,
                    Some(&expiring_body("2 days", "2026-11-20")),
                ),
                (t - d(2), false, None),
                (t - d(1) - h(1), false, None),
            ],
        );
        let mut memory = NotifyMemory::default();
        expiry_steps(
            t,
            &mut memory,
            &[
                (
                    t - d(1) - h(6),
                    false,
                    Some(&expiring_body("1 day", "2026-11-20")),
                ),
                // 1 day reached at t - 1d, but 24 hours after the last reminder only.
                (t - d(1), false, None),
                (t - h(7), false, None),
                (
                    t - h(6),
                    false,
                    Some(&expiring_body("6 hours", "2026-11-20")),
                ),
                (t - h(1), false, None),
            ],
        );
        let mut memory = NotifyMemory::default();
        expiry_steps(
            t,
            &mut memory,
            &[(
                t - Duration::minutes(30),
                false,
                Some(&expiring_body("1 hour", "2026-11-20")),
            )],
        );
    }

    #[test]
    fn a_date_only_expiry_is_reminded_alike_around_midnight_and_noon() {
        // GitLab keeps a date: the token ends at 00:00 UTC on it. Each instant
        // is a fresh start (new memory), so the threshold reached there fires.
        let t = datetime!(2026-12-08 00:00 UTC);
        let cases = [
            (datetime!(2026-11-30 23:55 UTC), None),
            (datetime!(2026-12-01 00:05 UTC), Some("6 days")),
            (datetime!(2026-12-01 11:55 UTC), Some("6 days")),
            (datetime!(2026-12-01 12:05 UTC), Some("6 days")),
            (datetime!(2026-12-04 23:55 UTC), Some("3 days")),
            (datetime!(2026-12-05 00:05 UTC), Some("2 days")),
            (datetime!(2026-12-06 23:55 UTC), Some("1 day")),
            (datetime!(2026-12-07 12:05 UTC), Some("12 hours")),
            (datetime!(2026-12-07 23:55 UTC), Some("1 hour")),
            (datetime!(2026-12-08 00:05 UTC), None),
        ];
        for (now, when) in cases {
            let body = when.map(|w| expiring_body(w, "2026-12-08"));
            let mut memory = NotifyMemory::default();
            expiry_steps(t, &mut memory, &[(now, false, body.as_deref())]);
        }
    }

    #[test]
    fn the_expiry_date_is_local() {
        let t = datetime!(2026-11-20 23:30 UTC);
        let now = (t - Duration::days(2)).to_offset(offset!(+2));
        let mut memory = NotifyMemory::default();
        expiry_steps(
            t,
            &mut memory,
            &[(now, false, Some(&expiring_body("2 days", "2026-11-21")))],
        );
    }

    #[test]
    fn the_first_sync_passes_the_current_threshold_silently() {
        let t = datetime!(2026-11-20 09:00 UTC);
        let d = Duration::days;
        let mut memory = NotifyMemory::default();
        expiry_steps(
            t,
            &mut memory,
            &[
                (t - d(5), true, None),
                (t - d(5) + Duration::minutes(2), false, None),
                (t - d(4), false, None),
                (
                    t - d(3),
                    false,
                    Some(&expiring_body("3 days", "2026-11-20")),
                ),
            ],
        );
        let mut memory = NotifyMemory::default();
        expiry_steps(
            t,
            &mut memory,
            &[
                (t - d(2), true, None),
                (t - d(2) + Duration::minutes(2), false, None),
                // No reminder was shown, so no day to wait.
                (t - d(1), false, Some(&expiring_body("1 day", "2026-11-20"))),
            ],
        );
    }

    #[test]
    fn a_new_token_starts_the_reminders_over() {
        let t = datetime!(2026-11-20 09:00 UTC);
        let d = Duration::days;
        let mut memory = NotifyMemory::default();
        expiry_steps(
            t,
            &mut memory,
            &[(
                t - d(3),
                false,
                Some(&expiring_body("3 days", "2026-11-20")),
            )],
        );
        let later = t + d(90);
        expiry_steps(
            later,
            &mut memory,
            &[(t - d(3) + Duration::HOUR, false, None)],
        );
        assert!(memory.expiry.is_empty(), "{memory:?}");
        let soon = t + d(1);
        expiry_steps(
            soon,
            &mut memory,
            &[(
                t - d(2),
                false,
                Some(&expiring_body("3 days", "2026-11-21")),
            )],
        );
        // No expiry known: forgotten.
        let none = token(None, None);
        decide(
            &none,
            &NotificationSettings::default(),
            t - d(2),
            &mut memory,
        );
        assert!(memory.expiry.is_empty(), "{memory:?}");
    }

    #[test]
    fn a_muted_reminder_comes_after_the_mute() {
        let t = datetime!(2026-11-20 09:00 UTC);
        let input = token(None, Some(t));
        let quiet = NotificationSettings {
            quiet_hours: Some(QuietHours::default()),
            ..NotificationSettings::default()
        };
        let mut memory = NotifyMemory::default();
        let night = datetime!(2026-11-17 23:00 UTC);
        assert_eq!(decide(&input, &quiet, night, &mut memory), vec![]);
        assert!(memory.expiry.is_empty(), "nothing told, nothing recorded");
        let morning = datetime!(2026-11-18 07:00 UTC);
        assert_eq!(
            kinds(&decide(&input, &quiet, morning, &mut memory)),
            vec![NotificationKind::TokenExpiring]
        );
    }

    #[test]
    fn an_expired_token_is_told_once_until_it_recovers() {
        let steps: [(Option<&str>, Option<&str>); 8] = [
            (Some("token_expired"), Some("Token expired: work")),
            (Some("token_expired"), None),
            (Some("invalid_token"), None),
            (Some("unreachable"), None),
            (Some("token_expired"), None),
            (None, None),
            (Some("invalid_token"), Some("Token refused: work")),
            (Some("rate_limited"), None),
        ];
        let mut memory = NotifyMemory::default();
        for (i, (code, want)) in steps.into_iter().enumerate() {
            let got = decide(
                &token(code, None),
                &NotificationSettings::default(),
                NOW,
                &mut memory,
            );
            let titles: Vec<&str> = got.iter().map(|n| n.title.as_str()).collect();
            assert_eq!(
                titles,
                want.into_iter().collect::<Vec<_>>(),
                "step {i}: {code:?}"
            );
            for n in &got {
                assert_eq!(n.kind, NotificationKind::TokenExpired);
                assert_eq!(n.url, None);
            }
        }
        let got = decide(
            &token(Some("token_expired"), None),
            &NotificationSettings::default(),
            NOW,
            &mut NotifyMemory::default(),
        );
        assert_eq!(
            got[0].body,
            "The GitHub token of work has expired. Add a new one in Settings > Accounts."
        );
        let got = decide(
            &token(Some("invalid_token"), None),
            &NotificationSettings::default(),
            NOW,
            &mut NotifyMemory::default(),
        );
        assert_eq!(
            got[0].body,
            "GitHub refused the token of work (revoked or invalid). Add a new one in Settings > Accounts."
        );
    }

    #[test]
    fn an_expired_token_gets_no_expiring_reminder() {
        let got = run(
            &token(Some("token_expired"), Some(NOW + Duration::days(2))),
            &NotificationSettings::default(),
        );
        assert_eq!(kinds(&got), vec![NotificationKind::TokenExpired]);
        let got = run(
            &token(Some("unreachable"), Some(NOW + Duration::days(2))),
            &NotificationSettings::default(),
        );
        assert_eq!(kinds(&got), vec![NotificationKind::TokenExpiring]);
    }

    #[test]
    fn muting_defers_the_expired_notice_but_not_the_recovery() {
        let paused = NotificationSettings {
            paused_until: Some(NOW + Duration::HOUR),
            ..NotificationSettings::default()
        };
        let mut memory = NotifyMemory::default();
        let failed = token(Some("token_expired"), None);
        assert_eq!(decide(&failed, &paused, NOW, &mut memory), vec![]);
        assert!(memory.expired.is_empty());
        let later = NOW + Duration::HOUR;
        assert_eq!(
            kinds(&decide(&failed, &paused, later, &mut memory)),
            vec![NotificationKind::TokenExpired]
        );
        assert!(memory.expired.contains("acc-1"));
        // Recovered while paused: the next failure is told again.
        assert_eq!(
            decide(&token(None, None), &paused, NOW, &mut memory),
            vec![]
        );
        assert!(memory.expired.is_empty());
        assert_eq!(decide(&failed, &paused, later, &mut memory).len(), 1);
    }

    #[test]
    fn memory_round_trips_and_forgets() -> Result<(), serde_json::Error> {
        let mut memory = NotifyMemory::default();
        decide(
            &token(None, Some(NOW + Duration::days(3))),
            &NotificationSettings::default(),
            NOW,
            &mut memory,
        );
        decide(
            &{
                let mut i = token(Some("invalid_token"), None);
                i.accounts[0].account_id = "acc-2".into();
                i
            },
            &NotificationSettings::default(),
            NOW,
            &mut memory,
        );
        let json = serde_json::to_string(&memory)?;
        assert!(
            json.contains(r#""expires_at":"2026-11-06T12:00:00Z""#),
            "{json}"
        );
        assert!(json.contains(r#""threshold_days":3"#), "{json}");
        assert!(json.contains(r#""expired":["acc-2"]"#), "{json}");
        assert_eq!(serde_json::from_str::<NotifyMemory>(&json)?, memory);
        assert_eq!(
            serde_json::from_str::<NotifyMemory>("{}")?,
            NotifyMemory::default()
        );
        memory.forget("acc-1");
        memory.forget("acc-2");
        assert_eq!(memory, NotifyMemory::default());
        Ok(())
    }

    #[test]
    fn from_a_real_diff_to_a_notification() {
        let pr = PullRequest {
            provider: Provider::Github,
            account_id: "acc-1".into(),
            repo: "octo-org/ampel-demo".into(),
            number: 2,
            title: TITLE.into(),
            url: URL.into(),
            author: "me".into(),
            created_at: datetime!(2026-11-01 10:00 UTC),
            updated_at: datetime!(2026-11-02 10:00 UTC),
            draft: false,
            state: PrState::Open,
            labels: vec![],
            checks: Checks::default(),
            review: Review::default(),
            merge: MergeState::Mergeable,
            requested_reviewers: vec![],
            assignees: vec![],
            head_sha: None,
            branches: None,
            check_urls: Default::default(),
            blockers: Vec::new(),
            unloaded: Vec::new(),
            reviewing: None,
            automation: Default::default(),
            author_bot: false,
        };
        let before = vec![Listed {
            pr: pr.clone(),
            sections: Sections::of(Section::Mine),
        }];
        let mut failing = pr;
        failing.checks = Checks {
            runs: vec![Check {
                name: "build".into(),
                state: CheckState::Failure,
            }],
            combined: None,
        };
        let after = vec![Listed {
            pr: failing,
            sections: Sections::of(Section::Mine),
        }];
        let mut r = round(diff(&before, &after), vec![]);
        r.listed = lookup(&after, false);
        let got = run(
            &NotifyInput { accounts: vec![r] },
            &NotificationSettings::default(),
        );
        assert_eq!(
            got,
            vec![Notification {
                kind: NotificationKind::CiFailed,
                title: "CI failed: Speed up the sync loop".into(),
                body: "octo-org/ampel-demo#2 · CI failing: build".into(),
                url: Some(URL.into()),
            }]
        );
    }
}
