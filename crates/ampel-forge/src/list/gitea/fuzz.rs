//! Fuzz entry points (feature `fuzzing`): a repository's PR list, an issue search,
//! reviews, a combined status and a branch as a listing reads them, and the
//! `Link: rel="next"` page it would follow.

use super::client::next_page;
use super::model::{self, Branch, Combined, Issue, Pull, ReviewItem};
use crate::common::parse_json;
use crate::error::ForgeError;
use crate::fuzzing::{parts, reply};
use crate::http::Reply;
use ampel_core::pr::PullRequest;
use ampel_core::Provider;
use url::Url;

const P: Provider = Provider::Gitea;

/// The PRs of a `pulls` answer (first part), with the reviews, combined status and
/// base branch of the following parts; an issue search as the fifth part; and the
/// next page's URL.
pub fn page(data: &[u8], current: &Url) -> Result<(Vec<PullRequest>, Option<Url>), ForgeError> {
    let all = parts(data);
    let body = |i: usize| all.get(i).map(|d| reply(d, current));
    let reviews = body(1).and_then(|r| parse_json::<Vec<ReviewItem>>(P, &r).ok());
    let combined = body(2).and_then(|r| parse_json::<Combined>(P, &r).ok());
    let required = body(3)
        .and_then(|r| parse_json::<Branch>(P, &r).ok())
        .and_then(|b| b.required());
    if let Some(r) = body(4) {
        if let Ok(hits) = parse_json::<Vec<Issue>>(P, &r) {
            for i in &hits {
                let _ = (i.number, i.pull_request.is_some(), &i.repository);
            }
        }
    }
    let r = reply(all[0], current);
    let next = next(&r, current);
    let pulls: Vec<Pull> = parse_json(P, &r)?;
    let mut prs = Vec::with_capacity(pulls.len());
    for p in &pulls {
        let mut pr = model::to_pull_request("fuzz-account", "owner/repo", p);
        pr.review = model::review(reviews.as_deref().unwrap_or_default(), required);
        if let Some(c) = &combined {
            pr.checks = model::checks(c);
        }
        prs.push(pr);
    }
    Ok((prs, next))
}

/// The next page a `pulls` answer leads to from `current`.
pub fn next(reply: &Reply, current: &Url) -> Option<Url> {
    next_page(reply, current)
}
