//! The Gitea / Forgejo JSON a listing reads (PRs, reviews, statuses, branches) (only the fields used; lists Forgejo may
//! send as `null` are optional) and its conversion to the neutral [`PullRequest`]
//! through `ampel_core::forge_status::gitea`.

use ampel_core::forge_status::gitea as gt;
use ampel_core::pr::{Check, Checks, PullRequest, Review};
use ampel_core::Provider;
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct User {
    #[serde(default)]
    pub login: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Label {
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Repo {
    pub full_name: Option<String>,
}

/// An issue-search hit; only PRs (with a `pull_request` field) are kept.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Issue {
    pub number: u64,
    pub repository: Option<Repo>,
    pub pull_request: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Head {
    pub sha: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Base {
    pub r#ref: Option<String>,
}

/// `GET /repos/{o}/{r}/branches/{branch}`: the protection's required approvals.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Branch {
    #[serde(default)]
    pub protected: bool,
    pub required_approvals: Option<i64>,
}

impl Branch {
    /// The approvals a protected branch requires; `None` when it requires none.
    pub fn required(&self) -> Option<u32> {
        let n = self.required_approvals.filter(|_| self.protected)?;
        u32::try_from(n).ok().filter(|n| *n > 0)
    }
}

/// A pull request from `/pulls` or `/pulls/{index}`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Pull {
    pub number: u64,
    #[serde(default)]
    pub title: String,
    pub html_url: Option<String>,
    pub user: Option<User>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub mergeable: bool,
    #[serde(default)]
    pub merged: bool,
    pub labels: Option<Vec<Label>>,
    pub assignees: Option<Vec<User>>,
    pub requested_reviewers: Option<Vec<User>>,
    pub head: Option<Head>,
    pub base: Option<Base>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_at: Option<OffsetDateTime>,
}

impl Pull {
    pub fn head_sha(&self) -> Option<&str> {
        self.head
            .as_ref()
            .and_then(|h| h.sha.as_deref())
            .filter(|s| !s.is_empty())
    }
}

/// A review: `APPROVED`, `REQUEST_CHANGES`, `COMMENT`, `PENDING`, `REQUEST_REVIEW`…
#[derive(Debug, Clone, Deserialize)]
pub(super) struct ReviewItem {
    pub user: Option<User>,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub dismissed: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Status {
    #[serde(default)]
    pub context: String,
    #[serde(default)]
    pub status: String,
}

/// `GET …/commits/{ref}/status`.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Combined {
    #[serde(default)]
    pub state: String,
    pub statuses: Option<Vec<Status>>,
}

fn logins(users: &Option<Vec<User>>) -> Vec<String> {
    users
        .iter()
        .flatten()
        .map(|u| u.login.clone())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The neutral model from a list object; reviews and checks are set by the caller.
pub(super) fn to_pull_request(account_id: &str, repo: &str, p: &Pull) -> PullRequest {
    let created = p.created_at.unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let mut out = PullRequest::open(Provider::Gitea, account_id, repo, p.number, created);
    if !p.title.is_empty() {
        out.title = p.title.clone();
    }
    out.url = p.html_url.clone().unwrap_or_default();
    out.head_sha = p.head_sha().map(str::to_string);
    out.author = p.user.as_ref().map(|u| u.login.clone()).unwrap_or_default();
    out.updated_at = p.updated_at.unwrap_or(created);
    out.draft = p.draft;
    out.state = gt::pr_state(&p.state, p.merged);
    out.labels = p.labels.iter().flatten().map(|l| l.name.clone()).collect();
    out.assignees = logins(&p.assignees);
    out.requested_reviewers = logins(&p.requested_reviewers);
    out.merge = gt::merge_state(p.mergeable, p.draft);
    out
}

/// Gitea has no review decision: it is derived from the latest opinionated review
/// per reviewer, with the base branch's required approvals when it has some.
pub(super) fn review(reviews: &[ReviewItem], required: Option<u32>) -> Review {
    gt::review(
        reviews.iter().map(|r| {
            let who = r.user.as_ref().map(|u| u.login.as_str()).unwrap_or("");
            (who, r.state.as_str(), r.dismissed)
        }),
        required,
    )
}

/// The checks of a combined status.
pub(super) fn checks(c: &Combined) -> Checks {
    let runs: Vec<Check> = c
        .statuses
        .iter()
        .flatten()
        .map(|s| Check {
            name: s.context.clone(),
            state: gt::commit_status_state(&s.status),
        })
        .collect();
    let combined = (!c.state.is_empty()).then(|| gt::commit_status_state(&c.state));
    Checks { runs, combined }
}
