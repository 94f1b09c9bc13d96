//! Merge when ready (issue 28) on Gitea over real HTTP against the fake forge:
//! auto-merge scheduled, merged at once, refused, cancelled and seen in the next
//! sync (with no extra request on an unchanged refresh), the ended PR read once,
//! Update branch with its refusals; and on Bitbucket Cloud, whose API offers none
//! of these, each action refused before any request is sent.

mod support;

use ampel_core::pr::{CheckState, MergeState, PrState};
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use ampel_forge::actions::{
    offers, Action, ActionError, MergeMethod, Outcome, Target, UpdateStyle,
};
use ampel_forge::{ListSpec, Listing};
use support::*;

const P: Provider = Provider::Gitea;
const REPO: &str = "acme/widgets";
const ME: &str = "mira";
const BOB: &str = "bob";
const BOB_TOKEN: &str = "fedcba9876543210fedcba9876543210fedcba98";

fn write_token(value: &str, login: &str) -> FakeToken {
    FakeToken::gitea(
        value,
        login,
        &["read:user", "write:repository", "read:issue"],
    )
}

async fn setup(pr: FakePr) -> FakeForge {
    let f = forge().await;
    f.add_token(write_token(GITEA, ME));
    f.add_token(write_token(BOB_TOKEN, BOB));
    f.add_pr(pr);
    f
}

fn pr() -> FakePr {
    FakePr::new(P, REPO, 7, "Add the widget", "alice").request_review(ME)
}

fn running() -> FakePr {
    pr().check("ci", CheckState::Running)
}

fn list_spec(previous: &Listing) -> ListSpec {
    ListSpec {
        account_id: "acc".into(),
        login: Some(ME.into()),
        sections: vec![Section::Watched],
        watched_repos: vec![REPO.into()],
        previous: previous.prs.clone(),
        validators: previous.validators.clone(),
        ..ListSpec::default()
    }
}

/// A sync with `previous` as the last one's cache.
async fn sync_after(f: &FakeForge, previous: &Listing) -> Listing {
    match validator()
        .list(&spec(f, P), &secret(GITEA), &list_spec(previous))
        .await
    {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

async fn sync(f: &FakeForge) -> Listing {
    sync_after(f, &Listing::default()).await
}

fn pr7(l: &Listing) -> Option<&ampel_core::pr::PullRequest> {
    l.prs.iter().map(|l| &l.pr).find(|p| p.number == 7)
}

fn target_of(l: &Listing) -> Target {
    let Some(pr) = pr7(l) else {
        panic!("PR 7 is not listed");
    };
    Target {
        repo: REPO.into(),
        number: 7,
        head_sha: pr.head_sha.clone(),
    }
}

async fn act_as(
    f: &FakeForge,
    token: &str,
    t: &Target,
    a: &Action,
) -> Result<Outcome, ActionError> {
    validator().act(&spec(f, P), &secret(token), t, a).await
}

async fn done(f: &FakeForge, t: &Target, a: &Action) -> Outcome {
    expect_done(act_as(f, GITEA, t, a).await, a)
}

async fn refused(f: &FakeForge, t: &Target, a: &Action) -> ActionError {
    expect_refused(act_as(f, GITEA, t, a).await, a, GITEA)
}

fn when_ready(method: MergeMethod) -> Action {
    Action::MergeWhenReady {
        method,
        delete_branch: false,
    }
}

fn update(style: UpdateStyle) -> Action {
    Action::UpdateBranch { style }
}

/// Requests with `method` whose path ends with `suffix`.
fn sent(f: &FakeForge, method: &str, suffix: &str) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.method == method && r.path.ends_with(suffix))
        .count()
}

