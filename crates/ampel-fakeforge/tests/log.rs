//! The request log records method, path, forge and credential kind — never the
//! credential — and faults and tokens can be changed while the server runs.

use ampel_core::Provider;
use ampel_fakeforge::{AuthKind, FakeForge, FakeToken, Fault};
use std::io::{Read, Write};

fn get(addr: std::net::SocketAddr, path: &str, auth: &str) -> String {
    let Ok(mut s) = std::net::TcpStream::connect(addr) else {
        panic!("connect {addr}");
    };
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{auth}Connection: close\r\n\r\n");
    let _ = s.write_all(req.as_bytes());
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_has_auth_kinds_but_no_secrets() {
    let ff = match FakeForge::start().await {
        Ok(f) => f,
        Err(e) => panic!("start: {e}"),
    };
    let token = "glpat-LogTestSecret00000";
    ff.add_token(FakeToken::gitlab_pat(token, "tanuki", &["api"]));
    let addr = ff.addr();
    let out = tokio::task::spawn_blocking(move || {
        let a = get(
            addr,
            "/gitlab/api/v4/user",
            &format!("PRIVATE-TOKEN: {token}\r\n"),
        );
        let b = get(
            addr,
            "/gitlab/api/v4/user?x=1",
            &format!("Authorization: Bearer {token}\r\n"),
        );
        let c = get(addr, "/gitea/api/v1/version", "");
        (a, b, c)
    })
    .await;
    let (a, b, c) = match out {
        Ok(t) => t,
        Err(e) => panic!("join: {e}"),
    };
    assert!(
        a.starts_with("HTTP/1.1 200") && b.starts_with("HTTP/1.1 200"),
        "{a}\n{b}"
    );
    assert!(c.contains("\"version\""), "{c}");
    let log = ff.requests();
    let kinds: Vec<AuthKind> = log.iter().map(|r| r.auth).collect();
    assert_eq!(
        kinds,
        vec![AuthKind::PrivateToken, AuthKind::Bearer, AuthKind::None]
    );
    assert_eq!(log[1].path, "/gitlab/api/v4/user", "no query string");
    assert_eq!(log[0].provider, Some(Provider::Gitlab));
    let dump = format!(
        "{log:?} {}",
        serde_json::to_string(&log).unwrap_or_default()
    );
    assert!(!dump.contains("LogTestSecret"), "{dump}");

    ff.set_fault_on(
        Provider::Gitlab,
        "/personal_access_tokens/self",
        Fault::ServerError,
    );
    let addr = ff.addr();
    let out = tokio::task::spawn_blocking(move || {
        let auth = format!("Authorization: Bearer {token}\r\n");
        (
            get(addr, "/gitlab/api/v4/user", &auth),
            get(addr, "/gitlab/api/v4/personal_access_tokens/self", &auth),
        )
    })
    .await;
    let (user, me) = out.unwrap_or_default();
    assert!(user.starts_with("HTTP/1.1 200"), "{user}");
    assert!(me.starts_with("HTTP/1.1 500"), "{me}");
}
