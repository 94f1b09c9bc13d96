//! Gitea / Forgejo actions (`/api/v1/repos/{owner}/{repo}/pulls/{index}/…`, shapes
//! from the swagger description): `POST /reviews` with `event` APPROVED,
//! REQUEST_CHANGES or COMMENT, `body` and `commit_id` (the head the user saw), and
//! `POST /merge` with `Do` (merge, rebase, rebase-merge, squash, fast-forward-only),
//! `head_commit_id` and `delete_branch_after_merge`.
//! Refusals: 401 token, 403 "token does not have at least one of required scope(s)"
//! (needs `write:repository`), 405 not mergeable / not allowed / already merged,
//! 409 merge conflict or head out of date, 422 review refused (e.g. one's own PR).
//!
//! Merge when ready (issue 28), from Gitea's handlers (`routers/api/v1/repo/pull.go`
//! `MergePullRequest`, `CancelScheduledAutoMerge`, `UpdatePullRequest`;
//! `services/automerge`):
//! - *Merge when ready*: `GET …/pulls/{index}` first (a scheduled merge ignores
//!   `head_commit_id`, so the head the user saw is checked here, and a merged or
//!   closed PR is refused before anything is written), then `POST …/merge` with
//!   `merge_when_checks_succeed: true`. Gitea answers 201 when it scheduled the merge,
//!   200 when it merged at once (releases that skip scheduling once the checks have
//!   passed), 409 `pull request is already scheduled to auto merge when checks
//!   succeed [pull_id: N]` (`already_so`), and the merge check's 405s (work in
//!   progress, not allowed to merge, not in a mergeable state). Branch protection
//!   (approvals, status checks) is what the scheduled merge waits for, not a
//!   refusal. Gitea has no repository setting that forbids auto-merge.
//! - *Cancel*: the same `GET` (the PR exists and is open), then `DELETE …/merge`:
//!   204; 404 when nothing is scheduled (`already_so`: the `GET` showed the PR is
//!   there); 403 `user has no permission to cancel the scheduled auto merge` when
//!   another user scheduled it and this one is not a repository admin.
//! - *Update branch*: the `GET` (head guard: the update takes no head), then
//!   `POST …/pulls/{index}/update?style=merge|rebase`: 200; 409 merge / rebase
//!   conflict; 422 merged or closed; 403 with no body when the account may not push
//!   to the head branch or the repository does not allow rebase updates. Gitea's
//!   API says nothing about a PR being behind its base (no field on the pull
//!   request; only the compare endpoint, read per PR), so the update is offered
//!   and Gitea's answer tells: a head that is not behind fails inside `Update`
//!   (`HeadBranch of PR N is up to date`) and reaches the API as a 500.
//! - No merge queue on Gitea.

use super::error::common_failure;
use super::{
    token_settings_url, Action, ActionError, Blocker, Call, MergeMethod, Outcome, UpdateStyle,
};
use crate::http::{Auth, Reply};
use ampel_core::Provider;
use reqwest::Method;
use serde_json::{json, Value};

const P: Provider = Provider::Gitea;

/// The start of Gitea's refusal of a token without a needed scope
/// (`token does not have at least one of required scope(s): [write:repository]`).
const GITEA_SCOPE_REFUSAL: &str = "token does not have at least one of required scope(s)";

/// Runs `action`: one request, two for the merge-when-ready actions (a lookup first).
pub(super) async fn act(call: &mut Call<'_>, action: &Action) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    match action {
        Action::MergeWhenReady {
            method,
            delete_branch,
        } => return merge_when_ready(call, action, *method, *delete_branch).await,
        Action::CancelMergeWhenReady => return cancel_merge_when_ready(call, action).await,
        Action::UpdateBranch { style } => return update_branch(call, action, *style).await,
        _ => {}
    }
    let head = call.target.head_sha.clone().filter(|s| !s.is_empty());
    let (path, body, message) = match action {
        Action::Approve { body } => (
            "reviews",
            review("APPROVED", body.as_deref().unwrap_or_default(), head),
            format!("approved {label}"),
        ),
        Action::RequestChanges { body } => (
            "reviews",
            review("REQUEST_CHANGES", body, head),
            format!("requested changes on {label}"),
        ),
        Action::Comment { body } => (
            "reviews",
            review("COMMENT", body, head),
            format!("commented on {label}"),
        ),
        Action::Merge {
            method,
            delete_branch,
        } => (
            "merge",
            json!({
                "Do": style(*method),
                "head_commit_id": call.seen_head()?,
                "delete_branch_after_merge": delete_branch,
            }),
            format!("merged {label} by {}", method.as_str()),
        ),
        // Gitea has no merge queue (`offers`); `run` refuses before this.
        other => {
            return Err(ActionError::ActionNotOffered {
                provider: P,
                action: other.words().to_string(),
                why: String::new(),
            })
        }
    };
    let (owner, repo) = call.owner_name()?;
    let number = call.target.number.to_string();
    let url = call
        .ctx
        .endpoints
        .api_path(&["repos", owner, repo, "pulls", &number, path], &[])?;
    call.requests += 1;
    let reply = call
        .http
        .write(Method::POST, &url, Auth::Token(call.token), Some(&body))
        .await?;
    expect_success(call, &reply)?;
    Ok(call.done(action, message))
}

