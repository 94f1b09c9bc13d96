//! GitLab's merge-when-ready actions (issue 28) over real HTTP against the fake
//! forge: auto-merge set and cancelled, merge trains joined and left (and a direct
//! merge never sent where the project uses them), a rebase polled to its end; each
//! refusal coded, each write sent once, the next sync showing the forge's state.

mod support;

use ampel_core::automation::{AutoMerge, QueueEntry, QueueState};
use ampel_core::pr::{CheckState, MergeState, PullRequest, ReviewVote};
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use ampel_forge::actions::{Action, ActionError, MergeMethod, Outcome, Target, UpdateStyle};
use ampel_forge::ListSpec;
use support::*;

const P: Provider = Provider::Gitlab;
const REPO: &str = "acme/widgets";
const ME: &str = "mira";

async fn setup(prs: Vec<FakePr>) -> FakeForge {
    let f = forge().await;
    f.add_token(FakeToken::gitlab_pat(GL_PAT, ME, &["api"]));
    for pr in prs {
        f.add_pr(pr);
    }
    f
}

fn mr(number: u64) -> FakePr {
    FakePr::new(P, REPO, number, "Add the widget", "alice")
}

fn running(number: u64) -> FakePr {
    mr(number).check("build", CheckState::Running)
}

async fn synced(f: &FakeForge, number: u64) -> Option<PullRequest> {
    let spec = ListSpec {
        account_id: "acc".into(),
        login: Some(ME.into()),
        sections: vec![Section::Watched],
        watched_repos: vec![REPO.into()],
        ..ListSpec::default()
    };
    let listing = match validator().list(&spec_of(f), &secret(GL_PAT), &spec).await {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    };
    listing
        .prs
        .into_iter()
        .map(|l| l.pr)
        .find(|pr| pr.number == number)
}

fn spec_of(f: &FakeForge) -> ampel_forge::AccountSpec {
    spec(f, P)
}

async fn target(f: &FakeForge, number: u64) -> Target {
    let Some(pr) = synced(f, number).await else {
        panic!("!{number} is not listed");
    };
    Target {
        repo: REPO.into(),
        number: number as u32,
        head_sha: pr.head_sha,
    }
}

async fn act(f: &FakeForge, t: &Target, a: &Action) -> Result<Outcome, ActionError> {
    validator().act(&spec_of(f), &secret(GL_PAT), t, a).await
}

async fn done(f: &FakeForge, t: &Target, a: &Action) -> Outcome {
    expect_done(act(f, t, a).await, a)
}

async fn refused(f: &FakeForge, t: &Target, a: &Action) -> ActionError {
    expect_refused(act(f, t, a).await, a, GL_PAT)
}

fn when_ready(method: MergeMethod) -> Action {
    Action::MergeWhenReady {
        method,
        delete_branch: false,
    }
}

/// Writes (non-GET requests) whose path ends with `suffix`.
fn writes(f: &FakeForge, suffix: &str) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.method != "GET" && r.path.ends_with(suffix))
        .count()
}

#[tokio::test]
async fn auto_merge_waits_for_the_pipeline_then_gitlab_merges() {
    let f = setup(vec![running(7)]).await;
    let t = target(&f, 7).await;
    let out = done(&f, &t, &when_ready(MergeMethod::Squash)).await;
    assert!(
        out.message.starts_with("auto-merge on for"),
        "{}",
        out.message
    );
    assert_eq!(out.requests, 2, "project read + PUT /merge");
    assert_eq!(writes(&f, "/merge"), 1);
    assert!(
        f.merges().is_empty(),
        "nothing merged while the pipeline runs"
    );
    let Some(pr) = synced(&f, 7).await else {
        panic!("still open");
    };
    assert_eq!(
        pr.automation.auto_merge,
        Some(AutoMerge {
            method: Some("squash".into()),
            by: Some(ME.into()),
        })
    );
    f.update_pr(P, REPO, 7, |p| {
        p.checks = vec![("build".into(), CheckState::Success)]
    });
    let merges = f.merges();
    assert_eq!(merges.len(), 1, "GitLab merged it once the pipeline passed");
    assert_eq!(merges[0].method, "squash");
    assert!(
        synced(&f, 7).await.is_none(),
        "merged: gone from the open list"
    );
}

