//! The traffic light of PRODUCT.md §4 and the reasons behind it, as one pure function.
//!
//! Decisions: a closed / merged / unknown-state PR is grey with only that reason. For an
//! open PR every red and yellow reason that applies is listed (red ones first, in rule
//! order), and the light is the worst of them; no reason means green, which happens
//! only when the forge itself would merge the PR now. Per check name the last run
//! listed decides (a re-run that passed wins over the cancelled one before it).
//! Skipped and neutral checks count as passed, as GitHub and GitLab count them for
//! required checks; cancelled, stale and unknown ones are yellow. Every
//! [`Blocker`] the forge named is a yellow reason; a merge the forge reports blocked
//! without naming why is yellow "blocked by a branch rule" when nothing else explains
//! it, and a branch behind its target is yellow "behind <base>". A part of the PR
//! whose read failed this refresh is yellow "<part> not loaded" (failed job names
//! only add "(job names not loaded)" to the red "CI failing").

use crate::pr::{Blocker, Check, CheckState, MergeState, PrState, PullRequest, Unloaded};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// The colour of a row; ordered so that `max` is the worst (grey is the least).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    Grey,
    Green,
    Yellow,
    Red,
}

/// Why a PR has its colour. `Display` is the text shown in the row.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    Closed,
    Merged,
    StateUnknown,
    MergeConflict,
    /// Names of the failing checks; empty when only a combined state says so.
    /// `names_unloaded`: the read that names them failed this refresh.
    CiFailing {
        checks: Vec<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        names_unloaded: bool,
    },
    /// Who requested changes; empty when only the forge's verdict says so.
    ChangesRequested {
        by: Vec<String>,
    },
    Draft,
    /// Checks pending or running; `None` when only a combined state says so.
    ChecksRunning {
        count: Option<u32>,
    },
    MergeabilityComputing,
    /// A pipeline waits for a person to start a manual job (GitLab `manual`).
    WaitingForManualJob,
    /// Approvals still missing; `None` when the forge only says a review is required.
    /// With the rule's `required` count (Gitea branch protection, Bitbucket branch
    /// restrictions, GitLab approval rules) it reads "1 of 2 required approvals".
    ApprovalMissing {
        missing: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        required: Option<u32>,
    },
    /// The latest run of a check (or the pipeline) was cancelled.
    CiCanceled,
    /// A check was marked stale (GitHub) without a result.
    CiStale,
    /// A check reported a state Ampel does not know.
    CiUnknown,
    /// Something the forge names keeps the merge back.
    Blocked {
        blocker: Blocker,
    },
    /// A part of the PR could not be read this refresh: it is asked again at the
    /// next, and until then the light cannot be green.
    NotLoaded {
        what: Unloaded,
    },
}

impl Light {
    /// The colour's name: `green`, `yellow`, `red`, `grey`.
    pub fn as_str(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
            Light::Grey => "grey",
        }
    }
}

impl Reason {
    /// The colour this reason forces.
    pub fn light(&self) -> Light {
        match self {
            Self::Closed | Self::Merged | Self::StateUnknown => Light::Grey,
            Self::MergeConflict | Self::CiFailing { .. } | Self::ChangesRequested { .. } => {
                Light::Red
            }
            Self::Draft
            | Self::ChecksRunning { .. }
            | Self::MergeabilityComputing
            | Self::WaitingForManualJob
            | Self::ApprovalMissing { .. }
            | Self::CiCanceled
            | Self::CiStale
            | Self::CiUnknown
            | Self::Blocked { .. }
            | Self::NotLoaded { .. } => Light::Yellow,
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Closed => f.write_str("closed"),
            Self::Merged => f.write_str("merged"),
            Self::StateUnknown => f.write_str("state unknown"),
            Self::MergeConflict => f.write_str("merge conflict"),
            Self::CiFailing {
                checks,
                names_unloaded: true,
            } if checks.is_empty() => f.write_str("CI failing (job names not loaded)"),
            Self::CiFailing { checks, .. } if checks.is_empty() => f.write_str("CI failing"),
            Self::CiFailing { checks, .. } => write!(f, "CI failing: {}", checks.join(", ")),
            Self::ChangesRequested { by } if by.is_empty() => f.write_str("changes requested"),
            Self::ChangesRequested { by } => write!(f, "changes requested by {}", by.join(", ")),
            Self::Draft => f.write_str("draft"),
            Self::ChecksRunning { count: Some(n) } => write!(f, "checks running ({n})"),
            Self::ChecksRunning { count: None } => f.write_str("checks running"),
            Self::MergeabilityComputing => f.write_str("mergeability being computed"),
            Self::WaitingForManualJob => f.write_str("waiting for a manual job"),
            Self::ApprovalMissing {
                missing: Some(n),
                required: Some(m),
            } if m >= n => write!(f, "{} of {m} required approvals", m - n),
            Self::ApprovalMissing {
                missing: Some(1), ..
            } => f.write_str("waiting for 1 approval"),
            Self::ApprovalMissing {
                missing: Some(n), ..
            } => write!(f, "waiting for {n} approvals"),
            Self::ApprovalMissing { missing: None, .. } => f.write_str("review required"),
            Self::CiCanceled => f.write_str("CI canceled"),
            Self::CiStale => f.write_str("CI stale"),
            Self::CiUnknown => f.write_str("CI state unknown"),
            Self::Blocked { blocker } => blocker.fmt(f),
            Self::NotLoaded { what } => write!(f, "{} not loaded", what.what()),
        }
    }
}

