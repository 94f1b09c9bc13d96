//! A forge-neutral pull request, so the light, the cache and the UI never look at forge JSON.

use crate::automation::Automation;
use crate::Provider;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// One pull / merge request as every forge client reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequest {
    pub provider: Provider,
    /// The Ampel account the PR was read through.
    pub account_id: String,
    /// `owner/name` (GitHub, Gitea, Bitbucket `workspace/slug`) or a GitLab `group/sub/project` path.
    pub repo: String,
    /// The PR number / GitLab MR iid / Bitbucket PR id.
    pub number: u64,
    pub title: String,
    /// The web page of the PR.
    pub url: String,
    /// Login / username of the author; empty when the forge hides it (deleted user).
    pub author: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    pub draft: bool,
    pub state: PrState,
    pub labels: Vec<String>,
    pub checks: Checks,
    pub review: Review,
    pub merge: MergeState,
    /// Users or teams whose review was requested and who have not reviewed yet.
    pub requested_reviewers: Vec<String>,
    pub assignees: Vec<String>,
    /// The head commit as last synced: a merge sends it so the forge refuses a PR
    /// that moved since the user saw it. `None` when the forge did not say.
    #[serde(default)]
    pub head_sha: Option<String>,
    /// The branch → target of the detail panel, where the list request reports them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branches: Option<Branches>,
    /// Each check's page by check name, where the list request reports one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub check_urls: BTreeMap<String, String>,
    /// What the forge names as keeping the merge back beyond conflicts, checks,
    /// reviews and drafts (unresolved threads, a rebase, a branch rule, a value
    /// Ampel does not know…). Each is a yellow reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blockers: Vec<Blocker>,
    /// Facts a secondary read should have completed this refresh but could not (a
    /// fault on that one request); each is asked again at the next refresh and
    /// meanwhile named in the row instead of a shorter truth.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unloaded: Vec<Unloaded>,
    /// Who is asked to review and who reviewed which head, for [`crate::turn`];
    /// `None` when the forge client did not read them (an older cache).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewing: Option<ReviewFacts>,
    /// Auto-merge, a merge queue / train entry, a rebase the forge runs (issue 28).
    #[serde(default, skip_serializing_if = "Automation::is_default")]
    pub automation: Automation,
    /// The forge marks the author as a bot (GitHub `Bot` actors), for the bots rule.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub author_bot: bool,
}

/// The facts behind whose turn a PR is (issue 27), as the forge reported them to
/// the signed-in user of the account.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFacts {
    /// The login the PR was read as ("me").
    pub viewer: String,
    /// Users whose review is requested by name and still open.
    #[serde(default)]
    pub requested_users: Vec<String>,
    /// Teams / groups whose review is requested (GitHub team slugs, Gitea team names).
    #[serde(default)]
    pub requested_teams: Vec<String>,
    /// Each reviewer's latest review (one per reviewer, dismissed ones included).
    #[serde(default)]
    pub reviews: Vec<ReviewMark>,
    /// When the head commit was pushed (or committed, where the forge tells only that).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub head_at: Option<OffsetDateTime>,
}

impl ReviewFacts {
    /// The viewer's own latest review that says something (approve, request
    /// changes, comment), if any.
    pub fn viewer_review(&self) -> Option<&ReviewMark> {
        self.reviews
            .iter()
            .find(|r| same_login(&r.by, &self.viewer) && r.vote.says_something())
    }

    /// The viewer's review is requested by name.
    pub fn viewer_asked(&self) -> bool {
        self.requested_users
            .iter()
            .any(|u| same_login(u, &self.viewer))
    }
}

/// Logins compare without case; an empty login (a hidden user) is nobody.
pub fn same_login(a: &str, b: &str) -> bool {
    !a.is_empty() && a.eq_ignore_ascii_case(b)
}

