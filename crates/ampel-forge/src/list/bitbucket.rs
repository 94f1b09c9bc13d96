//! Listing Bitbucket Cloud pull requests per section, without the cross-workspace
//! endpoints Atlassian removed.
//!
//! Facts (docs/forge-apis.md §3.4–3.5, from the 2026-06-22 OpenAPI copy unless marked):
//! - `GET /2.0/pullrequests/{selected_user}` is gone (404 since 2025). `GET
//!   /2.0/repositories`, `/2.0/workspaces` and `/2.0/user/permissions/{repositories,
//!   workspaces}` answer 410 since CHANGE-2770 (2026-02-27); their replacement is
//!   `GET /2.0/user/workspaces` then `GET /2.0/repositories/{workspace}?role=member`.
//! - `GET /2.0/workspaces/{ws}/pullrequests/{selected_user}` lists the PRs a user
//!   *authored* in one workspace. There is no cross-repository "review requested of
//!   me": that takes BBQL per repository, `q=state="OPEN" AND reviewers.uuid="{uuid}"`
//!   (state inside `q`, because `state=` is reported ignored next to `q`, third-party).
//! - `reviewers` (and, third-party BCLOUD-22389, `participants`) are not in list pages
//!   by default; `fields=+values.reviewers` adds them (third-party: GitLab's importer).
//!   When a list item still comes without `participants`, its `self` URL is read.
//! - Build statuses: `GET …/pullrequests/{id}/statuses`; no bulk endpoint exists. They
//!   are read only for a PR whose source commit moved since the last sync, whose last
//!   known state was not final (`INPROGRESS`, or no status yet), or whose final state
//!   is older than the re-check bound (`list::recheck`); otherwise the cached checks
//!   stand. Participants and the source commit come with the list page (`fields=`).
//! - Required approvals: the `require_approvals_to_merge` branch restriction of the
//!   destination branch (`GET …/branch-restrictions?kind=require_approvals_to_merge`,
//!   glob patterns), once per repository and again after the re-check bound. It needs
//!   repository admin: on a 403 / 404 nothing is said about required approvals, and
//!   a 403 naming the missing admin scope stops the reads for every repository.
//! - Conflicts: the PR has no conflict flag (`mergeable` means "passes all merge
//!   checks" and is not read); `GET …/pullrequests/{id}/diffstat` marks conflicted files
//!   with `status: "merge conflict"`. A conflict only changes with the source or
//!   destination commit, so the diffstat is read again only when that pair changed
//!   (the pair is kept in the listing's validators under `bitbucket:commits:{repo}#{id}`).
//!   Without a conflict the merge state is `Unknown`, which adds no reason (green).
//! - Bitbucket PRs have no assignees: *Assigned to me* is always empty.
//! - *Reviewed*: a PR I did not open on which, as a reviewer or participant, I
//!   approved, requested changes or commented (`participants[]`), among the PRs the
//!   lists found. The reviewer query (`reviewers.uuid`) finds a reviewer's PRs; a
//!   participant who is not a reviewer (a commenter, an approver not asked) is found
//!   only in a watched repository, since no BBQL field for participants is documented.
//! - Whose turn (issue 27, `PullRequest::reviewing`): from the list page's
//!   participants — no reviewed commit, no team requests — each approval, request
//!   for changes or comment at its `participated_on`, undecided reviewers without a
//!   comment as requested; the head's time is the source commit's `date`, read with
//!   `GET …/commit/{hash}?fields=hash,date` only for a PR whose source commit is new
//!   to Ampel and that someone reviewed, else cached with the PR. A failed read marks
//!   the reviews not loaded and keeps no note, so it is read again.
//! - No ETag / If-None-Match support is documented for these endpoints, so no
//!   conditional requests are made. Rate-limit headers (`X-RateLimit-Limit`,
//!   `-NearLimit`) reach access tokens only; a 429 is `rate_limited` (with
//!   `Retry-After` when sent).
//!
//! Requests per refresh, for W workspaces, R member repositories, V watched
//! repositories and P listed PRs (pages: 100 workspaces / repos, 50 PRs), on a cold
//! sync (afterwards statuses, diffstats and restrictions only as said above, and
//! the discovery — `/2.0/user`, workspaces, member repositories — once per re-check
//! bound, kept among the notes in between: a new repository shows within it):
//! `1` (`/2.0/user`: the uuid BBQL needs) `+ ⌈W/100⌉`
//! - with *Needs my review*: `+ W·⌈R/100⌉ + R` (one BBQL page per repository, which
//!   also answers *Mine* there); with *Mine* alone: `+ W` (the authored-PR endpoint);
//! - with *Watched*: `+ V` (all open PRs, classified client-side; those repositories
//!   are skipped in the member scan);
//! - `+ P` statuses, `+` one diffstat per PR whose commits changed since the last sync,
//!   `+` one commit per reviewed PR whose source commit changed since the last sync,
//!   `+` one branch-restrictions read per repository with listed PRs (one in all
//!   when the token lacks the admin scope).
//!
//! So 1 account × 300 PRs in one workspace with 20 repositories, nobody's review on
//! them yet, a token without the admin scope: 1 + 1 + 1 + 20 list pages + 1
//! restrictions + 300 statuses + 300 diffstats = 624 on the first sync (+1 commit per
//! reviewed PR: 924 if all were); with nothing changed within the bound the 20 list
//! pages; past it 1 + 1 + 1 + 20 + 1 + 300 statuses = 324.
//! Access tokens (Bearer) cannot read `/2.0/user` (403): they list *Watched* only.

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
use ampel_core::pr::{MergeState, ReviewVote, Unloaded};
use ampel_core::section::{Section, Sections};
use ampel_core::Secret;
use client::{Client, Readable};
use model::{Diffstat, Pr, Read, Repository, Restriction, Status, User, WorkspaceAccess};
use std::collections::BTreeMap;
use std::sync::Arc;

