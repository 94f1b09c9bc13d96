//! Approve, request changes, comment and merge on every forge over real HTTP
//! against the fake forge: the head seen at the sync guards the merge, the next
//! sync shows the change, each refusal is a coded diagnosis, each write is sent
//! once, and no error carries the token.

mod support;

use ampel_core::pr::{MergeState, PrState};
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakePr, FakeToken, Fault};
use ampel_forge::actions::{Action, ActionError, MergeMethod, Outcome, Target};
use ampel_forge::{ListSpec, Listing};
use support::*;

const REPO: &str = "acme/widgets";
const ME: &str = "mira";
const ALL: [Provider; 4] = [
    Provider::Github,
    Provider::Gitlab,
    Provider::Bitbucket,
    Provider::Gitea,
];

fn token_value(p: Provider) -> &'static str {
    match p {
        Provider::Github => GH_CLASSIC,
        Provider::Gitlab => GL_PAT,
        Provider::Bitbucket => BB_API,
        Provider::Gitea => GITEA,
    }
}

/// A token that can write, or (`write` false) one that can only read.
fn token(p: Provider, write: bool) -> FakeToken {
    let v = token_value(p);
    match (p, write) {
        (Provider::Github, true) => FakeToken::github_classic(v, ME, &["repo", "read:org"]),
        (Provider::Github, false) => {
            let mut t = FakeToken::github_fine_grained(v, ME);
            t.scopes = vec!["pull_requests:read".into()];
            t
        }
        (Provider::Gitlab, true) => FakeToken::gitlab_pat(v, ME, &["api"]),
        (Provider::Gitlab, false) => FakeToken::gitlab_pat(v, ME, &["read_api"]),
        (Provider::Bitbucket, w) => {
            let mut scopes = vec![
                "read:user:bitbucket",
                "read:workspace:bitbucket",
                "read:repository:bitbucket",
                "read:pullrequest:bitbucket",
            ];
            if w {
                scopes.push("write:pullrequest:bitbucket");
            }
            FakeToken::bitbucket_api_token(v, BB_EMAIL, ME, &scopes)
        }
        (Provider::Gitea, true) => {
            FakeToken::gitea(v, ME, &["read:user", "write:repository", "read:issue"])
        }
        (Provider::Gitea, false) => {
            FakeToken::gitea(v, ME, &["read:user", "read:repository", "read:issue"])
        }
    }
}

/// A fake forge with PR #7 by alice (review requested from me) and a writing token.
async fn setup(p: Provider, pr: FakePr) -> FakeForge {
    let f = forge().await;
    f.add_token(token(p, true));
    f.add_pr(pr);
    f
}

fn pr(p: Provider) -> FakePr {
    FakePr::new(p, REPO, 7, "Add the widget", "alice").request_review(ME)
}

fn list_spec() -> ListSpec {
    ListSpec {
        account_id: "acc".into(),
        login: Some(ME.into()),
        sections: vec![Section::Watched],
        watched_repos: vec![REPO.into()],
        ..ListSpec::default()
    }
}

async fn sync(f: &FakeForge, p: Provider) -> Listing {
    match validator()
        .list(&spec(f, p), &secret(token_value(p)), &list_spec())
        .await
    {
        Ok(l) => l,
        Err(e) => panic!("{p:?}: listing failed: {} {e}", e.code()),
    }
}

/// The synced PR #7, if listed.
async fn synced(f: &FakeForge, p: Provider) -> Option<ampel_core::pr::PullRequest> {
    sync(f, p)
        .await
        .prs
        .into_iter()
        .map(|l| l.pr)
        .find(|pr| pr.number == 7)
}

/// The target as the dashboard has it after a sync (with the head it saw).
async fn target(f: &FakeForge, p: Provider) -> Target {
    let Some(pr) = synced(f, p).await else {
        panic!("{p:?}: PR 7 is not listed");
    };
    assert!(
        pr.head_sha.as_deref().is_some_and(|s| s.len() >= 12),
        "{p:?}: the sync gives the head commit: {:?}",
        pr.head_sha
    );
    Target {
        repo: REPO.into(),
        number: 7,
        head_sha: pr.head_sha,
    }
}

