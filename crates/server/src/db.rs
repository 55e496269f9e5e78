//! The database: a SQLite file, its schema kept by the migrations in `migrations/`.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

pub async fn connect(file: &Path) -> Result<SqlitePool, String> {
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let options = SqliteConnectOptions::new()
        .filename(file)
        .create_if_missing(true)
        // WAL lets readers go on while one writer writes.
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(|e| format!("cannot open the database {}: {e}", file.display()))?;
    sqlx::migrate!("./migrations").run(&pool).await.map_err(|e| format!("cannot migrate the database: {e}"))?;
    Ok(pool)
}
