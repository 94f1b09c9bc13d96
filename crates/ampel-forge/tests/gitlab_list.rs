//! GitLab merge-request listing over real HTTP against ampel-fakeforge: sections,
//! lights, pagination, watched projects, conditional requests, errors, request counts,
//! and the head pipeline of every documented status in projects with and without
//! "Pipelines must succeed".

mod support;

use ampel_core::light::{light, Light, Verdict};
use ampel_core::pr::{CheckState, MergeState};
use ampel_core::section::Section;
use ampel_core::Provider;
use ampel_fakeforge::scenario::{demo_prs_on, demo_repo, DEMO_LOGIN};
use ampel_fakeforge::{FakeForge, FakePr, FakeToken, Fault};
use ampel_forge::http::{Auth, Http};
use ampel_forge::{ForgeError, ListSpec, Listing};
use support::*;
use time::OffsetDateTime;

const GL: Provider = Provider::Gitlab;
const OTHER_REPO: &str = "octo-group/sub/other";

async fn demo_forge() -> FakeForge {
    let ff = forge().await;
    ff.add_token(FakeToken::gitlab_pat(
        GL_PAT,
        DEMO_LOGIN,
        &["read_api", "read_user"],
    ));
    for pr in demo_prs_on(GL) {
        ff.add_pr(pr);
    }
    ff
}

/// The refreshes' clock: fixed, so a test passes the re-check bound only on purpose.
const NOW: OffsetDateTime = time::macros::datetime!(2026-11-02 9:00 UTC);
const BOUND: time::Duration = time::Duration::minutes(15);

fn list_spec(sections: &[Section]) -> ListSpec {
    ListSpec {
        account_id: "gl-1".into(),
        login: Some(DEMO_LOGIN.into()),
        sections: sections.to_vec(),
        now: Some(NOW),
        ci_recheck: Some(BOUND),
        ..ListSpec::default()
    }
}

const THREE: [Section; 3] = [Section::NeedsMyReview, Section::Mine, Section::AssignedToMe];

async fn try_list(ff: &FakeForge, spec: &ListSpec) -> Result<Listing, ForgeError> {
    validator()
        .list(&support::spec(ff, GL), &secret(GL_PAT), spec)
        .await
}

async fn list(ff: &FakeForge, spec: &ListSpec) -> Listing {
    match try_list(ff, spec).await {
        Ok(l) => l,
        Err(e) => panic!("listing failed: {} {e}", e.code()),
    }
}

fn error(r: Result<Listing, ForgeError>) -> ForgeError {
    match r {
        Ok(l) => panic!("expected an error, got {} PRs", l.prs.len()),
        Err(e) => e,
    }
}

/// The MR numbers of `repo` in `section`, sorted.
fn numbers(l: &Listing, section: Section, repo: &str) -> Vec<u64> {
    let mut n: Vec<u64> = l
        .prs
        .iter()
        .filter(|p| p.sections.contains(section) && p.pr.repo == repo)
        .map(|p| p.pr.number)
        .collect();
    n.sort_unstable();
    n
}

fn verdict(l: &Listing, repo: &str, number: u64) -> Verdict {
    match l
        .prs
        .iter()
        .find(|p| p.pr.repo == repo && p.pr.number == number)
    {
        Some(p) => light(&p.pr),
        None => panic!("{repo}!{number} not listed"),
    }
}

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(ToString::to_string).collect()
}

fn reasons(v: &Verdict) -> Vec<String> {
    v.reasons.iter().map(ToString::to_string).collect()
}

/// The demo spec with the next listing's validators and previous PRs.
fn again(spec: &ListSpec, before: &Listing) -> ListSpec {
    ListSpec {
        validators: before.validators.clone(),
        previous: before.prs.clone(),
        ..spec.clone()
    }
}

fn paths(ff: &FakeForge) -> Vec<String> {
    ff.requests().into_iter().map(|r| r.path).collect()
}

