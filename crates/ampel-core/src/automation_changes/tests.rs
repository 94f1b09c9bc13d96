use super::*;
use crate::automation::{AutoMerge, Automation, QueueEntry, QueueState};
use crate::changes::diff;
use crate::pr::{Check, CheckState, Checks, PullRequest};
use crate::section::{Section, Sections};
use crate::Provider;

fn pr(number: u64, automation: Automation) -> Listed {
    let mut p = PullRequest::open(
        Provider::Github,
        "a",
        "octo/app",
        number,
        time::macros::datetime!(2026-11-01 10:00 UTC),
    );
    p.title = "Title".into();
    p.head_sha = Some("aaa".into());
    p.automation = automation;
    Listed {
        pr: p,
        sections: Sections::of(Section::Mine),
    }
}

fn auto() -> Automation {
    Automation {
        auto_merge: Some(AutoMerge {
            method: Some("squash".into()),
            by: None,
        }),
        ..Automation::default()
    }
}

fn queued() -> Automation {
    Automation {
        queue: Some(QueueEntry {
            position: Some(2),
            state: QueueState::Queued,
        }),
        queue_required: true,
        ..Automation::default()
    }
}

fn events(changes: &[Change]) -> Vec<AutomationEvent> {
    changes
        .iter()
        .filter_map(|c| match c {
            Change::AutomationEnded { event, .. } => Some(event.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_merged_pr_that_had_auto_merge_is_merged_by_auto_merge() {
    let before = vec![pr(1, auto()), pr(2, queued()), pr(3, Automation::default())];
    let got = ended(
        &before,
        [
            ("octo/app", 1, PrState::Merged),
            ("OCTO/app", 2, PrState::Merged),
            ("octo/app", 3, PrState::Merged),
        ],
    );
    assert_eq!(
        events(&got),
        vec![
            AutomationEvent::Merged { queue: false },
            AutomationEvent::Merged { queue: true }
        ],
        "a PR without automation is no news here"
    );
    if let Some(Change::AutomationEnded { key, title, .. }) = got.first() {
        assert_eq!((key.as_str(), title.as_str()), ("octo/app#1", "Title"));
    }
}

#[test]
fn closed_is_said_and_an_unknown_state_is_no_news() {
    let before = vec![pr(1, auto()), pr(2, auto())];
    let got = ended(
        &before,
        [
            ("octo/app", 1, PrState::Closed),
            ("octo/app", 2, PrState::Unknown),
        ],
    );
    assert_eq!(events(&got), vec![AutomationEvent::Closed]);
}

#[test]
fn dropped_says_why() {
    let was = pr(1, auto());
    let mut pushed = pr(1, Automation::default());
    pushed.pr.head_sha = Some("bbb".into());
    let mut failed = pr(1, Automation::default());
    failed.pr.checks = Checks {
        runs: vec![Check {
            name: "build".into(),
            state: CheckState::Failure,
        }],
        combined: None,
    };
    let off = pr(1, Automation::default());
    let why = |now: &Listed| match dropped(&was, now) {
        Some(Change::AutomationEnded {
            event: AutomationEvent::Dropped { why, queue: false },
            ..
        }) => why,
        other => panic!("{other:?}"),
    };
    assert_eq!(why(&pushed), "new commits were pushed");
    assert_eq!(why(&failed), "CI failed");
    assert_eq!(why(&off), "turned off on the forge");
}

#[test]
fn leaving_the_queue_is_dropped_from_the_queue_and_diff_reports_it() {
    let before = vec![pr(1, queued())];
    let mut after = vec![pr(1, Automation::default())];
    after[0].pr.automation.queue_required = true;
    let changes = diff(&before, &after);
    assert_eq!(
        events(&changes),
        vec![AutomationEvent::Dropped {
            queue: true,
            why: "turned off on the forge".into()
        }]
    );
}

#[test]
fn nothing_is_dropped_while_it_stays_or_moves_from_auto_merge_into_the_queue() {
    let same = vec![pr(1, auto())];
    assert!(events(&diff(&same, &same.clone())).is_empty());
    let into_queue = vec![pr(1, queued())];
    assert!(events(&diff(&same, &into_queue)).is_empty());
    let idle = vec![pr(1, Automation::default())];
    assert!(
        events(&diff(&idle, &same)).is_empty(),
        "turning it on is no news"
    );
}
