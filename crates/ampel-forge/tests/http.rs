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

/// The process's peak resident memory (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

#[tokio::test]
async fn an_answer_past_the_cap_is_refused_coded_and_memory_stays_small() {
    let f = forge().await;
    f.add_token(ampel_fakeforge::FakeToken::gitea(GITEA, "gitte", &["all"]));
    // A 1 GiB answer (valid JSON padded with spaces, streamed by the fake forge).
    f.set_fault(Provider::Gitea, Fault::HugeBody(1 << 30));
    let before = peak_rss();
    let e = err(validator()
        .validate(&spec(&f, Provider::Gitea), &secret(GITEA))
        .await);
    assert_eq!(e.code(), "not_a_forge", "{e:?}");
    assert!(
        matches!(&e, ForgeError::AnswerTooLarge { limit_bytes, .. } if *limit_bytes == 32 << 20),
        "{e:?}"
    );
    assert!(
        e.to_string().contains("not a forge answer (too large)"),
        "{e}"
    );
    let json = serde_json::to_value(e.report()).unwrap_or_default();
    assert_eq!(json["code"], "not_a_forge");
    let peak = peak_rss();
    eprintln!(
        "VmHWM before {} MiB, after {} MiB",
        before >> 20,
        peak >> 20
    );
    assert!(peak > 0, "VmHWM not readable");
    assert!(peak < 100 << 20, "peak RSS {} MiB", peak >> 20);

    // A large answer under the cap still reads.
    f.clear_faults();
    f.set_fault(Provider::Gitea, Fault::HugeBody(16 << 20));
    ok(validator()
        .validate(&spec(&f, Provider::Gitea), &secret(GITEA))
        .await);
}
