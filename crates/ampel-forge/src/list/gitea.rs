//! Listing Gitea / Forgejo pull requests per section.
//!
//! Facts (docs/forge-apis.md §5):
//! - *Needs my review*, *Mine*, *Assigned to me*, *Reviewed*: which repositories hold
//!   such PRs comes from one cross-repository issue search per section,
//!   `GET /repos/issues/search?type=pulls&state=open&review_requested=true`
//!   (`created=true`, `assigned=true`, `reviewed=true`), `limit=50` (Gitea's default
//!   `MAX_RESPONSE_ITEMS`), pages followed through `Link: rel="next"`. It returns
//!   *issues*: which PRs, in which repository, not their PR fields. The repositories
//!   found are kept (note `gitea:repos`) for the re-check bound: until it passes no
//!   search is made, and a PR's sections come from its full object in the
//!   repository's list (`user`, `requested_reviewers`, `assignees` against the
//!   account's login), so a new PR in a known repository shows at once and one in a
//!   repository without PRs of interest so far within the bound. A review requested
//!   of one of my teams (`requested_reviewers_teams`; which teams are mine is not
//!   read) is known from the search only: such a PR keeps its sections while its
//!   `updated_at` does not move, and a new one shows with the next full search,
//!   within the bound. *Reviewed* between searches comes from the reviews (read or
//!   cached): one of mine that approves, requests changes or comments, on a PR I
//!   did not open; a moved PR that was in Reviewed is kept while its reviews are
//!   read (so a push to a PR I reviewed shows at once), and a PR I first review
//!   shows with the next full search.
//! - Whose turn (issue 27, `PullRequest::reviewing`): the list object's
//!   `requested_reviewers` and `requested_reviewers_teams` (team names), always
//!   current; from the reviews, each reviewer's latest that says something, with its
//!   `commit_id`, `stale` (Gitea marks a review stale when a push moves the head
//!   past it) and `submitted_at`, a dismissed approval / request for changes as
//!   dismissed, and a user whose latest entry is a `REQUEST_REVIEW` as asked again.
//!   Unknown states are no opinion. Read and cached with the verdict's reviews (no
//!   request of its own); a PR cached without these facts has its reviews read once.
//! - The PR fields (`mergeable`, `draft`, `head.sha`, requested reviewers, labels,
//!   assignees) come from `GET /repos/{o}/{r}/pulls?state=open&limit=50` once per
//!   repository that has a found PR (or is watched), never per PR.
//! - Gitea has no review decision: `GET …/pulls/{index}/reviews`, reduced to the
//!   latest opinionated review per reviewer (dismissed ones withdrawn). Checks: the
//!   combined status `GET …/commits/{head.sha}/status`. Both are read only for a PR
//!   whose head SHA or `updated_at` moved since the cached copy; the status alone
//!   when the last CI state was not final or is older than the re-check bound
//!   (`list::recheck`); otherwise the cached reviews and checks stand. A read that
//!   fails (a 5xx, a cut or garbled answer, a plain 403 / 404) leaves the PR saying
//!   "reviews not loaded" / "CI status not loaded" and keeps no note, so the next
//!   refresh reads it again (`list::retry_later`).
//! - Required approvals: `GET /repos/{o}/{r}/branches/{base}` (`required_approvals`
//!   of the branch protection, readable with `read:repository`), once per
//!   repository and base branch, again after the re-check bound. 0 or unprotected:
//!   none is assumed, and nothing is said.
//! - `mergeable: false` on a non-draft PR reads as a conflict (ampel-core's rule).
//! - Conditional requests: none. Gitea's (and Forgejo's) source sets `ETag` only
//!   where it serves blobs, LFS objects and attachments
//!   (`httpcache.HandleGenericETagCache`); the JSON API lists send neither `ETag`
//!   nor `Last-Modified`, so `If-None-Match` / `If-Modified-Since` never get a 304.
//!   Gitea sends no rate-limit headers by default (any `X-RateLimit-*` a proxy adds
//!   is kept); 429 is `rate_limited` with `Retry-After`; a 403 naming a scope
//!   (`token does not have at least one of required scope(s): [read:issue]`) is
//!   `insufficient_scope`.
//!
//! - Auto-merge (issue 28, `PullRequest::automation`): Gitea's pull request has no
//!   auto-merge field and `GET …/merge` only says whether it is merged; a scheduled
//!   merge shows only as timeline comments `pull_scheduled_merge` /
//!   `pull_cancel_scheduled_merge` (`GET /repos/{o}/{r}/issues/{index}/timeline`,
//!   `read:issue`): the latest of the two says on (and who scheduled it) or off. The
//!   comment does not name the merge style, so the method is not shown. Read only
//!   for a PR whose head or `updated_at` moved (scheduling or cancelling adds a
//!   comment, which moves the issue's `updated_at`, so a merge Ampel or the web UI
//!   scheduled is seen at the next refresh), with `since` = the cached `updated_at`
//!   when there is a cached copy (no entry since: the cached state stands), in full
//!   for a PR of mine seen the first time; an unchanged PR keeps the cached state
//!   with no request. A failed read keeps the cached state. Limits: a scheduled
//!   merge whose comment was deleted is not seen; on someone else's PR, a merge
//!   scheduled before Ampel first listed it shows once the PR next changes (a cold
//!   sync reads no timeline for it: 300 more requests for 300 PRs was too dear).
//! - Behind its base: Gitea's API has no such fact on the pull request (the web UI
//!   computes the divergence itself; the API only has the compare endpoint, one
//!   costly read per PR), so Ampel does not say "behind"; Update branch is offered
//!   and Gitea's answer tells (see `actions::gitea`). No merge queue on Gitea.
//! - Ended (`Listing::ended`): a cached PR that had auto-merge on and is not among
//!   the open PRs of the listed repositories is read once (`GET …/pulls/{index}`):
//!   merged or closed as Gitea says, `Unknown` when the read fails; still open (it
//!   only left the sections): not recorded.
//!
//! Requests per refresh, for R repositories with found or watched PRs (B distinct
//! base branches) and P PRs (M of them mine): `Σ⌈hits/50⌉ + Σ⌈open/50⌉ + B + 2·P + M`
//! cold (reviews, status; the timeline of mine); a PR that moved costs its reviews, status and one timeline page; plus
//! one read per ended PR that had auto-merge on; within the
//! re-check bound with nothing changed `Σ⌈open/50⌉ + (PRs whose CI is not final)`;
//! once the bound passed, the searches, one branch per base and one status per PR
//! again. `make bench` (1 account × 300 PRs in 20 repositories, each in 3
//! sections, none reviewed by me): 18 + 1 (the empty *Reviewed* search) + 20 + 20 +
//! 600 + 300 timelines = 959 cold (659 before the auto-merge timeline, issue 28),
//! 20 with nothing changed (no timeline read).

