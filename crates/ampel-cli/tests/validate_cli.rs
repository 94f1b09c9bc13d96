//! `ampel-cli test`, `accounts add` and `accounts test` against ampel-fakeforge:
//! the `--json` output and exit code for each forge × outcome, and no token in any
//! output.

use ampel_core::Provider;
use ampel_fakeforge::{FakeForge, FakeToken, Fault};
use serde_json::Value;
use std::process::Stdio;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ampel-cli");
const GH: &str = "ghp_CliTestClassicToken00000000000000001";
const GL: &str = "glpat-CliTestGitLabToken001";
const BB: &str = "ATATT3xFfGF0CliTestBitbucketToken000000000001=ABCDEF01";
const BB_APP: &str = "ATBBCliTestAppPassword00000001";
const GT: &str = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
const EMAIL: &str = "dev@example.com";
const ALL: [&str; 5] = [GH, GL, BB, BB_APP, GT];

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

async fn cli(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> Run {
    let mut child = match Command::new(BIN)
        .env_remove("AMPEL_DATA_DIR")
        .env_remove("AMPEL_KEYRING_SERVICE")
        .env_remove("AMPEL_INSECURE_KEY_FILE")
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("spawn {BIN}: {e}"),
    };
    if let Some(mut pipe) = child.stdin.take() {
        let _ = pipe.write_all(stdin.as_bytes()).await;
    }
    let out = match child.wait_with_output().await {
        Ok(o) => o,
        Err(e) => panic!("wait: {e}"),
    };
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    for t in ALL {
        assert!(
            !stdout.contains(t) && !stderr.contains(t),
            "token in output of {args:?}"
        );
    }
    Run {
        code: out.status.code().unwrap_or(-1),
        json: serde_json::from_str(&stdout).unwrap_or(Value::Null),
        stderr,
    }
}

async fn forge() -> FakeForge {
    match FakeForge::start().await {
        Ok(f) => f,
        Err(e) => panic!("fake forge: {e}"),
    }
}

fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("temp dir: {e}"),
    }
}

fn token_for(p: Provider) -> &'static str {
    match p {
        Provider::Github => GH,
        Provider::Gitlab => GL,
        Provider::Bitbucket => BB,
        Provider::Gitea => GT,
    }
}

fn register(ff: &FakeForge) {
    ff.add_token(FakeToken::github_classic(
        GH,
        "octocat",
        &["repo", "read:org", "read:user"],
    ));
    ff.add_token(FakeToken::gitlab_pat(GL, "tanuki", &["read_api"]));
    ff.add_token(FakeToken::bitbucket_api_token(
        BB,
        EMAIL,
        "bbdev",
        &[
            "read:user:bitbucket",
            "read:workspace:bitbucket",
            "read:repository:bitbucket",
            "read:pullrequest:bitbucket",
        ],
    ));
    ff.add_token(FakeToken::bitbucket_app_password(BB_APP, "bbdev"));
    ff.add_token(FakeToken::gitea(GT, "gitte", &["all"]));
}

/// `ampel-cli test --json` for `p` with `token` at `base`.
async fn test_cmd(
    dir: &std::path::Path,
    p: Provider,
    base: &str,
    user: Option<&str>,
    token: &str,
) -> Run {
    let mut args = vec![
        "test",
        "--provider",
        p.as_str(),
        "--base-url",
        base,
        "--token-stdin",
        "--json",
    ];
    if let Some(u) = user {
        args.extend(["--username", u]);
    }
    cli(dir, &args, &format!("{token}\n")).await
}

