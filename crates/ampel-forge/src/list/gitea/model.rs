//! The Gitea / Forgejo JSON a listing reads (PRs, reviews, statuses, branches) (only the fields used; lists Forgejo may
//! send as `null` are optional) and its conversion to the neutral [`PullRequest`]
//! through `ampel_core::forge_status::gitea`.

use ampel_core::forge_status::gitea as gt;
use ampel_core::pr::{Check, Checks, PullRequest, Review, ReviewFacts, ReviewMark, ReviewVote};
use ampel_core::Provider;
use serde::Deserialize;
use time::OffsetDateTime;

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct User {
    #[serde(default)]
    pub login: String,
}

/// A team (`requested_reviewers_teams`, a review's `team`).
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Team {
    #[serde(default)]
    pub name: String,
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
    /// Teams asked to review (swagger `requested_reviewers_teams`, `Team.name`).
    pub requested_reviewers_teams: Option<Vec<Team>>,
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
    /// The head commit the review was made on (empty for a request).
    pub commit_id: Option<String>,
    /// Gitea marks a review stale once a push moves the head past `commit_id`.
    #[serde(default)]
    pub stale: bool,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub submitted_at: Option<OffsetDateTime>,
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

/// A review's vote: a dismissed approval / request for changes is withdrawn, any
/// state Ampel does not know (`PENDING`, `REQUEST_REVIEW`, newer ones) is no opinion.
fn vote_of(r: &ReviewItem) -> ReviewVote {
    let vote = gt::review_state(&r.state);
    let opinionated = matches!(vote, ReviewVote::Approved | ReviewVote::ChangesRequested);
    if r.dismissed && opinionated {
        ReviewVote::Dismissed
    } else {
        vote
    }
}

impl ReviewItem {
    /// The reviewer's login, unless Gitea hid it (a deleted user).
    fn login(&self) -> Option<&str> {
        self.user
            .as_ref()
            .map(|u| u.login.as_str())
            .filter(|l| !l.is_empty())
    }
}

/// The state Gitea gives a review request (`ReviewStateRequestReview`).
const REQUEST_REVIEW: &str = "REQUEST_REVIEW";

/// Each reviewer's latest review that says something (approve, request changes,
/// comment, or a dismissed one), in Gitea's order (oldest first).
pub(super) fn marks(reviews: &[ReviewItem]) -> Vec<ReviewMark> {
    let mut out: Vec<ReviewMark> = Vec::new();
    for r in reviews {
        let Some(by) = r.login() else {
            continue;
        };
        let vote = vote_of(r);
        if vote == ReviewVote::NoOpinion {
            continue;
        }
        let mark = ReviewMark {
            by: by.to_string(),
            vote,
            commit: r.commit_id.clone().filter(|c| !c.is_empty()),
            at: r.submitted_at,
            stale: r.stale,
        };
        match out.iter_mut().find(|m| m.by.eq_ignore_ascii_case(by)) {
            Some(slot) => *slot = mark,
            None => out.push(mark),
        }
    }
    out
}

/// Users whose latest entry in the reviews is a `REQUEST_REVIEW`: asked (again)
/// after anything they submitted.
pub(super) fn re_requested(reviews: &[ReviewItem]) -> Vec<String> {
    let mut latest: Vec<(&str, bool)> = Vec::new();
    for r in reviews {
        let Some(by) = r.login() else {
            continue;
        };
        let request = r.state.eq_ignore_ascii_case(REQUEST_REVIEW);
        // A pending (unsubmitted) draft does not answer a request.
        if !request && vote_of(r) == ReviewVote::NoOpinion {
            continue;
        }
        match latest.iter_mut().find(|(w, _)| w.eq_ignore_ascii_case(by)) {
            Some(slot) => slot.1 = request,
            None => latest.push((by, request)),
        }
    }
    latest
        .into_iter()
        .filter(|(_, request)| *request)
        .map(|(w, _)| w.to_string())
        .collect()
}

/// The review facts for `viewer`: the PR's open requests (users, teams), those the
/// reviews show as asked again, and each reviewer's latest review. Gitea tells no
/// push time: the reviewed `commit_id` and `stale` say which head a review saw.
pub(super) fn facts(
    viewer: &str,
    p: &Pull,
    reviews: Vec<ReviewMark>,
    asked: &[String],
) -> ReviewFacts {
    let mut requested_users = logins(&p.requested_reviewers);
    for who in asked {
        if !requested_users.iter().any(|u| u.eq_ignore_ascii_case(who)) {
            requested_users.push(who.clone());
        }
    }
    ReviewFacts {
        viewer: viewer.to_string(),
        requested_users,
        requested_teams: p
            .requested_reviewers_teams
            .iter()
            .flatten()
            .map(|t| t.name.clone())
            .filter(|n| !n.is_empty())
            .collect(),
        reviews,
        head_at: None,
    }
}

/// A timeline entry (swagger `TimelineComment`); only the auto-merge ones are used.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct TimelineItem {
    #[serde(default)]
    pub id: i64,
    #[serde(default, rename = "type")]
    pub kind: String,
    pub user: Option<User>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
}

/// Gitea's comment type for "scheduled to auto merge" (`CommentTypePRScheduledToAutoMerge`).
pub(super) const SCHEDULED: &str = "pull_scheduled_merge";
/// Gitea's comment type for "auto merge cancelled" (`CommentTypePRUnScheduledToAutoMerge`).
pub(super) const CANCELLED: &str = "pull_cancel_scheduled_merge";

/// What the latest auto-merge entry of `items` says: `Some(Some(..))` scheduled (by
/// whom), `Some(None)` cancelled, `None` no such entry. Gitea's entry does not name
/// the merge style, so the method is not known.
pub(super) fn auto_merge(
    items: &[TimelineItem],
) -> Option<Option<ampel_core::automation::AutoMerge>> {
    let latest = items
        .iter()
        .filter(|i| i.kind == SCHEDULED || i.kind == CANCELLED)
        .max_by_key(|i| (i.created_at, i.id))?;
    Some((latest.kind == SCHEDULED).then(|| {
        ampel_core::automation::AutoMerge {
            method: None,
            by: latest
                .user
                .as_ref()
                .map(|u| u.login.clone())
                .filter(|l| !l.is_empty()),
        }
    }))
}
