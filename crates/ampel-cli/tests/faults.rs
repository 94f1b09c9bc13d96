//! Faults with real processes: SIGKILL mid-write, two writers at once, and a
//! byte scan of everything on disk for tokens.

mod common;

use ampel_store::Store;
use common::{code, text, token, Env};
use std::collections::HashMap;
use std::time::Duration;

/// Every account in the database must decrypt to the token it was added with.
async fn check_intact(env: &Env, expected: &HashMap<String, String>) -> Vec<String> {
    let store = Store::open(env.data_dir(), env.source())
        .await
        .expect("database opens");
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("integrity_check");
    assert_eq!(check, "ok");
    let accounts = store.list_accounts().await.expect("list");
    let mut names = Vec::new();
    for acc in accounts {
        let want = expected.get(&acc.name).expect("only names we added");
        let got = store
            .decrypt_token(acc.id)
            .await
            .expect("committed token decrypts");
        assert_eq!(got.expose(), want, "{}", acc.name);
        names.push(acc.name);
    }
    store.close().await;
    names
}

#[tokio::test]
async fn sigkill_during_writes_never_corrupts_or_loses_committed_accounts() {
    let env = Env::new("sigkill");
    let mut expected = HashMap::new();
    let mut committed: Vec<String> = Vec::new();
    let mut killed = 0;
    for i in 0..50u64 {
        let name = format!("acct-{i:02}");
        let tok = token(&format!("k{i:02}"));
        expected.insert(name.clone(), tok.clone());
        let mut child = env.spawn(
            &[
                "accounts",
                "add",
                "--provider",
                "github",
                "--name",
                &name,
                "--token-stdin",
                "--no-test",
            ],
            &tok,
        );
        // Spread the kill over start-up, migration, key handling and the insert
        // (an add takes ~100-200 ms in a debug build); every fifth add is let
        // finish so there are always committed accounts to check.
        if i % 5 != 4 {
            std::thread::sleep(Duration::from_millis((i * 13) % 220));
            let _ = child.kill(); // SIGKILL on Unix; an already-exited child is fine.
        }
        let status = child.wait().expect("wait");
        if i % 5 == 4 {
            assert!(status.success(), "unkilled add {name} failed");
        } else if !status.success() {
            killed += 1;
        }
        let names = check_intact(&env, &expected).await;
        for earlier in &committed {
            assert!(names.contains(earlier), "{earlier} lost after kill {i}");
        }
        if status.success() {
            assert!(names.contains(&name), "exit 0 but {name} missing");
        }
        committed = names;
    }
    eprintln!(
        "{} of 50 adds committed, {killed} killed mid-way",
        committed.len()
    );
    assert!(committed.len() >= 10, "the unkilled adds are all there");
    assert!(
        killed > 0 && committed.len() < 50,
        "some adds were killed mid-way"
    );
}

#[test]
fn two_writers_at_once_both_succeed_or_one_is_told_busy() {
    let env = Env::new("concurrent");
    let mut succeeded = Vec::new();
    // Round 0 races on a fresh database (migrations and key creation too).
    for round in 0..6 {
        let names = [format!("r{round}-a"), format!("r{round}-b")];
        let children: Vec<_> = names
            .iter()
            .map(|n| {
                env.spawn(
                    &[
                        "accounts",
                        "add",
                        "--provider",
                        "github",
                        "--name",
                        n,
                        "--token-stdin",
                        "--no-test",
                    ],
                    &token(n),
                )
            })
            .collect();
        for (child, name) in children.into_iter().zip(&names) {
            let out = child.wait_with_output().expect("wait");
            match code(&out) {
                0 => succeeded.push(name.clone()),
                5 => assert!(text(&out.stderr).contains("busy"), "{}", text(&out.stderr)),
                other => panic!("{name}: exit {other}: {}", text(&out.stderr)),
            }
        }
    }
    // Same name from both: exactly one wins, the other gets a clear refusal.
    let children: Vec<_> = (0..2)
        .map(|i| {
            env.spawn(
                &[
                    "accounts",
                    "add",
                    "--provider",
                    "github",
                    "--name",
                    "same",
                    "--token-stdin",
                    "--no-test",
                ],
                &token(&format!("same{i}")),
            )
        })
        .collect();
    let codes: Vec<i32> = children
        .into_iter()
        .map(|c| code(&c.wait_with_output().expect("wait")))
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == 0).count(), 1, "{codes:?}");
    assert!(codes.iter().all(|c| [0, 2, 5].contains(c)), "{codes:?}");

    let listed = env.list_json();
    for name in &succeeded {
        let acc = listed.iter().find(|a| a["name"] == name.as_str());
        assert!(acc.is_some(), "{name} lost");
        assert_eq!(
            acc.map(|a| a["token_state"].clone()),
            Some("ok".into()),
            "{name}"
        );
    }
    assert_eq!(
        listed.len(),
        succeeded.len() + 1,
        "nothing extra, nothing lost"
    );
}

#[tokio::test]
async fn no_token_appears_in_the_database_its_wal_or_the_data_folder() {
    let env = Env::new("bytescan");
    // Holding a connection keeps the WAL file from being checkpointed away.
    let holder = Store::open(env.data_dir(), env.source())
        .await
        .expect("open");
    let tokens: Vec<String> = (0..4).map(|i| token(&format!("scan{i}secret"))).collect();
    for (i, tok) in tokens.iter().enumerate() {
        let out = env.add(&format!("scan {i}"), tok);
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
        assert!(!text(&out.stdout).contains(tok) && !text(&out.stderr).contains(tok));
    }
    let set = env.run(
        &["accounts", "set-token", "scan 0", "--token-stdin"],
        &tokens[3],
    );
    assert_eq!(code(&set), 0);
    let files = env.all_files();
    let wal = files.iter().find(|p| p.to_string_lossy().ends_with("-wal"));
    let wal_len = wal
        .and_then(|p| std::fs::metadata(p).ok())
        .map_or(0, |m| m.len());
    assert!(
        wal_len > 0,
        "the WAL is scanned while it holds the writes: {files:?}"
    );
    assert!(files.iter().any(|p| p.ends_with(ampel_store::DB_FILE_NAME)));
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        for tok in &tokens {
            // The whole token, and its distinctive middle part, in UTF-8 and UTF-16.
            let core = &tok[4..20];
            let utf16: Vec<u8> = core.encode_utf16().flat_map(u16::to_le_bytes).collect();
            for needle in [tok.as_bytes(), core.as_bytes(), &utf16] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle),
                    "token bytes found in {}",
                    path.display()
                );
            }
        }
    }
    // The accounts really are there (the scan is not vacuous).
    assert_eq!(holder.list_accounts().await.expect("list").len(), 4);
    holder.close().await;
}
