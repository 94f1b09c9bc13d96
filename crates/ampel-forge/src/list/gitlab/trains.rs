//! Merge trains and ended auto-merges on the GitLab listing (issue 28): where an MR
//! with auto-merge on sits on its project's merge train, and what became of an MR
//! the forge was merging on its own once it left the open lists.
//!
//! **Trains.** Only for a freshly listed MR with auto-merge on
//! (`merge_when_pipeline_succeeds`) that is new or whose `updated_at` moved since
//! the last read: one `GET /projects/:id` per such project (`merge_trains_enabled`,
//! absent below Premium), and where trains are on one `GET
//! /projects/:id/merge_trains?scope=active&sort=asc&per_page=100` (the cars in
//! train order: the position is the place among the cars of the same target
//! branch, the state GitLab's car `status` through [`QueueState::from_gitlab`]).
//! Those MRs get `queue_required` and their entry (none: auto-merge waits to join).
//! An MR that did not move keeps what was read (recorded among the validators as
//! `gitlab train <repo>!<iid>` → `updated_at`), so an unchanged refresh reads
//! nothing; a car moving along the train without touching the MR shows at the
//! MR's next change. A failed read keeps no record and is asked again next time.
//!
//! **Ended.** An MR of the previous listing with auto-merge, a car or a rebase that
//! is not in this listing: one `GET /projects/:id/merge_requests/:iid` each, only in
//! that case, recording `merged` / `closed` (`Unknown` when the read fails; an MR
//! still open, listed elsewhere no more, is not recorded).

use super::ci::{api_url, Head, CONCURRENCY};
use super::fetch::Fetcher;
use crate::error::ForgeError;
use crate::list::{retry_later, Ended, ListSpec, Listing};
use ampel_core::automation::{QueueEntry, QueueState};
use ampel_core::changes::pr_key;
use ampel_core::pr::PrState;
use serde::Deserialize;

#[derive(Deserialize)]
struct Project {
    #[serde(default)]
    merge_trains_enabled: bool,
}

#[derive(Deserialize)]
struct CarMr {
    iid: u64,
}

#[derive(Deserialize)]
struct Car {
    merge_request: Option<CarMr>,
    target_branch: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize)]
struct MrState {
    #[serde(default)]
    state: String,
}

/// The validator key recording the `updated_at` an MR's train entry was read at.
fn record_key(repo: &str, number: u64) -> String {
    format!("gitlab train {repo}!{number}")
}

/// One MR whose train entry is read this refresh.
struct Want {
    index: usize,
    number: u64,
    target: Option<String>,
    record: String,
    moved_at: String,
}

