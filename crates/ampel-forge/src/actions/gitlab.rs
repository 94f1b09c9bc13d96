//! GitLab actions over REST (`/projects/:id/merge_requests/:iid/…`, `:id` the
//! URL-encoded project path): `POST /approve` with `sha` (the head the user saw),
//! `POST /unapprove` + `POST /notes` to request changes (GitLab's REST API has no
//! "request changes" review state), `POST /notes` with `body` to comment, and
//! `PUT /merge` with `sha`, `squash` and `should_remove_source_branch`.
//! Answers, from gitlab-org/gitlab `lib/api/merge_request_approvals.rb` and
//! `lib/api/merge_requests.rb`: approve answers 201, or 304 when this user approved
//! already (success: "already approved"); unapprove answers 201, or 304 (404 before
//! 16.x) when there was no approval to withdraw (request changes goes on to the note).
//! Merge refusals: 401 token, 403 `insufficient_scope` (needs `api`), 405 "Method Not
//! Allowed" (not open, draft, not mergeable yet), 406 / 422 "Branch cannot be merged"
//! (any rule, conflicts included), 409 "SHA does not match HEAD of source branch".
//! None of these says which rule: one read of the MR names it from its `state` and
//! `detailed_merge_status`. Refusals are classified by status code and GitLab's exact
//! messages, never by a word inside them.
//!
//! Merge when ready, merge trains and rebase (issue 28) are in `gitlab/when_ready.rs`;
//! a merge first reads the project (`merge_trains_enabled`): where merge trains are
//! on, a direct merge would skip the train, so it is refused (`queue_required`).

mod when_ready;

use super::error::common_failure;
use super::{token_settings_url, Action, ActionError, Blocker, Call, MergeMethod, Outcome};
use crate::http::{Auth, Reply};
use ampel_core::forge_status::gitlab::{merge_status, StatusHint};
use ampel_core::pr::MergeState;
use ampel_core::Provider;
use reqwest::Method;
use serde_json::{json, Value};

const P: Provider = Provider::Gitlab;

/// Runs `action`: one request (two to request changes or merge; one more to name
/// the rule when a merge is refused). The issue-28 actions: see `when_ready`.
pub(super) async fn act(call: &mut Call<'_>, action: &Action) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    match action {
        Action::Approve { .. } => {
            let mut body = json!({});
            if let Some(sha) = call.target.head_sha.as_deref().filter(|s| !s.is_empty()) {
                body["sha"] = json!(sha);
            }
            let reply = send(call, Method::POST, "approve", body).await?;
            // 304: GitLab's answer when this user has approved already.
            if reply.status.as_u16() == 304 {
                return Ok(call.done(action, format!("{label} was already approved by you")));
            }
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("approved {label}")))
        }
        Action::RequestChanges { body } => {
            let reply = send(call, Method::POST, "unapprove", json!({})).await?;
            // 304 (current GitLab) or 404 (before 16.x): there was no approval of
            // ours to withdraw, which is fine here.
            let withdrew = !matches!(reply.status.as_u16(), 304 | 404);
            if withdrew {
                expect_success(call, &reply)?;
            }
            let reply = send(call, Method::POST, "notes", json!({"body": body})).await;
            let noted = reply.and_then(|r| expect_success(call, &r));
            match noted {
                Ok(()) => Ok(call.done(action, format!("requested changes on {label}"))),
                Err(e) if withdrew => Err(super::partly_done(
                    P,
                    &format!("your approval of {label} was withdrawn"),
                    "the comment saying which changes",
                    e,
                )),
                Err(e) => Err(e),
            }
        }
        Action::Comment { body } => {
            let reply = send(call, Method::POST, "notes", json!({"body": body})).await?;
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("commented on {label}")))
        }
        Action::Merge {
            method,
            delete_branch,
        } => {
            let sha = call.seen_head()?.to_string();
            if when_ready::uses_trains(call).await? {
                return Err(ActionError::QueueRequired { provider: P });
            }
            let body = json!({
                "sha": sha,
                "squash": *method == MergeMethod::Squash,
                "should_remove_source_branch": delete_branch,
            });
            let reply = send(call, Method::PUT, "merge", body).await?;
            match reply.status.as_u16() {
                // 405 "Method Not Allowed" (not open, draft, or not mergeable yet) and
                // 406 / 422 "Branch cannot be merged" say no rule: read the MR once.
                405 | 406 | 422 if message_is(&reply, SQUASH_REFUSED) => {
                    return Err(ActionError::MethodNotAllowed {
                        provider: P,
                        method: MergeMethod::Squash,
                        allowed: vec![MergeMethod::Merge],
                    })
                }
                405 | 406 | 422 => return Err(diagnose(call, &reply).await),
                _ => expect_success(call, &reply)?,
            }
            let v: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
            if v["state"].as_str().is_some_and(|s| s != "merged") {
                return Ok(call.done(
                    action,
                    format!("{label} will merge when its pipeline succeeds"),
                ));
            }
            Ok(call.done(action, format!("merged {label} by {}", method.as_str())))
        }
        Action::MergeWhenReady {
            method,
            delete_branch,
        } => when_ready::merge_when_ready(call, action, *method, *delete_branch).await,
        Action::CancelMergeWhenReady => {
            when_ready::cancel(call, action, "auto-merge cancelled for").await
        }
        Action::AddToQueue { method } => when_ready::add_to_train(call, action, *method).await,
        Action::RemoveFromQueue => when_ready::remove_from_train(call, action).await,
        Action::UpdateBranch { .. } => when_ready::rebase(call, action).await,
    }
}

