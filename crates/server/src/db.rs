//! The database: a SQLite file (the embedded default) or PostgreSQL (several processes behind a
//! load balancer), behind one pool type, [`Pool`], so that handlers do not know which.
//!
//! Why sqlx's `Any` driver rather than a storage layer per resource or a query builder: the
//! queries are plain SQL that both databases read alike once written portably (numbered
//! parameters `$1`, `RETURNING`, `ON CONFLICT`, `lower(email)`, `COALESCE`), so one text per
//! query is the least code; the schema is the only thing written twice (`migrations/sqlite`,
//! `migrations/postgres`). What `Any` costs: values are copied into its own row type, and it
//! knows only integers, floats, text, bytes and booleans, which is all we store (times are
//! Unix seconds). Its one wrinkle, booleans, is [`Flag`]'s job.

use sqlx::any::{AnyPoolOptions, AnyTypeInfo, AnyTypeInfoKind};
use sqlx::{Any, Decode, Type, ValueRef};
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// The pool every handler uses.
pub type Pool = sqlx::AnyPool;
/// A transaction on it.
pub type Transaction = sqlx::Transaction<'static, Any>;

/// Anything a query can run on: the pool, a transaction, a connection.
pub trait Executor<'c>: sqlx::Executor<'c, Database = Any> {}
impl<'c, T: sqlx::Executor<'c, Database = Any>> Executor<'c> for T {}

/// Where the data lives, as `--database` gives it: `sqlite://PATH`, `postgres://...`
/// (or `postgresql://`), or a bare path, which means a SQLite file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<DatabaseUrl, String> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(text.to_string()));
        }
        let path = text.strip_prefix("sqlite://").or_else(|| text.strip_prefix("sqlite:")).unwrap_or(text);
        if path.is_empty() {
            return Err("the database is empty: give a file (sqlite://PATH) or postgres://...".into());
        }
        if text.contains("://") && !text.starts_with("sqlite://") {
            return Err(format!("unknown database {text:?}: give sqlite://PATH or postgres://..."));
        }
        Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
    }
}

impl fmt::Display for DatabaseUrl {
    /// For messages: a PostgreSQL URL without its password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(scheme), Some(at)) if at > scheme => {
                    let credentials = &url[scheme + 3..at];
                    let user = credentials.split(':').next().unwrap_or_default();
                    write!(f, "{}{user}{}", &url[..scheme + 3], &url[at..])
                }
                _ => f.write_str(url),
            },
        }
    }
}

/// Starts a transaction that writes. SQLite's default (deferred) transaction takes the write
/// lock only at its first write, and when another connection has written since its first
/// read, that write fails at once (`SQLITE_BUSY`, no waiting): a transaction that reads, then
/// writes, fails under concurrent writes. So on SQLite a writing transaction takes the lock
/// when it starts (`BEGIN IMMEDIATE`) and waits its turn (the busy timeout); PostgreSQL's row
/// locks need nothing of the kind.
pub async fn begin(pool: &Pool) -> Result<Transaction, sqlx::Error> {
    if pool.connect_options().database_url.scheme() == "sqlite" {
        pool.begin_with("BEGIN IMMEDIATE").await
    } else {
        pool.begin().await
    }
}

