//! Acting on pull requests from the dashboard in the real window, on every forge:
//! approve (the row changes after the automatic re-sync of that PR), comment,
//! merge a green PR with a chosen method (it leaves the dashboard), a merge the
//! forge refuses (conflict; head moved since the sync) shows the reason and
//! changes nothing, and a read-only token shows the actions disabled naming the
//! scope. No token appears in the page or the logs.

use crate::dash_controls::{filter_provider, row_menu};
use crate::flows::{add_demo_account, demo_forge};
use crate::harness::{refresh_and_wait, App, Launch, TestResult};
use ampel_core::pr::{CheckState, ReviewVote};
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge, FakePr, FakeToken};

const TOKENS: [&str; 4] = [
    scenario::DEMO_GITHUB_TOKEN,
    scenario::DEMO_GITLAB_TOKEN,
    scenario::DEMO_BITBUCKET_TOKEN,
    scenario::DEMO_GITEA_TOKEN,
];

/// The demo tokens again, now allowed to write.
pub(crate) fn writing_token(p: Provider) -> FakeToken {
    let me = scenario::DEMO_LOGIN;
    match p {
        Provider::Github => FakeToken::github_classic(
            scenario::DEMO_GITHUB_TOKEN,
            me,
            &["repo", "read:org", "read:user"],
        ),
        Provider::Gitlab => {
            FakeToken::gitlab_pat(scenario::DEMO_GITLAB_TOKEN, me, &["api", "read_user"])
        }
        Provider::Bitbucket => FakeToken::bitbucket_api_token(
            scenario::DEMO_BITBUCKET_TOKEN,
            scenario::DEMO_BITBUCKET_EMAIL,
            me,
            &[
                "read:user:bitbucket",
                "read:workspace:bitbucket",
                "read:repository:bitbucket",
                "read:pullrequest:bitbucket",
                "write:pullrequest:bitbucket",
            ],
        ),
        Provider::Gitea => FakeToken::gitea(
            scenario::DEMO_GITEA_TOKEN,
            me,
            &["read:user", "write:repository", "read:issue"],
        ),
    }
}

/// PR #7 waits for my review: I requested changes before (GitLab: one approval
/// is required, since GitLab lists no review states), so approving it turns it green.
fn waiting_for_me(p: Provider) -> FakePr {
    let me = scenario::DEMO_LOGIN;
    let pr = FakePr::new(
        p,
        scenario::demo_repo(p),
        7,
        "Polish the release notes",
        "dev-frank",
    )
    .check("build", CheckState::Success)
    .request_review(me);
    match p {
        Provider::Gitlab => pr.approvals_required(1),
        // A Bitbucket reviewer who voted is no longer asked (Needs my review drops
        // the PR): there the approval shows in the row's review count.
        Provider::Bitbucket => pr,
        _ => pr.review(me, ReviewVote::ChangesRequested),
    }
}

fn row(p: Provider, number: u64) -> String {
    format!(
        "[data-testid=pr-row][data-pr-id$=\":{}#{number}\"]",
        scenario::demo_repo(p)
    )
}

/// Opens the Actions dialog of a row (its More actions menu) and picks `kind`.
async fn start(app: &App, p: Provider, number: u64, kind: &str) -> TestResult {
    row_menu(app, &row(p, number), "actions").await?;
    app.wait_for("[data-testid=pr-actions-dialog]").await?;
    app.click(&format!("[data-testid=pr-action-{kind}]")).await
}

async fn confirm_and_expect(app: &App, words: &str) -> TestResult {
    app.click("[data-testid=pr-action-confirm]").await?;
    app.expect_count("[data-testid=pr-actions-dialog]", 0)
        .await?;
    app.expect_contains("[data-testid=action-result]", words)
        .await
}

/// Asks to merge PR `number`: the forge refuses with `code` and `words`, the dialog
/// is closed again and nothing else happens.
async fn refused_merge(
    app: &App,
    p: Provider,
    number: u64,
    code: &str,
    words: &str,
    shot: &str,
) -> TestResult {
    start(app, p, number, "merge").await?;
    app.click("[data-testid=pr-action-confirm]").await?;
    app.expect_attr("[data-testid=pr-action-error]", "data-code", code)
        .await?;
    app.expect_contains("[data-testid=pr-action-error]", words)
        .await?;
    app.screenshot(shot).await?;
    app.click("[data-testid=pr-actions-dialog] .dialog-actions button[type=button]")
        .await?;
    app.expect_count("[data-testid=pr-actions-dialog]", 0).await
}

