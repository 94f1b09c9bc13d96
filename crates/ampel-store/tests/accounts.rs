//! Account operations on a real SQLite file (weaker file-key mode, so these
//! run without a keyring): input checks, uniqueness, tampering, validation.

mod common;

use ampel_core::{Provider, Secret};
use ampel_store::{
    Identity, KeySource, NewAccount, Store, TokenState, ValidationRecord, ValidationStatus,
};
use common::{count, file_store, new_account, token};
use time::macros::datetime;

#[tokio::test]
async fn add_list_rename_disable_remove_round_trip() {
    let (_dir, store) = file_store().await;
    let added = store
        .add_account(NewAccount {
            provider: Provider::Bitbucket,
            name: "  Team BB  ".into(),
            base_url: None,
            username: Some("me@example.org".into()),
            token: Secret::new(format!("{}\n", "ATATT3xFfGF0abcdefgh1234")),
        })
        .await
        .expect("add");
    assert_eq!(added.name, "Team BB");
    assert_eq!(added.base_url, "https://bitbucket.org");
    assert_eq!(added.auth_kind.as_str(), "basic");
    assert_eq!(added.token_hint, "…1234");
    assert_eq!(added.validation, ValidationStatus::NotVerified);
    assert_eq!(added.token_state, TokenState::Ok);
    assert!(added.enabled);
    let tok = store.decrypt_token(added.id).await.expect("decrypt");
    assert_eq!(tok.expose(), "ATATT3xFfGF0abcdefgh1234", "newline stripped");

    store
        .rename_account(added.id, "Bitbucket work")
        .await
        .expect("rename");
    store.set_enabled(added.id, false).await.expect("disable");
    let found = store
        .find_account("bitbucket WORK")
        .await
        .expect("by name, any case");
    assert_eq!((found.id, found.enabled), (added.id, false));
    store.set_enabled(added.id, true).await.expect("enable");
    assert!(
        store
            .find_account(&added.id.to_string())
            .await
            .expect("by id")
            .enabled
    );

    store.remove_account(added.id).await.expect("remove");
    assert_eq!(store.list_accounts().await.expect("list").len(), 0);
    let err = store.remove_account(added.id).await.expect_err("gone");
    assert_eq!(err.code(), "not_found");
    assert_eq!(
        store.find_account("nope").await.expect_err("x").code(),
        "not_found"
    );
}

#[tokio::test]
async fn duplicate_names_are_refused_case_insensitively() {
    let (_dir, store) = file_store().await;
    let first = store
        .add_account(new_account("Work", &token("a")))
        .await
        .expect("add");
    let err = store
        .add_account(new_account("work", &token("b")))
        .await
        .expect_err("duplicate");
    assert_eq!(err.code(), "duplicate_name");
    assert!(!err.to_string().contains(&token("b")));
    let other = store
        .add_account(new_account("Home", &token("c")))
        .await
        .expect("add");
    let err = store
        .rename_account(other.id, "WORK")
        .await
        .expect_err("rename dup");
    assert_eq!(err.code(), "duplicate_name");
    assert_eq!(store.find_account("Work").await.expect("kept").id, first.id);
    assert_eq!(count(&store).await, 2);
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_is_written() {
    let (_dir, store) = file_store().await;
    let long = "x".repeat(10_000);
    let good_token = token("good");
    let cases: Vec<(&str, NewAccount)> = vec![
        ("empty name", new_account("", &good_token)),
        ("blank name", new_account(" \t ", &good_token)),
        ("long name", new_account(&long, &good_token)),
        ("control name", new_account("a\u{1b}[31mb", &good_token)),
        ("empty token", new_account("n", "")),
        ("blank token", new_account("n", "  \n ")),
        ("long token", new_account("n", &format!("ghp_{long}"))),
        (
            "control token",
            new_account("n", "ghp_abc\u{7}defghijklmnop"),
        ),
        (
            "gitea without url",
            NewAccount {
                provider: Provider::Gitea,
                ..new_account("n", &good_token)
            },
        ),
    ];
    let bad_urls = [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://",
        "https://user:pass@git.example.com",
        "http://git.example.com",
        "not a url",
    ];
    let mut all = cases;
    for url in bad_urls {
        all.push((
            url,
            NewAccount {
                provider: Provider::Gitea,
                base_url: Some(url.into()),
                ..new_account("n", &good_token)
            },
        ));
    }
    for (what, acc) in all {
        let err = store.add_account(acc).await.expect_err(what);
        assert_eq!(err.code(), "invalid_input", "{what}: {err}");
        assert!(
            !err.to_string().contains("ghp_good"),
            "{what}: no token in {err}"
        );
    }
    assert_eq!(count(&store).await, 0, "nothing written");
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vault_keys")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(keys, 0, "not even a key was created");

    let ok = store
        .add_account(new_account("ok", &good_token))
        .await
        .expect("add");
    for bad in ["", " ", &long, "a\nb"] {
        let err = store.rename_account(ok.id, bad).await.expect_err("rename");
        assert_eq!(err.code(), "invalid_input");
        let err = store
            .set_token(ok.id, &Secret::new(bad.into()))
            .await
            .expect_err("token");
        assert_eq!(err.code(), "invalid_input");
    }
    let kept = store.find_account("ok").await.expect("still there");
    assert_eq!(kept.updated_at, ok.updated_at, "row untouched");
    assert_eq!(
        store.decrypt_token(ok.id).await.expect("d").expose(),
        good_token
    );
}

async fn set_ciphertext(store: &Store, id: &str, blob: &[u8]) {
    sqlx::query("UPDATE accounts SET token_ciphertext = ? WHERE id = ?")
        .bind(blob)
        .bind(id)
        .execute(store.pool())
        .await
        .expect("tamper");
}

async fn ciphertext(store: &Store, id: &str) -> Vec<u8> {
    sqlx::query_scalar("SELECT token_ciphertext FROM accounts WHERE id = ?")
        .bind(id)
        .fetch_one(store.pool())
        .await
        .expect("read")
}

#[tokio::test]
async fn a_flipped_ciphertext_byte_is_refused_and_others_still_decrypt() {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("a")))
        .await
        .expect("a");
    let b = store
        .add_account(new_account("B", &token("b")))
        .await
        .expect("b");
    let mut blob = ciphertext(&store, &a.id.to_string()).await;
    let last = blob.len() - 5;
    blob[last] ^= 0x40;
    set_ciphertext(&store, &a.id.to_string(), &blob).await;
    let err = store.decrypt_token(a.id).await.expect_err("tampered");
    assert_eq!(err.code(), "decrypt_failed");
    assert!(
        err.to_string().contains("\"A\""),
        "names the account: {err}"
    );
    assert_eq!(
        store.decrypt_token(b.id).await.expect("b").expose(),
        token("b")
    );
    assert_eq!(store.list_accounts().await.expect("list").len(), 2);
}