/// One reviewer's latest review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewMark {
    /// The reviewer's login.
    pub by: String,
    pub vote: ReviewVote,
    /// The head commit the review was made on, where the forge tells.
    #[serde(default)]
    pub commit: Option<String>,
    /// When it was submitted, where the forge tells.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub at: Option<OffsetDateTime>,
    /// The forge marks the review as made on an older head (Gitea `stale`, a GitLab
    /// reviewer state reset by a push).
    #[serde(default)]
    pub stale: bool,
}

/// A part of a PR whose read failed this refresh (see [`PullRequest::unloaded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unloaded {
    /// The names of a failed pipeline's jobs (GitLab): the red stays, the names are missing.
    JobNames,
    /// The CI state of the head commit (GitLab head pipeline, Gitea / Bitbucket statuses).
    CiStatus,
    /// Who approved (GitLab approvals).
    Approvals,
    /// The reviews (Gitea reviews, Bitbucket participants).
    Reviews,
    /// The branch rule's required approvals (Gitea protection, Bitbucket restrictions).
    BranchRules,
    /// Whether the PR conflicts (Bitbucket diffstat).
    Conflicts,
}

impl Unloaded {
    /// The words after which the row says "not loaded".
    pub fn what(self) -> &'static str {
        match self {
            Unloaded::JobNames => "job names",
            Unloaded::CiStatus => "CI status",
            Unloaded::Approvals => "approvals",
            Unloaded::Reviews => "reviews",
            Unloaded::BranchRules => "branch rules",
            Unloaded::Conflicts => "conflict check",
        }
    }
}

/// The source and target branch of a pull request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branches {
    pub source: String,
    pub target: String,
}

impl PullRequest {
    /// An open, non-draft PR titled `repo#number` with no URL, author, checks,
    /// reviews, labels or people yet: the starting point parsers and tests fill in.
    pub fn open(
        provider: Provider,
        account_id: impl Into<String>,
        repo: impl Into<String>,
        number: u64,
        created_at: OffsetDateTime,
    ) -> Self {
        let repo = repo.into();
        PullRequest {
            provider,
            account_id: account_id.into(),
            title: format!("{repo}#{number}"),
            repo,
            number,
            url: String::new(),
            author: String::new(),
            created_at,
            updated_at: created_at,
            draft: false,
            state: PrState::Open,
            labels: Vec::new(),
            checks: Checks::default(),
            review: Review::default(),
            merge: MergeState::Mergeable,
            requested_reviewers: Vec::new(),
            assignees: Vec::new(),
            head_sha: None,
            branches: None,
            check_urls: BTreeMap::new(),
            blockers: Vec::new(),
            unloaded: Vec::new(),
            reviewing: None,
            automation: Default::default(),
            author_bot: false,
        }
    }
}

impl PullRequest {
    /// Notes that `part` could not be read this refresh (once).
    pub fn mark_unloaded(&mut self, part: Unloaded) {
        if !self.unloaded.contains(&part) {
            self.unloaded.push(part);
        }
    }
}

/// Open, closed or merged; anything a forge reports that we do not know is `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrState {
    Open,
    /// Closed without merging (Bitbucket DECLINED / SUPERSEDED too).
    Closed,
    Merged,
    Unknown,
}

/// A forge rule or state that keeps an otherwise fine PR from being merged, in the
/// words the row shows. `ForgeSays` carries a value Ampel does not know.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Blocker {
    /// Review threads / discussions must be resolved first.
    UnresolvedThreads,
    /// GitLab `need_rebase`: a fast-forward project wants a rebase.
    NeedsRebase,
    /// The branch protection wants the head up to date with `base`.
    Behind { base: Option<String> },
    /// GitLab `merge_request_blocked`: a merge request it depends on is not merged.
    BlockedByOtherMr,
    /// GitLab `status_checks_must_pass`: external status checks must pass.
    ExternalChecks,
    /// A branch rule blocks the merge and the forge does not say which.
    BranchRule,
    /// GitLab `ci_must_pass`: "Pipelines must succeed" and the pipeline has not.
    PipelineMustSucceed,
    /// GitHub: a required check has not reported on the head (`EXPECTED`).
    RequiredCheckMissing,
    /// GitLab `jira_association_missing`.
    JiraIssueMissing,
    /// GitLab `merge_time`: not before a set time.
    MergeTime,
    /// GitLab `security_policy_violations`.
    SecurityPolicy,
    /// GitLab `locked_paths`.
    LockedPaths,
    /// GitLab `locked_lfs_files`.
    LockedLfsFiles,
    /// GitLab `title_regex`: the title does not match the project's pattern.
    TitlePattern,
    /// GitLab `commits_status`: the source branch is missing or has no commits.
    NoCommits,
    /// GitLab `code_owners_approval`: code owners must approve.
    CodeOwnersApproval,
    /// GitLab `not_open` on a merge request it lists as open.
    NotOpen,
    /// A value Ampel's tables do not know, as the forge sent it.
    ForgeSays { forge: Provider, value: String },
}