#[tokio::test]
async fn auto_merge_with_a_passed_pipeline_merges_at_once() {
    let f = setup(vec![mr(7).check("build", CheckState::Success)]).await;
    let t = target(&f, 7).await;
    let out = done(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert!(out.message.contains("at once"), "{}", out.message);
    assert_eq!(f.merges().len(), 1);
}

/// No pipeline and nothing else pending: GitLab offers no auto-merge (405); one read
/// of the MR says it can be merged now.
#[tokio::test]
async fn auto_merge_with_nothing_pending_is_refused_as_already_so() {
    let f = setup(vec![mr(7)]).await;
    let t = target(&f, 7).await;
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "already_so", "{e}");
    assert!(e.to_string().contains("merged now"), "{e}");
    assert!(f.merges().is_empty());
    assert_eq!(writes(&f, "/merge"), 1, "one write, refused");
}

/// Without a pipeline, auto-merge waits for the approval ("merge when checks pass").
#[tokio::test]
async fn auto_merge_without_a_pipeline_waits_for_the_approval() {
    let f = setup(vec![mr(7).approvals_required(1)]).await;
    let t = target(&f, 7).await;
    done(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert!(f.merges().is_empty());
    assert!(synced(&f, 7)
        .await
        .is_some_and(|pr| pr.automation.auto_merge.is_some()));
    f.review_as(P, REPO, 7, "bob", ReviewVote::Approved);
    let _ = synced(&f, 7).await; // GitLab's merge runs on its next step.
    assert_eq!(f.merges().len(), 1, "merged once approved");
}

#[tokio::test]
async fn auto_merge_refusals_are_coded() {
    // Head moved since the sync.
    let f = setup(vec![running(7)]).await;
    let t = target(&f, 7).await;
    f.push_commit(P, REPO, 7);
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "head_moved", "{e}");
    assert!(f.prs()[0].auto_merge.is_none());

    // Conflicts: GitLab's 405, named by one read.
    let f = setup(vec![running(7).merge(MergeState::Conflict)]).await;
    let t = target(&f, 7).await;
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "merge_conflict", "{e}");

    // Squash not allowed on the project.
    let f = setup(vec![running(7)]).await;
    f.allow_merge_methods(P, REPO, &["merge"]);
    let t = target(&f, 7).await;
    let e = refused(&f, &t, &when_ready(MergeMethod::Squash)).await;
    assert_eq!(e.code(), "method_not_allowed", "{e}");

    // A read-only token: nothing written.
    let f = setup(vec![running(7)]).await;
    f.add_token(FakeToken::gitlab_pat(
        "glpat-ReadOnly0000000001",
        ME,
        &["read_api"],
    ));
    let t = target(&f, 7).await;
    let e = match validator()
        .act(
            &spec_of(&f),
            &secret("glpat-ReadOnly0000000001"),
            &t,
            &when_ready(MergeMethod::Merge),
        )
        .await
    {
        Ok(o) => panic!("read-only token merged: {o:?}"),
        Err(e) => e,
    };
    assert_eq!(e.code(), "missing_write_scope", "{e}");
    assert!(f.prs()[0].auto_merge.is_none());
}

#[tokio::test]
async fn cancel_turns_auto_merge_off_and_a_second_cancel_is_already_so() {
    let f = setup(vec![running(7)]).await;
    let t = target(&f, 7).await;
    done(&f, &t, &when_ready(MergeMethod::Merge)).await;
    let out = done(&f, &t, &Action::CancelMergeWhenReady).await;
    assert_eq!(out.requests, 1);
    assert!(
        out.message.contains("auto-merge cancelled"),
        "{}",
        out.message
    );
    assert!(synced(&f, 7)
        .await
        .is_some_and(|pr| pr.automation.is_idle()));
    let e = refused(&f, &t, &Action::CancelMergeWhenReady).await;
    assert_eq!(e.code(), "already_so", "406: {e}");
    f.update_pr(P, REPO, 7, |p| {
        p.checks = vec![("build".into(), CheckState::Success)]
    });
    assert!(f.merges().is_empty(), "cancelled: never merged");
}

