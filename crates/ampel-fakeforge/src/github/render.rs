//! A fake PR rendered as GitHub's GraphQL `PullRequest` for the dashboard query's
//! fields, with the enum values GitHub really sends. Checks whose name contains a
//! `/` (`ci/jenkins`) are commit statuses (`StatusContext`), the others check runs.

use crate::automerge;
use crate::prs::FakePr;
use crate::reply::rfc3339;
use crate::state::State;
use ampel_core::pr::{CheckState, MergeState, Review, ReviewDecision, ReviewVote};
use serde_json::{json, Value};

/// The web host of the fake GitHub (as in `GET /user`).
const HOST: &str = "https://github.example.com";

/// The `PullRequest` node.
pub(crate) fn pull_request(pr: &FakePr) -> Value {
    json!({
        "__typename": "PullRequest",
        "number": pr.number,
        "title": pr.title,
        "url": pr.sent_url.clone().unwrap_or_else(|| format!("{HOST}/{}/pull/{}", pr.repo, pr.number)),
        "createdAt": rfc3339(pr.created_at),
        "updatedAt": rfc3339(pr.updated_at),
        "isDraft": pr.draft,
        "headRefOid": super::actions::head_oid(pr),
        "headRefName": format!("change-{}", pr.number),
        "baseRefName": "main",
        "state": state_name(pr),
        "author": author(&pr.author),
        "repository": { "nameWithOwner": pr.repo },
        "labels": nodes(pr.labels.iter().map(|l| json!({ "name": l }))),
        "mergeable": mergeable(pr.merge),
        "mergeStateStatus": pr.merge_status.clone().unwrap_or_else(|| merge_state_status(pr).to_string()),
        "reviewDecision": review_decision(pr),
        "reviewRequests": nodes(
            pr.requested_reviewers
                .iter()
                .map(|r| review_request(r))
                .chain(pr.requested_teams.iter().map(|t| {
                    json!({ "requestedReviewer": { "__typename": "Team", "slug": t.name } })
                })),
        ),
        "assignees": nodes(pr.assignees.iter().map(|a| json!({ "login": a }))),
        "latestOpinionatedReviews": nodes(latest_opinions(pr).into_iter().map(|(who, vote)| {
            json!({ "author": { "login": who }, "state": vote })
        })),
        "latestReviews": nodes(latest_reviews(pr)),
        "reviewThreads": nodes((0..pr.unresolved_threads).map(|_| json!({ "isResolved": false }))),
        "commits": nodes([json!({ "commit": { "statusCheckRollup": rollup(pr) } })]),
    })
}

/// The `PullRequest` node as a listing sees it: [`pull_request`] with its merge
/// machinery — `isMergeQueueEnabled`, `autoMergeRequest` (null while queued: the
/// queue entry stands for it) and `mergeQueueEntry { id position state }`.
pub(crate) fn listed(s: &State, pr: &FakePr) -> Value {
    let mut v = pull_request(pr);
    v["isMergeQueueEnabled"] = json!(automerge::queue_required(s, pr));
    v["autoMergeRequest"] = auto_merge_request(pr);
    v["mergeQueueEntry"] = queue_entry(s, pr);
    v
}

/// `AutoMergeRequest { mergeMethod enabledBy { login } }`, null when off or queued.
pub(crate) fn auto_merge_request(pr: &FakePr) -> Value {
    match (&pr.auto_merge, pr.queued) {
        (Some(a), None) => json!({
            "mergeMethod": a.method.to_ascii_uppercase(),
            "enabledBy": { "login": a.by },
        }),
        _ => Value::Null,
    }
}

/// `MergeQueueEntry { id position state }`, null when not queued. The state is
/// AWAITING_CHECKS while a check runs, UNMERGEABLE when one failed, else QUEUED.
pub(crate) fn queue_entry(s: &State, pr: &FakePr) -> Value {
    let (Some(seq), Some(position)) = (pr.queued, automerge::queue_position(s, pr)) else {
        return Value::Null;
    };
    let checks = || pr.checks.iter().map(|(_, c)| *c);
    let state = if checks().any(CheckState::is_failing) {
        "UNMERGEABLE"
    } else if checks().any(CheckState::is_in_progress) {
        "AWAITING_CHECKS"
    } else {
        "QUEUED"
    };
    json!({ "id": format!("MQE_{seq}"), "position": position, "state": state })
}

fn nodes(items: impl IntoIterator<Item = Value>) -> Value {
    json!({ "nodes": items.into_iter().collect::<Vec<_>>() })
}

/// `PullRequestState`: OPEN, MERGED or CLOSED.
pub(crate) fn state_name(pr: &FakePr) -> &'static str {
    match pr.state {
        ampel_core::pr::PrState::Open => "OPEN",
        ampel_core::pr::PrState::Merged => "MERGED",
        _ => "CLOSED",
    }
}

fn mergeable(m: MergeState) -> &'static str {
    match m {
        MergeState::Conflict => "CONFLICTING",
        MergeState::Computing | MergeState::Unknown => "UNKNOWN",
        MergeState::Mergeable | MergeState::Behind | MergeState::Blocked => "MERGEABLE",
    }
}

