//! Fuzz entry points (feature `fuzzing`): a merge-request list page, a pipelines
//! page and a reviewers answer as a listing reads them, and the next page it would
//! follow.

use super::fetch::next_page;
use super::mr::{Mr, Pipeline};
use crate::common::parse_json;
use crate::error::ForgeError;
use crate::fuzzing::{parts, reply};
use crate::http::Reply;
use ampel_core::pr::PullRequest;
use ampel_core::Provider;
use url::Url;

const P: Provider = Provider::Gitlab;

/// The PRs of a merge-request list answer (as a watched project's list and as a
/// scoped list), the pipelines of a second part, the reviewers of a third (as the
/// first MR's, read by its author), and the next page's URL.
pub fn page(data: &[u8], current: &Url) -> Result<(Vec<PullRequest>, Option<Url>), ForgeError> {
    let all = parts(data);
    let r = reply(all[0], current);
    let next = next(&r, current);
    if let Some(body) = all.get(1) {
        let pipes = reply(body, current);
        if let Ok(list) = parse_json::<Vec<Pipeline>>(P, &pipes) {
            for p in &list {
                let _ = (p.id, p.status.as_deref(), p.sha.len(), p.git_ref.len());
            }
        }
    }
    let mrs: Vec<Mr> = parse_json(P, &r)?;
    let mut prs = Vec::with_capacity(mrs.len() * 2);
    for m in &mrs {
        let _ = (m.merge_status(), m.is_from_fork(), m.repo(None));
        prs.push(m.to_pr("fuzz-account", Some("group/sub/project")));
        prs.push(m.to_pr("fuzz-account", None));
    }
    if let (Some(body), Some(pr)) = (all.get(2), prs.first_mut()) {
        let viewer = pr.author.clone();
        if let Ok(facts) = super::reviewers::parse(&reply(body, current), pr, &viewer) {
            let _ = super::reviewers::reviewed_by_me(&facts);
            pr.reviewing = Some(facts);
        }
    }
    Ok((prs, next))
}

/// The next page a list answer leads to from `current` (`X-Next-Page`, `Link`).
pub fn next(reply: &Reply, current: &Url) -> Option<Url> {
    next_page(reply, current)
}
