//! GitHub listing end to end over real HTTP against ampel-fakeforge's GraphQL
//! endpoint: sections, merged sections, lights of the demo PRs, pagination,
//! Watched repositories, a PR changing between two listings, GraphQL errors with
//! HTTP 200, rate limits, 401, request counts, and no token in any error.

mod support;

use ampel_core::light::{light, Light};
use ampel_core::pr::CheckState;
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::scenario::{demo_prs_on, demo_repo, DEMO_LOGIN};
use ampel_fakeforge::{AuthKind, FakeForge, FakePr, FakeToken, Fault};
use ampel_forge::{ForgeError, ListSpec, Listing};
use std::collections::BTreeMap;
use std::time::Duration;
use support::*;

const GH: Provider = Provider::Github;

/// A fake forge with the GitHub demo PRs and [`GH_CLASSIC`] owned by the demo user.
async fn demo_forge() -> FakeForge {
    let ff = forge().await;
    ff.add_token(FakeToken::github_classic(GH_CLASSIC, DEMO_LOGIN, &["repo"]));
    for pr in demo_prs_on(GH) {
        ff.add_pr(pr);
    }
    ff
}

fn list_spec(sections: &[Section], watched: &[&str]) -> ListSpec {
    ListSpec {
        account_id: "acc-gh".into(),
        login: Some(DEMO_LOGIN.into()),
        sections: sections.to_vec(),
        watched_repos: watched.iter().map(|s| s.to_string()).collect(),
        ..ListSpec::default()
    }
}

async fn list_with(ff: &FakeForge, token: &str, spec: &ListSpec) -> Result<Listing, ForgeError> {
    validator()
        .list(&support::spec(ff, GH), &secret(token), spec)
        .await
}

async fn listing(ff: &FakeForge, sections: &[Section], watched: &[&str]) -> Listing {
    match list_with(ff, GH_CLASSIC, &list_spec(sections, watched)).await {
        Ok(l) => l,
        Err(e) => panic!("listing failed with {}: {e}", e.code()),
    }
}

async fn failure(ff: &FakeForge, token: &str) -> ForgeError {
    match list_with(ff, token, &list_spec(&[Section::Mine], &[])).await {
        Ok(l) => panic!("expected an error, got {} PRs", l.prs.len()),
        Err(e) => e,
    }
}

/// PR numbers per section, sorted.
fn by_section(l: &Listing) -> BTreeMap<Section, Vec<u64>> {
    let mut map: BTreeMap<Section, Vec<u64>> = BTreeMap::new();
    for listed in &l.prs {
        for s in listed.sections.iter() {
            map.entry(s).or_default().push(listed.pr.number);
        }
    }
    map.values_mut().for_each(|v| v.sort_unstable());
    map
}

const THREE: [Section; 3] = [Section::NeedsMyReview, Section::Mine, Section::AssignedToMe];

#[tokio::test]
async fn each_section_lists_its_demo_prs() {
    let ff = demo_forge().await;
    let l = listing(&ff, &Section::ALL, &[demo_repo(GH)]).await;
    let got = by_section(&l);
    assert_eq!(got[&Section::NeedsMyReview], [3, 4]);
    assert_eq!(got[&Section::Mine], [1, 2, 6]);
    assert_eq!(got[&Section::AssignedToMe], [5]);
    assert_eq!(got[&Section::Watched], [1, 2, 3, 4, 5, 6]);
    assert!(
        !got.contains_key(&Section::Reviewed),
        "the demo user reviewed no one's PR"
    );
    assert_eq!(l.prs.len(), 6, "every PR once");
    assert_eq!(l.requests, 5, "one request per section");
    let pr = &l.prs.iter().find(|p| p.pr.number == 1).map(|p| &p.pr);
    let pr = pr.unwrap_or_else(|| panic!("no #1"));
    assert_eq!(pr.provider, GH);
    assert_eq!(pr.account_id, "acc-gh");
    assert_eq!(pr.repo, demo_repo(GH));
    assert_eq!(pr.author, DEMO_LOGIN);
    assert_eq!(pr.title, "Add dark mode to the settings page");
    assert_eq!(pr.labels, ["enhancement"]);
    assert!(
        pr.url.ends_with("/octo-org/ampel-demo/pull/1"),
        "{}",
        pr.url
    );
    let log = ff.requests();
    assert!(log.iter().all(|r| r.method == "POST"
        && r.path == "/github/api/graphql"
        && r.auth == AuthKind::Bearer));
}

