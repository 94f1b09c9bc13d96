//! Fuzz entry points (feature `fuzzing`): a pull-request page, its statuses,
//! diffstat and branch restrictions as a listing reads them, and the `next`
//! page it would follow.

use super::client::{next_page, Page};
use super::model::{self, Diffstat, Pr, Read, Restriction, Status, User, WorkspaceAccess};
use crate::common::parse_json;
use crate::error::ForgeError;
use crate::fuzzing::{parts, reply};
use ampel_core::pr::PullRequest;
use ampel_core::Provider;
use url::Url;

const P: Provider = Provider::Bitbucket;

/// The PRs of a page (first part) with the statuses, diffstat, restrictions and
/// workspaces of the following parts, and the page's `next` URL when followed.
pub fn page(data: &[u8], current: &Url) -> Result<(Vec<PullRequest>, Option<Url>), ForgeError> {
    let all = parts(data);
    let body = |i: usize| all.get(i).map(|d| reply(d, current));
    let statuses = body(1).and_then(|r| parse_json::<Page<Status>>(P, &r).ok());
    let conflict = body(2)
        .and_then(|r| parse_json::<Page<Diffstat>>(P, &r).ok())
        .map(|p| {
            p.values
                .iter()
                .any(|f| f.status.as_deref() == Some("merge conflict"))
        });
    let rules = body(3)
        .and_then(|r| parse_json::<Page<Restriction>>(P, &r).ok())
        .map(|p| p.values)
        .unwrap_or_default();
    if let Some(r) = body(4) {
        if let Ok(ws) = parse_json::<Page<WorkspaceAccess>>(P, &r) {
            let _: Vec<Option<String>> = ws.values.iter().map(WorkspaceAccess::slug).collect();
        }
    }
    let me = User {
        uuid: Some("{fuzz-uuid}".to_string()),
        account_id: Some("fuzz-account-id".to_string()),
        nickname: None,
        display_name: None,
    };
    let r = reply(all[0], current);
    let page: Page<Pr> = parse_json(P, &r)?;
    let next = next_page(page.next.as_deref(), current);
    let mut prs = Vec::with_capacity(page.values.len());
    for pr in page.values {
        let branch = pr.destination_branch();
        for rule in &rules {
            let _ = rule.applies_to(&branch);
        }
        let _ = (
            pr.commits(),
            pr.source_hash(),
            pr.vote_of(&me),
            pr.has_reviewer(&me),
        );
        let repo = pr.repo().unwrap_or_else(|| "ws/repo".to_string());
        let read = Read {
            pr,
            repo,
            statuses: statuses.as_ref().map(|s| s.values.clone()),
            conflict,
            unloaded: Vec::new(),
            head_at: None,
            viewer: Some(me.name()),
            head_failed: false,
        };
        prs.push(model::to_pull_request("fuzz-account", &read));
    }
    Ok((prs, next))
}

/// The page a `next` value leads to from `current`, when it is followed.
pub fn next(next: &str, current: &Url) -> Option<Url> {
    next_page(Some(next), current)
}

/// Whether a branch restriction with `pattern` (glob) applies to `branch`.
pub fn restriction_applies(kind: &str, pattern: &str, branch: &str) -> bool {
    Restriction {
        kind: Some("require_approvals_to_merge".to_string()),
        branch_match_kind: Some(kind.to_string()),
        pattern: Some(pattern.to_string()),
        value: Some(2),
    }
    .applies_to(branch)
}