#[tokio::test]
async fn a_ciphertext_copied_to_another_row_is_refused() {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("a")))
        .await
        .expect("a");
    let b = store
        .add_account(new_account("B", &token("b")))
        .await
        .expect("b");
    let c = store
        .add_account(new_account("C", &token("c")))
        .await
        .expect("c");
    let blob = ciphertext(&store, &a.id.to_string()).await;
    set_ciphertext(&store, &b.id.to_string(), &blob).await;
    let err = store.decrypt_token(b.id).await.expect_err("moved");
    assert_eq!(err.code(), "decrypt_failed");
    assert_eq!(
        store.decrypt_token(a.id).await.expect("a").expose(),
        token("a")
    );
    assert_eq!(
        store.decrypt_token(c.id).await.expect("c").expose(),
        token("c")
    );
    // set-token repairs the damaged row.
    store
        .set_token(b.id, &Secret::new(token("b2")))
        .await
        .expect("repair");
    assert_eq!(
        store.decrypt_token(b.id).await.expect("b").expose(),
        token("b2")
    );
}

#[tokio::test]
async fn validation_results_are_recorded_and_set_token_resets_them() {
    let (_dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("v")))
        .await
        .expect("a");
    let validated_at = datetime!(2026-05-01 10:00 UTC);
    let expires_at = datetime!(2026-06-01 00:00 UTC);
    store
        .update_validation(
            a.id,
            ValidationRecord {
                token_kind: None,
                status: ValidationStatus::Verified,
                detail: None,
                identity: Some(Identity {
                    login: "octocat".into(),
                    name: Some("The Octocat".into()),
                    avatar_url: Some("https://avatars.example/u/1".into()),
                    email: None,
                }),
                scopes: Some(vec!["repo".into(), "read:user".into()]),
                expires_at: Some(expires_at),
                validated_at,
            },
        )
        .await
        .expect("update");
    let got = store.find_account("A").await.expect("find");
    assert_eq!(got.validation, ValidationStatus::Verified);
    assert_eq!(
        got.identity.as_ref().map(|i| i.login.as_str()),
        Some("octocat")
    );
    assert_eq!(got.scopes, vec!["repo", "read:user"]);
    assert_eq!(got.token_expires_at, Some(expires_at));
    assert_eq!(got.last_validated_at, Some(validated_at));

    // A failure without identity/scopes keeps the last known ones.
    store
        .update_validation(
            a.id,
            ValidationRecord {
                token_kind: None,
                status: ValidationStatus::Failed,
                detail: Some("expired".into()),
                identity: None,
                scopes: None,
                expires_at: Some(expires_at),
                validated_at,
            },
        )
        .await
        .expect("update");
    let got = store.find_account("A").await.expect("find");
    assert_eq!(got.validation, ValidationStatus::Failed);
    assert_eq!(got.validation_detail.as_deref(), Some("expired"));
    assert_eq!(got.identity.map(|i| i.login), Some("octocat".into()));
    assert_eq!(got.scopes.len(), 2);

    store
        .set_token(a.id, &Secret::new(token("v2")))
        .await
        .expect("set");
    let got = store.find_account("A").await.expect("find");
    assert_eq!(got.validation, ValidationStatus::NotVerified);
    let missing = uuid::Uuid::new_v4();
    let err = store
        .update_validation(
            missing,
            ValidationRecord {
                token_kind: None,
                status: ValidationStatus::Verified,
                detail: None,
                identity: None,
                scopes: None,
                expires_at: None,
                validated_at,
            },
        )
        .await
        .expect_err("missing");
    assert_eq!(err.code(), "not_found");
}