/// GitLab's message when the project does not allow squashing.
const SQUASH_REFUSED: &str = "Squashing is not allowed in this project";

/// True when the answer's `message` is exactly `text` (GitLab's documented words).
fn message_is(reply: &Reply, text: &str) -> bool {
    let v: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
    let message = match &v["message"] {
        Value::Array(items) => items.first().and_then(Value::as_str),
        other => other.as_str(),
    };
    message.is_some_and(|m| m.trim().eq_ignore_ascii_case(text))
}

async fn send(
    call: &mut Call<'_>,
    method: Method,
    what: &str,
    body: Value,
) -> Result<Reply, ActionError> {
    let number = call.target.number.to_string();
    let url = call.ctx.endpoints.api_path(
        &[
            "projects",
            &call.target.repo,
            "merge_requests",
            &number,
            what,
        ],
        &[],
    )?;
    call.requests += 1;
    Ok(call
        .http
        .write(method, &url, Auth::Bearer(call.token), Some(&body))
        .await?)
}

/// GitLab's refusal of a merge (405, or 406 / 422 "Branch cannot be merged") does
/// not say why: one read of the MR (`state`, `detailed_merge_status`) names the rule,
/// in the words the dashboard uses for it. When that read fails, the refusal itself.
async fn diagnose(call: &mut Call<'_>, refusal: &Reply) -> ActionError {
    let said = crate::common::forge_message(refusal, call.token);
    let number = call.target.number.to_string();
    let url = match call.ctx.endpoints.api_path(
        &["projects", &call.target.repo, "merge_requests", &number],
        &[],
    ) {
        Ok(u) => u,
        Err(e) => return ActionError::Forge(e),
    };
    call.requests += 1;
    let mr: Value = match call.http.get(&url, Auth::Bearer(call.token), &[]).await {
        Ok(r) if r.status.is_success() => serde_json::from_slice(&r.body).unwrap_or_default(),
        _ => Value::Null,
    };
    rule_of(&mr, said)
}

/// The refusal an MR's `state` and `detailed_merge_status` explain (`said`: the
/// forge's own refusal, for when they do not).
fn rule_of(mr: &Value, said: String) -> ActionError {
    match mr["state"].as_str() {
        Some("merged") => {
            return ActionError::AlreadyClosed {
                provider: P,
                state: "merged".to_string(),
            }
        }
        Some("closed") => {
            return ActionError::AlreadyClosed {
                provider: P,
                state: "closed".to_string(),
            }
        }
        _ => {}
    }
    let Some(value) = mr["detailed_merge_status"].as_str() else {
        return ActionError::Blocked {
            provider: P,
            blocker: Blocker::Other,
            detail: said,
        };
    };
    let status = merge_status(value);
    if status.merge == MergeState::Conflict || mr["has_conflicts"].as_bool() == Some(true) {
        return ActionError::Conflict { provider: P };
    }
    let blocker = match status.hint {
        Some(StatusHint::NotApproved | StatusHint::RequestedChanges) => Blocker::RequiredReviews,
        Some(StatusHint::CiRunning | StatusHint::CiMustPass) => Blocker::RequiredChecks,
        Some(StatusHint::Draft) => Blocker::Draft,
        Some(StatusHint::NotOpen) => Blocker::BranchProtection,
        None if status.blocker == Some(ampel_core::pr::Blocker::ExternalChecks) => {
            Blocker::RequiredChecks
        }
        None if status.blocker.is_some() => Blocker::BranchProtection,
        None => Blocker::Other,
    };
    let detail = match (&status.blocker, status.hint) {
        (Some(b), _) => b.to_string(),
        (None, Some(StatusHint::NotApproved)) => "not approved yet".to_string(),
        (None, Some(StatusHint::RequestedChanges)) => "changes were requested".to_string(),
        (None, Some(StatusHint::CiRunning)) => "the pipeline is still running".to_string(),
        (None, Some(StatusHint::Draft)) => "it is a draft".to_string(),
        (None, _) if status.merge == MergeState::Computing => {
            "GitLab is still checking whether it can be merged; try again in a moment".to_string()
        }
        (None, _) => format!("GitLab says: {said}"),
    };
    ActionError::Blocked {
        provider: P,
        blocker,
        detail,
    }
}

/// 2xx, or the refusal in Ampel's terms.
fn expect_success(call: &Call<'_>, reply: &Reply) -> Result<(), ActionError> {
    let status = reply.status.as_u16();
    if reply.status.is_success() {
        return Ok(());
    }
    let message = crate::common::forge_message(reply, call.token);
    let v: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
    let scope_missing = v["error"].as_str() == Some("insufficient_scope")
        || reply
            .header("www-authenticate")
            .is_some_and(|h| h.contains("error=\"insufficient_scope\""));
    let blocked = |blocker| ActionError::Blocked {
        provider: P,
        blocker,
        detail: message.clone(),
    };
    match status {
        403 if scope_missing => Err(ActionError::MissingWriteScope {
            provider: P,
            scope: "api".to_string(),
            settings_url: token_settings_url(P, call.ctx),
        }),
        403 => Err(ActionError::Refused {
            provider: P,
            detail: message,
        }),
        405 | 406 | 422 => Err(blocked(Blocker::Other)),
        409 => Err(ActionError::HeadMoved { provider: P }),
        _ => Err(
            common_failure(P, reply, call).unwrap_or(ActionError::Refused {
                provider: P,
                detail: format!("unexpected HTTP status {status}"),
            }),
        ),
    }
}
