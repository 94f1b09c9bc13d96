//! Who is asked to review a merge request and who reviewed it, for the turn rule.
//!
//! From `GET /projects/:id/merge_requests/:iid/reviewers`. The MR list's `reviewers` carry no review state; the reviewers endpoint gives
//! each reviewer's `state`: `unreviewed`, `review_started` (a draft review not
//! submitted), `reviewed`, `requested_changes`, `approved` or `unapproved` (an
//! approval GitLab removed, as it does on a push where the project resets
//! approvals). It is read only for a freshly listed MR that I wrote or that names
//! me among its reviewers, and only when its `updated_at` moved since the last
//! read (recorded among the validators as `gitlab reviewers <repo>!<iid>` →
//! `updated_at`, like the approvals): an unchanged refresh reads none. Any other
//! MR keeps no review facts (its turn is nobody's for me).
//!
//! The mapping to [`ReviewFacts`]: `unreviewed` and `review_started` are open
//! requests (`requested_users`); `reviewed` is a comment, `approved` an approval,
//! `requested_changes` a request for changes; `unapproved` is an approval made
//! on an older head (`stale`); a value Ampel does not know is no opinion, which
//! never makes it anyone's turn. GitLab has no team review requests
//! (`requested_teams` stays empty). Sources: gitlab-org/gitlab!93388 (the
//! endpoint), !134766 (`requested_changes`; a plain comment no longer sets
//! `reviewed`, only a submitted review does), !153251 (`unapproved` when a push
//! removes the approvals).
//!
//! **Which head a review saw.** GitLab gives no reviewed commit and no review
//! time (`created_at` is when the reviewer was added). A review is taken as made
//! on the head (`sha`) and at the `updated_at` of the listing that first saw that
//! reviewer in that state; later listings keep that commit from the cached facts
//! while the state stays, so a push after it moves the head past the reviewed
//! commit ("pushed since your review"). GitLab resets the state to `unreviewed`
//! when a review is re-requested: the cached review is kept next to the open
//! request, so it reads "asked for your review again". Limits: the first listing
//! (no cache) takes every review as made on the current head; a review and a push
//! between two refreshes count as a review of the new head; a second review in the
//! same state after a push is not seen.
//!
//! A failed read keeps the cached facts (or none), no record, and says "reviews
//! not loaded" ([`Unloaded::Reviews`]); it is read again at the next refresh.

use super::ci::{api_url, CONCURRENCY};
use super::fetch::Fetcher;
use crate::error::ForgeError;
use crate::list::{retry_later, ListSpec, Listing};
use ampel_core::changes::pr_key;
use ampel_core::forge_status::gitlab as status;
use ampel_core::pr::{same_login, PullRequest, ReviewFacts, ReviewMark, ReviewVote, Unloaded};
use serde::Deserialize;

/// One entry of the reviewers endpoint.
#[derive(Deserialize)]
struct Reviewer {
    user: Option<super::mr::User>,
    state: Option<String>,
}

/// The validator key recording the `updated_at` an MR's reviewers were read at.
fn record_key(repo: &str, number: u64) -> String {
    format!("gitlab reviewers {repo}!{number}")
}

/// True when `me` wrote `pr` or the list names `me` among its reviewers.
fn involves(pr: &PullRequest, me: &str) -> bool {
    same_login(&pr.author, me) || pr.requested_reviewers.iter().any(|r| same_login(r, me))
}