/// Which database a pool talks to: only the rate limiter needs to know (its state is shared
/// through PostgreSQL, kept in memory with SQLite's single process).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Opens the database and brings its schema up to date.
pub async fn connect(database: &DatabaseUrl) -> Result<(Pool, Backend), String> {
    sqlx::any::install_default_drivers();
    let cannot_open = |e: sqlx::Error| format!("cannot open the database {database}: {e}");
    let (pool, backend) = match database {
        DatabaseUrl::Sqlite(file) => {
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
            }
            // `mode=rwc`: created when missing. sqlx turns foreign keys on and waits up to
            // 5 s for a lock by default.
            let url = format!("sqlite://{}?mode=rwc", file.display());
            let pool = AnyPoolOptions::new()
                .max_connections(8)
                // A file the process opened itself cannot go away as a network connection
                // can; the ping sqlx sends by default before lending a connection was a
                // round trip to the connection's thread for every query (BENCHMARKS.md, load).
                .test_before_acquire(false)
                // SQLite's cache is per connection and 2 MB by default: less than the pages an
                // Organization of 10,000 members spans, which were then read again from the
                // file for every page of the list once the database also held 100,000
                // products (BENCHMARKS.md, load). 32 MB each, at most 8 connections.
                .after_connect(|connection, _| {
                    Box::pin(async move {
                        sqlx::query("PRAGMA cache_size = -32000").execute(&mut *connection).await?;
                        Ok(())
                    })
                })
                .connect(&url)
                .await
                .map_err(cannot_open)?;
            // WAL lets readers go on while one writer writes; the mode is kept in the file.
            sqlx::query("PRAGMA journal_mode = WAL").execute(&pool).await.map_err(cannot_open)?;
            keep_statistics(pool.clone());
            (pool, Backend::Sqlite)
        }
        DatabaseUrl::Postgres(url) => {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(cannot_open)?;
            (pool, Backend::Postgres)
        }
    };
    let migrated = match backend {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await,
        Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await,
    };
    migrated.map_err(|e| format!("cannot migrate the database {database}: {e}"))?;
    Ok((pool, backend))
}

/// SQLite gathers no statistics by itself, and without them it sorts a large Organization's
/// members instead of walking an index (a page of 10,000 users: 390 requests a second
/// without, 1,135 with; BENCHMARKS.md). `PRAGMA optimize` analyses what needs it, as
/// SQLite's documentation advises for long-lived connections: at start, then every hour.
/// PostgreSQL's autovacuum does the same by itself.
fn keep_statistics(pool: Pool) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(e) = sqlx::query("PRAGMA optimize = 0x10002").execute(&pool).await {
                tracing::warn!("PRAGMA optimize: {e}");
            }
        }
    });
}

/// What a search of users looks in (`users.search_text`): the name and the email,
/// lower-cased as the search's pattern is.
/// A time as stored (Unix seconds, the one format of every table) as the domain takes it.
pub(crate) fn at(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

pub fn search_text(first_name: &str, last_name: &str, email: &str) -> String {
    format!("{first_name} {last_name} {email}").to_lowercase()
}

/// A yes/no column as read back. PostgreSQL has booleans; SQLite has none and stores 0 or 1,
/// and `Any` decodes each only as what it is. Written as a Rust `bool`, which both accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <bool as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        use AnyTypeInfoKind::*;
        matches!(ty.kind(), Bool | SmallInt | Integer | BigInt)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: <Any as sqlx::Database>::ValueRef<'r>) -> Result<Flag, sqlx::error::BoxDynError> {
        if value.type_info().kind() == AnyTypeInfoKind::Bool {
            Ok(Flag(<bool as Decode<Any>>::decode(value)?))
        } else {
            Ok(Flag(<i64 as Decode<Any>>::decode(value)? != 0))
        }
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_name_their_database_and_a_bare_path_is_sqlite() {
        let parse = |text: &str| text.parse::<DatabaseUrl>();
        assert_eq!(parse("console.sqlite"), Ok(DatabaseUrl::Sqlite("console.sqlite".into())));
        assert_eq!(parse("sqlite:///var/lib/c.db"), Ok(DatabaseUrl::Sqlite("/var/lib/c.db".into())));
        assert_eq!(parse("sqlite://data/c.db"), Ok(DatabaseUrl::Sqlite("data/c.db".into())));
        assert_eq!(parse("postgres://u:p@h/db"), Ok(DatabaseUrl::Postgres("postgres://u:p@h/db".into())));
        assert_eq!(parse("postgresql://h/db"), Ok(DatabaseUrl::Postgres("postgresql://h/db".into())));
        assert!(parse("mysql://h/db").unwrap_err().contains("unknown database"));
        assert!(parse("").is_err());
    }

    #[test]
    fn a_postgres_url_is_shown_without_its_password() {
        let url: DatabaseUrl = "postgres://console:s3cret@db.example:5432/console".parse().unwrap();
        assert_eq!(url.to_string(), "postgres://console@db.example:5432/console");
    }
}
