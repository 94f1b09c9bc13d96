//! The head pipeline of every listed merge request, on every project: one
//! conditional `GET /projects/:id/pipelines` page per project joined on each MR's
//! `sha` (further pages, up to [`MAX_PAGES`], only while an MR never seen before is
//! not found), the failed jobs' names once per failed pipeline that changed, and
//! the single MR only where the project's list cannot tell.
//!
//! What the last sync learnt about each MR's head (its `sha`, and the pipeline's id,
//! status and `updated_at`) is kept among the listing's validators under
//! `gitlab head <path>!<iid>`, so an MR reused from a 304 list can still be joined
//! and an unchanged pipeline costs nothing. A project whose MRs all kept their
//! recorded head and whose head pipelines all finished is not asked at all until
//! the re-check bound passed since its page was last read (`gitlab checked <path>`
//! = unix seconds): the rule of `list::recheck` — a retried pipeline shows within
//! the bound, a running one or an MR without a pipeline is asked every refresh.

use super::fetch::{Answer, Fetcher, ListMode};
use super::mr::{Mr, Pipeline};
use crate::error::ForgeError;
use crate::list::{retry_later, ListSpec, Listing};
use ampel_core::changes::pr_key;
use ampel_core::forge_status::gitlab::{self as status, StatusHint};
use ampel_core::pr::{CheckState, Checks, PullRequest, Unloaded};
use reqwest::Url;
use serde::Deserialize;

/// What a fresh MR list said about one MR that the PR does not keep.
pub(super) struct Head {
    pub key: String,
    pub sha: Option<String>,
    pub hint: Option<StatusHint>,
    /// From a fork: its pipelines may run in the fork, not in this project.
    pub fork: bool,
    /// The MR's target branch (its merge train is that branch's).
    pub target: Option<String>,
}

/// Pipelines per page (GitLab's maximum).
const PER_PAGE: usize = 100;

/// At most this many pipeline pages per project and refresh.
const MAX_PAGES: usize = 5;

/// At most this many projects are read at once.
pub(super) const CONCURRENCY: usize = 6;

/// One MR's head as the last sync saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Record {
    sha: String,
    pipeline: Option<Seen>,
    /// Read from the single MR, not from the project's pipeline list (a fork's
    /// pipeline, or one too old for the list's first page).
    via_mr: bool,
}

/// A head pipeline: enough to tell whether it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    id: u64,
    status: String,
    updated_at: String,
}

impl Seen {
    fn of(p: &Pipeline) -> Self {
        Seen {
            id: p.id,
            status: p.status.clone().unwrap_or_default(),
            updated_at: p.updated_at.clone().unwrap_or_default(),
        }
    }

    fn in_progress(&self) -> bool {
        let state = status::pipeline_state(&self.status);
        state.is_in_progress() || state == CheckState::Manual
    }
}

impl Record {
    /// `sha id status updated_at via` (`-` for no pipeline).
    fn encode(&self) -> String {
        let via = if self.via_mr { "mr" } else { "list" };
        match &self.pipeline {
            Some(p) => format!("{} {} {} {} {via}", self.sha, p.id, p.status, p.updated_at),
            None => format!("{} - - - {via}", self.sha),
        }
    }

    fn decode(s: &str) -> Option<Self> {
        let parts: Vec<&str> = s.split(' ').collect();
        let [sha, id, status, updated_at, via] = parts.as_slice() else {
            return None;
        };
        let pipeline = match id.parse::<u64>() {
            Ok(id) => Some(Seen {
                id,
                status: (*status).to_string(),
                updated_at: (*updated_at).to_string(),
            }),
            Err(_) => None,
        };
        Some(Record {
            sha: (*sha).to_string(),
            pipeline,
            via_mr: *via == "mr",
        })
    }
}

/// The validator keys of head records start with this.
pub(super) const RECORD_PREFIX: &str = "gitlab head ";

/// The validator key of an MR's head record.
fn record_key(pr: &PullRequest) -> String {
    format!("{RECORD_PREFIX}{}!{}", pr.repo, pr.number)
}

/// What to do for one MR once its project's pipelines are known.
enum Step {
    /// Nothing changed: the previous listing's checks stand.
    Keep(Record),
    /// The project's list holds its head pipeline (and the project it ran in).
    Use(Seen, Option<u64>),
    /// The project's complete list holds no pipeline of its `sha`.
    NoPipeline,
    /// Only the single MR tells.
    ReadMr,
    /// The project's pipelines cannot be read (CI/CD off): the merge status only.
    NoCi,
}

