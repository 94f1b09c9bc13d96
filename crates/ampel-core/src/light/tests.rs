//! Table test of the light rules: each rule, their order, and the edge cases PRODUCT.md names.

use super::*;
use crate::pr::{Branches, Check, Checks, Review, ReviewDecision};
use crate::Provider;

fn open_pr() -> PullRequest {
    PullRequest {
        provider: Provider::Github,
        account_id: "a1".into(),
        repo: "octo/repo".into(),
        number: 1,
        title: "t".into(),
        url: "https://github.com/octo/repo/pull/1".into(),
        author: "alice".into(),
        created_at: time::macros::datetime!(2026-01-01 00:00 UTC),
        updated_at: time::macros::datetime!(2026-01-01 00:00 UTC),
        draft: false,
        state: PrState::Open,
        labels: vec![],
        checks: Checks::default(),
        review: Review::default(),
        merge: MergeState::Mergeable,
        requested_reviewers: vec![],
        assignees: vec![],
        head_sha: None,
        branches: None,
        check_urls: Default::default(),
        blockers: Vec::new(),
        unloaded: Vec::new(),
        reviewing: None,
        automation: Default::default(),
        author_bot: false,
    }
}

fn runs(list: &[(&str, CheckState)]) -> Checks {
    Checks {
        runs: list
            .iter()
            .map(|(n, s)| Check {
                name: (*n).into(),
                state: *s,
            })
            .collect(),
        combined: None,
    }
}

fn combined(state: CheckState) -> Checks {
    Checks {
        runs: vec![],
        combined: Some(state),
    }
}

fn changes_by(who: &[&str]) -> Review {
    Review {
        decision: Some(ReviewDecision::ChangesRequested),
        changes_requested_by: who.iter().map(|w| (*w).into()).collect(),
        ..Review::default()
    }
}

fn missing(n: u32) -> Review {
    Review {
        decision: Some(ReviewDecision::ReviewRequired),
        approvals_required: Some(n),
        approvals_missing: Some(n),
        ..Review::default()
    }
}

