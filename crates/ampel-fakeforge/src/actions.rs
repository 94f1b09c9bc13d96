//! What the fake forges' write endpoints share: finding the PR, the merge rules
//! every forge applies (closed, head moved, conflict, draft, approvals, blocked
//! checks, allowed methods) and the state changes the next sync sees (a review
//! added, a comment recorded, the PR merged and gone from open lists). Each forge
//! module words the refusals in its own shapes.

use crate::prs::FakePr;
use crate::state::{self, Shared};
use crate::FakeForge;
use ampel_core::pr::{CheckState, MergeState, PrState, ReviewVote};
use ampel_core::Provider;

/// A comment (or review text) a fake forge received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeComment {
    /// The forge.
    pub provider: Provider,
    /// The repository.
    pub repo: String,
    /// The PR number.
    pub number: u64,
    /// Who wrote it.
    pub author: String,
    /// The text, as sent.
    pub body: String,
}

/// A merge a fake forge performed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeMerge {
    /// The forge.
    pub provider: Provider,
    /// The repository.
    pub repo: String,
    /// The PR number.
    pub number: u64,
    /// The method in Ampel's words (`merge`, `squash`, `rebase`, `rebase_merge`, `fast_forward`).
    pub method: String,
    /// Whether the source branch was deleted.
    pub delete_branch: bool,
}

/// The write side's state, one field of the fake forge's state.
#[derive(Debug, Default)]
pub(crate) struct ActionState {
    pub comments: Vec<FakeComment>,
    pub merges: Vec<FakeMerge>,
    /// Repositories with a restricted list of merge methods (default: all allowed).
    pub methods: Vec<(Provider, String, Vec<String>)>,
    /// Bitbucket: the next merge answers 555 (timed out) and does nothing.
    pub merge_times_out: bool,
    /// Bitbucket merge tasks: id and polls left before SUCCESS.
    pub tasks: Vec<(String, u32)>,
}

/// Why a merge is refused, before each forge words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    Merged,
    Closed,
    HeadMoved,
    Conflict,
    Draft,
    Reviews { required: u32 },
    Checks { failing: String },
    Protected,
    Method,
}

impl FakeForge {
    /// Every comment and review text received, oldest first.
    pub fn comments(&self) -> Vec<FakeComment> {
        self.with(|s| s.actions.comments.clone())
    }

    /// Every merge performed, oldest first.
    pub fn merges(&self) -> Vec<FakeMerge> {
        self.with(|s| s.actions.merges.clone())
    }

    /// Allows only `methods` (Ampel's names: `merge`, `squash`, `rebase`,
    /// `rebase_merge`, `fast_forward`) on `repo`.
    pub fn allow_merge_methods(&self, provider: Provider, repo: &str, methods: &[&str]) {
        self.with(|s| {
            s.actions
                .methods
                .retain(|(p, r, _)| !(*p == provider && r == repo));
            s.actions.methods.push((
                provider,
                repo.to_string(),
                methods.iter().map(|m| m.to_string()).collect(),
            ));
        });
    }

    /// Bitbucket: the next merges answer 555 (timed out) without merging.
    pub fn set_merge_times_out(&self, on: bool) {
        self.with(|s| s.actions.merge_times_out = on);
    }

    /// A push to the PR's source branch: its head commit changes (at least one
    /// second later, since some fake heads derive from the second).
    pub fn push_commit(&self, provider: Provider, repo: &str, number: u64) -> bool {
        self.with(|s| {
            let Some(pr) = s
                .prs
                .iter_mut()
                .find(|p| p.provider == provider && p.repo == repo && p.number == number)
            else {
                return false;
            };
            let now = time::OffsetDateTime::now_utc();
            pr.updated_at = now.max(pr.updated_at + time::Duration::seconds(1));
            s.revision += 1;
            true
        })
    }
}

/// The PR, if the fake forge has it.
pub(crate) fn find(state: &Shared, provider: Provider, repo: &str, number: u64) -> Option<FakePr> {
    state::with(state, |s| {
        s.prs
            .iter()
            .find(|p| {
                p.provider == provider && p.repo.eq_ignore_ascii_case(repo) && p.number == number
            })
            .cloned()
    })
}

/// True when `method` (Ampel's name) is allowed on the PR's repository.
pub(crate) fn method_allowed(state: &Shared, pr: &FakePr, method: &str) -> bool {
    state::with(state, |s| allows(&s.actions, pr, method))
}

fn allows(actions: &ActionState, pr: &FakePr, method: &str) -> bool {
    actions
        .methods
        .iter()
        .find(|(p, r, _)| *p == pr.provider && *r == pr.repo)
        .is_none_or(|(_, _, allowed)| allowed.iter().any(|m| m == method))
}

/// Why merging `pr` is refused, if it is: `given` is the head the client sent
/// (`None`: not sent), `current` the PR's head now.
pub(crate) fn merge_refusal(
    state: &Shared,
    pr: &FakePr,
    given: Option<&str>,
    current: &str,
    method: &str,
) -> Option<Refusal> {
    state::with(state, |s| refusal(&s.actions, pr, given, current, method))
}

