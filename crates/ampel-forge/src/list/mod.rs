//! Listing the open pull requests of one account per dashboard section: what a
//! forge client is asked (sections, watched repositories, cache validators from
//! the last sync) and what it answers (PRs with their sections, new validators,
//! the rate-limit budget, how many requests it took).

mod bitbucket;
mod gitea;
mod github;
mod gitlab;
mod recheck;

/// The listing parsers the fuzz targets call (feature `fuzzing`).
#[cfg(any(test, feature = "fuzzing"))]
#[doc(hidden)]
pub mod fuzz {
    pub use super::bitbucket::fuzz as bitbucket;
    pub use super::gitea::fuzz as gitea;
    pub use super::github::fuzz as github;
    pub use super::gitlab::fuzz as gitlab;
}

pub(crate) use bitbucket::list as bitbucket;
pub(crate) use gitea::list as gitea;
pub(crate) use github::list as github;
pub(crate) use gitlab::list as gitlab;

use crate::validation::RateLimit;
use ampel_core::changes::Listed;
use ampel_core::section::Section;
use std::collections::BTreeMap;
use time::{Duration, OffsetDateTime};

/// Runs `f` over `items`, at most `limit` at once, keeping their order; the first
/// error ends the run (per-PR detail requests of Bitbucket and Gitea).
pub(crate) async fn in_order<T, R, F, Fut>(
    items: Vec<T>,
    limit: usize,
    f: F,
) -> Result<Vec<R>, crate::error::ForgeError>
where
    F: FnMut(T) -> Fut,
    Fut: std::future::Future<Output = Result<R, crate::error::ForgeError>>,
{
    use futures_util::{stream, StreamExt, TryStreamExt};
    stream::iter(items)
        .map(f)
        .buffered(limit.max(1))
        .try_collect()
        .await
}