#[tokio::test]
async fn lights_match_the_demo_table() {
    let ff = demo_forge().await;
    let l = listing(&ff, &THREE, &[]).await;
    let verdict = |n: u64| {
        let listed = l.prs.iter().find(|p| p.pr.number == n);
        let v = light(&listed.unwrap_or_else(|| panic!("no #{n}")).pr);
        let reasons: Vec<String> = v.reasons.iter().map(ToString::to_string).collect();
        (v.light, reasons)
    };
    assert_eq!(verdict(1), (Light::Green, vec![]));
    assert_eq!(
        verdict(2),
        (Light::Red, vec!["CI failing: build".to_string()])
    );
    assert_eq!(verdict(3).0, Light::Yellow);
    assert_eq!(verdict(3).1, ["checks running (1)"]);
    assert_eq!(
        verdict(4),
        (
            Light::Red,
            vec!["changes requested by reviewer-bob".to_string()]
        )
    );
    assert_eq!(verdict(5), (Light::Red, vec!["merge conflict".to_string()]));
    assert_eq!(verdict(6), (Light::Yellow, vec!["draft".to_string()]));
}

#[tokio::test]
async fn a_pr_mine_and_assigned_to_me_is_listed_once_with_both() {
    let ff = demo_forge().await;
    assert!(ff.update_pr(GH, demo_repo(GH), 1, |p| p
        .assignees
        .push(DEMO_LOGIN.into())));
    let l = listing(&ff, &THREE, &[]).await;
    let ones: Vec<_> = l.prs.iter().filter(|p| p.pr.number == 1).collect();
    assert_eq!(ones.len(), 1);
    assert!(ones[0].sections.contains(Section::Mine));
    assert!(ones[0].sections.contains(Section::AssignedToMe));
    assert_eq!(ones[0].pr.assignees, [DEMO_LOGIN]);
}

fn many(ff: &FakeForge, n: u64, change: impl Fn(FakePr) -> FakePr) {
    for i in 1..=n {
        let pr = FakePr::new(GH, "octo-org/big", i, &format!("Change {i}"), DEMO_LOGIN)
            .check("build", CheckState::Success);
        ff.add_pr(change(pr));
    }
}

#[tokio::test]
async fn a_section_of_250_prs_takes_three_pages() {
    let ff = forge().await;
    ff.add_token(FakeToken::github_classic(GH_CLASSIC, DEMO_LOGIN, &["repo"]));
    many(&ff, 250, |p| p);
    let l = listing(&ff, &[Section::Mine], &[]).await;
    assert_eq!(l.requests, 3);
    assert_eq!(l.prs.len(), 250);
    let mut numbers: Vec<u64> = l.prs.iter().map(|p| p.pr.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 250, "no page repeated or skipped");
    assert_eq!(ff.requests().len(), 3);
}

#[tokio::test]
async fn three_sections_of_300_prs_take_nine_requests() {
    let ff = forge().await;
    ff.add_token(FakeToken::github_classic(GH_CLASSIC, DEMO_LOGIN, &["repo"]));
    many(&ff, 300, |p| {
        p.assign(DEMO_LOGIN).request_review(DEMO_LOGIN)
    });
    let l = listing(&ff, &THREE, &[]).await;
    assert_eq!(l.requests, 9, "sections × pages = 3 × 3");
    assert_eq!(l.prs.len(), 300);
    assert!(l
        .prs
        .iter()
        .all(|p| THREE.iter().all(|s| p.sections.contains(*s))));
    assert!(l.validators.is_empty(), "GitHub GraphQL has no ETags");
    assert_eq!(l.not_modified, 0);
}

