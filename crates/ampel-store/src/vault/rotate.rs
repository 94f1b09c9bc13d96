//! Key rotation: a new data key, every token re-encrypted in one transaction,
//! and recovery when a rotation was interrupted between the DB and the keyring.

use super::{
    envelope, insert_key_check, matching_key_id, open_token, seal_token, KeySource, Slot, Unlocked,
    Vault,
};
use crate::{Result, StoreError};
use serde::Serialize;
use sqlx::SqlitePool;
use std::sync::Arc;

/// What a rotation did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RotationReport {
    /// Tokens re-encrypted under the new key.
    pub reencrypted: usize,
    /// Tokens left alone because they could not be decrypted (they must be re-entered).
    pub skipped: usize,
}

impl Vault {
    /// Generates a new data key and re-encrypts every token under it in one
    /// transaction. The new key is parked in a pending keyring slot first, so a
    /// crash at any point leaves either the old or the new key matching the data.
    pub async fn rotate(&self, pool: &SqlitePool) -> Result<RotationReport> {
        let old = self
            .unlocked(pool, true)
            .await?
            .ok_or_else(|| StoreError::Keyring("no data key to rotate".into()))?;
        let mut cache = self.cache.lock().await;
        let source = self.source();
        let new_key = envelope::generate_key();
        let new_id = uuid::Uuid::new_v4().to_string();
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        source.store(Slot::Pending, &new_key)?;
        insert_key_check(&mut *tx, &new_key, &new_id, source.kind()).await?;
        let rows: Vec<(String, Vec<u8>)> =
            sqlx::query_as("SELECT id, token_ciphertext FROM accounts WHERE key_id = ?")
                .bind(&old.key_id)
                .fetch_all(&mut *tx)
                .await?;
        let mut report = RotationReport {
            reencrypted: 0,
            skipped: 0,
        };
        for (id, sealed) in rows {
            let Some(token) = open_token(&old.key, &id, &sealed) else {
                report.skipped += 1;
                continue;
            };
            sqlx::query("UPDATE accounts SET token_ciphertext = ?, key_id = ? WHERE id = ?")
                .bind(seal_token(&new_key, &id, &token))
                .bind(&new_id)
                .bind(&id)
                .execute(&mut *tx)
                .await?;
            report.reencrypted += 1;
        }
        tx.commit().await?;

        source.store(Slot::Live, &new_key)?;
        source.delete(Slot::Pending)?;
        sqlx::query(
            "DELETE FROM vault_keys WHERE id <> ? AND id NOT IN \
             (SELECT key_id FROM accounts WHERE key_id IS NOT NULL)",
        )
        .bind(&new_id)
        .execute(pool)
        .await?;
        *cache = Some(Unlocked {
            key: Arc::new(new_key),
            key_id: new_id,
        });
        tracing::info!(
            reencrypted = report.reencrypted,
            "rotated the vault data key"
        );
        Ok(report)
    }
}

/// Completes or discards a rotation a crash interrupted: a pending key whose
/// check record committed becomes the live key; one whose did not is dropped.
pub(super) async fn finish_interrupted(source: &KeySource, pool: &SqlitePool) -> Result<()> {
    if source.load(Slot::Pending)?.is_none() {
        return Ok(());
    }
    // Under the write lock: a rotation in another process holds it until its
    // transaction ends, so its pending key is never mistaken for a crashed one.
    let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let Some(pending) = source.load(Slot::Pending)? else {
        return Ok(());
    };
    if matching_key_id(pool, &pending).await?.is_some() {
        source.store(Slot::Live, &pending)?;
        tracing::warn!("finished an interrupted vault key rotation");
    }
    source.delete(Slot::Pending)?;
    drop(tx);
    Ok(())
}