/// A secondary read (what completes a listed PR: CI, reviews, approvals, branch
/// rules, conflicts) that failed in a way worth asking again: `None`, logged, and
/// the PR says that part is not loaded until the next refresh reads it. A refused
/// token, a missing scope, SSO, a rate limit or a redirect still end the listing.
pub(crate) fn retry_later<T>(
    what: &str,
    read: Result<T, crate::error::ForgeError>,
) -> Result<Option<T>, crate::error::ForgeError> {
    use crate::error::ForgeError as E;
    match read {
        Ok(value) => Ok(Some(value)),
        Err(
            e @ (E::Unreachable { .. }
            | E::NotAForge { .. }
            | E::AnswerTooLarge { .. }
            | E::Forbidden { .. }
            | E::ServerError { .. }
            | E::GraphQl { .. }),
        ) => {
            tracing::warn!(
                read = what,
                code = e.code(),
                "{e}; asked again at the next refresh"
            );
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// What to list for one account.
#[derive(Debug, Clone, Default)]
pub struct ListSpec {
    /// The Ampel account id, copied into every PR.
    pub account_id: String,
    /// The account's login on the forge (from its last validation), when known.
    pub login: Option<String>,
    /// The sections to list (Watched only lists `watched_repos`).
    pub sections: Vec<Section>,
    /// Repositories for the Watched section (`owner/name` or a GitLab path).
    pub watched_repos: Vec<String>,
    /// Cache validators (ETag) from the last sync, by request key.
    pub validators: BTreeMap<String, String>,
    /// The account's cached listing from the last sync, reused for a section
    /// whose conditional request answers 304 Not Modified.
    pub previous: Vec<Listed>,
    /// The moment of this refresh (the caller's clock); `None`: the wall clock.
    pub now: Option<OffsetDateTime>,
    /// How long a finished CI state (Gitea, Bitbucket, GitLab) and the account's
    /// discovery answers (Gitea, Bitbucket) are trusted before they are read again;
    /// `None`: the settings' default.
    pub ci_recheck: Option<Duration>,
}

impl ListSpec {
    /// The cached copy of PR `repo#number` from the last sync (no key is built:
    /// the side reads look every listed PR up).
    pub fn previous_pr(&self, repo: &str, number: u64) -> Option<&ampel_core::pr::PullRequest> {
        self.previous
            .iter()
            .map(|l| &l.pr)
            .find(|p| p.number == number && p.repo.eq_ignore_ascii_case(repo))
    }

    /// The moment of this refresh.
    pub fn now(&self) -> OffsetDateTime {
        self.now.unwrap_or_else(OffsetDateTime::now_utc)
    }

    /// The re-check bound of a finished CI state.
    pub fn ci_recheck(&self) -> Duration {
        self.ci_recheck.unwrap_or(Duration::seconds(i64::from(
            ampel_core::settings::DEFAULT_CI_RECHECK_SECS,
        )))
    }
}

/// One account's listing.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Every PR once, with all the sections it is in.
    pub prs: Vec<Listed>,
    /// Cache validators to send next time, by request key.
    pub validators: BTreeMap<String, String>,
    /// The budget the forge reported last (REST headers or GraphQL `rateLimit`).
    pub rate_limit: Option<RateLimit>,
    /// HTTP requests made.
    pub requests: u32,
    /// Of which answered 304 Not Modified.
    pub not_modified: u32,
    /// PR and check links the forge sent that the link rule refused
    /// (see [`ampel_core::link`]); the rows carry the forge's own pattern or no link.
    pub refused_links: u32,
    /// PRs that had auto-merge on or a queue entry at the last sync and left the
    /// open lists, with the state one read of each found (merged, or closed): the
    /// "merged by auto-merge" notification says only what the forge says (issue 28).
    pub ended: Vec<Ended>,
}

/// A PR the forge was merging on its own that is no longer open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// `owner/name` / GitLab path.
    pub repo: String,
    /// PR number / MR iid.
    pub number: u64,
    /// What the forge says it is now (`Merged`, `Closed`; `Unknown` when unreadable).
    pub state: ampel_core::pr::PrState,
}

impl Listing {
    /// Counts a side read's requests (and its 304s) in this listing and keeps the
    /// newest budget the forge reported.
    pub(crate) fn count_side_read(&mut self, side: &Listing) {
        self.requests += side.requests;
        self.not_modified += side.not_modified;
        if side.rate_limit.is_some() {
            self.rate_limit = side.rate_limit.clone();
        }
    }
}

/// Where a listing's notes keep a section the forge cut short: `capped:{section}` =
/// `{shown} {total}` (kept with the account's sync status, next to the validators).
const CAPPED: &str = "capped:";

/// A section the forge returned only part of (GitHub search stops at 1,000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capped {
    pub section: Section,
    /// PRs the forge returned.
    pub shown: u64,
    /// PRs the forge counted.
    pub total: u64,
}

/// The capped sections recorded in an account's notes (see [`Listing::cap`]).
pub fn capped(notes: &BTreeMap<String, String>) -> Vec<Capped> {
    notes
        .iter()
        .filter_map(|(k, v)| {
            let section = Section::parse(k.strip_prefix(CAPPED)?)?;
            let (shown, total) = v.split_once(' ')?;
            Some(Capped {
                section,
                shown: shown.parse().ok()?,
                total: total.parse().ok()?,
            })
        })
        .collect()
}

impl Listing {
    /// Records that `section` returned `shown` of `total` PRs (a search cap).
    pub fn cap(&mut self, section: Section, shown: u64, total: u64) {
        let prior = capped(&self.validators)
            .into_iter()
            .find(|c| c.section == section);
        let (shown, total) = prior.map_or((shown, total), |c| (c.shown + shown, c.total + total));
        let key = format!("{CAPPED}{}", section.as_str());
        self.validators.insert(key, format!("{shown} {total}"));
    }