#[test]
fn light_rules_table() {
    use CheckState::*;
    type Edit = fn(&mut PullRequest);
    let cases: Vec<(&str, Edit, Light, Vec<&str>)> = vec![
        // Green.
        (
            "no checks, no review requirement",
            |_| {},
            Light::Green,
            vec![],
        ),
        (
            "all checks passed, approved",
            |p| {
                p.checks = runs(&[("build", Success), ("lint", Success)]);
                p.review.decision = Some(ReviewDecision::Approved);
                p.review.approved_by = vec!["bob".into()];
            },
            Light::Green,
            vec![],
        ),
        (
            "skipped and neutral checks pass, as forges count them",
            |p| p.checks = runs(&[("b", Skipped), ("c", Neutral)]),
            Light::Green,
            vec![],
        ),
        (
            "cancelled and stale checks are not a pass",
            |p| p.checks = runs(&[("a", Cancelled), ("d", Stale)]),
            Light::Yellow,
            vec!["CI canceled", "CI stale"],
        ),
        (
            "a re-run that passed wins over the cancelled run before it",
            |p| p.checks = runs(&[("build", Cancelled), ("build", Success)]),
            Light::Green,
            vec![],
        ),
        (
            "a cancelled re-run is what counts",
            |p| p.checks = runs(&[("build", Success), ("build", Cancelled)]),
            Light::Yellow,
            vec!["CI canceled"],
        ),
        (
            "a check state no table knows",
            |p| p.checks = runs(&[("build", Unknown)]),
            Light::Yellow,
            vec!["CI state unknown"],
        ),
        (
            "blocked by a rule the forge does not name",
            |p| p.merge = MergeState::Blocked,
            Light::Yellow,
            vec!["blocked by a branch rule"],
        ),
        (
            "blocked, explained by a missing approval alone",
            |p| {
                p.merge = MergeState::Blocked;
                p.review = missing(1);
            },
            Light::Yellow,
            vec!["0 of 1 required approvals"],
        ),
        (
            "blocked with unresolved threads",
            |p| {
                p.merge = MergeState::Blocked;
                p.blockers = vec![Blocker::UnresolvedThreads];
            },
            Light::Yellow,
            vec!["unresolved threads"],
        ),
        (
            "behind its base",
            |p| {
                p.merge = MergeState::Behind;
                p.branches = Some(Branches {
                    source: "fix".into(),
                    target: "main".into(),
                });
            },
            Light::Yellow,
            vec!["behind main"],
        ),
        (
            "pipeline must succeed, pipeline skipped",
            |p| {
                p.merge = MergeState::Blocked;
                p.checks = combined(Skipped);
                p.blockers = vec![Blocker::PipelineMustSucceed];
            },
            Light::Yellow,
            vec!["pipeline must succeed"],
        ),
        (
            "pipeline must succeed says no more than a failing pipeline",
            |p| {
                p.merge = MergeState::Blocked;
                p.checks = combined(Failure);
                p.blockers = vec![Blocker::PipelineMustSucceed];
            },
            Light::Red,
            vec!["CI failing"],
        ),
        (
            "a merge status newer than Ampel",
            |p| {
                p.merge = MergeState::Blocked;
                p.blockers = vec![Blocker::forge_says(Provider::Gitlab, "future_rule")];
            },
            Light::Yellow,
            vec!["GitLab says: future_rule"],
        ),
        (
            "merge state not reported",
            |p| p.merge = MergeState::Unknown,
            Light::Green,
            vec![],
        ),
        (
            "approvals satisfied",
            |p| {
                p.review.approvals_required = Some(1);
                p.review.approvals_missing = Some(0);
            },
            Light::Green,
            vec![],
        ),
        // Grey beats everything, even red.
        (
            "closed",
            |p| {
                p.state = PrState::Closed;
                p.merge = MergeState::Conflict;
            },
            Light::Grey,
            vec!["closed"],
        ),
        (
            "merged",
            |p| {
                p.state = PrState::Merged;
                p.checks = combined(Failure);
            },
            Light::Grey,
            vec!["merged"],
        ),
        (
            "unknown state",
            |p| p.state = PrState::Unknown,
            Light::Grey,
            vec!["state unknown"],
        ),
        // Red, one rule at a time.
        (
            "conflict",
            |p| p.merge = MergeState::Conflict,
            Light::Red,
            vec!["merge conflict"],
        ),
        (
            "failure",
            |p| p.checks = runs(&[("build", Failure)]),
            Light::Red,
            vec!["CI failing: build"],
        ),
        (
            "error",
            |p| p.checks = runs(&[("ci/x", Error)]),
            Light::Red,
            vec!["CI failing: ci/x"],
        ),
        (
            "timed out",
            |p| p.checks = runs(&[("e2e", TimedOut)]),
            Light::Red,
            vec!["CI failing: e2e"],
        ),
        (
            "action required",
            |p| p.checks = runs(&[("cla", ActionRequired)]),
            Light::Red,
            vec!["CI failing: cla"],
        ),
        (
            "startup failure",
            |p| p.checks = runs(&[("wf", StartupFailure)]),
            Light::Red,
            vec!["CI failing: wf"],
        ),
        (
            "combined failure only",
            |p| p.checks = combined(Failure),
            Light::Red,
            vec!["CI failing"],
        ),
        (
            "a pipeline waiting for a manual job",
            |p| p.checks = combined(Manual),
            Light::Yellow,
            vec!["waiting for a manual job"],
        ),
        (
            "a manual job beside a failing one is red",
            |p| p.checks = runs(&[("deploy", Manual), ("test", Failure)]),
            Light::Red,
            vec!["CI failing: test", "waiting for a manual job"],
        ),
        (
            "a manual job beside a running one: the running one says it",
            |p| p.checks = runs(&[("deploy", Manual), ("test", Running)]),
            Light::Yellow,
            vec!["checks running (1)"],
        ),
        (
            "multiple failing checks all named",
            |p| {
                p.checks = runs(&[
                    ("build", Failure),
                    ("lint", Success),
                    ("test", TimedOut),
                    ("docs", Running),
                ])
            },
            Light::Red,
            vec!["CI failing: build, test", "checks running (1)"],
        ),
        (
            "named runs passed but combined state failing (partial page)",
            |p| {
                p.checks = runs(&[("build", Success)]);
                p.checks.combined = Some(Failure);
            },
            Light::Red,
            vec!["CI failing"],
        ),
        (
            "changes requested by name",
            |p| p.review = changes_by(&["alice", "bob"]),
            Light::Red,
            vec!["changes requested by alice, bob"],
        ),
        (
            "changes requested by verdict only",
            |p| p.review.decision = Some(ReviewDecision::ChangesRequested),
            Light::Red,
            vec!["changes requested"],
        ),
        // Yellow, one rule at a time.
        ("draft", |p| p.draft = true, Light::Yellow, vec!["draft"]),
        (
            "checks running",
            |p| p.checks = runs(&[("a", Pending), ("b", Running), ("c", Success)]),
            Light::Yellow,
            vec!["checks running (2)"],
        ),
        (
            "combined pending",
            |p| p.checks = combined(Pending),
            Light::Yellow,
            vec!["checks running"],
        ),
        (
            "mergeable UNKNOWN / checking is yellow, never red",
            |p| p.merge = MergeState::Computing,
            Light::Yellow,
            vec!["mergeability being computed"],
        ),
        (
            "one approval missing",
            |p| p.review = missing(1),
            Light::Yellow,
            vec!["0 of 1 required approvals"],
        ),
        (
            "two approvals missing",
            |p| p.review = missing(2),
            Light::Yellow,
            vec!["0 of 2 required approvals"],
        ),
        (
            "one of two required approvals given",
            |p| {
                p.review = Review {
                    approvals_missing: Some(1),
                    ..missing(2)
                }
            },
            Light::Yellow,
            vec!["1 of 2 required approvals"],
        ),
        (
            "approvals missing without the rule's count",
            |p| {
                p.review = Review {
                    approvals_required: None,
                    ..missing(2)
                }
            },
            Light::Yellow,
            vec!["waiting for 2 approvals"],
        ),
        (
            "review required without counts",
            |p| p.review.decision = Some(ReviewDecision::ReviewRequired),
            Light::Yellow,
            vec!["review required"],
        ),
        // Ordering: every reason listed, red first, light = worst.
        (
            "draft + failing CI is red with both reasons",
            |p| {
                p.draft = true;
                p.checks = runs(&[("build", Failure)]);
            },
            Light::Red,
            vec!["CI failing: build", "draft"],
        ),
        (
            "everything at once",
            |p| {
                p.draft = true;
                p.merge = MergeState::Conflict;
                p.checks = runs(&[("build", Failure), ("slow", Running)]);
                p.review = Review {
                    changes_requested_by: vec!["carol".into()],
                    approvals_missing: Some(1),
                    ..Review::default()
                };
            },
            Light::Red,
            vec![
                "merge conflict",
                "CI failing: build",
                "changes requested by carol",
                "draft",
                "checks running (1)",
                "waiting for 1 approval",
            ],
        ),
        (
            "all yellow reasons together stay yellow",
            |p| {
                p.draft = true;
                p.merge = MergeState::Computing;
                p.checks = combined(Running);
                p.review = missing(1);
            },
            Light::Yellow,
            vec![
                "draft",
                "checks running",
                "mergeability being computed",
                "0 of 1 required approvals",
            ],
        ),
    ];
    for (name, edit, want_light, want_reasons) in cases {
        let mut pr = open_pr();
        edit(&mut pr);
        let v = light(&pr);
        let got: Vec<String> = v.reasons.iter().map(ToString::to_string).collect();
        assert_eq!(v.light, want_light, "{name}: {got:?}");
        assert_eq!(got, want_reasons, "{name}");
    }
}