mod client;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzz;
mod model;

use super::recheck::{self, Need, Recheck};
use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::Http;
use crate::list::{retry_later, ListSpec, Listing};
use ampel_core::changes::Listed;
use ampel_core::pr::Unloaded;
use ampel_core::section::{Section, Sections};
use ampel_core::Secret;
use client::Client;
use model::{Branch, Combined, Issue, Pull, ReviewItem, TimelineItem};
use std::collections::BTreeMap;
use std::sync::Arc;
use time::OffsetDateTime;

/// Gitea's largest page.
const LIMIT: &str = "50";

/// A PR a search or a watched repository found, with its sections so far.
struct Found {
    repo: String,
    number: u64,
    sections: Sections,
}

/// A PR with its full object and what this refresh reads about it.
struct Job {
    repo: String,
    pull: Pull,
    sections: Sections,
    need: Need,
    /// The cached copy's `updated_at`: the timeline is read from there on.
    since: Option<OffsetDateTime>,
    /// Opened by the signed-in user (whatever sections this listing asks for).
    by_me: bool,
}

/// Lists the open pull requests of the sections in `spec`.
pub(crate) async fn list(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    spec: &ListSpec,
) -> Result<Listing, ForgeError> {
    let client = Arc::new(Client::new(ctx, http, token));
    let rule = Recheck::new("gitea", spec);
    let watched = watched_repos(spec);
    let me = spec.login.as_deref().filter(|l| !l.is_empty());
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    // Within the bound (and with the login known to match the lists against), the
    // repositories of the last full search stand and no search is made.
    let kept = me.and_then(|_| rule.kept(REPOS_NOTE, &mut notes));
    let searched = kept.is_none();
    let mut repos: Vec<String> = watched.clone();
    match kept {
        Some(list) => {
            let cached = list
                .split(',')
                .filter(|r| !r.is_empty())
                .map(str::to_string);
            let previous = spec.previous.iter().map(|l| l.pr.repo.clone());
            for repo in cached.chain(previous) {
                push_repo(&mut repos, &repo);
            }
        }
        None => {
            for (section, flag) in SEARCHES {
                if !spec.sections.contains(&section) {
                    continue;
                }
                for (repo, number) in search(&client, flag).await? {
                    add(&mut found, &repo, number, section);
                }
            }
            let mut hit: Vec<String> = Vec::new();
            for f in &found {
                push_repo(&mut hit, &f.repo);
            }
            rule.keep(REPOS_NOTE, &hit.join(","), &mut notes);
            for repo in hit {
                push_repo(&mut repos, &repo);
            }
        }
    }
    let pulls = client
        .each(repos, |c, repo| async move {
            let pulls = repo_pulls(&c, &repo).await?;
            Ok((repo, pulls))
        })
        .await?;
    let mut jobs = Vec::new();
    let open: Vec<(String, u64)> = pulls
        .iter()
        .flat_map(|(repo, list)| list.iter().map(|p| (repo.to_ascii_lowercase(), p.number)))
        .collect();
    for (repo, pulls) in pulls {
        let is_watched = watched.iter().any(|w| w.eq_ignore_ascii_case(&repo));
        for pull in pulls {
            let mut sections = found
                .iter()
                .find(|f| f.number == pull.number && f.repo.eq_ignore_ascii_case(&repo))
                .map(|f| f.sections)
                .unwrap_or_else(Sections::none);
            if let Some(me) = me {
                for s in mine(spec, &pull, me).iter() {
                    sections.insert(s);
                }
            }
            if !searched {
                for s in unchanged_sections(spec, &repo, &pull).iter() {
                    sections.insert(s);
                }
            }
            if is_watched {
                sections.insert(Section::Watched);
            }
            // Between searches a moved PR I reviewed is kept while its reviews are
            // read: they tell whether it is still Reviewed.
            let keep = !searched && was_reviewed(spec, &repo, &pull);
            if sections == Sections::none() && !keep {
                continue;
            }
            let head = pull.head_sha().unwrap_or_default();
            let updated = pull.updated_at.unwrap_or(OffsetDateTime::UNIX_EPOCH);
            let mut need = rule.need(&repo, pull.number, head, Some(updated));
            // A PR cached before review facts were kept has its reviews read once
            // (facts are kept only when the login is known).
            if me.is_some()
                && rule
                    .previous(&repo, pull.number)
                    .is_some_and(|p| p.reviewing.is_none())
            {
                need = Need::All;
            }
            let since = rule.previous(&repo, pull.number).map(|p| p.updated_at);
            let by_me = me.is_some_and(|m| {
                pull.user
                    .as_ref()
                    .is_some_and(|u| u.login.eq_ignore_ascii_case(m))
            });
            jobs.push(Job {
                repo: repo.clone(),
                pull,
                sections,
                need,
                since,
                by_me,
            });
        }
    }
    let required = required_approvals(&client, &rule, &jobs).await?;
    let reads = client
        .each(jobs, |c, job| async move { read_one(&c, job).await })
        .await?;
    let mut listing = Listing::default();
    for (k, v) in notes.into_iter().chain(required.notes) {
        listing.validators.insert(k, v);
    }
    for (job, read) in reads {
        let key = (job.repo.to_ascii_lowercase(), base_of(&job.pull));
        let req = required.counts.get(&key).copied().flatten();
        let mut pr = pull_request(spec, &rule, &job, &read, req);
        let mut sections = job.sections;
        if reviewed_by_me(spec, me, &pr) {
            sections.insert(Section::Reviewed);
        }
        if sections == Sections::none() {
            continue;
        }
        if required.unloaded.contains(&key) {
            pr.mark_unloaded(Unloaded::BranchRules);
        }
        // A PR whose reviews or CI status could not be read keeps no note (moved:
        // all is read again) or its old one (the status is due again).
        let head = job.pull.head_sha().unwrap_or_default();
        if !(job.need == Need::All && read.failed()) {
            let (k, v) = rule.note(&job.repo, job.pull.number, head, read.status.is_some());
            listing.validators.insert(k, v);
        }
        listing.push(Listed { pr, sections });
    }
    listing.ended = ended(&client, spec, &open, &listing).await?;
    listing.rate_limit = client.budget();
    listing.requests = client.requests();
    Ok(listing)
}

