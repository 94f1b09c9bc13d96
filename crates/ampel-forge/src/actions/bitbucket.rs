//! Bitbucket Cloud actions (`/2.0/repositories/{workspace}/{slug}/pullrequests/{id}/…`,
//! shapes from the OpenAPI description): `POST /approve`, `POST /request-changes`
//! (plus `POST /comments` when a text is given), `POST /comments` with
//! `{"type": "pullrequest_comment", "content": {"raw": …}}` (a refused comment after
//! changes were requested is reported as partly done), and `POST /merge?async=true` with
//! `{"type": "pullrequest_merge_parameters", "merge_strategy", "close_source_branch"}`.
//! The merge API takes no head commit, so the PR is read first and a moved source
//! commit refuses the merge before it is sent; a 202 answer is followed through its
//! `Location` task-status link until `SUCCESS` or a failure.
//! Refusals: 401 token, 403 missing `pullrequest:write` (the error names the scope),
//! 400 merge checks / conflict / already merged, 409 refs changed while merging,
//! 555 the merge timed out (not retried: the user decides).

use super::error::common_failure;
use super::{token_settings_url, Action, ActionError, Blocker, Call, MergeMethod, Outcome};
use crate::http::{Auth, Reply};
use ampel_core::Provider;
use reqwest::{Method, Url};
use serde_json::{json, Value};
use std::time::Duration;

const P: Provider = Provider::Bitbucket;

/// Task-status polls before giving up on an asynchronous merge.
const MAX_POLLS: u32 = 30;

/// Runs `action`.
pub(super) async fn act(call: &mut Call<'_>, action: &Action) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    match action {
        Action::Approve { .. } => {
            let reply = send(call, Method::POST, &["approve"], &[], None).await?;
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("approved {label}")))
        }
        Action::RequestChanges { body } => {
            let reply = send(call, Method::POST, &["request-changes"], &[], None).await?;
            expect_success(call, &reply)?;
            let done = format!("requested changes on {label}");
            if !body.trim().is_empty() {
                comment(call, body)
                    .await
                    .map_err(|e| super::partly_done(P, &done, "the comment", e))?;
            }
            Ok(call.done(action, done))
        }
        Action::Comment { body } => {
            comment(call, body).await?;
            Ok(call.done(action, format!("commented on {label}")))
        }
        Action::Merge {
            method,
            delete_branch,
        } => {
            merge(call, *method, *delete_branch).await?;
            Ok(call.done(action, format!("merged {label} by {}", method.as_str())))
        }
        // Bitbucket Cloud's published API has none of these (`offers`).
        other => Err(ActionError::ActionNotOffered {
            provider: P,
            action: other.words().to_string(),
            why: String::new(),
        }),
    }
}

async fn comment(call: &mut Call<'_>, body: &str) -> Result<(), ActionError> {
    // `pullrequest_comment` requires `type` (the Bitbucket Cloud OpenAPI description).
    let content = json!({"type": "pullrequest_comment", "content": {"raw": body}});
    let reply = send(call, Method::POST, &["comments"], &[], Some(content)).await?;
    expect_success(call, &reply)
}

async fn merge(call: &mut Call<'_>, method: MergeMethod, delete: bool) -> Result<(), ActionError> {
    let seen = call.seen_head()?.to_string();
    let reply = send(call, Method::GET, &[], &[], None).await?;
    expect_success(call, &reply)?;
    let pr: Value = crate::common::parse_json(P, &reply)?;
    match pr["state"].as_str() {
        Some("MERGED") => return Err(closed("merged")),
        Some("DECLINED") | Some("SUPERSEDED") => return Err(closed("closed")),
        _ => {}
    }
    // Bitbucket shows 12-character hashes in PRs; either side may be the short one.
    let current = pr
        .pointer("/source/commit/hash")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let same = current.is_empty() || seen.starts_with(current) || current.starts_with(&seen);
    if !same {
        return Err(ActionError::HeadMoved { provider: P });
    }
    let body = json!({
        "type": "pullrequest_merge_parameters",
        "merge_strategy": strategy(method),
        "close_source_branch": delete,
    });
    let reply = send(
        call,
        Method::POST,
        &["merge"],
        &[("async", "true")],
        Some(body),
    )
    .await?;
    if reply.status.as_u16() != 202 {
        return expect_success(call, &reply);
    }
    let Some(task) = reply
        .header("location")
        .and_then(|l| reply.url.join(l).ok())
    else {
        return Err(ActionError::Refused {
            provider: P,
            detail: "the merge was queued but Bitbucket gave no task-status link".to_string(),
        });
    };
    follow_task(call, &task).await
}