/// Sets the review facts of every listed MR as `viewer` reads them: reused from
/// the cache while the MR did not move, read (the reads go [`CONCURRENCY`] at
/// once) when it did and involves `viewer`.
pub(super) async fn attach(
    f: &mut Fetcher<'_>,
    spec: &ListSpec,
    fresh: &[String],
    viewer: &str,
) -> Result<(), ForgeError> {
    let mut reads = Vec::new();
    for (i, listed) in f.out.prs.iter_mut().enumerate() {
        let pr = &mut listed.pr;
        let key = pr_key(pr);
        let record = record_key(&pr.repo, pr.number);
        let old = spec
            .previous_pr(&pr.repo, pr.number)
            .and_then(|p| p.reviewing.clone().map(|r| (p.updated_at, r)));
        if !fresh.contains(&key) {
            // Reused from a 304 list: its facts, and the record, stay as they were.
            if let Some(at) = spec.validators.get(&record) {
                f.out.validators.insert(record, at.clone());
            }
            continue;
        }
        let moved_at = pr.updated_at.unix_timestamp_nanos().to_string();
        let read_at_this_update = spec.validators.get(&record) == Some(&moved_at);
        match old {
            Some((at, facts)) if at == pr.updated_at && read_at_this_update => {
                pr.requested_reviewers.clone_from(&facts.requested_users);
                pr.reviewing = Some(facts);
                f.out.validators.insert(record, moved_at);
            }
            _ if !involves(pr, viewer) => {}
            _ if pr.requested_reviewers.is_empty() => {
                // My MR with no reviewers: nobody is asked, nobody answered.
                pr.reviewing = Some(ReviewFacts {
                    viewer: viewer.to_string(),
                    ..ReviewFacts::default()
                });
                f.out.validators.insert(record, moved_at);
            }
            old => {
                let url = api_url(
                    f.ctx,
                    &pr.repo,
                    &["merge_requests", &pr.number.to_string(), "reviewers"],
                )?;
                reads.push((i, url, record, moved_at, old.map(|(_, facts)| facts)));
            }
        }
    }
    let (ctx, http, token) = (f.ctx, f.http, f.token);
    let done = crate::list::in_order(
        reads,
        CONCURRENCY,
        |(i, url, record, moved_at, old)| async move {
            let mut sub = Fetcher {
                ctx,
                http,
                token,
                out: Listing::default(),
            };
            let read = retry_later("gitlab reviewers", sub.json::<Vec<Reviewer>>(&url).await)?;
            Ok((i, read, sub.out, record, moved_at, old))
        },
    )
    .await?;
    for (i, read, out, record, moved_at, old) in done {
        f.out.count_side_read(&out);
        let pr = &mut f.out.prs[i].pr;
        match read {
            Some(reviewers) => {
                let facts = facts(&reviewers, pr, viewer, old.as_ref());
                pr.requested_reviewers.clone_from(&facts.requested_users);
                pr.reviewing = Some(facts);
                f.out.validators.insert(record, moved_at);
            }
            None => {
                pr.reviewing = old;
                pr.mark_unloaded(Unloaded::Reviews);
            }
        }
    }
    Ok(())
}

/// What a reviewer's `state` says: an open request, or a review mark.
enum Said {
    Asked,
    Mark { vote: ReviewVote, stale: bool },
}

fn said(state: &str) -> Said {
    match state {
        "unreviewed" | "review_started" => Said::Asked,
        // GitLab removed the approval (a push in a project that resets approvals).
        "unapproved" => Said::Mark {
            vote: ReviewVote::Approved,
            stale: true,
        },
        other => Said::Mark {
            vote: status::reviewer_vote(other),
            stale: false,
        },
    }
}

/// The facts of `pr` from its reviewers' states, with each review's head taken
/// from the cached facts `old` while its state stays (see the module docs).
fn facts(
    reviewers: &[Reviewer],
    pr: &PullRequest,
    viewer: &str,
    old: Option<&ReviewFacts>,
) -> ReviewFacts {
    let mut facts = ReviewFacts {
        viewer: viewer.to_string(),
        ..ReviewFacts::default()
    };
    for r in reviewers {
        let Some(by) = r.user.as_ref().map(|u| u.username.clone()) else {
            continue;
        };
        if by.is_empty() {
            continue;
        }
        let before = old.and_then(|o| o.reviews.iter().find(|m| same_login(&m.by, &by)));
        match said(r.state.as_deref().unwrap_or_default()) {
            Said::Asked => {
                // A re-request resets the state: the review it follows stays known.
                if let Some(mark) = before.filter(|m| m.vote != ReviewVote::NoOpinion) {
                    facts.reviews.push(mark.clone());
                }
                facts.requested_users.push(by);
            }
            Said::Mark { vote, stale } => {
                let kept = before.filter(|m| m.vote == vote && m.stale == stale);
                facts.reviews.push(match kept {
                    Some(mark) => mark.clone(),
                    None => ReviewMark {
                        by,
                        vote,
                        commit: if stale { None } else { pr.head_sha.clone() },
                        at: Some(pr.updated_at),
                        stale,
                    },
                });
            }
        }
    }
    facts
}

