//! The vault against the real OS keyring (run under scripts/test-session.sh):
//! the key lands in Secret Service, and a lost or replaced key is survivable.

mod common;

use ampel_core::Secret;
use ampel_store::vault::{KeySource, Slot, KEY_ENTRY};
use ampel_store::{Store, TokenState};
use common::{new_account, token, Service};
use std::process::Command;

fn secret_tool_lookup(service: &str) -> Option<String> {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", KEY_ENTRY])
        .output()
        .expect("secret-tool is installed (libsecret-tools)");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
}

#[tokio::test]
async fn data_key_is_stored_in_the_real_secret_service() {
    let svc = Service::new("backend");
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path(), svc.source()).await.expect("open");
    assert_eq!(secret_tool_lookup(&svc.0), None, "no key before first use");
    let acc = store
        .add_account(new_account("Work", &token("backend")))
        .await
        .expect("add");
    // Another client of the D-Bus Secret Service (not keyring's in-process
    // mock) sees the key, and it is the one that decrypts the token.
    let looked_up = secret_tool_lookup(&svc.0).expect("key visible to secret-tool");
    assert_eq!(looked_up.len(), 44, "base64 of 32 bytes");
    let via_api = svc
        .source()
        .load(Slot::Live)
        .expect("load")
        .expect("present");
    let mut decoded = [0u8; 32];
    decoded.copy_from_slice(&via_api[..]);
    use base64::Engine;
    assert_eq!(
        base64::engine::general_purpose::STANDARD.encode(decoded),
        looked_up
    );
    let store2 = Store::open(dir.path(), svc.source()).await.expect("reopen");
    let tok = store2.decrypt_token(acc.id).await.expect("decrypt");
    assert_eq!(tok.expose(), token("backend"));
}

async fn lose_key_then_recover(replace: bool) {
    let svc = Service::new(if replace { "replace" } else { "delete" });
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path(), svc.source()).await.expect("open");
    let a = store
        .add_account(new_account("A", &token("a")))
        .await
        .expect("add a");
    let b = store
        .add_account(new_account("B", &token("b")))
        .await
        .expect("add b");
    drop(store);

    if replace {
        let other = ampel_store::vault::envelope::generate_key();
        svc.source().store(Slot::Live, &other).expect("replace key");
    } else {
        svc.source().delete(Slot::Live).expect("delete key");
    }

    let store = Store::open(dir.path(), svc.source()).await.expect("reopen");
    let listed = store.list_accounts().await.expect("list");
    assert_eq!(listed.len(), 2, "metadata intact");
    for acc in &listed {
        assert_eq!(acc.token_state, TokenState::MustReenter, "{}", acc.name);
        assert!(acc.token_hint.starts_with("ghp_…"));
    }
    let err = store.decrypt_token(a.id).await.expect_err("old key gone");
    assert_eq!(err.code(), "key_mismatch");
    let status = store.vault_status().await.expect("status");
    assert_eq!(status.tokens_to_reenter, 2);
    let expected = if replace { "ok" } else { "missing" };
    assert_eq!(
        status.key_state, expected,
        "accounts exist, their key is gone"
    );

    store
        .set_token(a.id, &Secret::new(token("a2")))
        .await
        .expect("set-token recovers");
    assert_eq!(
        store.decrypt_token(a.id).await.expect("a").expose(),
        token("a2")
    );
    let a_now = store.find_account("A").await.expect("find");
    assert_eq!(a_now.token_state, TokenState::Ok);
    assert_eq!(
        store.find_account("B").await.expect("b").token_state,
        TokenState::MustReenter
    );
    assert_eq!(
        store.decrypt_token(b.id).await.expect_err("b").code(),
        "key_mismatch"
    );
    assert_eq!(
        store
            .vault_status()
            .await
            .expect("status")
            .tokens_to_reenter,
        1
    );
}

#[tokio::test]
async fn deleted_keyring_key_means_reenter_and_set_token_recovers() {
    lose_key_then_recover(false).await;
}

#[tokio::test]
async fn replaced_keyring_key_means_reenter_and_set_token_recovers() {
    lose_key_then_recover(true).await;
}

