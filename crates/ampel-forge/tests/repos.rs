//! The Watched-repositories picker's listing over real HTTP against the fake
//! forge: every forge lists the demo repository; 250 repositories page through in
//! the biggest pages each API allows, one request a page (Bitbucket: one more for
//! the workspaces on the first page) and across workspaces; the filter narrows by
//! name; a next link or a cursor naming another host is refused without a request
//! there; 401 is `invalid_token`; faults pass through; tokens never appear in errors.

mod support;

use ampel_core::Provider;
use ampel_fakeforge::scenario::{demo_prs_on, demo_repo, DEMO_LOGIN};
use ampel_fakeforge::{FakeForge, FakeToken, Fault};
use ampel_forge::repos::{RepoPage, RepoPageRequest};
use ampel_forge::{AccountSpec, ForgeError};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const ALL: [Provider; 4] = [
    Provider::Github,
    Provider::Gitlab,
    Provider::Bitbucket,
    Provider::Gitea,
];

fn token_of(p: Provider) -> &'static str {
    match p {
        Provider::Github => GH_CLASSIC,
        Provider::Gitlab => GL_PAT,
        Provider::Bitbucket => BB_API,
        Provider::Gitea => GITEA,
    }
}

/// A fake forge with one valid token per forge and no repositories yet.
async fn with_tokens() -> FakeForge {
    let f = forge().await;
    f.add_token(FakeToken::github_classic(
        GH_CLASSIC,
        DEMO_LOGIN,
        &["repo", "read:org"],
    ));
    f.add_token(FakeToken::gitlab_pat(GL_PAT, DEMO_LOGIN, &["read_api"]));
    f.add_token(FakeToken::bitbucket_api_token(
        BB_API,
        BB_EMAIL,
        DEMO_LOGIN,
        &[
            "read:user:bitbucket",
            "read:workspace:bitbucket",
            "read:repository:bitbucket",
            "read:pullrequest:bitbucket",
        ],
    ));
    f.add_token(FakeToken::gitea(
        GITEA,
        DEMO_LOGIN,
        &["read:user", "read:repository", "read:issue"],
    ));
    f
}

async fn page_of(
    f: &FakeForge,
    p: Provider,
    req: &RepoPageRequest,
) -> Result<RepoPage, ForgeError> {
    validator()
        .repos(&spec(f, p), &secret(token_of(p)), req)
        .await
}

async fn page_ok(f: &FakeForge, p: Provider, req: &RepoPageRequest) -> RepoPage {
    match page_of(f, p, req).await {
        Ok(page) => page,
        Err(e) => panic!("{p:?}: listing repositories failed: {} {e}", e.code()),
    }
}

/// Every page from the first, with the requests each page took.
async fn walk(f: &FakeForge, p: Provider, first: RepoPageRequest) -> Vec<(RepoPage, usize)> {
    let mut out = Vec::new();
    let mut req = Some(first);
    while let Some(r) = req.take() {
        let before = f.requests().len();
        let page = page_ok(f, p, &r).await;
        let used = f.requests().len() - before;
        req = r.after(&page);
        out.push((page, used));
        assert!(out.len() <= 20, "{p:?}: the cursor never ends");
    }
    out
}

fn names(pages: &[(RepoPage, usize)]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|(p, _)| p.repos.iter().map(|r| r.full_name.clone()))
        .collect()
}

fn paths(f: &FakeForge, p: Provider) -> Vec<String> {
    f.requests()
        .into_iter()
        .filter(|r| r.provider == Some(p))
        .map(|r| r.path)
        .collect()
}