/// PR list pages: Bitbucket's maximum for pull requests.
const PR_PAGELEN: &str = "50";
/// Adds the people the light needs to list pages.
const PR_FIELDS: &str = "+values.participants,+values.reviewers";

/// A PR found by a list, with the sections it belongs to so far.
struct Found {
    pr: Pr,
    repo: String,
    sections: Sections,
}

/// Lists the open pull requests of the sections in `spec`.
pub(crate) async fn list(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    spec: &ListSpec,
) -> Result<Listing, ForgeError> {
    let client = Arc::new(Client::new(ctx, http, token)?);
    let rule = Recheck::new("bitbucket", spec);
    let mut d = Discovery {
        client: &client,
        rule: &rule,
        notes: Vec::new(),
    };
    let me = d.whoami().await?;
    let mut found: Vec<Found> = Vec::new();
    let watched = watched_repos(spec);
    for repo in &watched {
        let prs = repo_prs(&client, repo, "state=\"OPEN\"").await?;
        add(&mut found, prs, repo, spec, me.as_ref(), true);
    }
    if let Some(me) = &me {
        personal(&mut d, spec, me, &watched, &mut found).await?;
    }
    let notes = d.notes;
    found.retain(|f| f.sections != Sections::none());
    let approvals = required_approvals(&client, &rule, &found).await?;
    let reads = read_all(&client, found, spec, &rule, me.as_ref()).await?;
    let mut listing = finish(&client, spec, &rule, reads, approvals);
    listing.validators.extend(notes);
    Ok(listing)
}

/// The account's discovery answers — who I am, my workspaces, their repositories —
/// read once per re-check bound and kept among the notes in between
/// (`bitbucket:me`, `bitbucket:workspaces`, `bitbucket:repos:{workspace}` =
/// `{answer} {read_unix}`): a new workspace or repository shows within the bound.
struct Discovery<'a> {
    client: &'a Client,
    rule: &'a Recheck<'a>,
    notes: Vec<(String, String)>,
}

