//! Every row of each forge's status table over real HTTP: the fake forge answers a
//! PR per value as the forge's own documents and source describe it, Ampel lists it,
//! and the light and words are the table's. Only the forge's own "can merge" values
//! are green; a value newer than the tables is yellow.

mod support;

use ampel_core::forge_status::gitlab::{merge_status, DETAILED_MERGE_STATUSES};
use ampel_core::light::{light, Light};
use ampel_core::pr::{CheckState, MergeState};
use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakePr};
use support::watched::watched_listing;
use support::*;

const REPO: &str = "acme/tables";

/// A forge holding `prs` (numbered from 1) in [`REPO`].
async fn forge_with(prs: Vec<FakePr>) -> FakeForge {
    let f = forge().await;
    for pr in prs {
        f.add_pr(pr);
    }
    f
}

/// The light and words of PR `n` after one listing of the watched repository.
async fn lights(f: &FakeForge, p: Provider) -> Vec<(u64, Light, String)> {
    let l = watched_listing(f, p, REPO).await;
    let mut out: Vec<(u64, Light, String)> = l
        .prs
        .iter()
        .map(|x| {
            let v = light(&x.pr);
            let words: Vec<String> = v.reasons.iter().map(ToString::to_string).collect();
            (x.pr.number, v.light, words.join(", "))
        })
        .collect();
    out.sort_by_key(|x| x.0);
    out
}

fn pr(p: Provider, n: u64) -> FakePr {
    FakePr::new(p, REPO, n, &format!("row {n}"), "alice")
}

/// Checks each row: PR n (1-based) is `rows[n-1]`.
async fn assert_rows(p: Provider, prs: Vec<FakePr>, rows: &[(&str, Light, &str)]) {
    let f = forge_with(prs).await;
    let got = lights(&f, p).await;
    assert_eq!(got.len(), rows.len(), "{p:?}: every row listed");
    for ((n, light, words), (value, want, want_words)) in got.iter().zip(rows) {
        assert_eq!(
            (*light, words.as_str()),
            (*want, *want_words),
            "{p:?} row {n}: {value}"
        );
    }
}

/// PR n (1-based) has one check "build" in the n-th row's state.
async fn assert_check_rows(p: Provider, rows: &[(&str, CheckState, Light, &str)]) {
    let prs = rows
        .iter()
        .enumerate()
        .map(|(i, r)| pr(p, i as u64 + 1).check("build", r.1))
        .collect();
    let want: Vec<(&str, Light, &str)> = rows.iter().map(|r| (r.0, r.2, r.3)).collect();
    assert_rows(p, prs, &want).await;
}

#[tokio::test]
async fn gitlab_every_detailed_merge_status() {
    let p = Provider::Gitlab;
    let mut values: Vec<&str> = DETAILED_MERGE_STATUSES.to_vec();
    values.push("a_rule_newer_than_ampel");
    let prs: Vec<FakePr> = values
        .iter()
        .enumerate()
        .map(|(i, v)| pr(p, i as u64 + 1).merge_status(v))
        .collect();
    let f = forge_with(prs).await;
    let got = lights(&f, p).await;
    assert_eq!(got.len(), values.len());
    for ((_, light, words), value) in got.iter().zip(&values) {
        let status = merge_status(value);
        let want = match *value {
            "mergeable" => Light::Green,
            "conflict" | "broken_status" | "requested_changes" => Light::Red,
            _ => Light::Yellow,
        };
        assert_eq!(*light, want, "{value}: {words}");
        if let Some(b) = status.blocker {
            assert!(words.contains(&b.to_string()), "{value}: {words}");
        }
    }
    let named = |v: &str| {
        let i = values.iter().position(|x| *x == v).unwrap_or(usize::MAX);
        got.get(i).map(|g| g.2.clone()).unwrap_or_default()
    };
    assert_eq!(named("discussions_not_resolved"), "unresolved threads");
    assert_eq!(named("need_rebase"), "needs a rebase");
    assert_eq!(
        named("merge_request_blocked"),
        "blocked by another merge request"
    );
    assert_eq!(
        named("status_checks_must_pass"),
        "external status checks must pass"
    );
    assert_eq!(named("ci_must_pass"), "pipeline must succeed");
    assert_eq!(
        named("a_rule_newer_than_ampel"),
        "GitLab says: a_rule_newer_than_ampel"
    );
}

#[tokio::test]
async fn gitlab_pipelines_must_succeed_with_a_skipped_or_canceled_pipeline_is_never_green() {
    let p = Provider::Gitlab;
    let prs = vec![
        pr(p, 1).pipeline("skipped"),
        pr(p, 2).pipeline("canceled"),
        pr(p, 3).pipeline("success"),
        pr(p, 4).pipeline("unknown_to_ampel"),
    ];
    let f = forge_with(prs).await;
    f.set_pipelines_must_succeed(REPO, true);
    let got = lights(&f, p).await;
    let want = [
        (Light::Yellow, "pipeline must succeed"),
        (Light::Yellow, "CI canceled"),
        (Light::Green, ""),
        (Light::Yellow, "CI state unknown"),
    ];
    for ((n, light, words), (l, w)) in got.iter().zip(want) {
        assert_eq!((*light, words.as_str()), (l, w), "MR {n}");
    }
}

