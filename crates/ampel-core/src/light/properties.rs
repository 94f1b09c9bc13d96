//! `light()` is total over the forge-neutral PR model: every combination of state,
//! merge state, draft, checks, review and blockers gets a verdict that follows the
//! rules (grey only when not open, the worst reason's colour, red reasons first, each
//! reason present exactly when its rule applies, green only when nothing applies).

use super::*;
use crate::pr::{Blocker, Check, Checks, Review, ReviewDecision};
use crate::Provider;
use proptest::prelude::*;

const STATES: [PrState; 4] = [
    PrState::Open,
    PrState::Closed,
    PrState::Merged,
    PrState::Unknown,
];
const MERGES: [MergeState; 6] = [
    MergeState::Mergeable,
    MergeState::Conflict,
    MergeState::Computing,
    MergeState::Behind,
    MergeState::Blocked,
    MergeState::Unknown,
];
const CHECKS: [CheckState; 14] = [
    CheckState::Success,
    CheckState::Failure,
    CheckState::Error,
    CheckState::TimedOut,
    CheckState::ActionRequired,
    CheckState::StartupFailure,
    CheckState::Cancelled,
    CheckState::Skipped,
    CheckState::Neutral,
    CheckState::Stale,
    CheckState::Pending,
    CheckState::Running,
    CheckState::Manual,
    CheckState::Unknown,
];
const DECISIONS: [Option<ReviewDecision>; 4] = [
    None,
    Some(ReviewDecision::Approved),
    Some(ReviewDecision::ChangesRequested),
    Some(ReviewDecision::ReviewRequired),
];

fn pr(
    state: PrState,
    merge: MergeState,
    draft: bool,
    checks: Checks,
    review: Review,
) -> PullRequest {
    let mut pr = PullRequest::open(
        Provider::Gitea,
        "a",
        "o/r",
        1,
        time::macros::datetime!(2026-01-01 00:00 UTC),
    );
    pr.state = state;
    pr.merge = merge;
    pr.draft = draft;
    pr.checks = checks;
    pr.review = review;
    pr
}

/// Every rule of PRODUCT.md §4, checked against one verdict.
fn assert_follows_the_rules(pr: &PullRequest) {
    let v = light(pr);
    let has = |f: &dyn Fn(&Reason) -> bool| v.reasons.iter().any(f);
    if pr.state != PrState::Open {
        assert_eq!(v.light, Light::Grey, "{pr:?}");
        assert_eq!(v.reasons.len(), 1, "{v:?}");
        return;
    }
    let worst = v.reasons.iter().map(Reason::light).max();
    assert_eq!(v.light, worst.unwrap_or(Light::Green), "{v:?}");
    assert!(v.reasons.iter().all(|r| r.light() != Light::Grey), "{v:?}");
    let lights: Vec<Light> = v.reasons.iter().map(Reason::light).collect();
    assert!(lights.windows(2).all(|w| w[0] >= w[1]), "red first: {v:?}");
    for (i, r) in v.reasons.iter().enumerate() {
        assert!(!r.to_string().is_empty());
        assert!(!v.reasons[..i].contains(r), "duplicate {r:?}");
    }
    let runs = latest_runs(&pr.checks.runs);
    let failing: Vec<String> = runs
        .iter()
        .filter(|c| c.state.is_failing())
        .map(|c| c.name.clone())
        .collect();
    let ci_red = !failing.is_empty() || pr.checks.combined.is_some_and(CheckState::is_failing);
    assert_eq!(
        v.reasons.contains(&Reason::CiFailing {
            checks: failing,
            names_unloaded: false,
        }),
        ci_red,
        "{v:?}"
    );
    assert_eq!(has(&|r| matches!(r, Reason::CiFailing { .. })), ci_red);
    assert_eq!(
        v.reasons.contains(&Reason::MergeConflict),
        pr.merge == MergeState::Conflict
    );
    assert_eq!(
        v.reasons.contains(&Reason::MergeabilityComputing),
        pr.merge == MergeState::Computing
    );
    assert_eq!(v.reasons.contains(&Reason::Draft), pr.draft);
    assert_eq!(
        has(&|r| matches!(r, Reason::ChangesRequested { .. })),
        pr.review.changes_requested()
    );
    assert_eq!(
        has(&|r| matches!(r, Reason::ApprovalMissing { .. })),
        pr.review.approval_missing()
    );
    let running = runs.iter().any(|c| c.state.is_in_progress())
        || pr.checks.combined.is_some_and(CheckState::is_in_progress);
    assert_eq!(has(&|r| matches!(r, Reason::ChecksRunning { .. })), running);
    let manual = runs.iter().any(|c| c.state == CheckState::Manual)
        || pr.checks.combined == Some(CheckState::Manual);
    let runs_running = runs.iter().any(|c| c.state.is_in_progress());
    assert_eq!(
        has(&|r| *r == Reason::WaitingForManualJob),
        manual && !runs_running
    );
    let any = |state: CheckState| {
        runs.iter().any(|c| c.state == state) || pr.checks.combined == Some(state)
    };
    assert_eq!(
        v.reasons.contains(&Reason::CiCanceled),
        any(CheckState::Cancelled)
    );
    assert_eq!(v.reasons.contains(&Reason::CiStale), any(CheckState::Stale));
    assert_eq!(
        v.reasons.contains(&Reason::CiUnknown),
        any(CheckState::Unknown)
    );
    for blocker in &pr.blockers {
        let shown = v.reasons.contains(&Reason::Blocked {
            blocker: blocker.clone(),
        });
        assert!(shown || *blocker == Blocker::PipelineMustSucceed, "{v:?}");
    }
    let nothing_wrong = !ci_red
        && !running
        && !pr.draft
        && !pr.review.changes_requested()
        && !pr.review.approval_missing()
        && !matches!(
            pr.merge,
            MergeState::Conflict | MergeState::Computing | MergeState::Behind | MergeState::Blocked
        )
        && !any(CheckState::Cancelled)
        && !any(CheckState::Stale)
        && !any(CheckState::Unknown)
        && !manual
        && pr.blockers.is_empty();
    assert_eq!(v.light == Light::Green, nothing_wrong, "{v:?}");
}

