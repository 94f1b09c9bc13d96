//! When the forge's own merge ends (issue 28): a PR that had auto-merge on or a
//! queue entry was merged by it, was closed, or was dropped from it (a failure, a
//! conflict, new commits) — the changes that notify, worded from what the forge
//! reported, never guessed from a PR merely leaving the list.

use crate::changes::{Change, Listed};
use crate::light::{light, Reason};
use crate::pr::{MergeState, PrState};
use serde::Serialize;

/// How the forge's own merge ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AutomationEvent {
    /// The forge merged it (`queue`: from its merge queue / train).
    Merged { queue: bool },
    /// It was closed while auto-merge was on or it was queued.
    Closed,
    /// Still open, but auto-merge is off / it left the queue; `why` in words
    /// ("new commits were pushed", "CI failed", "a merge conflict", "turned off").
    Dropped { queue: bool, why: String },
}

/// The change for a PR listed before and now whose auto-merge or queue entry is gone
/// while it is still open.
pub fn dropped(was: &Listed, now: &Listed) -> Option<Change> {
    let before = &was.pr.automation;
    let after = &now.pr.automation;
    let queue = before.queue.is_some() && after.queue.is_none();
    let auto = before.auto_merge.is_some() && after.auto_merge.is_none() && after.queue.is_none();
    if !(queue || auto) || now.pr.state != PrState::Open {
        return None;
    }
    let verdict = light(&now.pr);
    let why = if was.pr.head_sha.is_some() && was.pr.head_sha != now.pr.head_sha {
        "new commits were pushed"
    } else if now.pr.merge == MergeState::Conflict {
        "a merge conflict"
    } else if verdict
        .reasons
        .iter()
        .any(|r| matches!(r, Reason::CiFailing { .. }))
    {
        "CI failed"
    } else {
        "turned off on the forge"
    };
    Some(Change::AutomationEnded {
        key: now.key(),
        title: now.pr.title.clone(),
        url: now.pr.url.clone(),
        event: AutomationEvent::Dropped {
            queue,
            why: why.to_string(),
        },
    })
}

/// The changes for PRs the forge was merging on its own at the last sync that are
/// no longer listed, with the state one read of each found (`ended`: repository,
/// number, state). A state the read could not tell is no news.
pub fn ended<'a>(
    before: &[Listed],
    ended: impl IntoIterator<Item = (&'a str, u64, PrState)>,
) -> Vec<Change> {
    ended
        .into_iter()
        .filter_map(|(repo, number, state)| {
            let was = before
                .iter()
                .find(|l| l.pr.number == number && l.pr.repo.eq_ignore_ascii_case(repo))?;
            let queue = was.pr.automation.queue.is_some();
            if was.pr.automation.auto_merge.is_none() && !queue {
                return None;
            }
            let event = match state {
                PrState::Merged => AutomationEvent::Merged { queue },
                PrState::Closed => AutomationEvent::Closed,
                PrState::Open | PrState::Unknown => return None,
            };
            Some(Change::AutomationEnded {
                key: was.key(),
                title: was.pr.title.clone(),
                url: was.pr.url.clone(),
                event,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests;