/// The cached PRs that had auto-merge on and are no longer open, each read once.
async fn ended(
    client: &Arc<Client>,
    spec: &ListSpec,
    open: &[(String, u64)],
    listing: &Listing,
) -> Result<Vec<crate::list::Ended>, ForgeError> {
    let gone: Vec<(String, u64)> = spec
        .previous
        .iter()
        .map(|l| &l.pr)
        .filter(|p| !p.automation.is_idle())
        .filter(|p| {
            let key = (p.repo.to_ascii_lowercase(), p.number);
            !open.contains(&key)
                && !listing
                    .prs
                    .iter()
                    .any(|l| l.pr.number == p.number && l.pr.repo.eq_ignore_ascii_case(&p.repo))
        })
        .map(|p| (p.repo.clone(), p.number))
        .collect();
    let read = client
        .each(gone, |c, (repo, number)| async move {
            let (owner, name) = repo.split_once('/').unwrap_or((&repo, ""));
            let index = number.to_string();
            let url = c.url(&["repos", owner, name, "pulls", &index], &[])?;
            let pull = retry_later("gitea ended pull", c.get_optional::<Pull>(&url).await)?;
            Ok((repo, number, pull))
        })
        .await?;
    use ampel_core::pr::PrState;
    Ok(read
        .into_iter()
        .filter_map(|(repo, number, pull)| {
            let state = match pull {
                Some(Some(p)) => ampel_core::forge_status::gitea::pr_state(&p.state, p.merged),
                _ => PrState::Unknown,
            };
            // Still open: it only left the listed sections.
            (state != PrState::Open).then_some(crate::list::Ended {
                repo,
                number,
                state,
            })
        })
        .collect())
}

