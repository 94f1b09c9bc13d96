//! Bitbucket Cloud listing over real HTTP against the fake forge: the demo PRs land in
//! the right sections with the demo table's lights, without the removed
//! cross-workspace endpoints, with pagination, Watched, a change between two syncs,
//! rate limits, refused tokens and request counts.

mod support;

use ampel_core::changes::Listed;
use ampel_core::light::{light, Light};
use ampel_core::pr::CheckState;
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::scenario::{demo_prs_on, demo_repo, DEMO_LOGIN};
use ampel_fakeforge::{FakeForge, FakePr, FakeToken, Fault};
use ampel_forge::{ForgeError, ListSpec, Listing};
use support::*;

const BB: Provider = Provider::Bitbucket;
const SCOPES: [&str; 4] = [
    "read:user:bitbucket",
    "read:workspace:bitbucket",
    "read:repository:bitbucket",
    "read:pullrequest:bitbucket",
];
const PERSONAL: [Section; 3] = [Section::NeedsMyReview, Section::Mine, Section::AssignedToMe];

async fn demo_forge() -> FakeForge {
    let f = forge().await;
    f.add_token(FakeToken::bitbucket_api_token(
        BB_API, BB_EMAIL, DEMO_LOGIN, &SCOPES,
    ));
    for pr in demo_prs_on(BB) {
        f.add_pr(pr);
    }
    f
}

fn list_spec(sections: &[Section], watched: &[&str]) -> ListSpec {
    ListSpec {
        account_id: "acc-bb".into(),
        login: Some(DEMO_LOGIN.into()),
        sections: sections.to_vec(),
        watched_repos: watched.iter().map(|s| s.to_string()).collect(),
        ..ListSpec::default()
    }
}

async fn list(f: &FakeForge, token: &str, spec: &ListSpec) -> Result<Listing, ForgeError> {
    validator()
        .list(&support::spec(f, BB), &secret(token), spec)
        .await
}

