//! What changed between two syncs of one account — PRs that appeared, went away,
//! or changed light — the input of notifications.

use crate::light::{light, Light, Reason};
use crate::pr::{PullRequest, Unloaded};
use crate::section::Sections;
use crate::turn::{turn, TurnKind};
use serde::Serialize;
use std::collections::HashMap;

/// A pull request as cached: which sections it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// The PR.
    pub pr: PullRequest,
    /// The sections it is in.
    pub sections: Sections,
}

impl Listed {
    /// The key that identifies the PR within its account: `repo#number`.
    pub fn key(&self) -> String {
        pr_key(&self.pr)
    }
}

/// `repo#number`, unique within an account.
pub fn pr_key(pr: &PullRequest) -> String {
    format!("{}#{}", pr.repo, pr.number)
}

/// One change between two syncs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// A PR is listed that was not before (or joined a section, e.g. a new review request).
    Appeared {
        /// The PR key.
        key: String,
        /// Sections it is newly in.
        sections: Sections,
        /// Its light now.
        light: Light,
        /// Why.
        reasons: Vec<String>,
    },
    /// A PR is no longer listed (merged, closed, review done).
    Disappeared {
        /// The PR key.
        key: String,
        /// Its title, for messages.
        title: String,
    },
    /// A PR's light or reasons changed.
    LightChanged {
        /// The PR key.
        key: String,
        /// The light before.
        from: Light,
        /// The light now.
        to: Light,
        /// Reasons now that were not there before ("CI failing: build").
        new_reasons: Vec<String>,
        /// The review decision moved to approved.
        approved: bool,
    },
    /// The forge's own merge ended: merged by auto-merge or the queue, closed, or
    /// auto-merge / the queue dropped it (issue 28; see [`crate::automation_changes`]).
    AutomationEnded {
        /// The PR key.
        key: String,
        /// Its title (a merged PR is no longer listed).
        title: String,
        /// Its page.
        url: String,
        /// What happened.
        event: crate::automation_changes::AutomationEvent,
    },
    /// It became my turn again: re-review needed, or my PR returned to me (issue 27).
    TurnChanged {
        /// The PR key.
        key: String,
        /// Its turn now.
        turn: TurnKind,
        /// Why, in the row's words ("alice pushed since your review").
        words: String,
    },
}

impl Change {
    /// The key of the PR it is about.
    pub fn key(&self) -> &str {
        match self {
            Change::Appeared { key, .. }
            | Change::Disappeared { key, .. }
            | Change::LightChanged { key, .. }
            | Change::AutomationEnded { key, .. }
            | Change::TurnChanged { key, .. } => key,
        }
    }
}

fn texts(reasons: &[Reason]) -> Vec<String> {
    reasons.iter().map(ToString::to_string).collect()
}

/// The changes from `before` to `after` (both one account's listing), in the
/// order of `after` then the disappeared ones.
pub fn diff(before: &[Listed], after: &[Listed]) -> Vec<Change> {
    let old: HashMap<String, &Listed> = before.iter().map(|l| (l.key(), l)).collect();
    let mut seen = std::collections::HashSet::new();
    let mut changes = Vec::new();
    for now in after {
        let key = now.key();
        seen.insert(key.clone());
        let verdict = light(&now.pr);
        match old.get(&key) {
            None => changes.push(Change::Appeared {
                key,
                sections: now.sections,
                light: verdict.light,
                reasons: texts(&verdict.reasons),
            }),
            Some(was) => {
                let added: Sections = now
                    .sections
                    .iter()
                    .filter(|s| !was.sections.contains(*s))
                    .collect();
                let previous = light_as_known(&was.pr);
                let before_reasons = texts(&previous.reasons);
                // Names of failing jobs first read now are not a new failure.
                let names_late = was.pr.unloaded.contains(&Unloaded::JobNames)
                    && previous.reasons.iter().any(is_ci_failing);
                let new_reasons: Vec<String> = verdict
                    .reasons
                    .iter()
                    .filter(|r| !(names_late && is_ci_failing(r)))
                    .map(ToString::to_string)
                    .filter(|r| !before_reasons.contains(r))
                    .collect();
                // Approvals first read now may be old news.
                let review_late = was
                    .pr
                    .unloaded
                    .iter()
                    .any(|u| matches!(u, Unloaded::Approvals | Unloaded::Reviews));
                let approved = now.pr.review.decision == Some(crate::pr::ReviewDecision::Approved)
                    && was.pr.review.decision != Some(crate::pr::ReviewDecision::Approved)
                    && !review_late;
                if previous.light != verdict.light || !new_reasons.is_empty() || approved {
                    changes.push(Change::LightChanged {
                        key: key.clone(),
                        from: previous.light,
                        to: verdict.light,
                        new_reasons,
                        approved,
                    });
                }
                if let Some(change) = turn_changed(was, now, review_late) {
                    changes.push(change);
                }
                if let Some(change) = crate::automation_changes::dropped(was, now) {
                    changes.push(change);
                }
                if !added.is_empty() {
                    changes.push(Change::Appeared {
                        key,
                        sections: added,
                        light: verdict.light,
                        reasons: texts(&verdict.reasons),
                    });
                }
            }
        }
    }
    for was in before {
        if !seen.contains(&was.key()) {
            changes.push(Change::Disappeared {
                key: was.key(),
                title: was.pr.title.clone(),
            });
        }
    }
    changes
}