#[tokio::test]
async fn sections_hold_the_demo_mrs_with_the_demo_lights() {
    let ff = demo_forge().await;
    let repo = demo_repo(GL);
    // MR 1 is also assigned to me: one entry in two sections.
    ff.update_pr(GL, repo, 1, |p| p.assignees.push(DEMO_LOGIN.into()));
    let l = list(&ff, &list_spec(&THREE)).await;

    assert_eq!(numbers(&l, Section::Mine, repo), vec![1, 2, 6]);
    assert_eq!(numbers(&l, Section::NeedsMyReview, repo), vec![3, 4]);
    assert_eq!(numbers(&l, Section::AssignedToMe, repo), vec![1, 5]);
    assert_eq!(l.prs.len(), 6, "MR 1 is listed once");

    let expected: [(u64, Light, &[&str]); 6] = [
        (1, Light::Green, &[]),
        (2, Light::Red, &["CI failing: build"]),
        (3, Light::Yellow, &["checks running"]),
        (4, Light::Red, &["changes requested"]),
        (5, Light::Red, &["merge conflict"]),
        (6, Light::Yellow, &["draft"]),
    ];
    for (n, colour, why) in expected {
        let v = verdict(&l, repo, n);
        assert_eq!(v.light, colour, "MR {n}: {:?}", v.reasons);
        assert_eq!(reasons(&v), why, "MR {n}");
    }

    let one = l
        .prs
        .iter()
        .find(|p| p.pr.number == 1)
        .map(|p| p.pr.clone());
    let one = one.unwrap_or_else(|| panic!("MR 1 missing"));
    assert_eq!(one.author, DEMO_LOGIN);
    assert_eq!(one.labels, vec!["enhancement".to_string()]);
    assert_eq!(one.account_id, "gl-1");
    assert!(one
        .url
        .ends_with("/octo-group/ampel-demo/-/merge_requests/1"));
    assert!(one.created_at < one.updated_at);

    // Three lists, the project's pipelines, MR 2's failed jobs, each of the six
    // MRs' approvals (read for every MR new or moved since the last read) and the
    // reviewers of MRs 1 (mine, reviewed by alice), 3 and 4 (asking me); MRs 2 and
    // 6 are mine without reviewers, MR 5 neither mine nor asking me.
    assert_eq!((l.requests, l.not_modified), (5 + 6 + 3, 0));
    let log = paths(&ff);
    assert_eq!(
        log.iter()
            .filter(|p| *p == "/gitlab/api/v4/merge_requests")
            .count(),
        3
    );
    assert!(log.iter().any(|p| p.ends_with("/jobs")), "{log:?}");
    assert!(
        !log.iter().any(|p| p.contains("/merge_requests/")
            && !p.ends_with("/approvals")
            && !p.ends_with("/reviewers")),
        "no single MR: {log:?}"
    );
    // Three lists, one pipelines page, when it was read, one head record and one
    // approvals record per MR, and a reviewers record per MR of mine or asking me.
    assert_eq!(l.validators.len(), 3 + 1 + 1 + 6 + 6 + 5);
}

#[tokio::test]
async fn without_a_known_login_one_user_call_comes_first() {
    let ff = demo_forge().await;
    let spec = ListSpec {
        login: None,
        ..list_spec(&[Section::NeedsMyReview])
    };
    let l = list(&ff, &spec).await;
    assert_eq!(
        numbers(&l, Section::NeedsMyReview, demo_repo(GL)),
        vec![3, 4]
    );
    assert_eq!(
        l.requests,
        3 + 2 + 2,
        "user, list, pipelines, two MRs' approvals and reviewers"
    );
    assert_eq!(paths(&ff)[0], "/gitlab/api/v4/user");
}