/// The facts a reviewers answer gives `pr` as `viewer` reads it (fuzz entry).
#[cfg(any(test, feature = "fuzzing"))]
pub(super) fn parse(
    reply: &crate::http::Reply,
    pr: &PullRequest,
    viewer: &str,
) -> Result<ReviewFacts, ForgeError> {
    let reviewers: Vec<Reviewer> = crate::common::parse_json(ampel_core::Provider::Gitlab, reply)?;
    let first = facts(&reviewers, pr, viewer, None);
    Ok(facts(&reviewers, pr, viewer, Some(&first)))
}

/// True when `facts` say `me` reviewed and is not asked again: the MR leaves
/// Needs my review for Reviewed.
pub(super) fn reviewed_by_me(facts: &ReviewFacts) -> bool {
    facts.viewer_review().is_some() && !facts.viewer_asked()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ampel_core::Provider;
    use time::OffsetDateTime;

    fn reviewer(name: &str, state: &str) -> Reviewer {
        Reviewer {
            user: Some(super::super::mr::User {
                username: name.to_string(),
            }),
            state: Some(state.to_string()),
        }
    }

    fn mr(sha: &str) -> PullRequest {
        let mut pr = PullRequest::open(Provider::Gitlab, "a", "g/p", 1, OffsetDateTime::UNIX_EPOCH);
        pr.head_sha = Some(sha.to_string());
        pr
    }

    #[test]
    fn states_map_to_requests_and_marks() {
        let all = [
            reviewer("ann", "unreviewed"),
            reviewer("ben", "review_started"),
            reviewer("cat", "reviewed"),
            reviewer("dan", "requested_changes"),
            reviewer("eve", "approved"),
            reviewer("fay", "unapproved"),
            reviewer("gus", "a_state_newer_than_ampel"),
        ];
        let f = facts(&all, &mr("aaa"), "me", None);
        assert_eq!(f.requested_users, ["ann", "ben"]);
        let marks: Vec<(&str, ReviewVote, bool, Option<&str>)> = f
            .reviews
            .iter()
            .map(|m| (m.by.as_str(), m.vote, m.stale, m.commit.as_deref()))
            .collect();
        assert_eq!(
            marks,
            [
                ("cat", ReviewVote::Commented, false, Some("aaa")),
                ("dan", ReviewVote::ChangesRequested, false, Some("aaa")),
                ("eve", ReviewVote::Approved, false, Some("aaa")),
                ("fay", ReviewVote::Approved, true, None),
                ("gus", ReviewVote::NoOpinion, false, Some("aaa")),
            ]
        );
        assert!(f.requested_teams.is_empty());
    }

    #[test]
    fn a_review_keeps_the_head_it_was_first_seen_on() {
        let first = facts(&[reviewer("me", "approved")], &mr("aaa"), "me", None);
        let pushed = facts(
            &[reviewer("me", "approved")],
            &mr("bbb"),
            "me",
            Some(&first),
        );
        assert_eq!(pushed.reviews[0].commit.as_deref(), Some("aaa"));
        let again = facts(
            &[reviewer("me", "unreviewed")],
            &mr("bbb"),
            "me",
            Some(&first),
        );
        assert_eq!(again.requested_users, ["me"]);
        assert_eq!(again.reviews.len(), 1, "the review before the re-request");
        assert!(!reviewed_by_me(&again));
        assert!(reviewed_by_me(&first));
    }
}