/// Every combination of the model's enums, with no runs and with one run of each
/// check state beside every combined state.
#[test]
fn light_is_total_over_every_combination_of_the_enums() {
    let mut seen = 0;
    let run_sets: Vec<Vec<Check>> = std::iter::once(Vec::new())
        .chain(CHECKS.iter().map(|s| {
            vec![Check {
                name: format!("{s:?}"),
                state: *s,
            }]
        }))
        .collect();
    for state in STATES {
        for merge in MERGES {
            for draft in [false, true] {
                for combined in std::iter::once(None).chain(CHECKS.map(Some)) {
                    for runs in &run_sets {
                        for decision in DECISIONS {
                            for missing in [None, Some(0), Some(2)] {
                                let review = Review {
                                    decision,
                                    approvals_missing: missing,
                                    approvals_required: missing.map(|m| m + 1),
                                    ..Review::default()
                                };
                                let checks = Checks {
                                    runs: runs.clone(),
                                    combined,
                                };
                                assert_follows_the_rules(&pr(state, merge, draft, checks, review));
                                seen += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert_eq!(seen, 4 * 6 * 2 * 15 * 15 * 4 * 3);
}

fn check() -> impl Strategy<Value = Check> {
    ("[a-z/ ]{0,8}", prop::sample::select(&CHECKS[..]))
        .prop_map(|(name, state)| Check { name, state })
}

fn blocker() -> impl Strategy<Value = Blocker> {
    prop_oneof![
        Just(Blocker::UnresolvedThreads),
        Just(Blocker::NeedsRebase),
        Just(Blocker::BranchRule),
        Just(Blocker::PipelineMustSucceed),
        Just(Blocker::RequiredCheckMissing),
        "[a-z_]{0,12}".prop_map(|v| Blocker::forge_says(Provider::Gitlab, &v)),
    ]
}

fn review() -> impl Strategy<Value = Review> {
    (
        prop::sample::select(&DECISIONS[..]),
        prop::collection::vec("[a-z]{1,6}", 0..3),
        prop::collection::vec("[a-z]{1,6}", 0..3),
        prop::option::of(0u32..6),
        prop::option::of(0u32..6),
    )
        .prop_map(
            |(
                decision,
                approved_by,
                changes_requested_by,
                approvals_required,
                approvals_missing,
            )| Review {
                decision,
                approved_by,
                changes_requested_by,
                approvals_required,
                approvals_missing,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any mix of named runs (repeated names, every state), combined state and review.
    #[test]
    fn light_follows_the_rules_for_any_pr(
        state in prop::sample::select(&STATES[..]),
        merge in prop::sample::select(&MERGES[..]),
        draft in any::<bool>(),
        runs in prop::collection::vec(check(), 0..8),
        combined in prop::option::of(prop::sample::select(&CHECKS[..])),
        review in review(),
        blockers in prop::collection::vec(blocker(), 0..3),
    ) {
        let mut pr = pr(state, merge, draft, Checks { runs, combined }, review);
        pr.blockers = blockers;
        assert_follows_the_rules(&pr);
    }
}