/// A failed job, as `GET /projects/:id/pipelines/:pipeline_id/jobs` lists it.
#[derive(Deserialize)]
struct Job {
    #[serde(default)]
    name: String,
    #[serde(default)]
    allow_failure: bool,
}

/// One listed MR while its checks are being decided.
struct Member {
    index: usize,
    pr: PullRequest,
    sha: Option<String>,
    hint: Option<StatusHint>,
    fork: bool,
    /// The stored record, when it still describes this head and the previous
    /// listing holds the checks it gave.
    known: Option<Record>,
}

impl Member {
    /// `known`, unless it came from the single MR and its pipeline was unfinished
    /// (a fork's pipeline, which the project's list never shows, must be read again).
    fn settled(&self) -> Option<Record> {
        self.known
            .clone()
            .filter(|r| !(r.via_mr && r.pipeline.as_ref().is_some_and(Seen::in_progress)))
    }
}

/// Sets the checks of every PR in `f.out` from its head pipeline, [`CONCURRENCY`]
/// projects at once.
pub(super) async fn attach(
    f: &mut Fetcher<'_>,
    spec: &ListSpec,
    heads: &[Head],
) -> Result<(), ForgeError> {
    let mut projects: Vec<(String, Vec<Member>)> = Vec::new();
    for (i, l) in f.out.prs.iter().enumerate() {
        let m = member(i, &l.pr, spec, heads);
        match projects.iter_mut().find(|(repo, _)| *repo == l.pr.repo) {
            Some((_, members)) => members.push(m),
            None => projects.push((l.pr.repo.clone(), vec![m])),
        }
    }
    let (ctx, http, token) = (f.ctx, f.http, f.token);
    let done = crate::list::in_order(projects, CONCURRENCY, |(repo, members)| async move {
        let mut sub = Fetcher {
            ctx,
            http,
            token,
            out: Listing::default(),
        };
        let updates = project(&mut sub, spec, &repo, members).await?;
        Ok((sub.out, updates))
    })
    .await?;
    for (out, updates) in done {
        f.out.count_side_read(&out);
        f.out.validators.extend(out.validators);
        for (index, checks, unloaded) in updates {
            let pr = &mut f.out.prs[index].pr;
            pr.checks = checks;
            if let Some(part) = unloaded {
                pr.mark_unloaded(part);
            }
        }
    }
    Ok(())
}