#[tokio::test]
async fn merge_when_ready_schedules_while_ci_runs_and_gitea_merges_once_it_passes() {
    let f = setup(running()).await;
    let first = sync(&f).await;
    let t = target_of(&first);
    assert!(
        pr7(&first).is_some_and(|p| p.automation.is_idle()),
        "nothing scheduled yet"
    );
    let o = done(&f, &t, &when_ready(MergeMethod::Squash)).await;
    assert_eq!(o.requests, 2, "lookup + POST /merge: {o:?}");
    assert!(o.message.contains("auto-merge on"), "{}", o.message);
    assert_eq!(
        sent(&f, "POST", "/pulls/7/merge"),
        1,
        "the write is sent once"
    );
    assert!(f.merges().is_empty(), "CI still runs: nothing merged yet");

    // The next sync sees it (scheduling moved the PR's updated_at, not its head).
    f.clear_requests();
    let second = sync_after(&f, &first).await;
    let Some(p) = pr7(&second) else {
        panic!("PR 7 is still open");
    };
    let Some(auto) = &p.automation.auto_merge else {
        panic!("auto-merge shows in the next sync: {:?}", p.automation);
    };
    assert_eq!(auto.by.as_deref(), Some(ME));
    assert_eq!(p.head_sha, t.head_sha, "the head did not move");
    assert_eq!(
        sent(&f, "GET", "/issues/7/timeline"),
        1,
        "one timeline read for the moved PR"
    );

    // An unchanged refresh keeps it with no extra request.
    f.clear_requests();
    let third = sync_after(&f, &second).await;
    assert!(
        pr7(&third).is_some_and(|p| p.automation.auto_merge.is_some()),
        "the cached state stands"
    );
    assert_eq!(
        sent(&f, "GET", "/timeline"),
        0,
        "no timeline read when nothing changed"
    );
    // The repository's pulls page and the running CI's status, as without auto-merge.
    assert_eq!(third.requests, 2, "{:?}", f.requests());

    // CI passes: Gitea merges it by the scheduled method.
    assert!(f.rerun_checks(P, REPO, 7, &[("ci", CheckState::Success)]));
    let merges = f.merges();
    assert_eq!(merges.len(), 1, "{merges:?}");
    assert_eq!(merges[0].method, "squash");

    // The PR left the open list: read once, recorded as merged.
    f.clear_requests();
    let fourth = sync_after(&f, &third).await;
    assert!(pr7(&fourth).is_none());
    assert_eq!(fourth.ended.len(), 1, "{:?}", fourth.ended);
    assert_eq!(fourth.ended[0].number, 7);
    assert_eq!(fourth.ended[0].state, PrState::Merged);
    assert_eq!(sent(&f, "GET", "/pulls/7"), 1, "one read of the ended PR");
    // …and only once: the next sync has no cached PR with auto-merge.
    f.clear_requests();
    let fifth = sync_after(&f, &fourth).await;
    assert!(fifth.ended.is_empty());
    assert_eq!(sent(&f, "GET", "/pulls/7"), 0);
}

#[tokio::test]
async fn merge_when_ready_merges_at_once_when_the_checks_passed() {
    let f = setup(pr().check("ci", CheckState::Success)).await;
    let t = target_of(&sync(&f).await);
    let o = done(
        &f,
        &t,
        &Action::MergeWhenReady {
            method: MergeMethod::Merge,
            delete_branch: true,
        },
    )
    .await;
    assert!(o.message.starts_with("merged"), "{}", o.message);
    let merges = f.merges();
    assert_eq!(merges.len(), 1);
    assert!(merges[0].delete_branch);
}

#[tokio::test]
async fn merge_when_ready_refusals() {
    // Already scheduled: Gitea's 409 is `already_so`, each write sent once.
    let f = setup(running()).await;
    let t = target_of(&sync(&f).await);
    done(&f, &t, &when_ready(MergeMethod::Merge)).await;
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "already_so", "{e}");
    assert_eq!(sent(&f, "POST", "/pulls/7/merge"), 2);

    // New commits since the sync: refused before anything is written.
    let f = setup(running()).await;
    let t = target_of(&sync(&f).await);
    assert!(f.push_commit(P, REPO, 7));
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "head_moved", "{e}");
    assert_eq!(sent(&f, "POST", "/pulls/7/merge"), 0);

    // A draft (work in progress) and a conflict: Gitea's 405s.
    let f = setup(running().draft()).await;
    let t = target_of(&sync(&f).await);
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "merge_blocked", "{e}");
    assert!(matches!(
        e,
        ActionError::Blocked {
            blocker: ampel_forge::actions::Blocker::Draft,
            ..
        }
    ));
    let f = setup(running().merge(MergeState::Conflict)).await;
    let t = target_of(&sync(&f).await);
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "merge_blocked", "{e}");
    assert!(e.to_string().contains("Please try again later"), "{e}");

    // Merged since the sync: the lookup refuses, nothing is written.
    let f = setup(running()).await;
    let t = target_of(&sync(&f).await);
    assert!(f.update_pr(P, REPO, 7, |p| p.state = PrState::Merged));
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "already_closed", "{e}");
    assert_eq!(sent(&f, "POST", "/pulls/7/merge"), 0);

    // A token that cannot write: the scope to add is named.
    let f = setup(running()).await;
    f.add_token(FakeToken::gitea(
        "0000000000000000000000000000000000000001",
        "reader",
        &["read:user", "read:repository", "read:issue"],
    ));
    let t = target_of(&sync(&f).await);
    let e = match act_as(
        &f,
        "0000000000000000000000000000000000000001",
        &t,
        &when_ready(MergeMethod::Merge),
    )
    .await
    {
        Ok(o) => panic!("a read-only token merged: {o:?}"),
        Err(e) => e,
    };
    assert_eq!(e.code(), "missing_write_scope", "{e}");

    // Gitea has no merge queue: refused before anything is sent.
    f.clear_requests();
    let e = refused(
        &f,
        &t,
        &Action::AddToQueue {
            method: MergeMethod::Merge,
        },
    )
    .await;
    assert_eq!(e.code(), "action_not_offered", "{e}");
    assert!(f.requests().is_empty());
}