/// `now` became a re-review or returned to me, and was not so before (reviews
/// first read now may be old news: no change then).
fn turn_changed(was: &Listed, now: &Listed, review_late: bool) -> Option<Change> {
    let current = turn(now)?;
    let kind = current.kind();
    let again = matches!(kind, TurnKind::ReReviewNeeded | TurnKind::ReturnedToMe);
    let before = turn(was).map(|t| t.kind());
    (again && before != Some(kind) && !review_late && was.pr.reviewing.is_some()).then(|| {
        Change::TurnChanged {
            key: now.key(),
            turn: kind,
            words: current.words(&now.pr.author),
        }
    })
}

/// The verdict of an earlier copy without its "not loaded" reasons: a part that
/// could not be read was not a state of the PR, so reading it later is no change
/// of light (no "ready to merge" after a fault).
fn light_as_known(pr: &PullRequest) -> crate::light::Verdict {
    if pr.unloaded.is_empty() {
        return light(pr);
    }
    let mut known = pr.clone();
    known.unloaded.clear();
    light(&known)
}

fn is_ci_failing(r: &Reason) -> bool {
    matches!(r, Reason::CiFailing { .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pr::{Check, CheckState, Checks, MergeState, PrState, Review, ReviewDecision};
    use crate::section::Section;
    use crate::Provider;
    use time::macros::datetime;

    fn pr(number: u64) -> PullRequest {
        PullRequest {
            provider: Provider::Github,
            account_id: "a".into(),
            repo: "octo/app".into(),
            number,
            title: format!("PR {number}"),
            url: format!("https://example.com/{number}"),
            author: "me".into(),
            created_at: datetime!(2026-11-01 10:00 UTC),
            updated_at: datetime!(2026-11-02 10:00 UTC),
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

    fn listed(pr: PullRequest, section: Section) -> Listed {
        Listed {
            pr,
            sections: Sections::of(section),
        }
    }

    #[test]
    fn nothing_changed_means_no_changes() {
        let a = vec![listed(pr(1), Section::Mine)];
        assert!(diff(&a, &a.clone()).is_empty());
    }

    #[test]
    fn new_and_gone_prs_are_reported() {
        let before = vec![listed(pr(1), Section::Mine)];
        let after = vec![listed(pr(2), Section::NeedsMyReview)];
        let changes = diff(&before, &after);
        assert!(matches!(&changes[0], Change::Appeared { key, sections, .. }
            if key == "octo/app#2" && sections.contains(Section::NeedsMyReview)));
        assert!(matches!(&changes[1], Change::Disappeared { key, .. } if key == "octo/app#1"));
    }

    #[test]
    fn failing_ci_is_a_light_change_with_its_reason() {
        let before = vec![listed(pr(1), Section::Mine)];
        let mut failing = pr(1);
        failing.checks = Checks {
            runs: vec![Check {
                name: "build".into(),
                state: CheckState::Failure,
            }],
            combined: None,
        };
        let changes = diff(&before, &[listed(failing, Section::Mine)]);
        match &changes[..] {
            [Change::LightChanged {
                from,
                to,
                new_reasons,
                approved: false,
                ..
            }] => {
                assert_eq!((*from, *to), (Light::Green, Light::Red));
                assert_eq!(new_reasons, &vec!["CI failing: build".to_string()]);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn approval_is_reported_even_when_the_light_stays_green() {
        let before = vec![listed(pr(1), Section::Mine)];
        let mut approved = pr(1);
        approved.review.decision = Some(ReviewDecision::Approved);
        let changes = diff(&before, &[listed(approved, Section::Mine)]);
        assert!(matches!(
            &changes[..],
            [Change::LightChanged { approved: true, .. }]
        ));
    }

    #[test]
    fn joining_a_section_is_an_appearance_in_that_section() {
        let before = vec![listed(pr(1), Section::Watched)];
        let mut both = listed(pr(1), Section::Watched);
        both.sections.insert(Section::NeedsMyReview);
        let changes = diff(&before, &[both]);
        assert!(matches!(&changes[..], [Change::Appeared { sections, .. }]
            if *sections == Sections::of(Section::NeedsMyReview)));
    }

    #[test]
    fn a_part_read_late_is_no_news() {
        let failing = |names: &[&str]| Checks {
            runs: names
                .iter()
                .map(|n| Check {
                    name: (*n).into(),
                    state: CheckState::Failure,
                })
                .collect(),
            combined: Some(CheckState::Failure),
        };
        // Job names read one refresh late: no second "CI failed".
        let mut late = pr(1);
        late.checks = failing(&[]);
        late.mark_unloaded(Unloaded::JobNames);
        let mut named = pr(1);
        named.checks = failing(&["build"]);
        let after = [listed(named.clone(), Section::Mine)];
        assert!(diff(&[listed(late, Section::Mine)], &after).is_empty());
        // …while a known failure that gains a job still is news.
        let mut known = pr(1);
        known.checks = failing(&["test"]);
        assert!(!diff(&[listed(known, Section::Mine)], &after).is_empty());

        // CI status not loaded, then green: no light change ("ready to merge").
        let mut unknown = pr(1);
        unknown.mark_unloaded(Unloaded::CiStatus);
        let green = [listed(pr(1), Section::Mine)];
        assert!(diff(&[listed(unknown.clone(), Section::Mine)], &green).is_empty());
        // …then failing: a change to red with its reason.
        let changes = diff(&[listed(unknown, Section::Mine)], &after);
        assert!(matches!(
            &changes[..],
            [Change::LightChanged { to: Light::Red, .. }]
        ));

        // Approvals not loaded, then approved: not announced as a new approval.
        let mut no_approvals = pr(1);
        no_approvals.mark_unloaded(Unloaded::Approvals);
        let mut approved = pr(1);
        approved.review.decision = Some(ReviewDecision::Approved);
        let changes = diff(
            &[listed(no_approvals, Section::Mine)],
            &[listed(approved, Section::Mine)],
        );
        assert!(
            changes
                .iter()
                .all(|c| !matches!(c, Change::LightChanged { approved: true, .. })),
            "{changes:?}"
        );
    }

    fn reviewed(head: &str) -> Listed {
        let mut p = PullRequest::open(
            Provider::Github,
            "a",
            "octo/app",
            7,
            datetime!(2026-11-01 10:00 UTC),
        );
        p.author = "alice".into();
        p.head_sha = Some(head.into());
        p.reviewing = Some(crate::pr::ReviewFacts {
            viewer: "me".into(),
            reviews: vec![crate::pr::ReviewMark {
                by: "me".into(),
                vote: crate::pr::ReviewVote::Approved,
                commit: Some("a1".into()),
                at: None,
                stale: false,
            }],
            ..Default::default()
        });
        Listed {
            pr: p,
            sections: Sections::of(Section::Reviewed),
        }
    }

    #[test]
    fn a_push_after_my_review_is_a_turn_change_once() {
        let before = vec![reviewed("a1")];
        let after = vec![reviewed("b2")];
        let turns: Vec<Change> = diff(&before, &after)
            .into_iter()
            .filter(|c| matches!(c, Change::TurnChanged { .. }))
            .collect();
        assert_eq!(
            turns,
            vec![Change::TurnChanged {
                key: "octo/app#7".into(),
                turn: TurnKind::ReReviewNeeded,
                words: "alice pushed since your review".into(),
            }]
        );
        // The next refresh with nothing new: no second change.
        assert!(!diff(&after, &after)
            .iter()
            .any(|c| matches!(c, Change::TurnChanged { .. })));
        // A cache from before the facts were read: no news.
        let mut old = reviewed("a1");
        old.pr.reviewing = None;
        assert!(!diff(&[old], &after)
            .iter()
            .any(|c| matches!(c, Change::TurnChanged { .. })));
    }
}
