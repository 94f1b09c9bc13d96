//! GitLab's merge-when-ready actions (issue 28): auto-merge, merge trains and rebase,
//! kept apart from the review and merge actions of `gitlab.rs`.
//!
//! From gitlab-org/gitlab (`lib/api/merge_requests.rb`, `ee/lib/api/merge_trains.rb`,
//! `app/services/auto_merge/*`):
//! - **Merge when ready**: `PUT …/merge` with `auto_merge` (GitLab 17) and
//!   `merge_when_pipeline_succeeds` (older servers; newer ones take either), `sha`,
//!   `squash`, `should_remove_source_branch`. A head pipeline that succeeded merges at
//!   once (the answer says `state: merged`); otherwise "merge when checks pass" is set
//!   (`merge_when_pipeline_succeeds: true`). It is refused with 405 when nothing is
//!   pending (no pipeline running and mergeable: GitLab offers a plain merge there) or
//!   the MR cannot merge at all (conflicts, closed): one read of the MR says which.
//! - **Cancel**: `POST …/cancel_merge_when_pipeline_succeeds`; 406 when auto-merge is
//!   not on (`already_so`), 405 when the MR is not open.
//! - **Merge trains**: a project with `merge_trains_enabled` (read from `GET
//!   /projects/:id` before a merge) merges through its train only; a direct `PUT
//!   /merge` there is GitLab's "merge immediately", which skips the train, so Ampel
//!   refuses it (`queue_required`) before anything is written. Add to train: `GET
//!   …/merge_trains/merge_requests/:iid` (200: already on it; 403: no trains on this
//!   project, nothing sent), then `POST` the same path with `sha`, `squash`,
//!   `auto_merge: true`: 201 on the train (the cars, newest first, give its position),
//!   202 set to join when its pipeline succeeds. Remove: the same read (404: not on
//!   it), then the cancel endpoint (GitLab 16.0: "Remove from merge train" became
//!   "Cancel auto-merge").
//! - **Update branch** (rebase only): one read of the MR (`include_rebase_in_progress`,
//!   `include_diverged_commits_count`) checks the head the user saw and that it is
//!   behind, then `PUT …/rebase` (202 `rebase_in_progress: true`; 403 not allowed;
//!   409 already running), then up to [`REBASE_POLLS`] reads until
//!   `rebase_in_progress` is false; a `merge_error` then is a failed rebase.

use super::{diagnose, expect_success, message_is, rule_of, send, P};
use crate::actions::{Action, ActionError, Call, MergeMethod, Outcome};
use crate::http::{Auth, Reply};
use ampel_core::forge_status::gitlab::{merge_status, MergeStatus};
use ampel_core::pr::MergeState;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

/// Reads of the MR while a rebase runs before Ampel stops waiting (it goes on).
pub(super) const REBASE_POLLS: u32 = 8;

/// GitLab's refusal of a rebase of a conflicting MR (`MergeRequests::RebaseService`).
const REBASE_CONFLICTS: &str =
    "403 Forbidden - This merge request cannot be rebased while there are conflicts.";

/// The pause between rebase polls: short against a forge on this machine (the fake
/// forge in tests), a second otherwise; at most [`REBASE_POLLS`] of them.
fn poll_delay(call: &Call<'_>) -> Duration {
    let local = call
        .ctx
        .endpoints
        .api_url("")
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .is_some_and(|h| h == "127.0.0.1" || h == "localhost" || h == "[::1]");
    Duration::from_millis(if local { 20 } else { 1000 })
}

fn body(reply: &Reply) -> Value {
    serde_json::from_slice(&reply.body).unwrap_or_default()
}

/// GETs `segments` under the API with `query`.
async fn read(
    call: &mut Call<'_>,
    segments: &[&str],
    query: &[(&str, &str)],
) -> Result<Reply, ActionError> {
    let url = call.ctx.endpoints.api_path(segments, query)?;
    call.requests += 1;
    Ok(call.http.get(&url, Auth::Bearer(call.token), &[]).await?)
}

/// True when the project merges through a merge train (`merge_trains_enabled`,
/// GitLab Premium; absent elsewhere).
pub(super) async fn uses_trains(call: &mut Call<'_>) -> Result<bool, ActionError> {
    let repo = call.target.repo.clone();
    let reply = read(call, &["projects", &repo], &[]).await?;
    expect_success(call, &reply)?;
    Ok(body(&reply)["merge_trains_enabled"].as_bool() == Some(true))
}