async fn listed(f: &FakeForge, spec: &ListSpec) -> Listing {
    match list(f, BB_API, spec).await {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

fn numbers(l: &Listing, s: Section) -> Vec<u64> {
    let mut n: Vec<u64> = l
        .prs
        .iter()
        .filter(|x| x.sections.contains(s))
        .map(|x| x.pr.number)
        .collect();
    n.sort_unstable();
    n
}

fn entry(l: &Listing, n: u64) -> &Listed {
    match l.prs.iter().find(|x| x.pr.number == n) {
        Some(x) => x,
        None => panic!("PR {n} not listed"),
    }
}

fn verdict(l: &Listing, n: u64) -> (Light, Vec<String>) {
    let v = light(&entry(l, n).pr);
    (v.light, v.reasons.iter().map(|r| r.to_string()).collect())
}

const REMOVED: [&str; 5] = [
    "/bitbucket/2.0/repositories",
    "/bitbucket/2.0/workspaces",
    "/bitbucket/2.0/user/permissions/workspaces",
    "/bitbucket/2.0/user/permissions/repositories",
    "/bitbucket/2.0/pullrequests/",
];

fn paths(f: &FakeForge) -> Vec<String> {
    f.requests().into_iter().map(|r| r.path).collect()
}

#[tokio::test]
async fn demo_prs_land_in_their_sections_with_the_demo_lights() {
    let f = demo_forge().await;
    let l = listed(&f, &list_spec(&PERSONAL, &[])).await;
    assert_eq!(numbers(&l, Section::Mine), vec![1, 2, 6]);
    assert_eq!(numbers(&l, Section::NeedsMyReview), vec![3, 4]);
    // Bitbucket pull requests have no assignees.
    assert!(numbers(&l, Section::AssignedToMe).is_empty());

    assert_eq!(verdict(&l, 1), (Light::Green, vec![]));
    assert_eq!(
        verdict(&l, 2),
        (Light::Red, vec!["CI failing: build".to_string()])
    );
    assert_eq!(verdict(&l, 3).0, Light::Yellow);
    assert!(verdict(&l, 3).1[0].starts_with("checks running"));
    assert_eq!(
        verdict(&l, 4),
        (
            Light::Red,
            vec!["changes requested by reviewer-bob".to_string()]
        )
    );
    assert_eq!(verdict(&l, 6), (Light::Yellow, vec!["draft".to_string()]));

    let one = &entry(&l, 1).pr;
    assert_eq!(one.repo, demo_repo(BB));
    assert_eq!(one.author, DEMO_LOGIN);
    assert_eq!(one.review.approved_by, vec!["reviewer-alice"]);
    assert!(one
        .url
        .ends_with("/octo-workspace/ampel-demo/pull-requests/1"));
    assert_eq!(entry(&l, 3).pr.requested_reviewers, vec![DEMO_LOGIN]);
    assert_eq!(one.account_id, "acc-bb");
}

#[tokio::test]
async fn removed_cross_workspace_endpoints_are_never_called() {
    let f = demo_forge().await;
    listed(
        &f,
        &list_spec(&Section::ALL, &["octo-workspace/ampel-demo"]),
    )
    .await;
    listed(&f, &list_spec(&[Section::Mine], &[])).await;
    for p in paths(&f) {
        for removed in REMOVED {
            let hit = if removed.ends_with('/') {
                p.starts_with(removed)
            } else {
                p == removed
            };
            assert!(!hit, "called the removed endpoint {p}");
        }
    }
    // And the fake answers them as Bitbucket does now.
    let http = reqwest::Client::new();
    for (path, status) in [
        ("/bitbucket/2.0/workspaces", 410),
        ("/bitbucket/2.0/repositories", 410),
        ("/bitbucket/2.0/user/permissions/workspaces", 410),
        ("/bitbucket/2.0/pullrequests/octo-demo", 404),
    ] {
        let r = http.get(format!("{}{path}", f.url())).send().await;
        assert_eq!(r.map(|r| r.status().as_u16()).ok(), Some(status), "{path}");
    }
}

#[tokio::test]
async fn watched_repo_adds_the_conflict_pr_and_merges_sections() {
    let f = demo_forge().await;
    let l = listed(
        &f,
        &list_spec(&Section::ALL, &["octo-workspace/ampel-demo"]),
    )
    .await;
    assert_eq!(numbers(&l, Section::Watched), vec![1, 2, 3, 4, 5, 6]);
    assert_eq!(l.prs.len(), 6, "one entry per PR");
    let one = entry(&l, 1);
    assert!(one.sections.contains(Section::Mine) && one.sections.contains(Section::Watched));
    let four = entry(&l, 4);
    assert!(four.sections.contains(Section::NeedsMyReview));
    // PR 5 is only watched (no assignees on Bitbucket); its conflict comes from the diffstat.
    assert_eq!(
        verdict(&l, 5),
        (Light::Red, vec!["merge conflict".to_string()])
    );
    assert!(!entry(&l, 5).sections.contains(Section::AssignedToMe));
}

#[tokio::test]
async fn requests_per_refresh_and_the_diffstat_is_read_again_only_when_commits_move() {
    let f = demo_forge().await;
    let spec = list_spec(&PERSONAL, &[]);
    let first = listed(&f, &spec).await;
    // user + workspaces + member repos + one BBQL page + branch restrictions (403:
    // not an admin) + 5 × (statuses + diffstat) + the source commit's date of the
    // 2 PRs someone reviewed (whose turn, issue 27).
    assert_eq!(first.requests, 17, "{:#?}", paths(&f));
    assert_eq!(f.requests().len(), 17);
    assert_eq!(
        paths(&f).iter().filter(|p| p.contains("/commit/")).count(),
        2
    );
    assert!(
        first.rate_limit.is_none(),
        "API tokens get no rate-limit headers"
    );

    f.clear_requests();
    let again = ListSpec {
        validators: first.validators.clone(),
        previous: first.prs.clone(),
        ..spec
    };
    let second = listed(&f, &again).await;
    // The list (the user, workspaces and repositories are kept for the re-check
    // bound), and the statuses of #3 (running) and #6 (no status yet) only.
    assert_eq!(second.requests, 3, "{:#?}", paths(&f));
    assert!(!paths(&f).iter().any(|p| p.ends_with("/diffstat")));
    assert_eq!(second.not_modified, 0);
}

#[tokio::test]
async fn a_change_between_two_syncs_changes_the_light() {
    let f = demo_forge().await;
    let spec = list_spec(&PERSONAL, &[]);
    let first = listed(&f, &spec).await;
    assert_eq!(verdict(&first, 1).0, Light::Green);

    let repo = demo_repo(BB);
    assert!(f.update_pr(BB, repo, 1, |pr| {
        pr.checks = vec![("build".into(), CheckState::Failure)];
    }));
    let next = |l: &Listing| ListSpec {
        validators: l.validators.clone(),
        previous: l.prs.clone(),
        ..spec.clone()
    };
    let second = listed(&f, &next(&first)).await;
    assert_eq!(
        verdict(&second, 1),
        (Light::Red, vec!["CI failing: build".to_string()])
    );

    // A conflict moves the commits, so the diffstat is read again and finds it.
    assert!(f.update_pr(BB, repo, 1, |pr| {
        pr.checks.clear();
        pr.merge = ampel_core::pr::MergeState::Conflict;
    }));
    let third = listed(&f, &next(&second)).await;
    assert_eq!(
        verdict(&third, 1),
        (Light::Red, vec!["merge conflict".to_string()])
    );
}

#[tokio::test]
async fn pages_are_followed_through_next() {
    let f = demo_forge().await;
    for n in 100..220 {
        f.add_pr(FakePr::new(BB, "octo-workspace/big", n, "bulk", DEMO_LOGIN));
    }
    f.clear_requests();
    let l = listed(&f, &list_spec(&[Section::Mine], &[])).await;
    assert_eq!(numbers(&l, Section::Mine).len(), 123);
    // Mine alone: the authored-PR endpoint per workspace, 50 a page.
    let authored: Vec<String> = paths(&f)
        .into_iter()
        .filter(|p| p.starts_with("/bitbucket/2.0/workspaces/octo-workspace/pullrequests/"))
        .collect();
    assert_eq!(authored.len(), 3, "{authored:?}");
    assert!(!paths(&f)
        .iter()
        .any(|p| p == "/bitbucket/2.0/repositories/octo-workspace"));
}

#[tokio::test]
async fn rate_limit_is_rate_limited_with_retry_after() {
    let f = demo_forge().await;
    f.set_fault_on(
        BB,
        "/statuses",
        Fault::RateLimited {
            retry_after_secs: 42,
        },
    );
    let e = list(&f, BB_API, &list_spec(&PERSONAL, &[])).await.err();
    match e {
        Some(ForgeError::RateLimited {
            retry_after_secs, ..
        }) => assert_eq!(retry_after_secs, Some(42)),
        other => panic!("expected rate_limited, got {other:?}"),
    }
}

#[tokio::test]
async fn refused_token_is_invalid_token_and_other_faults_are_coded() {
    let f = demo_forge().await;
    let e = list(
        &f,
        "ATATT3xFfGF0Unknown=00000000",
        &list_spec(&PERSONAL, &[]),
    )
    .await
    .err();
    assert_eq!(e.map(|e| e.code()), Some("invalid_token"));

    for (fault, code) in [
        (Fault::ServerError, "server_error"),
        (Fault::HtmlLoginPage, "not_a_forge"),
        (Fault::InvalidJson, "not_a_forge"),
    ] {
        f.clear_faults();
        f.set_fault_on(BB, "/pullrequests", fault);
        let e = list(&f, BB_API, &list_spec(&PERSONAL, &[])).await.err();
        assert_eq!(e.map(|e| e.code()), Some(code));
    }
    f.clear_faults();
    f.set_fault_on(BB, "/user", Fault::Unauthorized);
    let e = list(&f, BB_API, &list_spec(&PERSONAL, &[])).await.err();
    assert_eq!(e.map(|e| e.code()), Some("invalid_token"));
}

#[tokio::test]
async fn a_token_without_the_pull_request_scope_is_insufficient_scope() {
    let f = demo_forge().await;
    f.add_token(FakeToken::bitbucket_api_token(
        BB_API,
        BB_EMAIL,
        DEMO_LOGIN,
        &["read:user:bitbucket", "read:repository:bitbucket"],
    ));
    match list(&f, BB_API, &list_spec(&PERSONAL, &[])).await {
        Err(ForgeError::InsufficientScope { missing, .. }) => {
            assert_eq!(missing, vec!["read:pullrequest:bitbucket"])
        }
        other => panic!("expected insufficient_scope, got {other:?}"),
    }
}

#[tokio::test]
async fn an_access_token_lists_watched_repositories_only() {
    let f = demo_forge().await;
    f.add_token(FakeToken::bitbucket_access_token(
        BB_ACCESS,
        "repo_access_token",
        &["pullrequest", "repository"],
    ));
    let spec = AccountSpecNoUser::spec(&f);
    let l = validator()
        .list(
            &spec,
            &secret(BB_ACCESS),
            &list_spec(&Section::ALL, &["octo-workspace/ampel-demo"]),
        )
        .await;
    let l = match l {
        Ok(l) => l,
        Err(e) => panic!("{} {e}", e.code()),
    };
    assert_eq!(numbers(&l, Section::Watched), vec![1, 2, 3, 4, 5, 6]);
    assert!(numbers(&l, Section::Mine).is_empty());
}

/// A Bitbucket spec without a username: the client sends Bearer.
struct AccountSpecNoUser;

impl AccountSpecNoUser {
    fn spec(f: &FakeForge) -> ampel_forge::AccountSpec {
        ampel_forge::AccountSpec::new(BB).with_base_url(f.base_url(BB))
    }
}

#[tokio::test]
async fn three_hundred_prs_in_twenty_repositories_cost_624_then_20_requests() {
    let f = forge().await;
    f.add_token(FakeToken::bitbucket_api_token(
        BB_API, BB_EMAIL, DEMO_LOGIN, &SCOPES,
    ));
    for r in 0..20 {
        for n in 1..=15 {
            let repo = format!("octo-workspace/repo-{r:02}");
            f.add_pr(
                FakePr::new(BB, &repo, n, "bulk", DEMO_LOGIN).check("build", CheckState::Success),
            );
        }
    }
    let spec = ListSpec {
        now: Some(time::macros::datetime!(2026-11-02 9:00 UTC)),
        ..list_spec(&PERSONAL, &[])
    };
    let first = listed(&f, &spec).await;
    assert_eq!(first.prs.len(), 300);
    // user + workspaces + repositories + 20 BBQL pages + 1 branch restrictions
    // (403: the token lacks the admin scope, so the other 19 are not asked)
    // + 300 statuses + 300 diffstats.
    assert_eq!(first.requests, 624);
    let second = listed(
        &f,
        &ListSpec {
            validators: first.validators.clone(),
            previous: first.prs.clone(),
            ..spec
        },
    )
    .await;
    assert_eq!(
        second.requests, 20,
        "no commit moved, every CI is final, discovery is kept: the lists only"
    );
    assert_eq!(second.prs, first.prs);
    println!(
        "bitbucket, 1 account x 300 PRs: {} requests on the first refresh, {} after",
        first.requests, second.requests
    );
}