#[tokio::test]
async fn a_section_past_the_1000_search_cap_says_so() {
    let ff = forge().await;
    ff.add_token(FakeToken::github_classic(GH_CLASSIC, DEMO_LOGIN, &["repo"]));
    many(&ff, 1005, |p| p);
    let l = listing(&ff, &[Section::Mine, Section::AssignedToMe], &[]).await;
    assert_eq!(l.prs.len(), 1000, "search returns the first 1,000");
    assert_eq!(l.requests, 11, "10 pages of Mine, 1 of Assigned to me");
    assert_eq!(
        l.capped(),
        vec![ampel_forge::list::Capped {
            section: Section::Mine,
            shown: 1000,
            total: 1005
        }]
    );
    let under = listing(&ff, &[Section::AssignedToMe], &[]).await;
    assert!(
        under.capped().is_empty(),
        "a section under the cap is not capped"
    );
}

#[tokio::test]
async fn watched_lists_two_repos_in_one_request() {
    let ff = demo_forge().await;
    ff.add_pr(FakePr::new(
        GH,
        "octo-org/other",
        7,
        "Other repo",
        "dev-frank",
    ));
    ff.add_pr(FakePr::new(
        GH,
        "octo-org/unwatched",
        8,
        "Not watched",
        "dev-frank",
    ));
    let l = listing(&ff, &[Section::Watched], &[demo_repo(GH), "octo-org/other"]).await;
    assert_eq!(l.requests, 1);
    assert_eq!(by_section(&l)[&Section::Watched], [1, 2, 3, 4, 5, 6, 7]);
}

#[tokio::test]
async fn a_pr_whose_ci_fails_between_two_listings_turns_red() {
    let ff = demo_forge().await;
    let before = listing(&ff, &THREE, &[]).await;
    let one = |l: &Listing| {
        let found = l.prs.iter().find(|p| p.pr.number == 1);
        light(&found.unwrap_or_else(|| panic!("no #1")).pr)
    };
    assert_eq!(one(&before).light, Light::Green);
    let changed = ff.update_pr(GH, demo_repo(GH), 1, |p| {
        p.checks = vec![
            ("build".into(), CheckState::Failure),
            ("test".into(), CheckState::Success),
        ];
    });
    assert!(changed);
    let after = one(&listing(&ff, &THREE, &[]).await);
    assert_eq!(after.light, Light::Red);
    let reasons: Vec<String> = after.reasons.iter().map(ToString::to_string).collect();
    assert_eq!(reasons, ["CI failing: build"]);
}

#[tokio::test]
async fn the_budget_comes_from_rate_limit() {
    let ff = demo_forge().await;
    let l = listing(&ff, &THREE, &[]).await;
    let rl = l.rate_limit.unwrap_or_else(|| panic!("no budget"));
    assert_eq!(rl.limit, Some(5000));
    // Three queries of about 8 points each (review threads, read to name an
    // unresolved conversation behind BLOCKED, cost one of them; `latestReviews`,
    // read for whose turn it is, another).
    assert_eq!(rl.remaining, Some(5000 - 24));
    assert!(rl
        .reset_at
        .is_some_and(|t| t > time::OffsetDateTime::now_utc()));
}

#[tokio::test]
async fn a_graphql_error_with_http_200_is_graphql_error() {
    let ff = demo_forge().await;
    ff.set_fault_on(
        GH,
        "/api/graphql",
        Fault::GraphQlError {
            kind: "SERVICE_UNAVAILABLE".into(),
            message: "Something went wrong while executing your query.".into(),
        },
    );
    let e = failure(&ff, GH_CLASSIC).await;
    assert_eq!(e.code(), "graphql_error", "{e}");
    assert!(e.to_string().contains("Something went wrong"), "{e}");
}

#[tokio::test]
async fn a_rate_limited_graphql_error_is_rate_limited_with_reset() {
    let ff = demo_forge().await;
    ff.set_fault_on(
        GH,
        "/api/graphql",
        Fault::GraphQlError {
            kind: "RATE_LIMITED".into(),
            message: "API rate limit already exceeded for user ID 1000.".into(),
        },
    );
    match failure(&ff, GH_CLASSIC).await {
        ForgeError::RateLimited { reset_at, .. } => assert!(reset_at.is_some()),
        e => panic!("expected rate_limited, got {}: {e}", e.code()),
    }
}

