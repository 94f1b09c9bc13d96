use super::*;
use crate::pr::{PullRequest, ReviewFacts};
use crate::section::Sections;
use crate::Provider;

fn pr(account: &str, repo: &str, author: &str, section: Section) -> Listed {
    let mut p = PullRequest::open(
        Provider::Github,
        account,
        repo,
        1,
        time::macros::datetime!(2026-11-01 10:00 UTC),
    );
    p.author = author.to_string();
    Listed {
        pr: p,
        sections: Sections::of(section),
    }
}

fn rule(kind: RuleKind) -> Rule {
    Rule {
        id: "r".into(),
        kind,
        account: None,
    }
}

#[test]
fn globs_match_whole_names_without_case() {
    assert!(glob_match("dependabot*", "dependabot[bot]"));
    assert!(glob_match("*[bot]", "Renovate[BOT]"));
    assert!(glob_match("acme/*", "acme/app"));
    assert!(glob_match("a?c", "abc"));
    assert!(glob_match("*", ""));
    assert!(!glob_match("acme/*", "acme-tools/app"));
    assert!(!glob_match("bot", "robot"));
    assert!(!glob_match("", "anything"));
    assert!(glob_match("*a*b*c*", "xxaxxbxxcxx"));
    assert!(!glob_match("*a*b*c", "xxaxxbxxcxx"));
    // Brackets are plain characters, not classes.
    assert!(!glob_match("[bot]", "b"));
}

#[test]
fn the_bots_rule_hides_every_kind_of_bot_but_never_my_own_prs() {
    let bots = rule(RuleKind::Bots);
    for author in [
        "dependabot[bot]",
        "renovate-bot",
        "github-actions[bot]",
        "project_123_bot_4f2a",
        "group_9_bot_77",
    ] {
        assert!(
            bots.matches(&pr("a", "o/r", author, Section::Watched)),
            "{author}"
        );
    }
    assert!(!bots.matches(&pr("a", "o/r", "alice", Section::Watched)));
    let mut marked = pr("a", "o/r", "ci-helper", Section::Watched);
    marked.pr.author_bot = true;
    assert!(bots.matches(&marked), "the forge's own bot mark counts");
    // My own PR, even with a bot-like name, is never hidden by an author rule.
    assert!(!bots.matches(&pr("a", "o/r", "renovate-me", Section::Mine)));
    let mut viewer = pr("a", "o/r", "dependabot-fan", Section::Watched);
    viewer.pr.reviewing = Some(ReviewFacts {
        viewer: "DEPENDABOT-fan".into(),
        ..ReviewFacts::default()
    });
    assert!(!bots.matches(&viewer));
    assert!(!rule(RuleKind::Author {
        pattern: "dependabot*".into()
    })
    .matches(&viewer));
}

#[test]
fn each_rule_kind_matches_what_it_names() {
    let l = {
        let mut l = pr("a", "acme/sub/app", "alice", Section::NeedsMyReview);
        l.pr.labels = vec!["WIP".into()];
        l
    };
    assert!(rule(RuleKind::Author {
        pattern: "ali*".into()
    })
    .matches(&l));
    assert!(rule(RuleKind::Repo {
        pattern: "acme/*/app".into()
    })
    .matches(&l));
    assert!(!rule(RuleKind::Repo {
        pattern: "acme/app".into()
    })
    .matches(&l));
    assert!(rule(RuleKind::Org {
        name: "acme".into()
    })
    .matches(&l));
    assert!(rule(RuleKind::Org {
        name: "ACME/sub/".into()
    })
    .matches(&l));
    assert!(!rule(RuleKind::Org { name: "acm".into() }).matches(&l));
    assert!(!rule(RuleKind::Org {
        name: "acme/sub/app".into()
    })
    .matches(&l));
    assert!(rule(RuleKind::Label { name: "wip".into() }).matches(&l));
    assert!(!rule(RuleKind::Label { name: "wi".into() }).matches(&l));
    let drafts = rule(RuleKind::OthersDrafts);
    assert!(!drafts.matches(&l));
    let mut draft = l.clone();
    draft.pr.draft = true;
    assert!(drafts.matches(&draft));
    let mut my_draft = pr("a", "acme/app", "me", Section::Mine);
    my_draft.pr.draft = true;
    assert!(!drafts.matches(&my_draft), "my own drafts stay");
}

#[test]
fn a_rule_scoped_to_an_account_leaves_the_others_alone() {
    let mut scoped = rule(RuleKind::Org {
        name: "acme".into(),
    });
    scoped.account = Some("work".into());
    assert!(scoped.matches(&pr("work", "acme/app", "bob", Section::Watched)));
    assert!(!scoped.matches(&pr("home", "acme/app", "bob", Section::Watched)));
}

#[test]
fn a_pr_matching_two_rules_names_both_in_order() {
    let rules = vec![
        Rule {
            id: "1".into(),
            kind: RuleKind::Bots,
            account: None,
        },
        Rule {
            id: "2".into(),
            kind: RuleKind::Repo {
                pattern: "acme/*".into(),
            },
            account: None,
        },
        Rule {
            id: "3".into(),
            kind: RuleKind::Label { name: "x".into() },
            account: None,
        },
    ];
    let l = pr("a", "acme/app", "dependabot[bot]", Section::NeedsMyReview);
    let ids: Vec<&str> = hidden_by(&rules, &l)
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(ids, vec!["1", "2"]);
    assert_eq!(
        hidden_by(&rules, &l)
            .iter()
            .map(|r| r.words())
            .collect::<Vec<_>>(),
        vec!["bots", "repository acme/*"]
    );
    assert!(hidden_by(&rules, &pr("a", "other/app", "alice", Section::Mine)).is_empty());
}

#[test]
fn rules_round_trip_as_json() {
    let r = Rule {
        id: "7".into(),
        kind: RuleKind::Author {
            pattern: "bot-*".into(),
        },
        account: Some("acc".into()),
    };
    let text = serde_json::to_string(&r).unwrap_or_default();
    assert_eq!(
        text,
        r#"{"id":"7","kind":{"kind":"author","pattern":"bot-*"},"account":"acc"}"#
    );
    let back: Rule = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, r);
}