async fn act_on(app: &App, forge: &FakeForge, p: Provider) -> TestResult {
    let repo = scenario::demo_repo(p);
    let sign = if p == Provider::Gitlab { "!" } else { "#" };
    filter_provider(app, p.as_str()).await?;

    // Approve #7: red or yellow before, green after its own re-sync (Bitbucket:
    // no approval before, one after).
    let review = format!("{} [data-testid=pr-review]", row(p, 7));
    match p {
        Provider::Gitlab => app.expect_attr(&row(p, 7), "data-light", "yellow").await?,
        Provider::Bitbucket => app.expect_contains(&review, "0 approvals").await?,
        _ => app.expect_attr(&row(p, 7), "data-light", "red").await?,
    }
    start(app, p, 7, "approve").await?;
    confirm_and_expect(app, &format!("Approved {repo}{sign}7; now green.")).await?;
    app.expect_attr(&row(p, 7), "data-light", "green").await?;
    if p == Provider::Bitbucket {
        app.expect_contains(&review, "1 approval").await?;
    }

    // Comment on #7.
    start(app, p, 7, "comment").await?;
    app.fill("[data-testid=pr-action-body]", "Thanks, **looks good**")
        .await?;
    confirm_and_expect(app, &format!("Commented on {repo}{sign}7")).await?;
    let comments = forge.comments();
    if !comments
        .iter()
        .any(|c| c.provider == p && c.body == "Thanks, **looks good**")
    {
        return Err(format!("{p:?}: the comment did not reach the forge: {comments:?}").into());
    }

    // A merge the forge refuses (#8 conflicts): the reason, nothing changed.
    let shot = format!("{}-refused", p.as_str());
    refused_merge(app, p, 8, "merge_conflict", "merge conflicts", &shot).await?;

    // Merge the green #1 by squash: it leaves the dashboard.
    start(app, p, 1, "merge").await?;
    app.click("[data-testid=pr-action-method] option[value=squash]")
        .await?;
    // GitHub names the merge commit ("… by squash as 1a2b3c4").
    confirm_and_expect(app, &format!("Merged {repo}{sign}1 by squash")).await?;
    app.expect_contains("[data-testid=action-result]", "; it left the open list.")
        .await?;
    app.expect_count(&row(p, 1), 0).await?;
    let merges = forge.merges();
    if merges
        .iter()
        .filter(|m| m.provider == p)
        .map(|m| (m.number, m.method.as_str()))
        .collect::<Vec<_>>()
        != vec![(1, "squash")]
    {
        return Err(format!("{p:?}: merges {merges:?}").into());
    }
    app.expect_count(&row(p, 8), 1).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approve_comment_merge_and_a_refused_merge_on_every_forge() -> TestResult {
    let forge = demo_forge().await?;
    for p in Provider::ALL {
        forge.add_token(writing_token(p));
        forge.add_pr(waiting_for_me(p));
        // Mine and conflicting (Bitbucket lists no "assigned to me" #5).
        forge.add_pr(
            FakePr::new(
                p,
                scenario::demo_repo(p),
                8,
                "Rename the config keys",
                scenario::DEMO_LOGIN,
            )
            .merge(ampel_core::pr::MergeState::Conflict),
        );
    }
    let dir = tempfile::tempdir()?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("actions", dir.path(), launch).await?;
    let result = async {
        for p in Provider::ALL {
            add_demo_account(&app, &forge, p).await?;
        }
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        for p in Provider::ALL {
            act_on(&app, &forge, p)
                .await
                .map_err(|e| format!("{}: {e}", p.display_name()))?;
        }

        // New commits on GitHub #3 since the sync: the merge is refused, nothing merged.
        filter_provider(&app, "github").await?;
        forge.push_commit(Provider::Github, scenario::demo_repo(Provider::Github), 3);
        let gh = Provider::Github;
        refused_merge(
            &app,
            gh,
            3,
            "head_moved",
            "nothing was merged",
            "head-moved",
        )
        .await?;
        if forge.merges().len() != 4 {
            return Err(format!("unexpected merges: {:?}", forge.merges()).into());
        }
        for t in TOKENS {
            app.assert_secret_absent(t).await?;
        }
        Ok(())
    }
    .await;
    app.finish(result).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_token_shows_the_actions_disabled_naming_the_scope() -> TestResult {
    // The demo GitLab token has read_api only.
    let forge = demo_forge().await?;
    let dir = tempfile::tempdir()?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("actions-read-only", dir.path(), launch).await?;
    let result = async {
        add_demo_account(&app, &forge, Provider::Gitlab).await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        row_menu(&app, &row(Provider::Gitlab, 3), "actions").await?;
        app.wait_for("[data-testid=pr-actions-dialog]").await?;
        app.expect_contains("[data-testid=pr-actions-readonly]", "add api to this token")
            .await?;
        app.wait_for("[data-testid=pr-actions-token-page]").await?;
        for kind in ["approve", "request_changes", "comment", "merge"] {
            app.expect_prop(
                &format!("[data-testid=pr-action-{kind}]"),
                "disabled",
                "true",
            )
            .await?;
        }
        app.expect_prop("[data-testid=pr-action-confirm]", "disabled", "true")
            .await?;
        app.screenshot("read-only").await?;
        if !forge.comments().is_empty() || !forge.merges().is_empty() {
            return Err("a read-only token wrote something".into());
        }
        app.assert_secret_absent(scenario::DEMO_GITLAB_TOKEN)
            .await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}

/// GitLab answered as GitLab does, in the window: an MR with unresolved threads is
/// yellow and says so; Request changes on an MR I have not approved works (GitLab
/// answers the unapprove with 304); approving twice succeeds; a merge GitLab refuses
/// (422) says which rule; an approval on a project without approval rules shows in
/// the row and the detail panel and wakes an MR snoozed until it changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gitlab_answers_as_gitlab_does() -> TestResult {
    let p = Provider::Gitlab;
    let repo = scenario::demo_repo(p);
    let forge = demo_forge().await?;
    forge.add_token(writing_token(p));
    let mr = |n: u64, title: &str| {
        FakePr::new(p, repo, n, title, "dev-frank")
            .check("build", CheckState::Success)
            .request_review(scenario::DEMO_LOGIN)
    };
    forge.add_pr(
        mr(11, "Tidy the threads")
            .merge_status("discussions_not_resolved")
            .merge(ampel_core::pr::MergeState::Blocked),
    );
    forge.add_pr(mr(12, "Free tier, no approval rules"));
    forge.add_pr(mr(13, "Snoozed until it changes"));
    let dir = tempfile::tempdir()?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("gitlab-truth", dir.path(), launch).await?;
    let result = async {
        add_demo_account(&app, &forge, p).await?;
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        filter_provider(&app, "gitlab").await?;

        // Unresolved threads: yellow, in words.
        app.expect_attr(&row(p, 11), "data-light", "yellow").await?;
        let reasons = format!("{} [data-testid=pr-reasons]", row(p, 11));
        app.expect_content(&reasons, "unresolved threads").await?;

        // Request changes on !11, which I never approved.
        start(&app, p, 11, "request_changes").await?;
        app.fill("[data-testid=pr-action-body]", "Please resolve the threads")
            .await?;
        confirm_and_expect(&app, &format!("Requested changes on {repo}!11")).await?;

        // GitLab refuses the merge of !11 (422): the rule is named.
        let shot = "gitlab-refused-threads";
        refused_merge(&app, p, 11, "merge_blocked", "unresolved threads", shot).await?;

        // Approve !12 (no approval rules): the row and the detail panel name it.
        let review = format!("{} [data-testid=pr-review]", row(p, 12));
        app.expect_content(&review, "0 approvals").await?;
        start(&app, p, 12, "approve").await?;
        confirm_and_expect(&app, &format!("Approved {repo}!12")).await?;
        app.expect_content(&review, "1 approval").await?;
        // Approving again: GitLab's 304 is "already so", a success.
        start(&app, p, 12, "approve").await?;
        confirm_and_expect(&app, "already approved by you").await?;
        row_menu(&app, &row(p, 12), "details").await?;
        app.expect_contains("[data-testid=detail-reviewers]", scenario::DEMO_LOGIN)
            .await?;
        app.screenshot("gitlab-approved-detail").await?;
        app.click("[data-testid=detail-close]").await?;

        // Snooze !13 until it changes; an approval on GitLab brings it back.
        row_menu(&app, &row(p, 13), "details").await?;
        app.click("[data-testid=detail-snooze]").await?;
        app.click("[data-testid=snooze-until_change]").await?;
        app.expect_count("[data-testid=snooze-dialog]", 0).await?;
        app.wait_for(&format!("{}[data-section=snoozed]", row(p, 13)))
            .await?;
        refresh_and_wait(&app).await?;
        app.wait_for(&format!("{}[data-section=snoozed]", row(p, 13)))
            .await?;
        forge.review_as(p, repo, 13, "reviewer-bob", ReviewVote::Approved);
        refresh_and_wait(&app).await?;
        app.expect_count(&format!("{}[data-section=snoozed]", row(p, 13)), 0)
            .await?;
        app.expect_content(
            &format!("{} [data-testid=pr-review]", row(p, 13)),
            "1 approval",
        )
        .await?;
        app.assert_secret_absent(scenario::DEMO_GITLAB_TOKEN)
            .await?;
        Ok(())
    }
    .await;
    app.finish(result).await
}