/// The checks of one project's MRs (by index in the listing), with the part a
/// failed read left out; the head records and the pipelines ETag go into
/// `f.out.validators`. A record is kept only for checks read completely, so a
/// failed read (the pipelines page, the single MR, the failed jobs) is asked again
/// at the next refresh.
async fn project(
    f: &mut Fetcher<'_>,
    spec: &ListSpec,
    repo: &str,
    members: Vec<Member>,
) -> Result<Vec<(usize, Checks, Option<Unloaded>)>, ForgeError> {
    let (answer, complete) = if still_fresh(spec, repo, &members) {
        keep_notes(f, spec, repo)?;
        (Answer::NotModified, false)
    } else {
        match retry_later("gitlab pipelines", pipelines(f, spec, repo, &members).await)? {
            Some(read) => {
                f.out
                    .validators
                    .insert(checked_key(repo), spec.now().unix_timestamp().to_string());
                read
            }
            // As if unchanged, with no note of the read: settled heads keep their
            // checks, the others ask their single MR, and the page is read next time.
            None => (Answer::NotModified, false),
        }
    };
    let mut updates = Vec::new();
    for m in members {
        let step = match &answer {
            Answer::Fresh { items, .. } => match head_pipeline(items, m.sha.as_deref(), &m.pr) {
                Some(p) => {
                    let seen = Seen::of(p);
                    match m
                        .known
                        .clone()
                        .filter(|r| r.pipeline.as_ref() == Some(&seen))
                    {
                        Some(r) => Step::Keep(r),
                        None => Step::Use(seen, p.project_id),
                    }
                }
                None if complete && !m.fork && m.sha.is_some() => Step::NoPipeline,
                None => m.settled().map_or(Step::ReadMr, Step::Keep),
            },
            Answer::NotModified => m.settled().map_or(Step::ReadMr, Step::Keep),
            Answer::Missing => Step::NoCi,
        };
        let previous = spec.previous_pr(&m.pr.repo, m.pr.number);
        let (checks, record, unloaded) = match step {
            Step::Keep(r) => (
                previous.map(|p| p.checks.clone()).unwrap_or_default(),
                Some(r),
                None,
            ),
            Step::Use(seen, project) => {
                let (checks, named) =
                    checks_of(f, spec, repo, Some((&seen, project)), m.hint).await?;
                let record = m.sha.clone().map(|sha| Record {
                    sha,
                    pipeline: Some(seen),
                    via_mr: false,
                });
                complete_only(checks, record, named)
            }
            Step::NoPipeline => {
                let record = m.sha.clone().map(|sha| Record {
                    sha,
                    pipeline: None,
                    via_mr: false,
                });
                (status::checks(None, &[], m.hint), record, None)
            }
            Step::ReadMr => {
                let iid = m.pr.number.to_string();
                let url = api(f, repo, &["merge_requests", &iid])?;
                match retry_later("gitlab merge request", f.json::<Mr>(&url).await)? {
                    Some(detail) => {
                        let head = detail.head_pipeline.as_ref();
                        let seen = head.map(Seen::of);
                        let target = seen.as_ref().map(|s| (s, head.and_then(|p| p.project_id)));
                        let (checks, named) = checks_of(f, spec, repo, target, m.hint).await?;
                        let record = detail.sha.or(m.sha).map(|sha| Record {
                            sha,
                            pipeline: seen,
                            via_mr: true,
                        });
                        complete_only(checks, record, named)
                    }
                    None => (
                        status::checks(None, &[], m.hint),
                        None,
                        Some(Unloaded::CiStatus),
                    ),
                }
            }
            Step::NoCi => (status::checks(None, &[], m.hint), None, None),
        };
        if let Some(r) = record {
            f.out.validators.insert(record_key(&m.pr), r.encode());
        }
        updates.push((m.index, checks, unloaded));
    }
    Ok(updates)
}

/// The checks with their record, or without it (and with the job names marked
/// not loaded) when the failed jobs could not be read.
fn complete_only(
    checks: Checks,
    record: Option<Record>,
    named: bool,
) -> (Checks, Option<Record>, Option<Unloaded>) {
    if named {
        (checks, record, None)
    } else {
        (checks, None, Some(Unloaded::JobNames))
    }
}

/// The validator key of when a project's pipelines were last read (unix seconds).
fn checked_key(repo: &str) -> String {
    format!("gitlab checked {repo}")
}

/// True when the project's pipelines page can be skipped: every MR's head is the
/// one recorded, its pipeline finished, and the page was read within the re-check
/// bound (a retried pipeline shows within it; `list::recheck` for the other forges).
fn still_fresh(spec: &ListSpec, repo: &str, members: &[Member]) -> bool {
    let finished = |m: &Member| {
        m.settled()
            .and_then(|r| r.pipeline)
            .is_some_and(|p| !p.in_progress())
    };
    let checked = spec
        .validators
        .get(&checked_key(repo))
        .and_then(|v| v.parse::<i64>().ok())
        .and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok());
    let recent = checked.is_some_and(|at| spec.now() - at < spec.ci_recheck());
    recent && !members.is_empty() && members.iter().all(finished)
}

/// Carries a skipped project's notes (when its page was read, its ETag) forward.
fn keep_notes(f: &mut Fetcher<'_>, spec: &ListSpec, repo: &str) -> Result<(), ForgeError> {
    let url = pipelines_url(f, repo)?;
    for key in [super::request_key(&url), checked_key(repo)] {
        if let Some(v) = spec.validators.get(&key) {
            f.out.validators.insert(key, v.clone());
        }
    }
    Ok(())
}

/// The PR at `index` with what the fresh list and the last sync say about its head.
fn member(index: usize, pr: &PullRequest, spec: &ListSpec, heads: &[Head]) -> Member {
    let key = pr_key(pr);
    let head = heads.iter().find(|h| h.key == key);
    let stored = spec
        .validators
        .get(&record_key(pr))
        .and_then(|v| Record::decode(v));
    let has_previous = spec.previous.iter().any(|l| l.key() == key);
    let sha = head
        .and_then(|h| h.sha.clone())
        .or_else(|| stored.as_ref().map(|r| r.sha.clone()));
    let known = stored.filter(|r| has_previous && Some(&r.sha) == sha.as_ref());
    Member {
        index,
        pr: pr.clone(),
        sha,
        hint: head.and_then(|h| h.hint),
        fork: head.is_some_and(|h| h.fork),
        known,
    }
}

