//! Opens the SQLite database with the connection settings every pooled
//! connection needs (WAL, foreign keys, busy timeout) and applies migrations.

use crate::{Result, StoreError};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

/// How long a statement waits for another process's write lock.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating if needed) the database file and brings its schema up to date.
/// The file is created owner-only (0600) before SQLite opens it: SQLite gives the
/// `-wal` and `-shm` files the database file's mode.
pub async fn open(path: &Path) -> Result<SqlitePool> {
    ampel_core::private::touch(path)
        .map_err(|e| StoreError::io(format!("create {}", path.display()), e))?;
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT);
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .acquire_timeout(BUSY_TIMEOUT * 2)
        .connect_with(options)
        .await?;
    migrate(path, &pool).await?;
    Ok(pool)
}

/// sqlx's SQLite migrator takes no lock, so two processes opening a fresh
/// database at once would both apply a migration; a file lock serialises them.
async fn migrate(path: &Path, pool: &SqlitePool) -> Result<()> {
    let lock_path = path.with_extension("migrate-lock");
    let lock = ampel_core::private::file_options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|e| StoreError::io(format!("open {}", lock_path.display()), e))?;
    let lock = tokio::task::spawn_blocking(move || lock.lock().map(|()| lock))
        .await
        .map_err(|e| StoreError::Corrupt(format!("lock task failed: {e}")))?
        .map_err(|e| StoreError::io("lock the database for migration", e))?;
    let result = MIGRATOR.run(pool).await;
    drop(lock);
    result.map_err(|e| match e {
        sqlx::migrate::MigrateError::Execute(db) => StoreError::from(db),
        other => StoreError::Migrate(other),
    })
}
