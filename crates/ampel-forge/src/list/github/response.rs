//! The JSON GitHub returns for `dashboard.graphql`, read leniently (every field the
//! schema allows to be null is optional), and its mapping to the forge-neutral
//! [`PullRequest`] through `ampel_core::forge_status::github`.

use crate::validation::RateLimit;
use ampel_core::automation::{AutoMerge, Automation, QueueEntry, QueueState};
use ampel_core::forge_status::github as gh;
use ampel_core::pr::{
    Blocker, Branches, Check, Checks, MergeState, PullRequest, ReviewFacts, ReviewMark,
};
use ampel_core::Provider;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The whole answer: `data` and/or `errors`.
#[derive(Debug, Deserialize)]
pub(super) struct Envelope {
    pub data: Option<Data>,
    pub errors: Option<Vec<GqlError>>,
}

/// One GraphQL error. GitHub adds a `type` (`RATE_LIMITED`, `NOT_FOUND`, `FORBIDDEN`…).
#[derive(Debug, Deserialize)]
pub(super) struct GqlError {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub message: Option<String>,
}

impl GqlError {
    /// GitHub's GraphQL limits answered with HTTP 200: the primary one has
    /// `type: RATE_LIMITED`; the secondary one is known only by its message.
    pub fn is_rate_limited(&self) -> bool {
        let secondary = self
            .message
            .as_deref()
            .is_some_and(|m| m.to_ascii_lowercase().contains("secondary rate limit"));
        self.kind.as_deref() == Some("RATE_LIMITED") || secondary
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Data {
    pub rate_limit: Option<RateLimitNode>,
    /// The token's user: "me" of the turn rule.
    pub viewer: Option<Login>,
    pub search: Option<SearchNode>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RateLimitNode {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset_at: Option<String>,
}

impl RateLimitNode {
    /// The budget in Ampel's terms.
    pub fn budget(&self) -> RateLimit {
        RateLimit {
            limit: self.limit,
            remaining: self.remaining,
            reset_at: self.reset_at.as_deref().and_then(timestamp),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SearchNode {
    /// Every hit of the query, also past the 1,000 that search returns.
    pub issue_count: Option<u64>,
    pub page_info: Option<PageInfo>,
    nodes: Option<Vec<Option<PrNode>>>,
}

impl SearchNode {
    /// The cursor of the next page, when there is one.
    pub fn next_cursor(&self) -> Option<String> {
        let info = self.page_info.as_ref()?;
        if info.has_next_page {
            info.end_cursor.clone()
        } else {
            None
        }
    }

    /// The pull requests of this page (other search hits and null nodes skipped),
    /// with their review facts as `viewer` reads them.
    pub fn pull_requests(&self, account_id: &str, viewer: &str) -> Vec<PullRequest> {
        self.nodes
            .iter()
            .flatten()
            .flatten()
            .filter_map(|n| n.to_pr(account_id, viewer))
            .collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PageInfo {
    #[serde(default)]
    has_next_page: bool,
    end_cursor: Option<String>,
}

/// A connection's `nodes`, each of which may be null.
#[derive(Debug, Deserialize)]
struct Conn<T> {
    nodes: Option<Vec<Option<T>>>,
}

/// The non-null nodes of an optional connection.
fn items<T>(c: &Option<Conn<T>>) -> impl Iterator<Item = &T> {
    c.iter().flat_map(|c| c.nodes.iter().flatten().flatten())
}

#[derive(Debug, Deserialize)]
pub(super) struct Login {
    pub login: Option<String>,
    /// The actor's type where the query asks (`Bot` for apps such as dependabot).
    #[serde(default, rename = "__typename")]
    pub typename: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Repository {
    name_with_owner: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Label {
    name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReviewRequest {
    requested_reviewer: Option<Reviewer>,
}

/// A `RequestedReviewer` union member: a User (`login`), a Team (`slug`), or a
/// Bot / Mannequin we did not ask about.
#[derive(Debug, Deserialize)]
struct Reviewer {
    login: Option<String>,
    slug: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ReviewNode {
    author: Option<Login>,
    state: Option<String>,
}

/// One of `latestReviews`: each reviewer's latest non-pending review, with the
/// commit it was made on (`commit.oid`) and when it was submitted.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct LatestReview {
    author: Option<Login>,
    state: Option<String>,
    submitted_at: Option<String>,
    commit: Option<Oid>,
}

#[derive(Debug, Deserialize)]
struct Oid {
    oid: Option<String>,
}

/// A review thread; only whether it is resolved is read.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Thread {
    #[serde(default)]
    is_resolved: bool,
}

#[derive(Debug, Deserialize)]
struct CommitNode {
    commit: Option<Commit>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Commit {
    status_check_rollup: Option<Rollup>,
}

#[derive(Debug, Deserialize)]
struct Rollup {
    state: Option<String>,
    contexts: Option<Conn<Context>>,
}

impl Rollup {
    /// `StatusState.EXPECTED`: a required context has not reported yet.
    fn expected(&self) -> bool {
        self.state
            .as_deref()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("expected"))
    }
}

/// A `StatusCheckRollupContext`: a CheckRun (`name`, `status`, `conclusion`) or a
/// StatusContext (`context`, `state`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Context {
    #[serde(rename = "__typename")]
    typename: Option<String>,
    name: Option<String>,
    status: Option<String>,
    conclusion: Option<String>,
    context: Option<String>,
    state: Option<String>,
    /// A CheckRun's page.
    details_url: Option<String>,
    /// A StatusContext's page.
    target_url: Option<String>,
}

/// A search hit; only `PullRequest` hits carry the fields.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PrNode {
    #[serde(rename = "__typename")]
    typename: Option<String>,
    number: Option<u64>,
    title: Option<String>,
    url: Option<String>,
    created_at: Option<String>,
    updated_at: Option<String>,
    #[serde(default)]
    is_draft: bool,
    state: Option<String>,
    author: Option<Login>,
    repository: Option<Repository>,
    labels: Option<Conn<Label>>,
    mergeable: Option<String>,
    merge_state_status: Option<String>,
    review_decision: Option<String>,
    review_requests: Option<Conn<ReviewRequest>>,
    assignees: Option<Conn<Login>>,
    latest_opinionated_reviews: Option<Conn<ReviewNode>>,
    latest_reviews: Option<Conn<LatestReview>>,
    commits: Option<Conn<CommitNode>>,
    review_threads: Option<Conn<Thread>>,
    head_ref_oid: Option<String>,
    head_ref_name: Option<String>,
    base_ref_name: Option<String>,
    /// The base branch has a merge queue (then merges go only through it).
    #[serde(default)]
    is_merge_queue_enabled: bool,
    auto_merge_request: Option<AutoMergeRequest>,
    merge_queue_entry: Option<QueueEntryNode>,
}

/// `AutoMergeRequest`: the method and who turned it on.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AutoMergeRequest {
    merge_method: Option<String>,
    enabled_by: Option<Login>,
}

/// `MergeQueueEntry`: its 1-based position and `MergeQueueEntryState`.
#[derive(Debug, Deserialize)]
struct QueueEntryNode {
    position: Option<u64>,
    state: Option<String>,
}

/// `PullRequestMergeMethod` in Ampel's words; a value Ampel does not know is
/// shown as GitHub sent it.
fn merge_method_name(value: &str) -> String {
    match value {
        "MERGE" => "merge".to_string(),
        "SQUASH" => "squash".to_string(),
        "REBASE" => "rebase".to_string(),
        other => other.to_ascii_lowercase(),
    }
}

fn timestamp(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

impl PrNode {
    /// The neutral PR, or `None` for a hit that is not a pull request.
    fn to_pr(&self, account_id: &str, viewer: &str) -> Option<PullRequest> {
        if self.typename.as_deref() != Some("PullRequest") {
            return None;
        }
        let repo = self.repository.as_ref()?.name_with_owner.clone()?;
        // A missing date should not hide the PR; "now" is the least surprising age.
        let created = self
            .created_at
            .as_deref()
            .and_then(timestamp)
            .unwrap_or_else(OffsetDateTime::now_utc);
        let mut pr = PullRequest::open(Provider::Github, account_id, repo, self.number?, created);
        if let Some(title) = &self.title {
            pr.title.clone_from(title);
        }
        pr.url = self.url.clone().unwrap_or_default();
        pr.author = self
            .author
            .as_ref()
            .and_then(|a| a.login.clone())
            .unwrap_or_default();
        // GitHub names an app's account without its "[bot]" suffix and types it Bot.
        pr.author_bot = self
            .author
            .as_ref()
            .is_some_and(|a| a.typename.as_deref() == Some("Bot"));
        pr.updated_at = self
            .updated_at
            .as_deref()
            .and_then(timestamp)
            .unwrap_or(created);
        pr.draft = self.is_draft;
        pr.head_sha.clone_from(&self.head_ref_oid);
        pr.state = gh::pr_state(self.state.as_deref().unwrap_or_default());
        pr.labels = items(&self.labels).filter_map(|l| l.name.clone()).collect();
        let (merge, blocker) = gh::merge_state(
            self.mergeable.as_deref().unwrap_or_default(),
            self.merge_state_status.as_deref().unwrap_or_default(),
        );
        pr.merge = merge;
        pr.blockers.extend(blocker);
        if merge == MergeState::Blocked && items(&self.review_threads).any(|t| !t.is_resolved) {
            pr.blockers.push(Blocker::UnresolvedThreads);
        }
        pr.review = self.review();
        pr.checks = self.checks();
        // `EXPECTED`: a required check has not reported on the head (nothing runs for it).
        if pr.checks.combined.is_none() && self.rollup().is_some_and(|r| r.expected()) {
            pr.blockers.push(Blocker::RequiredCheckMissing);
        }
        pr.check_urls = self.check_urls();
        if let (Some(source), Some(target)) = (&self.head_ref_name, &self.base_ref_name) {
            pr.branches = Some(Branches {
                source: source.clone(),
                target: target.clone(),
            });
        }
        pr.requested_reviewers = self.requested_reviewers();
        pr.assignees = items(&self.assignees)
            .filter_map(|a| a.login.clone())
            .collect();
        pr.reviewing = Some(self.review_facts(viewer));
        pr.automation = self.automation();
        Some(pr)
    }

    /// Auto-merge, the merge queue entry and whether the base requires its queue,
    /// as GitHub reports them (an unknown entry state stays `Unknown`).
    fn automation(&self) -> Automation {
        Automation {
            auto_merge: self.auto_merge_request.as_ref().map(|a| AutoMerge {
                method: a.merge_method.as_deref().map(merge_method_name),
                by: a.enabled_by.as_ref().and_then(|b| b.login.clone()),
            }),
            queue: self.merge_queue_entry.as_ref().map(|q| QueueEntry {
                position: q.position.and_then(|p| u32::try_from(p).ok()),
                state: QueueState::from_github(q.state.as_deref().unwrap_or_default()),
            }),
            queue_required: self.is_merge_queue_enabled,
            rebasing: false,
        }
    }

    /// Who is asked (User requests by login, Team requests by slug) and each
    /// reviewer's latest review with its commit and time (`DISMISSED` included).
    /// GitHub tells no push time: the reviewed commit against `headRefOid` says
    /// whether the head moved since.
    fn review_facts(&self, viewer: &str) -> ReviewFacts {
        let mut facts = ReviewFacts {
            viewer: viewer.to_string(),
            ..ReviewFacts::default()
        };
        for who in items(&self.review_requests).filter_map(|r| r.requested_reviewer.as_ref()) {
            match (&who.login, &who.slug) {
                (Some(login), _) => facts.requested_users.push(login.clone()),
                (None, Some(slug)) => facts.requested_teams.push(slug.clone()),
                (None, None) => {}
            }
        }
        facts.reviews = items(&self.latest_reviews)
            .filter_map(|r| {
                Some(ReviewMark {
                    by: r.author.as_ref()?.login.clone()?,
                    vote: gh::review_vote(r.state.as_deref().unwrap_or_default()),
                    commit: r.commit.as_ref().and_then(|c| c.oid.clone()),
                    at: r.submitted_at.as_deref().and_then(timestamp),
                    stale: false,
                })
            })
            .collect();
        facts
    }

    fn review(&self) -> ampel_core::pr::Review {
        let votes: Vec<(&str, &str)> = items(&self.latest_opinionated_reviews)
            .filter_map(|r| {
                let who = r.author.as_ref()?.login.as_deref()?;
                Some((who, r.state.as_deref()?))
            })
            .collect();
        gh::review(self.review_decision.as_deref(), votes)
    }

    fn requested_reviewers(&self) -> Vec<String> {
        items(&self.review_requests)
            .filter_map(|r| {
                let who = r.requested_reviewer.as_ref()?;
                who.login.clone().or_else(|| who.slug.clone())
            })
            .collect()
    }

    /// Each check's page (CheckRun `detailsUrl`, StatusContext `targetUrl`) by name.
    fn check_urls(&self) -> std::collections::BTreeMap<String, String> {
        items(&self.commits)
            .filter_map(|c| c.commit.as_ref()?.status_check_rollup.as_ref())
            .take(1)
            .flat_map(|rollup| items(&rollup.contexts))
            .filter_map(|c| {
                let name = c.name.clone().or_else(|| c.context.clone())?;
                let url = c.details_url.clone().or_else(|| c.target_url.clone())?;
                Some((name, url)).filter(|(_, u)| !u.is_empty())
            })
            .collect()
    }

    /// The head commit's rollup: its state as `combined`, its contexts as `runs`.
    /// No rollup means no checks.
    fn checks(&self) -> Checks {
        let Some(rollup) = self.rollup() else {
            return Checks::default();
        };
        Checks {
            runs: items(&rollup.contexts)
                .filter_map(Context::to_check)
                .collect(),
            combined: rollup
                .state
                .as_deref()
                .filter(|_| !rollup.expected())
                .map(gh::status_state),
        }
    }

    /// The head commit's check rollup, when it has one.
    fn rollup(&self) -> Option<&Rollup> {
        items(&self.commits)
            .filter_map(|c| c.commit.as_ref()?.status_check_rollup.as_ref())
            .next()
    }
}

impl Context {
    fn to_check(&self) -> Option<Check> {
        match self.typename.as_deref() {
            Some("CheckRun") => Some(Check {
                name: self.name.clone()?,
                state: gh::check_state(
                    self.status.as_deref().unwrap_or_default(),
                    self.conclusion.as_deref(),
                ),
            }),
            Some("StatusContext") => Some(Check {
                name: self.context.clone()?,
                state: gh::status_state(self.state.as_deref().unwrap_or_default()),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ampel_core::pr::{CheckState, PrState, ReviewDecision};

    const PAGE: &str = r#"{"data": {"search": {"pageInfo": {"hasNextPage": true, "endCursor": "Y3Vyc29yOjE="},
      "nodes": [
        {"__typename": "Issue"},
        null,
        {"__typename": "PullRequest", "number": 7, "title": "T", "url": "https://github.com/o/r/pull/7",
         "createdAt": "2026-11-01T10:00:00Z", "updatedAt": "2026-11-02T10:00:00Z", "isDraft": false,
         "state": "OPEN", "author": null, "repository": {"nameWithOwner": "o/r"},
         "headRefName": "fix-login", "baseRefName": "main",
         "labels": {"nodes": [{"name": "bug"}]}, "mergeable": "CONFLICTING", "mergeStateStatus": "DIRTY",
         "reviewDecision": "CHANGES_REQUESTED",
         "reviewRequests": {"nodes": [{"requestedReviewer": {"__typename": "Team", "slug": "core"}},
                                      {"requestedReviewer": null}]},
         "assignees": {"nodes": [{"login": "me"}]},
         "latestOpinionatedReviews": {"nodes": [{"author": {"login": "bob"}, "state": "CHANGES_REQUESTED"}]},
         "commits": {"nodes": [{"commit": {"statusCheckRollup": {"state": "FAILURE", "contexts": {"nodes": [
            {"__typename": "CheckRun", "name": "build", "status": "COMPLETED", "conclusion": "FAILURE",
             "detailsUrl": "https://github.com/o/r/runs/1"},
            {"__typename": "StatusContext", "context": "ci/lint", "state": "PENDING", "targetUrl": null}]}}}}]}}
      ]}}}"#;

    #[test]
    fn a_page_maps_to_neutral_prs() -> Result<(), serde_json::Error> {
        let env: Envelope = serde_json::from_str(PAGE)?;
        let search = env.data.and_then(|d| d.search);
        let search = search.unwrap_or_else(|| panic!("no search"));
        assert_eq!(search.next_cursor().as_deref(), Some("Y3Vyc29yOjE="));
        let prs = search.pull_requests("acc", "me");
        assert_eq!(prs.len(), 1, "the Issue and the null node are skipped");
        let pr = &prs[0];
        assert_eq!((pr.repo.as_str(), pr.number), ("o/r", 7));
        assert_eq!(pr.author, "", "a deleted author");
        assert_eq!(pr.state, PrState::Open);
        assert_eq!(pr.merge, MergeState::Conflict);
        assert_eq!(pr.review.decision, Some(ReviewDecision::ChangesRequested));
        assert_eq!(pr.review.changes_requested_by, ["bob"]);
        assert_eq!(pr.requested_reviewers, ["core"]);
        let facts = pr.reviewing.clone().unwrap_or_else(|| panic!("no facts"));
        assert_eq!(facts.viewer, "me");
        assert_eq!(facts.requested_teams, ["core"], "a Team request");
        assert!(facts.requested_users.is_empty());
        assert_eq!(pr.assignees, ["me"]);
        assert_eq!(pr.labels, ["bug"]);
        assert_eq!(pr.checks.combined, Some(CheckState::Failure));
        let runs: Vec<(&str, CheckState)> = pr
            .checks
            .runs
            .iter()
            .map(|c| (c.name.as_str(), c.state))
            .collect();
        assert_eq!(
            runs,
            [
                ("build", CheckState::Failure),
                ("ci/lint", CheckState::Pending)
            ]
        );
        let urls: Vec<(&str, &str)> = pr
            .check_urls
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(urls, [("build", "https://github.com/o/r/runs/1")]);
        let branches = pr
            .branches
            .as_ref()
            .map(|b| (b.source.as_str(), b.target.as_str()));
        assert_eq!(branches, Some(("fix-login", "main")));
        Ok(())
    }

    #[test]
    fn automation_is_read_as_github_reports_it() -> Result<(), serde_json::Error> {
        let node: PrNode = serde_json::from_str(
            r#"{"__typename": "PullRequest", "number": 1, "repository": {"nameWithOwner": "o/r"},
                "isMergeQueueEnabled": true,
                "autoMergeRequest": {"mergeMethod": "SQUASH", "enabledBy": {"login": "mira"}},
                "mergeQueueEntry": {"position": 3, "state": "SOMETHING_NEW"}}"#,
        )?;
        let pr = node
            .to_pr("a", "me")
            .unwrap_or_else(|| panic!("not mapped"));
        let a = &pr.automation;
        assert!(a.queue_required);
        let auto = a.auto_merge.clone().unwrap_or_default();
        assert_eq!(auto.method.as_deref(), Some("squash"));
        assert_eq!(auto.by.as_deref(), Some("mira"));
        let q = a.queue.clone().unwrap_or_else(|| panic!("no queue entry"));
        assert_eq!(q.position, Some(3));
        assert_eq!(
            q.state,
            QueueState::Unknown,
            "an unknown state is never good"
        );
        let none: PrNode = serde_json::from_str(
            r#"{"__typename": "PullRequest", "number": 2, "repository": {"nameWithOwner": "o/r"},
                "autoMergeRequest": null, "mergeQueueEntry": null}"#,
        )?;
        let pr = none
            .to_pr("a", "me")
            .unwrap_or_else(|| panic!("not mapped"));
        assert!(pr.automation.is_default());
        Ok(())
    }

    #[test]
    fn no_rollup_means_no_checks() -> Result<(), serde_json::Error> {
        let node: PrNode = serde_json::from_str(
            r#"{"__typename": "PullRequest", "number": 1, "repository": {"nameWithOwner": "o/r"},
                "commits": {"nodes": [{"commit": {"statusCheckRollup": null}}]}}"#,
        )?;
        let pr = node
            .to_pr("a", "me")
            .unwrap_or_else(|| panic!("not mapped"));
        assert!(pr.checks.is_empty());
        assert_eq!(pr.review.decision, None);
        Ok(())
    }
}