/// The exact start of Gitea's `ErrAlreadyScheduledToAutoMerge` text (`models/pull/automerge.go`).
const ALREADY_SCHEDULED: &str =
    "pull request is already scheduled to auto merge when checks succeed";

/// Gitea's exact refusal to cancel another user's scheduled merge.
const NO_CANCEL_PERMISSION: &str = "user has no permission to cancel the scheduled auto merge";

/// `…/pulls/{index}` plus `tail`, with `query`.
fn pull_url(
    call: &Call<'_>,
    tail: Option<&str>,
    query: &[(&str, &str)],
) -> Result<reqwest::Url, ActionError> {
    let (owner, repo) = call.owner_name()?;
    let number = call.target.number.to_string();
    let mut segments = vec!["repos", owner, repo, "pulls", number.as_str()];
    segments.extend(tail);
    Ok(call.ctx.endpoints.api_path(&segments, query)?)
}

/// Reads the PR once: refuses a merged or closed one, and (when `head` is given)
/// one whose head is no longer the head the user saw.
async fn lookup(call: &mut Call<'_>, head: Option<&str>) -> Result<(), ActionError> {
    let url = pull_url(call, None, &[])?;
    call.requests += 1;
    let reply = call
        .http
        .get(
            &url,
            Auth::Token(call.token),
            &[("accept", "application/json")],
        )
        .await?;
    expect_success(call, &reply)?;
    let pull: Value = crate::common::parse_json(P, &reply)?;
    if pull["merged"].as_bool() == Some(true) {
        return Err(closed("merged"));
    }
    if pull["state"].as_str() == Some("closed") {
        return Err(closed("closed"));
    }
    if let Some(seen) = head {
        let current = pull
            .pointer("/head/sha")
            .and_then(Value::as_str)
            .unwrap_or_default();
        // A PR without a head sha cannot be checked: refused rather than guessed.
        if current.is_empty() || !(seen.starts_with(current) || current.starts_with(seen)) {
            return Err(ActionError::HeadMoved { provider: P });
        }
    }
    Ok(())
}

fn closed(state: &str) -> ActionError {
    ActionError::AlreadyClosed {
        provider: P,
        state: state.to_string(),
    }
}

/// The lookup, then `POST …/merge` with `merge_when_checks_succeed`.
async fn merge_when_ready(
    call: &mut Call<'_>,
    action: &Action,
    method: MergeMethod,
    delete_branch: bool,
) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    let seen = call.seen_head()?.to_string();
    lookup(call, Some(&seen)).await?;
    let body = json!({
        "Do": style(method),
        "head_commit_id": seen,
        "delete_branch_after_merge": delete_branch,
        "merge_when_checks_succeed": true,
    });
    let url = pull_url(call, Some("merge"), &[])?;
    call.requests += 1;
    let reply = call
        .http
        .write(Method::POST, &url, Auth::Token(call.token), Some(&body))
        .await?;
    match reply.status.as_u16() {
        201 => Ok(call.done(
            action,
            format!(
                "auto-merge on for {label} ({}): Gitea merges it when its checks succeed",
                method.as_str()
            ),
        )),
        // Scheduling skipped: the checks had passed and Gitea merged at once.
        200 => Ok(call.done(
            action,
            format!(
                "merged {label} by {} (its checks had passed)",
                method.as_str()
            ),
        )),
        409 if crate::common::forge_message(&reply, call.token).starts_with(ALREADY_SCHEDULED) => {
            Err(ActionError::AlreadySo {
                provider: P,
                detail: format!("auto-merge is already on for {label}"),
            })
        }
        _ => {
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("auto-merge on for {label}")))
        }
    }
}

/// The lookup, then `DELETE …/merge`.
async fn cancel_merge_when_ready(
    call: &mut Call<'_>,
    action: &Action,
) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    lookup(call, None).await?;
    let url = pull_url(call, Some("merge"), &[])?;
    call.requests += 1;
    let reply = call
        .http
        .write(Method::DELETE, &url, Auth::Token(call.token), None)
        .await?;
    match reply.status.as_u16() {
        204 | 200 => Ok(call.done(action, format!("auto-merge off for {label}"))),
        // The lookup found the PR: a 404 here is "no scheduled merge".
        404 => Err(ActionError::AlreadySo {
            provider: P,
            detail: format!("auto-merge is not on for {label}"),
        }),
        403 if crate::common::forge_message(&reply, call.token) == NO_CANCEL_PERMISSION => {
            Err(ActionError::Refused {
                provider: P,
                detail: "another user turned auto-merge on; only they or a repository admin can turn it off".to_string(),
            })
        }
        _ => {
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("auto-merge off for {label}")))
        }
    }
}