/// The first page of the project's pipelines, most recently updated first.
fn pipelines_url(f: &Fetcher<'_>, repo: &str) -> Result<Url, ForgeError> {
    let mut url = api(f, repo, &["pipelines"])?;
    url.query_pairs_mut()
        .append_pair("order_by", "updated_at")
        .append_pair("sort", "desc")
        .append_pair("per_page", &PER_PAGE.to_string());
    Ok(url)
}

/// The project's pipelines, most recently updated first: the first page
/// conditional on the stored ETag, further pages only while an MR that has no
/// settled record is not found yet. Also whether the list is complete.
async fn pipelines(
    f: &mut Fetcher<'_>,
    spec: &ListSpec,
    repo: &str,
    members: &[Member],
) -> Result<(Answer<Pipeline>, bool), ForgeError> {
    let url = pipelines_url(f, repo)?;
    let key = super::request_key(&url);
    let stored = spec.validators.get(&key).cloned();
    let mode = ListMode {
        missing_ok: true,
        forbidden_ok: true,
        all_pages: false,
    };
    let mut answer = f
        .list::<Pipeline>(url.clone(), stored.as_deref(), mode)
        .await?;
    let mut complete = false;
    match &mut answer {
        Answer::NotModified => {
            if let Some(tag) = stored {
                f.out.validators.insert(key, tag);
            }
        }
        Answer::Fresh { items, etag } => {
            if let Some(tag) = etag {
                f.out.validators.insert(key, tag.clone());
            }
            let mut pages = 1;
            loop {
                complete = items.len() < pages * PER_PAGE;
                let unmatched = members.iter().any(|m| {
                    !m.fork
                        && m.settled().is_none()
                        && head_pipeline(items, m.sha.as_deref(), &m.pr).is_none()
                });
                if complete || !unmatched || pages >= MAX_PAGES {
                    break;
                }
                pages += 1;
                let mut next = url.clone();
                next.query_pairs_mut()
                    .append_pair("page", &pages.to_string());
                let more: Vec<Pipeline> = f.json(&next).await?;
                if more.is_empty() {
                    complete = true;
                    break;
                }
                items.extend(more);
            }
        }
        Answer::Missing => {}
    }
    Ok((answer, complete))
}

/// The MR's head pipeline in a project's list: the newest pipeline of its head
/// commit (branch or detached MR pipeline), or of its merged-results / merge-train
/// ref, whose commit is a merge commit and not the MR's `sha`.
fn head_pipeline<'a>(
    items: &'a [Pipeline],
    sha: Option<&str>,
    pr: &PullRequest,
) -> Option<&'a Pipeline> {
    let merge_ref = format!("refs/merge-requests/{}/merge", pr.number);
    let train_ref = format!("refs/merge-requests/{}/train", pr.number);
    items
        .iter()
        .filter(|p| {
            sha.is_some_and(|s| !s.is_empty() && p.sha == s)
                || p.git_ref == merge_ref
                || p.git_ref == train_ref
        })
        .max_by_key(|p| p.id)
}

/// The checks a head pipeline gives (with the project it ran in), with the failed
/// jobs' names when it failed; `false` when those names could not be read this
/// time. A 403 / 404 on the jobs is believed once it repeats for the same pipeline
/// (a role that may not see jobs): then the red stays without names and the jobs
/// are not asked again for that pipeline.
async fn checks_of(
    f: &mut Fetcher<'_>,
    spec: &ListSpec,
    repo: &str,
    pipeline: Option<(&Seen, Option<u64>)>,
    hint: Option<StatusHint>,
) -> Result<(Checks, bool), ForgeError> {
    let Some((seen, project)) = pipeline else {
        return Ok((status::checks(None, &[], hint), true));
    };
    let failed = status::pipeline_state(&seen.status) == CheckState::Failure;
    let jobs = if failed {
        let project = project.map_or_else(|| repo.to_string(), |id| id.to_string());
        match retry_later(
            "gitlab failed jobs",
            failed_jobs(f, &project, seen.id).await,
        )? {
            Some(Some(names)) => Some(names),
            Some(None) => {
                let key = format!("gitlab jobs refused {project}#{}", seen.id);
                if spec.validators.contains_key(&key) {
                    Some(Vec::new())
                } else {
                    f.out.validators.insert(key, "refused".to_string());
                    None
                }
            }
            None => None,
        }
    } else {
        Some(Vec::new())
    };
    let named = jobs.is_some();
    let checks = status::checks(Some(&seen.status), &jobs.unwrap_or_default(), hint);
    Ok((checks, named))
}

