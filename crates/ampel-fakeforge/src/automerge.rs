//! What the fake forges' merge-when-ready endpoints share (issue 28): auto-merge on
//! a PR, the base branch's merge queue / train, a branch behind its base and the
//! forge's own merge once a PR is ready. Each forge module words requests and
//! refusals in its own shapes; [`settle`] is the forge "finishing CI and merging".
//!
//! Defaults follow the forges: GitHub repositories do not allow auto-merge until
//! "Allow auto-merge" is turned on; GitLab and Gitea always offer it. No branch
//! requires a queue until a test says so (GitHub merge queues and GitLab merge
//! trains are opt-in).

use crate::actions::{refusal, FakeMerge, Refusal};
use crate::prs::FakePr;
use crate::state::{self, Shared, State};
use crate::FakeForge;
use ampel_core::pr::{CheckState, PrState};
use ampel_core::Provider;

/// Auto-merge as the fake forge keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeAutoMerge {
    /// Ampel's method name (`merge`, `squash`, …).
    pub method: String,
    /// Who turned it on.
    pub by: String,
    /// Delete the source branch when merged.
    pub delete_branch: bool,
}

/// Repository settings of the merge-when-ready side.
#[derive(Debug, Default)]
pub(crate) struct AutomationState {
    /// Per repository: auto-merge allowed or not (absent: the forge's default).
    pub auto_merge: Vec<(Provider, String, bool)>,
    /// Repositories whose base branch merges only through a queue / train.
    pub queue_required: Vec<(Provider, String)>,
    /// Bumped per enqueue: the order of the queue.
    pub queue_seq: u64,
    /// Timeline entries of the auto-merge side, oldest first (Gitea's
    /// `pull_scheduled_merge` / `pull_cancel_scheduled_merge` comments).
    pub events: Vec<FakeEvent>,
    /// Repositories whose PR branches this account may not update (Gitea's
    /// `IsUserAllowedToUpdate` false: no push to the head branch).
    pub update_forbidden: Vec<(Provider, String)>,
    /// PRs whose forge-run rebase fails (GitLab: `merge_error` after the rebase).
    pub rebase_fails: Vec<(Provider, String, u64)>,
}

/// One timeline entry of the auto-merge side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FakeEvent {
    pub provider: Provider,
    pub repo: String,
    pub number: u64,
    /// The forge's type name (Gitea `pull_scheduled_merge`, `pull_cancel_scheduled_merge`).
    pub kind: &'static str,
    /// Who did it.
    pub by: String,
    pub at: time::OffsetDateTime,
}

/// Records a timeline entry for `pr`.
pub(crate) fn record(state: &Shared, pr: &FakePr, kind: &'static str, by: &str) {
    state::with(state, |s| {
        let id = s.automation.events.len();
        let at = time::OffsetDateTime::now_utc() + time::Duration::milliseconds(id as i64);
        s.automation.events.push(FakeEvent {
            provider: pr.provider,
            repo: pr.repo.clone(),
            number: pr.number,
            kind,
            by: by.to_string(),
            at,
        });
    });
}

/// `pr`'s timeline entries with their index in the forge (ids), oldest first.
pub(crate) fn events_of(state: &Shared, pr: &FakePr) -> Vec<(usize, FakeEvent)> {
    state::with(state, |s| {
        s.automation
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                e.provider == pr.provider && e.repo == pr.repo && e.number == pr.number
            })
            .map(|(i, e)| (i, e.clone()))
            .collect()
    })
}

/// True when this account may not update `pr`'s branch.
pub(crate) fn update_forbidden(state: &Shared, pr: &FakePr) -> bool {
    state::with(state, |s| {
        s.automation
            .update_forbidden
            .iter()
            .any(|(p, r)| *p == pr.provider && *r == pr.repo)
    })
}

/// The forge's default for "auto-merge allowed" (GitHub: off until allowed).
pub(crate) fn auto_merge_default(provider: Provider) -> bool {
    provider != Provider::Github
}