#[tokio::test]
async fn a_failed_pipeline_cancels_auto_merge() {
    let f = setup(vec![running(7)]).await;
    let t = target(&f, 7).await;
    done(&f, &t, &when_ready(MergeMethod::Merge)).await;
    f.update_pr(P, REPO, 7, |p| {
        p.checks = vec![("build".into(), CheckState::Failure)]
    });
    assert!(f.merges().is_empty());
    assert!(synced(&f, 7)
        .await
        .is_some_and(|pr| pr.automation.auto_merge.is_none()));
}

/// Where the project uses merge trains, a direct merge (GitLab's "merge immediately",
/// which skips the train) and auto-merge are refused before anything is written.
#[tokio::test]
async fn a_train_project_never_gets_a_direct_merge() {
    let f = setup(vec![mr(7).check("build", CheckState::Success)]).await;
    f.require_queue(P, REPO);
    let t = target(&f, 7).await;
    f.clear_requests();
    for a in [
        Action::Merge {
            method: MergeMethod::Merge,
            delete_branch: false,
        },
        when_ready(MergeMethod::Merge),
    ] {
        let e = refused(&f, &t, &a).await;
        assert_eq!(e.code(), "queue_required", "{}: {e}", a.name());
        assert!(e.to_string().contains("merge train"), "{e}");
    }
    assert_eq!(writes(&f, "/merge"), 0, "no merge sent");
    assert!(f.merges().is_empty());
}

#[tokio::test]
async fn merge_train_add_and_remove() {
    let f = setup(vec![running(7), mr(8), mr(9)]).await;
    f.require_queue(P, REPO);
    let add = Action::AddToQueue {
        method: MergeMethod::Merge,
    };
    // Pipeline still running: GitLab sets it to join when the pipeline succeeds (202).
    let t7 = target(&f, 7).await;
    let out = done(&f, &t7, &add).await;
    assert_eq!(out.requests, 2, "car read + POST");
    assert!(
        out.message.contains("joins the merge train"),
        "{}",
        out.message
    );
    // Nothing pending: on the train at once (201), in order.
    for (n, position) in [(8, 1), (9, 2)] {
        let t = target(&f, n).await;
        let out = done(&f, &t, &add).await;
        let want = format!("added acme/widgets!{n} to the merge train, position {position}");
        assert_eq!(out.message, want);
        let e = refused(&f, &t, &add).await;
        assert_eq!(e.code(), "already_so", "{e}");
    }
    let pr = synced(&f, 9).await;
    assert!(pr.is_some_and(|p| p.automation.auto_merge.is_some()));

    let t9 = target(&f, 9).await;
    let out = done(&f, &t9, &Action::RemoveFromQueue).await;
    assert_eq!(out.requests, 2, "car read + cancel");
    assert!(
        out.message.contains("removed from the merge train"),
        "{}",
        out.message
    );
    let e = refused(&f, &t9, &Action::RemoveFromQueue).await;
    assert_eq!(e.code(), "already_so", "{e}");
    assert!(f.merges().is_empty(), "the train pipelines still run");
    // The train pipeline of !8 passes: GitLab merges it.
    f.update_pr(P, REPO, 8, |p| {
        p.checks = vec![("merge-train".into(), CheckState::Success)]
    });
    let merged: Vec<u64> = f.merges().iter().map(|m| m.number).collect();
    assert_eq!(merged, vec![8]);
}