    /// Applies the link rule to every PR for an account whose web address is `web`:
    /// a refused PR link becomes the forge's URL pattern on `web`, refused check
    /// links are dropped. Counted in [`Listing::refused_links`] and logged once
    /// (counts only: neither the links nor any token reach the log).
    pub fn check_links(&mut self, account_id: &str, web: &str) {
        let Some(web) = ampel_core::link::WebHost::parse(web) else {
            // No usable web address: no link is trusted.
            let mut dropped = 0u32;
            for l in &mut self.prs {
                dropped += u32::from(!l.pr.url.is_empty());
                dropped += u32::try_from(l.pr.check_urls.len()).unwrap_or(u32::MAX);
                l.pr.url.clear();
                l.pr.check_urls.clear();
            }
            self.refused(account_id, dropped, 0, 0);
            return;
        };
        let (mut pr_links, mut check_links) = (0u32, 0u32);
        for l in &mut self.prs {
            let r = ampel_core::link::sanitize(&mut l.pr, &web);
            pr_links += u32::from(r.pr_link);
            check_links =
                check_links.saturating_add(u32::try_from(r.check_links).unwrap_or(u32::MAX));
        }
        self.refused(
            account_id,
            pr_links.saturating_add(check_links),
            pr_links,
            check_links,
        );
    }

    fn refused(&mut self, account_id: &str, total: u32, pr_links: u32, check_links: u32) {
        self.refused_links = total;
        if total > 0 {
            tracing::warn!(
                account = account_id,
                pr_links,
                check_links,
                "links from the forge refused by the link rule (not https on the expected host)"
            );
        }
    }

    /// The sections the forge cut short in this listing.
    pub fn capped(&self) -> Vec<Capped> {
        capped(&self.validators)
    }

    /// Adds `listed`, merging its sections into an entry for the same PR.
    pub fn push(&mut self, listed: Listed) {
        let key = listed.key();
        match self.prs.iter_mut().find(|l| l.key() == key) {
            Some(existing) => {
                for s in listed.sections.iter() {
                    existing.sections.insert(s);
                }
                existing.pr = listed.pr;
            }
            None => self.prs.push(listed),
        }
    }

    /// Reuses the previous listing's PRs of `section` (after a 304).
    pub fn reuse(&mut self, previous: &[Listed], section: Section) {
        for l in previous.iter().filter(|l| l.sections.contains(section)) {
            self.push(Listed {
                pr: l.pr.clone(),
                sections: ampel_core::section::Sections::of(section),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ampel_core::pr::PullRequest;
    use ampel_core::section::Sections;
    use ampel_core::Provider;
    use time::macros::datetime;

    fn listed(n: u64, s: Section) -> Listed {
        Listed {
            pr: PullRequest::open(
                Provider::Github,
                "a",
                "o/r",
                n,
                datetime!(2026-11-01 0:00 UTC),
            ),
            sections: Sections::of(s),
        }
    }

    #[test]
    fn the_same_pr_from_two_sections_is_one_entry() {
        let mut l = Listing::default();
        l.push(listed(1, Section::Mine));
        l.push(listed(1, Section::AssignedToMe));
        l.push(listed(2, Section::Mine));
        assert_eq!(l.prs.len(), 2);
        assert!(l.prs[0].sections.contains(Section::AssignedToMe));
    }

    #[test]
    fn caps_are_noted_summed_per_section_and_read_back() {
        let mut l = Listing::default();
        l.cap(Section::Mine, 1000, 1234);
        l.cap(Section::Watched, 1000, 1500);
        l.cap(Section::Watched, 1000, 1001);
        let mut got = l.capped();
        got.sort_by_key(|c| c.section);
        assert_eq!(
            got,
            vec![
                Capped {
                    section: Section::Mine,
                    shown: 1000,
                    total: 1234
                },
                Capped {
                    section: Section::Watched,
                    shown: 2000,
                    total: 2501
                },
            ]
        );
        let mut notes = l.validators.clone();
        notes.insert("gitea:ci:o/r#1".into(), "abc 1".into());
        assert_eq!(capped(&notes).len(), 2, "other notes are not caps");
    }

    #[test]
    fn reuse_takes_only_that_sections_prs() {
        let previous = vec![listed(1, Section::Mine), listed(2, Section::Watched)];
        let mut l = Listing::default();
        l.reuse(&previous, Section::Watched);
        assert_eq!(l.prs.len(), 1);
        assert_eq!(l.prs[0].pr.number, 2);
    }
}
