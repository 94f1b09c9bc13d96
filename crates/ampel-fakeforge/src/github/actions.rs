//! GitHub's GraphQL write side for Ampel's documents: the PR lookup
//! (`repository { pullRequest(number:) }` with the merge settings, `autoMergeAllowed`,
//! `mergeStateStatus`, `isMergeQueueEnabled`, `autoMergeRequest`, `mergeQueueEntry`
//! and the `viewerCan…` answers), the `addPullRequestReview` and `mergePullRequest`
//! mutations (the merge-when-ready ones are in `automation.rs`) and the ended read
//! (`AmpelEnded`), refusing as GitHub does
//! with HTTP 200 and typed `errors`: FORBIDDEN "Resource not accessible by personal
//! access token" (no `repo` / `pull_requests:write`), NOT_FOUND, UNPROCESSABLE
//! "Pull Request is not mergeable", "Head branch was modified. Review and try the
//! merge again.", "At least 1 approving review is required…", "Required status
//! check … is failing.", "Merge commits are not allowed on this repository.",
//! "Can not approve your own pull request".

use crate::actions::{self, fake_sha, Refusal};
use crate::automerge;
use crate::prs::FakePr;
use crate::reply;
use crate::state::Shared;
use crate::token::{FakeToken, TokenKind};
use ampel_core::pr::{PrState, ReviewVote};
use ampel_core::Provider;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Value};

const P: Provider = Provider::Github;

/// The fake head commit of `pr`: changes with every push (`updated_at`).
pub(crate) fn head_oid(pr: &FakePr) -> String {
    fake_sha(&format!(
        "{}#{}@{}",
        pr.repo,
        pr.number,
        pr.updated_at.unix_timestamp_nanos()
    ))
}

/// The node id of `pr` (`PR_` + base64 of `repo#number`).
fn node_id(pr: &FakePr) -> String {
    let raw = format!("{}#{}", pr.repo, pr.number);
    format!(
        "PR_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw)
    )
}

fn from_node_id(state: &Shared, id: &str) -> Option<FakePr> {
    let raw = id.strip_prefix("PR_")?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(raw)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (repo, number) = text.rsplit_once('#')?;
    actions::find(state, P, repo, number.parse().ok()?)
}

/// The answer to an action document, or `None` for other queries (the dashboard search).
pub(super) fn answer(
    state: &Shared,
    headers: &HeaderMap,
    query: &str,
    vars: &Value,
) -> Option<Response> {
    let token = super::token_for(state, headers)?;
    if query.contains("query AmpelEnded") {
        return Some(ended(state, vars));
    }
    let mutations: [(&str, Mutation); 5] = [
        ("enablePullRequestAutoMerge", super::automation::enable),
        ("disablePullRequestAutoMerge", super::automation::disable),
        ("enqueuePullRequest", super::automation::enqueue),
        ("dequeuePullRequest", super::automation::dequeue),
        ("updatePullRequestBranch", super::automation::update_branch),
    ];
    for (field, handler) in mutations {
        if query.contains(field) {
            return Some(write(
                state,
                &token,
                field,
                |pr| handler(state, &token, pr, vars),
                vars,
            ));
        }
    }
    if query.contains("addPullRequestReview") {
        return Some(write(
            state,
            &token,
            "addPullRequestReview",
            |pr| review(state, &token, pr, vars),
            vars,
        ));
    }
    if query.contains("mergePullRequest") {
        return Some(write(
            state,
            &token,
            "mergePullRequest",
            |pr| merge(state, pr, vars),
            vars,
        ));
    }
    if query.contains("pullRequest(number") {
        return Some(lookup(state, &token, vars));
    }
    None
}

fn data(v: Value) -> Response {
    reply::json(StatusCode::OK, json!({"data": v}), &[])
}

fn error(field: &str, kind: &str, message: &str) -> Response {
    reply::json(
        StatusCode::OK,
        json!({
            "data": {field: null},
            "errors": [{"type": kind, "path": [field], "locations": [{"line": 2, "column": 3}], "message": message}],
        }),
        &[],
    )
}

fn can_write(t: &FakeToken) -> bool {
    match t.kind {
        TokenKind::GithubClassic => t.has_any_scope(&["repo"]),
        _ => t.scopes.is_empty() || t.has_any_scope(&["pull_requests:write"]),
    }
}