#[tokio::test]
async fn pagination_follows_next_pages_over_250_mrs() {
    let ff = demo_forge().await;
    for n in 1..=250 {
        ff.add_pr(FakePr::new(GL, OTHER_REPO, n, "bulk", DEMO_LOGIN));
    }
    let l = list(&ff, &list_spec(&[Section::Mine])).await;
    assert_eq!(numbers(&l, Section::Mine, OTHER_REPO).len(), 250);
    assert_eq!(numbers(&l, Section::Mine, demo_repo(GL)), vec![1, 2, 6]);
    // 253 MRs: 3 pages of 100, the pipelines of both projects (the other one has
    // none: its complete list tells, no MR is read alone), MR 2's failed jobs,
    // each MR's approvals and the reviewers of MR 1 (the only one with reviewers).
    assert_eq!(l.requests, 6 + 253 + 1);
}

#[tokio::test]
async fn watched_lists_each_project_and_skips_a_missing_one() {
    let ff = demo_forge().await;
    ff.add_pr(FakePr::new(GL, OTHER_REPO, 7, "Other one", "dev-frank"));
    ff.add_pr(FakePr::new(GL, OTHER_REPO, 8, "Other two", "dev-frank").draft());
    let spec = ListSpec {
        watched_repos: vec![
            demo_repo(GL).into(),
            OTHER_REPO.into(),
            "octo-group/gone".into(),
        ],
        ..list_spec(&[Section::Watched])
    };
    let l = list(&ff, &spec).await;
    assert_eq!(
        numbers(&l, Section::Watched, demo_repo(GL)),
        vec![1, 2, 3, 4, 5, 6]
    );
    assert_eq!(numbers(&l, Section::Watched, OTHER_REPO), vec![7, 8]);
    assert_eq!(verdict(&l, OTHER_REPO, 8).light, Light::Yellow);
    // Three project lists (one 404), two pipelines pages, MR 2's failed jobs, the
    // eight MRs' approvals and the reviewers of MRs 1, 3 and 4.
    assert_eq!(l.requests, 6 + 8 + 3);
    let log = paths(&ff);
    assert!(
        log.iter()
            .any(|p| p == "/gitlab/api/v4/projects/octo-group%2Fsub%2Fother/merge_requests"),
        "{log:?}"
    );
}

/// Bytes of one GET of `url`, with `etag` as If-None-Match when given.
async fn bytes(url: &str, etag: Option<&str>) -> (u16, usize) {
    let http = Http::new(&config()).unwrap_or_else(|e| panic!("{e}"));
    let url = reqwest::Url::parse(url).unwrap_or_else(|e| panic!("{e}"));
    let headers: Vec<(&str, &str)> = etag.map(|t| ("if-none-match", t)).into_iter().collect();
    let token = secret(GL_PAT);
    match http.get(&url, Auth::Bearer(&token), &headers).await {
        Ok(r) => (r.status.as_u16(), r.body.len()),
        Err(e) => panic!("{e}"),
    }
}

#[tokio::test]
async fn a_second_listing_with_validators_answers_304s_and_reuses_the_prs() {
    let ff = demo_forge().await;
    let spec = ListSpec {
        watched_repos: vec![demo_repo(GL).into()],
        ..list_spec(&Section::ALL)
    };
    let first = list(&ff, &spec).await;
    assert_eq!(first.validators.len(), 4 + 1 + 1 + 6 + 6 + 5);
    let second = list(&ff, &again(&spec, &first)).await;
    assert_eq!((second.requests, second.not_modified), (5, 5));
    assert_eq!(second.validators, first.validators);
    assert_eq!(second.prs.len(), first.prs.len());
    for p in &first.prs {
        let same = second.prs.iter().find(|q| q.key() == p.key());
        assert_eq!(same, Some(p), "{} reused as it was", p.key());
    }

    // What a 304 saves: the first page of Mine, plain and conditional.
    let (key, tag) = first
        .validators
        .iter()
        .find(|(k, _)| k.contains("created_by_me"))
        .unwrap_or_else(|| panic!("no validator for Mine: {:?}", first.validators));
    let url = format!("{}{}", ff.url(), key.trim_start_matches("gitlab "));
    let (full_status, full) = bytes(&url, None).await;
    let (cond_status, cond) = bytes(&url, Some(tag)).await;
    assert_eq!((full_status, cond_status), (200, 304));
    assert!(full > 2000 && cond == 0, "{full} bytes vs {cond}");
}