impl Discovery<'_> {
    /// The current user, or `None` for an access token (a bot without a profile).
    async fn whoami(&mut self) -> Result<Option<User>, ForgeError> {
        const KEY: &str = "bitbucket:me";
        if let Some(kept) = self.rule.kept(KEY, &mut self.notes) {
            if let Ok(me) = serde_json::from_str::<Option<User>>(&kept) {
                return Ok(me);
            }
            self.notes.retain(|(k, _)| k != KEY);
        }
        let url = self.client.url(&["user"], &[])?;
        let reply = self.client.send(&url).await?;
        let me = if reply.status.as_u16() == 403 && self.client.is_bearer() {
            None
        } else {
            self.client.check(&reply)?;
            Some(crate::common::parse_json::<User>(
                ampel_core::Provider::Bitbucket,
                &reply,
            )?)
        };
        if let Ok(text) = serde_json::to_string(&me) {
            self.rule.keep(KEY, &text, &mut self.notes);
        }
        Ok(me)
    }

    /// The slugs of the user's workspaces.
    async fn workspaces(&mut self) -> Result<Vec<String>, ForgeError> {
        let key = "bitbucket:workspaces";
        if let Some(kept) = self.rule.kept(key, &mut self.notes) {
            return Ok(split(&kept));
        }
        let url = self
            .client
            .url(&["user", "workspaces"], &[("pagelen", "100")])?;
        let access: Vec<WorkspaceAccess> = self.client.pages(url).await?;
        let slugs: Vec<String> = access.iter().filter_map(WorkspaceAccess::slug).collect();
        self.rule.keep(key, &slugs.join(","), &mut self.notes);
        Ok(slugs)
    }

    /// The `workspace/slug` of every repository the user is a member of in `ws`.
    async fn member_repos(&mut self, ws: &str) -> Result<Vec<String>, ForgeError> {
        let key = format!("bitbucket:repos:{}", ws.to_ascii_lowercase());
        if let Some(kept) = self.rule.kept(&key, &mut self.notes) {
            return Ok(split(&kept));
        }
        let url = self.client.url(
            &["repositories", ws],
            &[
                ("role", "member"),
                ("pagelen", "100"),
                ("fields", "next,values.full_name"),
            ],
        )?;
        let repos: Vec<Repository> = self.client.pages(url).await?;
        let names: Vec<String> = repos.into_iter().filter_map(|r| r.full_name).collect();
        self.rule.keep(&key, &names.join(","), &mut self.notes);
        Ok(names)
    }
}