#[test]
fn light_order_is_worst_last() {
    assert!(Light::Red > Light::Yellow);
    assert!(Light::Yellow > Light::Green);
    assert!(Light::Green > Light::Grey);
    assert_eq!(
        [Light::Green, Light::Red, Light::Yellow].iter().max(),
        Some(&Light::Red)
    );
}

#[test]
fn each_reason_has_its_colour() {
    let cases = [
        (Reason::Closed, Light::Grey),
        (Reason::Merged, Light::Grey),
        (Reason::StateUnknown, Light::Grey),
        (Reason::MergeConflict, Light::Red),
        (
            Reason::CiFailing {
                checks: vec![],
                names_unloaded: false,
            },
            Light::Red,
        ),
        (Reason::ChangesRequested { by: vec![] }, Light::Red),
        (Reason::Draft, Light::Yellow),
        (Reason::ChecksRunning { count: None }, Light::Yellow),
        (Reason::MergeabilityComputing, Light::Yellow),
        (Reason::WaitingForManualJob, Light::Yellow),
        (
            Reason::ApprovalMissing {
                missing: None,
                required: None,
            },
            Light::Yellow,
        ),
    ];
    for (reason, want) in cases {
        assert_eq!(reason.light(), want, "{reason}");
    }
}

#[test]
fn a_part_not_loaded_is_named_and_never_green() {
    let mut pr = open_pr();
    pr.checks = combined(CheckState::Failure);
    pr.mark_unloaded(Unloaded::JobNames);
    let v = light(&pr);
    assert_eq!(v.light, Light::Red);
    let words: Vec<String> = v.reasons.iter().map(ToString::to_string).collect();
    assert_eq!(words, vec!["CI failing (job names not loaded)".to_string()]);

    for (part, word) in [
        (Unloaded::CiStatus, "CI status not loaded"),
        (Unloaded::Approvals, "approvals not loaded"),
        (Unloaded::Reviews, "reviews not loaded"),
        (Unloaded::BranchRules, "branch rules not loaded"),
        (Unloaded::Conflicts, "conflict check not loaded"),
    ] {
        let mut pr = open_pr();
        pr.mark_unloaded(part);
        pr.mark_unloaded(part);
        let v = light(&pr);
        assert_eq!(v.light, Light::Yellow, "{part:?}");
        let words: Vec<String> = v.reasons.iter().map(ToString::to_string).collect();
        assert_eq!(words, vec![word.to_string()], "{part:?}");
    }
    // Job names alone, without a failing CI, say nothing.
    let mut pr = open_pr();
    pr.mark_unloaded(Unloaded::JobNames);
    assert_eq!(light(&pr).light, Light::Green);
}