#[tokio::test]
async fn a_change_between_listings_changes_the_etag_and_the_light() {
    let ff = demo_forge().await;
    let spec = list_spec(&THREE);
    let repo = demo_repo(GL);
    let first = list(&ff, &spec).await;
    assert_eq!(verdict(&first, repo, 1).light, Light::Green);
    ff.update_pr(GL, repo, 1, |p| {
        p.checks = vec![("build".into(), CheckState::Failure)];
    });
    let second = list(&ff, &again(&spec, &first)).await;
    assert_eq!(second.not_modified, 0);
    assert_ne!(second.validators, first.validators);
    let v = verdict(&second, repo, 1);
    assert_eq!(
        (v.light, reasons(&v)),
        (Light::Red, vec!["CI failing: build".into()])
    );
    // Three lists, the pipelines page, MR 1's new failed jobs, its approvals and
    // reviewers (it moved); MR 2's failed pipeline has not changed, so its jobs are
    // not read again.
    assert_eq!(second.requests, 7);
    assert_eq!(
        reasons(&verdict(&second, repo, 2)),
        vec!["CI failing: build"]
    );

    ff.update_pr(GL, repo, 5, |p| p.merge = MergeState::Mergeable);
    let third = list(&ff, &again(&spec, &second)).await;
    assert_eq!(verdict(&third, repo, 5).light, Light::Green);
    assert_eq!(
        third.requests, 5,
        "three lists, the pipelines page and MR 5's approvals"
    );
}

#[tokio::test]
async fn the_budget_is_reported() {
    let ff = demo_forge().await;
    let l = list(&ff, &list_spec(&[Section::Mine])).await;
    let rl = l.rate_limit.unwrap_or_else(|| panic!("no rate limit"));
    assert_eq!(rl.limit, Some(2000));
    assert!(rl.remaining.is_some_and(|r| r < 2000));
    assert!(rl.reset_at.is_some_and(|t| t > OffsetDateTime::now_utc()));
}

#[tokio::test]
async fn a_429_is_rate_limited_with_its_reset() {
    let ff = demo_forge().await;
    ff.set_fault_on(
        GL,
        "/merge_requests",
        Fault::RateLimited {
            retry_after_secs: 42,
        },
    );
    let e = error(try_list(&ff, &list_spec(&THREE)).await);
    match e {
        ForgeError::RateLimited {
            reset_at,
            retry_after_secs,
            ..
        } => {
            assert_eq!(retry_after_secs, Some(42));
            let left = reset_at.map(|t| (t - OffsetDateTime::now_utc()).whole_seconds());
            assert!(left.is_some_and(|s| (30..=43).contains(&s)), "{left:?}");
        }
        other => panic!("expected rate_limited, got {}", other.code()),
    }
}

#[tokio::test]
async fn refused_tokens_are_coded() {
    let ff = demo_forge().await;
    let unknown = validator()
        .list(
            &support::spec(&ff, GL),
            &secret("glpat-NotKnownHere000001"),
            &list_spec(&THREE),
        )
        .await;
    assert_eq!(error(unknown).code(), "invalid_token");

    ff.add_token(
        FakeToken::gitlab_pat(GL_PAT, DEMO_LOGIN, &["read_api"])
            .expires_at(OffsetDateTime::now_utc() - time::Duration::days(1)),
    );
    assert_eq!(
        error(try_list(&ff, &list_spec(&THREE)).await).code(),
        "token_expired"
    );

    ff.add_token(FakeToken::gitlab_pat(GL_PAT, DEMO_LOGIN, &["read_user"]));
    let e = error(try_list(&ff, &list_spec(&THREE)).await);
    assert_eq!(e.code(), "insufficient_scope");
    assert!(e.to_string().contains("read_api"), "{e}");
}

