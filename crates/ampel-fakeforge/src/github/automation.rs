//! GitHub's merge-when-ready mutations for the fake (issue 28):
//! `enablePullRequestAutoMerge`, `disablePullRequestAutoMerge`,
//! `enqueuePullRequest`, `dequeuePullRequest` (its input `id` is the pull
//! request's node id) and `updatePullRequestBranch`, each refusing as GitHub does:
//! HTTP 200, `type: UNPROCESSABLE` and GitHub's message.
//!
//! Messages taken from GitHub's answers as reported by its users and clients:
//! "Pull request Auto merge is not allowed for this repository", "Pull request Pull
//! request is in clean status" / "… unstable status" (auto-merge on a PR with
//! nothing pending), "Changes must be made through the merge queue" (a direct merge
//! on a queue branch), and update-branch's "expected head sha didn't match current
//! head ref.", "There are no new commits on the base branch.", "merge conflict
//! between base and head". GitHub documents no message for a moved head on
//! auto-merge / enqueue, for enqueueing where the base has no queue, or for
//! disabling / dequeueing what is not on: the fake words those itself (marked
//! below) and answers them UNPROCESSABLE like GitHub's other refusals. Enabling
//! auto-merge again while it is on changes its method, as GitHub's web page does.

use super::actions::{head_oid, unprocessable, Outcome};
use crate::actions::{self, Refusal};
use crate::automerge::{self, FakeAutoMerge};
use crate::prs::FakePr;
use crate::state::{self, Shared};
use crate::token::FakeToken;
use ampel_core::pr::{MergeState, PrState};
use serde_json::{json, Value};

/// Ampel's method name for a `PullRequestMergeMethod` (GitHub's default: MERGE).
fn method(vars: &Value) -> &'static str {
    match vars["method"].as_str() {
        Some("SQUASH") => "squash",
        Some("REBASE") => "rebase",
        _ => "merge",
    }
}

/// A closed or merged PR, in GitHub's words.
fn not_open(pr: &FakePr) -> Option<(&'static str, String)> {
    match pr.state {
        PrState::Open => None,
        PrState::Merged => Some(unprocessable("Pull request is already merged")),
        _ => Some(unprocessable("Pull request is closed")),
    }
}

/// The `expectedHeadOid` sent, when it is not the head now.
fn head_moved(pr: &FakePr, vars: &Value) -> bool {
    let current = head_oid(pr);
    vars["head"]
        .as_str()
        .is_some_and(|g| !g.is_empty() && !current.starts_with(g) && !g.starts_with(&current))
}

/// The stored PR after a change, rendered for the payload.
fn now(state: &Shared, pr: &FakePr) -> FakePr {
    actions::find(state, pr.provider, &pr.repo, pr.number).unwrap_or_else(|| pr.clone())
}

fn pull_request(state: &Shared, pr: &FakePr) -> Value {
    let pr = now(state, pr);
    json!({
        "state": super::render::state_name(&pr),
        "autoMergeRequest": super::render::auto_merge_request(&pr),
        "headRefOid": head_oid(&pr),
    })
}

fn queue_required(state: &Shared, pr: &FakePr) -> bool {
    state::with(state, |s| automerge::queue_required(s, pr))
}

/// `enablePullRequestAutoMerge`.
pub(super) fn enable(state: &Shared, token: &FakeToken, pr: &FakePr, vars: &Value) -> Outcome {
    if let Some(e) = not_open(pr) {
        return Err(e);
    }
    if !automerge::auto_merge_allowed(state, pr) {
        return Err(unprocessable(
            "Pull request Auto merge is not allowed for this repository",
        ));
    }
    if head_moved(pr, vars) {
        // Worded by the fake (GitHub documents no message for this input).
        return Err(unprocessable(
            "Head branch was modified. Review and try the merge again.",
        ));
    }
    if pr.draft {
        // Worded by the fake (GitHub offers no auto-merge on a draft).
        return Err(unprocessable("Pull request is in draft state"));
    }
    let queue = queue_required(state, pr);
    let method = method(vars);
    if !queue {
        match super::render::merge_state_status(pr) {
            "CLEAN" | "HAS_HOOKS" => {
                return Err(unprocessable(
                    "Pull request Pull request is in clean status",
                ))
            }
            "UNSTABLE" => {
                return Err(unprocessable(
                    "Pull request Pull request is in unstable status",
                ))
            }
            _ => {}
        }
        if !actions::method_allowed(state, pr, method) {
            return Err(unprocessable(match method {
                "squash" => "Squash merges are not allowed on this repository.",
                "rebase" => "Rebase merges are not allowed on this repository.",
                _ => "Merge commits are not allowed on this repository.",
            }));
        }
    }
    automerge::enable(
        state,
        pr,
        FakeAutoMerge {
            method: method.to_string(),
            by: token.user.login.clone(),
            delete_branch: false,
        },
    );
    Ok(json!({ "actor": { "login": token.user.login }, "pullRequest": pull_request(state, pr) }))
}

