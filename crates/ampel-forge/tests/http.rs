//! The HTTP layer over real sockets: no Authorization to another host on redirect,
//! one retry when a connection breaks before an answer, TLS failures classified.

mod support;

use ampel_core::Provider;
use ampel_fakeforge::{FakeToken, Fault};
use ampel_forge::{ForgeError, Unreachable};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[tokio::test]
async fn redirect_to_another_host_never_carries_the_token() {
    let a = forge().await;
    let b = forge().await;
    for p in Provider::ALL {
        a.set_fault(p, Fault::RedirectTo(b.url()));
    }
    b.add_token(FakeToken::gitea(GITEA, "gitte", &["all"]));
    b.add_token(FakeToken::github_classic(GH_CLASSIC, "octocat", &["repo"]));
    let v = validator();
    for (p, token) in [
        (Provider::Github, GH_CLASSIC),
        (Provider::Gitlab, GL_PAT),
        (Provider::Bitbucket, BB_API),
        (Provider::Gitea, GITEA),
    ] {
        match v.validate(&spec(&a, p), &secret(token)).await {
            Err(ForgeError::BadBaseUrl { detail, .. }) => {
                assert!(detail.contains("redirects to http://127.0.0.1"), "{detail}")
            }
            other => panic!("{p}: expected bad_base_url, got {other:?}"),
        }
    }
    assert!(!a.requests().is_empty());
    assert!(
        b.requests().is_empty(),
        "the other host saw requests: {:?}",
        b.requests()
    );
}

/// Serves `GET /gitea/api/v1/user`: the first connection is closed after the
/// request is read (no answer), the second gets a Gitea user. Returns the port and
/// a handle yielding how many connections were accepted.
async fn flaky_server() -> (u16, tokio::task::JoinHandle<usize>) {
    let listener = match TcpListener::bind("127.0.0.1:0").await {
        Ok(l) => l,
        Err(e) => panic!("bind: {e}"),
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or_default();
    let task = tokio::spawn(async move {
        let mut accepted = 0;
        while accepted < 2 {
            let Ok((mut sock, _)) = listener.accept().await else {
                break;
            };
            accepted += 1;
            let mut buf = vec![0u8; 4096];
            let mut seen = Vec::new();
            while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                match sock.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => seen.extend_from_slice(&buf[..n]),
                }
            }
            if accepted == 1 {
                drop(sock);
                continue;
            }
            let body = r#"{"id":7,"login":"gitte","full_name":"Gitte","email":"g@example.com","avatar_url":"http://127.0.0.1/a.png"}"#;
            let resp = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = sock.write_all(resp.as_bytes()).await;
            let _ = sock.shutdown().await;
        }
        accepted
    });
    (port, task)
}

#[tokio::test]
async fn a_connection_closed_before_the_answer_is_retried_once() {
    let (port, server) = flaky_server().await;
    let s = ampel_forge::AccountSpec::new(Provider::Gitea)
        .with_base_url(format!("http://127.0.0.1:{port}/gitea"));
    let v = ok(validator().validate(&s, &secret(GITEA)).await);
    assert_eq!(v.identity.map(|i| i.login), Some("gitte".to_string()));
    assert_eq!(server.await.unwrap_or_default(), 2, "exactly one retry");
}

#[tokio::test]
async fn tls_to_a_plain_http_server_is_a_tls_failure() {
    let ff = forge().await;
    let s = ampel_forge::AccountSpec::new(Provider::Gitea)
        .with_base_url(format!("https://{}/gitea", ff.addr()));
    match validator().validate(&s, &secret(GITEA)).await {
        Err(ForgeError::Unreachable { reason, url }) => {
            assert_eq!(reason, Unreachable::Tls);
            assert!(url.starts_with("https://127.0.0.1:"));
        }
        other => panic!("expected unreachable/tls, got {other:?}"),
    }
}