impl FakeForge {
    /// Allows or forbids auto-merge on `repo` (GitHub's "Allow auto-merge").
    pub fn allow_auto_merge(&self, provider: Provider, repo: &str, on: bool) {
        self.with(|s| {
            let list = &mut s.automation.auto_merge;
            list.retain(|(p, r, _)| !(*p == provider && r == repo));
            list.push((provider, repo.to_string(), on));
            s.revision += 1;
        });
    }

    /// Makes `repo`'s base branch merge only through its queue (GitHub merge queue
    /// required by a ruleset, GitLab merge trains enabled).
    pub fn require_queue(&self, provider: Provider, repo: &str) {
        self.with(|s| {
            s.automation
                .queue_required
                .push((provider, repo.to_string()));
            s.revision += 1;
        });
    }

    /// The account may not update `repo`'s PR branches (Gitea answers the update 403).
    pub fn forbid_update(&self, provider: Provider, repo: &str) {
        self.with(|s| {
            s.automation
                .update_forbidden
                .push((provider, repo.to_string()));
            s.revision += 1;
        });
    }

    /// The forge's rebase of `number` fails (its commits conflict one by one even
    /// where a merge would be clean): GitLab reports it in `merge_error`.
    pub fn fail_rebase(&self, provider: Provider, repo: &str, number: u64) {
        self.with(|s| {
            s.automation
                .rebase_fails
                .push((provider, repo.to_string(), number));
            s.revision += 1;
        });
    }

    /// The base branch moved on: `number` is behind it (true) or up to date.
    pub fn set_behind(&self, provider: Provider, repo: &str, number: u64, behind: bool) -> bool {
        self.with(|s| {
            let Some(p) = s
                .prs
                .iter_mut()
                .find(|p| p.provider == provider && p.repo == repo && p.number == number)
            else {
                return false;
            };
            p.behind = behind;
            s.revision += 1;
            true
        })
    }
}

/// True when auto-merge is allowed on the PR's repository.
pub(crate) fn auto_merge_allowed(state: &Shared, pr: &FakePr) -> bool {
    state::with(state, |s| {
        s.automation
            .auto_merge
            .iter()
            .find(|(p, r, _)| *p == pr.provider && *r == pr.repo)
            .map_or(auto_merge_default(pr.provider), |(_, _, on)| *on)
    })
}

/// True when the forge's rebase of the PR fails ([`FakeForge::fail_rebase`]).
pub(crate) fn rebase_fails(s: &State, pr: &FakePr) -> bool {
    s.automation
        .rebase_fails
        .iter()
        .any(|(p, r, n)| *p == pr.provider && *r == pr.repo && *n == pr.number)
}

/// True when the PR's base branch merges only through its queue / train.
pub(crate) fn queue_required(s: &State, pr: &FakePr) -> bool {
    s.automation
        .queue_required
        .iter()
        .any(|(p, r)| *p == pr.provider && *r == pr.repo)
}

/// The PR's 1-based place among the queued PRs of its repository.
pub(crate) fn queue_position(s: &State, pr: &FakePr) -> Option<u32> {
    let mine = pr.queued?;
    let ahead = s
        .prs
        .iter()
        .filter(|p| p.provider == pr.provider && p.repo == pr.repo && p.state == PrState::Open)
        .filter_map(|p| p.queued)
        .filter(|q| *q < mine)
        .count();
    u32::try_from(ahead + 1).ok()
}

/// Applies `change` to the stored PR and settles; false when there is none.
pub(crate) fn edit(
    state: &Shared,
    pr: &FakePr,
    change: impl FnOnce(&mut FakePr, &mut u64),
) -> bool {
    state::with(state, |s| {
        let mut seq = s.automation.queue_seq;
        let Some(p) = s
            .prs
            .iter_mut()
            .find(|p| p.provider == pr.provider && p.repo == pr.repo && p.number == pr.number)
        else {
            return false;
        };
        change(p, &mut seq);
        s.automation.queue_seq = seq;
        s.revision += 1;
        settle(s);
        true
    })
}