/// Sets `queue_required` and the queue entry of every MR with auto-merge on, reading
/// only for those new or moved (see the module docs).
pub(super) async fn attach(
    f: &mut Fetcher<'_>,
    spec: &ListSpec,
    heads: &[Head],
) -> Result<(), ForgeError> {
    // Per project (its path as listed), the MRs to read.
    let mut projects: Vec<(String, Vec<Want>)> = Vec::new();
    for (index, listed) in f.out.prs.iter_mut().enumerate() {
        let pr = &mut listed.pr;
        if pr.automation.auto_merge.is_none() {
            continue;
        }
        let record = record_key(&pr.repo, pr.number);
        let key = pr_key(pr);
        let Some(head) = heads.iter().find(|h| h.key == key) else {
            // Reused from a 304 list: its automation, and the record, stay.
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
        if let Some(old) = cached {
            pr.automation.queue = old.automation.queue.clone();
            pr.automation.queue_required = old.automation.queue_required;
            f.out.validators.insert(record, moved_at);
            continue;
        }
        let want = Want {
            index,
            number: pr.number,
            target: head.target.clone(),
            record,
            moved_at,
        };
        match projects
            .iter_mut()
            .find(|(r, _)| r.eq_ignore_ascii_case(&pr.repo))
        {
            Some((_, list)) => list.push(want),
            None => projects.push((pr.repo.clone(), vec![want])),
        }
    }
    if projects.is_empty() {
        return Ok(());
    }
    let (ctx, http, token) = (f.ctx, f.http, f.token);
    let done = crate::list::in_order(projects, CONCURRENCY, |(repo, wants)| async move {
        let mut sub = Fetcher {
            ctx,
            http,
            token,
            out: Listing::default(),
        };
        let url = api_url(ctx, &repo, &[])?;
        let project = retry_later("gitlab project", sub.json::<Project>(&url).await)?;
        let read = match project {
            None => None,
            Some(p) if !p.merge_trains_enabled => Some((false, Vec::new())),
            Some(_) => {
                let mut url = api_url(ctx, &repo, &["merge_trains"])?;
                url.query_pairs_mut()
                    .append_pair("scope", "active")
                    .append_pair("sort", "asc")
                    .append_pair("per_page", "100");
                retry_later("gitlab merge train", sub.json::<Vec<Car>>(&url).await)?
                    .map(|cars| (true, cars))
            }
        };
        Ok((wants, read, sub.out))
    })
    .await?;
    for (wants, read, out) in done {
        f.out.count_side_read(&out);
        let Some((trains, cars)) = read else {
            continue;
        };
        for w in wants {
            let pr = &mut f.out.prs[w.index].pr;
            pr.automation.queue_required = trains;
            pr.automation.queue = entry(&cars, w.number, w.target.as_deref());
            f.out.validators.insert(w.record, w.moved_at);
        }
    }
    Ok(())
}

/// The MR's entry among `cars` (train order): its place among the cars of its
/// target branch, and its state.
fn entry(cars: &[Car], number: u64, target: Option<&str>) -> Option<QueueEntry> {
    let mine = cars
        .iter()
        .find(|c| c.merge_request.as_ref().is_some_and(|m| m.iid == number))?;
    let branch = target.or(mine.target_branch.as_deref());
    let ahead = cars
        .iter()
        .take_while(|c| c.merge_request.as_ref().is_none_or(|m| m.iid != number))
        .filter(|c| branch.is_none() || c.target_branch.as_deref() == branch)
        .count();
    Some(QueueEntry {
        position: u32::try_from(ahead + 1).ok(),
        state: mine
            .status
            .as_deref()
            .map_or(QueueState::Unknown, QueueState::from_gitlab),
    })
}

/// Fills `ended`: each MR of the previous listing the forge was merging on its own
/// that this listing no longer holds, read once.
pub(super) async fn ended(f: &mut Fetcher<'_>, spec: &ListSpec) -> Result<(), ForgeError> {
    let gone: Vec<(String, u64)> = spec
        .previous
        .iter()
        .map(|l| &l.pr)
        .filter(|p| !p.automation.is_idle())
        .filter(|p| {
            !f.out
                .prs
                .iter()
                .any(|l| l.pr.number == p.number && l.pr.repo.eq_ignore_ascii_case(&p.repo))
        })
        .map(|p| (p.repo.clone(), p.number))
        .collect();
    if gone.is_empty() {
        return Ok(());
    }
    let (ctx, http, token) = (f.ctx, f.http, f.token);
    let done = crate::list::in_order(gone, CONCURRENCY, |(repo, number)| async move {
        let mut sub = Fetcher {
            ctx,
            http,
            token,
            out: Listing::default(),
        };
        let url = api_url(ctx, &repo, &["merge_requests", &number.to_string()])?;
        let state = match sub.json::<MrState>(&url).await {
            Ok(mr) => match mr.state.as_str() {
                "merged" => Some(PrState::Merged),
                "closed" => Some(PrState::Closed),
                "opened" | "locked" => None,
                _ => Some(PrState::Unknown),
            },
            Err(_) => Some(PrState::Unknown),
        };
        Ok((repo, number, state, sub.out))
    })
    .await?;
    for (repo, number, state, out) in done {
        f.out.count_side_read(&out);
        if let Some(state) = state {
            f.out.ended.push(Ended {
                repo,
                number,
                state,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cars() -> Vec<Car> {
        let car = |iid, branch: &str, status: &str| Car {
            merge_request: Some(CarMr { iid }),
            target_branch: Some(branch.to_string()),
            status: Some(status.to_string()),
        };
        vec![
            car(1, "main", "merging"),
            car(2, "release", "fresh"),
            car(3, "main", "idle"),
            car(4, "main", "a-status-from-a-newer-gitlab"),
        ]
    }

    #[test]
    fn the_position_counts_only_the_cars_of_the_same_target_branch() {
        let e = entry(&cars(), 3, Some("main"));
        assert_eq!(
            e,
            Some(QueueEntry {
                position: Some(2),
                state: QueueState::Queued,
            })
        );
        let e = entry(&cars(), 2, None);
        assert_eq!(
            e.map(|e| (e.position, e.state)),
            Some((Some(1), QueueState::AwaitingChecks))
        );
        assert_eq!(entry(&cars(), 9, Some("main")), None, "not on the train");
    }

    #[test]
    fn an_unknown_car_status_is_never_good() {
        let e = entry(&cars(), 4, Some("main"));
        assert_eq!(e.map(|e| e.state), Some(QueueState::Unknown));
    }
}
