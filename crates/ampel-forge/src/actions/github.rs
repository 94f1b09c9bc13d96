//! GitHub actions over GraphQL: one lookup (`github/pull_request.graphql`: node id,
//! state, head, the repository's merge methods and auto-merge setting, and the pull
//! request's merge machinery — auto-merge, merge queue entry, whether its base has a
//! queue, whether it is behind), then one mutation — `addPullRequestReview`
//! (APPROVE / REQUEST_CHANGES / COMMENT, pinned to the head the user saw),
//! `mergePullRequest`, `enablePullRequestAutoMerge` / `disablePullRequestAutoMerge`,
//! `enqueuePullRequest` / `dequeuePullRequest` or `updatePullRequestBranch`, each
//! write that can merge or rewrite the branch carrying `expectedHeadOid`.
//! The lookup refuses a closed PR, a moved head, a method the repository forbids,
//! a direct merge where the base requires its merge queue, auto-merge the
//! repository does not allow and what is already so, before anything is written;
//! GitHub's own refusal covers the race after it. No admin bypass is ever asked for.
//! GraphQL answers refusals with HTTP 200 and `errors` (GitHub's REST merge says 405
//! "Pull Request is not mergeable" / 409 "Head branch was modified" for the same).

use super::{
    token_settings_url, Action, ActionError, Blocker, Call, MergeMethod, Outcome, UpdateStyle,
};
use crate::error::ForgeError;
use crate::http::Auth;
use ampel_core::Provider;
use reqwest::Url;
use serde_json::{json, Value};

const P: Provider = Provider::Github;
const LOOKUP: &str = include_str!("github/pull_request.graphql");
const REVIEW: &str = include_str!("github/review.graphql");
const MERGE: &str = include_str!("github/merge.graphql");
const AUTO_MERGE: &str = include_str!("github/auto_merge.graphql");
const CANCEL_AUTO_MERGE: &str = include_str!("github/cancel_auto_merge.graphql");
const ENQUEUE: &str = include_str!("github/enqueue.graphql");
const DEQUEUE: &str = include_str!("github/dequeue.graphql");
const UPDATE_BRANCH: &str = include_str!("github/update_branch.graphql");

