//! What the forge is doing on its own to merge a pull request (issue 28): auto-merge
//! waiting for its rules, a place in a merge queue or train, a rebase it runs. The
//! light stays what the PR is; this is said beside it ("auto-merge on (squash) —
//! waits for CI", "in merge queue, position 3", "rebase in progress").

use crate::light::{Reason, Verdict};
use crate::Provider;
use serde::{Deserialize, Serialize};

/// The forge's own merge machinery for one PR, as last listed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Automation {
    /// Auto-merge is on (GitHub auto-merge, GitLab "set to auto-merge", Gitea
    /// "merge when checks succeed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_merge: Option<AutoMerge>,
    /// Its entry in the base branch's merge queue (GitHub) or merge train (GitLab).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<QueueEntry>,
    /// The base branch merges only through its queue / train: a direct merge is
    /// never sent, "Add to queue" is offered instead.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub queue_required: bool,
    /// The forge is rebasing / updating the branch right now (GitLab `rebase_in_progress`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rebasing: bool,
}

/// Auto-merge as the forge reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutoMerge {
    /// The merge method it will use (`merge`, `squash`, `rebase`…), when the forge says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Who turned it on, when the forge says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// A PR's place in a merge queue / train.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueEntry {
    /// 1 = next to merge; `None` when the forge does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// What the entry is doing.
    pub state: QueueState,
}

/// The state of a queue entry across forges: GitHub `MergeQueueEntryState`
/// (QUEUED, AWAITING_CHECKS, MERGEABLE, UNMERGEABLE, LOCKED) and GitLab's merge-train
/// car `status` (idle, stale, fresh, merging, merged, skip_merged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueState {
    /// Waiting for its turn (GitHub QUEUED, GitLab idle).
    Queued,
    /// Its merge group's checks run (GitHub AWAITING_CHECKS, GitLab fresh).
    AwaitingChecks,
    /// Checks passed, about to merge (GitHub MERGEABLE, GitLab merging).
    Mergeable,
    /// It will be dropped from the queue (GitHub UNMERGEABLE, GitLab stale).
    Unmergeable,
    /// Being merged (GitHub LOCKED).
    Locked,
    /// A value Ampel does not know.
    Unknown,
}

impl QueueState {
    /// GitHub's `MergeQueueEntryState`; an unknown value is `Unknown`.
    pub fn from_github(value: &str) -> Self {
        match value {
            "QUEUED" => Self::Queued,
            "AWAITING_CHECKS" => Self::AwaitingChecks,
            "MERGEABLE" => Self::Mergeable,
            "UNMERGEABLE" => Self::Unmergeable,
            "LOCKED" => Self::Locked,
            _ => Self::Unknown,
        }
    }

    /// GitLab's merge-train car `status`; an unknown value is `Unknown`.
    pub fn from_gitlab(value: &str) -> Self {
        match value {
            "idle" => Self::Queued,
            "fresh" => Self::AwaitingChecks,
            "merging" | "merged" | "skip_merged" => Self::Mergeable,
            "stale" => Self::Unmergeable,
            _ => Self::Unknown,
        }
    }

    fn words(self) -> Option<&'static str> {
        match self {
            Self::Queued => None,
            Self::AwaitingChecks => Some("checks running"),
            Self::Mergeable => Some("about to merge"),
            Self::Unmergeable => Some("will be dropped"),
            Self::Locked => Some("merging"),
            Self::Unknown => Some("state unknown"),
        }
    }
}

impl Automation {
    /// True when nothing is set (for `skip_serializing_if`).
    pub fn is_default(&self) -> bool {
        *self == Automation::default()
    }

    /// True when the forge does nothing on its own for this PR.
    pub fn is_idle(&self) -> bool {
        self.auto_merge.is_none() && self.queue.is_none() && !self.rebasing
    }

    /// What the forge is doing, in the row's words; `None` when it does nothing.
    /// `verdict` is the PR's light: auto-merge says what it waits for.
    pub fn words(&self, verdict: &Verdict, provider: Provider) -> Option<String> {
        let queue_word = queue_word(provider);
        let mut parts = Vec::new();
        if self.rebasing {
            parts.push("rebase in progress".to_string());
        }
        if let Some(q) = &self.queue {
            let mut s = format!("in {queue_word}");
            if let Some(p) = q.position {
                s.push_str(&format!(", position {p}"));
            }
            if let Some(w) = q.state.words() {
                s.push_str(&format!(" ({w})"));
            }
            parts.push(s);
        } else if let Some(a) = &self.auto_merge {
            let mut s = "auto-merge on".to_string();
            if let Some(m) = a.method.as_deref().filter(|m| !m.is_empty()) {
                s.push_str(&format!(" ({m})"));
            }
            if let Some(w) = waits_for(verdict) {
                s.push_str(&format!(" — waits for {w}"));
            }
            parts.push(s);
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }
}

/// "merge queue" (GitHub) or "merge train" (GitLab).
pub fn queue_word(provider: Provider) -> &'static str {
    if provider == Provider::Gitlab {
        "merge train"
    } else {
        "merge queue"
    }
}

/// What an auto-merge waits for, from the first reason that keeps the PR from green.
fn waits_for(verdict: &Verdict) -> Option<&'static str> {
    verdict.reasons.iter().find_map(|r| match r {
        Reason::ChecksRunning { .. } | Reason::WaitingForManualJob => Some("CI"),
        Reason::CiFailing { .. } => Some("CI to pass"),
        Reason::ApprovalMissing { .. } => Some("approval"),
        Reason::ChangesRequested { .. } => Some("changes requested to be resolved"),
        Reason::Draft => Some("the draft to be ready"),
        Reason::MergeConflict => Some("conflicts to be resolved"),
        Reason::MergeabilityComputing => Some("the forge's merge check"),
        Reason::Blocked { .. } => Some("a merge rule"),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
