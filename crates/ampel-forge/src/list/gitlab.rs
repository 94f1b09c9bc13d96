//! Listing GitLab merge requests per section with scoped REST lists.
//!
//! Endpoints (docs/forge-apis.md §2.4), all with `state=opened` (the default is
//! `all`), `per_page=100` (the maximum) and `order_by=updated_at&sort=desc`:
//!
//! | section | request |
//! |---|---|
//! | Mine | `GET /merge_requests?scope=created_by_me` |
//! | Assigned to me | `GET /merge_requests?scope=assigned_to_me` |
//! | Needs my review, Reviewed | `GET /merge_requests?scope=all&reviewer_username=<login>` (one `GET /user` first when the login is not known), split by my reviewer state |
//! | Watched | `GET /projects/<url-encoded path>/merge_requests` per project |
//!
//! Pages are followed through `X-Next-Page`, else a same-origin `Link: rel="next"`.
//!
//! **Head pipeline** (`ci.rs`). List responses carry no `head_pipeline`
//! (forge-apis.md §2.4), and `detailed_merge_status` only speaks of the pipeline in
//! projects with "Pipelines must succeed" on; without it (GitLab's default) a failed
//! pipeline reads `mergeable`. So the light never trusts the merge status for CI:
//! for every project with listed MRs, one `GET /projects/:id/pipelines?
//! order_by=updated_at&sort=desc&per_page=100`, conditional on its ETag, is joined
//! on each MR's `sha` (or its `refs/merge-requests/<iid>/merge|train` ref). Any
//! pipeline that starts, finishes or is retried moves to the top of that page and
//! changes its ETag, even when the MR itself (and so its list) did not change. The
//! page is skipped while every MR of the project kept its head and its head
//! pipeline finished, until the CI re-check bound passed since the page was last
//! read (as on Gitea and Bitbucket: a retried pipeline shows within the bound; a
//! running pipeline, a new or pushed MR, or one without a pipeline is asked at
//! once). A
//! failed head pipeline costs one `GET /projects/:id/pipelines/:pipeline_id/jobs?
//! scope[]=failed` for the failing job names, only when that pipeline changed. The
//! single MR (`head_pipeline`) is read only for an MR the page cannot answer: new
//! or pushed to while the page holds no pipeline of its `sha` (a project without CI
//! for it, a fork's pipeline, or more than 100 pipelines updated since), and again
//! each refresh while a pipeline found that way is unfinished. What was learnt per
//! MR (`sha`, pipeline id, status, `updated_at`) is kept among the validators.
//! Projects are read six at once. Alternatives, compared in the refresh benchmark
//! (300 MRs in 20 projects: 359 requests cold — 300 of them approvals —, 3
//! unchanged within the bound, all 304s; 23 once the bound passed):
//! the single MR for every MR costs one request per MR cold, and again on every
//! refresh to see a finished pipeline retried (339 / 303); GitLab's GraphQL
//! (`headPipeline`) is fewer requests (39 / 9) but never a 304, and the fake forge
//! serves no GitLab GraphQL to check the query against. Statuses: `failed` → red "CI failing:
//! `<job names>`"; `created`, `waiting_for_resource`, `preparing`, `pending`, `running`,
//! `scheduled` (a delayed job that starts on its own) → yellow "checks running";
//! `manual` → yellow "waiting for a manual job"; `canceled` → yellow "CI canceled";
//! `success`, `skipped` → no CI reason (a project with "Pipelines must succeed" says
//! `ci_must_pass` for a skipped one, which is yellow "pipeline must succeed").
//!
//! **Merge status and approvals.** `detailed_merge_status` decides conflicts (with
//! `has_conflicts`, which still shows a conflict behind `draft_status`), drafts,
//! `requested_changes` (red), `not_approved` (yellow), `checking` (yellow) and every
//! rule that blocks the merge, each in its words (`ampel_core::forge_status::gitlab`
//! has the table; a value newer than it is yellow "GitLab says: <value>"); only a
//! project whose pipelines cannot be read falls back on `ci_still_running` for CI.
//! Who approved (and, on Premium, how many approvals are missing) comes from the
//! approvals endpoint (`approvals.rs`) for every MR whose `updated_at` moved since it
//! was last read.
//!
//! **Reviewers** (`reviewers.rs`). The list's `reviewers[].state` is the account
//! state, not a review state; each reviewer's review state comes from the reviewers
//! endpoint, read for an MR I wrote or that names me as a reviewer when its
//! `updated_at` moved, into the review facts of the turn rule. Requested reviewers
//! are those still `unreviewed`. The reviewer list is split by my state: MRs I
//! reviewed (and am not asked again for) are Reviewed, the others Needs my review.
//!
//! **Auto-merge and merge trains** (`trains.rs`, issue 28). The list's
//! `merge_when_pipeline_succeeds`, `merge_user` and `squash` say auto-merge is on, who
//! set it and whether it squashes. For an MR with auto-merge on that is new or whose
//! `updated_at` moved: the project (`merge_trains_enabled`) and, where trains are on,
//! the train's cars (position, car status). An MR the forge was merging on its own
//! that left the open lists is read once for `ended` (merged or closed).
//!
//! **Conditional requests.** forge-apis.md documents no ETag for GitLab; GitLab's
//! Rails stack answers a weak `ETag` over the body and honours `If-None-Match` with
//! 304, which saves the transfer (not the request against the budget). The first
//! page of every list is sent with the stored ETag (validator key: the request's
//! path and query); a 304 reuses that section's PRs (for Watched: that project's)
//! from the previous listing and counts in `not_modified`. Ordering by
//! `updated_at` makes any edited or new MR change the first page; only an MR that
//! closes while beyond the first page stays until that page changes.
//!
//! Requests per refresh: one per 100 MRs per list, plus one pipelines page per
//! project with listed MRs, plus one jobs list per failed pipeline that changed,
//! one approvals read per MR whose `updated_at` moved, one reviewers read per MR
//! of mine or asking me (with reviewers) whose `updated_at` moved, and the single MR where
//! the page cannot tell; one project read (and one train read where trains are on)
//! per project with an auto-merge MR whose `updated_at` moved; one MR read per MR
//! that left the lists while the forge was merging it; `GET /user` when the login is unknown. With nothing
//! changed: one 304 per list, plus one 304 per project with a running pipeline
//! (or, once the re-check bound passed, per project).

