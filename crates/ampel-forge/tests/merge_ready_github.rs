//! Merge when ready on GitHub (issue 28) over real HTTP against the fake forge:
//! auto-merge on and off, the merge queue (a direct merge refused where the base
//! requires it, add and remove), update branch, the row's automation as GitHub
//! reports it, the "ended" read after an automated PR left the lists, and each
//! refusal coded before anything is written — plus the fake's own refusals in
//! GitHub's words for the race past the lookup.

mod support;

use ampel_core::automation::{AutoMerge, QueueEntry, QueueState};
use ampel_core::changes::Listed;
use ampel_core::pr::{CheckState, PrState, PullRequest};
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakePr, FakeToken};
use ampel_forge::actions::{Action, ActionError, MergeMethod, Outcome, Target, UpdateStyle};
use ampel_forge::{Ended, ListSpec, Listing};
use serde_json::{json, Value};
use support::*;

const P: Provider = Provider::Github;
const REPO: &str = "acme/widgets";
const OTHER: &str = "acme/gadgets";
const ME: &str = "mira";

/// A PR by alice whose required check still runs: GitHub reports it BLOCKED, so
/// auto-merge has something to wait for.
fn waiting(repo: &str, number: u64) -> FakePr {
    FakePr::new(P, repo, number, "Add the widget", "alice")
        .require_check("build")
        .check("build", CheckState::Running)
}

async fn setup(prs: Vec<FakePr>) -> FakeForge {
    let f = forge().await;
    f.add_token(FakeToken::github_classic(
        GH_CLASSIC,
        ME,
        &["repo", "read:org"],
    ));
    for pr in prs {
        f.add_pr(pr);
    }
    f
}

fn list_spec(previous: Vec<Listed>) -> ListSpec {
    ListSpec {
        account_id: "acc".into(),
        login: Some(ME.into()),
        sections: vec![Section::Watched],
        watched_repos: vec![REPO.into(), OTHER.into()],
        previous,
        ..ListSpec::default()
    }
}

