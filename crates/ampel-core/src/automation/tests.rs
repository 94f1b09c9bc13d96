use super::*;
use crate::light::Light;
use crate::pr::Blocker;
use crate::Provider;

fn verdict(reasons: Vec<Reason>) -> Verdict {
    Verdict {
        light: Light::Yellow,
        reasons,
    }
}

#[test]
fn idle_says_nothing() {
    let a = Automation::default();
    assert!(a.is_idle());
    assert!(a.is_default());
    assert_eq!(a.words(&verdict(vec![]), Provider::Github), None);
}

#[test]
fn auto_merge_says_its_method_and_what_it_waits_for() {
    let a = Automation {
        auto_merge: Some(AutoMerge {
            method: Some("squash".into()),
            by: Some("me".into()),
        }),
        ..Default::default()
    };
    let running = verdict(vec![Reason::ChecksRunning { count: Some(2) }]);
    assert_eq!(
        a.words(&running, Provider::Github).as_deref(),
        Some("auto-merge on (squash) — waits for CI")
    );
    let approval = verdict(vec![Reason::ApprovalMissing {
        missing: Some(1),
        required: None,
    }]);
    assert_eq!(
        a.words(&approval, Provider::Github).as_deref(),
        Some("auto-merge on (squash) — waits for approval")
    );
    let rule = verdict(vec![Reason::Blocked {
        blocker: Blocker::UnresolvedThreads,
    }]);
    assert_eq!(
        a.words(&rule, Provider::Github).as_deref(),
        Some("auto-merge on (squash) — waits for a merge rule")
    );
    let green = Verdict {
        light: Light::Green,
        reasons: vec![],
    };
    assert_eq!(
        a.words(&green, Provider::Github).as_deref(),
        Some("auto-merge on (squash)")
    );
}

#[test]
fn a_queue_entry_says_its_position_and_wins_over_auto_merge() {
    let a = Automation {
        auto_merge: Some(AutoMerge::default()),
        queue: Some(QueueEntry {
            position: Some(3),
            state: QueueState::Queued,
        }),
        queue_required: true,
        rebasing: false,
    };
    assert_eq!(
        a.words(&verdict(vec![]), Provider::Github).as_deref(),
        Some("in merge queue, position 3")
    );
    let checking = Automation {
        queue: Some(QueueEntry {
            position: Some(1),
            state: QueueState::AwaitingChecks,
        }),
        ..Default::default()
    };
    assert_eq!(
        checking
            .words(&verdict(vec![]), Provider::Gitlab)
            .as_deref(),
        Some("in merge train, position 1 (checks running)")
    );
}

#[test]
fn a_rebase_in_progress_is_said() {
    let a = Automation {
        rebasing: true,
        ..Default::default()
    };
    assert!(!a.is_idle());
    assert_eq!(
        a.words(&verdict(vec![]), Provider::Gitlab).as_deref(),
        Some("rebase in progress")
    );
}

#[test]
fn every_documented_queue_value_is_known_and_others_are_unknown() {
    for v in [
        "QUEUED",
        "AWAITING_CHECKS",
        "MERGEABLE",
        "UNMERGEABLE",
        "LOCKED",
    ] {
        assert_ne!(QueueState::from_github(v), QueueState::Unknown, "{v}");
    }
    for v in ["idle", "stale", "fresh", "merging", "merged", "skip_merged"] {
        assert_ne!(QueueState::from_gitlab(v), QueueState::Unknown, "{v}");
    }
    assert_eq!(QueueState::from_github("queued"), QueueState::Unknown);
    assert_eq!(
        QueueState::from_gitlab("SOMETHING_NEW"),
        QueueState::Unknown
    );
}

#[test]
fn an_older_cache_without_the_field_reads_as_idle() {
    let a: Automation = serde_json::from_str("{}").unwrap_or_else(|e| panic!("{e}"));
    assert!(a.is_idle());
    let s = serde_json::to_string(&Automation::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s, "{}");
}
