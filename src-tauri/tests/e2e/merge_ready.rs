//! Merge when ready (issue 28) in the real window over the fake forge: auto-merge
//! turned on while CI runs, the forge finishes CI and merges it, the next refresh
//! shows it gone with one "Merged by auto-merge" notification (GitHub, GitLab,
//! Gitea); on a GitHub branch that requires a merge queue the dialog offers only
//! Add to queue and the row shows the position; Update branch on a PR behind its
//! base clears "behind".

use crate::actions::writing_token;
use crate::dash_controls::{filter_provider, row_menu};
use crate::flows::{add_demo_account, demo_forge};
use crate::harness::{eventually, refresh_and_wait, seen, App, Launch, TestResult};
use crate::notify_bus::NotifyMonitor;
use ampel_core::pr::CheckState;
use ampel_core::Provider;
use ampel_fakeforge::{scenario, FakeForge, FakePr};

const ME: &str = scenario::DEMO_LOGIN;
/// Mine, CI running: auto-merge is turned on, then CI passes and the forge merges it.
const AUTO: (u64, &str) = (21, "Ship the release notes when CI passes");
/// Mine, in a repository whose base branch requires a merge queue.
const FIRST: (u64, &str) = (22, "Queue the cache change");
const SECOND: (u64, &str) = (23, "Queue the docs change");
/// Mine, behind its base.
const BEHIND: (u64, &str) = (24, "Catch up with main");

const FORGES: [Provider; 3] = [Provider::Github, Provider::Gitlab, Provider::Gitea];

fn queue_repo() -> String {
    format!("{}-queued", scenario::demo_repo(Provider::Github))
}

fn row(repo: &str, number: u64) -> String {
    format!("[data-testid=pr-row][data-pr-id$=\":{repo}#{number}\"]")
}

fn running(provider: Provider, repo: &str, (number, title): (u64, &str)) -> FakePr {
    FakePr::new(provider, repo, number, title, ME).check("build", CheckState::Running)
}

/// AUTO's title on `p` (one notification per forge is counted by its title).
fn auto_title(p: Provider) -> String {
    format!("{} on {}", AUTO.1, p.display_name())
}

fn add_prs(forge: &FakeForge) {
    for p in FORGES {
        let repo = scenario::demo_repo(p);
        forge.add_token(writing_token(p));
        // GitHub offers auto-merge only while a rule holds the merge back: the
        // running check is a required one there.
        let title = auto_title(p);
        let auto = running(p, repo, (AUTO.0, &title));
        forge.add_pr(if p == Provider::Github {
            auto.require_check("build")
        } else {
            auto
        });
        // GitHub repositories allow auto-merge only when an admin allows it.
        forge.allow_auto_merge(p, repo, true);
    }
    let gh = Provider::Github;
    let queued = queue_repo();
    forge.require_queue(gh, &queued);
    forge.add_pr(running(gh, &queued, FIRST));
    forge.add_pr(running(gh, &queued, SECOND));
    forge.add_pr(
        FakePr::new(gh, scenario::demo_repo(gh), BEHIND.0, BEHIND.1, ME)
            .check("build", CheckState::Success)
            .behind(),
    );
}

/// Opens the Actions dialog of `row`, picks `kind` and confirms; waits for the result.
async fn act(app: &App, row: &str, kind: &str) -> TestResult {
    row_menu(app, row, "actions").await?;
    app.wait_for("[data-testid=pr-actions-dialog]").await?;
    app.click(&format!("[data-testid=pr-action-{kind}]"))
        .await?;
    app.click("[data-testid=pr-action-confirm]").await?;
    app.expect_count("[data-testid=pr-actions-dialog]", 0)
        .await?;
    app.wait_for("[data-testid=action-result]").await?;
    Ok(())
}

/// How many `Notify` calls carried `title` so far.
fn told(monitor: &NotifyMonitor, title: &str) -> usize {
    monitor.text().matches(&format!("string \"{title}")).count()
}