async fn sync_after(f: &FakeForge, previous: Vec<Listed>) -> Listing {
    match validator()
        .list(&spec(f, P), &secret(GH_CLASSIC), &list_spec(previous))
        .await
    {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

async fn sync(f: &FakeForge) -> Listing {
    sync_after(f, Vec::new()).await
}

fn find(l: &Listing, repo: &str, number: u64) -> Option<PullRequest> {
    l.prs
        .iter()
        .map(|l| &l.pr)
        .find(|p| p.repo == repo && p.number == number)
        .cloned()
}

async fn listed(f: &FakeForge, repo: &str, number: u64) -> PullRequest {
    match find(&sync(f).await, repo, number) {
        Some(pr) => pr,
        None => panic!("{repo}#{number} is not listed"),
    }
}

/// The target as the dashboard has it after a sync (with the head it saw).
async fn target(f: &FakeForge, repo: &str, number: u64) -> Target {
    let pr = listed(f, repo, number).await;
    assert!(pr.head_sha.as_deref().is_some_and(|s| s.len() >= 12));
    Target {
        repo: repo.into(),
        number: number as u32,
        head_sha: pr.head_sha,
    }
}

async fn act(f: &FakeForge, t: &Target, a: &Action) -> Result<Outcome, ActionError> {
    validator()
        .act(&spec(f, P), &secret(GH_CLASSIC), t, a)
        .await
}

async fn done(f: &FakeForge, t: &Target, a: &Action) -> Outcome {
    expect_done(act(f, t, a).await, a)
}

async fn refused(f: &FakeForge, t: &Target, a: &Action) -> ActionError {
    expect_refused(act(f, t, a).await, a, GH_CLASSIC)
}

/// GraphQL requests the fake received.
fn graphql_posts(f: &FakeForge) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/api/graphql"))
        .count()
}

fn when_ready(method: MergeMethod) -> Action {
    Action::MergeWhenReady {
        method,
        delete_branch: false,
    }
}

fn add_to_queue() -> Action {
    Action::AddToQueue {
        method: MergeMethod::Merge,
    }
}

#[tokio::test]
async fn merge_when_ready_waits_then_github_merges_and_the_next_sync_says_so() {
    let f = setup(vec![waiting(REPO, 7)]).await;
    f.allow_auto_merge(P, REPO, true);
    let t = target(&f, REPO, 7).await;
    let out = done(&f, &t, &when_ready(MergeMethod::Squash)).await;
    assert_eq!(out.requests, 2, "lookup + enablePullRequestAutoMerge");
    assert!(out.message.contains("auto-merge on"), "{}", out.message);
    assert!(f.merges().is_empty(), "it waits for the running check");

    let before = sync(&f).await;
    let pr = find(&before, REPO, 7).unwrap_or_else(|| panic!("PR 7 is not listed"));
    assert_eq!(
        pr.automation.auto_merge,
        Some(AutoMerge {
            method: Some("squash".into()),
            by: Some(ME.into()),
        })
    );
    assert!(pr.automation.queue.is_none() && !pr.automation.queue_required);

    let posts = graphql_posts(&f);
    let again = refused(&f, &t, &when_ready(MergeMethod::Squash)).await;
    assert_eq!(again.code(), "already_so", "{again}");
    assert_eq!(graphql_posts(&f), posts + 1, "only the lookup was sent");

    // CI passes: GitHub merges it by the method asked for.
    assert!(f.rerun_checks(P, REPO, 7, &[("build", CheckState::Success)]));
    let merges = f.merges();
    assert_eq!(merges.len(), 1);
    assert_eq!((merges[0].number, merges[0].method.as_str()), (7, "squash"));

    // The next sync: PR 7 left the open list; one more request says it merged.
    let after = sync_after(&f, before.prs.clone()).await;
    assert!(find(&after, REPO, 7).is_none());
    assert_eq!(
        after.ended,
        vec![Ended {
            repo: REPO.into(),
            number: 7,
            state: PrState::Merged,
        }]
    );
    let plain = sync(&f).await;
    assert_eq!(
        after.requests,
        plain.requests + 1,
        "one read for the ended PR"
    );

    // An unchanged refresh (the last sync's cache no longer holds PR 7): no extra request.
    let unchanged = sync_after(&f, after.prs.clone()).await;
    assert!(unchanged.ended.is_empty());
    assert_eq!(unchanged.requests, plain.requests);
    // A cache with no automation costs nothing either.
    let idle = sync_after(&f, plain.prs.clone()).await;
    assert_eq!(idle.requests, plain.requests);
}

#[tokio::test]
async fn a_closed_automated_pr_is_reported_closed() {
    let f = setup(vec![waiting(REPO, 7)]).await;
    f.allow_auto_merge(P, REPO, true);
    let t = target(&f, REPO, 7).await;
    done(&f, &t, &when_ready(MergeMethod::Merge)).await;
    let before = sync(&f).await;
    assert!(f.update_pr(P, REPO, 7, |p| p.state = PrState::Closed));
    let after = sync_after(&f, before.prs).await;
    let states: Vec<(u64, PrState)> = after.ended.iter().map(|e| (e.number, e.state)).collect();
    assert_eq!(states, [(7, PrState::Closed)]);
}

#[tokio::test]
async fn auto_merge_the_repository_does_not_allow_is_refused_before_any_write() {
    // GitHub's default: "Allow auto-merge" is off.
    let f = setup(vec![waiting(REPO, 7)]).await;
    let t = target(&f, REPO, 7).await;
    let posts = graphql_posts(&f);
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "auto_merge_not_allowed", "{e}");
    assert!(e.to_string().contains("Allow auto-merge"), "{e}");
    assert_eq!(graphql_posts(&f), posts + 1, "the lookup only");
    assert!(listed(&f, REPO, 7).await.automation.is_idle());
}

#[tokio::test]
async fn auto_merge_is_refused_with_nothing_to_wait_for_a_moved_head_or_a_forbidden_method() {
    let clean = FakePr::new(P, REPO, 8, "Ready", "alice").check("build", CheckState::Success);
    let f = setup(vec![waiting(REPO, 7), clean]).await;
    f.allow_auto_merge(P, REPO, true);

    let t8 = target(&f, REPO, 8).await;
    let e = refused(&f, &t8, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "already_so", "{e}");
    assert!(e.to_string().contains("merged now"), "{e}");

    let t7 = target(&f, REPO, 7).await;
    f.allow_merge_methods(P, REPO, &["squash"]);
    let e = refused(&f, &t7, &when_ready(MergeMethod::Rebase)).await;
    assert_eq!(e.code(), "method_not_allowed", "{e}");

    assert!(f.push_commit(P, REPO, 7));
    let e = refused(&f, &t7, &when_ready(MergeMethod::Squash)).await;
    assert_eq!(e.code(), "head_moved", "{e}");
    assert!(listed(&f, REPO, 7).await.automation.is_idle());
    assert!(f.merges().is_empty());
}