/// Merge when ready: see the module docs.
pub(super) async fn merge_when_ready(
    call: &mut Call<'_>,
    action: &Action,
    method: MergeMethod,
    delete_branch: bool,
) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    if uses_trains(call).await? {
        return Err(ActionError::QueueRequired { provider: P });
    }
    let sha = call.seen_head()?.to_string();
    let squash = method == MergeMethod::Squash;
    let reply = send(
        call,
        Method::PUT,
        "merge",
        json!({
            "sha": sha,
            "squash": squash,
            "should_remove_source_branch": delete_branch,
            "auto_merge": true,
            "merge_when_pipeline_succeeds": true,
        }),
    )
    .await?;
    match reply.status.as_u16() {
        405 | 406 | 422 if message_is(&reply, super::SQUASH_REFUSED) => {
            return Err(ActionError::MethodNotAllowed {
                provider: P,
                method: MergeMethod::Squash,
                allowed: vec![MergeMethod::Merge],
            })
        }
        405 => return Err(nothing_pending(call, &reply).await),
        406 | 422 => return Err(diagnose(call, &reply).await),
        _ => expect_success(call, &reply)?,
    }
    let mr = body(&reply);
    if mr["state"].as_str() == Some("merged") {
        return Ok(call.done(
            action,
            format!(
                "merged {label} by {} at once: its pipeline had succeeded",
                method.as_str()
            ),
        ));
    }
    if mr["merge_when_pipeline_succeeds"].as_bool() != Some(true) {
        return Err(ActionError::Refused {
            provider: P,
            detail: "GitLab answered without setting auto-merge".to_string(),
        });
    }
    Ok(call.done(
        action,
        format!(
            "auto-merge on for {label} ({}): GitLab merges it when its checks pass",
            method.as_str()
        ),
    ))
}

/// GitLab's 405 to auto-merge: the MR cannot merge at all (closed, conflicts, a
/// rule — named by [`diagnose`]), or nothing is pending and it can merge now.
async fn nothing_pending(call: &mut Call<'_>, refusal: &Reply) -> ActionError {
    let said = crate::common::forge_message(refusal, call.token);
    let repo = call.target.repo.clone();
    let iid = call.target.number.to_string();
    let mr = match read(call, &["projects", &repo, "merge_requests", &iid], &[]).await {
        Ok(r) if r.status.is_success() => body(&r),
        Ok(_) => Value::Null,
        Err(e) => return e,
    };
    let open = mr["state"].as_str() == Some("opened");
    let mergeable = status_of(&mr).is_some_and(|s| {
        s.merge == MergeState::Mergeable && s.hint.is_none() && s.blocker.is_none()
    }) && mr["has_conflicts"].as_bool() != Some(true);
    if open && mergeable {
        return ActionError::AlreadySo {
            provider: P,
            detail: "nothing is pending, so GitLab offers no auto-merge: it can be merged now"
                .to_string(),
        };
    }
    rule_of(&mr, said)
}

/// Cancel auto-merge (also takes the MR off its merge train).
pub(super) async fn cancel(
    call: &mut Call<'_>,
    action: &Action,
    done: &str,
) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    let reply = send(
        call,
        Method::POST,
        "cancel_merge_when_pipeline_succeeds",
        json!({}),
    )
    .await?;
    let v = body(&reply);
    // `AutoMergeService#cancel` returns an error hash GitLab may render with a 2xx.
    let refused_in_body = v["status"].as_str() == Some("error");
    let status = if refused_in_body {
        v["http_status"].as_u64().unwrap_or(406) as u16
    } else {
        reply.status.as_u16()
    };
    match status {
        406 => Err(ActionError::AlreadySo {
            provider: P,
            detail: format!("auto-merge is not on for {label}"),
        }),
        405 => Err(diagnose(call, &reply).await),
        _ if refused_in_body => Err(ActionError::Refused {
            provider: P,
            detail: crate::common::forge_message(&reply, call.token),
        }),
        _ => {
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("{done} {label}")))
        }
    }
}

/// The MR's car on its merge train (`Some`), none (`None`), or the refusal: 403 is
/// a project without merge trains.
async fn car(call: &mut Call<'_>) -> Result<Option<Value>, ActionError> {
    let repo = call.target.repo.clone();
    let iid = call.target.number.to_string();
    let reply = read(
        call,
        &["projects", &repo, "merge_trains", "merge_requests", &iid],
        &[],
    )
    .await?;
    match reply.status.as_u16() {
        200 => Ok(Some(body(&reply))),
        404 => Ok(None),
        403 if !scope_refusal(&reply) => Err(ActionError::ActionNotOffered {
            provider: P,
            action: "merge train".to_string(),
            why: "this project does not use merge trains (GitLab Premium, turned on in the \
                  project's merge request settings)"
                .to_string(),
        }),
        _ => {
            expect_success(call, &reply)?;
            Ok(None)
        }
    }
}

fn scope_refusal(reply: &Reply) -> bool {
    body(reply)["error"].as_str() == Some("insufficient_scope")
}

