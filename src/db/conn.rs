//! The types every store reaches the database through, on either engine: [`Pool`] (where
//! connections come from), [`Conn`] (one connection) and [`Tx`] (a transaction that writes). Each
//! is an sqlx `Executor` of the `Any` driver, so one `sqlx::query(…)` serves both engines. On
//! PostgreSQL they wrap sqlx's pool, connection and transaction; on SQLite they hold connections
//! that run each statement on the awaiting thread (`sqlite.rs`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::{self, BoxFuture};
use futures_util::stream::{self, BoxStream, StreamExt};
use sqlx::any::{AnyQueryResult, AnyRow, AnyStatement, AnyTypeInfo};
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyPool, Describe, Either, Execute, Executor, Transaction};
use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

use super::sqlite;

/// How long a statement waits for a connection, or a write for the writer's turn, before it
/// fails (the request answers the vendor's 500 instead of hanging).
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where a request's reads take a connection from.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(Arc<SqliteReaders>),
    Postgres(AnyPool),
}

/// SQLite's reader connections: up to `database.max_connections`, opened when first needed and
/// kept. A statement holds one only while it runs, a [`super::DbSession`] until its next write.
#[derive(Debug)]
pub struct SqliteReaders {
    path: String,
    idle: Mutex<Vec<rusqlite::Connection>>,
    permits: Arc<Semaphore>,
}

impl SqliteReaders {
    pub fn new(path: String, max_connections: u32) -> SqliteReaders {
        SqliteReaders {
            path,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(max_connections.max(1) as usize)),
        }
    }
}

impl Pool {
    /// A connection of its own, given back when dropped.
    pub async fn acquire(&self) -> Result<Conn, sqlx::Error> {
        match self {
            Pool::Postgres(pool) => Ok(Conn::new(Link::Postgres(pool.acquire().await?))),
            Pool::Sqlite(readers) => {
                let permit = tokio::time::timeout(ACQUIRE_TIMEOUT, readers.permits.clone().acquire_owned())
                    .await
                    .map_err(|_| sqlx::Error::PoolTimedOut)?
                    .map_err(|_| sqlx::Error::PoolClosed)?;
                let idle = readers.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
                let conn = match idle {
                    Some(conn) => conn,
                    None => sqlite::open(&readers.path)?,
                };
                Ok(Conn::new(Link::SqliteReader(Reader {
                    conn: Some(conn),
                    readers: readers.clone(),
                    _permit: permit,
                })))
            }
        }
    }

    pub async fn close(&self) {
        match self {
            Pool::Postgres(pool) => pool.close().await,
            Pool::Sqlite(readers) => {
                readers.permits.close();
                readers.idle.lock().unwrap_or_else(|e| e.into_inner()).clear();
            }
        }
    }
}

/// A pooled SQLite reader: back to the idle list when dropped.
#[derive(Debug)]
struct Reader {
    conn: Option<rusqlite::Connection>,
    readers: Arc<SqliteReaders>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            settle(&conn);
            self.readers.idle.lock().unwrap_or_else(|e| e.into_inner()).push(conn);
        }
    }
}

/// SQLite's one writer connection. SQLite lets one writer in at a time; writers wait for their turn
/// here in the order they came (a fair lock) instead of racing for the file's lock and sleeping in
/// SQLite's busy handler between tries.
#[derive(Clone, Debug)]
pub struct SqliteWriter(Arc<tokio::sync::Mutex<rusqlite::Connection>>);

impl SqliteWriter {
    pub fn new(conn: rusqlite::Connection) -> SqliteWriter {
        SqliteWriter(Arc::new(tokio::sync::Mutex::new(conn)))
    }

    /// The writer, once every writer that came before has had it; an error after
    /// [`ACQUIRE_TIMEOUT`].
    pub async fn turn(&self) -> Result<WriterTurn, sqlx::Error> {
        tokio::time::timeout(ACQUIRE_TIMEOUT, self.0.clone().lock_owned())
            .await
            .map(WriterTurn)
            .map_err(|_| sqlx::Error::PoolTimedOut)
    }
}

/// SQLite's one writer connection while a caller holds its turn.
#[derive(Debug)]
pub struct WriterTurn(OwnedMutexGuard<rusqlite::Connection>);

impl Drop for WriterTurn {
    fn drop(&mut self) {
        settle(&self.0);
    }
}

/// A connection given back inside a transaction (its owner dropped it before committing) rolls
/// that transaction back, so the next owner starts clean and no lock outlives its holder.
fn settle(conn: &rusqlite::Connection) {
    if !conn.is_autocommit() {
        let _ = conn.execute_batch("ROLLBACK");
    }
}

/// One connection of either engine.
#[derive(Debug)]
pub struct Conn {
    link: Link,
}

#[derive(Debug)]
enum Link {
    SqliteReader(Reader),
    SqliteWriter(WriterTurn),
    Postgres(PoolConnection<Any>),
    PostgresTx(Transaction<'static, Any>),
    /// A transaction after its commit or rollback.
    Finished,
}

impl Conn {
    fn new(link: Link) -> Conn {
        Conn { link }
    }

    pub fn writer(turn: WriterTurn) -> Conn {
        Conn::new(Link::SqliteWriter(turn))
    }

    pub fn postgres(conn: PoolConnection<Any>) -> Conn {
        Conn::new(Link::Postgres(conn))
    }

    fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match &self.link {
            Link::SqliteReader(reader) => reader.conn.as_ref(),
            Link::SqliteWriter(turn) => Some(&turn.0),
            _ => None,
        }
    }
}

