//! Shared set-up for the integration tests: a fake forge on 127.0.0.1, a validator
//! with short timeouts, specs pointing at the fake, and fixture tokens.

#![allow(dead_code)]

use ampel_core::{Provider, Secret};
use ampel_fakeforge::FakeForge;
use ampel_forge::{AccountSpec, ForgeError, HttpConfig, Validation, Validator};
use std::time::Duration;

pub mod recheck;
pub mod turns;
pub mod watched;

pub const GH_CLASSIC: &str = "ghp_TestClassicToken0000000000000000001";
pub const GH_FINE: &str =
    "github_pat_11TESTFINE000000000000001_TestFineGrainedToken000000000000000000000000000000000001";
pub const GL_PAT: &str = "glpat-TestGitLabToken0001";
pub const BB_API: &str = "ATATT3xFfGF0TestBitbucketApiToken000000000001=ABCDEF01";
pub const BB_EMAIL: &str = "dev@example.com";
pub const BB_ACCESS: &str = "ATCTT3xFfGN0TestBitbucketAccessToken0000000001=ABCDEF02";
pub const GITEA: &str = "0123456789abcdef0123456789abcdef01234567";

/// Timeouts short enough for the slow-response tests.
pub fn config() -> HttpConfig {
    HttpConfig {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_millis(1500),
        ..HttpConfig::default()
    }
}

pub fn validator() -> Validator {
    match Validator::new(&config()) {
        Ok(v) => v,
        Err(e) => panic!("cannot build the HTTP client: {e}"),
    }
}

pub async fn forge() -> FakeForge {
    match FakeForge::start().await {
        Ok(f) => f,
        Err(e) => panic!("cannot start the fake forge: {e}"),
    }
}

/// A spec for `p` pointing at the fake forge (Bitbucket with [`BB_EMAIL`]).
pub fn spec(forge: &FakeForge, p: Provider) -> AccountSpec {
    let s = AccountSpec::new(p).with_base_url(forge.base_url(p));
    if p == Provider::Bitbucket {
        s.with_username(BB_EMAIL)
    } else {
        s
    }
}

pub fn secret(s: &str) -> Secret {
    Secret::new(s.to_string())
}

/// The error code, or `ok`.
pub fn code(r: &Result<Validation, ForgeError>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// The validation, or a panic naming the error.
pub fn ok(r: Result<Validation, ForgeError>) -> Validation {
    match r {
        Ok(v) => v,
        Err(e) => panic!("expected a validation, got {}: {e}", e.code()),
    }
}

/// The error, or a panic.
pub fn err(r: Result<Validation, ForgeError>) -> ForgeError {
    match r {
        Ok(v) => panic!("expected an error, got a validation for {:?}", v.identity),
        Err(e) => e,
    }
}

/// A 127.0.0.1 port nothing listens on.
pub async fn closed_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await;
    match l.and_then(|l| l.local_addr()) {
        Ok(a) => a.port(),
        Err(e) => panic!("cannot bind: {e}"),
    }
}

/// The outcome of action `a`, which must succeed.
pub fn expect_done(
    result: Result<ampel_forge::actions::Outcome, ampel_forge::actions::ActionError>,
    a: &ampel_forge::actions::Action,
) -> ampel_forge::actions::Outcome {
    match result {
        Ok(o) => o,
        Err(e) => panic!("{}: {} {e}", a.name(), e.code()),
    }
}

/// The refusal of action `a`, which must be refused; `token` appears nowhere in it.
pub fn expect_refused(
    result: Result<ampel_forge::actions::Outcome, ampel_forge::actions::ActionError>,
    a: &ampel_forge::actions::Action,
    token: &str,
) -> ampel_forge::actions::ActionError {
    match result {
        Ok(o) => panic!("{}: expected a refusal, got {o:?}", a.name()),
        Err(e) => {
            let json = match serde_json::to_string(&e.report()) {
                Ok(j) => j,
                Err(err) => panic!("report does not serialise: {err}"),
            };
            assert!(
                !json.contains(token) && !e.to_string().contains(token),
                "the token leaked into {json}"
            );
            e
        }
    }
}