#[tokio::test]
async fn every_forge_lists_the_demo_repository() {
    let f = with_tokens().await;
    for p in ALL {
        for pr in demo_prs_on(p) {
            f.add_pr(pr);
        }
    }
    for p in ALL {
        let page = page_ok(&f, p, &RepoPageRequest::first()).await;
        let demo = page.repos.iter().find(|r| r.full_name == demo_repo(p));
        let Some(demo) = demo else {
            panic!("{p:?}: {} missing from {:?}", demo_repo(p), page.repos)
        };
        assert_eq!(
            demo.description.as_deref(),
            Some("Ampel demo repository: one pull request of every colour"),
            "{p:?}"
        );
        assert_eq!(page.repos.len(), 1, "{p:?}");
        assert_eq!(page.next, None, "{p:?}");
        assert_eq!(page.total, Some(1), "{p:?}");
    }
    let expected = [
        (Provider::Github, vec!["/github/api/v3/user/repos"]),
        (Provider::Gitlab, vec!["/gitlab/api/v4/projects"]),
        (
            Provider::Bitbucket,
            vec![
                "/bitbucket/2.0/user/workspaces",
                "/bitbucket/2.0/repositories/octo-workspace",
            ],
        ),
        (Provider::Gitea, vec!["/gitea/api/v1/user/repos"]),
    ];
    for (p, want) in expected {
        assert_eq!(paths(&f, p), want, "{p:?}");
    }
}

#[tokio::test]
async fn the_listing_serialises_for_the_app() {
    let f = with_tokens().await;
    f.add_repo(Provider::Gitea, "octo-org/ampel-demo");
    let page = page_ok(&f, Provider::Gitea, &RepoPageRequest::first()).await;
    let json = serde_json::to_value(&page).unwrap_or_default();
    assert_eq!(json["repos"][0]["full_name"], "octo-org/ampel-demo");
    assert!(json["repos"][0]["private"].is_boolean() || json["repos"][0]["private"].is_null());
    assert_eq!(json["next"], serde_json::Value::Null);
    assert_eq!(json["total"], 1);
}

/// A forge, its page sizes, requests per page and the first page's total.
type Expected = (Provider, Vec<usize>, Vec<usize>, Option<u32>);

#[tokio::test]
async fn two_hundred_fifty_repositories_page_through_in_the_biggest_pages() {
    let f = with_tokens().await;
    for p in ALL {
        let owner = if p == Provider::Bitbucket {
            "big-ws"
        } else {
            "big-org"
        };
        for i in 0..250 {
            f.add_repo(p, &format!("{owner}/repo-{i:03}"));
        }
    }
    // (forge, page sizes, requests per page, total on the first page)
    let expected: [Expected; 4] = [
        (Provider::Github, vec![100, 100, 50], vec![1, 1, 1], None),
        (
            Provider::Gitlab,
            vec![100, 100, 50],
            vec![1, 1, 1],
            Some(250),
        ),
        (
            Provider::Bitbucket,
            vec![100, 100, 50],
            vec![2, 1, 1],
            Some(250),
        ),
        (
            Provider::Gitea,
            vec![50, 50, 50, 50, 50],
            vec![1, 1, 1, 1, 1],
            Some(250),
        ),
    ];
    for (p, sizes, requests, total) in expected {
        let pages = walk(&f, p, RepoPageRequest::first()).await;
        let got: Vec<usize> = pages.iter().map(|(pg, _)| pg.repos.len()).collect();
        assert_eq!(got, sizes, "{p:?} page sizes");
        let used: Vec<usize> = pages.iter().map(|(_, n)| *n).collect();
        assert_eq!(used, requests, "{p:?} requests per page");
        assert_eq!(pages[0].0.total, total, "{p:?} total");
        let all = names(&pages);
        let unique: BTreeSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), 250, "{p:?}: every repository once");
        // Added repositories keep the order they were added in (newest push first).
        assert!(all[0].ends_with("/repo-000"), "{p:?}: {}", all[0]);
        assert!(pages.last().is_some_and(|(pg, _)| pg.next.is_none()));
    }
}