#[tokio::test]
async fn cancel_merge_when_ready_turns_it_off_once() {
    let f = setup(vec![waiting(REPO, 7)]).await;
    f.allow_auto_merge(P, REPO, true);
    let t = target(&f, REPO, 7).await;
    done(&f, &t, &when_ready(MergeMethod::Merge)).await;
    let out = done(&f, &t, &Action::CancelMergeWhenReady).await;
    assert_eq!(out.requests, 2, "lookup + disablePullRequestAutoMerge");
    assert!(listed(&f, REPO, 7).await.automation.is_idle());
    let e = refused(&f, &t, &Action::CancelMergeWhenReady).await;
    assert_eq!(e.code(), "already_so", "{e}");
    // Off, it is not merged when CI passes.
    assert!(f.rerun_checks(P, REPO, 7, &[("build", CheckState::Success)]));
    assert!(f.merges().is_empty());
}

#[tokio::test]
async fn a_read_only_token_cannot_turn_auto_merge_on() {
    let f = setup(vec![waiting(REPO, 7)]).await;
    f.allow_auto_merge(P, REPO, true);
    let t = target(&f, REPO, 7).await;
    let mut read_only = FakeToken::github_fine_grained(GH_FINE, ME);
    read_only.scopes = vec!["pull_requests:read".into()];
    f.add_token(read_only);
    let e = match validator()
        .act(
            &spec(&f, P),
            &secret(GH_FINE),
            &t,
            &when_ready(MergeMethod::Merge),
        )
        .await
    {
        Ok(o) => panic!("expected a refusal, got {o:?}"),
        Err(e) => e,
    };
    assert_eq!(e.code(), "refused", "{e}");
    assert!(e.to_string().contains("write access"), "{e}");
    assert!(!e.to_string().contains(GH_FINE));
}

#[tokio::test]
async fn a_queue_branch_refuses_a_direct_merge_and_queues_instead() {
    let f = setup(vec![waiting(REPO, 7), waiting(REPO, 8), waiting(OTHER, 9)]).await;
    f.require_queue(P, REPO);
    let t7 = target(&f, REPO, 7).await;
    let t8 = target(&f, REPO, 8).await;
    assert!(listed(&f, REPO, 7).await.automation.queue_required);
    assert!(!listed(&f, OTHER, 9).await.automation.queue_required);

    let posts = graphql_posts(&f);
    let merge = Action::Merge {
        method: MergeMethod::Merge,
        delete_branch: false,
    };
    let e = refused(&f, &t7, &merge).await;
    assert_eq!(e.code(), "queue_required", "{e}");
    assert_eq!(graphql_posts(&f), posts + 1, "no merge was sent");
    assert!(f.merges().is_empty());

    let out = done(&f, &t7, &add_to_queue()).await;
    assert_eq!(out.requests, 2, "lookup + enqueuePullRequest");
    assert!(out.message.contains("position 1"), "{}", out.message);
    let out = done(&f, &t8, &add_to_queue()).await;
    assert!(out.message.contains("position 2"), "{}", out.message);

    let l = sync(&f).await;
    let queue = |n| find(&l, REPO, n).and_then(|p| p.automation.queue);
    assert_eq!(
        queue(7),
        Some(QueueEntry {
            position: Some(1),
            state: QueueState::AwaitingChecks,
        })
    );
    assert_eq!(queue(8).and_then(|q| q.position), Some(2));
    assert!(
        find(&l, REPO, 7).is_some_and(|p| p.automation.auto_merge.is_none()),
        "GitHub shows the queue entry, not an auto-merge request"
    );

    let e = refused(&f, &t7, &add_to_queue()).await;
    assert_eq!(e.code(), "already_so", "{e}");

    let out = done(&f, &t7, &Action::RemoveFromQueue).await;
    assert_eq!(out.requests, 2, "lookup + dequeuePullRequest");
    let l = sync(&f).await;
    assert!(find(&l, REPO, 7).is_some_and(|p| p.automation.queue.is_none()));
    assert_eq!(
        find(&l, REPO, 8).and_then(|p| p.automation.queue?.position),
        Some(1)
    );
    let e = refused(&f, &t7, &Action::RemoveFromQueue).await;
    assert_eq!(e.code(), "already_so", "{e}");

    // No queue on the other repository: nothing to add to.
    let t9 = target(&f, OTHER, 9).await;
    let e = refused(&f, &t9, &add_to_queue()).await;
    assert_eq!(e.code(), "refused", "{e}");
    assert!(e.to_string().contains("no merge queue"), "{e}");

    // The queue merges #8 once its checks pass; #7 (removed) stays open.
    assert!(f.rerun_checks(P, REPO, 8, &[("build", CheckState::Success)]));
    assert!(f.rerun_checks(P, REPO, 7, &[("build", CheckState::Success)]));
    let merged: Vec<u64> = f.merges().iter().map(|m| m.number).collect();
    assert_eq!(merged, [8]);
}

