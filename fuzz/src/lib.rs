//! What the fuzz targets share: the checks every parsed pull request and every
//! followed URL must pass, and a generator of JSON shaped like the forges' answers
//! for the structure-aware target.

use ampel_core::light::{light, Light};
use ampel_core::pr::PullRequest;
use arbitrary::{Result, Unstructured};
use serde_json::{Map, Value};
use url::Url;

/// Every parsed PR has a light, and grey exactly when it is not open.
pub fn check_prs(prs: &[PullRequest]) {
    for pr in prs {
        let verdict = light(pr);
        let open = pr.state == ampel_core::pr::PrState::Open;
        assert_eq!(verdict.light == Light::Grey, !open, "{pr:?} -> {verdict:?}");
        for reason in &verdict.reasons {
            let _ = reason.to_string();
        }
        let _ = pr.checks.summary();
    }
}

/// A next page must stay on the account's origin (scheme, host and port).
pub fn assert_same_origin(next: Option<&Url>, current: &Url) {
    if let Some(next) = next {
        assert_eq!(
            next.origin(),
            current.origin(),
            "next page {next} left {current}"
        );
    }
}

/// Field names the forges' PR, pipeline, review and status JSON use.
const KEYS: &[&str] = &[
    "iid",
    "title",
    "web_url",
    "author",
    "username",
    "created_at",
    "updated_at",
    "draft",
    "work_in_progress",
    "state",
    "labels",
    "name",
    "detailed_merge_status",
    "merge_status",
    "has_conflicts",
    "references",
    "full",
    "reviewers",
    "assignees",
    "sha",
    "source_project_id",
    "target_project_id",
    "head_pipeline",
    "id",
    "status",
    "ref",
    "project_id",
    "values",
    "next",
    "source",
    "destination",
    "branch",
    "commit",
    "hash",
    "repository",
    "full_name",
    "participants",
    "user",
    "role",
    "approved",
    "uuid",
    "account_id",
    "nickname",
    "display_name",
    "links",
    "html",
    "href",
    "created_on",
    "updated_on",
    "__typename",
    "number",
    "url",
    "createdAt",
    "updatedAt",
    "isDraft",
    "login",
    "nameWithOwner",
    "nodes",
    "mergeable",
    "mergeStateStatus",
    "reviewDecision",
    "reviewRequests",
    "requestedReviewer",
    "slug",
    "latestOpinionatedReviews",
    "commits",
    "statusCheckRollup",
    "contexts",
    "conclusion",
    "context",
    "headRefOid",
    "pageInfo",
    "hasNextPage",
    "endCursor",
    "issueCount",
    "rateLimit",
    "limit",
    "remaining",
    "resetAt",
    "errors",
    "type",
    "message",
    "data",
    "search",
    "html_url",
    "merged",
    "requested_reviewers",
    "head",
    "base",
    "dismissed",
    "statuses",
    "protected",
    "required_approvals",
    "pull_request",
    "key",
    "branch_match_kind",
    "pattern",
    "value",
    "kind",
];

/// Values the forges use for states, kinds, dates and names.
const STRINGS: &[&str] = &[
    "PullRequest",
    "Issue",
    "OPEN",
    "MERGED",
    "CLOSED",
    "opened",
    "open",
    "closed",
    "merged",
    "locked",
    "CONFLICTING",
    "DIRTY",
    "MERGEABLE",
    "UNKNOWN",
    "BLOCKED",
    "BEHIND",
    "CLEAN",
    "UNSTABLE",
    "HAS_HOOKS",
    "CHANGES_REQUESTED",
    "APPROVED",
    "REVIEW_REQUIRED",
    "COMMENTED",
    "DISMISSED",
    "SUCCESS",
    "FAILURE",
    "PENDING",
    "ERROR",
    "EXPECTED",
    "COMPLETED",
    "IN_PROGRESS",
    "QUEUED",
    "TIMED_OUT",
    "ACTION_REQUIRED",
    "STARTUP_FAILURE",
    "NEUTRAL",
    "STALE",
    "CANCELLED",
    "SKIPPED",
    "CheckRun",
    "StatusContext",
    "failed",
    "success",
    "running",
    "pending",
    "created",
    "manual",
    "canceled",
    "skipped",
    "scheduled",
    "preparing",
    "waiting_for_resource",
    "mergeable",
    "conflict",
    "checking",
    "unchecked",
    "cannot_be_merged",
    "can_be_merged",
    "not_approved",
    "requested_changes",
    "draft_status",
    "ci_still_running",
    "ci_must_pass",
    "discussions_not_resolved",
    "need_rebase",
    "INPROGRESS",
    "SUCCESSFUL",
    "STOPPED",
    "FAILED",
    "DECLINED",
    "SUPERSEDED",
    "merge conflict",
    "modified",
    "REQUEST_CHANGES",
    "COMMENT",
    "REQUEST_REVIEW",
    "warning",
    "error",
    "REVIEWER",
    "PARTICIPANT",
    "changes_requested",
    "require_approvals_to_merge",
    "glob",
    "branching_model",
    "production",
    "development",
    "main",
    "release/*",
    "*",
    "2026-11-01T10:00:00Z",
    "2026-11-01T10:00:00.123+02:00",
    "2026-13-45T99:99:99Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "2026-12-10",
    "group/sub/project",
    "o/r",
    "ws/repo",
    "{fuzz-uuid}",
    "fuzz-account-id",
    "https://forge.example/o/r/pull/1",
    "refs/merge-requests/1/merge",
    "RATE_LIMITED",
    "NOT_FOUND",
    "",
];

/// Arbitrary JSON built from the forges' own field names and values, at most
/// `depth` levels deep.
pub fn value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let top = if depth == 0 { 4 } else { 7 };
    Ok(match u.int_in_range(0..=top)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => Value::from(*u.choose(STRINGS)?),
        4 => Value::from(u.arbitrary::<String>()?),
        5 => Value::from(u.arbitrary::<u32>()? % 1000),
        6 => {
            let n = u.int_in_range(0..=4)?;
            Value::Array((0..n).map(|_| value(u, depth - 1)).collect::<Result<_>>()?)
        }
        _ => object(u, depth - 1)?,
    })
}

/// A JSON object whose keys are the forges' field names.
pub fn object(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let n = u.int_in_range(0..=10)?;
    let mut map = Map::new();
    for _ in 0..n {
        map.insert((*u.choose(KEYS)?).to_string(), value(u, depth)?);
    }
    Ok(Value::Object(map))
}

/// A list of forge-shaped objects.
pub fn objects(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let n = u.int_in_range(0..=4)?;
    Ok(Value::Array(
        (0..n).map(|_| object(u, depth)).collect::<Result<_>>()?,
    ))
}