#[tokio::test]
async fn bitbucket_walks_workspace_after_workspace() {
    let f = with_tokens().await;
    let bb = Provider::Bitbucket;
    for pr in demo_prs_on(bb) {
        f.add_pr(pr);
    }
    for i in 0..120 {
        f.add_repo(bb, &format!("team-b/svc-{i:03}"));
    }
    f.add_repo(bb, "team-a/tools");
    f.add_repo(bb, "team-empty/x");
    let pages = walk(&f, bb, RepoPageRequest::first()).await;
    let sizes: Vec<usize> = pages.iter().map(|(p, _)| p.repos.len()).collect();
    // Workspaces in order: octo-workspace (1), team-a (1), team-b (100 + 20), team-empty (1).
    assert_eq!(sizes, vec![1, 1, 100, 20, 1]);
    assert_eq!(pages[0].0.total, None, "several workspaces: no total");
    assert_eq!(names(&pages).len(), 123);
    let p = paths(&f, bb);
    assert_eq!(
        p.iter()
            .filter(|x| x.as_str() == "/bitbucket/2.0/user/workspaces")
            .count(),
        1,
        "workspaces are read once: {p:?}"
    );
    assert!(
        p.iter().all(|x| x != "/bitbucket/2.0/repositories"
            && x != "/bitbucket/2.0/workspaces"
            && !x.contains("/user/permissions/")),
        "a removed cross-workspace endpoint was called: {p:?}"
    );
}

#[tokio::test]
async fn the_filter_narrows_by_name() {
    let f = with_tokens().await;
    for p in ALL {
        let owner = if p == Provider::Bitbucket {
            "ws"
        } else {
            "org"
        };
        for name in ["alpha-api", "beta-web", "Alpha-Web", "gamma"] {
            f.add_repo(p, &format!("{owner}/{name}"));
        }
        for i in 0..150 {
            f.add_repo(p, &format!("{owner}/zz-{i:03}"));
        }
    }
    for p in ALL {
        let pages = walk(&f, p, RepoPageRequest::filtered("alpha")).await;
        let mut got = names(&pages);
        got.sort();
        let owner = if p == Provider::Bitbucket {
            "ws"
        } else {
            "org"
        };
        assert_eq!(
            got,
            vec![format!("{owner}/Alpha-Web"), format!("{owner}/alpha-api")],
            "{p:?}"
        );
        let blank = page_ok(&f, p, &RepoPageRequest::filtered("  ")).await;
        assert!(
            blank.repos.len() >= 50,
            "{p:?}: a blank filter is no filter"
        );
    }
    // Server-side where the API can search; GitHub filters each page itself.
    assert!(paths(&f, Provider::Gitea).contains(&"/gitea/api/v1/repos/search".to_string()));
    let gitlab_pages = paths(&f, Provider::Gitlab).len();
    assert_eq!(
        gitlab_pages, 2,
        "GitLab: one filtered page plus the blank one"
    );
    let github_pages = paths(&f, Provider::Github).len();
    assert_eq!(
        github_pages, 3,
        "GitHub: both unfiltered pages plus the blank one"
    );
}