impl Blocker {
    /// `ForgeSays` for an unknown value (trimmed, at most 60 characters shown).
    pub fn forge_says(forge: Provider, value: &str) -> Self {
        Blocker::ForgeSays {
            forge,
            value: value.trim().chars().take(60).collect(),
        }
    }
}

impl std::fmt::Display for Blocker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words = match self {
            Self::UnresolvedThreads => "unresolved threads",
            Self::NeedsRebase => "needs a rebase",
            Self::Behind { base: Some(base) } => return write!(f, "behind {base}"),
            Self::Behind { base: None } => "behind its target branch",
            Self::BlockedByOtherMr => "blocked by another merge request",
            Self::ExternalChecks => "external status checks must pass",
            Self::BranchRule => "blocked by a branch rule",
            Self::PipelineMustSucceed => "pipeline must succeed",
            Self::RequiredCheckMissing => "a required check has not reported",
            Self::JiraIssueMissing => "needs a Jira issue in the title or description",
            Self::MergeTime => "not mergeable before its set time",
            Self::SecurityPolicy => "security policy not satisfied",
            Self::LockedPaths => "touches locked paths",
            Self::LockedLfsFiles => "touches locked LFS files",
            Self::TitlePattern => "title does not match the required pattern",
            Self::NoCommits => "source branch missing or without commits",
            Self::CodeOwnersApproval => "code owners must approve",
            Self::NotOpen => "not open",
            Self::ForgeSays { forge, value } => {
                return write!(f, "{} says: {value}", forge.display_name())
            }
        };
        f.write_str(words)
    }
}

/// Whether the PR can be merged as far as git and the forge's merge rules go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MergeState {
    /// Merges cleanly (other rules such as checks may still apply).
    Mergeable,
    /// Git conflict with the target branch.
    Conflict,
    /// The forge is still computing mergeability (GitHub `UNKNOWN`, GitLab `checking`).
    Computing,
    /// The head branch must be updated / rebased first.
    Behind,
    /// A forge rule blocks the merge (branch protection, unresolved threads, policy…).
    Blocked,
    /// The forge did not say (or said something we do not know).
    Unknown,
}

/// The state of one check run, status context, pipeline or build, across forges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckState {
    Success,
    Failure,
    Error,
    TimedOut,
    ActionRequired,
    StartupFailure,
    Cancelled,
    Skipped,
    /// Finished without a verdict; also the safe value for anything unrecognised.
    Neutral,
    /// Marked stale by the forge (GitHub, after 14 days incomplete).
    Stale,
    /// Queued, requested, waiting or expected but not started.
    Pending,
    Running,
    /// Waiting for a person to start a job (GitLab `manual`): neither failing nor
    /// running on its own.
    Manual,
    /// A value no table of Ampel's knows: never green.
    Unknown,
}

impl CheckState {
    /// A state that turns the light red (PRODUCT.md §4: failure, error, timed out,
    /// action required, startup failure).
    pub fn is_failing(self) -> bool {
        matches!(
            self,
            Self::Failure
                | Self::Error
                | Self::TimedOut
                | Self::ActionRequired
                | Self::StartupFailure
        )
    }