/// Polls the merge task (same origin only: the token is never sent elsewhere).
async fn follow_task(call: &mut Call<'_>, task: &Url) -> Result<(), ActionError> {
    let api = call.ctx.endpoints.api_url("")?;
    if task.origin() != api.origin() {
        return Err(ActionError::Refused {
            provider: P,
            detail: "the merge task link points to another host; check the PR on Bitbucket"
                .to_string(),
        });
    }
    for _ in 0..MAX_POLLS {
        call.requests += 1;
        let reply = call.http.get(task, auth(call), &[]).await?;
        expect_success(call, &reply)?;
        let v: Value = crate::common::parse_json(P, &reply)?;
        match v["task_status"].as_str() {
            Some("SUCCESS") => return Ok(()),
            Some("PENDING") | None => tokio::time::sleep(Duration::from_millis(500)).await,
            Some(other) => {
                return Err(ActionError::Refused {
                    provider: P,
                    detail: format!("the merge task ended as {other}"),
                })
            }
        }
    }
    Err(ActionError::Refused {
        provider: P,
        detail: "the merge is still running on Bitbucket; refresh later to see it".to_string(),
    })
}

fn strategy(m: MergeMethod) -> &'static str {
    match m {
        MergeMethod::Merge => "merge_commit",
        MergeMethod::Squash => "squash",
        MergeMethod::Rebase => "rebase_fast_forward",
        MergeMethod::RebaseMerge => "rebase_merge",
        MergeMethod::FastForward => "fast_forward",
    }
}

fn closed(state: &str) -> ActionError {
    ActionError::AlreadyClosed {
        provider: P,
        state: state.to_string(),
    }
}

fn auth<'a>(call: &'a Call<'_>) -> Auth<'a> {
    match call.ctx.username.as_deref() {
        Some(u) => Auth::Basic(u, call.token),
        None => Auth::Bearer(call.token),
    }
}

async fn send(
    call: &mut Call<'_>,
    method: Method,
    tail: &[&str],
    query: &[(&str, &str)],
    body: Option<Value>,
) -> Result<Reply, ActionError> {
    let (workspace, slug) = call.owner_name()?;
    let number = call.target.number.to_string();
    let mut segments = vec!["repositories", workspace, slug, "pullrequests", &number];
    segments.extend_from_slice(tail);
    let url = call.ctx.endpoints.api_path(&segments, query)?;
    call.requests += 1;
    let reply = if method == Method::GET {
        call.http
            .get(&url, auth(call), &[("accept", "application/json")])
            .await?
    } else {
        call.http
            .write(method, &url, auth(call), body.as_ref())
            .await?
    };
    Ok(reply)
}

/// 2xx, or the refusal in Ampel's terms.
fn expect_success(call: &Call<'_>, reply: &Reply) -> Result<(), ActionError> {
    let status = reply.status.as_u16();
    if reply.status.is_success() {
        return Ok(());
    }
    let v: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
    let message = crate::common::forge_message(reply, call.token);
    let lower = message.to_ascii_lowercase();
    match status {
        403 => {
            let required = v
                .pointer("/error/detail/required")
                .and_then(Value::as_array)
                .and_then(|r| r.first())
                .and_then(Value::as_str);
            if required.is_some() || lower.contains("scope") {
                let scope = match (required, call.ctx.username.is_some()) {
                    (Some(s), _) => s.to_string(),
                    (None, true) => "write:pullrequest:bitbucket".to_string(),
                    (None, false) => "pullrequest:write".to_string(),
                };
                return Err(ActionError::MissingWriteScope {
                    provider: P,
                    scope,
                    settings_url: token_settings_url(P, call.ctx),
                });
            }
            Err(ActionError::Refused {
                provider: P,
                detail: message,
            })
        }
        400 if lower.contains("already merged") || lower.contains("is merged") => {
            Err(closed("merged"))
        }
        400 if lower.contains("merge strategy") => Err(ActionError::MethodNotAllowed {
            provider: P,
            method: call.method.unwrap_or(MergeMethod::Merge),
            allowed: Vec::new(),
        }),
        400 if lower.contains("conflict") => Err(ActionError::Conflict { provider: P }),
        400 if lower.contains("approv") => Err(ActionError::Blocked {
            provider: P,
            blocker: Blocker::RequiredReviews,
            detail: message,
        }),
        400 if lower.contains("build") => Err(ActionError::Blocked {
            provider: P,
            blocker: Blocker::RequiredChecks,
            detail: message,
        }),
        400 if lower.contains("merge check") || lower.contains("branch") => {
            Err(ActionError::Blocked {
                provider: P,
                blocker: Blocker::BranchProtection,
                detail: message,
            })
        }
        400 => Err(ActionError::Refused {
            provider: P,
            detail: message,
        }),
        409 => Err(ActionError::HeadMoved { provider: P }),
        555 => Err(ActionError::Refused {
            provider: P,
            detail: "the merge timed out on Bitbucket (HTTP 555); refresh to see whether it \
                     went through before trying again"
                .to_string(),
        }),
        _ => Err(
            common_failure(P, reply, call).unwrap_or(ActionError::Refused {
                provider: P,
                detail: format!("unexpected HTTP status {status}"),
            }),
        ),
    }
}