fn write(
    state: &Shared,
    token: &FakeToken,
    field: &str,
    act: impl FnOnce(&FakePr) -> Result<Value, (&'static str, String)>,
    vars: &Value,
) -> Response {
    let Some(pr) = vars["id"].as_str().and_then(|id| from_node_id(state, id)) else {
        return error(
            field,
            "NOT_FOUND",
            "Could not resolve to a node with the global id.",
        );
    };
    if !can_write(token) {
        let mut r = error(
            field,
            "FORBIDDEN",
            "Resource not accessible by personal access token",
        );
        if token.kind == TokenKind::GithubClassic {
            if let Ok(v) = token.scopes.join(", ").parse() {
                r.headers_mut().insert("x-oauth-scopes", v);
            }
        }
        return r;
    }
    match act(&pr) {
        Ok(v) => data(json!({ field: v })),
        Err((kind, message)) => error(field, kind, &message),
    }
}

/// A write handler: the PR found by its node id, the answer's field value or a
/// typed error.
type Mutation = fn(&Shared, &FakeToken, &FakePr, &Value) -> Outcome;

/// `AmpelEnded`: slot `pN` (when `$uN`) is `repository { pullRequest { state } }`
/// of `$oN/$nN#$kN`; a PR the fake does not have is null with a NOT_FOUND error,
/// as GitHub answers.
fn ended(state: &Shared, vars: &Value) -> Response {
    let mut data = serde_json::Map::new();
    let mut errors = Vec::new();
    for i in 0..10 {
        if vars[format!("u{i}")].as_bool() != Some(true) {
            continue;
        }
        let repo = format!(
            "{}/{}",
            vars[format!("o{i}")].as_str().unwrap_or_default(),
            vars[format!("n{i}")].as_str().unwrap_or_default()
        );
        let number = vars[format!("k{i}")].as_u64().unwrap_or_default();
        let alias = format!("p{i}");
        match actions::find(state, P, &repo, number) {
            Some(pr) => {
                data.insert(
                    alias,
                    json!({"pullRequest": {"state": super::render::state_name(&pr)}}),
                );
            }
            None => {
                data.insert(alias.clone(), json!({"pullRequest": null}));
                errors.push(json!({"type": "NOT_FOUND", "path": [alias, "pullRequest"],
                    "message": format!("Could not resolve to a PullRequest with the number of {number}.")}));
            }
        }
    }
    let mut body = json!({ "data": data });
    if !errors.is_empty() {
        body["errors"] = json!(errors);
    }
    reply::json(StatusCode::OK, body, &[])
}

fn lookup(state: &Shared, token: &FakeToken, vars: &Value) -> Response {
    let repo = format!(
        "{}/{}",
        vars["owner"].as_str().unwrap_or_default(),
        vars["name"].as_str().unwrap_or_default()
    );
    let number = vars["number"].as_u64().unwrap_or_default();
    let Some(pr) = actions::find(state, P, &repo, number) else {
        return reply::json(
            StatusCode::OK,
            json!({
                "data": {"repository": {"mergeCommitAllowed": true, "squashMergeAllowed": true, "rebaseMergeAllowed": true, "pullRequest": null}},
                "errors": [{"type": "NOT_FOUND", "path": ["repository", "pullRequest"],
                            "message": format!("Could not resolve to a PullRequest with the number of {number}.")}],
            }),
            &[],
        );
    };
    let allowed = |m: &str| actions::method_allowed(state, &pr, m);
    let auto_allowed = automerge::auto_merge_allowed(state, &pr);
    let (queue, auto_merge, entry) = crate::state::with(state, |s| {
        (
            automerge::queue_required(s, &pr),
            super::render::auto_merge_request(&pr),
            super::render::queue_entry(s, &pr),
        )
    });
    let status = super::render::merge_state_status(&pr);
    let open = pr.state == PrState::Open;
    let writer = can_write(token);
    let mut answer = data(json!({
        "repository": {
            "mergeCommitAllowed": allowed("merge"),
            "squashMergeAllowed": allowed("squash"),
            "rebaseMergeAllowed": allowed("rebase"),
            "autoMergeAllowed": auto_allowed,
            "pullRequest": {
                "mergeStateStatus": status,
                "isMergeQueueEnabled": queue,
                "viewerCanEnableAutoMerge": writer && open && !pr.draft && auto_allowed && auto_merge.is_null()
                    && entry.is_null() && (queue || !matches!(status, "CLEAN" | "UNSTABLE" | "HAS_HOOKS")),
                "viewerCanDisableAutoMerge": writer && open && !auto_merge.is_null(),
                "viewerCanUpdateBranch": writer && open && pr.behind,
                "autoMergeRequest": auto_merge,
                "mergeQueueEntry": entry,
                "id": node_id(&pr),
                "state": match pr.state { PrState::Merged => "MERGED", PrState::Closed => "CLOSED", _ => "OPEN" },
                "headRefOid": head_oid(&pr),
                "isDraft": pr.draft,
                "mergeable": match pr.merge {
                    ampel_core::pr::MergeState::Conflict => "CONFLICTING",
                    ampel_core::pr::MergeState::Computing => "UNKNOWN",
                    _ => "MERGEABLE",
                },
            }
        }
    }));
    // GitHub names a classic token's scopes on every answer.
    if token.kind == TokenKind::GithubClassic {
        if let Ok(v) = token.scopes.join(", ").parse() {
            answer.headers_mut().insert("x-oauth-scopes", v);
        }
    }
    answer
}

pub(super) type Outcome = Result<Value, (&'static str, String)>;

pub(super) fn unprocessable(message: &str) -> (&'static str, String) {
    ("UNPROCESSABLE", message.to_string())
}

fn review(state: &Shared, token: &FakeToken, pr: &FakePr, vars: &Value) -> Outcome {
    let body = vars["body"].as_str().unwrap_or_default();
    let (vote, state_name) = match vars["event"].as_str() {
        Some("APPROVE") => (ReviewVote::Approved, "APPROVED"),
        Some("REQUEST_CHANGES") => (ReviewVote::ChangesRequested, "CHANGES_REQUESTED"),
        Some("COMMENT") => (ReviewVote::Commented, "COMMENTED"),
        _ => {
            return Err(unprocessable(
                "Variable $event of type PullRequestReviewEvent! was provided invalid value",
            ))
        }
    };
    if pr.state != PrState::Open {
        return Err(unprocessable(
            "Can not add a review to a closed pull request",
        ));
    }
    let login = &token.user.login;
    if vote != ReviewVote::Commented && pr.authored_by(login) {
        let what = if vote == ReviewVote::Approved {
            "approve"
        } else {
            "request changes on"
        };
        return Err(unprocessable(&format!(
            "Review Can not {what} your own pull request"
        )));
    }
    if vote != ReviewVote::Approved && body.trim().is_empty() {
        return Err(unprocessable("Review body is required"));
    }
    actions::review(state, pr, login, vote, body);
    Ok(json!({"pullRequestReview": {"state": state_name}}))
}

fn merge(state: &Shared, pr: &FakePr, vars: &Value) -> Outcome {
    let method = match vars["method"].as_str() {
        Some("SQUASH") => "squash",
        Some("REBASE") => "rebase",
        _ => "merge",
    };
    let current = head_oid(pr);
    let refusal = actions::merge_refusal(state, pr, vars["head"].as_str(), &current, method);
    // A base branch that requires its merge queue refuses a direct merge (REST:
    // 405 "Changes must be made through the merge queue"); only an admin bypass
    // would pass, and the fake has none.
    let queue = crate::state::with(state, |s| automerge::queue_required(s, pr));
    if queue && !matches!(refusal, Some(Refusal::Merged | Refusal::Closed)) {
        return Err(unprocessable(
            "Changes must be made through the merge queue",
        ));
    }
    match refusal {
        Some(Refusal::Merged) => Err(unprocessable("Pull Request is already merged")),
        Some(Refusal::Closed) => Err(unprocessable("Pull Request is closed")),
        Some(Refusal::HeadMoved) => Err(unprocessable(
            "Head branch was modified. Review and try the merge again.",
        )),
        Some(Refusal::Method) => Err(unprocessable(match method {
            "squash" => "Squash merges are not allowed on this repository.",
            "rebase" => "Rebase merges are not allowed on this repository.",
            _ => "Merge commits are not allowed on this repository.",
        })),
        Some(Refusal::Conflict) | Some(Refusal::Draft) | Some(Refusal::Protected) => {
            Err(unprocessable("Pull Request is not mergeable"))
        }
        Some(Refusal::Reviews { required }) => Err(unprocessable(&format!(
            "At least {required} approving review is required by reviewers with write access."
        ))),
        Some(Refusal::Checks { failing }) => Err(unprocessable(&format!(
            "Required status check \"{failing}\" is failing."
        ))),
        None => {
            actions::merge(state, pr, method, false);
            Ok(
                json!({"pullRequest": {"state": "MERGED", "mergeCommit": {"oid": fake_sha(&format!("{current}:merged"))}}}),
            )
        }
    }
}