#[tokio::test]
async fn merge_train_refusals_are_coded() {
    // No trains on the project: 403 on the read, nothing written.
    let f = setup(vec![running(7)]).await;
    let t = target(&f, 7).await;
    let add = Action::AddToQueue {
        method: MergeMethod::Merge,
    };
    let e = refused(&f, &t, &add).await;
    assert_eq!(e.code(), "action_not_offered", "{e}");
    assert_eq!(writes(&f, "/merge_requests/7"), 0);

    // Head moved: 409.
    let f = setup(vec![mr(7)]).await;
    f.require_queue(P, REPO);
    let t = target(&f, 7).await;
    f.push_commit(P, REPO, 7);
    let e = refused(&f, &t, &add).await;
    assert_eq!(e.code(), "head_moved", "{e}");
    assert!(f.prs()[0].queued.is_none());
}

#[tokio::test]
async fn rebase_polls_until_done_and_the_sync_shows_the_new_head() {
    let f = setup(vec![mr(7)]).await;
    f.set_behind(P, REPO, 7, true);
    let t = target(&f, 7).await;
    let out = done(
        &f,
        &t,
        &Action::UpdateBranch {
            style: UpdateStyle::Rebase,
        },
    )
    .await;
    assert!(out.message.starts_with("rebased"), "{}", out.message);
    // MR read + PUT /rebase + two polls (the fake's rebase takes two reads).
    assert_eq!(out.requests, 4);
    assert_eq!(writes(&f, "/rebase"), 1);
    let Some(pr) = synced(&f, 7).await else {
        panic!("still open");
    };
    assert_ne!(pr.head_sha, t.head_sha, "a new head after the rebase");
    assert!(!f.prs()[0].behind);
}

#[tokio::test]
async fn a_failed_rebase_reports_gitlabs_merge_error() {
    let f = setup(vec![mr(7)]).await;
    f.set_behind(P, REPO, 7, true);
    f.fail_rebase(P, REPO, 7);
    let t = target(&f, 7).await;
    let e = refused(
        &f,
        &t,
        &Action::UpdateBranch {
            style: UpdateStyle::Rebase,
        },
    )
    .await;
    assert_eq!(e.code(), "refused", "{e}");
    assert!(
        e.to_string().contains("the rebase failed: Rebase failed"),
        "{e}"
    );
    assert!(f.prs()[0].behind, "still behind");
}

#[tokio::test]
async fn rebase_refusals_are_coded() {
    let rebase = Action::UpdateBranch {
        style: UpdateStyle::Rebase,
    };
    // Not behind.
    let f = setup(vec![mr(7)]).await;
    let t = target(&f, 7).await;
    let e = refused(&f, &t, &rebase).await;
    assert_eq!(e.code(), "already_so", "{e}");
    assert_eq!(writes(&f, "/rebase"), 0);

    // Conflicts: GitLab's 403.
    let f = setup(vec![mr(7).merge(MergeState::Conflict)]).await;
    f.set_behind(P, REPO, 7, true);
    let t = target(&f, 7).await;
    let e = refused(&f, &t, &rebase).await;
    assert_eq!(e.code(), "merge_conflict", "{e}");

    // Already running.
    let f = setup(vec![mr(7)]).await;
    f.set_behind(P, REPO, 7, true);
    f.update_pr(P, REPO, 7, |p| p.rebase_polls = 5);
    let t = target(&f, 7).await;
    let e = refused(&f, &t, &rebase).await;
    assert_eq!(e.code(), "already_so", "{e}");

    // Head moved.
    let f = setup(vec![mr(7)]).await;
    f.set_behind(P, REPO, 7, true);
    let t = target(&f, 7).await;
    f.push_commit(P, REPO, 7);
    let e = refused(&f, &t, &rebase).await;
    assert_eq!(e.code(), "head_moved", "{e}");
    assert_eq!(writes(&f, "/rebase"), 0);

    // GitLab rebases only.
    let e = refused(
        &f,
        &t,
        &Action::UpdateBranch {
            style: UpdateStyle::Merge,
        },
    )
    .await;
    assert_eq!(e.code(), "action_not_offered", "{e}");
}