async fn act(f: &FakeForge, p: Provider, t: &Target, a: &Action) -> Result<Outcome, ActionError> {
    validator()
        .act(&spec(f, p), &secret(token_value(p)), t, a)
        .await
}

async fn done(f: &FakeForge, p: Provider, t: &Target, a: &Action) -> Outcome {
    match act(f, p, t, a).await {
        Ok(o) => o,
        Err(e) => panic!("{p:?} {}: {} {e}", a.name(), e.code()),
    }
}

async fn refused(f: &FakeForge, p: Provider, t: &Target, a: &Action) -> ActionError {
    match act(f, p, t, a).await {
        Ok(o) => panic!("{p:?} {}: expected a refusal, got {o:?}", a.name()),
        Err(e) => {
            let json = match serde_json::to_string(&e.report()) {
                Ok(j) => j,
                Err(err) => panic!("report does not serialise: {err}"),
            };
            assert!(
                !json.contains(token_value(p)) && !e.to_string().contains(token_value(p)),
                "{p:?}: the token leaked into {json}"
            );
            e
        }
    }
}

fn merge(method: MergeMethod) -> Action {
    Action::Merge {
        method,
        delete_branch: false,
    }
}

fn writes(f: &FakeForge, suffix: &str) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.method != "GET" && r.path.ends_with(suffix))
        .count()
}

#[tokio::test]
async fn approve_shows_in_the_next_sync_on_every_forge() {
    for p in ALL {
        let f = setup(p, pr(p).approvals_required(1)).await;
        let t = target(&f, p).await;
        let Some(before) = synced(&f, p).await else {
            panic!("{p:?}: PR 7 not listed");
        };
        assert!(before.review.approved_by.is_empty());
        // Gitea's rule comes from the base branch's protection; Bitbucket's branch
        // restrictions need a scope this token does not have, so nothing is said.
        let tells_required = matches!(p, Provider::Github | Provider::Gitlab | Provider::Gitea);
        assert_eq!(before.review.approval_missing(), tells_required, "{p:?}");
        let out = done(&f, p, &t, &Action::Approve { body: None }).await;
        assert_eq!(out.action, "approve");
        assert_eq!(out.message, format!("approved {}", label(p)));
        let expected = if p == Provider::Github { 2 } else { 1 };
        assert_eq!(out.requests, expected, "{p:?}: requests for an approval");
        let after = synced(&f, p).await;
        let Some(after) = after else {
            panic!("{p:?}: the approved PR is still open and listed");
        };
        assert!(
            !after.review.approval_missing(),
            "{p:?}: the approval counts"
        );
        if p != Provider::Gitlab {
            // GitLab lists no approvers: only its merge status changes.
            assert_eq!(after.review.approved_by, vec![ME.to_string()], "{p:?}");
        }
        assert_eq!(
            after.head_sha, t.head_sha,
            "{p:?}: an approval does not move the head"
        );
    }
}

fn label(p: Provider) -> String {
    if p == Provider::Gitlab {
        format!("{REPO}!7")
    } else {
        format!("{REPO}#7")
    }
}

#[tokio::test]
async fn a_comment_reaches_the_forge_as_typed() {
    let body = "Looks good.\n\n* one `nit`: <b>not HTML</b>";
    for p in ALL {
        let f = setup(p, pr(p)).await;
        let t = target(&f, p).await;
        let out = done(&f, p, &t, &Action::Comment { body: body.into() }).await;
        assert_eq!(out.message, format!("commented on {}", label(p)));
        assert_eq!(out.requests, if p == Provider::Github { 2 } else { 1 });
        let comments = f.comments();
        assert_eq!(comments.len(), 1, "{p:?}");
        assert_eq!(comments[0].body, body, "{p:?}");
        assert_eq!(comments[0].author, ME, "{p:?}");
        let e = refused(&f, p, &t, &Action::Comment { body: "  ".into() }).await;
        assert_eq!(e.code(), "empty_body", "{p:?}");
    }
}

