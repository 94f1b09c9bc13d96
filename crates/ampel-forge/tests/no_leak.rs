//! Distinctive tokens are fed through every success and failure path; no error
//! text, Debug output, JSON report or log line may contain any part of them.

mod support;

use ampel_core::{Provider, Secret};
use ampel_fakeforge::{FakeForge, FakeToken, Fault};
use ampel_forge::AccountSpec;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use support::*;
use time::OffsetDateTime;

/// Every canary contains this marker, so partial leaks are caught too.
const MARK: &str = "LEAKCANARY";

const GH: &str = "ghp_LEAKCANARYgithub00000000000000000001";
const GH_FINE: &str =
    "github_pat_11LEAKCANARY0000000000001_LEAKCANARYfinegrained000000000000000000000000000000000001";
const GL: &str = "glpat-LEAKCANARYgitlab0001";
const BB: &str = "ATATT3xFfGF0LEAKCANARYbitbucket0000000000000001=DEADBEEF";
const BB_ACC: &str = "ATCTT3xFfGN0LEAKCANARYaccess00000000000000001=DEADBEE0";
const BB_APP: &str = "ATBBLEAKCANARYapppassword00001";
const GT: &str = "LEAKCANARYgitea00000000000000000000000001";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// All that one validation exposes: Display, Debug, JSON of the result and of the
/// report, with the outcome's code.
async fn outputs(spec: &AccountSpec, token: &str) -> (&'static str, Vec<String>) {
    let v = validator();
    let secret = Secret::new(token.to_string());
    let mut out = Vec::new();
    let code = match v.validate(spec, &secret).await {
        Ok(val) => {
            out.push(format!("{val:?}"));
            out.push(serde_json::to_string(&val).unwrap_or_default());
            "ok"
        }
        Err(e) => {
            out.push(e.to_string());
            out.push(format!("{e:?}"));
            out.push(serde_json::to_string(&e.report()).unwrap_or_default());
            e.code()
        }
    };
    let report = v.test_connection(spec, &secret).await;
    out.push(format!("{report:?}"));
    out.push(serde_json::to_string(&report).unwrap_or_default());
    out.push(format!("{secret:?} {secret}"));
    (code, out)
}

fn register(ff: &FakeForge, expired: bool) {
    let when = if expired {
        OffsetDateTime::now_utc() - time::Duration::days(1)
    } else {
        OffsetDateTime::now_utc() + time::Duration::days(9)
    };
    ff.add_token(FakeToken::github_classic(GH, "leaky", &["read:user"]).expires_at(when));
    ff.add_token(FakeToken::github_fine_grained(GH_FINE, "leaky").expires_at(when));
    ff.add_token(FakeToken::gitlab_pat(GL, "leaky", &["read_repository"]).expires_at(when));
    ff.add_token(
        FakeToken::bitbucket_api_token(BB, BB_EMAIL, "leaky", &["read:repository:bitbucket"])
            .expires_at(when),
    );
    ff.add_token(FakeToken::bitbucket_access_token(
        BB_ACC,
        "workspace_access_token",
        &[],
    ));
    ff.add_token(FakeToken::bitbucket_app_password(BB_APP, "leaky"));
    ff.add_token(FakeToken::gitea(GT, "leaky", &["read:repository"]));
}

fn cases(ff: &FakeForge, closed: u16) -> Vec<(AccountSpec, &'static str)> {
    let mut out = Vec::new();
    let all = [
        (Provider::Github, GH),
        (Provider::Github, GH_FINE),
        (Provider::Gitlab, GL),
        (Provider::Bitbucket, BB),
        (Provider::Bitbucket, BB_ACC),
        (Provider::Bitbucket, BB_APP),
        (Provider::Gitea, GT),
    ];
    for (p, t) in all {
        let base = ff.base_url(p);
        let plain = AccountSpec::new(p).with_base_url(base.clone());
        let user = if t == BB_APP { "leaky" } else { BB_EMAIL };
        let with_user = if p == Provider::Bitbucket && t != BB_ACC {
            plain.clone().with_username(user)
        } else {
            plain.clone()
        };
        let mut known_expired = with_user.clone();
        known_expired.last_known_expiry = Some(OffsetDateTime::now_utc() - time::Duration::days(1));
        out.push((with_user.clone(), t));
        out.push((plain.clone(), t));
        out.push((known_expired, t));
        // The token pasted into the base URL (path, host, userinfo).
        out.push((with_user.clone().with_base_url(format!("{base}/{t}")), t));
        out.push((
            with_user
                .clone()
                .with_base_url(format!("http://{t}.example")),
            t,
        ));
        out.push((
            with_user
                .clone()
                .with_base_url(format!("https://me:{t}@forge.invalid")),
            t,
        ));
        out.push((
            with_user
                .clone()
                .with_base_url(format!("http://127.0.0.1:{closed}/{t}")),
            t,
        ));
        // The token pasted as the username.
        out.push((plain.clone().with_username(t), t));
        // Whitespace around it.
        out.push((with_user, t));
    }
    out
}

#[tokio::test]
async fn no_token_in_errors_debug_json_or_logs() {
    let logs = Captured::default();
    let sink = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let ff = forge().await;
    let closed = closed_port().await;
    let faults = [
        None,
        Some(Fault::Unauthorized),
        Some(Fault::Forbidden),
        Some(Fault::SsoRequired),
        Some(Fault::RateLimited {
            retry_after_secs: 5,
        }),
        Some(Fault::RateLimitExhausted { reset_in_secs: 5 }),
        Some(Fault::ServerError),
        Some(Fault::HtmlLoginPage),
        Some(Fault::InvalidJson),
        Some(Fault::UnexpectedJson),
        Some(Fault::NotFound),
        Some(Fault::Slow(Duration::from_secs(3))),
        Some(Fault::RedirectTo("http://127.0.0.1:9".into())),
    ];
    let mut codes = std::collections::BTreeSet::new();
    let mut checked = 0;
    for expired in [false, true] {
        register(&ff, expired);
        for fault in &faults {
            if expired && matches!(fault, Some(Fault::Slow(_))) {
                continue;
            }
            ff.clear_faults();
            if let Some(f) = fault {
                for p in Provider::ALL {
                    ff.set_fault(p, f.clone());
                }
            }
            // The slow fault (1.5 s per call) only needs one case per token.
            let all = cases(&ff, closed);
            let list: Vec<_> = if matches!(fault, Some(Fault::Slow(_))) {
                all.into_iter().step_by(9).take(2).collect()
            } else {
                all
            };
            for (spec, token) in list {
                for t in [token.to_string(), format!("  {token}\r\n")] {
                    let (code, texts) = outputs(&spec, &t).await;
                    codes.insert(code);
                    for text in texts {
                        assert!(
                            !text.contains(MARK),
                            "token leaked for {spec:?} with {fault:?}: {text}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    let log_text =
        String::from_utf8_lossy(&logs.0.lock().unwrap_or_else(|e| e.into_inner())).to_string();
    assert!(!log_text.is_empty(), "the logs were captured");
    assert!(!log_text.contains(MARK), "token in a log line");
    for c in [
        "invalid_token",
        "token_expired",
        "insufficient_scope",
        "sso_required",
        "rate_limited",
        "unreachable",
        "not_a_forge",
        "bitbucket_app_password_removed",
        "bad_base_url",
        "forbidden",
        "server_error",
    ] {
        assert!(codes.contains(c), "path {c} not exercised: {codes:?}");
    }
    assert!(checked > 1000, "{checked}");
}