mod approvals;
mod ci;
mod fetch;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzz;
mod mr;
mod reviewers;
mod trains;

use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::Http;
use crate::list::{ListSpec, Listing};
use ampel_core::changes::Listed;
use ampel_core::section::{Section, Sections};
use ampel_core::Secret;
use fetch::{Answer, Fetcher, ListMode};
use mr::Mr;
use reqwest::Url;
use serde::Deserialize;

/// Lists the open merge requests of the sections in `spec`.
pub(crate) async fn list(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    spec: &ListSpec,
) -> Result<Listing, ForgeError> {
    let mut run = Run {
        f: Fetcher {
            ctx,
            http,
            token,
            out: Listing::default(),
        },
        spec,
        reuse: Vec::new(),
        heads: Vec::new(),
        sources: Vec::new(),
        login: None,
    };
    for section in Section::ALL {
        if spec.sections.contains(&section) {
            run.section(section).await?;
        }
    }
    run.apply_reuse();
    ci::attach(&mut run.f, spec, &run.heads).await?;
    approvals::attach(&mut run.f, spec, &run.heads).await?;
    trains::attach(&mut run.f, spec, &run.heads).await?;
    if !run.f.out.prs.is_empty() {
        let viewer = run.login().await?;
        let fresh: Vec<String> = run.heads.iter().map(|h| h.key.clone()).collect();
        reviewers::attach(&mut run.f, spec, &fresh, &viewer).await?;
        run.split_reviewed(&viewer);
    }
    run.forget_incomplete_lists();
    trains::ended(&mut run.f, spec).await?;
    Ok(run.f.out)
}

/// One listing in progress.
struct Run<'a> {
    f: Fetcher<'a>,
    spec: &'a ListSpec,
    /// Sections (and, for Watched, the project) answered 304, to fill from the
    /// previous listing once the fresh data is in.
    reuse: Vec<(Section, Option<String>)>,
    /// What the fresh lists said about each MR beyond the PR (`sha`, merge-status hint).
    heads: Vec<ci::Head>,
    /// Which list (its validator key) each fresh MR came from.
    sources: Vec<(String, String)>,
    /// The account's login once known (spec or `GET /user`).
    login: Option<String>,
}

#[derive(Deserialize)]
struct User {
    username: String,
}

