//! Listing GitLab merge requests per section with scoped REST lists.
//!
//! Endpoints (docs/forge-apis.md §2.4), all with `state=opened` (the default is
//! `all`), `per_page=100` (the maximum) and `order_by=updated_at&sort=desc`:
//!
//! | section | request |
//! |---|---|
//! | Mine | `GET /merge_requests?scope=created_by_me` |
//! | Assigned to me | `GET /merge_requests?scope=assigned_to_me` |
//! | Needs my review | `GET /merge_requests?scope=all&reviewer_username=<login>` (one `GET /user` first when the login is not known) |
//! | Watched | `GET /projects/<url-encoded path>/merge_requests` per project |
//!
//! Pages are followed through `X-Next-Page`, else a same-origin `Link: rel="next"`.
//!
//! **Head pipeline and approvals.** List responses carry neither `head_pipeline` nor
//! approvals (forge-apis.md §2.4; the single MR has `head_pipeline`, approvals have
//! their own endpoint). Fetching them costs one or two requests per MR, so the light
//! is taken from `detailed_merge_status`, which GitLab computes from both:
//! `ci_still_running` → checks running (yellow), `not_approved` → review required
//! (yellow), `requested_changes` → changes requested (red), `conflict` (and
//! `has_conflicts`, which still shows a conflict behind `draft_status`) → red,
//! `draft_status` → yellow, `checking` → computing (yellow). Only `ci_must_pass` is
//! ambiguous ("the pipeline failed" or "no successful pipeline yet"), so only for
//! those MRs the single MR (`GET /projects/:id/merge_requests/:iid`) is read for
//! `head_pipeline.status`; when the previous listing already knew a finished
//! pipeline for that MR and its `updated_at` has not moved, that is reused instead.
//! Consequences, by design:
//! - the reason is plain "CI failing" (the pipeline status names no job); the CI
//!   summary is one combined state, or empty when GitLab's status does not involve CI;
//! - "review required" without a count (`approvals_left` is not read);
//! - reviewers are listed as requested reviewers whether or not they have reviewed
//!   (the list's `reviewers[].state` is the account state, not a review state);
//! - a failed pipeline in a project without "Pipelines must succeed" reads
//!   `mergeable` on GitLab and is green here too.
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
//! Requests per refresh: one per 100 MRs per list, plus one per `ci_must_pass` MR
//! not known from the last listing, plus `GET /user` when the login is unknown; with
//! unchanged lists, one 304 per list.

mod fetch;
mod mr;

use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::Http;
use crate::list::{ListSpec, Listing};
use ampel_core::changes::Listed;
use ampel_core::forge_status::gitlab as status;
use ampel_core::pr::PullRequest;
use ampel_core::section::{Section, Sections};
use ampel_core::Secret;
use fetch::{Answer, Fetcher};
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
    };
    for section in Section::ALL {
        if spec.sections.contains(&section) {
            run.section(section).await?;
        }
    }
    run.apply_reuse();
    Ok(run.f.out)
}

/// One listing in progress.
struct Run<'a> {
    f: Fetcher<'a>,
    spec: &'a ListSpec,
    /// Sections (and, for Watched, the project) answered 304, to fill from the
    /// previous listing once the fresh data is in.
    reuse: Vec<(Section, Option<String>)>,
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
            Section::Watched => {
                for repo in &self.spec.watched_repos {
                    let url = project_url(api("/projects")?, repo)?;
                    self.fetch(section, url, Some(repo)).await?;
                }
                Ok(())
            }
        }
    }

    /// The login for `reviewer_username`: from the spec, else `GET /user`.
    async fn login(&mut self) -> Result<String, ForgeError> {
        if let Some(login) = self.spec.login.as_ref().filter(|l| !l.is_empty()) {
            return Ok(login.clone());
        }
        let url = self.f.ctx.endpoints.api_url("/user")?;
        let user: User = self.f.json(&url).await?;
        Ok(user.username)
    }

    /// One list (all its pages), conditional on the stored ETag.
    async fn fetch(
        &mut self,
        section: Section,
        url: Url,
        project: Option<&str>,
    ) -> Result<(), ForgeError> {
        let key = request_key(&url);
        let stored = self.spec.validators.get(&key).cloned();
        let answer = self
            .f
            .list(url, stored.as_deref(), project.is_some())
            .await?;
        match answer {
            Answer::NotModified => {
                if let Some(tag) = stored {
                    self.f.out.validators.insert(key, tag);
                }
                self.reuse.push((section, project.map(str::to_string)));
            }
            Answer::Missing => {
                tracing::warn!(
                    project = project.unwrap_or_default(),
                    "watched GitLab project not found; skipped"
                );
            }
            Answer::Fresh { mrs, etag } => {
                if let Some(tag) = etag {
                    self.f.out.validators.insert(key, tag);
                }
                for m in mrs {
                    let pr = self.pr(&m, project).await?;
                    self.f.out.push(Listed {
                        pr,
                        sections: Sections::of(section),
                    });
                }
            }
        }
        Ok(())
    }

    /// The PR for one listed MR, with its head pipeline when `ci_must_pass` needs it.
    async fn pr(&mut self, m: &Mr, project: Option<&str>) -> Result<PullRequest, ForgeError> {
        let mut pr = m.to_pr(&self.spec.account_id, project);
        if !m.needs_pipeline() {
            return Ok(pr);
        }
        if let Some(known) = self.known_pipeline(&pr) {
            pr.checks = known;
            return Ok(pr);
        }
        let url = self.f.ctx.endpoints.api_url(&format!(
            "/projects/{}/merge_requests/{}",
            m.project_id, m.iid
        ))?;
        let detail: Mr = self.f.json(&url).await?;
        let status = detail
            .head_pipeline
            .as_ref()
            .and_then(|p| p.status.as_deref());
        pr.checks = status::checks(status, m.merge().1);
        Ok(pr)
    }

    /// The head pipeline already read for this MR in this listing, or in the previous
    /// one when it had finished and the MR has not been updated since.
    fn known_pipeline(&self, pr: &PullRequest) -> Option<ampel_core::pr::Checks> {
        let key = ampel_core::changes::pr_key(pr);
        let finished = |l: &&Listed| l.pr.checks.combined.is_some_and(|c| !c.is_in_progress());
        if let Some(now) = self
            .f
            .out
            .prs
            .iter()
            .filter(|l| l.key() == key)
            .find(finished)
        {
            return Some(now.pr.checks.clone());
        }
        self.spec
            .previous
            .iter()
            .filter(|l| l.key() == key && l.pr.updated_at == pr.updated_at)
            .find(finished)
            .map(|l| l.pr.checks.clone())
    }

    /// Fills the sections that answered 304 from the previous listing; PRs already
    /// listed fresh by another section keep their fresh data and gain the section.
    fn apply_reuse(&mut self) {
        for (section, project) in std::mem::take(&mut self.reuse) {
            let matches = |l: &&Listed| {
                l.sections.contains(section)
                    && project
                        .as_deref()
                        .is_none_or(|p| l.pr.repo.eq_ignore_ascii_case(p.trim_matches('/')))
            };
            for old in self.spec.previous.iter().filter(matches) {
                let key = old.key();
                match self.f.out.prs.iter_mut().find(|l| l.key() == key) {
                    Some(fresh) => fresh.sections.insert(section),
                    None => self.f.out.prs.push(Listed {
                        pr: old.pr.clone(),
                        sections: Sections::of(section),
                    }),
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