/// A server that answers every request with `status`, `headers` and `body`;
/// the counter says how many connections it accepted.
async fn canned(status: &str, headers: String, body: String) -> (String, Arc<AtomicUsize>) {
    let listener = match TcpListener::bind("127.0.0.1:0").await {
        Ok(l) => l,
        Err(e) => panic!("bind: {e}"),
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let status = status.to_string();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 4096];
            let mut seen = Vec::new();
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match sock.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            let resp = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = sock.write_all(resp.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    (format!("http://127.0.0.1:{port}"), hits)
}

/// What each forge would answer with a next page on `elsewhere`.
fn page_with_next_to(p: Provider, elsewhere: &str) -> (String, String) {
    match p {
        Provider::Github => (
            format!("link: <{elsewhere}/api/v3/user/repos?page=2>; rel=\"next\"\r\n"),
            r#"[{"full_name":"o/r","private":false,"description":null}]"#.to_string(),
        ),
        Provider::Gitlab => (
            format!("link: <{elsewhere}/api/v4/projects?page=2>; rel=\"next\"\r\n"),
            r#"[{"path_with_namespace":"g/p","description":null}]"#.to_string(),
        ),
        Provider::Bitbucket => (
            String::new(),
            format!(
                r#"{{"values":[{{"full_name":"w/r","is_private":true}}],"next":"{elsewhere}/2.0/repositories/w?page=2","pagelen":100}}"#
            ),
        ),
        Provider::Gitea => (
            format!("link: <{elsewhere}/api/v1/user/repos?page=2>; rel=\"next\"\r\n"),
            r#"[{"full_name":"o/r","private":false,"description":""}]"#.to_string(),
        ),
    }
}

#[tokio::test]
async fn a_next_link_to_another_host_is_refused() {
    let (elsewhere, other_hits) = canned("200 OK", String::new(), "[]".to_string()).await;
    for p in ALL {
        let (headers, body) = page_with_next_to(p, &elsewhere);
        let (base, hits) = canned("200 OK", headers, body).await;
        let spec = AccountSpec::new(p)
            .with_base_url(base.clone())
            .with_username(BB_EMAIL);
        // Bitbucket's first page reads the workspaces: give it a cursor instead.
        let req = if p == Provider::Bitbucket {
            let ws = format!(
                r#"{{"k":"bitbucket","ws":["w"],"next":"{base}/2.0/repositories/w?page=1","more_ws":null}}"#
            );
            RepoPageRequest {
                cursor: Some(ws),
                filter: None,
            }
        } else {
            RepoPageRequest::first()
        };
        let r = validator().repos(&spec, &secret(token_of(p)), &req).await;
        let e = match r {
            Ok(page) => panic!("{p:?}: expected a refusal, got {page:?}"),
            Err(e) => e,
        };
        assert_eq!(e.code(), "bad_base_url", "{p:?}: {e}");
        assert!(e.to_string().contains("another host"), "{p:?}: {e}");
        assert_eq!(hits.load(Ordering::SeqCst), 1, "{p:?}");
    }
    assert_eq!(
        other_hits.load(Ordering::SeqCst),
        0,
        "the token went elsewhere"
    );
}

#[tokio::test]
async fn a_cursor_naming_another_host_or_forge_is_refused_without_a_request() {
    let (elsewhere, other_hits) = canned("200 OK", String::new(), "[]".to_string()).await;
    let f = with_tokens().await;
    for p in [Provider::Github, Provider::Gitlab, Provider::Gitea] {
        let forged = format!(r#"{{"k":"url","u":"{elsewhere}/{}/api/x"}}"#, p.as_str());
        let req = RepoPageRequest {
            cursor: Some(forged),
            filter: None,
        };
        let e = page_of(&f, p, &req).await.err().map(|e| e.code());
        assert_eq!(e, Some("bad_base_url"), "{p:?}");
        let garbage = RepoPageRequest {
            cursor: Some("page=2".into()),
            filter: None,
        };
        let e = page_of(&f, p, &garbage).await.err().map(|e| e.code());
        assert_eq!(e, Some("bad_base_url"), "{p:?}");
    }
    // A GitHub cursor handed to Bitbucket.
    f.add_repo(Provider::Github, "o/r");
    for i in 0..120 {
        f.add_repo(Provider::Github, &format!("o/r{i}"));
    }
    let gh = page_ok(&f, Provider::Github, &RepoPageRequest::first()).await;
    let req = RepoPageRequest {
        cursor: gh.next,
        filter: None,
    };
    assert!(req.cursor.is_some());
    let e = page_of(&f, Provider::Bitbucket, &req)
        .await
        .err()
        .map(|e| e.code());
    assert_eq!(e, Some("bad_base_url"));
    assert_eq!(other_hits.load(Ordering::SeqCst), 0);
    assert!(paths(&f, Provider::Bitbucket).is_empty());
}

#[tokio::test]
async fn a_refused_token_is_invalid_token_on_every_forge() {
    let f = with_tokens().await;
    for p in ALL {
        f.add_repo(p, demo_repo(p));
        let wrong = match p {
            Provider::Github => "ghp_WrongWrongWrongWrongWrongWrong000001",
            Provider::Gitlab => "glpat-WrongWrongWrong00001",
            Provider::Bitbucket => "ATATT3xFfGF0WrongWrongWrongWrongWrong0001=0A1B2C3D",
            Provider::Gitea => "ffffffffffffffffffffffffffffffffffffffff",
        };
        let r = validator()
            .repos(&spec(&f, p), &secret(wrong), &RepoPageRequest::first())
            .await;
        let e = r.err();
        assert_eq!(e.as_ref().map(|e| e.code()), Some("invalid_token"), "{p:?}");
        let text = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(!text.contains(wrong), "{p:?}: {text}");
    }
}

#[tokio::test]
async fn faults_pass_through_the_gate() {
    let f = with_tokens().await;
    let cases = [
        (
            Provider::Github,
            "/user/repos",
            Fault::RateLimited {
                retry_after_secs: 30,
            },
            "rate_limited",
        ),
        (
            Provider::Gitlab,
            "/projects",
            Fault::ServerError,
            "server_error",
        ),
        (
            Provider::Bitbucket,
            "/user/workspaces",
            Fault::HtmlLoginPage,
            "not_a_forge",
        ),
        (
            Provider::Gitea,
            "/user/repos",
            Fault::Forbidden,
            "forbidden",
        ),
        (
            Provider::Github,
            "/user/repos",
            Fault::SsoRequired,
            "sso_required",
        ),
        (
            Provider::Gitlab,
            "/projects",
            Fault::Unauthorized,
            "invalid_token",
        ),
    ];
    for (p, path, fault, code) in cases {
        f.clear_faults();
        f.set_fault_on(p, path, fault.clone());
        let e = page_of(&f, p, &RepoPageRequest::first()).await.err();
        assert_eq!(
            e.as_ref().map(|e| e.code()),
            Some(code),
            "{p:?} {fault:?}: {e:?}"
        );
    }
}

#[tokio::test]
async fn a_missing_scope_is_insufficient_scope() {
    let f = forge().await;
    f.add_token(FakeToken::gitlab_pat(GL_PAT, DEMO_LOGIN, &["read_user"]));
    f.add_token(FakeToken::gitea(GITEA, DEMO_LOGIN, &["read:user"]));
    for (p, missing) in [
        (Provider::Gitlab, "read_api"),
        (Provider::Gitea, "read:repository"),
    ] {
        match page_of(&f, p, &RepoPageRequest::first()).await {
            Err(ForgeError::InsufficientScope { missing: m, .. }) => {
                assert_eq!(m, vec![missing.to_string()], "{p:?}")
            }
            other => panic!("{p:?}: expected insufficient_scope, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn tokens_never_appear_in_errors() {
    for p in ALL {
        let token = token_of(p);
        // A forge (or proxy) that echoes the token in its error message.
        let body = format!(r#"{{"message":"token {token} is not allowed here"}}"#);
        let (base, _) = canned("403 Forbidden", String::new(), body).await;
        let spec = AccountSpec::new(p)
            .with_base_url(base)
            .with_username(BB_EMAIL);
        let e = validator()
            .repos(&spec, &secret(token), &RepoPageRequest::first())
            .await
            .err();
        let Some(e) = e else {
            panic!("{p:?}: expected an error")
        };
        let shown = format!(
            "{e} {e:?} {}",
            serde_json::to_string(&e.report()).unwrap_or_default()
        );
        assert!(!shown.contains(token), "{p:?}: {shown}");
        assert!(shown.contains("<redacted>"), "{p:?}: {shown}");
    }
}