/// The sections found by a cross-repository issue search, and its flag.
const SEARCHES: [(Section, &str); 4] = [
    (Section::NeedsMyReview, "review_requested"),
    (Section::Mine, "created"),
    (Section::AssignedToMe, "assigned"),
    (Section::Reviewed, "reviewed"),
];

/// The note of the repositories the last full search found PRs in:
/// `gitea:repos` = `{owner/name,…} {unix of that search}`.
const REPOS_NOTE: &str = "gitea:repos";

/// Adds `repo` to `repos` unless it is there (case ignored).
fn push_repo(repos: &mut Vec<String>, repo: &str) {
    if !repos.iter().any(|r| r.eq_ignore_ascii_case(repo)) {
        repos.push(repo.to_string());
    }
}

/// The requested sections the full PR object puts it in for `me`: Mine (`user`),
/// Needs my review (`requested_reviewers`: Gitea lists pending requests only),
/// Assigned to me (`assignees`) — what the three searches match, but for a review
/// requested of one of my teams, which only the search (or the cached sections)
/// knows.
fn mine(spec: &ListSpec, pull: &Pull, me: &str) -> Sections {
    let is_me = |u: &model::User| u.login.eq_ignore_ascii_case(me);
    let mut out = Sections::none();
    let mut add_if = |s: Section, yes: bool| {
        if yes && spec.sections.contains(&s) {
            out.insert(s);
        }
    };
    add_if(Section::Mine, pull.user.as_ref().is_some_and(is_me));
    add_if(
        Section::NeedsMyReview,
        pull.requested_reviewers.iter().flatten().any(is_me),
    );
    add_if(
        Section::AssignedToMe,
        pull.assignees.iter().flatten().any(is_me),
    );
    out
}