#[tokio::test]
async fn weaker_mode_keeps_a_private_key_file_and_says_so() {
    let (dir, store) = file_store().await;
    store
        .add_account(new_account("A", &token("f")))
        .await
        .expect("a");
    let status = store.vault_status().await.expect("status");
    assert!(status.weaker_mode);
    assert_eq!((status.source, status.key_state), ("file", "ok"));
    assert!(status.location.contains("WEAKER"), "{}", status.location);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key_file = dir.path().join(ampel_store::KEY_FILE_NAME);
        let mode = std::fs::metadata(&key_file)
            .expect("key file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // A key file others can read is refused rather than used.
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let reopened = Store::open(dir.path(), ampel_store::KeySource::file_in(dir.path()))
            .await
            .expect("open");
        let err = reopened.vault_status().await.expect_err("too open");
        assert_eq!(err.code(), "key_file");
    }
}

#[tokio::test]
async fn rotation_in_file_mode_keeps_tokens_and_skips_damaged_rows() {
    let (dir, store) = file_store().await;
    let a = store
        .add_account(new_account("A", &token("a")))
        .await
        .expect("a");
    let b = store
        .add_account(new_account("B", &token("b")))
        .await
        .expect("b");
    set_ciphertext(
        &store,
        &b.id.to_string(),
        b"\x01garbage-garbage-garbage-garbage",
    )
    .await;
    let report = store.rotate_key().await.expect("rotate");
    assert_eq!((report.reencrypted, report.skipped), (1, 1));
    let fresh = Store::open(dir.path(), ampel_store::KeySource::file_in(dir.path()))
        .await
        .expect("reopen");
    assert_eq!(
        fresh.decrypt_token(a.id).await.expect("a").expose(),
        token("a")
    );
    assert_eq!(
        fresh.find_account("B").await.expect("b").token_state,
        TokenState::MustReenter
    );
}

#[tokio::test]
async fn debug_output_never_contains_the_token() {
    let acc = new_account("A", &token("dbg"));
    let shown = format!("{acc:?}");
    assert!(!shown.contains("ghp_dbg"), "{shown}");
    assert!(shown.contains("<redacted>"));
}

#[tokio::test]
async fn base_url_change_is_checked_and_needs_a_new_validation(
) -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let store = Store::open(dir.path(), KeySource::file_in(dir.path())).await?;
    let account = store
        .add_account(NewAccount {
            provider: Provider::Gitlab,
            name: "Self-hosted".into(),
            base_url: Some("https://gitlab.example.com".into()),
            username: None,
            token: Secret::new("glpat-baseurlchange0001".into()),
        })
        .await?;
    store
        .update_validation(
            account.id,
            ValidationRecord {
                status: ValidationStatus::Verified,
                detail: None,
                identity: None,
                scopes: Some(vec!["api".into()]),
                token_kind: Some("gitlab_personal".into()),
                expires_at: None,
                validated_at: time::OffsetDateTime::now_utc(),
            },
        )
        .await?;
    let verified = store.find_account(&account.id.to_string()).await?;
    assert_eq!(verified.token_kind.as_deref(), Some("gitlab_personal"));

    let err = store
        .set_base_url(account.id, "javascript:alert(1)")
        .await
        .err()
        .ok_or("accepted")?;
    assert_eq!(err.code(), "invalid_input");
    store
        .set_base_url(account.id, "https://git.example.org/")
        .await?;
    let moved = store.find_account(&account.id.to_string()).await?;
    assert_eq!(moved.base_url, "https://git.example.org");
    assert_eq!(moved.validation, ValidationStatus::NotVerified);
    assert_eq!(
        moved.token_kind.as_deref(),
        Some("gitlab_personal"),
        "kind kept until re-tested"
    );
    Ok(())
}