#[tokio::test]
async fn rotation_reencrypts_every_token_and_replaces_the_keyring_key() {
    let svc = Service::new("rotate");
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path(), svc.source()).await.expect("open");
    let mut ids = Vec::new();
    for i in 0..5 {
        let acc = store
            .add_account(new_account(&format!("acc{i}"), &token(&format!("r{i}"))))
            .await
            .expect("add");
        ids.push(acc.id);
    }
    let before = svc.source().load(Slot::Live).expect("load").expect("key");
    let report = store.rotate_key().await.expect("rotate");
    assert_eq!((report.reencrypted, report.skipped), (5, 0));
    let after = svc.source().load(Slot::Live).expect("load").expect("key");
    assert_ne!(&before[..], &after[..], "a new key");
    assert!(svc.source().load(Slot::Pending).expect("load").is_none());
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vault_keys")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(keys, 1, "the old key-check record is gone");
    // A fresh process (no cache) decrypts everything with the new key.
    let fresh = Store::open(dir.path(), svc.source()).await.expect("reopen");
    for (i, id) in ids.iter().enumerate() {
        let tok = fresh.decrypt_token(*id).await.expect("decrypt");
        assert_eq!(tok.expose(), token(&format!("r{i}")));
    }
}

#[tokio::test]
async fn an_interrupted_rotation_is_finished_on_next_open() {
    let svc = Service::new("interrupted");
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path(), svc.source()).await.expect("open");
    store
        .add_account(new_account("A", &token("i")))
        .await
        .expect("add");
    store.rotate_key().await.expect("rotate");
    let new_key = svc.source().load(Slot::Live).expect("load").expect("key");
    // Simulate a crash after the commit but before the live key was replaced:
    // the pending slot holds the new key, the live slot an unrelated old one.
    svc.source()
        .store(Slot::Pending, &new_key)
        .expect("pending");
    let stale = ampel_store::vault::envelope::generate_key();
    svc.source().store(Slot::Live, &stale).expect("stale");
    let fresh = Store::open(dir.path(), svc.source()).await.expect("reopen");
    let listed = fresh.list_accounts().await.expect("list");
    assert_eq!(listed[0].token_state, TokenState::Ok);
    let live = svc.source().load(Slot::Live).expect("load").expect("key");
    assert_eq!(&live[..], &new_key[..], "pending key promoted");
    assert!(svc.source().load(Slot::Pending).expect("load").is_none());
}

#[test]
fn keyring_source_uses_the_app_identifier_by_default() {
    std::env::remove_var(ampel_core::paths::KEYRING_SERVICE_ENV);
    assert_eq!(
        KeySource::default_keyring(),
        KeySource::Keyring {
            service: "dev.ampel.desktop".into()
        }
    );
}

#[tokio::test]
async fn a_first_run_has_no_key_yet_and_that_is_not_missing() {
    let svc = Service::new("firstrun");
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path(), svc.source()).await.expect("open");
    let status = store.vault_status().await.expect("status");
    assert_eq!((status.key_state, status.accounts), ("not_created", 0));
    assert_eq!(secret_tool_lookup(&svc.0), None, "asking creates no key");
    store
        .add_account(new_account("First", &token("first")))
        .await
        .expect("add");
    // The same open store reports the key it just created, no reopening needed.
    let status = store.vault_status().await.expect("status");
    assert_eq!((status.key_state, status.tokens_to_reenter), ("ok", 0));
    let removed = store.find_account("First").await.expect("find").id;
    store.remove_account(removed).await.expect("remove");
    assert_eq!(
        store.vault_status().await.expect("status").key_state,
        "ok",
        "the key stays after the last account is removed"
    );
}

#[tokio::test]
async fn opting_into_the_key_file_switches_the_open_store_and_flags_old_tokens() {
    let svc = Service::new("optin");
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path(), svc.source()).await.expect("open");
    store
        .add_account(new_account("Old", &token("old")))
        .await
        .expect("add");
    let status = store.use_key_file().await.expect("opt in");
    assert_eq!((status.source, status.key_state), ("file", "ok"));
    assert!(status.weaker_mode);
    assert_eq!(status.tokens_to_reenter, 1, "saved under the keyring key");
    assert!(dir.path().join(ampel_store::KEY_FILE_NAME).is_file());
    let new = store
        .add_account(new_account("New", &token("new")))
        .await
        .expect("add under the file key");
    drop(store);
    let reopened = Store::open(dir.path(), KeySource::file_in(dir.path()))
        .await
        .expect("reopen with the file");
    assert_eq!(
        reopened.decrypt_token(new.id).await.expect("new").expose(),
        token("new")
    );
}
