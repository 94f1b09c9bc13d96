//! Gitea / Forgejo actions (`/api/v1/repos/{owner}/{repo}/pulls/{index}/…`, shapes
//! from the swagger description): `POST /reviews` with `event` APPROVED,
//! REQUEST_CHANGES or COMMENT, `body` and `commit_id` (the head the user saw), and
//! `POST /merge` with `Do` (merge, rebase, rebase-merge, squash, fast-forward-only),
//! `head_commit_id` and `delete_branch_after_merge`.
//! Refusals: 401 token, 403 "token does not have at least one of required scope(s)"
//! (needs `write:repository`), 405 not mergeable / not allowed / already merged,
//! 409 merge conflict or head out of date, 422 review refused (e.g. one's own PR).

use super::error::common_failure;
use super::{token_settings_url, Action, ActionError, Blocker, Call, MergeMethod, Outcome};
use crate::http::{Auth, Reply};
use ampel_core::Provider;
use reqwest::Method;
use serde_json::{json, Value};

const P: Provider = Provider::Gitea;

/// Runs `action` with one request.
pub(super) async fn act(call: &mut Call<'_>, action: &Action) -> Result<Outcome, ActionError> {
    let label = call.label(P);
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
        other => return Err(super::not_built(P, other)),
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
