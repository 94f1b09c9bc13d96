//! GitHub actions over GraphQL: one lookup (`github/pull_request.graphql`: node id,
//! state, head and the repository's merge methods), then one mutation —
//! `addPullRequestReview` (APPROVE / REQUEST_CHANGES / COMMENT, pinned to the head
//! the user saw) or `mergePullRequest` with `mergeMethod` and `expectedHeadOid`.
//! The lookup refuses a closed PR, a moved head or a method the repository forbids
//! before anything is written; GitHub's own refusal covers the race after it.
//! GraphQL answers refusals with HTTP 200 and `errors` (GitHub's REST merge says 405
//! "Pull Request is not mergeable" / 409 "Head branch was modified" for the same).

use super::{token_settings_url, Action, ActionError, Blocker, Call, MergeMethod, Outcome};
use crate::error::ForgeError;
use crate::http::Auth;
use ampel_core::Provider;
use reqwest::Url;
use serde_json::{json, Value};

const P: Provider = Provider::Github;
const LOOKUP: &str = include_str!("github/pull_request.graphql");
const REVIEW: &str = include_str!("github/review.graphql");
const MERGE: &str = include_str!("github/merge.graphql");

/// Runs `action` with two requests (lookup + mutation).
pub(super) async fn act(call: &mut Call<'_>, action: &Action) -> Result<Outcome, ActionError> {
    let (owner, name) = call.owner_name()?;
    let number = call.target.number;
    let found = query(
        call,
        LOOKUP,
        json!({"owner": owner, "name": name, "number": number}),
    )
    .await?;
    let repo = &found["repository"];
    let pr = &repo["pullRequest"];
    let Some(id) = pr["id"].as_str().map(str::to_string) else {
        return Err(ActionError::NotFound {
            provider: P,
            what: call.label(P),
        });
    };
    match pr["state"].as_str() {
        Some("MERGED") => return Err(closed("merged")),
        Some("CLOSED") => return Err(closed("closed")),
        _ => {}
    }
    let current = pr["headRefOid"].as_str().unwrap_or_default();
    let label = call.label(P);
    match action {
        Action::Merge { method, .. } => {
            let seen = call.seen_head()?.to_string();
            if !current.is_empty() && current != seen {
                return Err(ActionError::HeadMoved { provider: P });
            }
            if pr["mergeable"].as_str() == Some("CONFLICTING") {
                return Err(ActionError::Conflict { provider: P });
            }
            let allowed = allowed_methods(repo);
            if !allowed.contains(method) {
                return Err(ActionError::MethodNotAllowed {
                    provider: P,
                    method: *method,
                    allowed,
                });
            }
            let vars = json!({"id": id, "method": method_name(*method), "head": seen});
            let done = query(call, MERGE, vars).await?;
            let sha = done
                .pointer("/mergePullRequest/pullRequest/mergeCommit/oid")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let short: String = sha.chars().take(7).collect();
            let into = if short.is_empty() {
                String::new()
            } else {
                format!(" as {short}")
            };
            Ok(call.done(
                action,
                format!("merged {label} by {}{into}", method.as_str()),
            ))
        }
        Action::Approve { body } => {
            review(call, &id, "APPROVE", body.as_deref(), current).await?;
            Ok(call.done(action, format!("approved {label}")))
        }
        Action::RequestChanges { body } => {
            review(call, &id, "REQUEST_CHANGES", Some(body), current).await?;
            Ok(call.done(action, format!("requested changes on {label}")))
        }
        Action::Comment { body } => {
            review(call, &id, "COMMENT", Some(body), current).await?;
            Ok(call.done(action, format!("commented on {label}")))
        }
        other => Err(super::not_built(P, other)),
    }
}

fn closed(state: &str) -> ActionError {
    ActionError::AlreadyClosed {
        provider: P,
        state: state.to_string(),
    }
}

async fn review(
    call: &mut Call<'_>,
    id: &str,
    event: &str,
    body: Option<&str>,
    head: &str,
) -> Result<(), ActionError> {
    let commit = call
        .target
        .head_sha
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or(head);
    let mut vars = json!({"id": id, "event": event, "body": body});
    if !commit.is_empty() {
        vars["commit"] = json!(commit);
    }
    query(call, REVIEW, vars).await.map(|_| ())
}

/// The methods the repository allows, among those GitHub's API knows.
fn allowed_methods(repo: &Value) -> Vec<MergeMethod> {
    [
        ("mergeCommitAllowed", MergeMethod::Merge),
        ("squashMergeAllowed", MergeMethod::Squash),
        ("rebaseMergeAllowed", MergeMethod::Rebase),
    ]
    .into_iter()
    .filter(|(field, _)| repo[*field].as_bool().unwrap_or(true))
    .map(|(_, m)| m)
    .collect()
}

