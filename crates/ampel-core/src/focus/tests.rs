use super::*;
use crate::pr::PullRequest;
use crate::section::{Section, Sections};
use crate::settings::TimeOfDay;
use crate::triage::FixedZone;
use crate::Provider;
use time::macros::{datetime, offset};

fn listed(account: &str, repo: &str, author: &str) -> Listed {
    let mut pr = PullRequest::open(
        Provider::Github,
        account,
        repo,
        1,
        datetime!(2026-11-01 10:00 UTC),
    );
    pr.author = author.into();
    Listed {
        pr,
        sections: Sections::of(Section::NeedsMyReview),
    }
}

fn focus() -> Focus {
    Focus {
        rules: vec![Rule {
            id: "bots".into(),
            kind: RuleKind::Bots,
            account: None,
        }],
        profiles: vec![Profile {
            name: "Work".into(),
            accounts: vec!["work".into()],
            orgs: vec![],
            schedule: vec![Window {
                days: vec![1, 2, 3, 4, 5],
                start: TimeOfDay::hm(9, 0).unwrap_or_default(),
                end: TimeOfDay::hm(18, 0).unwrap_or_default(),
            }],
        }],
        manual: None,
    }
}

#[test]
fn the_tray_and_notifications_follow_the_active_profile_and_skip_hidden_prs() {
    let f = focus();
    let zone = FixedZone(offset!(+0));
    let tuesday_noon = datetime!(2026-12-08 12:00 UTC);
    let evening = datetime!(2026-12-08 20:00 UTC);
    let work = listed("work", "acme/app", "alice");
    let home = listed("home", "me/app", "alice");
    let bot = listed("work", "acme/app", "dependabot[bot]");
    assert!(f.followed(&work, tuesday_noon, &zone));
    assert!(
        !f.followed(&home, tuesday_noon, &zone),
        "Work follows only work"
    );
    assert!(
        !f.followed(&bot, tuesday_noon, &zone),
        "hidden by the bots rule"
    );
    assert!(
        f.followed(&home, evening, &zone),
        "no profile in effect: all"
    );
    assert!(f.follows_account("work", tuesday_noon, &zone));
    assert!(!f.follows_account("home", tuesday_noon, &zone));
    assert!(f.follows_account("home", evening, &zone));
    // Picked by hand: "all" until the next change.
    let all = Focus {
        manual: Some(Manual {
            profile: None,
            until: Some(datetime!(2026-12-08 18:00 UTC)),
        }),
        ..f.clone()
    };
    assert!(all.followed(&home, tuesday_noon, &zone));
    assert!(!all.followed(&bot, tuesday_noon, &zone), "rules still hide");
}

#[test]
fn without_rules_or_profiles_everything_is_followed() {
    let f = Focus::default();
    let zone = FixedZone(offset!(+0));
    let now = datetime!(2026-12-08 12:00 UTC);
    assert!(f.followed(&listed("a", "o/r", "dependabot[bot]"), now, &zone));
    assert!(f.follows_account("a", now, &zone));
}