/// A kept comma-separated list (workspace slugs and repository names hold no comma).
fn split(kept: &str) -> Vec<String> {
    kept.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The `require_approvals_to_merge` restrictions of one repository, if readable.
async fn restrictions(
    client: &Client,
    repo: &str,
) -> Result<Readable<Vec<Restriction>>, ForgeError> {
    let (ws, slug) = repo.split_once('/').unwrap_or((repo, ""));
    let url = client.url(
        &["repositories", ws, slug, "branch-restrictions"],
        &[("kind", "require_approvals_to_merge"), ("pagelen", "100")],
    )?;
    client.pages_if_readable(url).await
}

/// Each repository's `require_approvals_to_merge` restrictions (`None`: not readable),
/// their notes `bitbucket:approvals:{repo}` = `{json|?|refused} {checked_unix}`, and
/// the repositories whose read failed this refresh. `?` is a missing scope (every
/// repository answers the same); a plain 403 / 404 is believed once it repeats
/// (`recheck::FIRST_REFUSAL`); any other failure keeps the last answer, due again,
/// or without one its PRs say "branch rules not loaded".
#[derive(Default)]
struct Approvals {
    rules: BTreeMap<String, Option<Vec<Restriction>>>,
    notes: Vec<(String, String)>,
    unloaded: Vec<String>,
}

impl Approvals {
    /// Keeps the noted answer `value` of `repo` (read at `at`) as it was.
    fn keep_noted(&mut self, repo: String, key: String, value: &str, at: time::OffsetDateTime) {
        let rules = serde_json::from_str::<Vec<Restriction>>(value).ok();
        self.notes
            .push((key, format!("{value} {}", at.unix_timestamp())));
        self.rules.insert(repo, rules);
    }

    /// The approvals required to merge into `branch` of `repo`, when readable and set.
    fn required(&self, repo: &str, branch: &str) -> Option<u32> {
        let rules = self.rules.get(&repo.to_ascii_lowercase())?.as_ref()?;
        rules
            .iter()
            .filter(|r| r.kind.as_deref() == Some("require_approvals_to_merge"))
            .filter(|r| r.applies_to(branch))
            .filter_map(|r| r.value)
            .filter_map(|v| u32::try_from(v).ok())
            .max()
            .filter(|n| *n > 0)
    }
}

async fn required_approvals(
    client: &Arc<Client>,
    rule: &Recheck<'_>,
    found: &[Found],
) -> Result<Approvals, ForgeError> {
    let mut out = Approvals::default();
    let mut to_read: Vec<String> = Vec::new();
    for f in found {
        let repo = f.repo.to_ascii_lowercase();
        if out.rules.contains_key(&repo) || to_read.contains(&repo) {
            continue;
        }
        let key = format!("bitbucket:approvals:{repo}");
        match rule.fresh_note(&key) {
            Some((value, at)) => out.keep_noted(repo, key, &value, at),
            None => to_read.push(repo),
        }
    }
    // The first read alone: a token without the admin scope answers the same 403
    // for every repository, so the others are not asked.
    let mut read = Vec::new();
    let mut rest = to_read.into_iter();
    if let Some(first) = rest.next() {
        let rules = retry_later("bitbucket restrictions", restrictions(client, &first).await)?;
        let no_scope = matches!(rules, Some(Readable::NoScope));
        read.push((first, rules));
        if no_scope {
            read.extend(rest.by_ref().map(|r| (r, Some(Readable::NoScope))));
        }
    }
    let others = client
        .each(rest.collect(), |c, repo| async move {
            let rules = retry_later("bitbucket restrictions", restrictions(&c, &repo).await)?;
            Ok((repo, rules))
        })
        .await?;
    read.extend(others);
    for (repo, rules) in read {
        let key = format!("bitbucket:approvals:{repo}");
        let (value, rules) = match rules {
            Some(Readable::Read(r)) => (
                serde_json::to_string(&r).unwrap_or_else(|_| "?".to_string()),
                Some(r),
            ),
            Some(Readable::NoScope) => ("?".to_string(), None),
            Some(Readable::Denied) => (rule.refusal(&key).to_string(), None),
            // Failed: the last answer (past the bound) stands, due again at the next
            // refresh; without one, the PRs say "branch rules not loaded".
            None => {
                match rule.note_of(&key) {
                    Some((value, at)) => out.keep_noted(repo, key, &value, at),
                    None => {
                        out.unloaded.push(repo.clone());
                        out.rules.insert(repo, None);
                    }
                }
                continue;
            }
        };
        out.notes
            .push((key, format!("{value} {}", rule.now().unix_timestamp())));
        out.rules.insert(repo, rules);
    }
    Ok(out)
}

/// The watched `workspace/slug`s (trimmed, deduplicated), when Watched is listed.
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

/// Mine, Needs my review and Reviewed, through the user's workspaces.
async fn personal(
    d: &mut Discovery<'_>,
    spec: &ListSpec,
    me: &User,
    watched: &[String],
    found: &mut Vec<Found>,
) -> Result<(), ForgeError> {
    // A reviewer's PRs answer both Needs my review and Reviewed.
    let review = spec.sections.contains(&Section::NeedsMyReview)
        || spec.sections.contains(&Section::Reviewed);
    let mine = spec.sections.contains(&Section::Mine);
    if !(review || mine) {
        return Ok(());
    }
    let Some(uuid) = me.uuid.clone().or_else(|| me.account_id.clone()) else {
        return Ok(());
    };
    let client = d.client;
    for ws in d.workspaces().await? {
        if review {
            let q = if mine {
                format!("state=\"OPEN\" AND (reviewers.uuid=\"{uuid}\" OR author.uuid=\"{uuid}\")")
            } else {
                format!("state=\"OPEN\" AND reviewers.uuid=\"{uuid}\"")
            };
            for repo in d.member_repos(&ws).await? {
                if watched.iter().any(|w| w.eq_ignore_ascii_case(&repo)) {
                    continue;
                }
                let prs = repo_prs(client, &repo, &q).await?;
                add(found, prs, &repo, spec, Some(me), false);
            }
        } else {
            let url = client.url(
                &["workspaces", &ws, "pullrequests", &uuid],
                &[
                    ("state", "OPEN"),
                    ("pagelen", PR_PAGELEN),
                    ("fields", PR_FIELDS),
                ],
            )?;
            let prs: Vec<Pr> = client.pages(url).await?;
            add(found, prs, "", spec, Some(me), false);
        }
    }
    Ok(())
}

/// The open PRs of one repository matching the BBQL `q`.
async fn repo_prs(client: &Client, repo: &str, q: &str) -> Result<Vec<Pr>, ForgeError> {
    let (ws, slug) = repo.split_once('/').unwrap_or((repo, ""));
    let url = client.url(
        &["repositories", ws, slug, "pullrequests"],
        &[("q", q), ("pagelen", PR_PAGELEN), ("fields", PR_FIELDS)],
    )?;
    client.pages(url).await
}

/// Records `prs` (from `repo`, or their own destination when empty) with their sections.
fn add(
    found: &mut Vec<Found>,
    prs: Vec<Pr>,
    repo: &str,
    spec: &ListSpec,
    me: Option<&User>,
    watched: bool,
) {
    for pr in prs {
        let Some(repo) = pr
            .repo()
            .or_else(|| (!repo.is_empty()).then(|| repo.to_string()))
        else {
            continue;
        };
        let sections = sections_of(&pr, spec, me, watched);
        match found
            .iter_mut()
            .find(|f| f.pr.id == pr.id && f.repo.eq_ignore_ascii_case(&repo))
        {
            Some(f) => {
                for s in sections.iter() {
                    f.sections.insert(s);
                }
            }
            None => found.push(Found { pr, repo, sections }),
        }
    }
}

/// The requested sections a PR is in: Mine (I authored it), Needs my review (I am a
/// reviewer who has not approved or requested changes yet), Reviewed (not mine, and
/// as a reviewer or participant I approved, requested changes or commented),
/// Watched.
fn sections_of(pr: &Pr, spec: &ListSpec, me: Option<&User>, watched: bool) -> Sections {
    let mut s = Sections::none();
    let wanted = |x: Section| spec.sections.contains(&x);
    if let Some(me) = me {
        if wanted(Section::Mine) && pr.author.as_ref().is_some_and(|a| a.same_as(me)) {
            s.insert(Section::Mine);
        }
        let undecided = pr.vote_of(me).is_none_or(|v| v == ReviewVote::NoOpinion);
        if wanted(Section::NeedsMyReview) && pr.has_reviewer(me) && undecided {
            s.insert(Section::NeedsMyReview);
        }
        let author = pr.author.as_ref().is_some_and(|a| a.same_as(me));
        if wanted(Section::Reviewed) && !author && pr.my_review(me).is_some() {
            s.insert(Section::Reviewed);
        }
    }
    if watched {
        s.insert(Section::Watched);
    }
    s
}

/// Reads participants (when the list left them out), statuses (when [`Need`] says)
/// and, when the commits moved, the diffstat of every PR, six at a time.
async fn read_all(
    client: &Arc<Client>,
    found: Vec<Found>,
    spec: &ListSpec,
    rule: &Recheck<'_>,
    me: Option<&User>,
) -> Result<Vec<(Read, Sections)>, ForgeError> {
    let viewer = me.map(User::name).filter(|n| !n.is_empty());
    let jobs: Vec<(Found, Option<bool>, Need, Head)> = found
        .into_iter()
        .map(|f| {
            let known = known_conflict(spec, &f);
            let need = rule.need(&f.repo, f.pr.id, &f.pr.source_hash(), None);
            let head = head_time(rule, &f, need);
            (f, known, need, head)
        })
        .collect();
    client
        .each(jobs, |c, (f, known, need, head)| {
            let viewer = viewer.clone();
            async move {
                let mut read = read_one(&c, f.pr, f.repo, known, need, head).await?;
                read.viewer = viewer;
                Ok((read, f.sections))
            }
        })
        .await
}

/// The source commit's time: known, to read, or not needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    /// As cached for this source commit (`None`: nobody had reviewed then).
    Known(Option<time::OffsetDateTime>),
    /// To read (`GET …/commit/{hash}`): the commit is new to Ampel and someone
    /// approved, requested changes or commented.
    Read,
}