/// The sections a cached PR keeps between full searches while its `updated_at` did
/// not move (a review requested of a team: a request, an assignment or a push adds
/// a comment, and Gitea's `CreateComment` updates the issue's `updated_unix`,
/// `models/issues/comment.go`).
fn unchanged_sections(spec: &ListSpec, repo: &str, pull: &Pull) -> Sections {
    let mut out = Sections::none();
    let previous = spec
        .previous
        .iter()
        .find(|l| l.pr.number == pull.number && l.pr.repo.eq_ignore_ascii_case(repo));
    if let Some(l) = previous.filter(|l| Some(l.pr.updated_at) == pull.updated_at) {
        for s in l.sections.iter().filter(|s| *s != Section::Watched) {
            out.insert(s);
        }
    }
    out
}

/// True when the cached copy of a PR was in Reviewed (whatever its `updated_at`).
fn was_reviewed(spec: &ListSpec, repo: &str, pull: &Pull) -> bool {
    spec.previous.iter().any(|l| {
        l.pr.number == pull.number
            && l.pr.repo.eq_ignore_ascii_case(repo)
            && l.sections.contains(Section::Reviewed)
    })
}

/// True when Reviewed is listed and the reviews show one of mine that says
/// something on a PR I did not open: what the `reviewed` search finds, known from
/// the reviews read or cached when no search was made.
fn reviewed_by_me(spec: &ListSpec, me: Option<&str>, pr: &ampel_core::pr::PullRequest) -> bool {
    let (Some(me), Some(facts)) = (me, &pr.reviewing) else {
        return false;
    };
    // The facts are read as `me` (their viewer).
    spec.sections.contains(&Section::Reviewed)
        && !pr.author.eq_ignore_ascii_case(me)
        && facts.viewer_review().is_some()
}

/// The watched `owner/name`s (trimmed, deduplicated), when Watched is listed.
fn watched_repos(spec: &ListSpec) -> Vec<String> {
    if !spec.sections.contains(&Section::Watched) {
        return Vec::new();
    }
    let mut repos: Vec<String> = spec
        .watched_repos
        .iter()
        .map(|r| r.trim().trim_matches('/').to_string())
        .filter(|r| r.split('/').count() == 2)
        .collect();
    repos.sort();
    repos.dedup();
    repos
}

/// The open PRs of one repository, as full PR objects.
async fn repo_pulls(client: &Client, repo: &str) -> Result<Vec<Pull>, ForgeError> {
    let (owner, name) = repo.split_once('/').unwrap_or((repo, ""));
    let url = client.url(
        &["repos", owner, name, "pulls"],
        &[("state", "open"), ("limit", LIMIT)],
    )?;
    client.pages(url).await
}

/// `(owner/name, index)` of every open PR the issue search finds with `flag=true`.
async fn search(client: &Client, flag: &str) -> Result<Vec<(String, u64)>, ForgeError> {
    let query = [
        ("type", "pulls"),
        ("state", "open"),
        (flag, "true"),
        ("limit", LIMIT),
    ];
    let url = client.url(&["repos", "issues", "search"], &query)?;
    let issues: Vec<Issue> = client.pages(url).await?;
    Ok(issues
        .into_iter()
        .filter(|i| i.pull_request.as_ref().is_some_and(|p| !p.is_null()))
        .filter_map(|i| Some((i.repository?.full_name?, i.number)))
        .collect())
}

/// Adds a PR to `found`, merging sections.
fn add(found: &mut Vec<Found>, repo: &str, number: u64, section: Section) {
    match found
        .iter_mut()
        .find(|f| f.number == number && f.repo.eq_ignore_ascii_case(repo))
    {
        Some(f) => f.sections.insert(section),
        None => found.push(Found {
            repo: repo.to_string(),
            number,
            sections: Sections::of(section),
        }),
    }
}