impl Run<'_> {
    async fn section(&mut self, section: Section) -> Result<(), ForgeError> {
        let api = |path: &str| self.f.ctx.endpoints.api_url(path);
        match section {
            Section::Mine => {
                self.fetch(
                    section,
                    scoped(api("/merge_requests")?, &[("scope", "created_by_me")]),
                    None,
                )
                .await
            }
            Section::AssignedToMe => {
                self.fetch(
                    section,
                    scoped(api("/merge_requests")?, &[("scope", "assigned_to_me")]),
                    None,
                )
                .await
            }
            Section::NeedsMyReview => {
                let login = self.login().await?;
                let url = scoped(
                    api("/merge_requests")?,
                    &[("scope", "all"), ("reviewer_username", &login)],
                );
                self.fetch(section, url, None).await
            }
            // The reviewer list (`reviewer_username`) holds the MRs I reviewed too:
            // `split_reviewed` moves them from Needs my review to Reviewed once their
            // reviewer states are read. Listed here only when Needs my review is not.
            Section::Reviewed if self.spec.sections.contains(&Section::NeedsMyReview) => Ok(()),
            Section::Reviewed => {
                let login = self.login().await?;
                let url = scoped(
                    api("/merge_requests")?,
                    &[("scope", "all"), ("reviewer_username", &login)],
                );
                self.fetch(Section::NeedsMyReview, url, None).await
            }
            Section::Watched => {
                for repo in &self.spec.watched_repos {
                    let url = project_url(api("/projects")?, repo)?;
                    self.fetch(section, url, Some(repo)).await?;
                }
                Ok(())
            }
        }
    }

    /// The login for `reviewer_username` and "me" of the review facts: from the
    /// spec, else `GET /user` (once a listing).
    async fn login(&mut self) -> Result<String, ForgeError> {
        if let Some(login) = self.spec.login.as_ref().filter(|l| !l.is_empty()) {
            return Ok(login.clone());
        }
        if let Some(login) = &self.login {
            return Ok(login.clone());
        }
        let url = self.f.ctx.endpoints.api_url("/user")?;
        let user: User = self.f.json(&url).await?;
        self.login = Some(user.username.clone());
        Ok(user.username)
    }

    /// Splits the reviewer list by my reviewer state: an MR of someone else that I
    /// reviewed (and am not asked again for) is Reviewed, any other stays Needs my
    /// review; each only where the spec asks for that section. My own MR that I
    /// reviewed leaves Needs my review (it stays in Mine).
    fn split_reviewed(&mut self, viewer: &str) {
        let want_asked = self.spec.sections.contains(&Section::NeedsMyReview);
        let want_reviewed = self.spec.sections.contains(&Section::Reviewed);
        for l in &mut self.f.out.prs {
            let from_reviewer_list = l.sections.contains(Section::NeedsMyReview)
                || l.sections.contains(Section::Reviewed);
            if !from_reviewer_list {
                continue;
            }
            let reviewed =
                l.pr.reviewing
                    .as_ref()
                    .is_some_and(reviewers::reviewed_by_me);
            let mine = !viewer.is_empty() && l.pr.author.eq_ignore_ascii_case(viewer);
            let mut sections: Sections = l
                .sections
                .iter()
                .filter(|s| !matches!(s, Section::NeedsMyReview | Section::Reviewed))
                .collect();
            if !reviewed && want_asked {
                sections.insert(Section::NeedsMyReview);
            }
            if reviewed && !mine && want_reviewed {
                sections.insert(Section::Reviewed);
            }
            l.sections = sections;
        }
        self.f.out.prs.retain(|l| !l.sections.is_empty());
    }

    /// One list (all its pages), conditional on the stored ETag.
    async fn fetch(
        &mut self,
        section: Section,
        url: Url,
        project: Option<&str>,
    ) -> Result<(), ForgeError> {
        let list_key = request_key(&url);
        // A cache from before head records were kept knows no MR's `sha`: its lists
        // are read in full once rather than every reused MR alone.
        let heads_known = self.spec.previous.is_empty()
            || self
                .spec
                .validators
                .keys()
                .any(|k| k.starts_with(ci::RECORD_PREFIX));
        let stored = self
            .spec
            .validators
            .get(&list_key)
            .cloned()
            .filter(|_| heads_known);
        let mode = ListMode {
            missing_ok: project.is_some(),
            forbidden_ok: false,
            all_pages: true,
        };
        let answer = self.f.list::<Mr>(url, stored.as_deref(), mode).await?;
        match answer {
            Answer::NotModified => {
                if let Some(tag) = stored {
                    self.f.out.validators.insert(list_key, tag);
                }
                self.reuse.push((section, project.map(str::to_string)));
            }
            Answer::Missing => {
                tracing::warn!(
                    project = project.unwrap_or_default(),
                    "watched GitLab project not found; skipped"
                );
            }
            Answer::Fresh { items, etag } => {
                if let Some(tag) = etag {
                    self.f.out.validators.insert(list_key.clone(), tag);
                }
                for m in items {
                    let pr = m.to_pr(&self.spec.account_id, project);
                    let key = ampel_core::changes::pr_key(&pr);
                    self.sources.push((key.clone(), list_key.clone()));
                    if !self.heads.iter().any(|h| h.key == key) {
                        self.heads.push(ci::Head {
                            key,
                            sha: m.sha.clone(),
                            hint: m.hint(),
                            fork: m.is_from_fork(),
                            target: m.target_branch.clone(),
                        });
                    }
                    self.f.out.push(Listed {
                        pr,
                        sections: Sections::of(section),
                    });
                }
            }
        }
        Ok(())
    }

    /// Drops the ETag of every list that holds an MR with a part not loaded, so the
    /// next refresh lists it fresh and reads that part again (a 304 would reuse the
    /// incomplete copy).
    fn forget_incomplete_lists(&mut self) {
        let out = &mut self.f.out;
        for (pr, list) in &self.sources {
            let incomplete = out
                .prs
                .iter()
                .any(|l| l.key() == *pr && !l.pr.unloaded.is_empty());
            if incomplete {
                out.validators.remove(list);
            }
        }
    }

    /// Fills the sections that answered 304 from the previous listing; PRs already
    /// listed fresh by another section keep their fresh data and gain the section.
    fn apply_reuse(&mut self) {
        for (section, project) in std::mem::take(&mut self.reuse) {
            // The reviewer list's MRs were split into Needs my review and Reviewed.
            let of_list = |l: &Listed| -> Vec<Section> {
                l.sections
                    .iter()
                    .filter(|s| {
                        *s == section
                            || (section == Section::NeedsMyReview && *s == Section::Reviewed)
                    })
                    .collect()
            };
            let matches = |l: &&Listed| {
                !of_list(l).is_empty()
                    && project
                        .as_deref()
                        .is_none_or(|p| l.pr.repo.eq_ignore_ascii_case(p.trim_matches('/')))
            };
            for old in self.spec.previous.iter().filter(matches) {
                let key = old.key();
                let sections: Sections = of_list(old).into_iter().collect();
                match self.f.out.prs.iter_mut().find(|l| l.key() == key) {
                    Some(fresh) => sections.iter().for_each(|s| fresh.sections.insert(s)),
                    None => {
                        let mut pr = old.pr.clone();
                        pr.unloaded.clear();
                        self.f.out.prs.push(Listed { pr, sections })
                    }
                }
            }
        }
    }
}