#[tokio::test]
async fn adding_to_the_queue_after_a_push_is_refused_as_head_moved() {
    let f = setup(vec![waiting(REPO, 7)]).await;
    f.require_queue(P, REPO);
    let t = target(&f, REPO, 7).await;
    assert!(f.push_commit(P, REPO, 7));
    let e = refused(&f, &t, &add_to_queue()).await;
    assert_eq!(e.code(), "head_moved", "{e}");
    assert!(listed(&f, REPO, 7).await.automation.queue.is_none());
}

#[tokio::test]
async fn update_branch_brings_a_behind_pr_up_to_date_once() {
    let f = setup(vec![waiting(REPO, 7).behind()]).await;
    let t = target(&f, REPO, 7).await;
    let out = done(
        &f,
        &t,
        &Action::UpdateBranch {
            style: UpdateStyle::Rebase,
        },
    )
    .await;
    assert_eq!(out.requests, 2, "lookup + updatePullRequestBranch");
    let now = target(&f, REPO, 7).await;
    assert_ne!(now.head_sha, t.head_sha, "the update made a new head");

    let e = refused(
        &f,
        &now,
        &Action::UpdateBranch {
            style: UpdateStyle::Merge,
        },
    )
    .await;
    assert_eq!(e.code(), "already_so", "{e}");

    // Behind again, but pushed to since the sync: the head the user saw guards it.
    assert!(f.set_behind(P, REPO, 7, true));
    assert!(f.push_commit(P, REPO, 7));
    let e = refused(
        &f,
        &now,
        &Action::UpdateBranch {
            style: UpdateStyle::Merge,
        },
    )
    .await;
    assert_eq!(e.code(), "head_moved", "{e}");
}

/// One raw GraphQL request to the fake as `token`.
async fn raw(f: &FakeForge, query: &str, vars: Value) -> Value {
    let url = format!("{}/api/graphql", f.base_url(P));
    let reply = reqwest::Client::new()
        .post(url)
        .bearer_auth(GH_CLASSIC)
        .json(&json!({"query": query, "variables": vars}))
        .send()
        .await;
    let reply = match reply {
        Ok(r) => r,
        Err(e) => panic!("the fake did not answer: {e}"),
    };
    assert_eq!(
        reply.status().as_u16(),
        200,
        "GraphQL refuses with HTTP 200"
    );
    match reply.json().await {
        Ok(v) => v,
        Err(e) => panic!("not JSON: {e}"),
    }
}

/// The node id and head of `repo#number`, read as Ampel's lookup reads them.
async fn node(f: &FakeForge, repo: &str, number: u64) -> (String, String) {
    let (owner, name) = repo.split_once('/').unwrap_or_default();
    let v = raw(
        f,
        "query ($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { id headRefOid } } }",
        json!({"owner": owner, "name": name, "number": number}),
    )
    .await;
    let pr = &v["data"]["repository"]["pullRequest"];
    (
        pr["id"].as_str().unwrap_or_default().to_string(),
        pr["headRefOid"].as_str().unwrap_or_default().to_string(),
    )
}

fn first_error(v: &Value) -> (String, String) {
    let e = &v["errors"][0];
    (
        e["type"].as_str().unwrap_or_default().to_string(),
        e["message"].as_str().unwrap_or_default().to_string(),
    )
}

