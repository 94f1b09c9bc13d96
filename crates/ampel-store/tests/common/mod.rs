//! Helpers shared by the store's integration tests: temp data folders, unique
//! keyring services cleaned up afterwards, and raw database access.
#![allow(dead_code)]

use ampel_core::{Provider, Secret};
use ampel_store::vault::{KeySource, Slot};
use ampel_store::{NewAccount, Store};
use tempfile::TempDir;

/// A token shaped like a classic GitHub PAT, unique per call site.
pub fn token(tag: &str) -> String {
    let mut t = format!("ghp_{tag}");
    while t.len() < 40 {
        t.push('Z');
    }
    t
}

pub fn new_account(name: &str, tok: &str) -> NewAccount {
    NewAccount {
        provider: Provider::Github,
        name: name.to_string(),
        base_url: None,
        username: None,
        token: Secret::new(tok.to_string()),
    }
}

/// A keyring service name no other test uses; its entries are deleted on drop.
pub struct Service(pub String);

impl Service {
    pub fn new(test: &str) -> Self {
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        Service(format!("ampel-test-{test}-{}", &nonce[..8]))
    }

    pub fn source(&self) -> KeySource {
        KeySource::Keyring {
            service: self.0.clone(),
        }
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.source().delete(Slot::Live);
        let _ = self.source().delete(Slot::Pending);
    }
}

pub async fn file_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path(), KeySource::file_in(dir.path()))
        .await
        .expect("open store");
    (dir, store)
}

pub async fn count(store: &Store) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(store.pool())
        .await
        .expect("count")
}