#[tokio::test]
async fn cancel_merge_when_ready_turns_it_off_and_the_next_sync_shows_it() {
    let f = setup(running()).await;
    let first = sync(&f).await;
    let t = target_of(&first);
    done(&f, &t, &when_ready(MergeMethod::Rebase)).await;
    let second = sync_after(&f, &first).await;
    assert!(pr7(&second).is_some_and(|p| p.automation.auto_merge.is_some()));

    let o = done(&f, &t, &Action::CancelMergeWhenReady).await;
    assert_eq!(o.requests, 2, "lookup + DELETE /merge: {o:?}");
    assert_eq!(sent(&f, "DELETE", "/pulls/7/merge"), 1);
    let third = sync_after(&f, &second).await;
    assert!(
        pr7(&third).is_some_and(|p| p.automation.auto_merge.is_none()),
        "the cancel shows in the next sync"
    );
    // CI passes later: nothing merges.
    assert!(f.rerun_checks(P, REPO, 7, &[("ci", CheckState::Success)]));
    assert!(f.merges().is_empty());

    // Nothing scheduled: Gitea's 404 after the lookup found the PR.
    let e = refused(&f, &t, &Action::CancelMergeWhenReady).await;
    assert_eq!(e.code(), "already_so", "{e}");
}

#[tokio::test]
async fn cancel_of_another_users_auto_merge_is_refused() {
    let f = setup(running()).await;
    let before = sync(&f).await;
    let t = target_of(&before);
    match act_as(&f, BOB_TOKEN, &t, &when_ready(MergeMethod::Merge)).await {
        Ok(_) => {}
        Err(e) => panic!("bob schedules: {} {e}", e.code()),
    }
    let e = refused(&f, &t, &Action::CancelMergeWhenReady).await;
    assert_eq!(e.code(), "refused", "{e}");
    assert!(e.to_string().contains("another user"), "{e}");
    assert!(f
        .prs()
        .iter()
        .any(|p| p.number == 7 && p.auto_merge.is_some()));
    // The auto-merge bob turned on shows with his name at the next refresh (the
    // scheduling moved the PR).
    let l = sync_after(&f, &before).await;
    let by = pr7(&l).and_then(|p| p.automation.auto_merge.as_ref()?.by.clone());
    assert_eq!(by.as_deref(), Some(BOB));
}

#[tokio::test]
async fn update_branch_merges_or_rebases_the_base_in() {
    for style in [UpdateStyle::Merge, UpdateStyle::Rebase] {
        let f = setup(pr().behind()).await;
        let first = sync(&f).await;
        let t = target_of(&first);
        let o = done(&f, &t, &update(style)).await;
        assert_eq!(o.requests, 2, "lookup + POST /update: {o:?}");
        assert_eq!(sent(&f, "POST", "/pulls/7/update"), 1);
        let q = f
            .requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/update"))
            .count();
        assert_eq!(q, 1);
        assert!(f.prs().iter().any(|p| p.number == 7 && !p.behind));
        let second = sync_after(&f, &first).await;
        assert_ne!(
            pr7(&second).and_then(|p| p.head_sha.clone()),
            t.head_sha,
            "the update made a new head"
        );
    }
}

