//! The one way into the database. The URL's scheme picks the engine (`sqlite:` or `postgres:`);
//! both run the same portable SQL, written once with `$n` placeholders as sqlx's `Any` driver takes
//! it, and the same migrations.
//!
//! Every store reaches the database through [`Db`] and the types of `conn.rs`: [`Pool`] (a read
//! on a connection of its own), [`Conn`] (one connection, held by a request's [`DbSession`]) and
//! [`Tx`] (a transaction that writes). On PostgreSQL they wrap sqlx's pool, connection and
//! transaction. On SQLite they run each statement on the thread that awaits it (`sqlite.rs`):
//! reader connections kept in a pool, and one writer connection taken in turn.

mod batches;
mod conn;
mod schema;
mod sql;
mod sqlite;

use std::time::Duration;

use futures_util::future::BoxFuture;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Connection, Executor};
use tokio::sync::{mpsc, oneshot};

use batches::{batch_failed, leaves_transaction_open, run_batches, Answer, Job};
pub use conn::{Conn, Pool, Tx, ACQUIRE_TIMEOUT};
use conn::{SqliteReaders, SqliteWriter};
pub use sql::{delete_tenant_rows, is_unique_violation, Bind, SqlBuilder, UniqueIndex};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }

    fn from_url(url: &str) -> Option<Engine> {
        if url.starts_with("sqlite:") {
            Some(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Engine::Postgres)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    /// Where reads take a connection (on PostgreSQL every statement).
    pool: Pool,
    /// Where transactions and [`Db::write`]s run: on SQLite its one writer connection, whose
    /// turn writers wait for in order (readers keep the pool: WAL lets them read beside the
    /// writer); on PostgreSQL the pool, whose writers lock rows, not the database.
    writer: Writer,
    /// On SQLite, where [`Db::write`]s queue to be committed together (see `batches.rs`);
    /// `None` on PostgreSQL, where each runs on a pooled connection of its own.
    batches: Option<mpsc::UnboundedSender<Job>>,
    engine: Engine,
    /// The database as the pool opened it (an in-memory one under its unique name).
    location: String,
}

#[derive(Clone, Debug)]
enum Writer {
    Sqlite(SqliteWriter),
    Postgres(AnyPool),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database URL must start with sqlite: or postgres:")]
    UnknownScheme,
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Opens the database and brings the schema up to date.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url).ok_or(DbError::UnknownScheme)?;
        match engine {
            Engine::Sqlite => Db::connect_sqlite(url, max_connections).await,
            Engine::Postgres => Db::connect_postgres(url, max_connections).await,
        }
    }

    async fn connect_sqlite(url: &str, max_connections: u32) -> Result<Db, DbError> {
        let location = SqliteLocation::of(url);
        // The writer first: an in-memory database lives while a connection holds it.
        let writer = sqlite::open(&location.path).map_err(DbError::Connect)?;
        if !location.in_memory {
            writer
                .execute_batch("PRAGMA journal_mode = WAL")
                .map_err(|err| DbError::Connect(sqlite::into_sqlx(err)))?;
        }
        let fresh = schema::apply_sqlite_baseline(&writer).map_err(DbError::Connect)?;
        if !fresh || schema::migrations_after_baseline() {
            // The migrator through sqlx's own connection, closed once it is done.
            let schema_pool = AnyPoolOptions::new()
                .max_connections(1)
                .connect(&location.sqlx_url)
                .await
                .map_err(DbError::Connect)?;
            let migrated = schema::prepare(&schema_pool, Engine::Sqlite).await;
            schema_pool.close().await;
            migrated?;
        }
        let writer = SqliteWriter::new(writer);
        let (batches, jobs) = mpsc::unbounded_channel();
        tokio::spawn(run_batches(writer.clone(), jobs));
        Ok(Db {
            pool: Pool::Sqlite(std::sync::Arc::new(SqliteReaders::new(location.path, max_connections))),
            writer: Writer::Sqlite(writer),
            batches: Some(batches),
            engine: Engine::Sqlite,
            location: location.sqlx_url,
        })
    }

    async fn connect_postgres(url: &str, max_connections: u32) -> Result<Db, DbError> {
        let pool = postgres_pool_options(max_connections.max(1))
            .connect(url)
            .await
            .map_err(DbError::Connect)?;
        schema::prepare(&pool, Engine::Postgres).await?;
        Ok(Db {
            pool: Pool::Postgres(pool.clone()),
            writer: Writer::Postgres(pool),
            batches: None,
            engine: Engine::Postgres,
            location: url.to_owned(),
        })
    }

    /// Runs one statement that writes, outside a transaction, and answers once it is committed.
    /// On SQLite the statements queued meanwhile are committed together, in the order they came
    /// (see `batches.rs`); each still happens whole or not at all, as on its own, and there
    /// `statement` runs on the writer even when its caller goes away meanwhile, so a cancelled
    /// request never leaves a statement half sent.
    pub async fn write<T, F>(&self, statement: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send + 'static,
    {
        let Some(batches) = &self.batches else {
            let mut conn = self.writer_conn().await?;
            return statement(&mut conn).await;
        };
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let result = statement(conn).await;
                let keeps_batch = result.as_ref().err().is_none_or(leaves_transaction_open);
                let answer: Answer = Box::new(move |failed| {
                    let _ = answer.send(match failed {
                        None => result,
                        Some(reason) => Err(batch_failed(reason)),
                    });
                });
                (answer, keeps_batch)
            })
        });
        batches.send(job).map_err(|_| batch_failed("the writer has stopped"))?;
        answered.await.map_err(|_| batch_failed("the write was not run"))?
    }

    /// A connection for a write outside the batches (PostgreSQL's pool, SQLite's writer).
    async fn writer_conn(&self) -> Result<Conn, sqlx::Error> {
        match &self.writer {
            Writer::Postgres(pool) => Ok(Conn::postgres(pool.acquire().await?)),
            Writer::Sqlite(writer) => Ok(Conn::writer(writer.turn().await?)),
        }
    }

    /// A [`DbSession`] for one request's statements.
    pub fn session(&self) -> DbSession {
        DbSession {
            db: self.clone(),
            held: None,
        }
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Names this database: two handles with the same location reach the same data.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Starts a transaction that will write. On SQLite it takes the writer's turn and the write
    /// lock at once (`BEGIN IMMEDIATE`), so a transaction that reads before it writes waits its
    /// turn instead of failing with SQLITE_BUSY when another writer got there first; waiting for
    /// the turn is cancel-safe, and the rest runs without a pause.
    ///
    /// On PostgreSQL the start runs as a task of its own: sqlx's `begin` is not cancel-safe, and a
    /// request dropped while it waits (its client gone, its timeout hit) would otherwise hand its
    /// connection back to the pool inside a transaction nobody owns. Run to the end, the
    /// transaction is simply dropped and rolled back.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match &self.writer {
            Writer::Sqlite(writer) => Tx::sqlite(writer.turn().await?),
            Writer::Postgres(pool) => {
                let pool = pool.clone();
                let started = tokio::spawn(async move { pool.begin().await });
                let tx = started
                    .await
                    .map_err(|err| sqlx::Error::Protocol(format!("starting a transaction failed: {err}")))??;
                Ok(Tx::postgres(tx))
            }
        }
    }

    /// Whether the database answers a query on the emulator's own schema within two seconds.
    pub async fn is_reachable(&self) -> bool {
        let probe = sqlx::query("SELECT name FROM tenants WHERE name = ''").fetch_optional(&self.pool);
        matches!(tokio::time::timeout(Duration::from_secs(2), probe).await, Ok(Ok(_)))
    }

    pub async fn close(&self) {
        if let Writer::Postgres(pool) = &self.writer {
            pool.close().await;
        }
        self.pool.close().await;
    }
}