#[tokio::test]
async fn the_fake_refuses_past_the_lookup_as_github_does() {
    let clean = FakePr::new(P, OTHER, 9, "Ready", "alice");
    let f = setup(vec![waiting(REPO, 7), clean]).await;
    let (id, head) = node(&f, REPO, 7).await;
    let enable = "mutation ($id: ID!, $method: PullRequestMergeMethod!, $head: GitObjectID!) { enablePullRequestAutoMerge(input: {pullRequestId: $id, mergeMethod: $method, expectedHeadOid: $head}) { pullRequest { state } } }";

    // Auto-merge not allowed on the repository (GitHub's default).
    let v = raw(
        &f,
        enable,
        json!({"id": id, "method": "MERGE", "head": head}),
    )
    .await;
    assert_eq!(
        first_error(&v),
        (
            "UNPROCESSABLE".to_string(),
            "Pull request Auto merge is not allowed for this repository".to_string()
        )
    );
    assert!(v["data"]["enablePullRequestAutoMerge"].is_null());

    // Nothing to wait for: GitHub refuses auto-merge on a PR in clean status.
    f.allow_auto_merge(P, OTHER, true);
    let (id9, head9) = node(&f, OTHER, 9).await;
    let v = raw(
        &f,
        enable,
        json!({"id": id9, "method": "MERGE", "head": head9}),
    )
    .await;
    assert_eq!(
        first_error(&v).1,
        "Pull request Pull request is in clean status"
    );

    // A direct merge on a branch that requires its merge queue.
    f.require_queue(P, REPO);
    let merge = "mutation ($id: ID!, $method: PullRequestMergeMethod!, $head: GitObjectID!) { mergePullRequest(input: {pullRequestId: $id, mergeMethod: $method, expectedHeadOid: $head}) { pullRequest { state } } }";
    let v = raw(
        &f,
        merge,
        json!({"id": id, "method": "MERGE", "head": head}),
    )
    .await;
    assert_eq!(
        first_error(&v),
        (
            "UNPROCESSABLE".to_string(),
            "Changes must be made through the merge queue".to_string()
        )
    );
    assert!(f.merges().is_empty());

    // Update branch: not behind, then a head that is not the PR's.
    let update = "mutation ($id: ID!, $method: PullRequestBranchUpdateMethod!, $head: GitObjectID!) { updatePullRequestBranch(input: {pullRequestId: $id, updateMethod: $method, expectedHeadOid: $head}) { pullRequest { headRefOid } } }";
    let v = raw(
        &f,
        update,
        json!({"id": id, "method": "MERGE", "head": head}),
    )
    .await;
    assert_eq!(
        first_error(&v).1,
        "There are no new commits on the base branch."
    );
    assert!(f.set_behind(P, REPO, 7, true));
    let wrong = "0123456789abcdef0123456789abcdef01234567";
    let v = raw(
        &f,
        update,
        json!({"id": id, "method": "REBASE", "head": wrong}),
    )
    .await;
    assert_eq!(
        first_error(&v).1,
        "expected head sha didn't match current head ref."
    );

    // Dequeue takes the pull request's id; not queued is refused.
    let dequeue = "mutation ($id: ID!) { dequeuePullRequest(input: {id: $id}) { mergeQueueEntry { position } } }";
    let v = raw(&f, dequeue, json!({"id": id})).await;
    assert_eq!(first_error(&v).0, "UNPROCESSABLE");
    let enqueue = "mutation ($id: ID!, $head: GitObjectID!) { enqueuePullRequest(input: {pullRequestId: $id, expectedHeadOid: $head}) { mergeQueueEntry { position state } } }";
    let v = raw(&f, enqueue, json!({"id": id, "head": head})).await;
    assert_eq!(
        v["data"]["enqueuePullRequest"]["mergeQueueEntry"]["position"],
        1
    );
    let v = raw(&f, dequeue, json!({"id": id})).await;
    assert!(v["errors"].is_null(), "{v}");
    assert_eq!(
        v["data"]["dequeuePullRequest"]["mergeQueueEntry"]["position"],
        1
    );
}

#[tokio::test]
async fn a_draft_is_neither_set_to_auto_merge_nor_queued() {
    let f = setup(vec![waiting(REPO, 7).draft(), waiting(OTHER, 9).draft()]).await;
    f.allow_auto_merge(P, REPO, true);
    f.require_queue(P, OTHER);
    let t = target(&f, REPO, 7).await;
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "merge_blocked", "{e}");
    assert!(e.to_string().contains("draft"), "{e}");
    let t9 = target(&f, OTHER, 9).await;
    let e = refused(&f, &t9, &add_to_queue()).await;
    assert_eq!(e.code(), "merge_blocked", "{e}");
    assert!(listed(&f, REPO, 7).await.automation.is_idle());
    assert!(listed(&f, OTHER, 9).await.automation.is_idle());
}

#[tokio::test]
async fn a_classic_token_without_repo_is_told_to_add_it() {
    let f = setup(vec![waiting(REPO, 7)]).await;
    f.allow_auto_merge(P, REPO, true);
    let t = target(&f, REPO, 7).await;
    // The same token, now without `repo` (GitHub reports its scopes on every answer).
    f.add_token(FakeToken::github_classic(GH_CLASSIC, ME, &["read:org"]));
    let e = refused(&f, &t, &when_ready(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "missing_write_scope", "{e}");
    assert_eq!(e.report().scope.as_deref(), Some("repo"));
    assert!(listed(&f, REPO, 7).await.automation.is_idle());
}
