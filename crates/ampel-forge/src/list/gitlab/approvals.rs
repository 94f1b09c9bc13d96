//! Who approved a merge request and how many approvals it still needs, from
//! `GET /projects/:id/merge_requests/:iid/approvals` (`approved_by`; on Premium also
//! `approvals_required` and `approvals_left`). Read for every freshly listed MR whose
//! `updated_at` moved since the last read (an approval is a note, which moves it), so
//! approvals show on projects without approval rules (GitLab Free's default) too;
//! an MR that did not move keeps what was read (recorded among the validators as
//! `gitlab approvals <repo>!<iid>` → `updated_at`), so an unchanged refresh reads none.
//! A read that failed keeps no record: the MR says "approvals not loaded" and its
//! approvals are read at the next refresh.

use super::ci::{api_url, Head, CONCURRENCY};
use super::fetch::Fetcher;
use crate::error::ForgeError;
use crate::list::{retry_later, ListSpec, Listing};
use ampel_core::changes::pr_key;
use ampel_core::forge_status::gitlab as status;
use ampel_core::pr::Unloaded;
use serde::Deserialize;

#[derive(Deserialize)]
struct Approver {
    user: Option<super::mr::User>,
}

/// The approvals entity; `approvals_required` and `approvals_left` are absent on Free.
#[derive(Deserialize)]
struct Approvals {
    #[serde(default)]
    approved_by: Vec<Approver>,
    approvals_required: Option<u32>,
    approvals_left: Option<u32>,
}

/// The validator key recording the `updated_at` an MR's approvals were read at.
fn record_key(repo: &str, number: u64) -> String {
    format!("gitlab approvals {repo}!{number}")
}

/// Sets the review of every freshly listed MR from its approvals, reusing the
/// previous listing's review while the MR's `updated_at` has not moved; the reads
/// go [`CONCURRENCY`] at once.
pub(super) async fn attach(
    f: &mut Fetcher<'_>,
    spec: &ListSpec,
    heads: &[Head],
) -> Result<(), ForgeError> {
    let mut reads = Vec::new();
    for (i, listed) in f.out.prs.iter_mut().enumerate() {
        let pr = &mut listed.pr;
        let key = pr_key(pr);
        let record = record_key(&pr.repo, pr.number);
        let Some(head) = heads.iter().find(|h| h.key == key) else {
            // Reused from a 304 list: its review, and the record, stay as they were.
            if let Some(at) = spec.validators.get(&record) {
                f.out.validators.insert(record, at.clone());
            }
            continue;
        };
        let moved_at = pr.updated_at.unix_timestamp_nanos().to_string();
        let read_at_this_update = spec.validators.get(&record) == Some(&moved_at);
        let cached = spec
            .previous_pr(&pr.repo, pr.number)
            .filter(|p| p.updated_at == pr.updated_at && read_at_this_update);
        match cached {
            Some(old) => {
                pr.review = old.review.clone();
                f.out.validators.insert(record, moved_at);
            }
            None => {
                let url = api_url(
                    f.ctx,
                    &pr.repo,
                    &["merge_requests", &pr.number.to_string(), "approvals"],
                )?;
                reads.push((i, url, head.hint, record, moved_at));
            }
        }
    }
    let (ctx, http, token) = (f.ctx, f.http, f.token);
    let done = crate::list::in_order(
        reads,
        CONCURRENCY,
        |(i, url, hint, record, moved_at)| async move {
            let mut sub = Fetcher {
                ctx,
                http,
                token,
                out: Listing::default(),
            };
            let read = retry_later("gitlab approvals", sub.json::<Approvals>(&url).await)?;
            let review = read.map(|a| {
                let approved_by: Vec<String> = a
                    .approved_by
                    .into_iter()
                    .filter_map(|x| x.user.map(|u| u.username))
                    .collect();
                status::review(
                    approved_by.iter().map(String::as_str),
                    a.approvals_required,
                    a.approvals_left,
                    [],
                    hint,
                )
            });
            Ok((i, review, sub.out, record, moved_at, hint))
        },
    )
    .await?;
    for (i, review, out, record, moved_at, hint) in done {
        f.out.count_side_read(&out);
        let pr = &mut f.out.prs[i].pr;
        match review {
            Some(review) => {
                pr.review = review;
                f.out.validators.insert(record, moved_at);
            }
            // What the merge status says, no record: read again next refresh.
            None => {
                pr.review = status::review([], None, None, [], hint);
                pr.mark_unloaded(Unloaded::Approvals);
            }
        }
    }
    Ok(())
}