/// The lookup (head guard), then `POST …/update?style=`.
async fn update_branch(
    call: &mut Call<'_>,
    action: &Action,
    update: UpdateStyle,
) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    let seen = call.seen_head()?.to_string();
    lookup(call, Some(&seen)).await?;
    let url = pull_url(call, Some("update"), &[("style", update.as_str())])?;
    call.requests += 1;
    let reply = call
        .http
        .write(Method::POST, &url, Auth::Token(call.token), None)
        .await?;
    let message = crate::common::forge_message(&reply, call.token);
    match reply.status.as_u16() {
        200..=299 => Ok(call.done(
            action,
            match update {
                UpdateStyle::Merge => format!("merged the base branch into {label}"),
                UpdateStyle::Rebase => format!("rebased {label} onto its base branch"),
            },
        )),
        409 => Err(ActionError::Conflict { provider: P }),
        // Merged or closed since the lookup (Gitea sends no text with it).
        422 => Err(ActionError::Refused {
            provider: P,
            detail: "Gitea no longer updates this pull request (merged or closed)".to_string(),
        }),
        // Gitea's scope refusal has one documented text; any other 403 here (an empty
        // body) is `IsUserAllowedToUpdate` saying no.
        403 if !message.starts_with(GITEA_SCOPE_REFUSAL) => Err(ActionError::Blocked {
            provider: P,
            blocker: Blocker::BranchProtection,
            detail: match update {
                UpdateStyle::Merge => {
                    "this account may not push to the pull request's branch".to_string()
                }
                UpdateStyle::Rebase => "this account may not force-push to the pull request's branch, or the repository does not allow updating by rebase".to_string(),
            },
        }),
        // Sent once, never again: Gitea's update fails this way when the head branch
        // is not behind its base (`HeadBranch of PR N is up to date`).
        500 => Err(ActionError::Refused {
            provider: P,
            detail: "Gitea answered the update with a server error, which is how it answers when the branch is already up to date with its base; refresh to see the branch as it is".to_string(),
        }),
        _ => {
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("updated {label}")))
        }
    }
}

/// The method of the merge being sent (for a refusal naming it).
fn merge_method(call: &Call<'_>) -> MergeMethod {
    call.method.unwrap_or(MergeMethod::Merge)
}

fn review(event: &str, body: &str, head: Option<String>) -> Value {
    let mut v = json!({"event": event, "body": body});
    if let Some(sha) = head {
        v["commit_id"] = json!(sha);
    }
    v
}

fn style(m: MergeMethod) -> &'static str {
    match m {
        MergeMethod::Merge => "merge",
        MergeMethod::Squash => "squash",
        MergeMethod::Rebase => "rebase",
        MergeMethod::RebaseMerge => "rebase-merge",
        MergeMethod::FastForward => "fast-forward-only",
    }
}

/// 2xx, or the refusal in Ampel's terms.
fn expect_success(call: &Call<'_>, reply: &Reply) -> Result<(), ActionError> {
    let status = reply.status.as_u16();
    if reply.status.is_success() {
        return Ok(());
    }
    let message = crate::common::forge_message(reply, call.token);
    let lower = message.to_ascii_lowercase();
    let blocked = |blocker| ActionError::Blocked {
        provider: P,
        blocker,
        detail: message.clone(),
    };
    match status {
        403 if lower.contains("scope") => Err(ActionError::MissingWriteScope {
            provider: P,
            scope: "write:repository".to_string(),
            settings_url: token_settings_url(P, call.ctx),
        }),
        403 => Err(ActionError::Refused {
            provider: P,
            detail: message,
        }),
        405 if lower.contains("already merged") => Err(ActionError::AlreadyClosed {
            provider: P,
            state: "merged".to_string(),
        }),
        405 if lower.contains("closed") => Err(ActionError::AlreadyClosed {
            provider: P,
            state: "closed".to_string(),
        }),
        405 if lower.contains("merge style") => Err(ActionError::MethodNotAllowed {
            provider: P,
            method: merge_method(call),
            allowed: Vec::new(),
        }),
        405 if lower.contains("work in progress") || lower.contains("draft") => {
            Err(blocked(Blocker::Draft))
        }
        405 if lower.contains("approv") => Err(blocked(Blocker::RequiredReviews)),
        405 if lower.contains("status") || lower.contains("check") => {
            Err(blocked(Blocker::RequiredChecks))
        }
        405 if lower.contains("protect") || lower.contains("not allowed to merge") => {
            Err(blocked(Blocker::BranchProtection))
        }
        405 => Err(blocked(Blocker::Other)),
        409 if lower.contains("conflict") => Err(ActionError::Conflict { provider: P }),
        409 => Err(ActionError::HeadMoved { provider: P }),
        422 => Err(ActionError::Refused {
            provider: P,
            detail: message,
        }),
        _ => Err(
            common_failure(P, reply, call).unwrap_or(ActionError::Refused {
                provider: P,
                detail: format!("unexpected HTTP status {status}"),
            }),
        ),
    }
}