/// GitHub's `mergeStateStatus`: conflicts and computing first, then behind its
/// base, draft, then the branch rules (a required check that has not passed
/// blocks), then the other checks.
pub(crate) fn merge_state_status(pr: &FakePr) -> &'static str {
    match pr.merge {
        MergeState::Conflict => return "DIRTY",
        MergeState::Computing | MergeState::Unknown => return "UNKNOWN",
        MergeState::Behind => return "BEHIND",
        MergeState::Blocked => return "BLOCKED",
        MergeState::Mergeable => {}
    }
    if pr.behind {
        return "BEHIND";
    }
    let required_pending = pr.checks.iter().any(|(name, state)| {
        pr.required_checks.contains(name)
            && !matches!(
                state,
                CheckState::Success | CheckState::Skipped | CheckState::Neutral
            )
    });
    let review_blocks = matches!(
        review_decision(pr),
        Some("REVIEW_REQUIRED" | "CHANGES_REQUESTED")
    );
    if pr.draft {
        "DRAFT"
    } else if review_blocks
        || pr.unresolved_threads > 0
        || required_pending
        || !missing_required(pr).is_empty()
    {
        "BLOCKED"
    } else if pr.checks.iter().any(|(_, s)| *s != CheckState::Success) {
        "UNSTABLE"
    } else {
        "CLEAN"
    }
}

/// Null when no approval is required (no review policy), as GitHub does.
fn review_decision(pr: &FakePr) -> Option<&'static str> {
    if pr.approvals_required == 0 {
        return None;
    }
    let votes = pr.votes();
    let review = Review::from_votes(votes, Some(pr.approvals_required));
    Some(match review.decision {
        Some(ReviewDecision::ChangesRequested) => "CHANGES_REQUESTED",
        Some(ReviewDecision::Approved) | None => "APPROVED",
        Some(ReviewDecision::ReviewRequired) => "REVIEW_REQUIRED",
    })
}

/// A team is written `org/slug`; anyone else is a user.
fn review_request(who: &str) -> Value {
    let reviewer = match who.split_once('/') {
        Some((_, slug)) => json!({ "__typename": "Team", "slug": slug }),
        None => json!({ "__typename": "User", "login": who }),
    };
    json!({ "requestedReviewer": reviewer })
}

/// Each reviewer's latest approve / request-changes / dismissed review.
fn latest_opinions(pr: &FakePr) -> Vec<(String, &'static str)> {
    let mut latest: Vec<(String, &'static str)> = Vec::new();
    for (who, vote) in pr.votes() {
        let state = match vote {
            ReviewVote::Approved => "APPROVED",
            ReviewVote::ChangesRequested => "CHANGES_REQUESTED",
            ReviewVote::Dismissed => "DISMISSED",
            ReviewVote::Commented | ReviewVote::NoOpinion => continue,
        };
        match latest.iter_mut().find(|(w, _)| w == who) {
            Some(entry) => entry.1 = state,
            None => latest.push((who.to_string(), state)),
        }
    }
    latest
}

/// `latestReviews`: each reviewer's latest submitted review (any state, pending
/// ones are never stored), with the commit it was made on and when.
fn latest_reviews(pr: &FakePr) -> Vec<Value> {
    pr.latest_reviews()
        .into_iter()
        .filter_map(|r| {
            let state = match r.vote {
                ReviewVote::Approved => "APPROVED",
                ReviewVote::ChangesRequested => "CHANGES_REQUESTED",
                ReviewVote::Commented => "COMMENTED",
                ReviewVote::Dismissed => "DISMISSED",
                ReviewVote::NoOpinion => return None,
            };
            let reviewed = FakePr {
                updated_at: r.head_at,
                ..pr.clone()
            };
            Some(json!({
                "author": { "login": r.by },
                "state": state,
                "submittedAt": rfc3339(r.at),
                "commit": { "oid": super::actions::head_oid(&reviewed) },
            }))
        })
        .collect()
}

/// Required checks with no run on the head.
fn missing_required(pr: &FakePr) -> Vec<&String> {
    pr.required_checks
        .iter()
        .filter(|name| !pr.checks.iter().any(|(n, _)| n == *name))
        .collect()
}

/// Null without checks; else the rolled-up state (`EXPECTED` while a required check
/// has not reported and nothing failed or runs) and every context.
fn rollup(pr: &FakePr) -> Value {
    if pr.checks.is_empty() && pr.required_checks.is_empty() {
        return Value::Null;
    }
    let states = || pr.checks.iter().map(|(_, s)| *s);
    let state = if states().any(CheckState::is_failing) {
        "FAILURE"
    } else if states().any(CheckState::is_in_progress) {
        "PENDING"
    } else if !missing_required(pr).is_empty() {
        "EXPECTED"
    } else {
        "SUCCESS"
    };
    json!({
        "state": state,
        "contexts": nodes(pr.checks.iter().map(|(name, s)| context(pr, name, *s))),
    })
}

/// A check's page: `{HOST}/{repo}/pull/{number}/checks?name={name}`.
fn check_url(pr: &FakePr, name: &str) -> String {
    if let Some(url) = &pr.sent_check_url {
        return url.clone();
    }
    format!("{HOST}/{}/pull/{}/checks?name={name}", pr.repo, pr.number)
}

fn context(pr: &FakePr, name: &str, state: CheckState) -> Value {
    let url = check_url(pr, name);
    if name.contains('/') {
        return json!({ "__typename": "StatusContext", "context": name, "state": status_state(state), "targetUrl": url });
    }
    let (status, conclusion) = check_run(state);
    json!({ "__typename": "CheckRun", "name": name, "status": status, "conclusion": conclusion, "detailsUrl": url })
}

/// `CheckStatusState` and `CheckConclusionState` (null until completed).
fn check_run(state: CheckState) -> (&'static str, Option<&'static str>) {
    let done = |c| ("COMPLETED", Some(c));
    match state {
        CheckState::Pending => ("QUEUED", None),
        // GitHub's nearest: a job waiting for a deployment approval.
        CheckState::Manual => ("WAITING", None),
        CheckState::Running => ("IN_PROGRESS", None),
        CheckState::Success => done("SUCCESS"),
        CheckState::Failure | CheckState::Error => done("FAILURE"),
        CheckState::TimedOut => done("TIMED_OUT"),
        CheckState::ActionRequired => done("ACTION_REQUIRED"),
        CheckState::StartupFailure => done("STARTUP_FAILURE"),
        CheckState::Cancelled => done("CANCELLED"),
        CheckState::Skipped => done("SKIPPED"),
        CheckState::Neutral => done("NEUTRAL"),
        CheckState::Stale => done("STALE"),
        // Stands for a conclusion newer than Ampel's table.
        CheckState::Unknown => done("UNKNOWN_TO_AMPEL"),
    }
}

/// `StatusState` of a commit status: statuses know only these four.
fn status_state(state: CheckState) -> &'static str {
    if state == CheckState::Error {
        "ERROR"
    } else if state.is_failing() {
        "FAILURE"
    } else if state.is_in_progress() {
        "PENDING"
    } else {
        "SUCCESS"
    }
}

