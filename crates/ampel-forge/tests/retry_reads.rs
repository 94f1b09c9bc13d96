//! Every secondary read that completes a PR (GitLab failed jobs, approvals, the
//! pipelines page and the single MR; Gitea reviews, statuses and branch
//! protection; Bitbucket statuses, diffstat and branch restrictions), faulted on
//! its first attempt: that refresh names the missing part in the row instead of a
//! shorter truth, keeps no validator for it, and the next refresh — faults gone,
//! within the re-check bound — reads it again and lists exactly what a clean sync
//! lists.

mod support;

use ampel_core::changes::Listed;
use ampel_core::light::{light, Reason};
use ampel_core::pr::{CheckState, PullRequest, ReviewVote};
use ampel_core::Provider;
use ampel_fakeforge::scenario::{demo_prs_on, demo_repo, DEMO_LOGIN};
use ampel_fakeforge::{FakeForge, FakePr, Fault};
use ampel_forge::Listing;
use support::recheck::*;
use support::watched::reading_token_of;
use support::*;
use time::Duration;

/// One secondary read to fault: where, how, and what the faulted refresh says.
struct Case {
    provider: Provider,
    /// The request path's end (the fake forge matches paths without the query).
    path: &'static str,
    fault: Fault,
    /// PR number and one of its reasons on the faulted refresh; `None` where the
    /// part adds nothing to the row (a first refusal, a page the single MR answers).
    says: Option<(u64, &'static str)>,
}

/// The demo PRs plus PR 7, which needs two approvals (Gitea branch protection,
/// Bitbucket branch restrictions), on a fresh fake forge with a reading token of
/// the demo user (on Bitbucket with the admin scope the restrictions need), and
/// that token's value.
async fn demo_forge(p: Provider) -> (FakeForge, &'static str) {
    let f = forge().await;
    let (mut fake, value) = reading_token_of(p, DEMO_LOGIN);
    if p == Provider::Bitbucket {
        fake.scopes.push("admin:repository:bitbucket".into());
    }
    f.add_token(fake);
    for pr in demo_prs_on(p) {
        f.add_pr(pr);
    }
    f.add_pr(
        FakePr::new(p, demo_repo(p), 7, "Needs two approvals", DEMO_LOGIN)
            .check("build", CheckState::Success)
            .review("reviewer-alice", ReviewVote::Approved)
            .approvals_required(2),
    );
    (f, value)
}

fn sorted(l: &Listing) -> Vec<PullRequest> {
    let mut prs: Vec<PullRequest> = l.prs.iter().map(|x: &Listed| x.pr.clone()).collect();
    prs.sort_by_key(|p| p.number);
    prs
}

fn asked(f: &FakeForge, path: &str) -> usize {
    f.requests()
        .iter()
        .filter(|r| r.path.ends_with(path))
        .count()
}

async fn run(case: Case) {
    let p = case.provider;
    let (f, token) = demo_forge(p).await;
    let account = format!("acc-{}", p.as_str());
    let first = first_spec(&account);
    let clean = listed_with(&f, p, token, &first).await;
    assert!(
        clean.prs.iter().all(|x| x.pr.unloaded.is_empty()),
        "{p:?}: a clean sync loads every part"
    );

    // The same account from an empty cache, with the one read faulted.
    f.set_fault_on(p, case.path, case.fault.clone());
    let faulted = listed_with(&f, p, token, &first).await;
    assert!(asked(&f, case.path) > 0, "{p:?} {}: not asked", case.path);
    if let Some((n, word)) = case.says {
        let (_, words) = reasons(&faulted, n);
        assert!(
            words.iter().any(|w| w == word),
            "{p:?} {}: PR {n} says {words:?}, not {word:?}",
            case.path
        );
    }

    // The next refresh, faults gone and well within the bound: read again, complete.
    f.clear_faults();
    let next = next_spec(first.clone(), &faulted, T0 + Duration::minutes(1));
    let healed = listed_with(&f, p, token, &next).await;
    assert!(
        asked(&f, case.path) > 0,
        "{p:?} {}: the failed read was not asked again",
        case.path
    );
    assert_eq!(
        sorted(&healed),
        sorted(&clean),
        "{p:?} {}: the next refresh differs from a clean sync",
        case.path
    );
    for x in &healed.prs {
        let v = light(&x.pr);
        assert!(
            x.pr.unloaded.is_empty()
                && !v.reasons.iter().any(|r| matches!(
                    r,
                    Reason::NotLoaded { .. }
                        | Reason::CiFailing {
                            names_unloaded: true,
                            ..
                        }
                )),
            "{p:?}: {v:?}"
        );
    }
}

const GL: Provider = Provider::Gitlab;
const GT: Provider = Provider::Gitea;
const BB: Provider = Provider::Bitbucket;

#[tokio::test]
async fn gitlab_failed_jobs_refused_once_are_read_again() {
    run(Case {
        provider: GL,
        path: "/jobs",
        fault: Fault::NotFound,
        says: Some((2, "CI failing (job names not loaded)")),
    })
    .await;
}

#[tokio::test]
async fn gitlab_failed_jobs_cut_off_are_read_again() {
    run(Case {
        provider: GL,
        path: "/jobs",
        fault: Fault::Truncated,
        says: Some((2, "CI failing (job names not loaded)")),
    })
    .await;
}

#[tokio::test]
async fn gitlab_approvals_are_read_again() {
    run(Case {
        provider: GL,
        path: "/approvals",
        fault: Fault::ServerError,
        says: Some((1, "approvals not loaded")),
    })
    .await;
}

#[tokio::test]
async fn gitlab_pipelines_page_is_read_again() {
    // The single MR answers each head meanwhile, so nothing is missing.
    run(Case {
        provider: GL,
        path: "/pipelines",
        fault: Fault::Status {
            code: 502,
            retry_after: None,
        },
        says: None,
    })
    .await;
}

#[tokio::test]
async fn gitlab_single_merge_request_is_read_again() {
    let (f, token) = demo_forge(GL).await;
    let first = first_spec("acc-gl");
    let clean = listed_with(&f, GL, token, &first).await;
    // The page faulted sends every head to its single MR, faulted too.
    f.set_fault_on(GL, "/pipelines", Fault::ServerError);
    f.set_fault_on(GL, "/merge_requests/2", Fault::InvalidJson);
    let faulted = listed_with(&f, GL, token, &first).await;
    let (_, words) = reasons(&faulted, 2);
    assert_eq!(words, vec!["CI status not loaded".to_string()]);
    f.clear_faults();
    let next = next_spec(first, &faulted, T0 + Duration::minutes(1));
    let healed = listed_with(&f, GL, token, &next).await;
    assert_eq!(sorted(&healed), sorted(&clean));
    let (_, words) = reasons(&healed, 2);
    assert_eq!(words, vec!["CI failing: build".to_string()]);
}

#[tokio::test]
async fn gitea_reviews_are_read_again() {
    run(Case {
        provider: GT,
        path: "/reviews",
        fault: Fault::ServerError,
        says: Some((4, "reviews not loaded")),
    })
    .await;
}

#[tokio::test]
async fn gitea_statuses_are_read_again() {
    run(Case {
        provider: GT,
        path: "/status",
        fault: Fault::Reset,
        says: Some((2, "CI status not loaded")),
    })
    .await;
}

#[tokio::test]
async fn gitea_branch_protection_refused_once_is_read_again() {
    run(Case {
        provider: GT,
        path: "/branches/main",
        fault: Fault::NotFound,
        says: None,
    })
    .await;
}

#[tokio::test]
async fn gitea_branch_protection_failed_is_read_again() {
    run(Case {
        provider: GT,
        path: "/branches/main",
        fault: Fault::HtmlLoginPage,
        says: Some((7, "branch rules not loaded")),
    })
    .await;
}

#[tokio::test]
async fn bitbucket_statuses_are_read_again() {
    run(Case {
        provider: BB,
        path: "/statuses",
        fault: Fault::ServerError,
        says: Some((2, "CI status not loaded")),
    })
    .await;
}

#[tokio::test]
async fn bitbucket_diffstat_is_read_again() {
    run(Case {
        provider: BB,
        path: "/diffstat",
        fault: Fault::UnexpectedJson,
        says: Some((1, "conflict check not loaded")),
    })
    .await;
}

#[tokio::test]
async fn bitbucket_restrictions_refused_once_are_read_again() {
    run(Case {
        provider: BB,
        path: "/branch-restrictions",
        fault: Fault::Forbidden,
        says: None,
    })
    .await;
}

#[tokio::test]
async fn bitbucket_restrictions_failed_are_read_again() {
    run(Case {
        provider: BB,
        path: "/branch-restrictions",
        fault: Fault::ServerError,
        says: Some((7, "branch rules not loaded")),
    })
    .await;
}

/// A branch rule read again after the bound and failing keeps its last answer
/// (no "not loaded" on a PR that did not change) and is asked at the next refresh.
#[tokio::test]
async fn a_failed_branch_rule_re_read_keeps_the_last_answer() {
    for (p, path) in [(GT, "/branches/main"), (BB, "/branch-restrictions")] {
        let (f, token) = demo_forge(p).await;
        let first = first_spec("acc");
        let clean = listed_with(&f, p, token, &first).await;
        let (_, before) = reasons(&clean, 7);
        assert_eq!(
            before,
            vec!["1 of 2 required approvals".to_string()],
            "{p:?}"
        );

        f.set_fault_on(p, path, Fault::ServerError);
        let past = next_spec(first.clone(), &clean, T0 + BOUND + Duration::minutes(1));
        let faulted = listed_with(&f, p, token, &past).await;
        assert!(asked(&f, path) > 0, "{p:?}: re-read past the bound");
        assert_eq!(reasons(&faulted, 7).1, before, "{p:?}");

        f.clear_faults();
        let next = next_spec(first, &faulted, T0 + BOUND + Duration::minutes(2));
        listed_with(&f, p, token, &next).await;
        assert!(asked(&f, path) > 0, "{p:?}: due again after the failure");
    }
}

/// A 403 / 404 on a pipeline's jobs that repeats is believed (a role that may not
/// see jobs): the red stays without names and the jobs are not asked again.
#[tokio::test]
async fn gitlab_jobs_refused_twice_are_believed() {
    let (f, token) = demo_forge(GL).await;
    let first = first_spec("acc-gl");
    f.set_fault_on(GL, "/jobs", Fault::Forbidden);
    let once = listed_with(&f, GL, token, &first).await;
    assert_eq!(
        reasons(&once, 2).1,
        vec!["CI failing (job names not loaded)".to_string()]
    );
    let again = next_spec(first.clone(), &once, T0 + Duration::minutes(1));
    let twice = listed_with(&f, GL, token, &again).await;
    assert!(asked(&f, "/jobs") > 0, "asked a second time");
    assert_eq!(reasons(&twice, 2).1, vec!["CI failing".to_string()]);
    let then = next_spec(first, &twice, T0 + Duration::minutes(2));
    listed_with(&f, GL, token, &then).await;
    assert_eq!(asked(&f, "/jobs"), 0, "believed: not asked again");
}