/// Whether the source commit's date must be read: only for a PR whose source
/// commit moved since the cached copy (or that is new), and only when some review
/// could predate it; otherwise the cached time stands.
fn head_time(rule: &Recheck<'_>, f: &Found, need: Need) -> Head {
    let hash = f.pr.source_hash();
    let cached = rule
        .previous(&f.repo, f.pr.id)
        .filter(|p| p.head_sha.as_deref() == Some(hash.as_str()))
        .and_then(|p| p.reviewing.as_ref());
    if let (Some(facts), false) = (cached, need == Need::All) {
        return Head::Known(facts.head_at);
    }
    let reviewed =
        f.pr.participants
            .iter()
            .flatten()
            .any(|p| p.vote() != ReviewVote::NoOpinion);
    if reviewed && !hash.is_empty() {
        Head::Read
    } else {
        Head::Known(None)
    }
}

/// The conflict flag from the last sync when the PR's commits have not moved since.
fn known_conflict(spec: &ListSpec, f: &Found) -> Option<bool> {
    let same = spec.validators.get(&commits_key(&f.repo, f.pr.id)) == Some(&f.pr.commits());
    if !same {
        return None;
    }
    spec.previous
        .iter()
        .find(|l| l.pr.number == f.pr.id && l.pr.repo.eq_ignore_ascii_case(&f.repo))
        .map(|l| l.pr.merge == MergeState::Conflict)
}