#[tokio::test]
async fn update_branch_refusals() {
    // Not behind: Gitea's update fails with a 500; sent once, reported as refused.
    let f = setup(pr()).await;
    let t = target_of(&sync(&f).await);
    let e = refused(&f, &t, &update(UpdateStyle::Merge)).await;
    assert_eq!(e.code(), "refused", "{e}");
    assert!(e.to_string().contains("up to date"), "{e}");
    assert_eq!(sent(&f, "POST", "/pulls/7/update"), 1, "never sent again");

    // A conflict with the base.
    let f = setup(pr().behind().merge(MergeState::Conflict)).await;
    let t = target_of(&sync(&f).await);
    let e = refused(&f, &t, &update(UpdateStyle::Rebase)).await;
    assert_eq!(e.code(), "merge_conflict", "{e}");

    // The account may not push to the branch: Gitea's bare 403.
    let f = setup(pr().behind()).await;
    f.forbid_update(P, REPO);
    let t = target_of(&sync(&f).await);
    let e = refused(&f, &t, &update(UpdateStyle::Merge)).await;
    assert_eq!(e.code(), "merge_blocked", "{e}");

    // New commits since the sync: nothing is written.
    let f = setup(pr().behind()).await;
    let t = target_of(&sync(&f).await);
    assert!(f.push_commit(P, REPO, 7));
    let e = refused(&f, &t, &update(UpdateStyle::Merge)).await;
    assert_eq!(e.code(), "head_moved", "{e}");
    assert_eq!(sent(&f, "POST", "/pulls/7/update"), 0);

    // Closed since the sync: the lookup refuses.
    let f = setup(pr().behind()).await;
    let t = target_of(&sync(&f).await);
    assert!(f.update_pr(P, REPO, 7, |p| p.state = PrState::Closed));
    let e = refused(&f, &t, &update(UpdateStyle::Merge)).await;
    assert_eq!(e.code(), "already_closed", "{e}");
    assert_eq!(sent(&f, "POST", "/pulls/7/update"), 0);
}

#[tokio::test]
async fn auto_merge_from_the_web_ui_shows_at_the_next_refresh_and_a_cold_sync_of_others_prs_reads_no_timeline(
) {
    // Scheduled by bob (as from the web UI) before Ampel ever listed the PR.
    let f = setup(running()).await;
    let t = Target {
        repo: REPO.into(),
        number: 7,
        head_sha: None,
    };
    // Bob needs the head: read it through a sync first.
    let seen = sync(&f).await;
    let t = Target {
        head_sha: target_of(&seen).head_sha,
        ..t
    };
    if let Err(e) = act_as(&f, BOB_TOKEN, &t, &when_ready(MergeMethod::Squash)).await {
        panic!("bob schedules: {} {e}", e.code());
    }
    // A cold sync reads no timeline for someone else's PR (#7 is alice's): the
    // scheduled merge is not known yet.
    f.clear_requests();
    let cold = sync(&f).await;
    assert!(pr7(&cold).is_some_and(|p| p.automation.auto_merge.is_none()));
    assert_eq!(sent(&f, "GET", "/issues/7/timeline"), 0);
    // Seen before it was scheduled: the scheduling moved it, one timeline read shows it.
    f.clear_requests();
    let next = sync_after(&f, &seen).await;
    assert!(pr7(&next).is_some_and(|p| p.automation.auto_merge.is_some()));
    assert_eq!(sent(&f, "GET", "/issues/7/timeline"), 1);
    // Nothing changed since: no timeline read, the state stands.
    f.clear_requests();
    let again = sync_after(&f, &next).await;
    assert!(pr7(&again).is_some_and(|p| p.automation.auto_merge.is_some()));
    assert_eq!(sent(&f, "GET", "/issues/7/timeline"), 0);
}

#[tokio::test]
async fn bitbucket_offers_none_of_the_merge_when_ready_actions_and_sends_nothing() {
    let o = offers(Provider::Bitbucket);
    assert!(!o.merge_when_ready && !o.queue && o.update_styles.is_empty());
    let f = forge().await;
    f.add_token(FakeToken::bitbucket_api_token(
        BB_API,
        BB_EMAIL,
        ME,
        &[
            "read:user:bitbucket",
            "read:workspace:bitbucket",
            "read:repository:bitbucket",
            "read:pullrequest:bitbucket",
            "write:pullrequest:bitbucket",
        ],
    ));
    f.add_pr(FakePr::new(Provider::Bitbucket, REPO, 7, "Add the widget", "alice").behind());
    let t = Target {
        repo: REPO.into(),
        number: 7,
        head_sha: Some("0123456789ab".into()),
    };
    let actions = [
        when_ready(MergeMethod::Merge),
        Action::CancelMergeWhenReady,
        Action::AddToQueue {
            method: MergeMethod::Merge,
        },
        Action::RemoveFromQueue,
        update(UpdateStyle::Merge),
        update(UpdateStyle::Rebase),
    ];
    f.clear_requests();
    for a in &actions {
        match validator()
            .act(&spec(&f, Provider::Bitbucket), &secret(BB_API), &t, a)
            .await
        {
            Ok(o) => panic!("Bitbucket {}: {o:?}", a.name()),
            Err(e) => assert_eq!(e.code(), "action_not_offered", "{}: {e}", a.name()),
        }
    }
    assert!(
        f.requests().is_empty(),
        "no request reached the fake forge: {:?}",
        f.requests()
    );
    assert!(f.merges().is_empty());
}
