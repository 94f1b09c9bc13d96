//! The `ampel-fakeforge` binary: prints its address and the demo tokens, and serves
//! them until stopped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

#[test]
fn demo_scenario_prints_its_address_and_accepts_the_demo_gitea_token() {
    let mut child = match Command::new(env!("CARGO_BIN_EXE_ampel-fakeforge"))
        .args(["--port", "0", "--scenario", "demo"])
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("spawn: {e}"),
    };
    let mut lines = Vec::new();
    if let Some(out) = child.stdout.take() {
        let mut reader = BufReader::new(out);
        while lines.len() < 11 {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => lines.push(line.trim_end().to_string()),
            }
        }
    }
    let first = lines.first().cloned().unwrap_or_default();
    let addr = first
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
        .to_string();
    let all = lines.join("\n");
    assert!(
        all.contains(ampel_fakeforge::scenario::DEMO_GITLAB_TOKEN),
        "{all}"
    );
    assert!(
        all.contains(ampel_fakeforge::scenario::DEMO_BITBUCKET_EMAIL),
        "{all}"
    );

    let response = match TcpStream::connect(&addr) {
        Ok(mut s) => {
            let req = format!(
                "GET /gitea/api/v1/user HTTP/1.1\r\nHost: {addr}\r\nAuthorization: token {}\r\nConnection: close\r\n\r\n",
                ampel_fakeforge::scenario::DEMO_GITEA_TOKEN
            );
            let _ = s.write_all(req.as_bytes());
            let mut body = String::new();
            let _ = s.read_to_string(&mut body);
            body
        }
        Err(e) => panic!("connect {addr}: {e}"),
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"login\":\"octo-demo\""), "{response}");
}