/// `disablePullRequestAutoMerge`.
pub(super) fn disable(state: &Shared, token: &FakeToken, pr: &FakePr, _vars: &Value) -> Outcome {
    if let Some(e) = not_open(pr) {
        return Err(e);
    }
    if pr.auto_merge.is_none() || pr.queued.is_some() {
        // Worded by the fake.
        return Err(unprocessable(
            "Pull request Auto merge is not enabled for this pull request",
        ));
    }
    automerge::disable(state, pr);
    Ok(json!({ "actor": { "login": token.user.login }, "pullRequest": pull_request(state, pr) }))
}

/// The method the queue merges with: the first the repository allows.
fn queue_method(state: &Shared, pr: &FakePr) -> &'static str {
    ["merge", "squash", "rebase"]
        .into_iter()
        .find(|m| actions::method_allowed(state, pr, m))
        .unwrap_or("merge")
}

/// `enqueuePullRequest`: the merge rules apply (a PR that could not merge is not
/// queued), the head must be the one expected.
pub(super) fn enqueue(state: &Shared, token: &FakeToken, pr: &FakePr, vars: &Value) -> Outcome {
    if let Some(e) = not_open(pr) {
        return Err(e);
    }
    if !queue_required(state, pr) {
        // Worded by the fake.
        return Err(unprocessable(
            "Pull request Merge queue is not enabled for the base branch",
        ));
    }
    if head_moved(pr, vars) {
        // Worded by the fake.
        return Err(unprocessable(
            "Head branch was modified. Review and try the merge again.",
        ));
    }
    if pr.queued.is_some() {
        // Worded by the fake.
        return Err(unprocessable("Pull request is already queued to merge"));
    }
    let method = queue_method(state, pr);
    match actions::merge_refusal(state, pr, None, "", method) {
        Some(Refusal::Conflict) => return Err(unprocessable("Pull Request is not mergeable")),
        Some(Refusal::Draft) => return Err(unprocessable("Pull request is in draft state")),
        Some(Refusal::Reviews { required }) => {
            return Err(unprocessable(&format!(
                "Pull request At least {required} approving review is required by reviewers with write access."
            )))
        }
        Some(Refusal::Checks { failing }) => {
            return Err(unprocessable(&format!(
                "Pull request Required status check \"{failing}\" is failing."
            )))
        }
        Some(Refusal::Protected) => return Err(unprocessable("Pull Request is not mergeable")),
        _ => {}
    }
    automerge::enqueue(state, pr, method, &token.user.login);
    let entry = state::with(state, |s| {
        let stored = s
            .prs
            .iter()
            .find(|p| p.provider == pr.provider && p.repo == pr.repo && p.number == pr.number)
            .cloned();
        stored.map_or(Value::Null, |p| super::render::queue_entry(s, &p))
    });
    Ok(json!({ "mergeQueueEntry": entry }))
}

/// `dequeuePullRequest`: answers the entry as it was.
pub(super) fn dequeue(state: &Shared, _token: &FakeToken, pr: &FakePr, _vars: &Value) -> Outcome {
    let entry = state::with(state, |s| super::render::queue_entry(s, pr));
    if entry.is_null() {
        // Worded by the fake.
        return Err(unprocessable("Pull request is not in the merge queue"));
    }
    automerge::dequeue(state, pr);
    Ok(json!({ "mergeQueueEntry": entry }))
}

/// `updatePullRequestBranch`: `expectedHeadOid` is the pull request's head (the
/// branch being updated), as `gh pr update-branch` sends it and as REST's
/// `expected_head_sha` documents.
pub(super) fn update_branch(
    state: &Shared,
    _token: &FakeToken,
    pr: &FakePr,
    vars: &Value,
) -> Outcome {
    if let Some(e) = not_open(pr) {
        return Err(e);
    }
    if head_moved(pr, vars) {
        return Err(unprocessable(
            "expected head sha didn't match current head ref.",
        ));
    }
    if !pr.behind && pr.merge != MergeState::Behind {
        return Err(unprocessable(
            "There are no new commits on the base branch.",
        ));
    }
    if pr.merge == MergeState::Conflict {
        return Err(unprocessable("merge conflict between base and head"));
    }
    if !matches!(vars["method"].as_str(), None | Some("MERGE" | "REBASE")) {
        return Err(unprocessable(
            "Variable $method of type PullRequestBranchUpdateMethod! was provided invalid value",
        ));
    }
    automerge::update_branch(state, pr);
    Ok(json!({ "pullRequest": pull_request(state, pr) }))
}
