//! The `accounts` and `vault` commands end to end through the real binary and
//! the real keyring: outputs, exit codes, and refusals that write nothing.

mod common;

use common::{code, text, token, Env};

#[test]
fn manage_an_account_from_add_to_remove() {
    let env = Env::new("crud");
    let out = env.add("Work", &token("crud"));
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("not verified"));
    assert!(
        !text(&out.stdout).contains(&token("crud")),
        "only a hint is printed"
    );

    let list = env.list_json();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["validation"], "not_verified");
    assert_eq!(list[0]["token_state"], "ok");
    assert_eq!(list[0]["token_hint"], "ghp_…QQQQ");
    assert!(!serde_json::to_string(&list)
        .expect("json")
        .contains("ghp_crud"));

    assert_eq!(
        code(&env.run(&["accounts", "rename", "work", "Personal"], "")),
        0
    );
    assert_eq!(code(&env.run(&["accounts", "disable", "Personal"], "")), 0);
    assert_eq!(env.list_json()[0]["enabled"], false);
    assert_eq!(code(&env.run(&["accounts", "enable", "Personal"], "")), 0);
    assert_eq!(env.list_json()[0]["enabled"], true);
    let set = env.run(
        &["accounts", "set-token", "Personal", "--token-stdin"],
        "glpat-newtoken1234\n",
    );
    assert_eq!(code(&set), 0, "{}", text(&set.stderr));
    assert_eq!(env.list_json()[0]["token_hint"], "glpat-…1234");

    let table = env.run(&["accounts", "list"], "");
    assert!(text(&table.stdout).contains("Personal"));

    let dup = env.add("personal", &token("dup"));
    assert_eq!(code(&dup), 2);
    assert!(text(&dup.stderr).contains("error[duplicate_name]"));

    assert_eq!(code(&env.run(&["accounts", "remove", "Personal"], "")), 0);
    assert!(env.list_json().is_empty());
    let gone = env.run(&["accounts", "remove", "Personal"], "");
    assert_eq!(code(&gone), 4);
    assert!(text(&gone.stderr).contains("error[not_found]"));
}

#[test]
fn tokens_on_the_command_line_are_refused_without_touching_anything() {
    let env = Env::new("argv");
    let tok = token("argv");
    for args in [
        vec![
            "accounts",
            "add",
            "--provider",
            "github",
            "--name",
            "x",
            "--token-stdin",
            tok.as_str(),
        ],
        vec![
            "accounts",
            "add",
            "--provider",
            "github",
            "--name",
            tok.as_str(),
            "--token-stdin",
        ],
        vec!["accounts", "rename", "x", tok.as_str()],
    ] {
        let out = env.run(&args, "");
        assert_eq!(code(&out), 2, "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("looks like a token") && err.contains("--token-stdin"),
            "{err}"
        );
        assert!(!err.contains(&tok), "the token is not echoed");
    }
    assert!(env.all_files().is_empty(), "no database was even created");
    let no_flag = env.run(
        &["accounts", "add", "--provider", "github", "--name", "x"],
        &tok,
    );
    assert_eq!(code(&no_flag), 2);
    assert!(text(&no_flag.stderr).contains("--token-stdin"));
}

#[test]
fn bad_input_gives_a_clear_error_and_writes_nothing() {
    let env = Env::new("badinput");
    let long = "n".repeat(10_000);
    let good = format!("{}\n", token("good"));
    let cases: Vec<(Vec<&str>, String, &str)> = vec![
        (vec!["--name", ""], good.clone(), "name"),
        (vec!["--name", "   "], good.clone(), "name"),
        (vec!["--name", &long], good.clone(), "name"),
        (vec!["--name", "bell\u{7}"], good.clone(), "name"),
        (vec!["--name", "ok"], String::new(), "token"),
        (vec!["--name", "ok"], " \n\t\n".into(), "token"),
        (vec!["--name", "ok"], "x".repeat(10_000), "token"),
        (
            vec!["--name", "ok"],
            "ghp_abc\u{1}defghijklmnopq\n".into(),
            "token",
        ),
        (
            vec!["--name", "ok", "--provider", "sourcehut"],
            good.clone(),
            "unknown provider",
        ),
        (
            vec!["--name", "ok", "--base-url", "file:///etc/passwd"],
            good.clone(),
            "base_url",
        ),
        (
            vec!["--name", "ok", "--base-url", "javascript:alert(1)"],
            good.clone(),
            "base_url",
        ),
        (
            vec!["--name", "ok", "--base-url", "https://"],
            good.clone(),
            "base_url",
        ),
        (
            vec![
                "--name",
                "ok",
                "--base-url",
                "https://me:pw@git.example.com",
            ],
            good.clone(),
            "base_url",
        ),
        (
            vec!["--name", "ok", "--base-url", "http://git.example.com"],
            good.clone(),
            "https",
        ),
    ];
    for (extra, stdin, expect) in cases {
        let mut args = vec!["accounts", "add", "--token-stdin", "--no-test"];
        if !extra.contains(&"--provider") {
            args.extend(["--provider", "gitea"]);
            if !extra.contains(&"--base-url") {
                args.extend(["--base-url", "https://codeberg.org"]);
            }
        }
        args.extend(extra.iter().copied());
        let out = env.run(&args, &stdin);
        let err = text(&out.stderr);
        assert_eq!(code(&out), 2, "{args:?}: {err}");
        assert!(
            err.contains("error[invalid_input]") && err.contains(expect),
            "{expect}: {err}"
        );
        assert!(!err.contains("ghp_good"), "no token in {err}");
    }
    assert!(env.list_json().is_empty(), "nothing written");
    // A trailing newline (and surrounding blanks) is stripped, not refused.
    let ok = env.add("Trimmed", &format!("  {}  \r", token("trim")));
    assert_eq!(code(&ok), 0, "{}", text(&ok.stderr));
}