/// Runs `action` with two requests (lookup + mutation).
pub(super) async fn act(call: &mut Call<'_>, action: &Action) -> Result<Outcome, ActionError> {
    let (owner, name) = call.owner_name()?;
    let number = call.target.number;
    let (found, scopes) = scoped_query(
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
            let seen = unmoved(call, current)?;
            if queue_enabled(pr) {
                return Err(ActionError::QueueRequired { provider: P });
            }
            if pr["mergeable"].as_str() == Some("CONFLICTING") {
                return Err(ActionError::Conflict { provider: P });
            }
            method_allowed(repo, *method)?;
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
        Action::MergeWhenReady { method, .. } => {
            let seen = unmoved(call, current)?;
            let queue = queue_enabled(pr);
            auto_merge_possible(repo, pr, queue)?;
            if pr["viewerCanEnableAutoMerge"].as_bool() == Some(false) {
                return Err(cannot(
                    call,
                    &scopes,
                    "turn auto-merge on",
                    "viewerCanEnableAutoMerge",
                ));
            }
            if !queue {
                // With a merge queue GitHub ignores the method: the queue sets it.
                method_allowed(repo, *method)?;
            }
            let vars = json!({"id": id, "method": method_name(*method), "head": seen});
            query(call, AUTO_MERGE, vars).await?;
            let how = if queue {
                "it joins the merge queue when its rules pass".to_string()
            } else {
                format!(
                    "GitHub merges it by {} when its rules pass",
                    method.as_str()
                )
            };
            Ok(call.done(action, format!("auto-merge on for {label}: {how}")))
        }
        Action::CancelMergeWhenReady => {
            if pr["autoMergeRequest"].is_null() {
                return Err(already("auto-merge is not on for this pull request"));
            }
            if pr["viewerCanDisableAutoMerge"].as_bool() == Some(false) {
                let field = "viewerCanDisableAutoMerge";
                return Err(cannot(call, &scopes, "turn auto-merge off", field));
            }
            query(call, CANCEL_AUTO_MERGE, json!({"id": id})).await?;
            Ok(call.done(action, format!("auto-merge off for {label}")))
        }
        Action::AddToQueue { .. } => {
            let seen = unmoved(call, current)?;
            if !queue_enabled(pr) {
                return Err(ActionError::Refused {
                    provider: P,
                    detail: "the base branch has no merge queue: merge the pull request, \
                             or turn on merge when ready"
                        .to_string(),
                });
            }
            if !pr["mergeQueueEntry"].is_null() {
                return Err(already(&in_queue_words(&pr["mergeQueueEntry"])));
            }
            if pr["mergeable"].as_str() == Some("CONFLICTING") {
                return Err(ActionError::Conflict { provider: P });
            }
            draft_refused(pr)?;
            let done = query(call, ENQUEUE, json!({"id": id, "head": seen})).await?;
            let entry = &done["enqueuePullRequest"]["mergeQueueEntry"];
            Ok(call.done(
                action,
                format!(
                    "added {label} to the merge queue{} (the queue sets the merge method)",
                    position_words(entry)
                ),
            ))
        }
        Action::RemoveFromQueue => {
            if pr["mergeQueueEntry"].is_null() {
                return Err(already("the pull request is not in the merge queue"));
            }
            query(call, DEQUEUE, json!({"id": id})).await?;
            Ok(call.done(action, format!("removed {label} from the merge queue")))
        }
        Action::UpdateBranch { style } => {
            let seen = unmoved(call, current)?;
            if pr["mergeable"].as_str() == Some("CONFLICTING") {
                return Err(ActionError::Conflict { provider: P });
            }
            let behind = pr["mergeStateStatus"].as_str() == Some("BEHIND");
            // `viewerCanUpdateBranch` is false when the head is up to date (or the
            // account cannot update it); BEHIND shows only under an up-to-date rule.
            if !behind && pr["viewerCanUpdateBranch"].as_bool() != Some(true) {
                if let e @ ActionError::MissingWriteScope { .. } =
                    cannot(call, &scopes, "update the branch", "viewerCanUpdateBranch")
                {
                    return Err(e);
                }
                return Err(already(
                    "GitHub says the branch is not behind its base (or this account cannot update it)",
                ));
            }
            let method = match style {
                UpdateStyle::Merge => "MERGE",
                UpdateStyle::Rebase => "REBASE",
            };
            let vars = json!({"id": id, "method": method, "head": seen});
            let done = query(call, UPDATE_BRANCH, vars).await?;
            let new_head = done
                .pointer("/updatePullRequestBranch/pullRequest/headRefOid")
                .and_then(Value::as_str)
                .filter(|h| !h.is_empty() && *h != seen);
            // GitHub may answer before the new commit lands (REST says 202 "Updating
            // pull request branch."): the next sync shows the new head then.
            let now = match new_head {
                Some(h) => format!(
                    "; its head is now {}",
                    h.chars().take(7).collect::<String>()
                ),
                None => "; GitHub is updating it".to_string(),
            };
            Ok(call.done(
                action,
                format!(
                    "updated {label} with its base by {}{now} (checks run again)",
                    style.as_str()
                ),
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
    }
}

/// The head the user saw, refused as `head_moved` when the lookup found another.
fn unmoved(call: &Call<'_>, current: &str) -> Result<String, ActionError> {
    let seen = call.seen_head()?.to_string();
    if !current.is_empty() && current != seen {
        return Err(ActionError::HeadMoved { provider: P });
    }
    Ok(seen)
}

/// True when the base branch has a merge queue (GitHub: then it merges only
/// through it; a direct merge would need an admin bypass, which Ampel never asks for).
fn queue_enabled(pr: &Value) -> bool {
    pr["isMergeQueueEnabled"].as_bool() == Some(true)
}

/// Refuses auto-merge up front: the repository setting, already on, already in
/// the queue, a conflict or a draft, nothing to wait for (GitHub refuses
/// auto-merge on a PR in clean or unstable status).
fn auto_merge_possible(repo: &Value, pr: &Value, queue: bool) -> Result<(), ActionError> {
    if repo["autoMergeAllowed"].as_bool() == Some(false) {
        return Err(ActionError::AutoMergeNotAllowed {
            provider: P,
            detail: "the repository's \"Allow auto-merge\" setting is off".to_string(),
        });
    }
    if !pr["mergeQueueEntry"].is_null() {
        return Err(already(&in_queue_words(&pr["mergeQueueEntry"])));
    }
    if let Some(on) = pr["autoMergeRequest"].as_object() {
        let method = on
            .get("mergeMethod")
            .and_then(Value::as_str)
            .map(|m| format!(" ({})", m.to_ascii_lowercase()))
            .unwrap_or_default();
        return Err(already(&format!("auto-merge is already on{method}")));
    }
    if pr["mergeable"].as_str() == Some("CONFLICTING") {
        return Err(ActionError::Conflict { provider: P });
    }
    draft_refused(pr)?;
    let status = pr["mergeStateStatus"].as_str().unwrap_or_default();
    if !queue && matches!(status, "CLEAN" | "UNSTABLE" | "HAS_HOOKS") {
        return Err(already(
            "nothing is pending: the pull request can be merged now (GitHub turns auto-merge on \
             only while it waits for something), merge it instead",
        ));
    }
    Ok(())
}

/// A draft waits for nothing GitHub's merge machinery can wait for: it is refused
/// (mark it ready for review first).
fn draft_refused(pr: &Value) -> Result<(), ActionError> {
    if pr["isDraft"].as_bool() == Some(true) {
        return Err(ActionError::Blocked {
            provider: P,
            blocker: Blocker::Draft,
            detail: "mark it ready for review first".to_string(),
        });
    }
    Ok(())
}

fn method_allowed(repo: &Value, method: MergeMethod) -> Result<(), ActionError> {
    let allowed = allowed_methods(repo);
    if allowed.contains(&method) {
        return Ok(());
    }
    Err(ActionError::MethodNotAllowed {
        provider: P,
        method,
        allowed,
    })
}

fn already(detail: &str) -> ActionError {
    ActionError::AlreadySo {
        provider: P,
        detail: detail.to_string(),
    }
}

/// GitHub's `viewerCan…` said no without saying why: for a classic token without
/// the `repo` scope (GitHub lists its scopes in `X-OAuth-Scopes`) that is the scope
/// to add; otherwise the account lacks write access (or a fine-grained token lacks
/// `pull_requests:write`), which GitHub does not tell apart.
fn cannot(call: &Call<'_>, scopes: &Option<String>, what: &str, field: &str) -> ActionError {
    let has_repo = |list: &str| list.split(',').any(|s| s.trim() == "repo");
    if scopes.as_deref().is_some_and(|list| !has_repo(list)) {
        return ActionError::MissingWriteScope {
            provider: P,
            scope: "repo".to_string(),
            settings_url: token_settings_url(P, call.ctx),
        };
    }
    ActionError::Refused {
        provider: P,
        detail: format!(
            "GitHub does not let this account {what} on this pull request ({field} is false: \
             it needs write access to the repository, and a fine-grained token \
             pull_requests:write)"
        ),
    }
}

/// ", position N" of a `MergeQueueEntry`, when GitHub says.
fn position_words(entry: &Value) -> String {
    entry["position"]
        .as_u64()
        .map(|p| format!(", position {p}"))
        .unwrap_or_default()
}

fn in_queue_words(entry: &Value) -> String {
    format!(
        "the pull request is already in the merge queue{}",
        position_words(entry)
    )
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
    scoped_query(call, document, vars)
        .await
        .map(|(data, _)| data)
}

/// [`query`], with the classic token's scopes GitHub sent (`X-OAuth-Scopes`;
/// `None` for other tokens).
async fn scoped_query(
    call: &mut Call<'_>,
    document: &str,
    vars: Value,
) -> Result<(Value, Option<String>), ActionError> {
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
    let scopes = reply.header("x-oauth-scopes").map(str::to_string);
    Ok((v["data"].clone(), scopes))
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

/// A GraphQL error in Ampel's terms: by its `type` first (`RATE_LIMITED`,
/// `NOT_FOUND`, `FORBIDDEN`), then — GitHub answers every refused write with the
/// one type `UNPROCESSABLE` — by the exact messages GitHub sends for each refusal
/// ([`known_refusal`]); only an unknown message falls back to GitHub's wording.
fn refusal(call: &Call<'_>, kind: &str, message: &str, classic: bool) -> ActionError {
    match kind {
        "RATE_LIMITED" => return rate_limited(),
        "NOT_FOUND" => {
            return ActionError::NotFound {
                provider: P,
                what: call.label(P),
            }
        }
        "FORBIDDEN" => return scope_or_refused(call, message, classic),
        _ => {}
    }
    if let Some(known) = known_refusal(call.method, message) {
        return known;
    }
    worded_refusal(message)
}

fn rate_limited() -> ActionError {
    ActionError::Forge(ForgeError::RateLimited {
        provider: P,
        reset_at: None,
        retry_after_secs: None,
    })
}

/// GitHub's exact refusal messages (REST and GraphQL share them; GraphQL often
/// prefixes the model name, "Pull request Pull request is in clean status").
fn known_refusal(method: Option<MergeMethod>, message: &str) -> Option<ActionError> {
    let text = normalized(message);
    let blocked = |blocker| ActionError::Blocked {
        provider: P,
        blocker,
        detail: message.to_string(),
    };
    let method_refused = || ActionError::MethodNotAllowed {
        provider: P,
        method: method.unwrap_or(MergeMethod::Merge),
        allowed: Vec::new(),
    };
    Some(match text.as_str() {
        "head branch was modified. review and try the merge again"
        | "expected head sha didn't match current head ref" => {
            ActionError::HeadMoved { provider: P }
        }
        "merge conflict between base and head" => ActionError::Conflict { provider: P },
        "pull request is already merged" => closed("merged"),
        "pull request is closed" => closed("closed"),
        "pull request is not mergeable" => blocked(Blocker::Other),
        "auto merge is not allowed for this repository"
        | "auto-merge is not allowed for this repository" => ActionError::AutoMergeNotAllowed {
            provider: P,
            detail: message.to_string(),
        },
        "pull request is in clean status" | "pull request is in unstable status" => {
            already("nothing is pending: the pull request can be merged now, merge it instead")
        }
        "changes must be made through the merge queue" => {
            ActionError::QueueRequired { provider: P }
        }
        "there are no new commits on the base branch" => {
            already("the branch is not behind its base")
        }
        "merge commits are not allowed on this repository"
        | "squash merges are not allowed on this repository"
        | "rebase merges are not allowed on this repository" => method_refused(),
        t if t.starts_with("the merge strategy for ")
            && t.ends_with(" is set by the merge queue") =>
        {
            ActionError::QueueRequired { provider: P }
        }
        t if t.starts_with("at least ") && t.contains(" approving review") => {
            blocked(Blocker::RequiredReviews)
        }
        t if t.starts_with("required status check ") => blocked(Blocker::RequiredChecks),
        _ => return None,
    })
}

/// The message lower-cased, without GitHub's model prefix, a JSON-array wrapping
/// or the final full stop.
fn normalized(message: &str) -> String {
    let mut t = message.trim();
    if let Some(inner) = t.strip_prefix("[\"").and_then(|r| r.strip_suffix("\"]")) {
        t = inner;
    }
    let lower = t.trim_end_matches('.').to_ascii_lowercase();
    match lower.strip_prefix("pull request ") {
        // "Pull request Pull request is …", "Pull request Auto merge is …".
        Some(rest) if !rest.starts_with("is ") => rest.to_string(),
        _ => lower,
    }
}

/// A refusal GitHub words in a way Ampel has no exact message for (older servers,
/// new wordings): classified by its words, else passed on as GitHub said it.
fn worded_refusal(message: &str) -> ActionError {
    let lower = message.to_ascii_lowercase();
    let blocked = |blocker| ActionError::Blocked {
        provider: P,
        blocker,
        detail: message.to_string(),
    };
    if lower.contains("secondary rate limit") || lower.contains("rate limit exceeded") {
        rate_limited()
    } else if lower.contains("conflict") {
        ActionError::Conflict { provider: P }
    } else if lower.contains("approving review") || lower.contains("review is required") {
        blocked(Blocker::RequiredReviews)
    } else if lower.contains("status check") {
        blocked(Blocker::RequiredChecks)
    } else if lower.contains("draft") {
        blocked(Blocker::Draft)
    } else if lower.contains("protected branch") || lower.contains("branch protection") {
        blocked(Blocker::BranchProtection)
    } else {
        ActionError::Refused {
            provider: P,
            detail: message.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(message: &str) -> Option<&'static str> {
        known_refusal(Some(MergeMethod::Squash), message).map(|e| e.code())
    }

    #[test]
    fn githubs_exact_refusals_are_coded() {
        let cases = [
            (
                "Pull request Auto merge is not allowed for this repository",
                "auto_merge_not_allowed",
            ),
            (
                "Auto merge is not allowed for this repository",
                "auto_merge_not_allowed",
            ),
            ("Pull request Pull request is in clean status", "already_so"),
            (
                "Pull request Pull request is in unstable status",
                "already_so",
            ),
            (
                "Changes must be made through the merge queue",
                "queue_required",
            ),
            (
                "The merge strategy for main is set by the merge queue",
                "queue_required",
            ),
            ("There are no new commits on the base branch.", "already_so"),
            (
                "expected head sha didn't match current head ref.",
                "head_moved",
            ),
            (
                "Head branch was modified. Review and try the merge again.",
                "head_moved",
            ),
            ("merge conflict between base and head", "merge_conflict"),
            ("Pull Request is already merged", "already_closed"),
            ("Pull Request is not mergeable", "merge_blocked"),
            (
                "At least 2 approving reviews are required by reviewers with write access.",
                "merge_blocked",
            ),
            (
                "Squash merges are not allowed on this repository.",
                "method_not_allowed",
            ),
        ];
        for (message, want) in cases {
            assert_eq!(code(message), Some(want), "{message}");
        }
        assert_eq!(code("Something new GitHub says"), None);
        assert_eq!(
            worded_refusal("Something new GitHub says").code(),
            "refused",
            "an unknown message is passed on, never read as good"
        );
    }

    #[test]
    fn githubs_messages_normalise() {
        assert_eq!(
            normalized("Pull request Pull request is in clean status"),
            "pull request is in clean status"
        );
        assert_eq!(
            normalized("[\"Pull request Pull request is in clean status\"]"),
            "pull request is in clean status"
        );
        assert_eq!(
            normalized("Pull request Auto merge is not allowed for this repository"),
            "auto merge is not allowed for this repository"
        );
        assert_eq!(
            normalized("Pull Request is not mergeable"),
            "pull request is not mergeable"
        );
        assert_eq!(
            normalized("Head branch was modified. Review and try the merge again."),
            "head branch was modified. review and try the merge again"
        );
    }
}