/// `url` with the list parameters every request shares, plus `extra`.
fn scoped(mut url: Url, extra: &[(&str, &str)]) -> Url {
    url.query_pairs_mut()
        .extend_pairs(extra)
        .append_pair("state", "opened")
        .append_pair("order_by", "updated_at")
        .append_pair("sort", "desc")
        .append_pair("per_page", "100");
    url
}

/// `/projects/<path with / as %2F>/merge_requests?…`.
fn project_url(mut base: Url, path: &str) -> Result<Url, ForgeError> {
    let shown = base.to_string();
    base.path_segments_mut()
        .map_err(|_| ForgeError::BadBaseUrl {
            input: shown,
            detail: "the API address cannot take a path".to_string(),
        })?
        .push(path.trim_matches('/'))
        .push("merge_requests");
    Ok(scoped(base, &[]))
}

/// The validator key of a list: its path and query (the host is the account's).
fn request_key(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("gitlab {}?{q}", url.path()),
        None => format!("gitlab {}", url.path()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_path_is_one_encoded_segment() {
        let base =
            Url::parse("https://gl.example/api/v4/projects").unwrap_or_else(|e| panic!("{e}"));
        let url = project_url(base, "group/sub/project").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            url.as_str(),
            "https://gl.example/api/v4/projects/group%2Fsub%2Fproject/merge_requests?state=opened&order_by=updated_at&sort=desc&per_page=100"
        );
        assert_eq!(
            request_key(&url),
            "gitlab /api/v4/projects/group%2Fsub%2Fproject/merge_requests?state=opened&order_by=updated_at&sort=desc&per_page=100"
        );
    }
}