#[tokio::test]
async fn request_changes_shows_in_the_next_sync() {
    for p in ALL {
        let f = setup(p, pr(p)).await;
        let t = target(&f, p).await;
        let a = Action::RequestChanges {
            body: "Please add tests".into(),
        };
        let out = done(&f, p, &t, &a).await;
        assert_eq!(out.message, format!("requested changes on {}", label(p)));
        let (requests, shows) = match p {
            Provider::Github => (2, true),
            // GitLab's REST API has no change-request state: unapprove + note.
            Provider::Gitlab => (2, false),
            Provider::Bitbucket => (2, true),
            Provider::Gitea => (1, true),
        };
        assert_eq!(out.requests, requests, "{p:?}");
        assert_eq!(f.comments().len(), 1, "{p:?}: the text was sent");
        let after = synced(&f, p).await;
        let Some(after) = after else {
            panic!("{p:?}: PR 7 vanished");
        };
        if shows {
            assert_eq!(
                after.review.changes_requested_by,
                vec![ME.to_string()],
                "{p:?}"
            );
        }
    }
}

#[tokio::test]
async fn gitlab_request_changes_withdraws_my_approval() {
    let p = Provider::Gitlab;
    let f = setup(p, pr(p).approvals_required(1)).await;
    let t = target(&f, p).await;
    done(&f, p, &t, &Action::Approve { body: None }).await;
    assert_eq!(
        synced(&f, p).await.map(|pr| pr.review.approval_missing()),
        Some(false)
    );
    let a = Action::RequestChanges {
        body: "Found a bug".into(),
    };
    done(&f, p, &t, &a).await;
    assert_eq!(
        synced(&f, p).await.map(|pr| pr.review.approval_missing()),
        Some(true)
    );
}

#[tokio::test]
async fn merging_a_green_pr_removes_it_from_the_open_list() {
    for p in ALL {
        let f = setup(p, pr(p)).await;
        let t = target(&f, p).await;
        let method = MergeMethod::Squash;
        let delete = ampel_forge::actions::deletes_branch(p);
        let a = Action::Merge {
            method,
            delete_branch: delete,
        };
        let out = done(&f, p, &t, &a).await;
        assert!(
            out.message
                .starts_with(&format!("merged {} by squash", label(p))),
            "{p:?}: {}",
            out.message
        );
        let expected = match p {
            // GitLab: project read (merge trains?) + PUT /merge.
            Provider::Github | Provider::Gitlab => 2,
            Provider::Gitea => 1,
            // PR read + merge (202) + two task polls (PENDING, SUCCESS).
            Provider::Bitbucket => 4,
        };
        assert_eq!(out.requests, expected, "{p:?}: requests for a merge");
        let merges = f.merges();
        assert_eq!(merges.len(), 1, "{p:?}");
        assert_eq!(merges[0].method, "squash", "{p:?}");
        assert_eq!(merges[0].delete_branch, delete, "{p:?}");
        assert!(
            synced(&f, p).await.is_none(),
            "{p:?}: merged PR still listed"
        );
        if p != Provider::Github {
            assert_eq!(writes(&f, "/merge"), 1, "{p:?}: one merge request sent");
        }
        let again = refused(&f, p, &t, &merge(method)).await;
        assert_eq!(again.code(), "already_closed", "{p:?}: {again}");
    }
}

#[tokio::test]
async fn a_merge_after_a_push_is_refused_as_head_moved_and_changes_nothing() {
    for p in ALL {
        let f = setup(p, pr(p)).await;
        let t = target(&f, p).await;
        assert!(f.push_commit(p, REPO, 7));
        let e = refused(&f, p, &t, &merge(MergeMethod::Merge)).await;
        assert_eq!(e.code(), "head_moved", "{p:?}: {e}");
        assert!(e.to_string().contains("nothing was merged"));
        assert!(f.merges().is_empty(), "{p:?}");
        let still = synced(&f, p).await;
        assert!(still.is_some_and(|pr| pr.state == PrState::Open), "{p:?}");
    }
}