/// The base branch of a PR (`main` when Gitea leaves it out).
fn base_of(pull: &Pull) -> String {
    pull.base
        .as_ref()
        .and_then(|b| b.r#ref.clone())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| "main".to_string())
}

/// Required approvals per (lowercased repository, base branch), their notes, and
/// the branches whose protection could not be read this refresh.
#[derive(Default)]
struct Required {
    counts: BTreeMap<(String, String), Option<u32>>,
    notes: Vec<(String, String)>,
    unloaded: Vec<(String, String)>,
}

impl Required {
    /// Keeps the noted answer `value` of a branch (read at `at`) as it was.
    fn keep_noted(
        &mut self,
        branch: (String, String),
        key: String,
        value: &str,
        at: OffsetDateTime,
    ) {
        self.counts.insert(branch, value.parse::<u32>().ok());
        self.notes
            .push((key, format!("{value} {}", at.unix_timestamp())));
    }
}

/// Reads each base branch's protection once, again after the re-check bound;
/// the note `gitea:branch:{repo}:{base}` = `{count|-|refused} {checked_unix}`. A
/// 403 / 404 is believed once it repeats (`recheck::FIRST_REFUSAL`); a read that
/// failed otherwise keeps the last answer, due again, or without one its PRs say
/// "branch rules not loaded".
async fn required_approvals(
    client: &Arc<Client>,
    rule: &Recheck<'_>,
    jobs: &[Job],
) -> Result<Required, ForgeError> {
    let mut out = Required::default();
    let mut to_read: Vec<((String, String), String)> = Vec::new();
    for job in jobs {
        let key = (job.repo.to_ascii_lowercase(), base_of(&job.pull));
        if out.counts.contains_key(&key) || to_read.iter().any(|(k, _)| *k == key) {
            continue;
        }
        let note_key = format!("gitea:branch:{}:{}", key.0, key.1);
        match rule.fresh_note(&note_key) {
            Some((value, at)) => out.keep_noted(key, note_key, &value, at),
            None => to_read.push((key, job.repo.clone())),
        }
    }
    let read = client
        .each(to_read, |c, ((repo_lc, base), repo)| async move {
            let (owner, name) = repo.split_once('/').unwrap_or((&repo, ""));
            let url = c.url(&["repos", owner, name, "branches", &base], &[])?;
            let branch = retry_later("gitea branch", c.get_optional::<Branch>(&url).await)?;
            Ok(((repo_lc, base), branch))
        })
        .await?;
    for (key, branch) in read {
        let note_key = format!("gitea:branch:{}:{}", key.0, key.1);
        let (value, count) = match branch {
            // Failed: the last answer (past the bound) stands, due again at the next
            // refresh; without one, the PRs say "branch rules not loaded".
            None => {
                match rule.note_of(&note_key) {
                    Some((value, at)) => out.keep_noted(key, note_key, &value, at),
                    None => {
                        out.unloaded.push(key.clone());
                        out.counts.insert(key, None);
                    }
                }
                continue;
            }
            Some(None) => (rule.refusal(&note_key).to_string(), None),
            Some(Some(b)) => {
                let count = b.required();
                (count.map_or("-".to_string(), |n| n.to_string()), count)
            }
        };
        out.notes
            .push((note_key, format!("{value} {}", rule.now().unix_timestamp())));
        out.counts.insert(key, count);
    }
    Ok(out)
}

/// What one PR's reads gave: reviews and status when read (`None`: not asked, or
/// failed), and which asked read failed.
struct Reads {
    reviews: Option<Vec<ReviewItem>>,
    status: Option<Combined>,
    reviews_failed: bool,
    status_failed: bool,
    /// The timeline entries (since the cached copy when there is one); `None`: not
    /// read, or failed.
    timeline: Option<Vec<TimelineItem>>,
}

impl Reads {
    /// Some asked read failed.
    fn failed(&self) -> bool {
        self.reviews_failed || self.status_failed
    }
}

/// Reads what `job.need` asks: reviews and status, the status alone, or nothing.
/// A read that fails as `retry_later` allows is left out and noted.
async fn read_one(c: &Client, job: Job) -> Result<(Job, Reads), ForgeError> {
    let (owner, name) = job.repo.split_once('/').unwrap_or((&job.repo, ""));
    let index = job.pull.number.to_string();
    let mut reviews_failed = false;
    let reviews = if job.need == Need::All {
        let base = ["repos", owner, name, "pulls", index.as_str(), "reviews"];
        let read = retry_later(
            "gitea reviews",
            c.pages(c.url(&base, &[("limit", LIMIT)])?).await,
        )?;
        reviews_failed = read.is_none();
        read
    } else {
        None
    };
    let mut status_failed = false;
    let status = match (job.need, job.pull.head_sha()) {
        (Need::Nothing, _) => None,
        (_, Some(sha)) => {
            let url = c.url(&["repos", owner, name, "commits", sha, "status"], &[])?;
            let read = retry_later("gitea status", c.get(&url).await)?;
            status_failed = read.is_none();
            read
        }
        (_, None) => Some(Combined::default()),
    };
    // A PR seen the first time: only my own (auto-merge is the author's tool); any
    // PR's later scheduling moves it, and a moved PR is read from its cached copy on.
    let timeline_wanted = job.since.is_some() || job.by_me;
    let timeline = if job.need == Need::All && timeline_wanted {
        let base = ["repos", owner, name, "issues", index.as_str(), "timeline"];
        let since = job.since.and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
        let mut query = vec![("limit", LIMIT)];
        if let Some(since) = since.as_deref() {
            query.push(("since", since));
        }
        retry_later("gitea timeline", c.pages(c.url(&base, &query)?).await)?
    } else {
        None
    };
    let reads = Reads {
        reviews,
        status,
        reviews_failed,
        status_failed,
        timeline,
    };
    Ok((job, reads))
}

/// The neutral PR: the list object, with reviews and checks as read now or as
/// cached; a part whose read failed is marked not loaded, except a status re-check
/// of an unchanged PR, whose cached checks stand until the next refresh asks again.
fn pull_request(
    spec: &ListSpec,
    rule: &Recheck<'_>,
    job: &Job,
    read: &Reads,
    required: Option<u32>,
) -> ampel_core::pr::PullRequest {
    let mut pr = model::to_pull_request(&spec.account_id, &job.repo, &job.pull);
    let previous = rule.previous(&job.repo, job.pull.number);
    pr.review = match (&read.reviews, previous) {
        (Some(r), _) => model::review(r, required),
        (None, Some(prev)) if !read.reviews_failed => {
            recheck::with_required(&prev.review, required)
        }
        (None, _) => model::review(&[], required),
    };
    if read.reviews_failed {
        pr.mark_unloaded(Unloaded::Reviews);
    }
    // The review facts: requests from the list object (always current), reviews
    // as read now, else as cached while the PR did not move.
    if let Some(me) = spec.login.as_deref().filter(|l| !l.is_empty()) {
        let (marks, asked) = match &read.reviews {
            Some(r) => (model::marks(r), model::re_requested(r)),
            None if !read.reviews_failed => (
                previous
                    .and_then(|p| p.reviewing.as_ref())
                    .map(|f| f.reviews.clone())
                    .unwrap_or_default(),
                Vec::new(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        pr.reviewing = Some(model::facts(me, &job.pull, marks, &asked));
    }
    let moved = job.need == Need::All;
    pr.checks = match (&read.status, previous) {
        (Some(s), _) => model::checks(s),
        (None, Some(prev)) if !(moved && read.status_failed) => prev.checks.clone(),
        (None, _) => Default::default(),
    };
    if moved && read.status_failed {
        pr.mark_unloaded(Unloaded::CiStatus);
    }
    // Auto-merge: the latest timeline entry read now, else the cached state.
    let cached = previous.and_then(|p| p.automation.auto_merge.clone());
    pr.automation.auto_merge = match &read.timeline {
        Some(items) => match model::auto_merge(items) {
            Some(state) => state,
            // No entry since the cached copy: its state stands; read in full: off.
            None if job.since.is_some() => cached,
            None => None,
        },
        None => cached,
    };
    pr
}