/// Turns auto-merge on.
pub(crate) fn enable(state: &Shared, pr: &FakePr, auto: FakeAutoMerge) -> bool {
    edit(state, pr, |p, _| p.auto_merge = Some(auto))
}

/// Turns auto-merge off; false when it was not on.
pub(crate) fn disable(state: &Shared, pr: &FakePr) -> bool {
    let mut was = false;
    edit(state, pr, |p, _| was = p.auto_merge.take().is_some());
    was
}

/// Adds the PR to its base branch's queue with `method`.
pub(crate) fn enqueue(state: &Shared, pr: &FakePr, method: &str, by: &str) -> bool {
    edit(state, pr, |p, seq| {
        *seq += 1;
        p.queued = Some(*seq);
        p.auto_merge = Some(FakeAutoMerge {
            method: method.to_string(),
            by: by.to_string(),
            delete_branch: false,
        });
    })
}

/// Takes the PR out of its queue; false when it was not queued.
pub(crate) fn dequeue(state: &Shared, pr: &FakePr) -> bool {
    let mut was = false;
    edit(state, pr, |p, _| {
        was = p.queued.take().is_some();
        p.auto_merge = None;
    });
    was
}

/// Brings the branch up to date with its base: a new head commit (a second later),
/// no longer behind.
pub(crate) fn update_branch(state: &Shared, pr: &FakePr) -> bool {
    edit(state, pr, |p, _| {
        p.behind = false;
        let now = time::OffsetDateTime::now_utc();
        p.updated_at = now.max(p.updated_at + time::Duration::seconds(1));
    })
}

/// True when nothing keeps the PR from merging: the rules of a direct merge, every
/// check passed (none pending), and not behind where a queue wants it current.
fn ready(s: &State, pr: &FakePr) -> bool {
    let shared_free = merge_refusal_in(s, pr).is_none() && !(pr.behind && pr.queued.is_some());
    let checks_done = pr.checks.iter().all(|(_, c)| {
        matches!(
            c,
            CheckState::Success | CheckState::Skipped | CheckState::Neutral
        )
    });
    shared_free && checks_done
}

/// Why a direct merge of `pr` would be refused now (no head given: the forge's
/// own merge takes the head it has).
fn merge_refusal_in(s: &State, pr: &FakePr) -> Option<Refusal> {
    let method = pr
        .auto_merge
        .as_ref()
        .map_or("merge", |a| a.method.as_str());
    refusal(&s.actions, pr, None, "", method)
}

/// The forge's own step: every open PR with auto-merge on (or queued) that is ready
/// merges; a queued PR whose checks failed leaves the queue (and its auto-merge),
/// as GitHub's queue and GitLab's train drop a failing entry; GitLab also cancels
/// auto-merge when the pipeline fails.
pub(crate) fn settle(s: &mut State) {
    let mut merged = Vec::new();
    for i in 0..s.prs.len() {
        let pr = &s.prs[i];
        if pr.state != PrState::Open || pr.auto_merge.is_none() {
            continue;
        }
        let failing = pr.checks.iter().any(|(_, c)| c.is_failing());
        if failing && (pr.queued.is_some() || pr.provider == Provider::Gitlab) {
            let p = &mut s.prs[i];
            p.queued = None;
            p.auto_merge = None;
            s.revision += 1;
            continue;
        }
        if ready(s, pr) {
            merged.push(i);
        }
    }
    for i in merged {
        let now = time::OffsetDateTime::now_utc();
        let p = &mut s.prs[i];
        let Some(auto) = p.auto_merge.take() else {
            continue;
        };
        p.queued = None;
        p.state = PrState::Merged;
        p.updated_at = now;
        s.actions.merges.push(FakeMerge {
            provider: p.provider,
            repo: p.repo.clone(),
            number: p.number,
            method: auto.method,
            delete_branch: auto.delete_branch,
        });
        s.revision += 1;
    }
}