#[tokio::test]
async fn the_forge_refuses_a_stale_head_itself() {
    // Past any client-side check: the head sent in the merge body is the guard.
    for p in [Provider::Gitlab, Provider::Gitea] {
        let f = setup(p, pr(p)).await;
        let mut t = target(&f, p).await;
        t.head_sha = Some("0123456789abcdef0123456789abcdef01234567".into());
        let e = refused(&f, p, &t, &merge(MergeMethod::Merge)).await;
        assert_eq!(e.code(), "head_moved", "{p:?}: {e}");
        assert!(f.merges().is_empty());
    }
}

#[tokio::test]
async fn a_merge_without_a_synced_head_is_not_sent() {
    for p in ALL {
        let f = setup(p, pr(p)).await;
        let t = Target {
            repo: REPO.into(),
            number: 7,
            head_sha: None,
        };
        let e = refused(&f, p, &t, &merge(MergeMethod::Merge)).await;
        assert_eq!(e.code(), "head_unknown", "{p:?}");
        assert_eq!(writes(&f, "/merge"), 0);
        assert!(f.merges().is_empty());
    }
}

#[tokio::test]
async fn a_conflict_is_refused_and_named() {
    for p in ALL {
        let f = setup(p, pr(p).merge(MergeState::Conflict)).await;
        let t = target(&f, p).await;
        let e = refused(&f, p, &t, &merge(MergeMethod::Merge)).await;
        assert_eq!(e.code(), "merge_conflict", "{p:?}: {e}");
        assert!(e.to_string().contains("merge conflicts"));
        assert!(f.merges().is_empty());
    }
}

#[tokio::test]
async fn missing_approvals_and_failing_required_checks_block_the_merge() {
    for p in ALL {
        let f = setup(p, pr(p).approvals_required(1)).await;
        let t = target(&f, p).await;
        let e = refused(&f, p, &t, &merge(MergeMethod::Merge)).await;
        assert_eq!(e.code(), "merge_blocked", "{p:?}: {e}");
        assert!(e.to_string().contains("required reviews"), "{p:?}: {e}");

        let blocked = pr(p)
            .check("build", ampel_core::pr::CheckState::Failure)
            .merge(MergeState::Blocked);
        let f = setup(p, blocked).await;
        let t = target(&f, p).await;
        let e = refused(&f, p, &t, &merge(MergeMethod::Merge)).await;
        assert_eq!(e.code(), "merge_blocked", "{p:?}: {e}");
        if p != Provider::Gitlab {
            assert!(e.to_string().contains("required checks"), "{p:?}: {e}");
        }
        assert!(f.merges().is_empty());
    }
}

#[tokio::test]
async fn a_method_the_repository_forbids_is_refused() {
    for p in ALL {
        let f = setup(p, pr(p)).await;
        f.allow_merge_methods(p, REPO, &["merge"]);
        let t = target(&f, p).await;
        let e = refused(&f, p, &t, &merge(MergeMethod::Squash)).await;
        assert_eq!(e.code(), "method_not_allowed", "{p:?}: {e}");
        assert!(f.merges().is_empty());
    }
    // A method the forge's API does not have is never sent.
    let f = setup(Provider::Gitlab, pr(Provider::Gitlab)).await;
    let t = target(&f, Provider::Gitlab).await;
    let e = refused(&f, Provider::Gitlab, &t, &merge(MergeMethod::FastForward)).await;
    assert_eq!(e.code(), "method_not_allowed");
    assert_eq!(writes(&f, "/merge"), 0);
}

#[tokio::test]
async fn a_read_only_token_is_told_which_scope_to_add() {
    for p in ALL {
        let f = forge().await;
        f.add_token(token(p, false));
        f.add_pr(pr(p));
        let t = target(&f, p).await;
        let want = match p {
            Provider::Github => "pull_requests:write",
            Provider::Gitlab => "api",
            Provider::Bitbucket => "write:pullrequest:bitbucket",
            Provider::Gitea => "write:repository",
        };
        for a in [
            Action::Approve { body: None },
            Action::Comment { body: "hi".into() },
            merge(MergeMethod::Merge),
        ] {
            let e = refused(&f, p, &t, &a).await;
            assert_eq!(e.code(), "missing_write_scope", "{p:?} {}: {e}", a.name());
            let report = e.report();
            assert_eq!(report.scope.as_deref(), Some(want), "{p:?}");
            assert!(e.to_string().contains(&format!("add {want} to this token")));
        }
        assert!(f.merges().is_empty() && f.comments().is_empty());
    }
}