/// [`merge_refusal`] on the locked state.
pub(crate) fn refusal(
    actions: &ActionState,
    pr: &FakePr,
    given: Option<&str>,
    current: &str,
    method: &str,
) -> Option<Refusal> {
    if pr.state == PrState::Merged {
        return Some(Refusal::Merged);
    }
    if pr.state != PrState::Open {
        return Some(Refusal::Closed);
    }
    if given.is_some_and(|g| !g.is_empty() && !current.starts_with(g) && !g.starts_with(current)) {
        return Some(Refusal::HeadMoved);
    }
    if !allows(actions, pr, method) {
        return Some(Refusal::Method);
    }
    if pr.merge == MergeState::Conflict {
        return Some(Refusal::Conflict);
    }
    if pr.draft {
        return Some(Refusal::Draft);
    }
    let approvals = latest_approvals(pr);
    if approvals < pr.approvals_required {
        return Some(Refusal::Reviews {
            required: pr.approvals_required,
        });
    }
    if pr.merge == MergeState::Blocked {
        let failing = pr.checks.iter().find(|(_, st)| {
            st.is_failing() || *st == CheckState::Pending || *st == CheckState::Running
        });
        return Some(match failing {
            Some((name, _)) => Refusal::Checks {
                failing: name.clone(),
            },
            None => Refusal::Protected,
        });
    }
    None
}

fn latest_approvals(pr: &FakePr) -> u32 {
    let mut latest: Vec<(&str, ReviewVote)> = Vec::new();
    for (who, vote) in pr.votes() {
        if matches!(vote, ReviewVote::Commented | ReviewVote::NoOpinion) {
            continue;
        }
        match latest.iter_mut().find(|(w, _)| *w == who) {
            Some(e) => e.1 = vote,
            None => latest.push((who, vote)),
        }
    }
    latest
        .iter()
        .filter(|(_, v)| *v == ReviewVote::Approved)
        .count() as u32
}

/// Records a review by `who` (the head does not move: `updated_at` is kept, the
/// revision bumped so conditional lists change).
pub(crate) fn review(state: &Shared, pr: &FakePr, who: &str, vote: ReviewVote, body: &str) {
    state::with(state, |s| {
        if let Some(p) = s
            .prs
            .iter_mut()
            .find(|p| p.provider == pr.provider && p.repo == pr.repo && p.number == pr.number)
        {
            p.add_review(who, vote, time::OffsetDateTime::now_utc());
            p.requested_reviewers
                .retain(|r| !r.eq_ignore_ascii_case(who));
        }
        if !body.is_empty() {
            s.actions.comments.push(FakeComment {
                provider: pr.provider,
                repo: pr.repo.clone(),
                number: pr.number,
                author: who.to_string(),
                body: body.to_string(),
            });
        }
        s.revision += 1;
    });
}

/// True when `who`'s latest opinion on `pr` is an approval.
pub(crate) fn approved_by(pr: &FakePr, who: &str) -> bool {
    pr.votes()
        .rev()
        .find(|(w, v)| w.eq_ignore_ascii_case(who) && *v != ReviewVote::Commented)
        .is_some_and(|(_, v)| v == ReviewVote::Approved)
}

/// Activity without a push (a note, an approval): the PR's `updated_at` as GitLab
/// shows it moves, at least a millisecond, while its head stays.
pub(crate) fn touch(state: &Shared, pr: &FakePr) {
    state::with(state, |s| {
        if let Some(p) = s
            .prs
            .iter_mut()
            .find(|p| p.provider == pr.provider && p.repo == pr.repo && p.number == pr.number)
        {
            let now = time::OffsetDateTime::now_utc();
            p.touched_at = Some(now.max(p.activity_at() + time::Duration::milliseconds(1)));
        }
        s.revision += 1;
    });
}

/// Withdraws `who`'s approval; false when there was none.
pub(crate) fn unapprove(state: &Shared, pr: &FakePr, who: &str) -> bool {
    state::with(state, |s| {
        let Some(p) = s
            .prs
            .iter_mut()
            .find(|p| p.provider == pr.provider && p.repo == pr.repo && p.number == pr.number)
        else {
            return false;
        };
        let had = approved_by(p, who);
        if had {
            p.add_review(who, ReviewVote::Dismissed, time::OffsetDateTime::now_utc());
            s.revision += 1;
        }
        had
    })
}

/// Merges the PR: it leaves every open list.
pub(crate) fn merge(state: &Shared, pr: &FakePr, method: &str, delete_branch: bool) {
    state::with(state, |s| {
        if let Some(p) = s
            .prs
            .iter_mut()
            .find(|p| p.provider == pr.provider && p.repo == pr.repo && p.number == pr.number)
        {
            p.state = PrState::Merged;
            p.updated_at = time::OffsetDateTime::now_utc();
        }
        s.actions.merges.push(FakeMerge {
            provider: pr.provider,
            repo: pr.repo.clone(),
            number: pr.number,
            method: method.to_string(),
            delete_branch,
        });
        s.revision += 1;
    });
}

/// A stable 40-hex-digit fake commit id for `seed` (merge commits, GitHub heads).
pub(crate) fn fake_sha(seed: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in seed.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}{:016x}{:08x}", h.rotate_left(17), h as u32)
}