    /// A state that is not finished yet (yellow).
    pub fn is_in_progress(self) -> bool {
        matches!(self, Self::Pending | Self::Running)
    }
}

/// One named check (GitHub check run or status context, GitLab pipeline or job,
/// Bitbucket build status, Gitea commit status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub state: CheckState,
}

/// The checks on the PR's head commit. Both fields empty means "no checks".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checks {
    /// Individual checks, when the forge lists them (may be a partial first page).
    pub runs: Vec<Check>,
    /// The forge's own combined state, when it gives one (GitHub rollup, GitLab
    /// head pipeline, Gitea combined status); used when `runs` does not explain it.
    pub combined: Option<CheckState>,
}

impl Checks {
    /// No check of any kind was reported.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty() && self.combined.is_none()
    }

    /// Passed / failed / running counts for the row's CI summary.
    pub fn summary(&self) -> CiSummary {
        CiSummary::of(self)
    }
}

/// Counts shown in the row's CI column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CiSummary {
    pub passed: u32,
    pub failed: u32,
    /// Pending, running or waiting for a manual job.
    pub running: u32,
    /// Cancelled, skipped, neutral or stale.
    pub other: u32,
}

impl CiSummary {
    /// Counts the named checks; with none, the combined state counts as one check.
    pub fn of(checks: &Checks) -> Self {
        let mut s = Self::default();
        let states: Vec<CheckState> = if checks.runs.is_empty() {
            checks.combined.into_iter().collect()
        } else {
            checks.runs.iter().map(|c| c.state).collect()
        };
        for state in states {
            let slot = if state == CheckState::Success {
                &mut s.passed
            } else if state.is_failing() {
                &mut s.failed
            } else if state.is_in_progress() || state == CheckState::Manual {
                &mut s.running
            } else {
                &mut s.other
            };
            *slot = slot.saturating_add(1);
        }
        s
    }

    pub fn total(&self) -> u32 {
        self.passed
            .saturating_add(self.failed)
            .saturating_add(self.running)
            .saturating_add(self.other)
    }
}

/// The forge's overall review verdict, where it has one (or we derived one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Approved,
    ChangesRequested,
    /// A review policy applies and is not yet satisfied.
    ReviewRequired,
}

/// Who approved, who requested changes, and what the review rules still want.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// `None`: the forge reports no review policy / verdict (GitHub `reviewDecision: null`).
    pub decision: Option<ReviewDecision>,
    pub approved_by: Vec<String>,
    /// Reviewers whose latest opinionated review requests changes.
    pub changes_requested_by: Vec<String>,
    /// Approvals the rules require, when the forge tells.
    pub approvals_required: Option<u32>,
    /// Approvals still missing (GitLab `approvals_left`), when the forge tells.
    pub approvals_missing: Option<u32>,
}

impl Review {
    /// Changes were requested, by name or by the forge's verdict.
    pub fn changes_requested(&self) -> bool {
        !self.changes_requested_by.is_empty()
            || self.decision == Some(ReviewDecision::ChangesRequested)
    }

    /// An approval is required and still missing.
    pub fn approval_missing(&self) -> bool {
        self.approvals_missing.is_some_and(|n| n > 0)
            || self.decision == Some(ReviewDecision::ReviewRequired)
    }
}

/// How one reviewer last voted; the input forges share for deriving [`Review`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewVote {
    Approved,
    ChangesRequested,
    /// A comment-only review: no opinion.
    Commented,
    /// The reviewer's earlier opinion was dismissed / withdrawn.
    Dismissed,
    /// Pending, requested, or unrecognised: no opinion.
    NoOpinion,
}

impl ReviewVote {
    /// A review that says something: an approval, a request for changes or a comment.
    pub fn says_something(self) -> bool {
        matches!(
            self,
            ReviewVote::Approved | ReviewVote::ChangesRequested | ReviewVote::Commented
        )
    }
}

