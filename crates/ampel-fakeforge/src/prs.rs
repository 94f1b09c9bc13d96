//! The fake forge's pull requests: one forge-neutral record per PR that each
//! forge's routes render in that forge's own JSON, so a test can change a PR
//! (CI fails, a review arrives) between two syncs.

use ampel_core::pr::{CheckState, MergeState, PrState, ReviewVote};
use ampel_core::Provider;
use time::OffsetDateTime;

/// A pull request as the fake forge keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakePr {
    /// The forge serving it.
    pub provider: Provider,
    /// `owner/name` (GitLab: `group/project`; Bitbucket: `workspace/slug`).
    pub repo: String,
    /// PR number / MR iid / PR id.
    pub number: u64,
    /// Title.
    pub title: String,
    /// Author login.
    pub author: String,
    /// Draft / work in progress.
    pub draft: bool,
    /// Open, closed or merged.
    pub state: PrState,
    /// Label names.
    pub labels: Vec<String>,
    /// Check runs / commit statuses on the head commit, by name.
    pub checks: Vec<(String, CheckState)>,
    /// Reviews in order: who, how, on which head and when.
    pub reviews: Vec<FakeReview>,
    /// Reviewers asked and not yet reviewed.
    pub requested_reviewers: Vec<String>,
    /// Teams asked (GitHub team slugs, Gitea team names) with their members: a
    /// member sees the PR as "review requested" without being asked by name.
    pub requested_teams: Vec<FakeTeam>,
    /// Assignees.
    pub assignees: Vec<String>,
    /// Mergeability.
    pub merge: MergeState,
    /// Approvals the repository's rules require.
    pub approvals_required: u32,
    /// When it was opened.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
    /// GitLab only: the head pipeline's status when set explicitly (`manual`,
    /// `scheduled`… which check states cannot express); `None` derives it from
    /// `checks`.
    pub pipeline: Option<String>,
    /// When the checks (GitLab: the head pipeline) last changed.
    pub ci_updated_at: OffsetDateTime,
    /// When a note or an approval last touched the PR without a push (GitLab's
    /// `updated_at` moves with them; the head commit does not).
    pub touched_at: Option<OffsetDateTime>,
    /// The forge's own merge-status value when set explicitly: GitLab
    /// `detailed_merge_status`, GitHub `mergeStateStatus` — for the values the
    /// neutral model cannot express (unresolved threads, a value newer than Ampel).
    pub merge_status: Option<String>,
    /// GitHub: review threads not resolved yet.
    pub unresolved_threads: u32,
    /// GitHub: the names of checks branch protection requires; a required name with
    /// no check on the head makes the rollup `EXPECTED` and the merge `BLOCKED`.
    pub required_checks: Vec<String>,
    /// The PR's web link as the forge sends it, when set (a hostile forge's
    /// `file:` or another host's link); `None`: the forge's own page.
    pub sent_url: Option<String>,
    /// Every check's link as the forge sends it, when set; `None`: the CI's page.
    pub sent_check_url: Option<String>,
    /// Auto-merge on (issue 28): the forge merges it once ready (`automerge::settle`).
    pub auto_merge: Option<crate::automerge::FakeAutoMerge>,
    /// In its base branch's merge queue / train: the order it joined.
    pub queued: Option<u64>,
    /// Its base branch moved on since the branch was last updated.
    pub behind: bool,
    /// GitLab: reads of the MR left before a rebase the forge runs finishes.
    pub rebase_polls: u32,
}

/// One review as the fake forge keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeReview {
    /// The reviewer's login.
    pub by: String,
    pub vote: ReviewVote,
    /// The PR's `updated_at` (its push time, from which each forge derives its head
    /// sha) when the review was made: the head it reviewed.
    pub head_at: OffsetDateTime,
    /// When it was submitted.
    pub at: OffsetDateTime,
}

/// A team whose review is requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeTeam {
    /// Slug / name.
    pub name: String,
    /// Member logins.
    pub members: Vec<String>,
}

impl FakePr {
    /// An open, mergeable PR with no checks or reviews.
    pub fn new(provider: Provider, repo: &str, number: u64, title: &str, author: &str) -> Self {
        let now = OffsetDateTime::now_utc();
        FakePr {
            provider,
            repo: repo.to_string(),
            number,
            title: title.to_string(),
            author: author.to_string(),
            draft: false,
            state: PrState::Open,
            labels: Vec::new(),
            checks: Vec::new(),
            reviews: Vec::new(),
            requested_reviewers: Vec::new(),
            requested_teams: Vec::new(),
            assignees: Vec::new(),
            merge: MergeState::Mergeable,
            approvals_required: 0,
            created_at: now - time::Duration::hours(number as i64 % 72 + 1),
            updated_at: now,
            pipeline: None,
            ci_updated_at: now,
            touched_at: None,
            merge_status: None,
            unresolved_threads: 0,
            required_checks: Vec::new(),
            sent_url: None,
            sent_check_url: None,
            auto_merge: None,
            queued: None,
            behind: false,
            rebase_polls: 0,
        }
    }