fn finished() -> sqlx::Error {
    sqlx::Error::Protocol("the transaction has ended".into())
}

fn unsupported(what: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!(
        "{what} is not available on SQLite here: run the statement itself"
    ))
}

impl<'c> Executor<'c> for &'c mut Conn {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(self, query: E) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        if let Some(conn) = self.sqlite() {
            return Box::pin(stream::iter(sqlite::as_stream_items(sqlite::run(conn, query))));
        }
        match &mut self.link {
            Link::Postgres(conn) => (&mut **conn).fetch_many(query),
            Link::PostgresTx(tx) => (&mut **tx).fetch_many(query),
            _ => Box::pin(stream::iter([Err(finished())])),
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, Any>,
    {
        if let Some(conn) = self.sqlite() {
            let first = sqlite::run(conn, query).map(|(rows, _)| rows.into_iter().next());
            return Box::pin(future::ready(first));
        }
        match &mut self.link {
            Link::Postgres(conn) => (&mut **conn).fetch_optional(query),
            Link::PostgresTx(tx) => (&mut **tx).fetch_optional(query),
            _ => Box::pin(future::ready(Err(finished()))),
        }
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'c: 'e,
    {
        match &mut self.link {
            Link::Postgres(conn) => (&mut **conn).prepare_with(sql, parameters),
            Link::PostgresTx(tx) => (&mut **tx).prepare_with(sql, parameters),
            _ => Box::pin(future::ready(Err(unsupported("prepare")))),
        }
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'c: 'e,
    {
        match &mut self.link {
            Link::Postgres(conn) => (&mut **conn).describe(sql),
            Link::PostgresTx(tx) => (&mut **tx).describe(sql),
            _ => Box::pin(future::ready(Err(unsupported("describe")))),
        }
    }
}

/// A statement on the pool takes a connection for itself alone.
impl<'p> Executor<'p> for &'_ Pool {
    type Database = Any;

    fn fetch_many<'e, 'q: 'e, E>(self, query: E) -> BoxStream<'e, Result<Either<AnyQueryResult, AnyRow>, sqlx::Error>>
    where
        'p: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match self {
            Pool::Postgres(pool) => pool.fetch_many(query),
            Pool::Sqlite(_) => {
                let pool = self.clone();
                Box::pin(
                    stream::once(async move {
                        match pool.acquire().await {
                            Ok(mut conn) => (&mut conn).fetch_many(query).collect::<Vec<_>>().await,
                            Err(err) => vec![Err(err)],
                        }
                    })
                    .flat_map(stream::iter),
                )
            }
        }
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<AnyRow>, sqlx::Error>>
    where
        'p: 'e,
        E: 'q + Execute<'q, Any>,
    {
        match self {
            Pool::Postgres(pool) => pool.fetch_optional(query),
            Pool::Sqlite(_) => {
                let pool = self.clone();
                Box::pin(async move { (&mut pool.acquire().await?).fetch_optional(query).await })
            }
        }
    }

    fn prepare_with<'e, 'q: 'e>(
        self,
        sql: &'q str,
        parameters: &'e [AnyTypeInfo],
    ) -> BoxFuture<'e, Result<AnyStatement<'q>, sqlx::Error>>
    where
        'p: 'e,
    {
        match self {
            Pool::Postgres(pool) => pool.prepare_with(sql, parameters),
            Pool::Sqlite(_) => Box::pin(future::ready(Err(unsupported("prepare")))),
        }
    }

    fn describe<'e, 'q: 'e>(self, sql: &'q str) -> BoxFuture<'e, Result<Describe<Any>, sqlx::Error>>
    where
        'p: 'e,
    {
        match self {
            Pool::Postgres(pool) => pool.describe(sql),
            Pool::Sqlite(_) => Box::pin(future::ready(Err(unsupported("describe")))),
        }
    }
}

/// A transaction that writes: committed by [`Tx::commit`], rolled back by [`Tx::rollback`] or
/// when dropped. Its statements run on it as on a [`Conn`] (`&mut *tx`).
#[derive(Debug)]
pub struct Tx {
    conn: Conn,
}

impl Tx {
    /// SQLite: the writer's turn, already inside `BEGIN IMMEDIATE` (the write lock taken at once,
    /// so a transaction that reads before it writes never meets another writer half-way).
    pub fn sqlite(turn: WriterTurn) -> Result<Tx, sqlx::Error> {
        turn.0.execute_batch("BEGIN IMMEDIATE").map_err(sqlite::into_sqlx)?;
        Ok(Tx {
            conn: Conn::writer(turn),
        })
    }

    pub fn postgres(tx: Transaction<'static, Any>) -> Tx {
        Tx {
            conn: Conn::new(Link::PostgresTx(tx)),
        }
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        match std::mem::replace(&mut self.conn.link, Link::Finished) {
            Link::PostgresTx(tx) => tx.commit().await,
            Link::SqliteWriter(turn) => {
                // A failed commit leaves the transaction open: dropping the turn rolls it back.
                turn.0.execute_batch("COMMIT").map_err(sqlite::into_sqlx)
            }
            _ => Err(finished()),
        }
    }

    pub async fn rollback(mut self) -> Result<(), sqlx::Error> {
        match std::mem::replace(&mut self.conn.link, Link::Finished) {
            Link::PostgresTx(tx) => tx.rollback().await,
            Link::SqliteWriter(turn) => turn.0.execute_batch("ROLLBACK").map_err(sqlite::into_sqlx),
            _ => Err(finished()),
        }
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        &self.conn
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }
}