/// A PR's light and every reason that applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub light: Light,
    pub reasons: Vec<Reason>,
}

/// The traffic light of one PR (PRODUCT.md §4).
pub fn light(pr: &PullRequest) -> Verdict {
    let grey = match pr.state {
        PrState::Open => None,
        PrState::Closed => Some(Reason::Closed),
        PrState::Merged => Some(Reason::Merged),
        PrState::Unknown => Some(Reason::StateUnknown),
    };
    if let Some(reason) = grey {
        return Verdict {
            light: Light::Grey,
            reasons: vec![reason],
        };
    }

    let runs = latest_runs(&pr.checks.runs);
    let combined = pr.checks.combined;
    let mut reasons = Vec::new();
    // Red.
    if pr.merge == MergeState::Conflict {
        reasons.push(Reason::MergeConflict);
    }
    let failing: Vec<String> = runs
        .iter()
        .filter(|c| c.state.is_failing())
        .map(|c| c.name.clone())
        .collect();
    if !failing.is_empty() || combined.is_some_and(CheckState::is_failing) {
        reasons.push(Reason::CiFailing {
            checks: failing,
            names_unloaded: pr.unloaded.contains(&Unloaded::JobNames),
        });
    }
    if pr.review.changes_requested() {
        reasons.push(Reason::ChangesRequested {
            by: pr.review.changes_requested_by.clone(),
        });
    }
    // Yellow.
    if pr.draft {
        reasons.push(Reason::Draft);
    }
    let running = runs.iter().filter(|c| c.state.is_in_progress()).count();
    if running > 0 {
        reasons.push(Reason::ChecksRunning {
            count: Some(u32::try_from(running).unwrap_or(u32::MAX)),
        });
    } else if combined.is_some_and(CheckState::is_in_progress) {
        reasons.push(Reason::ChecksRunning { count: None });
    }
    let manual = |s: CheckState| s == CheckState::Manual;
    if running == 0 && (runs.iter().any(|c| manual(c.state)) || combined.is_some_and(manual)) {
        reasons.push(Reason::WaitingForManualJob);
    }
    for (state, reason) in [
        (CheckState::Cancelled, Reason::CiCanceled),
        (CheckState::Stale, Reason::CiStale),
        (CheckState::Unknown, Reason::CiUnknown),
    ] {
        let is = |s: CheckState| s == state;
        if runs.iter().any(|c| is(c.state)) || combined.is_some_and(is) {
            reasons.push(reason);
        }
    }
    if pr.merge == MergeState::Computing {
        reasons.push(Reason::MergeabilityComputing);
    }
    if pr.review.approval_missing() {
        let missing = pr.review.approvals_missing.filter(|n| *n > 0);
        reasons.push(Reason::ApprovalMissing {
            missing,
            required: pr.review.approvals_required.filter(|_| missing.is_some()),
        });
    }
    let ci_said = reasons.iter().any(|r| {
        matches!(
            r,
            Reason::CiFailing { .. }
                | Reason::ChecksRunning { .. }
                | Reason::WaitingForManualJob
                | Reason::CiCanceled
                | Reason::CiStale
                | Reason::CiUnknown
        )
    });
    for blocker in &pr.blockers {
        // "Pipeline must succeed" says no more than a CI reason already shown.
        if *blocker == Blocker::PipelineMustSucceed && ci_said {
            continue;
        }
        let reason = Reason::Blocked {
            blocker: blocker.clone(),
        };
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    let behind_named = pr
        .blockers
        .iter()
        .any(|b| matches!(b, Blocker::Behind { .. } | Blocker::NeedsRebase));
    if pr.merge == MergeState::Behind && !behind_named {
        reasons.push(Reason::Blocked {
            blocker: Blocker::Behind {
                base: pr.branches.as_ref().map(|b| b.target.clone()),
            },
        });
    }
    for what in pr.unloaded.iter().filter(|u| **u != Unloaded::JobNames) {
        reasons.push(Reason::NotLoaded { what: *what });
    }
    if pr.merge == MergeState::Blocked && reasons.is_empty() {
        reasons.push(Reason::Blocked {
            blocker: Blocker::BranchRule,
        });
    }

    let light = reasons
        .iter()
        .map(Reason::light)
        .max()
        .unwrap_or(Light::Green);
    Verdict { light, reasons }
}

/// The last run listed for each check name, in first-seen order: a re-run replaces
/// the run before it.
fn latest_runs(runs: &[Check]) -> Vec<&Check> {
    let mut out: Vec<&Check> = Vec::with_capacity(runs.len());
    let mut at: HashMap<&str, usize> = HashMap::with_capacity(runs.len());
    for run in runs {
        match at.get(run.name.as_str()) {
            Some(&i) => out[i] = run,
            None => {
                at.insert(&run.name, out.len());
                out.push(run);
            }
        }
    }
    out
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