fn commits_key(repo: &str, id: u64) -> String {
    format!("bitbucket:commits:{repo}#{id}")
}

async fn read_one(
    c: &Client,
    mut pr: Pr,
    repo: String,
    known: Option<bool>,
    need: Need,
    head: Head,
) -> Result<Read, ForgeError> {
    let (ws, slug) = repo.split_once('/').unwrap_or((&repo, ""));
    let id = pr.id.to_string();
    let base = ["repositories", ws, slug, "pullrequests", id.as_str()];
    let mut unloaded = Vec::new();
    if pr.participants.is_none() {
        match retry_later("bitbucket pull request", c.get(&c.url(&base, &[])?).await)? {
            Some(full) => pr = full,
            None => unloaded.push(Unloaded::Reviews),
        }
    }
    let statuses: Option<Vec<Status>> = match need {
        Need::Nothing => None,
        Need::All | Need::Status => {
            let url = c.url(&[&base[..], &["statuses"]].concat(), &[("pagelen", "100")])?;
            let read = retry_later("bitbucket statuses", c.pages(url).await)?;
            // A moved PR has no checks to fall back on; an unchanged one keeps its own.
            if read.is_none() && need == Need::All {
                unloaded.push(Unloaded::CiStatus);
            }
            read
        }
    };
    let conflict = match known {
        Some(k) => Some(k),
        None => {
            let url = c.url(
                &[&base[..], &["diffstat"]].concat(),
                &[("pagelen", "500"), ("fields", "next,values.status")],
            )?;
            let files = retry_later("bitbucket diffstat", c.pages::<Diffstat>(url).await)?;
            if files.is_none() {
                unloaded.push(Unloaded::Conflicts);
            }
            files.map(|files| {
                files
                    .iter()
                    .any(|f| f.status.as_deref() == Some("merge conflict"))
            })
        }
    };
    let mut head_failed = false;
    let head_at = match head {
        Head::Known(at) => at,
        Head::Read => {
            let hash = pr.source_hash();
            let url = c.url(
                &["repositories", ws, slug, "commit", &hash],
                &[("fields", "hash,date")],
            )?;
            match retry_later("bitbucket commit", c.get::<model::Commit>(&url).await)? {
                Some(commit) => commit.date,
                None => {
                    unloaded.push(Unloaded::Reviews);
                    head_failed = true;
                    None
                }
            }
        }
    };
    Ok(Read {
        pr,
        repo,
        statuses,
        conflict,
        unloaded,
        head_at,
        viewer: None,
        head_failed,
    })
}

/// The listing: neutral PRs (cached checks where statuses were not read, required
/// approvals where readable), the notes to remember, the budget and counts.
fn finish(
    client: &Client,
    spec: &ListSpec,
    rule: &Recheck<'_>,
    reads: Vec<(Read, Sections)>,
    approvals: Approvals,
) -> Listing {
    let mut listing = Listing::default();
    let mut validators: BTreeMap<String, String> = approvals.notes.iter().cloned().collect();
    for (read, sections) in reads {
        let (repo, id) = (read.repo.as_str(), read.pr.id);
        // Notes only for what was read: a failed part is read again next refresh.
        if !read.unloaded.contains(&Unloaded::Conflicts) {
            validators.insert(commits_key(repo, id), read.pr.commits());
        }
        // A failed head read keeps no note either: all is read again next refresh.
        if !read.unloaded.contains(&Unloaded::CiStatus) && !read.head_failed {
            let (k, v) = rule.note(repo, id, &read.pr.source_hash(), read.statuses.is_some());
            validators.insert(k, v);
        }
        let mut pr = model::to_pull_request(&spec.account_id, &read);
        if read.statuses.is_none() && !read.unloaded.contains(&Unloaded::CiStatus) {
            if let Some(prev) = rule.previous(repo, id) {
                pr.checks = prev.checks.clone();
            }
        }
        let required = approvals.required(repo, &read.pr.destination_branch());
        if required.is_some() {
            pr.review = recheck::with_required(&pr.review, required);
        }
        if approvals.unloaded.contains(&repo.to_ascii_lowercase()) {
            pr.mark_unloaded(Unloaded::BranchRules);
        }
        listing.push(Listed { pr, sections });
    }
    listing.validators = validators;
    listing.rate_limit = client.budget();
    listing.requests = client.requests();
    listing
}