#[tokio::test]
async fn bitbucket_merge_timing_out_is_reported_and_not_retried() {
    let p = Provider::Bitbucket;
    let f = setup(p, pr(p)).await;
    let t = target(&f, p).await;
    f.set_merge_times_out(true);
    let e = refused(&f, p, &t, &merge(MergeMethod::Merge)).await;
    assert_eq!(e.code(), "refused");
    assert!(e.to_string().contains("HTTP 555"), "{e}");
    assert_eq!(writes(&f, "/merge"), 1, "a write is sent once");
}

#[tokio::test]
async fn a_failing_write_is_sent_once_and_never_retried() {
    for p in [Provider::Gitlab, Provider::Gitea, Provider::Bitbucket] {
        let f = setup(p, pr(p)).await;
        let t = target(&f, p).await;
        let suffix = match p {
            Provider::Gitlab => "/notes",
            Provider::Gitea => "/reviews",
            _ => "/comments",
        };
        f.set_fault_on(p, suffix, Fault::ServerError);
        let e = refused(&f, p, &t, &Action::Comment { body: "x".into() }).await;
        assert_eq!(e.code(), "server_error", "{p:?}");
        assert_eq!(writes(&f, suffix), 1, "{p:?}: sent once");
        f.clear_faults();
        f.set_fault_on(
            p,
            suffix,
            Fault::RateLimited {
                retry_after_secs: 30,
            },
        );
        let e = refused(&f, p, &t, &Action::Comment { body: "x".into() }).await;
        assert_eq!(e.code(), "rate_limited", "{p:?}");
        assert_eq!(writes(&f, suffix), 2, "{p:?}: sent once more, not retried");
    }
}

#[tokio::test]
async fn an_unreachable_forge_and_a_refused_token_are_diagnosed_without_the_token() {
    for p in ALL {
        let f = setup(p, pr(p)).await;
        let t = target(&f, p).await;
        f.set_fault(p, Fault::Unauthorized);
        let e = refused(&f, p, &t, &Action::Approve { body: None }).await;
        assert_eq!(e.code(), "invalid_token", "{p:?}: {e}");
        let base = spec(&f, p);
        drop(f);
        let e = validator()
            .act(
                &base,
                &secret(token_value(p)),
                &t,
                &Action::Approve { body: None },
            )
            .await;
        match e {
            Err(e) => assert_eq!(e.code(), "unreachable", "{p:?}: {e}"),
            Ok(o) => panic!("{p:?}: {o:?}"),
        }
    }
}

#[tokio::test]
async fn approving_ones_own_pull_request_is_refused_in_the_forges_words() {
    for p in [Provider::Github, Provider::Gitea] {
        let f = setup(p, FakePr::new(p, REPO, 7, "Mine", ME)).await;
        let t = target(&f, p).await;
        let e = refused(&f, p, &t, &Action::Approve { body: None }).await;
        assert_eq!(e.code(), "refused", "{p:?}");
        assert!(
            e.to_string().to_lowercase().contains("your own pull"),
            "{e}"
        );
    }
}

/// GitLab answers unapprove with 304 when the user has not approved: Request
/// changes goes on to post its note, and says so in one success.
#[tokio::test]
async fn gitlab_request_changes_works_on_an_mr_i_have_not_approved() {
    let p = Provider::Gitlab;
    let f = setup(p, pr(p)).await;
    let t = target(&f, p).await;
    let a = Action::RequestChanges {
        body: "Please add a test".into(),
    };
    let out = done(&f, p, &t, &a).await;
    assert_eq!(out.message, format!("requested changes on {}", label(p)));
    let unapprove = f
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/unapprove"))
        .map(|r| r.status);
    assert_eq!(unapprove, Some(304), "GitLab's answer when not approved");
    assert!(f.comments().iter().any(|c| c.body == "Please add a test"));
}