/// Adds the MR to its merge train.
pub(super) async fn add_to_train(
    call: &mut Call<'_>,
    action: &Action,
    method: MergeMethod,
) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    if car(call).await?.is_some() {
        return Err(ActionError::AlreadySo {
            provider: P,
            detail: format!("{label} is already on its merge train"),
        });
    }
    let sha = call.seen_head()?.to_string();
    let repo = call.target.repo.clone();
    let iid = call.target.number.to_string();
    let url = call.ctx.endpoints.api_path(
        &["projects", &repo, "merge_trains", "merge_requests", &iid],
        &[],
    )?;
    call.requests += 1;
    let reply = call
        .http
        .write(
            Method::POST,
            &url,
            Auth::Bearer(call.token),
            Some(&json!({
                "sha": sha,
                "squash": method == MergeMethod::Squash,
                "auto_merge": true,
            })),
        )
        .await?;
    match reply.status.as_u16() {
        201 => {
            let cars = body(&reply);
            let list = cars.as_array().cloned().unwrap_or_default();
            // Newest first (GitLab's default `sort=desc`): the last is next to merge.
            let position = list
                .iter()
                .position(|c| c["merge_request"]["iid"].as_u64() == Some(call.target.number.into()))
                .map(|i| list.len() - i);
            let at = position.map_or(String::new(), |p| format!(", position {p}"));
            Ok(call.done(action, format!("added {label} to the merge train{at}")))
        }
        202 => Ok(call.done(
            action,
            format!("{label} joins the merge train when its pipeline succeeds"),
        )),
        403 if !scope_refusal(&reply) => Err(ActionError::ActionNotOffered {
            provider: P,
            action: "merge train".to_string(),
            why: "this project does not use merge trains".to_string(),
        }),
        409 => Err(ActionError::HeadMoved { provider: P }),
        400 => Err(diagnose(call, &reply).await),
        _ => {
            expect_success(call, &reply)?;
            Ok(call.done(action, format!("added {label} to the merge train")))
        }
    }
}

/// Takes the MR off its merge train.
pub(super) async fn remove_from_train(
    call: &mut Call<'_>,
    action: &Action,
) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    if car(call).await?.is_none() {
        return Err(ActionError::AlreadySo {
            provider: P,
            detail: format!(
                "{label} is not on a merge train (if auto-merge is set to join one, cancel auto-merge)"
            ),
        });
    }
    cancel(call, action, "removed from the merge train:").await
}

/// Rebases the MR onto its target branch and waits (boundedly) for GitLab to finish.
pub(super) async fn rebase(call: &mut Call<'_>, action: &Action) -> Result<Outcome, ActionError> {
    let label = call.label(P);
    let seen = call.seen_head()?.to_string();
    let mr = read_mr(call).await?;
    if let Some(s @ ("merged" | "closed")) = mr["state"].as_str() {
        return Err(ActionError::AlreadyClosed {
            provider: P,
            state: s.to_string(),
        });
    }
    if mr["sha"].as_str().is_some_and(|s| s != seen) {
        return Err(ActionError::HeadMoved { provider: P });
    }
    if mr["rebase_in_progress"].as_bool() == Some(true) {
        return Err(ActionError::AlreadySo {
            provider: P,
            detail: format!("a rebase of {label} is already in progress"),
        });
    }
    let up_to_date = mr["diverged_commits_count"].as_u64() == Some(0)
        && status_of(&mr).is_none_or(|s| s.merge != MergeState::Behind);
    if up_to_date {
        return Err(ActionError::AlreadySo {
            provider: P,
            detail: format!("{label} is not behind its target branch"),
        });
    }
    let reply = send(call, Method::PUT, "rebase", json!({})).await?;
    match reply.status.as_u16() {
        403 if message_is(&reply, REBASE_CONFLICTS) => {
            return Err(ActionError::Conflict { provider: P })
        }
        409 => {
            return Err(ActionError::AlreadySo {
                provider: P,
                detail: format!("a rebase of {label} is already in progress"),
            })
        }
        _ => expect_success(call, &reply)?,
    }
    let delay = poll_delay(call);
    for _ in 0..REBASE_POLLS {
        tokio::time::sleep(delay).await;
        let mr = read_mr(call).await?;
        if mr["rebase_in_progress"].as_bool() == Some(true) {
            continue;
        }
        if let Some(e) = mr["merge_error"].as_str().filter(|e| !e.trim().is_empty()) {
            return Err(ActionError::Refused {
                provider: P,
                detail: format!(
                    "the rebase failed: {}",
                    crate::common::redact(e, call.token)
                ),
            });
        }
        return Ok(call.done(action, format!("rebased {label} onto its target branch")));
    }
    Ok(call.done(
        action,
        format!("rebase of {label} started; GitLab is still running it"),
    ))
}

/// The MR's `detailed_merge_status` through the dashboard's table.
fn status_of(mr: &Value) -> Option<MergeStatus> {
    mr["detailed_merge_status"].as_str().map(merge_status)
}

/// The single MR with `rebase_in_progress` and `diverged_commits_count`.
async fn read_mr(call: &mut Call<'_>) -> Result<Value, ActionError> {
    let repo = call.target.repo.clone();
    let iid = call.target.number.to_string();
    let reply = read(
        call,
        &["projects", &repo, "merge_requests", &iid],
        &[
            ("include_rebase_in_progress", "true"),
            ("include_diverged_commits_count", "true"),
        ],
    )
    .await?;
    expect_success(call, &reply)?;
    Ok(body(&reply))
}