/// One request's statements, run in turn. On PostgreSQL they share one pooled connection, taken
/// at the first and given back when the session is dropped: sqlx pings every connection given back
/// to its pool, a round trip to the server, which a call of three statements would otherwise pay
/// three times. On SQLite a read's connection is held only until the session's next write, which
/// queues for the writer as a [`Db::write`] does, so no reader waits on the writer meanwhile.
///
/// A session holds at most one connection and gives it back before it starts a transaction: a
/// request waiting for a second connection while it holds one could, with every request doing the
/// same under load, leave the pool empty for all of them. Its owner therefore reaches the database
/// through it alone.
pub struct DbSession {
    db: Db,
    held: Option<Conn>,
}

impl DbSession {
    /// The connection for the session's reads (on PostgreSQL for its writes too).
    pub async fn reader(&mut self) -> Result<&mut Conn, sqlx::Error> {
        let conn = match self.held.take() {
            Some(conn) => conn,
            None => self.db.pool.acquire().await?,
        };
        Ok(self.held.insert(conn))
    }

    /// Runs one statement that writes, as [`Db::write`] does.
    pub async fn write<T, F>(&mut self, statement: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send + 'static,
    {
        if self.db.batches.is_none() {
            return statement(self.reader().await?).await;
        }
        self.held = None;
        self.db.write(statement).await
    }

    /// Starts a transaction that will write, as [`Db::begin`] does, once the session's connection
    /// is given back.
    pub async fn begin(&mut self) -> Result<Tx, sqlx::Error> {
        self.held = None;
        self.db.begin().await
    }
}

/// How long a pooled PostgreSQL connection may sit unused before it is checked to answer (see
/// [`postgres_pool_options`]); one in use more often was checked when it was last given back.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(5);

/// PostgreSQL's pool settings, for a pool of up to `max_connections`.
fn postgres_pool_options(max_connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        // sqlx pings every connection it hands out, and again every one given back: two extra
        // round trips to the server around each statement. The ping on giving back stays (it
        // settles a connection a cancelled query left mid-answer); the one on handing out only
        // matters for a connection that sat idle long enough for the server to have gone away
        // meanwhile.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_WHEN_IDLE_FOR {
                    conn.ping().await?;
                }
                Ok(true)
            })
        })
        // An emulator's writes need atomicity and isolation, not the wait for each commit to
        // reach the disk: without it a commit costs no fsync, which is most of a write's time
        // on PostgreSQL. A crash of the server can lose the last moments of writes, never
        // leave them half done.
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute("SET synchronous_commit = off").await?;
                Ok(())
            })
        })
}

