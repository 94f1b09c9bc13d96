//! GitLab actions over REST (`/projects/:id/merge_requests/:iid/…`, `:id` the
//! URL-encoded project path): `POST /approve` with `sha` (the head the user saw),
//! `POST /unapprove` + `POST /notes` to request changes (GitLab's REST API has no
//! "request changes" review state), `POST /notes` with `body` to comment, and
//! `PUT /merge` with `sha`, `squash` and `should_remove_source_branch`.
//! Refusals: 401 token, 403 `insufficient_scope` (needs `api`), 405 not mergeable
//! (blocked, draft, pipeline, already merged), 406 conflict ("Branch cannot be
//! merged"), 409 "SHA does not match HEAD of source branch", 422 "Merge request is
//! already merged".

use super::error::common_failure;
use super::{token_settings_url, Action, ActionError, Blocker, Call, MergeMethod, Outcome};
use crate::http::{Auth, Reply};
use ampel_core::Provider;
use reqwest::Method;
use serde_json::{json, Value};

const P: Provider = Provider::Gitlab;

/// Runs `action`: one request (two to request changes).
pub(super) async fn act(call: &mut Call<'_>, action: &Action) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    match action {
        Action::Approve { .. } => {
            let mut body = json!({});
            if let Some(sha) = call.target.head_sha.as_deref().filter(|s| !s.is_empty()) {
                body["sha"] = json!(sha);
            }
            let reply = send(call, Method::POST, "approve", body).await?;
            if reply.status.as_u16() == 401 && body_says(&reply, "already approved") {
                return Ok(call.done(action, format!("{label} was already approved by you")));
            }
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("approved {label}")))
        }
        Action::RequestChanges { body } => {
            let reply = send(call, Method::POST, "unapprove", json!({})).await?;
            // 404: there was no approval of ours to withdraw, which is fine here.
            if reply.status.as_u16() != 404 {
                expect_success(call, &reply)?;
            }
            let reply = send(call, Method::POST, "notes", json!({"body": body})).await?;
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("requested changes on {label}")))
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
            let body = json!({
                "sha": sha,
                "squash": *method == MergeMethod::Squash,
                "should_remove_source_branch": delete_branch,
            });
            let reply = send(call, Method::PUT, "merge", body).await?;
            if reply.status.as_u16() == 405 && !body_says(&reply, "not allowed in this project") {
                return Err(diagnose(call).await);
            }
            expect_success(call, &reply)?;
            let v: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
            if v["state"].as_str().is_some_and(|s| s != "merged") {
                return Ok(call.done(
                    action,
                    format!("{label} will merge when its pipeline succeeds"),
                ));
            }
            Ok(call.done(action, format!("merged {label} by {}", method.as_str())))
        }
    }
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

/// GitLab's 405 does not say why: one read of the MR (`state`,
/// `detailed_merge_status`) names the rule that blocks the merge.
async fn diagnose(call: &mut Call<'_>) -> ActionError {
    let blocked = |blocker, detail: &str| ActionError::Blocked {
        provider: P,
        blocker,
        detail: detail.to_string(),
    };
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
    match mr["state"].as_str() {
        Some("merged") => {
            return ActionError::AlreadyClosed {
                provider: P,
                state: "merged".to_string(),
            }
        }
        Some("closed") | Some("locked") => {
            return ActionError::AlreadyClosed {
                provider: P,
                state: "closed".to_string(),
            }
        }
        _ => {}
    }
    let status = mr["detailed_merge_status"].as_str().unwrap_or_default();
    match status {
        "not_approved" | "requested_changes" => blocked(Blocker::RequiredReviews, status),
        "ci_must_pass" | "ci_still_running" | "status_checks_must_pass" => {
            blocked(Blocker::RequiredChecks, status)
        }
        "draft_status" => blocked(Blocker::Draft, status),
        "conflict" | "broken_status" | "need_rebase" => ActionError::Conflict { provider: P },
        "blocked_status" | "discussions_not_resolved" | "not_open" | "merge_request_blocked" => {
            blocked(Blocker::BranchProtection, status)
        }
        _ => blocked(Blocker::Other, status),
    }
}

fn body_says(reply: &Reply, words: &str) -> bool {
    String::from_utf8_lossy(&reply.body)
        .to_ascii_lowercase()
        .contains(words)
}

/// 2xx, or the refusal in Ampel's terms.
fn expect_success(call: &Call<'_>, reply: &Reply) -> Result<(), ActionError> {
    let status = reply.status.as_u16();
    if reply.status.is_success() {
        return Ok(());
    }
    let message = crate::common::forge_message(reply, call.token);
    let lower = String::from_utf8_lossy(&reply.body).to_ascii_lowercase();
    let blocked = |blocker| ActionError::Blocked {
        provider: P,
        blocker,
        detail: message.clone(),
    };
    match status {
        403 if lower.contains("insufficient_scope") || lower.contains("scope") => {
            Err(ActionError::MissingWriteScope {
                provider: P,
                scope: "api".to_string(),
                settings_url: token_settings_url(P, call.ctx),
            })
        }
        403 => Err(ActionError::Refused {
            provider: P,
            detail: message,
        }),
        405 | 422 if lower.contains("already merged") || lower.contains("merged") => {
            Err(ActionError::AlreadyClosed {
                provider: P,
                state: "merged".to_string(),
            })
        }
        405 if lower.contains("not allowed in this project") => {
            Err(ActionError::MethodNotAllowed {
                provider: P,
                method: MergeMethod::Squash,
                allowed: vec![MergeMethod::Merge],
            })
        }
        405 if lower.contains("draft") => Err(blocked(Blocker::Draft)),
        405 if lower.contains("pipeline") => Err(blocked(Blocker::RequiredChecks)),
        405 if lower.contains("approv") => Err(blocked(Blocker::RequiredReviews)),
        405 | 422 => Err(blocked(Blocker::Other)),
        406 => Err(ActionError::Conflict { provider: P }),
        409 => Err(ActionError::HeadMoved { provider: P }),
        _ => Err(
            common_failure(P, reply, call).unwrap_or(ActionError::Refused {
                provider: P,
                detail: format!("unexpected HTTP status {status}"),
            }),
        ),
    }
}
