//! The vault: seals tokens under a data key from a [`KeySource`], matches that
//! key against the key-check records in the database, and rotates it.

pub mod envelope;
mod key_source;
#[cfg(test)]
mod properties;
mod rotate;

pub use key_source::{KeySource, Slot, KEY_ENTRY, KEY_FILE_NAME, PENDING_KEY_ENTRY};
pub use rotate::RotationReport;

use crate::{time_text, Result, StoreError};
use envelope::Key;
use serde::Serialize;
use sqlx::SqlitePool;
use std::sync::Arc;
use tokio::sync::Mutex;
use zeroize::Zeroizing;

const KEY_CHECK_TEXT: &[u8] = b"ampel vault key check v1";

/// The data key in use and the id of its key-check record.
#[derive(Clone)]
pub(crate) struct Unlocked {
    pub key: Arc<Key>,
    pub key_id: String,
}

/// The state of the data key, for `vault status` and the app's settings.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct VaultStatus {
    /// `keyring` or `file`.
    pub source: &'static str,
    /// True in the weaker file mode; the app and CLI must say so.
    pub weaker_mode: bool,
    /// Where the key is, for people.
    pub location: String,
    /// `ok`; `not_created` (no key and no account yet: the first save creates
    /// it, nothing is wrong); `missing` (no key although accounts exist: their
    /// tokens cannot be opened); or `unavailable` (keyring unreachable).
    pub key_state: &'static str,
    /// Why the key is unavailable, when it is.
    pub detail: Option<String>,
    /// How many accounts exist.
    pub accounts: i64,
    /// How many accounts' tokens must be re-entered (saved under another key).
    pub tokens_to_reenter: i64,
}

/// Seals and opens tokens; caches the unlocked key for the process's life.
pub struct Vault {
    source: std::sync::RwLock<KeySource>,
    cache: Mutex<Option<Unlocked>>,
}

impl Vault {
    /// A vault using `source`; nothing is read until first use.
    pub fn new(source: KeySource) -> Self {
        Vault {
            source: std::sync::RwLock::new(source),
            cache: Mutex::new(None),
        }
    }

    /// Where the key is kept.
    pub fn source(&self) -> KeySource {
        self.source
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Switches to another key source from now on (the app's explicit opt-in
    /// to the weaker key file), forgetting the key unlocked from the old one.
    pub async fn switch_source(&self, source: KeySource) {
        let mut cache = self.cache.lock().await;
        *self
            .source
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = source;
        *cache = None;
    }

    /// The key in use, creating one on first use when `create` is true.
    /// `Ok(None)` means there is no key (and `create` was false).
    pub(crate) async fn unlocked(
        &self,
        pool: &SqlitePool,
        create: bool,
    ) -> Result<Option<Unlocked>> {
        let mut cache = self.cache.lock().await;
        if let Some(u) = cache.as_ref() {
            return Ok(Some(u.clone()));
        }
        let source = self.source();
        rotate::finish_interrupted(&source, pool).await?;
        let found = match source.load(Slot::Live)? {
            Some(key) => Some(self.adopt(pool, key).await?),
            None if create => Some(self.create(pool).await?),
            None => None,
        };
        cache.clone_from(&found);
        Ok(found)
    }

    /// Finds the key-check record of a key, inserting one for a key this
    /// database has not seen (a first use, or a replaced keyring key).
    async fn adopt(&self, pool: &SqlitePool, key: Key) -> Result<Unlocked> {
        if let Some(key_id) = matching_key_id(pool, &key).await? {
            return Ok(Unlocked {
                key: Arc::new(key),
                key_id,
            });
        }
        let key_id = uuid::Uuid::new_v4().to_string();
        insert_key_check(pool, &key, &key_id, self.source().kind()).await?;
        Ok(Unlocked {
            key: Arc::new(key),
            key_id,
        })
    }

    /// Creates the first key under the database's write lock, so two processes
    /// starting at once agree on one key.
    async fn create(&self, pool: &SqlitePool) -> Result<Unlocked> {
        let source = self.source();
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        if let Some(key) = source.load(Slot::Live)? {
            drop(tx);
            return self.adopt(pool, key).await;
        }
        let key = envelope::generate_key();
        let key_id = uuid::Uuid::new_v4().to_string();
        insert_key_check(&mut *tx, &key, &key_id, source.kind()).await?;
        source.store(Slot::Live, &key)?;
        tx.commit().await?;
        tracing::info!(source = source.kind(), "created a new vault data key");
        Ok(Unlocked {
            key: Arc::new(key),
            key_id,
        })
    }

    /// The key's state and how many tokens need re-entering.
    pub async fn status(&self, pool: &SqlitePool) -> Result<VaultStatus> {
        let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
            .fetch_one(pool)
            .await?;
        let (key_state, detail, key_id) = match self.unlocked(pool, false).await {
            Ok(Some(u)) => ("ok", None, Some(u.key_id)),
            Ok(None) if accounts == 0 => ("not_created", None, None),
            Ok(None) => ("missing", None, None),
            Err(e @ StoreError::KeyringUnavailable { .. }) => {
                ("unavailable", Some(e.to_string()), None)
            }
            Err(e) => return Err(e),
        };
        let tokens_to_reenter: i64 = match (&key_id, key_state) {
            (_, "unavailable") => 0,
            (Some(id), _) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM accounts WHERE key_id IS NULL OR key_id <> ?",
                )
                .bind(id)
                .fetch_one(pool)
                .await?
            }
            (None, _) => accounts,
        };
        let source = self.source();
        Ok(VaultStatus {
            source: source.kind(),
            weaker_mode: source.is_weaker(),
            location: source.describe(),
            key_state,
            detail,
            accounts,
            tokens_to_reenter,
        })
    }
}

/// Seals an account's token with the account id as associated data.
pub(crate) fn seal_token(key: &Key, account_id: &str, token: &str) -> Vec<u8> {
    envelope::seal(key, token.as_bytes(), account_id.as_bytes())
}

/// Opens an account's token; `None` when it does not authenticate.
pub(crate) fn open_token(
    key: &Key,
    account_id: &str,
    envelope: &[u8],
) -> Option<Zeroizing<String>> {
    let bytes = envelope::open(key, envelope, account_id.as_bytes()).ok()?;
    std::str::from_utf8(&bytes)
        .ok()
        .map(|s| Zeroizing::new(s.to_string()))
}

fn key_check_aad(key_id: &str) -> Vec<u8> {
    format!("ampel:key-check:{key_id}").into_bytes()
}

/// The id of the key-check record this key opens, if any.
pub(crate) async fn matching_key_id(pool: &SqlitePool, key: &Key) -> Result<Option<String>> {
    let rows: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT id, key_check FROM vault_keys")
        .fetch_all(pool)
        .await?;
    Ok(rows.into_iter().find_map(|(id, check)| {
        let opened = envelope::open(key, &check, &key_check_aad(&id)).ok()?;
        (opened.as_slice() == KEY_CHECK_TEXT).then_some(id)
    }))
}

pub(crate) async fn insert_key_check<'e, E>(
    executor: E,
    key: &Key,
    key_id: &str,
    source: &str,
) -> Result<()>
where
    E: sqlx::SqliteExecutor<'e>,
{
    let check = envelope::seal(key, KEY_CHECK_TEXT, &key_check_aad(key_id));
    sqlx::query("INSERT INTO vault_keys (id, key_check, source, created_at) VALUES (?, ?, ?, ?)")
        .bind(key_id)
        .bind(check)
        .bind(source)
        .bind(time_text::to_text(time_text::now())?)
        .execute(executor)
        .await?;
    Ok(())
}