/// Where a `sqlite:` URL's database is, for SQLite itself and for sqlx's connection that prepares
/// the schema.
#[derive(Debug)]
struct SqliteLocation {
    /// What SQLite opens (a URI filename).
    path: String,
    /// The same database as sqlx opens it.
    sqlx_url: String,
    in_memory: bool,
}

impl SqliteLocation {
    /// A file database is created when missing, as a first run expects. `sqlite::memory:` becomes
    /// a database of SQLite's `memdb` VFS under a unique name starting with `/`, which every
    /// connection of the process opening that name shares (an anonymous in-memory database would
    /// be one per connection), locked as a file is.
    fn of(url: &str) -> SqliteLocation {
        let bare = url.trim_start_matches("sqlite:").trim_start_matches("//");
        if bare == ":memory:" {
            let name = format!("/vendor-emulator-{}", uuid::Uuid::new_v4().simple());
            return SqliteLocation {
                path: format!("file:{name}?vfs=memdb"),
                sqlx_url: format!("sqlite:{name}?mode=rwc&vfs=memdb"),
                in_memory: true,
            };
        }
        let (file, query) = bare.split_once('?').unwrap_or((bare, ""));
        let sqlx_url = if query.contains("mode=") {
            url.to_owned()
        } else if query.is_empty() {
            format!("{url}?mode=rwc")
        } else {
            format!("{url}&mode=rwc")
        };
        let in_memory = query.contains("mode=memory");
        SqliteLocation {
            path: format!(
                "file:{}{}{query}",
                uri_path(file),
                if query.is_empty() { "" } else { "?" }
            ),
            sqlx_url,
            in_memory,
        }
    }
}

/// A file name as an SQLite URI filename's path: `%`, `?` and `#` escaped.
fn uri_path(file: &str) -> String {
    file.replace('%', "%25").replace('?', "%3f").replace('#', "%23")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_databases_are_created_when_missing() {
        let file = SqliteLocation::of("sqlite://emulator.db");
        assert_eq!(file.sqlx_url, "sqlite://emulator.db?mode=rwc");
        assert_eq!(file.path, "file:emulator.db");
        assert!(!file.in_memory);
        let memory = SqliteLocation::of("sqlite::memory:");
        assert!(memory.path.starts_with("file:/vendor-emulator-"));
        assert!(memory.path.ends_with("?vfs=memdb"));
        assert!(memory.in_memory);
        assert_ne!(memory.path, SqliteLocation::of("sqlite::memory:").path, "each its own");
        assert_eq!(
            SqliteLocation::of("sqlite://a.db?mode=ro").sqlx_url,
            "sqlite://a.db?mode=ro"
        );
        assert_eq!(SqliteLocation::of("sqlite:///tmp/x#1.db").path, "file:/tmp/x%231.db");
    }

    #[test]
    fn engine_follows_the_scheme() {
        assert_eq!(Engine::from_url("postgres://x@y/z"), Some(Engine::Postgres));
        assert_eq!(Engine::from_url("sqlite::memory:"), Some(Engine::Sqlite));
        assert_eq!(Engine::from_url("mysql://x"), None);
    }
}