async fn auto_merge_on(
    app: &App,
    forge: &FakeForge,
    monitor: &NotifyMonitor,
    p: Provider,
) -> TestResult {
    let repo = scenario::demo_repo(p);
    let auto = row(repo, AUTO.0);
    filter_provider(app, p.as_str()).await?;
    app.expect_attr(&auto, "data-light", "yellow").await?;
    act(app, &auto, "merge_when_ready").await?;
    app.expect_contains(
        &format!("{auto} [data-testid=pr-automation]"),
        "auto-merge on",
    )
    .await?;
    app.expect_contains(
        &format!("{auto} [data-testid=pr-automation]"),
        "waits for CI",
    )
    .await?;
    if !forge
        .merges()
        .iter()
        .all(|m| !(m.provider == p && m.number == AUTO.0))
    {
        return Err(format!("{p:?}: merged before CI passed: {:?}", forge.merges()).into());
    }
    // The forge's CI passes: the forge merges it on its own.
    forge.update_checks(p, repo, AUTO.0, |pr| {
        pr.checks = vec![("build".into(), CheckState::Success)];
    });
    refresh_and_wait(app).await?;
    app.expect_count(&auto, 0).await?;
    let title = format!("Merged by auto-merge: {}", auto_title(p));
    monitor.wait_for(&[&title]).await?;
    refresh_and_wait(app).await?;
    let n = told(monitor, &title);
    if n != 1 {
        return Err(format!("{p:?}: {n} \"{title}\" notifications, expected one").into());
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_merge_the_queue_and_update_branch() -> TestResult {
    let forge = demo_forge().await?;
    add_prs(&forge);
    let dir = tempfile::tempdir()?;
    let monitor = NotifyMonitor::start("merge-ready")?;
    let launch = Launch {
        env: vec![("AMPEL_REFRESH_SECS".into(), "3600".into())],
    };
    let app = App::launch_in("merge-ready", dir.path(), launch).await?;
    let result = async {
        for p in FORGES {
            add_demo_account(&app, &forge, p).await?;
        }
        app.click("[data-testid=nav-dashboard]").await?;
        refresh_and_wait(&app).await?;
        for p in FORGES {
            auto_merge_on(&app, &forge, &monitor, p)
                .await
                .map_err(|e| format!("{}: {e}", p.display_name()))?;
        }

        // A branch that requires a merge queue: only Add to queue, then the position.
        filter_provider(&app, "github").await?;
        let queued = queue_repo();
        let (first, second) = (row(&queued, FIRST.0), row(&queued, SECOND.0));
        for (r, position) in [(&first, 1), (&second, 2)] {
            row_menu(&app, r, "actions").await?;
            app.wait_for("[data-testid=pr-actions-dialog]").await?;
            app.expect_count("[data-testid=pr-action-merge]", 0).await?;
            app.expect_count("[data-testid=pr-action-merge_when_ready]", 0)
                .await?;
            app.click("[data-testid=pr-action-add_to_queue]").await?;
            app.click("[data-testid=pr-action-confirm]").await?;
            app.expect_count("[data-testid=pr-actions-dialog]", 0)
                .await?;
            app.expect_contains(
                &format!("{r} [data-testid=pr-automation]"),
                &format!("in merge queue, position {position}"),
            )
            .await?;
        }
        app.screenshot("merge-queue").await?;
        if !forge.merges().iter().all(|m| m.repo != queued) {
            return Err(format!("a queued PR was merged directly: {:?}", forge.merges()).into());
        }

        // Behind its base: Update branch clears it.
        let behind = row(scenario::demo_repo(Provider::Github), BEHIND.0);
        app.expect_contains(&format!("{behind} [data-testid=pr-reasons]"), "behind")
            .await?;
        act(&app, &behind, "update_branch").await?;
        eventually("the updated branch is no longer behind", || async {
            let text = app
                .text_of(&format!("{behind} [data-testid=pr-reasons]"))
                .await
                .unwrap_or_default();
            Ok(seen(!text.contains("behind"), text))
        })
        .await?;
        for t in [
            scenario::DEMO_GITHUB_TOKEN,
            scenario::DEMO_GITLAB_TOKEN,
            scenario::DEMO_GITEA_TOKEN,
        ] {
            app.assert_secret_absent(t).await?;
        }
        Ok(())
    }
    .await;
    monitor.stop().await;
    app.finish(result).await
}