/// The names of a pipeline's failed jobs that may not fail (first 100; GitLab
/// leaves retried jobs out); `None` when the forge refused them (403 / 404: a role
/// that may not see jobs, or a fault that looks the same).
async fn failed_jobs(
    f: &mut Fetcher<'_>,
    project: &str,
    pipeline: u64,
) -> Result<Option<Vec<String>>, ForgeError> {
    let mut url = api(f, project, &["pipelines", &pipeline.to_string(), "jobs"])?;
    url.query_pairs_mut()
        .append_pair("scope[]", "failed")
        .append_pair("per_page", &PER_PAGE.to_string());
    let mode = ListMode {
        missing_ok: true,
        forbidden_ok: true,
        all_pages: false,
    };
    let jobs = match f.list::<Job>(url, None, mode).await? {
        Answer::Fresh { items, .. } => items,
        Answer::NotModified | Answer::Missing => return Ok(None),
    };
    let mut names: Vec<String> = Vec::new();
    for j in jobs.into_iter().filter(|j| !j.allow_failure) {
        if !j.name.is_empty() && !names.contains(&j.name) {
            names.push(j.name);
        }
    }
    Ok(Some(names))
}

/// `/projects/<path as one encoded segment>/<tail…>` under the API.
pub(super) fn api(f: &Fetcher<'_>, repo: &str, tail: &[&str]) -> Result<Url, ForgeError> {
    api_url(f.ctx, repo, tail)
}

/// [`api`] from the account's context alone.
pub(super) fn api_url(
    ctx: &crate::forge::Context,
    repo: &str,
    tail: &[&str],
) -> Result<Url, ForgeError> {
    let mut url = ctx.endpoints.api_url("/projects")?;
    let shown = url.to_string();
    url.path_segments_mut()
        .map_err(|_| ForgeError::BadBaseUrl {
            input: shown,
            detail: "the API address cannot take a path".to_string(),
        })?
        .push(repo.trim_matches('/'))
        .extend(tail);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_round_trips_with_and_without_a_pipeline() {
        let with = Record {
            sha: "abc".into(),
            pipeline: Some(Seen {
                id: 7,
                status: "failed".into(),
                updated_at: "2026-11-02T10:00:00.123Z".into(),
            }),
            via_mr: false,
        };
        assert_eq!(Record::decode(&with.encode()), Some(with));
        let without = Record {
            sha: "abc".into(),
            pipeline: None,
            via_mr: true,
        };
        assert_eq!(Record::decode(&without.encode()), Some(without));
        assert_eq!(Record::decode("garbage"), None);
    }

    fn pipeline(id: u64, sha: &str, git_ref: &str) -> Pipeline {
        Pipeline {
            id,
            project_id: None,
            status: Some("success".into()),
            sha: sha.into(),
            git_ref: git_ref.into(),
            updated_at: None,
        }
    }

    #[test]
    fn the_head_pipeline_is_the_newest_of_the_sha_or_the_merge_ref() {
        let pr = PullRequest::open(
            ampel_core::Provider::Gitlab,
            "a",
            "g/p",
            5,
            time::OffsetDateTime::UNIX_EPOCH,
        );
        let items = vec![
            pipeline(30, "other", "main"),
            pipeline(20, "abc", "feature"),
            pipeline(21, "abc", "refs/merge-requests/5/head"),
            pipeline(10, "old", "refs/merge-requests/6/merge"),
        ];
        assert_eq!(
            head_pipeline(&items, Some("abc"), &pr).map(|p| p.id),
            Some(21)
        );
        assert_eq!(head_pipeline(&items, Some("zzz"), &pr).map(|p| p.id), None);
        let merged = vec![pipeline(40, "merge-commit", "refs/merge-requests/5/merge")];
        assert_eq!(
            head_pipeline(&merged, Some("abc"), &pr).map(|p| p.id),
            Some(40)
        );
    }
}
