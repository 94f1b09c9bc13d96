//! The vault through the store, on a real SQLite file: any token that passes the
//! input check is stored encrypted and read back unchanged; any altered byte of its
//! ciphertext is refused as `decrypt_failed` (a few dozen cases: each one opens a
//! database).

mod common;

use ampel_core::{Provider, Secret};
use ampel_store::NewAccount;
use common::file_store;
use proptest::prelude::*;

async fn round_trip(raw: String, flip: prop::sample::Index) {
    let (_dir, store) = file_store().await;
    let new = NewAccount {
        provider: Provider::Gitea,
        name: "vault-property".into(),
        base_url: Some("https://gitea.example".into()),
        username: None,
        token: Secret::new(raw.clone()),
    };
    let Ok(expected) = ampel_core::account::parse_token(&raw) else {
        let err = store.add_account(new).await.expect_err("refused input");
        assert_eq!(err.code(), "invalid_input");
        return;
    };
    let added = store.add_account(new).await.expect("add");
    let id = added.id.to_string();
    let back = store.decrypt_token(added.id).await.expect("decrypt");
    assert_eq!(back.expose(), expected.expose());
    let mut blob: Vec<u8> =
        sqlx::query_scalar("SELECT token_ciphertext FROM accounts WHERE id = ?")
            .bind(&id)
            .fetch_one(store.pool())
            .await
            .expect("read");
    assert!(!blob
        .windows(expected.expose().len())
        .any(|w| w == expected.expose().as_bytes()));
    let i = flip.index(blob.len());
    blob[i] ^= 0x01;
    sqlx::query("UPDATE accounts SET token_ciphertext = ? WHERE id = ?")
        .bind(&blob)
        .bind(&id)
        .execute(store.pool())
        .await
        .expect("tamper");
    let err = store.decrypt_token(added.id).await.expect_err("tampered");
    assert_eq!(err.code(), "decrypt_failed");
    if expected.expose().len() >= 12 {
        assert!(!err.to_string().contains(expected.expose()), "{err}");
    }
    store.close().await;
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        "[!-~]{1,120}",
        "(ghp_|glpat-|ATATT|github_pat_)[A-Za-z0-9_=-]{4,90}",
        any::<String>(),
        "\\PC{1,40}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn any_token_round_trips_through_the_database_and_tampering_is_refused(
        raw in token(),
        flip in any::<prop::sample::Index>(),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(round_trip(raw, flip));
    }
}