fn user_for(p: Provider) -> Option<&'static str> {
    (p == Provider::Bitbucket).then_some(EMAIL)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_command_json_and_exit_code_for_each_forge_and_outcome() {
    let ff = forge().await;
    register(&ff);
    let dir = tempdir();
    let closed = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await;
        l.and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(9)
    };
    let faults: Vec<(Option<Fault>, &str, i32)> = vec![
        (None, "ok", 0),
        (Some(Fault::Unauthorized), "invalid_token", 7),
        (Some(Fault::Forbidden), "forbidden", 7),
        (
            Some(Fault::RateLimited {
                retry_after_secs: 60,
            }),
            "rate_limited",
            8,
        ),
        (Some(Fault::ServerError), "server_error", 8),
        (Some(Fault::HtmlLoginPage), "not_a_forge", 8),
        (Some(Fault::InvalidJson), "not_a_forge", 8),
    ];
    for p in Provider::ALL {
        let base = ff.base_url(p);
        for (fault, want, exit) in &faults {
            ff.clear_faults();
            if let Some(f) = fault {
                ff.set_fault(p, f.clone());
            }
            let r = test_cmd(dir.path(), p, &base, user_for(p), token_for(p)).await;
            assert_eq!(r.code, *exit, "{p} {want}: {}", r.stderr);
            if *want == "ok" {
                assert_eq!(r.json["ok"], true, "{p}");
                assert!(
                    r.json["validation"]["identity"]["login"].is_string(),
                    "{p}: {}",
                    r.json
                );
                assert!(r.json["validation"]["token_kind"].is_string());
            } else {
                assert_eq!(r.json["ok"], false, "{p}");
                assert_eq!(r.json["error"]["code"], *want, "{p}: {}", r.json);
                assert!(r.stderr.contains(&format!("error[{want}]")), "{}", r.stderr);
            }
            if *want == "rate_limited" {
                assert_eq!(r.json["error"]["retry_after_secs"], 60);
            }
        }
        ff.clear_faults();
        // Unknown token.
        let r = test_cmd(
            dir.path(),
            p,
            &base,
            user_for(p),
            "ghp_CliTestUnknown000000000000000000001",
        )
        .await;
        assert_eq!(
            (r.code, r.json["error"]["code"].as_str()),
            (7, Some("invalid_token")),
            "{p}"
        );
        // Nothing listening.
        let dead = format!("http://127.0.0.1:{closed}/{}", p.as_str());
        let r = test_cmd(dir.path(), p, &dead, user_for(p), token_for(p)).await;
        assert_eq!(r.code, 8, "{p}");
        assert_eq!(r.json["error"]["code"], "unreachable");
        assert_eq!(r.json["error"]["reason"], "refused");
        assert!(r.json["error"]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with(&dead)));
        // Plain http to a non-loopback host: bad input, no call.
        let r = test_cmd(
            dir.path(),
            p,
            "http://forge.invalid",
            user_for(p),
            token_for(p),
        )
        .await;
        assert_eq!(
            (r.code, r.json["error"]["code"].as_str()),
            (2, Some("bad_base_url")),
            "{p}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_command_forge_specific_outcomes() {
    let ff = forge().await;
    register(&ff);
    let dir = tempdir();
    let d = dir.path();
    let base = |p: Provider| ff.base_url(p);

    // GitHub: SSO, insufficient scope.
    ff.set_fault(Provider::Github, Fault::SsoRequired);
    let r = test_cmd(d, Provider::Github, &base(Provider::Github), None, GH).await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (7, Some("sso_required"))
    );
    assert!(r.json["error"]["authorize_url"].is_string());
    ff.clear_faults();
    let narrow = "ghp_CliTestNarrowToken00000000000000001";
    ff.add_token(FakeToken::github_classic(narrow, "octocat", &["read:user"]));
    let r = test_cmd(d, Provider::Github, &base(Provider::Github), None, narrow).await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (7, Some("insufficient_scope"))
    );
    assert_eq!(r.json["error"]["missing"], serde_json::json!(["repo"]));
    assert_eq!(
        r.json["error"]["validation"]["identity"]["login"],
        "octocat"
    );

    // GitLab: expired, insufficient scope, success details.
    let r = test_cmd(d, Provider::Gitlab, &base(Provider::Gitlab), None, GL).await;
    assert_eq!(
        r.json["validation"]["scopes"],
        serde_json::json!(["read_api"])
    );
    assert_eq!(
        r.json["validation"]["missing_write"],
        serde_json::json!(["api"])
    );
    ff.add_token(
        FakeToken::gitlab_pat(GL, "tanuki", &["api"])
            .expires_at(time::OffsetDateTime::now_utc() - time::Duration::days(1)),
    );
    let r = test_cmd(d, Provider::Gitlab, &base(Provider::Gitlab), None, GL).await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (7, Some("token_expired"))
    );
    ff.add_token(FakeToken::gitlab_pat(GL, "tanuki", &["read_repository"]));
    let r = test_cmd(d, Provider::Gitlab, &base(Provider::Gitlab), None, GL).await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (7, Some("insufficient_scope"))
    );
    assert_eq!(r.json["error"]["missing"], serde_json::json!(["read_api"]));

    // Bitbucket: app password, missing email, missing scope.
    let r = test_cmd(
        d,
        Provider::Bitbucket,
        &base(Provider::Bitbucket),
        Some("bbdev"),
        BB_APP,
    )
    .await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (7, Some("bitbucket_app_password_removed"))
    );
    assert!(r.json["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("API token")));
    let r = test_cmd(d, Provider::Bitbucket, &base(Provider::Bitbucket), None, BB).await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (2, Some("missing_username"))
    );
    ff.add_token(FakeToken::bitbucket_api_token(
        BB,
        EMAIL,
        "bbdev",
        &["read:repository:bitbucket"],
    ));
    let r = test_cmd(
        d,
        Provider::Bitbucket,
        &base(Provider::Bitbucket),
        Some(EMAIL),
        BB,
    )
    .await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (7, Some("insufficient_scope"))
    );
    assert_eq!(
        r.json["error"]["missing"],
        serde_json::json!(["read:user:bitbucket"])
    );

    // Gitea: missing scope named from the 403 message.
    ff.add_token(FakeToken::gitea(GT, "gitte", &["read:repository"]));
    let r = test_cmd(d, Provider::Gitea, &base(Provider::Gitea), None, GT).await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (7, Some("insufficient_scope"))
    );
    assert_eq!(r.json["error"]["missing"], serde_json::json!(["read:user"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_add_validates_unless_no_test_and_accounts_test_records() {
    let ff = forge().await;
    register(&ff);
    let dir = tempdir();
    let d = dir.path();
    let base = ff.base_url(Provider::Gitlab);
    let add = |name: &'static str, extra: &'static [&'static str]| {
        let base = base.clone();
        async move {
            let mut args = vec![
                "--insecure-key-file",
                "accounts",
                "add",
                "--provider",
                "gitlab",
                "--name",
                name,
                "--base-url",
                base.as_str(),
                "--token-stdin",
                "--json",
            ];
            args.extend(extra);
            cli(d, &args, &format!("{GL}\n")).await
        }
    };
    // Validated add: stored with identity, scopes, expiry, time and outcome.
    let r = add("Work", &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json["validation"], "verified");
    assert_eq!(r.json["identity"]["login"], "tanuki");
    assert_eq!(r.json["scopes"], serde_json::json!(["read_api"]));
    assert_eq!(r.json["token_kind"], "gitlab_personal");
    assert!(r.json["last_validated_at"].is_string());
    assert_eq!(ff.requests().len(), 2);

    // The same user again is refused as a duplicate.
    let r = add("Work again", &[]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("error[duplicate_account]"));

    // A refused token is not saved.
    ff.add_token(FakeToken::gitlab_pat(GL, "tanuki", &["api"]).revoked());
    let r = add("Refused", &[]).await;
    assert_eq!(
        (r.code, r.json["error"]["code"].as_str()),
        (7, Some("invalid_token"))
    );

    // --no-test saves without asking.
    ff.clear_requests();
    let r = add("Offline", &["--no-test"]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json["validation"], "not_verified");
    assert!(ff.requests().is_empty(), "no call with --no-test");

    // accounts test NAME: network trouble is reported (exit 8) but not recorded.
    ff.set_fault(Provider::Gitlab, Fault::ServerError);
    let r = cli(
        d,
        &[
            "--insecure-key-file",
            "accounts",
            "test",
            "Offline",
            "--json",
        ],
        "",
    )
    .await;
    assert_eq!(r.code, 8, "{}", r.stderr);
    assert_eq!(r.json["report"]["error"]["code"], "server_error");
    assert_eq!(r.json["account"]["validation"], "not_verified");
    ff.clear_faults();

    // A revoked token is recorded as failed with its diagnosis.
    let r = cli(
        d,
        &[
            "--insecure-key-file",
            "accounts",
            "test",
            "Offline",
            "--json",
        ],
        "",
    )
    .await;
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert_eq!(r.json["account"]["validation"], "failed");
    assert_eq!(r.json["account"]["validation_detail"], "invalid_token");

    // A working token again: verified, identity recorded.
    ff.add_token(FakeToken::gitlab_pat(GL, "tanuki", &["api"]));
    let r = cli(
        d,
        &["--insecure-key-file", "accounts", "test", "Work", "--json"],
        "",
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json["report"]["ok"], true);
    assert_eq!(r.json["account"]["validation"], "verified");
    assert_eq!(r.json["account"]["scopes"], serde_json::json!(["api"]));
    let r = cli(d, &["--insecure-key-file", "accounts", "test", "Nope"], "").await;
    assert_eq!(r.code, 4, "{}", r.stderr);
}

/// One http rule for test, add, replace and sync: `http://x.localhost` (a name the
/// resolver answers, not a loopback literal) is refused by every path before any
/// request reaches the fake forge.
#[tokio::test]
async fn plain_http_to_a_localhost_subdomain_is_refused_by_every_path_before_any_request() {
    let ff = forge().await;
    register(&ff);
    let dir = tempdir();
    let d = dir.path();
    let good = ff.base_url(Provider::Gitea);
    let bad = good.replacen("127.0.0.1", "x.localhost", 1);
    assert_ne!(good, bad, "{good}");
    let refused = |r: &Run, what: &str| {
        assert_ne!(r.code, 0, "{what}: {}", r.stderr);
        let coded = r.json["error"]["code"] == "bad_base_url"
            || r.stderr.contains("bad_base_url")
            || r.stderr.contains("invalid_input");
        assert!(coded, "{what}: {} {}", r.json, r.stderr);
    };

    // test
    let r = test_cmd(d, Provider::Gitea, &bad, None, GT).await;
    refused(&r, "test");
    assert_eq!(r.json["error"]["code"], "bad_base_url", "{}", r.json);

    // add, validated and not
    for extra in [&[][..], &["--no-test"][..]] {
        let mut args = vec![
            "--insecure-key-file",
            "accounts",
            "add",
            "--provider",
            "gitea",
            "--name",
            "Local",
            "--base-url",
            bad.as_str(),
            "--token-stdin",
            "--json",
        ];
        args.extend(extra);
        let r = cli(d, &args, &format!("{GT}\n")).await;
        refused(&r, &format!("add {extra:?}"));
    }

    // An account stored before this rule (written into the database directly).
    let args = [
        "--insecure-key-file",
        "accounts",
        "add",
        "--provider",
        "gitea",
        "--name",
        "Local",
        "--base-url",
        good.as_str(),
        "--token-stdin",
        "--no-test",
        "--json",
    ];
    let r = cli(d, &args, &format!("{GT}\n")).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    {
        let store = match ampel_store::Store::open(d, ampel_store::KeySource::file_in(d)).await {
            Ok(s) => s,
            Err(e) => panic!("open: {e}"),
        };
        let done = sqlx::query("UPDATE accounts SET base_url = ? WHERE name = 'Local'")
            .bind(&bad)
            .execute(store.pool())
            .await;
        assert_eq!(done.map(|d| d.rows_affected()).ok(), Some(1));
        store.close().await;
    }

    // set-token, accounts test, sync
    let r = cli(
        d,
        &[
            "--insecure-key-file",
            "accounts",
            "set-token",
            "Local",
            "--token-stdin",
        ],
        &format!("{GT}\n"),
    )
    .await;
    // The CLI's set-token stores without asking the forge (nothing is sent); the
    // app's validated replace is covered in ampel-accounts' tests.
    assert_eq!(r.code, 0, "set-token: {}", r.stderr);
    let r = cli(
        d,
        &["--insecure-key-file", "accounts", "test", "Local", "--json"],
        "",
    )
    .await;
    assert_eq!(
        r.json["report"]["error"]["code"], "bad_base_url",
        "{}",
        r.json
    );
    let r = cli(d, &["--insecure-key-file", "sync", "--json"], "").await;
    assert!(
        r.json.to_string().contains("bad_base_url") || r.stderr.contains("bad_base_url"),
        "sync: {} {}",
        r.json,
        r.stderr
    );

    assert!(
        ff.requests().is_empty(),
        "the forge saw requests: {:?}",
        ff.requests()
    );
}