#[tokio::test]
async fn http_rate_limits_are_rate_limited() {
    let ff = demo_forge().await;
    ff.set_fault(
        GH,
        Fault::RateLimited {
            retry_after_secs: 60,
        },
    );
    match failure(&ff, GH_CLASSIC).await {
        ForgeError::RateLimited {
            retry_after_secs, ..
        } => assert_eq!(retry_after_secs, Some(60)),
        e => panic!("expected rate_limited, got {}: {e}", e.code()),
    }
    ff.clear_faults();
    ff.set_fault(GH, Fault::RateLimitExhausted { reset_in_secs: 600 });
    match failure(&ff, GH_CLASSIC).await {
        ForgeError::RateLimited { reset_at, .. } => assert!(reset_at.is_some()),
        e => panic!("expected rate_limited, got {}: {e}", e.code()),
    }
}

#[tokio::test]
async fn an_unknown_token_is_invalid_token() {
    let ff = demo_forge().await;
    assert_eq!(failure(&ff, GH_FINE).await.code(), "invalid_token");
    ff.set_fault(GH, Fault::Unauthorized);
    assert_eq!(failure(&ff, GH_CLASSIC).await.code(), "invalid_token");
}

#[tokio::test]
async fn broken_answers_have_their_codes() {
    let ff = demo_forge().await;
    let cases = [
        (Fault::ServerError, "server_error"),
        (Fault::HtmlLoginPage, "not_a_forge"),
        (Fault::InvalidJson, "not_a_forge"),
        (Fault::UnexpectedJson, "not_a_forge"),
        (Fault::Forbidden, "forbidden"),
        (Fault::SsoRequired, "sso_required"),
        (Fault::Slow(Duration::from_secs(3)), "unreachable"),
    ];
    for (fault, code) in cases {
        ff.clear_faults();
        ff.set_fault(GH, fault.clone());
        assert_eq!(failure(&ff, GH_CLASSIC).await.code(), code, "{fault:?}");
    }
}

#[tokio::test]
async fn no_error_contains_the_token() {
    const CANARY: &str = "ghp_LEAKCANARYgithubList000000000000001";
    let ff = demo_forge().await;
    ff.add_token(FakeToken::github_classic(CANARY, DEMO_LOGIN, &["repo"]));
    let faults = [
        Fault::Unauthorized,
        Fault::Forbidden,
        Fault::ServerError,
        Fault::InvalidJson,
        Fault::GraphQlError {
            kind: "INTERNAL".into(),
            message: format!("token {CANARY} was echoed"),
        },
    ];
    for fault in faults {
        ff.clear_faults();
        ff.set_fault(GH, fault.clone());
        let e = failure(&ff, CANARY).await;
        let outputs = [
            e.to_string(),
            format!("{e:?}"),
            serde_json::to_string(&e.report()).unwrap_or_default(),
        ];
        for out in outputs {
            assert!(!out.contains("LEAKCANARY"), "{fault:?} leaked: {out}");
        }
    }
}

#[tokio::test]
async fn an_apps_pr_is_marked_as_a_bots_and_the_bots_rule_hides_it() {
    let ff = demo_forge().await;
    ff.add_pr(FakePr::new(
        GH,
        demo_repo(GH),
        30,
        "Bump serde",
        "github-actions[bot]",
    ));
    let l = listing(&ff, &[Section::Watched], &[demo_repo(GH)]).await;
    let bot = l
        .prs
        .iter()
        .find(|p| p.pr.number == 30)
        .unwrap_or_else(|| panic!("#30 not listed"));
    // GraphQL names the app without "[bot]" and types it Bot.
    assert_eq!(bot.pr.author, "github-actions");
    assert!(bot.pr.author_bot);
    let rule = ampel_core::focus::Rule {
        id: "bots".into(),
        kind: ampel_core::focus::RuleKind::Bots,
        account: None,
    };
    assert!(rule.matches(bot));
    let people: Vec<u64> = l
        .prs
        .iter()
        .filter(|p| !rule.matches(p))
        .map(|p| p.pr.number)
        .collect();
    assert!(!people.contains(&30) && people.contains(&1), "{people:?}");
    assert!(l
        .prs
        .iter()
        .filter(|p| p.pr.number != 30)
        .all(|p| !p.pr.author_bot));
}