/// A listing that carries the last one's validators and PRs, as the sync does.
async fn refresh(f: &FakeForge, last: Option<&ampel_forge::Listing>) -> ampel_forge::Listing {
    let mut spec = ListSpec {
        account_id: "acc".into(),
        login: Some(ME.into()),
        sections: vec![Section::Watched],
        watched_repos: vec![REPO.into()],
        ..ListSpec::default()
    };
    if let Some(l) = last {
        spec.validators = l.validators.clone();
        spec.previous = l.prs.clone();
    }
    match validator().list(&spec_of(f), &secret(GL_PAT), &spec).await {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

fn listed(l: &ampel_forge::Listing, number: u64) -> Option<&PullRequest> {
    l.prs.iter().map(|l| &l.pr).find(|p| p.number == number)
}

/// Train reads: the project and its cars (never the MR list or pipelines).
fn train_reads(f: &FakeForge) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.method == "GET")
        .filter(|r| {
            r.path.contains("/merge_trains") || r.path.ends_with("/projects/acme%2Fwidgets")
        })
        .count()
}

#[tokio::test]
async fn the_listing_shows_the_train_entry_and_an_unchanged_refresh_reads_nothing_more() {
    let f = setup(vec![mr(8), mr(9), running(10)]).await;
    f.require_queue(P, REPO);
    let add = Action::AddToQueue {
        method: MergeMethod::Squash,
    };
    for n in [8, 9] {
        let t = target(&f, n).await;
        done(&f, &t, &add).await;
    }
    f.clear_requests();
    let first = refresh(&f, None).await;
    assert_eq!(train_reads(&f), 2, "one project read + one train read");
    let Some(pr) = listed(&first, 9) else {
        panic!("!9 listed");
    };
    assert!(pr.automation.queue_required);
    assert_eq!(
        pr.automation.queue,
        Some(QueueEntry {
            position: Some(2),
            state: QueueState::AwaitingChecks,
        }),
        "its train pipeline runs (car status fresh)"
    );
    assert_eq!(
        pr.automation
            .auto_merge
            .as_ref()
            .and_then(|a| a.method.as_deref()),
        Some("squash")
    );
    let none = listed(&first, 10).map(|p| p.automation.clone());
    assert_eq!(
        none,
        Some(Default::default()),
        "no auto-merge: nothing read"
    );

    f.clear_requests();
    let second = refresh(&f, Some(&first)).await;
    assert_eq!(train_reads(&f), 0, "unchanged: no train read");
    assert_eq!(
        listed(&second, 9).map(|p| p.automation.clone()),
        listed(&first, 9).map(|p| p.automation.clone())
    );
    assert!(second.ended.is_empty());
}

#[tokio::test]
async fn an_mr_merged_by_auto_merge_is_reported_ended_once() {
    let f = setup(vec![running(7), mr(8)]).await;
    let t = target(&f, 7).await;
    done(&f, &t, &when_ready(MergeMethod::Merge)).await;
    let first = refresh(&f, None).await;
    assert!(listed(&first, 7).is_some_and(|p| p.automation.auto_merge.is_some()));
    f.update_pr(P, REPO, 7, |p| {
        p.checks = vec![("build".into(), CheckState::Success)]
    });
    f.clear_requests();
    let second = refresh(&f, Some(&first)).await;
    assert_eq!(
        second.ended,
        vec![ampel_forge::Ended {
            repo: REPO.into(),
            number: 7,
            state: ampel_core::pr::PrState::Merged,
        }]
    );
    let mr_reads = |f: &FakeForge| {
        f.requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/merge_requests/7"))
            .count()
    };
    assert_eq!(mr_reads(&f), 1, "one read of the ended MR");
    f.clear_requests();
    let third = refresh(&f, Some(&second)).await;
    assert!(third.ended.is_empty());
    assert_eq!(mr_reads(&f), 0);
}
