//! The Bitbucket Cloud JSON a listing reads (only the fields used, all optional where
//! Bitbucket may leave them out) and its conversion to the neutral [`PullRequest`]
//! through `ampel_core::forge_status::bitbucket`.

use ampel_core::forge_status::bitbucket as bb;
use ampel_core::pr::{
    Check, Checks, MergeState, PullRequest, ReviewFacts, ReviewMark, ReviewVote, Unloaded,
};
use ampel_core::Provider;
use serde::Deserialize;
use time::OffsetDateTime;

/// A user as PRs, participants and `/2.0/user` show it.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub(super) struct User {
    pub uuid: Option<String>,
    pub account_id: Option<String>,
    pub nickname: Option<String>,
    pub display_name: Option<String>,
}

impl User {
    /// The name shown in rows and reasons: nickname, else display name.
    pub fn name(&self) -> String {
        self.nickname
            .clone()
            .or_else(|| self.display_name.clone())
            .unwrap_or_default()
    }

    /// True when both carry the same uuid (braces and case ignored) or account id.
    pub fn same_as(&self, other: &User) -> bool {
        let bare = |s: &String| s.trim_matches(['{', '}']).to_ascii_lowercase();
        let uuid = matches!((&self.uuid, &other.uuid), (Some(a), Some(b)) if bare(a) == bare(b));
        let account = matches!((&self.account_id, &other.account_id), (Some(a), Some(b)) if a == b);
        uuid || account
    }
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Participant {
    pub user: Option<User>,
    pub role: Option<String>,
    #[serde(default)]
    pub approved: bool,
    pub state: Option<String>,
    /// An approver's approval time; a commenter's (or undecided reviewer's) last
    /// comment; `null` for a reviewer who has done nothing yet.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub participated_on: Option<OffsetDateTime>,
}

impl Participant {
    /// The participant's opinion: approve / request changes as Bitbucket states it,
    /// else a comment when they commented, else none.
    pub fn vote(&self) -> ReviewVote {
        match bb::participant_vote(self.approved, self.state.as_deref()) {
            ReviewVote::NoOpinion if self.participated_on.is_some() => ReviewVote::Commented,
            v => v,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Commit {
    pub hash: Option<String>,
    /// Only in a commit's own answer (`GET …/commit/{hash}`), not in a PR's.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct RepoRef {
    pub full_name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct BranchName {
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Side {
    #[serde(default)]
    pub branch: Option<BranchName>,
    #[serde(default)]
    pub commit: Option<Commit>,
    #[serde(default)]
    pub repository: Option<RepoRef>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Href {
    pub href: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Links {
    #[serde(default)]
    pub html: Option<Href>,
}

/// A pull request from a list page or its `self` URL.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Pr {
    pub id: u64,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub draft: bool,
    pub author: Option<User>,
    #[serde(default)]
    pub source: Side,
    #[serde(default)]
    pub destination: Side,
    /// Absent from list pages unless `fields=+values.participants` was honoured.
    pub participants: Option<Vec<Participant>>,
    /// Absent from list pages unless `fields=+values.reviewers` was honoured.
    pub reviewers: Option<Vec<User>>,
    #[serde(default)]
    pub links: Links,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_on: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub updated_on: Option<OffsetDateTime>,
}

impl Pr {
    /// `workspace/slug` from the destination repository, else from the HTML link.
    pub fn repo(&self) -> Option<String> {
        if let Some(full) = self
            .destination
            .repository
            .as_ref()
            .and_then(|r| r.full_name.clone())
        {
            return Some(full);
        }
        let href = self.links.html.as_ref()?.href.as_deref()?;
        let path = href.split("://").nth(1)?.split_once('/')?.1;
        let mut parts = path.split('/');
        Some(format!("{}/{}", parts.next()?, parts.next()?))
    }

    /// The (source, destination) commits: a conflict can only change with them.
    pub fn commits(&self) -> String {
        let hash = |s: &Side| {
            s.commit
                .as_ref()
                .and_then(|c| c.hash.clone())
                .unwrap_or_default()
        };
        format!("{}..{}", hash(&self.source), hash(&self.destination))
    }

    /// The source commit: statuses only change with it (or with a re-run).
    pub fn source_hash(&self) -> String {
        self.source
            .commit
            .as_ref()
            .and_then(|c| c.hash.clone())
            .unwrap_or_default()
    }

    /// The destination branch's name (empty when Bitbucket leaves it out).
    pub fn destination_branch(&self) -> String {
        self.destination
            .branch
            .as_ref()
            .and_then(|b| b.name.clone())
            .unwrap_or_default()
    }

    /// My opinion as a participant (approved, changes requested, commented), if any.
    pub fn my_review(&self, me: &User) -> Option<ReviewVote> {
        self.participants
            .iter()
            .flatten()
            .find(|p| p.user.as_ref().is_some_and(|u| u.same_as(me)))
            .map(Participant::vote)
            .filter(|v| *v != ReviewVote::NoOpinion)
    }

    /// My vote as a participant, if I am one.
    pub fn vote_of(&self, me: &User) -> Option<ReviewVote> {
        self.participants
            .iter()
            .flatten()
            .find(|p| p.user.as_ref().is_some_and(|u| u.same_as(me)))
            .map(|p| bb::participant_vote(p.approved, p.state.as_deref()))
    }

    /// True when I am a reviewer (in `reviewers`, or a participant with role REVIEWER).
    pub fn has_reviewer(&self, me: &User) -> bool {
        let listed = self.reviewers.iter().flatten().any(|u| u.same_as(me));
        let participant = self.participants.iter().flatten().any(|p| {
            p.role.as_deref() == Some("REVIEWER") && p.user.as_ref().is_some_and(|u| u.same_as(me))
        });
        listed || participant
    }
}

/// A build status (`commitstatus`).
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Status {
    pub key: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub state: String,
}

/// A branch restriction (`require_approvals_to_merge` with its `value`), kept in the
/// listing's notes between syncs.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub(super) struct Restriction {
    pub kind: Option<String>,
    pub branch_match_kind: Option<String>,
    pub pattern: Option<String>,
    pub value: Option<i64>,
}

impl Restriction {
    /// True when the restriction's glob matches `branch`; a branching-model rule
    /// (by branch type) cannot be matched without another read, so it does not.
    pub fn applies_to(&self, branch: &str) -> bool {
        let glob_kind = self
            .branch_match_kind
            .as_deref()
            .is_none_or(|k| k == "glob");
        glob_kind && glob(self.pattern.as_deref().unwrap_or(""), branch)
    }
}

/// `*` matches any run of characters; everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

/// A diffstat entry; `status` is `merge conflict` for a conflicted file.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Diffstat {
    pub status: Option<String>,
}

/// A `/2.0/user/workspaces` membership (or, defensively, a bare workspace).
#[derive(Debug, Clone, Deserialize)]
pub(super) struct WorkspaceAccess {
    pub workspace: Option<Workspace>,
    pub slug: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub(super) struct Workspace {
    pub slug: Option<String>,
}

impl WorkspaceAccess {
    pub fn slug(&self) -> Option<String> {
        self.workspace
            .as_ref()
            .and_then(|w| w.slug.clone())
            .or_else(|| self.slug.clone())
    }
}

/// A repository from `/2.0/repositories/{workspace}`.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Repository {
    pub full_name: Option<String>,
}

/// Everything read about one PR, ready to convert.
pub(super) struct Read {
    pub pr: Pr,
    pub repo: String,
    /// `None`: not read this time (the cached checks stand).
    pub statuses: Option<Vec<Status>>,
    /// `Some(true)` when the diffstat lists a conflicted file; `None`: not read.
    pub conflict: Option<bool>,
    /// The parts whose read failed this refresh (asked again at the next).
    pub unloaded: Vec<Unloaded>,
    /// The source commit's date (see [`facts`]), read or cached.
    pub head_at: Option<OffsetDateTime>,
    /// The signed-in user's name (`None`: an access token without a profile).
    pub viewer: Option<String>,
    /// The source commit's date was to be read and its read failed.
    pub head_failed: bool,
}

/// The neutral model. Bitbucket exposes no required-approval count and no
/// assignees; mergeability is only known as "conflict or not" (see the module docs).
pub(super) fn to_pull_request(account_id: &str, read: &Read) -> PullRequest {
    let pr = &read.pr;
    let created = pr.created_on.unwrap_or(OffsetDateTime::UNIX_EPOCH);
    let mut out = PullRequest::open(Provider::Bitbucket, account_id, &read.repo, pr.id, created);
    if !pr.title.is_empty() {
        out.title = pr.title.clone();
    }
    out.head_sha = pr.source.commit.as_ref().and_then(|c| c.hash.clone());
    out.url = pr
        .links
        .html
        .as_ref()
        .and_then(|h| h.href.clone())
        .unwrap_or_default();
    out.author = pr.author.as_ref().map(User::name).unwrap_or_default();
    out.updated_at = pr.updated_on.unwrap_or(created);
    out.draft = pr.draft;
    out.state = bb::pr_state(&pr.state);
    out.checks = Checks {
        runs: read
            .statuses
            .iter()
            .flatten()
            .map(|s| Check {
                name: s.name.clone().or_else(|| s.key.clone()).unwrap_or_default(),
                state: bb::commit_status_state(&s.state),
            })
            .collect(),
        combined: None,
    };
    let people: Vec<(String, bool, Option<String>)> = pr
        .participants
        .iter()
        .flatten()
        .map(|p| {
            let who = p.user.as_ref().map(User::name).unwrap_or_default();
            (who, p.approved, p.state.clone())
        })
        .collect();
    out.review = bb::review(
        people
            .iter()
            .map(|(w, a, s)| (w.as_str(), *a, s.as_deref())),
    );
    out.requested_reviewers = pending_reviewers(pr);
    out.reviewing = read.viewer.as_ref().map(|me| facts(me, read));
    out.merge = match read.conflict {
        Some(c) => bb::merge_state(None, Some(c)),
        None => MergeState::Unknown,
    };
    for part in &read.unloaded {
        out.mark_unloaded(*part);
    }
    out
}

/// The review facts for `viewer`. Bitbucket has no reviewed commit and no team
/// requests: each participant who approved, requested changes or commented is a
/// review at `participated_on` (an approval's own time; otherwise the last comment,
/// so a request for changes without a comment has no time), and the head's time is
/// the source commit's `date` — its *commit* date, which a push of older commits or
/// a rebase keeping author dates can leave before an earlier review (the rule then
/// sees no push). A reviewer still undecided who has not commented is requested.
pub(super) fn facts(viewer: &str, read: &Read) -> ReviewFacts {
    let reviews = read
        .pr
        .participants
        .iter()
        .flatten()
        .filter_map(|p| {
            let by = p.user.as_ref().map(User::name).filter(|n| !n.is_empty())?;
            let vote = p.vote();
            (vote != ReviewVote::NoOpinion).then_some(ReviewMark {
                by,
                vote,
                commit: None,
                at: p.participated_on,
                stale: false,
            })
        })
        .collect::<Vec<ReviewMark>>();
    // Undecided reviewers who answered with a comment are not waited on as asked.
    let requested_users = pending_reviewers(&read.pr)
        .into_iter()
        .filter(|r| !reviews.iter().any(|m| m.by.eq_ignore_ascii_case(r)))
        .collect();
    ReviewFacts {
        viewer: viewer.to_string(),
        requested_users,
        requested_teams: Vec::new(),
        reviews,
        head_at: read.head_at,
    }
}

/// Reviewers who have not approved or requested changes yet.
fn pending_reviewers(pr: &Pr) -> Vec<String> {
    pr.reviewers
        .iter()
        .flatten()
        .filter(|r| {
            pr.participants
                .iter()
                .flatten()
                .find(|p| p.user.as_ref().is_some_and(|u| u.same_as(r)))
                .is_none_or(|p| {
                    bb::participant_vote(p.approved, p.state.as_deref()) == ReviewVote::NoOpinion
                })
        })
        .map(User::name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{glob, Restriction};

    #[test]
    fn restriction_globs_match_branch_names() {
        assert!(glob("main", "main"));
        assert!(!glob("main", "mainline"));
        assert!(glob("*", "anything"));
        assert!(glob("release/*", "release/1.2"));
        assert!(!glob("release/*", "hotfix/1.2"));
        assert!(glob("*/main", "team/main"));
        assert!(glob("a*b*c", "axxbyyc"));
        assert!(!glob("a*b*c", "axxc"));
        let model = Restriction {
            kind: None,
            branch_match_kind: Some("branching_model".into()),
            pattern: Some(String::new()),
            value: Some(2),
        };
        assert!(!model.applies_to("main"));
    }
}