#[test]
fn an_unavailable_keyring_is_a_coded_error_with_the_fix() {
    let env = Env::new("nokeyring");
    let out = env
        .command(&[
            "accounts",
            "add",
            "--provider",
            "github",
            "--name",
            "x",
            "--token-stdin",
            "--no-test",
        ])
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/ampel-bus",
        )
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            if let Some(mut s) = c.stdin.take() {
                let _ = s.write_all(token("nokr").as_bytes());
            }
            c.wait_with_output()
        })
        .expect("run");
    let err = text(&out.stderr);
    assert_eq!(code(&out), 3, "{err}");
    assert!(err.contains("error[keyring_unavailable]"), "{err}");
    assert!(
        err.contains("gnome-keyring") && err.contains("--insecure-key-file"),
        "{err}"
    );
    assert!(
        env.list_json().is_empty(),
        "never a silent fallback: nothing saved"
    );
    assert!(
        !env.data_dir().join(ampel_store::KEY_FILE_NAME).exists(),
        "no key file written"
    );
}

#[test]
fn weaker_mode_is_opt_in_and_visibly_reported() {
    let env = Env::new("weaker");
    let mut cmd = env.command(&["--insecure-key-file", "vault", "status", "--json"]);
    let out = cmd.output().expect("run");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("WEAKER MODE"));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(status["weaker_mode"], true);
    assert_eq!(status["source"], "file");

    let add = env.run(
        &[
            "--insecure-key-file",
            "accounts",
            "add",
            "--provider",
            "github",
            "--name",
            "w",
            "--token-stdin",
            "--no-test",
        ],
        &token("weak"),
    );
    assert_eq!(code(&add), 0, "{}", text(&add.stderr));
    let text_status = env.run(&["--insecure-key-file", "vault", "status"], "");
    assert!(text(&text_status.stdout).contains("WEAKER"));
    // Without the flag the keyring is used, which does not hold that key.
    let normal = env.list_json();
    assert_eq!(normal[0]["token_state"], "must_reenter");
}

#[test]
fn a_lost_keyring_key_shows_must_reenter_and_set_token_recovers() {
    let env = Env::new("lostkey");
    assert_eq!(code(&env.add("A", &token("a"))), 0);
    assert_eq!(code(&env.add("B", &token("b"))), 0);
    env.source()
        .delete(ampel_store::vault::Slot::Live)
        .expect("delete key");
    let list = env.list_json();
    assert_eq!(list.len(), 2, "metadata intact");
    assert!(list.iter().all(|a| a["token_state"] == "must_reenter"));
    let table = text(&env.run(&["accounts", "list"], "").stdout);
    assert!(table.contains("token must be re-entered"), "{table}");
    let status = text(&env.run(&["vault", "status"], "").stdout);
    assert!(status.contains("key:               missing"), "{status}");

    let set = env.run(
        &["accounts", "set-token", "A", "--token-stdin"],
        &token("a2"),
    );
    assert_eq!(code(&set), 0, "{}", text(&set.stderr));
    let list = env.list_json();
    let state = |n: &str| {
        list.iter()
            .find(|a| a["name"] == n)
            .map(|a| a["token_state"].clone())
    };
    assert_eq!(state("A"), Some("ok".into()));
    assert_eq!(state("B"), Some("must_reenter".into()));
}

#[test]
fn vault_rotate_keeps_every_account_usable() {
    let env = Env::new("rotate");
    for n in ["A", "B", "C"] {
        assert_eq!(code(&env.add(n, &token(n))), 0);
    }
    let out = env.run(&["vault", "rotate"], "");
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("3 token(s) re-encrypted"));
    assert!(env.list_json().iter().all(|a| a["token_state"] == "ok"));
}