/// A PR's author as GitHub's GraphQL answers it: an app ("dependabot[bot]" in REST)
/// is a `Bot` whose login has no "[bot]" suffix; anyone else a `User`.
fn author(login: &str) -> serde_json::Value {
    match login.strip_suffix("[bot]") {
        Some(app) => json!({ "__typename": "Bot", "login": app }),
        None => json!({ "__typename": "User", "login": login }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ampel_core::Provider;

    #[test]
    fn enums_are_githubs() {
        let pr = FakePr::new(Provider::Github, "o/r", 1, "t", "a")
            .check("build", CheckState::Failure)
            .check("ci/lint", CheckState::Running)
            .review("bob", ReviewVote::Approved)
            .review("bob", ReviewVote::Commented)
            .request_review("org/core")
            .approvals_required(2);
        let v = pull_request(&pr);
        assert_eq!(v["mergeable"], "MERGEABLE");
        assert_eq!(v["mergeStateStatus"], "BLOCKED");
        assert_eq!(v["reviewDecision"], "REVIEW_REQUIRED");
        assert_eq!(
            v["latestOpinionatedReviews"]["nodes"][0]["state"],
            "APPROVED"
        );
        assert_eq!(
            v["reviewRequests"]["nodes"][0]["requestedReviewer"]["slug"],
            "core"
        );
        let rollup = &v["commits"]["nodes"][0]["commit"]["statusCheckRollup"];
        assert_eq!(rollup["state"], "FAILURE");
        assert_eq!(rollup["contexts"]["nodes"][0]["conclusion"], "FAILURE");
        assert_eq!(rollup["contexts"]["nodes"][1]["state"], "PENDING");
        let latest = &v["latestReviews"]["nodes"];
        assert_eq!(latest[0]["state"], "COMMENTED", "bob's latest review");
        assert_eq!(latest[0]["commit"]["oid"], v["headRefOid"]);
    }

    #[test]
    fn team_requests_are_team_nodes() {
        let pr = FakePr::new(Provider::Github, "o/r", 1, "t", "a")
            .request_review("me")
            .request_team("core", &["me"]);
        let v = pull_request(&pr);
        let asked = &v["reviewRequests"]["nodes"];
        assert_eq!(asked[0]["requestedReviewer"]["__typename"], "User");
        assert_eq!(asked[1]["requestedReviewer"]["__typename"], "Team");
        assert_eq!(asked[1]["requestedReviewer"]["slug"], "core");
    }

    #[test]
    fn no_checks_and_no_policy_are_null() {
        let pr = FakePr::new(Provider::Github, "o/r", 1, "t", "a").draft();
        let v = pull_request(&pr);
        assert!(v["reviewDecision"].is_null());
        assert!(v["commits"]["nodes"][0]["commit"]["statusCheckRollup"].is_null());
        assert_eq!(v["mergeStateStatus"], "DRAFT");
    }
}