#[tokio::test]
async fn github_every_merge_state_status() {
    let p = Provider::Github;
    let ok = |n| pr(p, n).check("build", CheckState::Success);
    let prs = vec![
        ok(1),
        ok(2).merge_status("HAS_HOOKS"),
        ok(3).merge(MergeState::Behind),
        ok(4).merge(MergeState::Blocked),
        ok(5).merge(MergeState::Blocked).unresolved_threads(2),
        pr(p, 6).require_check("deploy/preview"),
        ok(7).merge(MergeState::Conflict),
        ok(8).merge(MergeState::Computing),
        ok(9).draft(),
        ok(10).merge_status("A_STATE_NEWER_THAN_AMPEL"),
        ok(11).approvals_required(1),
    ];
    assert_rows(
        p,
        prs,
        &[
            ("CLEAN", Light::Green, ""),
            ("HAS_HOOKS", Light::Green, ""),
            ("BEHIND", Light::Yellow, "behind main"),
            ("BLOCKED alone", Light::Yellow, "blocked by a branch rule"),
            ("BLOCKED, threads", Light::Yellow, "unresolved threads"),
            (
                "BLOCKED, EXPECTED",
                Light::Yellow,
                "a required check has not reported",
            ),
            ("DIRTY", Light::Red, "merge conflict"),
            ("UNKNOWN", Light::Yellow, "mergeability being computed"),
            ("DRAFT", Light::Yellow, "draft"),
            (
                "newer",
                Light::Yellow,
                "GitHub says: A_STATE_NEWER_THAN_AMPEL",
            ),
            ("BLOCKED by review", Light::Yellow, "review required"),
        ],
    )
    .await;
}

/// One PR per check state the fake renders in GitHub's own values (check runs and,
/// for names with a `/`, status contexts).
#[tokio::test]
async fn github_every_check_state() {
    let p = Provider::Github;
    let rows: &[(&str, CheckState, Light, &str)] = &[
        ("SUCCESS", CheckState::Success, Light::Green, ""),
        ("NEUTRAL", CheckState::Neutral, Light::Green, ""),
        ("SKIPPED", CheckState::Skipped, Light::Green, ""),
        (
            "FAILURE",
            CheckState::Failure,
            Light::Red,
            "CI failing: build",
        ),
        (
            "TIMED_OUT",
            CheckState::TimedOut,
            Light::Red,
            "CI failing: build",
        ),
        (
            "ACTION_REQUIRED",
            CheckState::ActionRequired,
            Light::Red,
            "CI failing: build",
        ),
        (
            "STARTUP_FAILURE",
            CheckState::StartupFailure,
            Light::Red,
            "CI failing: build",
        ),
        (
            "CANCELLED",
            CheckState::Cancelled,
            Light::Yellow,
            "CI canceled",
        ),
        ("STALE", CheckState::Stale, Light::Yellow, "CI stale"),
        (
            "QUEUED",
            CheckState::Pending,
            Light::Yellow,
            "checks running (1)",
        ),
        (
            "IN_PROGRESS",
            CheckState::Running,
            Light::Yellow,
            "checks running (1)",
        ),
        (
            "WAITING",
            CheckState::Manual,
            Light::Yellow,
            "checks running (1)",
        ),
        (
            "newer",
            CheckState::Unknown,
            Light::Yellow,
            "CI state unknown",
        ),
    ];
    let contexts: &[(&str, CheckState, Light, &str)] = &[
        ("status SUCCESS", CheckState::Success, Light::Green, ""),
        (
            "status ERROR",
            CheckState::Error,
            Light::Red,
            "CI failing: ci/build",
        ),
        (
            "status FAILURE",
            CheckState::Failure,
            Light::Red,
            "CI failing: ci/build",
        ),
        (
            "status PENDING",
            CheckState::Running,
            Light::Yellow,
            "checks running (1)",
        ),
    ];
    let mut prs = Vec::new();
    let mut want = Vec::new();
    for (i, (value, state, l, w)) in rows.iter().chain(contexts).enumerate() {
        let name = if value.starts_with("status") {
            "ci/build"
        } else {
            "build"
        };
        prs.push(pr(p, i as u64 + 1).check(name, *state));
        want.push((*value, *l, *w));
    }
    assert_rows(p, prs, &want).await;
}

#[tokio::test]
async fn bitbucket_every_commit_status_state() {
    let p = Provider::Bitbucket;
    let rows: &[(&str, CheckState, Light, &str)] = &[
        ("SUCCESSFUL", CheckState::Success, Light::Green, ""),
        (
            "FAILED",
            CheckState::Failure,
            Light::Red,
            "CI failing: build",
        ),
        (
            "INPROGRESS",
            CheckState::Running,
            Light::Yellow,
            "checks running (1)",
        ),
        (
            "STOPPED",
            CheckState::Cancelled,
            Light::Yellow,
            "CI canceled",
        ),
        (
            "newer",
            CheckState::Unknown,
            Light::Yellow,
            "CI state unknown",
        ),
    ];
    assert_check_rows(p, rows).await;
}

#[tokio::test]
async fn gitea_every_commit_status_state() {
    let p = Provider::Gitea;
    let rows: &[(&str, CheckState, Light, &str)] = &[
        ("success", CheckState::Success, Light::Green, ""),
        (
            "failure",
            CheckState::Failure,
            Light::Red,
            "CI failing: build",
        ),
        ("error", CheckState::Error, Light::Red, "CI failing: build"),
        (
            "pending",
            CheckState::Running,
            Light::Yellow,
            "checks running (1)",
        ),
        ("skipped", CheckState::Skipped, Light::Green, ""),
        // Gitea's checks widget groups a warning with the skipped ones.
        ("warning", CheckState::Neutral, Light::Green, ""),
        (
            "newer",
            CheckState::Unknown,
            Light::Yellow,
            "CI state unknown",
        ),
    ];
    assert_check_rows(p, rows).await;
}