#[tokio::test]
async fn faults_through_the_gate_are_coded() {
    let ff = demo_forge().await;
    let cases = [
        (Fault::Unauthorized, "invalid_token"),
        (Fault::Forbidden, "forbidden"),
        (Fault::ServerError, "server_error"),
        (Fault::HtmlLoginPage, "not_a_forge"),
        (Fault::InvalidJson, "not_a_forge"),
        (Fault::UnexpectedJson, "not_a_forge"),
    ];
    for (fault, code) in cases {
        ff.clear_faults();
        ff.set_fault(GL, fault.clone());
        let e = error(try_list(&ff, &list_spec(&[Section::Mine])).await);
        assert_eq!(e.code(), code, "{fault:?}: {e}");
    }
}

/// 300 MRs, each mine, assigned to me and awaiting my review; every tenth fails CI.
async fn three_hundred(ff: &FakeForge) {
    for n in 1..=300 {
        let mut pr = FakePr::new(GL, OTHER_REPO, n, "load", DEMO_LOGIN)
            .assign(DEMO_LOGIN)
            .request_review(DEMO_LOGIN);
        pr = if n % 10 == 0 {
            pr.check("build", CheckState::Failure)
        } else {
            pr.check("build", CheckState::Success)
        };
        ff.add_pr(pr);
    }
}

#[tokio::test]
async fn requests_per_refresh_for_300_mrs_in_3_sections() {
    let ff = forge().await;
    ff.add_token(FakeToken::gitlab_pat(GL_PAT, DEMO_LOGIN, &["read_api"]));
    three_hundred(&ff).await;
    let spec = list_spec(&THREE);
    let cold = list(&ff, &spec).await;
    assert_eq!(cold.prs.len(), 300);
    assert!(cold.prs.iter().all(|p| p.sections.iter().count() == 3));
    let red = cold
        .prs
        .iter()
        .filter(|p| light(&p.pr).light == Light::Red)
        .count();
    assert_eq!(red, 30);
    let warm = list(&ff, &again(&spec, &cold)).await;
    ff.update_pr(GL, OTHER_REPO, 1, |p| p.title = "renamed".into());
    let changed = list(&ff, &again(&spec, &warm)).await;
    println!(
        "GitLab, 1 account x 300 MRs x 3 sections in one project: cold {} requests (9 lists \
         + 3 pipelines pages + 30 failed pipelines' jobs + 300 approvals + 300 reviewers), \
         unchanged {} \
         ({} x 304), after \
         one edit {}",
        cold.requests, warm.requests, warm.not_modified, changed.requests
    );
    // 300 head pipelines: three pages of 100 until every MR is found; each MR's
    // approvals and reviewers once (every MR is mine and asks me).
    assert_eq!(cold.requests, 9 + 3 + 30 + 300 + 300);
    // The three lists answer 304; every head pipeline finished and was read
    // within the re-check bound, so the pipelines page is not asked.
    assert_eq!((warm.requests, warm.not_modified), (3, 3));
    assert_eq!(warm.prs.len(), 300);
    for p in &cold.prs {
        let same = warm.prs.iter().find(|q| q.key() == p.key());
        assert_eq!(same, Some(p), "{} reused as it was", p.key());
    }
    // Nine list pages, the first pipelines page (MR 1's new head pipeline is on it)
    // and MR 1's approvals and reviewers.
    assert_eq!(changed.requests, 12);
    assert_eq!(changed.prs.len(), 300);
}

const RELAXED: &str = "octo-group/relaxed";
const STRICT: &str = "octo-group/strict";