/// GitLab answers approve with 304 when approved already: a second approval succeeds.
#[tokio::test]
async fn gitlab_approving_twice_succeeds() {
    let p = Provider::Gitlab;
    let f = setup(p, pr(p)).await;
    let t = target(&f, p).await;
    let first = done(&f, p, &t, &Action::Approve { body: None }).await;
    assert_eq!(first.message, format!("approved {}", label(p)));
    let second = done(&f, p, &t, &Action::Approve { body: None }).await;
    assert_eq!(
        second.message,
        format!("{} was already approved by you", label(p))
    );
}

/// GitLab refuses an unmergeable MR with 422 "Branch cannot be merged": one read of
/// the MR names the rule, never "already merged".
#[tokio::test]
async fn a_refused_gitlab_merge_says_why() {
    let p = Provider::Gitlab;
    let cases = [
        (
            pr(p).merge_status("discussions_not_resolved"),
            "merge_blocked",
            "unresolved threads",
        ),
        (
            pr(p).merge(MergeState::Conflict),
            "merge_conflict",
            "merge conflicts",
        ),
        (
            pr(p).approvals_required(1),
            "merge_blocked",
            "required reviews are missing",
        ),
        (
            pr(p).merge_status("merge_request_blocked"),
            "merge_blocked",
            "blocked by another merge request",
        ),
    ];
    for (fake, code, words) in cases {
        let f = setup(p, fake).await;
        if f.prs()[0].merge_status.is_some() {
            // An explicit merge status stands for a rule the fake does not model:
            // GitLab's merge refuses it as it refuses any unmergeable MR.
            f.update_pr(p, REPO, 7, |pr| pr.merge = MergeState::Blocked);
        }
        let t = target(&f, p).await;
        let e = refused(&f, p, &t, &merge(MergeMethod::Merge)).await;
        let answered = f
            .requests()
            .into_iter()
            .find(|r| r.path.ends_with("/merge"))
            .map(|r| r.status);
        assert_eq!(answered, Some(422), "{words}");
        assert_eq!(e.code(), code, "{words}: {e}");
        assert!(e.to_string().contains(words), "{words}: {e}");
        assert!(f.merges().is_empty());
    }
}

/// Bitbucket: a comment carries `type: pullrequest_comment`; when changes were
/// requested and the comment is refused, the user is told both.
#[tokio::test]
async fn bitbucket_request_changes_with_a_refused_comment_is_partly_done() {
    let p = Provider::Bitbucket;
    let f = setup(p, pr(p)).await;
    let t = target(&f, p).await;
    done(
        &f,
        p,
        &t,
        &Action::Comment {
            body: "typed".into(),
        },
    )
    .await;
    f.set_fault_on(p, "/comments", Fault::Forbidden);
    let a = Action::RequestChanges {
        body: "Found a bug".into(),
    };
    let e = refused(&f, p, &t, &a).await;
    assert_eq!(e.code(), "partly_done", "{e}");
    let text = e.to_string();
    assert!(
        text.starts_with(&format!(
            "requested changes on {}; the comment was refused",
            label(p)
        )),
        "{text}"
    );
    f.clear_faults();
    let after = synced(&f, p).await.map(|pr| pr.review.changes_requested());
    assert_eq!(after, Some(true), "the first step stands");
}

/// GitHub's merge mutation cannot delete the branch: asking for it is refused up
/// front, nothing is merged, never dropped without a word.
#[tokio::test]
async fn github_delete_branch_is_refused_not_dropped() {
    let p = Provider::Github;
    let f = setup(p, pr(p)).await;
    let t = target(&f, p).await;
    f.clear_requests();
    let a = Action::Merge {
        method: MergeMethod::Merge,
        delete_branch: true,
    };
    let e = refused(&f, p, &t, &a).await;
    assert_eq!(e.code(), "option_not_offered", "{e}");
    assert!(f.requests().is_empty(), "nothing sent");
    assert!(f.merges().is_empty());
}
