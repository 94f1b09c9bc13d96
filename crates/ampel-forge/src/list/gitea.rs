//! Listing Gitea / Forgejo pull requests per section.
//!
//! Facts (docs/forge-apis.md §5):
//! - *Needs my review*, *Mine*, *Assigned to me*: one cross-repository issue search
//!   per section, `GET /repos/issues/search?type=pulls&state=open&review_requested=true`
//!   (`created=true`, `assigned=true`), `limit=50` (Gitea's default
//!   `MAX_RESPONSE_ITEMS`), pages followed through `Link: rel="next"`. It returns
//!   *issues*, so the PR fields (`mergeable`, `draft`, `head.sha`, requested reviewers)
//!   take `GET /repos/{o}/{r}/pulls/{index}` per PR.
//! - *Watched*: `GET /repos/{o}/{r}/pulls?state=open&limit=50` per repository; these
//!   are full PR objects, so a PR also found by a search is not read again.
//! - Gitea has no review decision: `GET …/pulls/{index}/reviews` per PR, reduced to
//!   the latest opinionated review per reviewer (dismissed ones withdrawn). The PR does
//!   not carry the branch protection's required approvals, so none is assumed.
//! - Checks: the combined status `GET …/commits/{head.sha}/status` per PR.
//! - `mergeable: false` on a non-draft PR reads as a conflict (ampel-core's rule).
//! - No ETag support is documented for these endpoints: no conditional requests.
//!   Gitea sends no rate-limit headers by default (any `X-RateLimit-*` a proxy adds
//!   is kept); 429 is `rate_limited` with `Retry-After`; a 403 naming a scope
//!   (`token does not have at least one of required scope(s): [read:issue]`) is
//!   `insufficient_scope`.
//!
//! Requests per refresh, for S personal sections, V watched repositories and P PRs,
//! Q of them found only by the searches: `S·⌈hits/50⌉ + V·⌈open/50⌉ + Q + 2·P`.
//! Measured against the fake forge (tests/gitea_list.rs), 1 account × 300 PRs that
//! are all mine: 6 + 1 + 1 search pages + 300 × 3 = 908 requests; the same PRs through
//! a watched repository: 6 pulls pages + 300 × 2 = 606.

mod client;
mod model;

use crate::error::ForgeError;
use crate::forge::Context;
use crate::http::Http;
use crate::list::{ListSpec, Listing};
use ampel_core::changes::Listed;
use ampel_core::section::{Section, Sections};
use ampel_core::Secret;
use client::Client;
use model::{Combined, Issue, Pull, Read, ReviewItem};
use std::sync::Arc;

/// Gitea's largest page.
const LIMIT: &str = "50";

/// A PR found so far: where, the full object when a list gave it, its sections.
struct Found {
    repo: String,
    number: u64,
    pull: Option<Pull>,
    sections: Sections,
}

/// Lists the open pull requests of the sections in `spec`.
pub(crate) async fn list(
    ctx: &Context,
    http: &Http,
    token: &Secret,
    spec: &ListSpec,
) -> Result<Listing, ForgeError> {
    let client = Arc::new(Client::new(ctx, http, token));
    let mut found: Vec<Found> = Vec::new();
    for repo in watched_repos(spec) {
        for pull in watched(&client, &repo).await? {
            add(&mut found, &repo, pull.number, Some(pull), Section::Watched);
        }
    }
    for (section, flag) in [
        (Section::NeedsMyReview, "review_requested"),
        (Section::Mine, "created"),
        (Section::AssignedToMe, "assigned"),
    ] {
        if !spec.sections.contains(&section) {
            continue;
        }
        for (repo, number) in search(&client, flag).await? {
            add(&mut found, &repo, number, None, section);
        }
    }
    let reads = client
        .each(found, |c, f| async move {
            let sections = f.sections;
            Ok((read_one(&c, f).await?, sections))
        })
        .await?;
    let mut listing = Listing::default();
    for (read, sections) in reads {
        listing.push(Listed {
            pr: model::to_pull_request(&spec.account_id, &read),
            sections,
        });
    }
    listing.rate_limit = client.budget();
    listing.requests = client.requests();
    Ok(listing)
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
async fn watched(client: &Client, repo: &str) -> Result<Vec<Pull>, ForgeError> {
    let (owner, name) = repo.split_once('/').unwrap_or((repo, ""));
    let url = client.url(
        &["repos", owner, name, "pulls"],
        &[("state", "open"), ("limit", LIMIT)],
    )?;
    client.pages(url).await
}

/// `(owner/name, index)` of every open PR the issue search finds with `flag=true`.
async fn search(client: &Client, flag: &str) -> Result<Vec<(String, u64)>, ForgeError> {
    let url = client.url(
        &["repos", "issues", "search"],
        &[
            ("type", "pulls"),
            ("state", "open"),
            (flag, "true"),
            ("limit", LIMIT),
        ],
    )?;
    let issues: Vec<Issue> = client.pages(url).await?;
    Ok(issues
        .into_iter()
        .filter(|i| i.pull_request.as_ref().is_some_and(|p| !p.is_null()))
        .filter_map(|i| Some((i.repository?.full_name?, i.number)))
        .collect())
}

/// Adds a PR to `found`, merging sections (and keeping a full object once seen).
fn add(found: &mut Vec<Found>, repo: &str, number: u64, pull: Option<Pull>, section: Section) {
    match found
        .iter_mut()
        .find(|f| f.number == number && f.repo.eq_ignore_ascii_case(repo))
    {
        Some(f) => {
            f.sections.insert(section);
            if f.pull.is_none() {
                f.pull = pull;
            }
        }
        None => found.push(Found {
            repo: repo.to_string(),
            number,
            pull,
            sections: Sections::of(section),
        }),
    }
}

/// The PR (when only a search found it), its reviews and its head's combined status.
async fn read_one(c: &Client, f: Found) -> Result<Read, ForgeError> {
    let (owner, name) = f.repo.split_once('/').unwrap_or((&f.repo, ""));
    let index = f.number.to_string();
    let base = ["repos", owner, name, "pulls", index.as_str()];
    let pull: Pull = match f.pull {
        Some(p) => p,
        None => c.get(&c.url(&base, &[])?).await?,
    };
    let reviews: Vec<ReviewItem> = c
        .pages(c.url(&[&base[..], &["reviews"]].concat(), &[("limit", LIMIT)])?)
        .await?;
    let status: Combined = match pull.head_sha() {
        Some(sha) => {
            let url = c.url(&["repos", owner, name, "commits", sha, "status"], &[])?;
            c.get(&url).await?
        }
        None => Combined::default(),
    };
    Ok(Read {
        repo: f.repo,
        pull,
        reviews,
        status,
    })
}