/// Every pipeline status GitLab documents, with the light and reasons it must give
/// whatever the project's "Pipelines must succeed" says.
const STATUSES: [(&str, Light, &[&str]); 14] = [
    ("created", Light::Yellow, &["checks running"]),
    ("waiting_for_resource", Light::Yellow, &["checks running"]),
    ("waiting_for_callback", Light::Yellow, &["checks running"]),
    ("preparing", Light::Yellow, &["checks running"]),
    ("pending", Light::Yellow, &["checks running"]),
    ("running", Light::Yellow, &["checks running"]),
    // A delayed job waits for its timer and starts on its own.
    ("scheduled", Light::Yellow, &["checks running"]),
    ("manual", Light::Yellow, &["waiting for a manual job"]),
    ("success", Light::Green, &[]),
    // Green without "Pipelines must succeed"; with it GitLab says `ci_must_pass`
    // (yellow "pipeline must succeed", below).
    ("skipped", Light::Green, &[]),
    // Nobody knows whether the head works.
    ("canceled", Light::Yellow, &["CI canceled"]),
    ("canceling", Light::Yellow, &["CI canceled"]),
    // A status newer than Ampel's table.
    ("unknown_to_ampel", Light::Yellow, &["CI state unknown"]),
    ("failed", Light::Red, &["CI failing: rspec, lint"]),
];

/// MR n (1-based) of `repo` has the n-th status of [`STATUSES`]; the failed
/// pipeline has two failed jobs and a passed one (the fake forge's jobs mirror the
/// checks).
fn status_mrs(ff: &FakeForge, repo: &str) {
    for (i, (status, _, _)) in STATUSES.iter().enumerate() {
        let n = i as u64 + 1;
        let mut pr =
            FakePr::new(GL, repo, n, &format!("pipeline {status}"), DEMO_LOGIN).pipeline(status);
        if *status == "failed" {
            pr = pr
                .check("rspec", CheckState::Failure)
                .check("build", CheckState::Success)
                .check("lint", CheckState::TimedOut);
        }
        ff.add_pr(pr);
    }
}