    /// Sending `url` as the PR's web link (see [`FakePr::sent_url`]).
    pub fn sends_url(mut self, url: &str) -> Self {
        self.sent_url = Some(url.to_string());
        self
    }

    /// Sending `url` as every check's link (see [`FakePr::sent_check_url`]).
    pub fn sends_check_url(mut self, url: &str) -> Self {
        self.sent_check_url = Some(url.to_string());
        self
    }

    /// With this forge merge status (see [`FakePr::merge_status`]).
    pub fn merge_status(mut self, value: &str) -> Self {
        self.merge_status = Some(value.to_string());
        self
    }

    /// With `n` unresolved review threads (GitHub).
    pub fn unresolved_threads(mut self, n: u32) -> Self {
        self.unresolved_threads = n;
        self
    }

    /// Requiring a check of this name (GitHub branch protection).
    pub fn require_check(mut self, name: &str) -> Self {
        self.required_checks.push(name.to_string());
        self
    }

    /// The last activity: the later of a push and a note or approval.
    pub fn activity_at(&self) -> OffsetDateTime {
        self.touched_at
            .map_or(self.updated_at, |t| t.max(self.updated_at))
    }

    /// With this GitLab head-pipeline status (see [`FakePr::pipeline`]).
    pub fn pipeline(mut self, status: &str) -> Self {
        self.pipeline = Some(status.to_string());
        self
    }

    /// With a check of this name and state.
    pub fn check(mut self, name: &str, state: CheckState) -> Self {
        self.checks.push((name.to_string(), state));
        self
    }

    /// With a review of the current head, submitted when the PR last changed.
    pub fn review(mut self, who: &str, vote: ReviewVote) -> Self {
        let at = self.updated_at;
        self.add_review(who, vote, at);
        self
    }

    /// Records a review by `who` of the current head at `at`.
    pub fn add_review(&mut self, who: &str, vote: ReviewVote, at: OffsetDateTime) {
        self.reviews.push(FakeReview {
            by: who.to_string(),
            vote,
            head_at: self.updated_at,
            at,
        });
    }

    /// The reviews as (who, how) in order, for the forges' vote derivations.
    pub fn votes(&self) -> impl DoubleEndedIterator<Item = (&str, ReviewVote)> {
        self.reviews.iter().map(|r| (r.by.as_str(), r.vote))
    }

    /// Each reviewer's latest review, in the order of their first review.
    pub fn latest_reviews(&self) -> Vec<&FakeReview> {
        let mut latest: Vec<&FakeReview> = Vec::new();
        for r in &self.reviews {
            match latest.iter_mut().find(|l| l.by.eq_ignore_ascii_case(&r.by)) {
                Some(slot) => *slot = r,
                None => latest.push(r),
            }
        }
        latest
    }

    /// With a team review request (`members` see it as requested of them).
    pub fn request_team(mut self, name: &str, members: &[&str]) -> Self {
        self.requested_teams.push(FakeTeam {
            name: name.to_string(),
            members: members.iter().map(|m| m.to_string()).collect(),
        });
        self
    }

    /// With a requested reviewer.
    pub fn request_review(mut self, who: &str) -> Self {
        self.requested_reviewers.push(who.to_string());
        self
    }

    /// With an assignee.
    pub fn assign(mut self, who: &str) -> Self {
        self.assignees.push(who.to_string());
        self
    }

    /// As a draft.
    pub fn draft(mut self) -> Self {
        self.draft = true;
        self
    }

    /// Behind its base branch.
    pub fn behind(mut self) -> Self {
        self.behind = true;
        self
    }

    /// With a merge state.
    pub fn merge(mut self, merge: MergeState) -> Self {
        self.merge = merge;
        self
    }

    /// With labels.
    pub fn labels(mut self, labels: &[&str]) -> Self {
        self.labels = labels.iter().map(|l| l.to_string()).collect();
        self
    }

    /// Requiring `n` approvals.
    pub fn approvals_required(mut self, n: u32) -> Self {
        self.approvals_required = n;
        self
    }

    /// True when the PR is listed for `login` in the section "review requested":
    /// asked by name or through a team of theirs.
    pub fn review_requested_from(&self, login: &str) -> bool {
        self.requested_reviewers
            .iter()
            .any(|r| r.eq_ignore_ascii_case(login))
            || self
                .requested_teams
                .iter()
                .any(|t| t.members.iter().any(|m| m.eq_ignore_ascii_case(login)))
    }

    /// True when `login` reviewed it (approved, requested changes or commented).
    pub fn reviewed_by(&self, login: &str) -> bool {
        self.reviews
            .iter()
            .any(|r| r.by.eq_ignore_ascii_case(login) && r.vote.says_something())
    }

    /// True when `login` authored it.
    pub fn authored_by(&self, login: &str) -> bool {
        self.author.eq_ignore_ascii_case(login)
    }

    /// True when `login` is an assignee.
    pub fn assigned_to(&self, login: &str) -> bool {
        self.assignees.iter().any(|a| a.eq_ignore_ascii_case(login))
    }
}