impl Review {
    /// Derives a review from each reviewer's votes in chronological order: the latest
    /// approve / request-changes per reviewer counts, a dismissal clears it, comments
    /// do not change it. With `approvals_required`, a shortfall is `ReviewRequired`.
    pub fn from_votes<'a>(
        votes: impl IntoIterator<Item = (&'a str, ReviewVote)>,
        approvals_required: Option<u32>,
    ) -> Self {
        let mut latest: Vec<(&str, ReviewVote)> = Vec::new();
        for (who, vote) in votes {
            let opinion = match vote {
                ReviewVote::Approved | ReviewVote::ChangesRequested | ReviewVote::Dismissed => vote,
                ReviewVote::Commented | ReviewVote::NoOpinion => continue,
            };
            match latest.iter_mut().find(|(w, _)| *w == who) {
                Some(entry) => entry.1 = opinion,
                None => latest.push((who, opinion)),
            }
        }
        let pick = |v: ReviewVote| -> Vec<String> {
            latest
                .iter()
                .filter(|(_, x)| *x == v)
                .map(|(w, _)| (*w).to_owned())
                .collect()
        };
        let approved_by = pick(ReviewVote::Approved);
        let changes_requested_by = pick(ReviewVote::ChangesRequested);
        let have = u32::try_from(approved_by.len()).unwrap_or(u32::MAX);
        let approvals_missing = approvals_required.map(|n| n.saturating_sub(have));
        let decision = if !changes_requested_by.is_empty() {
            Some(ReviewDecision::ChangesRequested)
        } else if approvals_missing.is_some_and(|n| n > 0) {
            Some(ReviewDecision::ReviewRequired)
        } else if !approved_by.is_empty() {
            Some(ReviewDecision::Approved)
        } else {
            None
        };
        Self {
            decision,
            approved_by,
            changes_requested_by,
            approvals_required,
            approvals_missing,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, state: CheckState) -> Check {
        Check {
            name: name.into(),
            state,
        }
    }

    #[test]
    fn check_state_classes() {
        use CheckState::*;
        let cases = [
            (Success, false, false),
            (Failure, true, false),
            (Error, true, false),
            (TimedOut, true, false),
            (ActionRequired, true, false),
            (StartupFailure, true, false),
            (Cancelled, false, false),
            (Skipped, false, false),
            (Neutral, false, false),
            (Stale, false, false),
            (Pending, false, true),
            (Running, false, true),
            (Manual, false, false),
        ];
        for (state, failing, in_progress) in cases {
            assert_eq!(state.is_failing(), failing, "{state:?} failing");
            assert_eq!(state.is_in_progress(), in_progress, "{state:?} in progress");
        }
    }

    #[test]
    fn ci_summary_counts() {
        use CheckState::*;
        let cases: Vec<(Checks, CiSummary)> = vec![
            (Checks::default(), CiSummary::default()),
            (
                Checks {
                    runs: vec![],
                    combined: Some(Failure),
                },
                CiSummary {
                    failed: 1,
                    ..CiSummary::default()
                },
            ),
            (
                Checks {
                    runs: vec![
                        check("build", Success),
                        check("lint", Success),
                        check("test", Failure),
                        check("e2e", TimedOut),
                        check("deploy", Running),
                        check("docs", Pending),
                        check("bench", Skipped),
                        check("old", Cancelled),
                    ],
                    // The named runs win over the combined state.
                    combined: Some(Failure),
                },
                CiSummary {
                    passed: 2,
                    failed: 2,
                    running: 2,
                    other: 2,
                },
            ),
        ];
        for (checks, want) in cases {
            let got = checks.summary();
            assert_eq!(got, want, "{checks:?}");
            assert_eq!(
                got.total(),
                want.passed + want.failed + want.running + want.other
            );
        }
    }

    #[test]
    fn review_from_votes_table() {
        use ReviewVote::*;
        struct Case {
            votes: Vec<(&'static str, ReviewVote)>,
            required: Option<u32>,
            decision: Option<ReviewDecision>,
            approved: Vec<&'static str>,
            changes: Vec<&'static str>,
            missing: Option<u32>,
        }
        let cases = [
            Case {
                votes: vec![],
                required: None,
                decision: None,
                approved: vec![],
                changes: vec![],
                missing: None,
            },
            Case {
                votes: vec![("alice", Approved), ("bob", Commented)],
                required: None,
                decision: Some(ReviewDecision::Approved),
                approved: vec!["alice"],
                changes: vec![],
                missing: None,
            },
            Case {
                // Latest opinion wins; a later comment does not erase it.
                votes: vec![
                    ("alice", ChangesRequested),
                    ("alice", Approved),
                    ("alice", Commented),
                ],
                required: Some(1),
                decision: Some(ReviewDecision::Approved),
                approved: vec!["alice"],
                changes: vec![],
                missing: Some(0),
            },
            Case {
                votes: vec![("alice", Approved), ("bob", ChangesRequested)],
                required: Some(2),
                decision: Some(ReviewDecision::ChangesRequested),
                approved: vec!["alice"],
                changes: vec!["bob"],
                missing: Some(1),
            },
            Case {
                // A dismissal clears the earlier request for changes.
                votes: vec![
                    ("bob", ChangesRequested),
                    ("bob", Dismissed),
                    ("carol", NoOpinion),
                ],
                required: Some(1),
                decision: Some(ReviewDecision::ReviewRequired),
                approved: vec![],
                changes: vec![],
                missing: Some(1),
            },
        ];
        for c in cases {
            let r = Review::from_votes(c.votes.iter().copied(), c.required);
            assert_eq!(r.decision, c.decision, "{:?}", c.votes);
            assert_eq!(r.approved_by, c.approved, "{:?}", c.votes);
            assert_eq!(r.changes_requested_by, c.changes, "{:?}", c.votes);
            assert_eq!(r.approvals_missing, c.missing, "{:?}", c.votes);
            assert_eq!(r.approvals_required, c.required);
        }
    }

    #[test]
    fn serde_round_trip() {
        let pr = PullRequest {
            provider: Provider::Gitlab,
            account_id: "acc-1".into(),
            repo: "group/sub/project".into(),
            number: 42,
            title: "Fix".into(),
            url: "https://gitlab.example/group/sub/project/-/merge_requests/42".into(),
            author: "alice".into(),
            created_at: time::macros::datetime!(2026-01-02 03:04:05 UTC),
            updated_at: time::macros::datetime!(2026-01-03 03:04:05 UTC),
            draft: true,
            state: PrState::Open,
            labels: vec!["bug".into()],
            checks: Checks {
                runs: vec![check("pipeline", CheckState::TimedOut)],
                combined: Some(CheckState::Failure),
            },
            review: Review::from_votes([("bob", ReviewVote::ChangesRequested)], Some(1)),
            merge: MergeState::Computing,
            requested_reviewers: vec!["carol".into()],
            assignees: vec![],
            head_sha: None,
            branches: None,
            check_urls: Default::default(),
            blockers: Vec::new(),
            unloaded: vec![Unloaded::JobNames],
            reviewing: Some(ReviewFacts {
                viewer: "carol".into(),
                requested_users: vec!["carol".into()],
                requested_teams: vec!["core".into()],
                reviews: vec![ReviewMark {
                    by: "bob".into(),
                    vote: ReviewVote::ChangesRequested,
                    commit: Some("abc".into()),
                    at: Some(time::macros::datetime!(2026-01-02 05:00 UTC)),
                    stale: false,
                }],
                head_at: None,
            }),
            automation: Default::default(),
            author_bot: false,
        };
        let json = serde_json::to_string(&pr).unwrap_or_default();
        assert!(
            json.contains("\"created_at\":\"2026-01-02T03:04:05Z\""),
            "{json}"
        );
        assert!(json.contains("\"timed_out\""), "{json}");
        assert!(json.contains("\"changes_requested\""), "{json}");
        let back: PullRequest =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(back, pr);
    }
}