#[tokio::test]
async fn every_pipeline_status_has_its_light_with_and_without_pipelines_must_succeed() {
    let ff = demo_forge().await;
    status_mrs(&ff, RELAXED);
    status_mrs(&ff, STRICT);
    ff.set_pipelines_must_succeed(STRICT, true);
    let spec = ListSpec {
        watched_repos: vec![RELAXED.into(), STRICT.into()],
        ..list_spec(&[Section::Watched])
    };
    let l = list(&ff, &spec).await;
    for (i, (status, colour, why)) in STATUSES.iter().enumerate() {
        let n = i as u64 + 1;
        for repo in [RELAXED, STRICT] {
            let v = verdict(&l, repo, n);
            let want = match (repo, *status) {
                (STRICT, "skipped") => (Light::Yellow, strings(&["pipeline must succeed"])),
                _ => (*colour, strings(why)),
            };
            assert_eq!((v.light, reasons(&v)), want, "{repo} {status}");
        }
        let merge = |repo: &str| {
            l.prs
                .iter()
                .find(|p| p.pr.repo == repo && p.pr.number == n)
                .map(|p| p.pr.merge)
        };
        // Without the setting GitLab says `mergeable` whatever the pipeline does.
        assert_eq!(merge(RELAXED), Some(MergeState::Mergeable), "{status}");
        let blocks = *status != "success";
        let strict = if blocks {
            MergeState::Blocked
        } else {
            MergeState::Mergeable
        };
        assert_eq!(merge(STRICT), Some(strict), "{status}");
    }
    // Two project lists, two pipelines pages, the failed pipeline's jobs in each,
    // and each MR's approvals.
    assert_eq!(l.requests as usize, 6 + 2 * STATUSES.len());
    let log = paths(&ff);
    assert!(
        !log.iter().any(|p| p.contains("/merge_requests/")
            && !p.ends_with("/approvals")
            && !p.ends_with("/reviewers")),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_pipeline_failing_while_the_mr_stays_unchanged_turns_red_then_costs_nothing() {
    let ff = demo_forge().await;
    ff.add_pr(
        FakePr::new(GL, RELAXED, 1, "relaxed", DEMO_LOGIN).check("build", CheckState::Running),
    );
    let spec = list_spec(&[Section::Mine]);
    let first = list(&ff, &spec).await;
    let v = verdict(&first, RELAXED, 1);
    assert_eq!(
        (v.light, reasons(&v)),
        (Light::Yellow, vec!["checks running".into()])
    );
    let before = ff
        .prs()
        .into_iter()
        .find(|p| p.repo == RELAXED)
        .map(|p| p.updated_at);

    ff.update_checks(GL, RELAXED, 1, |p| {
        p.checks = vec![
            ("build".into(), CheckState::Failure),
            ("test".into(), CheckState::Success),
        ]
    });
    let after = ff
        .prs()
        .into_iter()
        .find(|p| p.repo == RELAXED)
        .map(|p| p.updated_at);
    assert_eq!(before, after, "the MR itself did not change");
    let second = list(&ff, &again(&spec, &first)).await;
    let v = verdict(&second, RELAXED, 1);
    assert_eq!(
        (v.light, reasons(&v)),
        (Light::Red, vec!["CI failing: build".into()])
    );
    let pr = second
        .prs
        .iter()
        .find(|p| p.pr.repo == RELAXED)
        .map(|p| p.pr.merge);
    assert_eq!(
        pr,
        Some(MergeState::Mergeable),
        "GitLab's merge status says nothing"
    );

    // Nothing changed: one 304 for the list and one for the demo project's
    // pipelines (some of its MRs' CI still runs), no jobs; the project whose MRs'
    // pipelines all finished is not asked within the re-check bound.
    ff.clear_requests();
    let third = list(&ff, &again(&spec, &second)).await;
    assert_eq!(
        (third.requests, third.not_modified),
        (2, 2),
        "{:?}",
        paths(&ff)
    );
    assert!(!paths(&ff).iter().any(|p| p.contains("relaxed")));
    let v = verdict(&third, RELAXED, 1);
    assert_eq!(reasons(&v), vec!["CI failing: build"]);

    // The failed job is retried and passes, the MR still unchanged: the failure
    // stands within the bound, and green shows once it passed.
    ff.update_checks(GL, RELAXED, 1, |p| {
        p.checks = vec![
            ("build".into(), CheckState::Success),
            ("test".into(), CheckState::Success),
        ]
    });
    let within = ListSpec {
        now: Some(NOW + BOUND - time::Duration::seconds(1)),
        ..again(&spec, &third)
    };
    let fourth = list(&ff, &within).await;
    assert_eq!(verdict(&fourth, RELAXED, 1).light, Light::Red);
    let at = ListSpec {
        now: Some(NOW + BOUND),
        ..again(&spec, &fourth)
    };
    let fifth = list(&ff, &at).await;
    let v = verdict(&fifth, RELAXED, 1);
    assert_eq!((v.light, reasons(&v)), (Light::Green, Vec::<String>::new()));
}

#[tokio::test]
async fn approvals_are_read_for_every_new_mr_and_again_only_when_it_moves() {
    let ff = demo_forge().await;
    ff.add_pr(
        FakePr::new(GL, RELAXED, 1, "needs two", DEMO_LOGIN)
            .check("build", CheckState::Success)
            .approvals_required(2)
            .review("reviewer-alice", ampel_core::pr::ReviewVote::Approved),
    );
    let spec = list_spec(&[Section::Mine]);
    let first = list(&ff, &spec).await;
    let v = verdict(&first, RELAXED, 1);
    assert_eq!(
        (v.light, reasons(&v)),
        (Light::Yellow, vec!["1 of 2 required approvals".into()])
    );
    let approvals = |ff: &FakeForge| {
        paths(ff)
            .iter()
            .filter(|p| p.ends_with("/approvals"))
            .count()
    };
    // The demo login's three MRs and this one: every MR seen for the first time.
    assert_eq!(approvals(&ff), 4);

    // Another MR changes: the list is read again, that MR's approvals too; this
    // MR's count is reused.
    ff.update_pr(GL, demo_repo(GL), 6, |p| {
        p.title = "WIP: notifications v2".into()
    });
    ff.clear_requests();
    let second = list(&ff, &again(&spec, &first)).await;
    assert_eq!(
        reasons(&verdict(&second, RELAXED, 1)),
        vec!["1 of 2 required approvals"]
    );
    assert_eq!(approvals(&ff), 1);

    ff.update_pr(GL, RELAXED, 1, |p| {
        let at = p.updated_at;
        p.add_review("reviewer-bob", ampel_core::pr::ReviewVote::Approved, at)
    });
    let third = list(&ff, &again(&spec, &second)).await;
    assert_eq!(verdict(&third, RELAXED, 1).light, Light::Green);
}

#[tokio::test]
async fn a_cache_from_before_head_records_reads_its_lists_once_not_every_mr() {
    let ff = demo_forge().await;
    let spec = list_spec(&THREE);
    let first = list(&ff, &spec).await;
    let mut old = again(&spec, &first);
    old.validators
        .retain(|k, _| !k.starts_with("gitlab head ") && !k.contains("/pipelines"));
    ff.clear_requests();
    let second = list(&ff, &old).await;
    let log = paths(&ff);
    assert!(
        !log.iter().any(|p| p.contains("/merge_requests/")),
        "{log:?}"
    );
    // Three fresh lists, the pipelines page, MR 2's failed jobs.
    assert_eq!((second.requests, second.not_modified), (5, 0));
    assert_eq!(
        reasons(&verdict(&second, demo_repo(GL), 2)),
        vec!["CI failing: build"]
    );
    let third = list(&ff, &again(&spec, &second)).await;
    assert_eq!((third.requests, third.not_modified), (4, 4));
}

#[tokio::test]
async fn pipelines_beyond_five_pages_are_read_from_the_single_mr_and_again_only_while_unfinished() {
    let ff = forge().await;
    ff.add_token(FakeToken::gitlab_pat(GL_PAT, DEMO_LOGIN, &["read_api"]));
    let start = OffsetDateTime::now_utc() - time::Duration::days(1);
    for n in 1..=600u64 {
        // MR n's pipeline was last updated n seconds after `start`: MR 1's is the oldest.
        let state = if n == 1 {
            CheckState::Running
        } else {
            CheckState::Success
        };
        let mut pr = FakePr::new(GL, OTHER_REPO, n, "busy", DEMO_LOGIN).check("build", state);
        pr.updated_at = start + time::Duration::seconds(n as i64);
        pr.ci_updated_at = pr.updated_at;
        ff.add_pr(pr);
    }
    let spec = list_spec(&[Section::Mine]);
    let cold = list(&ff, &spec).await;
    let single = |ff: &FakeForge| {
        paths(ff)
            .iter()
            .filter(|p| p.contains("/merge_requests/") && !p.ends_with("/approvals"))
            .count()
    };
    // Six list pages, five pipelines pages (the 500 newest), the 100 oldest alone,
    // and each MR's approvals.
    assert_eq!(single(&ff), 100);
    assert_eq!(cold.requests, 6 + 5 + 100 + 600);
    let v = verdict(&cold, OTHER_REPO, 1);
    assert_eq!(
        (v.light, reasons(&v)),
        (Light::Yellow, strings(&["checks running"]))
    );
    assert_eq!(verdict(&cold, OTHER_REPO, 2).light, Light::Green);
    assert_eq!(verdict(&cold, OTHER_REPO, 600).light, Light::Green);

    // Nothing changed: the list and the pipelines answer 304; only MR 1, whose
    // pipeline was read alone and is unfinished, is read again.
    ff.clear_requests();
    let warm = list(&ff, &again(&spec, &cold)).await;
    assert_eq!((warm.requests, warm.not_modified), (3, 2));
    assert_eq!(single(&ff), 1);
    assert_eq!(verdict(&warm, OTHER_REPO, 1).light, Light::Yellow);
}
