//! `Store`: the database plus the vault, and the account operations the app
//! and the CLI call. Every write validates its input before touching SQLite.

mod rows;

use crate::accounts::{Account, NewAccount, ValidationRecord};
use crate::vault::{open_token, seal_token, KeySource, RotationReport, Vault, VaultStatus};
use crate::{db, time_text, Result, StoreError};
use ampel_core::account::{self as check, AuthKind};
use ampel_core::Secret;
use sqlx::SqlitePool;
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The database file's name inside the data folder.
pub const DB_FILE_NAME: &str = "ampel.db";

/// The open database and vault.
pub struct Store {
    pool: SqlitePool,
    vault: Vault,
    data_dir: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` with the data key
    /// from `key_source`. The key itself is only read on first use.
    pub async fn open(data_dir: &Path, key_source: KeySource) -> Result<Store> {
        // Owner-only; wider modes are narrowed, but the key file's: one others
        // could read is refused by the vault (the key may have leaked) rather than
        // quietly narrowed.
        let key_file = data_dir.join(crate::KEY_FILE_NAME);
        ampel_core::private::secure_data_dir(data_dir, &[key_file.as_path()])
            .map_err(|e| StoreError::io(format!("secure data folder {}", data_dir.display()), e))?;
        let pool = db::open(&data_dir.join(DB_FILE_NAME)).await?;
        Ok(Store {
            pool,
            vault: Vault::new(key_source),
            data_dir: data_dir.to_path_buf(),
        })
    }

    /// The connection pool, for other crates' tables.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The data folder.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The vault's key source.
    pub fn key_source(&self) -> KeySource {
        self.vault.source()
    }

    /// Closes the pool, checkpointing the WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }

    /// Every account, by name, with each token's state.
    pub async fn list_accounts(&self) -> Result<Vec<Account>> {
        let current = self.current_key_id().await?;
        let rows: Vec<rows::AccountRow> =
            sqlx::query_as(&format!("{} ORDER BY name", rows::SELECT))
                .fetch_all(&self.pool)
                .await?;
        rows.into_iter().map(|r| r.into_account(&current)).collect()
    }

    /// One account by id or (case-insensitive) friendly name.
    pub async fn find_account(&self, id_or_name: &str) -> Result<Account> {
        let current = self.current_key_id().await?;
        let row: Option<rows::AccountRow> =
            sqlx::query_as(&format!("{} WHERE id = ?1 OR name = ?1", rows::SELECT))
                .bind(id_or_name.trim())
                .fetch_optional(&self.pool)
                .await?;
        row.ok_or_else(|| StoreError::NotFound(shorten(id_or_name)))?
            .into_account(&current)
    }

    /// Adds an account, not verified, with its token encrypted.
    pub async fn add_account(&self, new: NewAccount) -> Result<Account> {
        let name = check::validate_name(&new.name)?;
        let base_url = check::validate_base_url(new.provider, new.base_url.as_deref())?;
        let username = check::validate_username(new.username.as_deref())?;
        let token = check::parse_token(new.token.expose())?;
        let auth = AuthKind::for_provider(new.provider, username.is_some());
        let unlocked = self.unlocked().await?;
        let id = Uuid::new_v4();
        let id_text = id.to_string();
        let now = time_text::to_text(time_text::now())?;
        sqlx::query(
            "INSERT INTO accounts (id, provider, name, base_url, username, auth_kind, \
             token_ciphertext, token_hint, key_id, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id_text)
        .bind(new.provider.as_str())
        .bind(&name)
        .bind(&base_url)
        .bind(&username)
        .bind(auth.as_str())
        .bind(seal_token(&unlocked.key, &id_text, token.expose()))
        .bind(token.hint())
        .bind(&unlocked.key_id)
        .bind(&now)
        .bind(&now)
        .execute(&self.pool)
        .await
        .map_err(|e| unique_to_duplicate(e, &name))?;
        self.find_account(&id_text).await
    }

    /// Gives an account a new friendly name.
    pub async fn rename_account(&self, id: Uuid, new_name: &str) -> Result<()> {
        let name = check::validate_name(new_name)?;
        let done = sqlx::query("UPDATE accounts SET name = ?, updated_at = ? WHERE id = ?")
            .bind(&name)
            .bind(time_text::to_text(time_text::now())?)
            .bind(id.to_string())
            .execute(&self.pool)
            .await
            .map_err(|e| unique_to_duplicate(e, &name))?;
        found(done.rows_affected(), id)
    }

    /// Moves an account to another base URL (a new Enterprise host, say). The
    /// token has not been tried there, so the account goes back to not verified.
    pub async fn set_base_url(&self, id: Uuid, base_url: &str) -> Result<()> {
        let account = self.find_account(&id.to_string()).await?;
        let url = check::validate_base_url(account.provider, Some(base_url))?;
        let done = sqlx::query(
            "UPDATE accounts SET base_url = ?, validation_status = 'not_verified', \
             validation_detail = NULL, updated_at = ? WHERE id = ?",
        )
        .bind(&url)
        .bind(time_text::to_text(time_text::now())?)
        .bind(id.to_string())
        .execute(&self.pool)
        .await?;
        found(done.rows_affected(), id)
    }

    /// Replaces an account's token (re-encrypting under the current key, which
    /// also recovers an account whose token had to be re-entered). The account
    /// goes back to not verified.
    pub async fn set_token(&self, id: Uuid, token: &Secret) -> Result<()> {
        let token = check::parse_token(token.expose())?;
        let unlocked = self.unlocked().await?;
        let id_text = id.to_string();
        let done = sqlx::query(
            "UPDATE accounts SET token_ciphertext = ?, token_hint = ?, key_id = ?, \
             validation_status = 'not_verified', validation_detail = NULL, updated_at = ? \
             WHERE id = ?",
        )
        .bind(seal_token(&unlocked.key, &id_text, token.expose()))
        .bind(token.hint())
        .bind(&unlocked.key_id)
        .bind(time_text::to_text(time_text::now())?)
        .bind(&id_text)
        .execute(&self.pool)
        .await?;
        found(done.rows_affected(), id)
    }

    /// Deletes an account and its token.
    pub async fn remove_account(&self, id: Uuid) -> Result<()> {
        let done = sqlx::query("DELETE FROM accounts WHERE id = ?")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), id)
    }

    /// Enables or disables an account.
    pub async fn set_enabled(&self, id: Uuid, enabled: bool) -> Result<()> {
        let done = sqlx::query("UPDATE accounts SET enabled = ?, updated_at = ? WHERE id = ?")
            .bind(enabled)
            .bind(time_text::to_text(time_text::now())?)
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        found(done.rows_affected(), id)
    }

    /// Records a validation against the forge: outcome, identity, scopes, expiry, time.
    pub async fn update_validation(&self, id: Uuid, record: ValidationRecord) -> Result<()> {
        let identity = record.identity.as_ref();
        let scopes = record
            .scopes
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("scopes: {e}")))?;
        let done = sqlx::query(
            "UPDATE accounts SET validation_status = ?, validation_detail = ?, \
             last_validated_at = ?, token_expires_at = ?, scopes = COALESCE(?, scopes), \
             token_kind = COALESCE(?13, token_kind), \
             identity_login = CASE WHEN ?6 THEN ?7 ELSE identity_login END, \
             identity_name = CASE WHEN ?6 THEN ?8 ELSE identity_name END, \
             identity_avatar_url = CASE WHEN ?6 THEN ?9 ELSE identity_avatar_url END, \
             identity_email = CASE WHEN ?6 THEN ?10 ELSE identity_email END, \
             updated_at = ?11 WHERE id = ?12",
        )
        .bind(record.status.as_str())
        .bind(&record.detail)
        .bind(time_text::to_text(record.validated_at)?)
        .bind(time_text::opt_to_text(record.expires_at)?)
        .bind(scopes)
        .bind(identity.is_some())
        .bind(identity.map(|i| i.login.clone()))
        .bind(identity.and_then(|i| i.name.clone()))
        .bind(identity.and_then(|i| i.avatar_url.clone()))
        .bind(identity.and_then(|i| i.email.clone()))
        .bind(time_text::to_text(time_text::now())?)
        .bind(id.to_string())
        .bind(&record.token_kind)
        .execute(&self.pool)
        .await?;
        found(done.rows_affected(), id)
    }

    /// The account's token in clear, for an Authorization header.
    pub async fn decrypt_token(&self, id: Uuid) -> Result<Secret> {
        let id_text = id.to_string();
        let row: Option<(String, Vec<u8>, Option<String>)> =
            sqlx::query_as("SELECT name, token_ciphertext, key_id FROM accounts WHERE id = ?")
                .bind(&id_text)
                .fetch_optional(&self.pool)
                .await?;
        let (name, sealed, key_id) = row.ok_or_else(|| StoreError::NotFound(id_text.clone()))?;
        let unlocked = self
            .vault
            .unlocked(&self.pool, false)
            .await?
            .filter(|u| key_id.as_deref() == Some(u.key_id.as_str()))
            .ok_or_else(|| StoreError::KeyMismatch(name.clone()))?;
        let token =
            open_token(&unlocked.key, &id_text, &sealed).ok_or(StoreError::DecryptFailed(name))?;
        Ok(Secret::new(token.to_string()))
    }

    /// The data key's state, for `vault status` and Settings.
    pub async fn vault_status(&self) -> Result<VaultStatus> {
        self.vault.status(&self.pool).await
    }

    /// The explicit opt-in to the weaker mode (for a machine without a keyring):
    /// from now on the data key lives in the 0600 key file in the data folder,
    /// created here. Tokens saved under a keyring key must be re-entered.
    pub async fn use_key_file(&self) -> Result<VaultStatus> {
        self.vault
            .switch_source(KeySource::file_in(&self.data_dir))
            .await;
        self.unlocked().await?;
        tracing::warn!("weaker mode chosen: the data key is now kept in a key file");
        self.vault_status().await
    }

    /// Rotates the data key, re-encrypting every token in one transaction.
    pub async fn rotate_key(&self) -> Result<RotationReport> {
        self.vault.rotate(&self.pool).await
    }

    async fn unlocked(&self) -> Result<crate::vault::Unlocked> {
        self.vault
            .unlocked(&self.pool, true)
            .await?
            .ok_or_else(|| StoreError::Keyring("no data key could be created".into()))
    }

    /// What is known about the current key, without creating one; an
    /// unreachable keyring still lets accounts be listed.
    async fn current_key_id(&self) -> Result<rows::KeyView> {
        match self.vault.unlocked(&self.pool, false).await {
            Ok(Some(u)) => Ok(rows::KeyView::Key(u.key_id)),
            Ok(None) => Ok(rows::KeyView::NoKey),
            Err(StoreError::KeyringUnavailable { .. }) => Ok(rows::KeyView::Unavailable),
            Err(e) => Err(e),
        }
    }
}

fn found(rows: u64, id: Uuid) -> Result<()> {
    if rows == 0 {
        Err(StoreError::NotFound(id.to_string()))
    } else {
        Ok(())
    }
}

fn shorten(s: &str) -> String {
    s.chars().take(60).collect()
}

fn unique_to_duplicate(e: sqlx::Error, name: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::DuplicateName(name.to_string())
        }
        _ => e.into(),
    }
}
