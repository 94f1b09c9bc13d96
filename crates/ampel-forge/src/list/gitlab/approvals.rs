//! How many approvals a `not_approved` merge request still needs, from
//! `GET /projects/:id/merge_requests/:iid/approvals` (`approvals_left`,
//! `approvals_required`, `approved_by`), read only when the MR moved since the
//! cached copy.

use super::ci::{api, Head};
use super::fetch::Fetcher;
use crate::error::ForgeError;
use crate::list::ListSpec;
use ampel_core::changes::pr_key;
use ampel_core::forge_status::gitlab::{self as status, StatusHint};
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

/// Sets the review of every freshly listed `not_approved` MR, reusing the previous
/// listing's count while the MR's `updated_at` has not moved.
pub(super) async fn attach(
    f: &mut Fetcher<'_>,
    spec: &ListSpec,
    heads: &[Head],
) -> Result<(), ForgeError> {
    for i in 0..f.out.prs.len() {
        let pr = f.out.prs[i].pr.clone();
        let key = pr_key(&pr);
        let Some(head) = heads.iter().find(|h| h.key == key) else {
            continue;
        };
        if head.hint != Some(StatusHint::NotApproved) {
            continue;
        }
        let cached = spec
            .previous
            .iter()
            .find(|l| l.key() == key && l.pr.updated_at == pr.updated_at)
            .filter(|l| l.pr.review.approvals_missing.is_some());
        if let Some(old) = cached {
            f.out.prs[i].pr.review = old.pr.review.clone();
            continue;
        }
        let url = api(
            f,
            &pr.repo,
            &["merge_requests", &pr.number.to_string(), "approvals"],
        )?;
        let a: Approvals = f.json(&url).await?;
        let approved_by: Vec<String> = a
            .approved_by
            .into_iter()
            .filter_map(|x| x.user.map(|u| u.username))
            .collect();
        f.out.prs[i].pr.review = status::review(
            approved_by.iter().map(String::as_str),
            a.approvals_required,
            a.approvals_left,
            [],
            head.hint,
        );
    }
    Ok(())
}