fn method_name(m: MergeMethod) -> &'static str {
    match m {
        MergeMethod::Squash => "SQUASH",
        MergeMethod::Rebase => "REBASE",
        _ => "MERGE",
    }
}

fn graphql_url(call: &Call<'_>) -> Result<Url, ActionError> {
    let ep = &call.ctx.endpoints;
    ep.graphql
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
        .ok_or_else(|| {
            ActionError::Forge(ForgeError::BadBaseUrl {
                input: ep.api.chars().take(120).collect(),
                detail: "no GitHub GraphQL endpoint is known for this base URL".to_string(),
            })
        })
}

/// One GraphQL request (sent once: mutations must not repeat), its `data` or the
/// refusal its `errors` describe.
async fn query(call: &mut Call<'_>, document: &str, vars: Value) -> Result<Value, ActionError> {
    let url = graphql_url(call)?;
    let body = json!({"query": document, "variables": vars});
    call.requests += 1;
    let reply = call
        .http
        .write(
            reqwest::Method::POST,
            &url,
            Auth::Bearer(call.token),
            Some(&body),
        )
        .await?;
    let status = reply.status.as_u16();
    let classic = reply.header("x-oauth-scopes").is_some();
    if status == 401 {
        return Err(
            super::error::common_failure(P, &reply, call).unwrap_or(ActionError::Forge(
                ForgeError::InvalidToken {
                    provider: P,
                    detail: "Bad credentials".to_string(),
                },
            )),
        );
    }
    if status == 403 {
        if let Some(e) = crate::common::generic_failure(P, &reply, time::OffsetDateTime::now_utc())
            .filter(|e| e.code() == "rate_limited")
        {
            return Err(ActionError::Forge(e));
        }
        let msg = crate::common::forge_message(&reply, call.token);
        return Err(scope_or_refused(call, &msg, classic));
    }
    if let Some(e) = super::error::common_failure(P, &reply, call) {
        return Err(e);
    }
    let v: Value = crate::common::parse_json(P, &reply)?;
    if let Some(errors) = v["errors"].as_array().filter(|e| !e.is_empty()) {
        let first = &errors[0];
        let message =
            crate::common::redact(first["message"].as_str().unwrap_or_default(), call.token);
        let kind = first["type"].as_str().unwrap_or_default();
        return Err(refusal(call, kind, &message, classic));
    }
    Ok(v["data"].clone())
}

fn scope_or_refused(call: &Call<'_>, message: &str, classic: bool) -> ActionError {
    let lower = message.to_ascii_lowercase();
    if lower.contains("not accessible") || lower.contains("scope") || lower.contains("permission") {
        return ActionError::MissingWriteScope {
            provider: P,
            scope: if classic {
                "repo"
            } else {
                "pull_requests:write"
            }
            .to_string(),
            settings_url: token_settings_url(P, call.ctx),
        };
    }
    ActionError::Refused {
        provider: P,
        detail: message.to_string(),
    }
}

/// A GraphQL error in Ampel's terms, by its `type` and GitHub's wording.
fn refusal(call: &Call<'_>, kind: &str, message: &str, classic: bool) -> ActionError {
    let lower = message.to_ascii_lowercase();
    let blocked = |blocker| ActionError::Blocked {
        provider: P,
        blocker,
        detail: message.to_string(),
    };
    if kind == "RATE_LIMITED" || lower.contains("rate limit") {
        return ActionError::Forge(ForgeError::RateLimited {
            provider: P,
            reset_at: None,
            retry_after_secs: None,
        });
    }
    if kind == "NOT_FOUND" {
        return ActionError::NotFound {
            provider: P,
            what: call.label(P),
        };
    }
    if kind == "FORBIDDEN" {
        return scope_or_refused(call, message, classic);
    }
    if lower.contains("head branch was modified") || lower.contains("expected head") {
        ActionError::HeadMoved { provider: P }
    } else if lower.contains("conflict") {
        ActionError::Conflict { provider: P }
    } else if lower.contains("already merged") {
        closed("merged")
    } else if lower.contains("is closed") {
        closed("closed")
    } else if lower.contains("approving review") || lower.contains("review is required") {
        blocked(Blocker::RequiredReviews)
    } else if lower.contains("status check") {
        blocked(Blocker::RequiredChecks)
    } else if lower.contains("draft") {
        blocked(Blocker::Draft)
    } else if lower.contains("protected branch") || lower.contains("branch protection") {
        blocked(Blocker::BranchProtection)
    } else if lower.contains("not allowed on this repository") {
        ActionError::Refused {
            provider: P,
            detail: message.to_string(),
        }
    } else if lower.contains("not mergeable") {
        blocked(Blocker::Other)
    } else {
        ActionError::Refused {
            provider: P,
            detail: message.to_string(),
        }
    }
}
