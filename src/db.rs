//! The one database handle. The URL's scheme picks the engine (`sqlite:` or `postgres:`); both run
//! the same portable SQL through sqlx's `Any` driver and the same migrations.

use std::time::Duration;

use futures_util::future::BoxFuture;
use sqlx::any::AnyPoolOptions;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection, Executor, Transaction};
use tokio::sync::{mpsc, oneshot};

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

pub type Tx = Transaction<'static, Any>;

#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    /// Where transactions and [`Db::write`]s run. On SQLite one connection: SQLite lets one
    /// writer in at a time, and writers queued for the pool's one connection wait their turn in
    /// order, where writers racing for the file's lock would each sleep in SQLite's busy handler
    /// (1, 2, 5, 10 … ms) between tries — most of a contended write's time. Readers keep the
    /// whole pool (WAL lets them read beside the writer). On PostgreSQL the same pool: its
    /// writers lock rows, not the database.
    writer: AnyPool,
    /// On SQLite, where [`Db::write`]s queue to be committed together (see [`run_batches`]);
    /// `None` on PostgreSQL, where each runs on a pooled connection of its own.
    batches: Option<mpsc::UnboundedSender<Job>>,
    engine: Engine,
    /// The database as the pool opened it (an in-memory one under its unique name).
    location: String,
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

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The schema after the migrations up to [`BASELINE_VERSION`], for a fresh database (see the
/// file's head: it spares a start the migrations' ALTER TABLEs).
const BASELINE: &str = include_str!("../schema/baseline.sql");
const BASELINE_VERSION: i64 = 17;

impl Db {
    /// Opens the pool and brings the schema up to date.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url).ok_or(DbError::UnknownScheme)?;
        let url = match engine {
            Engine::Sqlite => sqlite_url_creating_file(url),
            Engine::Postgres => url.to_owned(),
        };
        let pool = pool_options(engine, max_connections.max(1))
            .connect(&url)
            .await
            .map_err(DbError::Connect)?;
        if engine == Engine::Sqlite && !url.contains("mode=memory") {
            pool.execute("PRAGMA journal_mode = WAL")
                .await
                .map_err(DbError::Connect)?;
        }
        let writer = match engine {
            Engine::Sqlite => pool_options(engine, 1).connect(&url).await.map_err(DbError::Connect)?,
            Engine::Postgres => pool.clone(),
        };
        let fresh = apply_baseline(&writer, engine).await.map_err(DbError::Connect)?;
        // The baseline just recorded every migration there is: the migrator would only check its
        // own records (four round trips, a tenth of a fresh PostgreSQL start).
        let migrations_after_baseline = MIGRATOR.iter().any(|m| m.version > BASELINE_VERSION);
        if !fresh || migrations_after_baseline {
            MIGRATOR.run(&writer).await?;
        }
        let batches = (engine == Engine::Sqlite).then(|| {
            let (batches, jobs) = mpsc::unbounded_channel();
            tokio::spawn(run_batches(writer.clone(), jobs));
            batches
        });
        Ok(Db {
            pool,
            writer,
            batches,
            engine,
            location: url,
        })
    }

    /// Runs one statement that writes, outside a transaction, and answers once it is committed.
    /// On SQLite the statements queued meanwhile are committed together, in the order they came
    /// (see [`run_batches`]); each still happens whole or not at all, as on its own, and there
    /// `statement` runs on the writer even when its caller goes away meanwhile, so a cancelled
    /// request never leaves a statement half sent.
    pub async fn write<T, F>(&self, statement: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send + 'static,
    {
        let Some(batches) = &self.batches else {
            let mut conn = self.writer.acquire().await?;
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

    /// A [`DbSession`] for one request's statements.
    pub fn session(&self) -> DbSession {
        DbSession {
            db: self.clone(),
            held: None,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Names this database: two handles with the same location reach the same data.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes waits its turn instead of
    /// failing with SQLITE_BUSY when another writer got there first.
    ///
    /// The start runs as a task of its own: sqlx's `begin` is not cancel-safe, and a request
    /// dropped while it waits for the write lock (its client gone, its timeout hit) would otherwise
    /// hand its connection back to the pool inside a transaction nobody owns, locking the database
    /// for every later write. Run to the end, the transaction is simply dropped and rolled back.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        let pool = self.writer.clone();
        let engine = self.engine;
        let started = tokio::spawn(async move {
            match engine {
                Engine::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
                Engine::Postgres => pool.begin().await,
            }
        });
        started
            .await
            .map_err(|err| sqlx::Error::Protocol(format!("starting a transaction failed: {err}")))?
    }

    /// Whether the database answers a query on the emulator's own schema within two seconds.
    pub async fn is_reachable(&self) -> bool {
        let probe = sqlx::query("SELECT name FROM tenants WHERE name = ''").fetch_optional(&self.pool);
        matches!(tokio::time::timeout(Duration::from_secs(2), probe).await, Ok(Ok(_)))
    }

    pub async fn close(&self) {
        self.writer.close().await;
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
    held: Option<PoolConnection<Any>>,
}

impl DbSession {
    /// The connection for the session's reads (on PostgreSQL for its writes too).
    pub async fn reader(&mut self) -> Result<&mut AnyConnection, sqlx::Error> {
        let conn = match self.held.take() {
            Some(conn) => conn,
            None => self.db.pool.acquire().await?,
        };
        Ok(&mut **self.held.insert(conn))
    }

    /// Runs one statement that writes, as [`Db::write`] does.
    pub async fn write<T, F>(&mut self, statement: F) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, Result<T, sqlx::Error>> + Send + 'static,
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

/// A statement of [`Db::write`] queued for the SQLite writer: it runs the statement and gives back
/// how to answer its caller once the batch's fate is known, and whether the batch's transaction
/// is still open after it.
type Job = Box<dyn for<'c> FnOnce(&'c mut AnyConnection) -> BoxFuture<'c, (Answer, bool)> + Send>;

/// Answers a statement's caller: with its own result, or with why its batch was not committed.
type Answer = Box<dyn FnOnce(Option<&str>) + Send>;

/// The most statements one SQLite transaction commits together.
const MAX_BATCH: usize = 64;

/// SQLite's writer: takes every [`Db::write`] queued at the moment and commits them in one
/// transaction. A commit writes the WAL and takes the file's locks, which costs as much as a small
/// statement does several times over; under load one commit now carries many statements, while
/// a lone statement commits on its own as before. A batch shares the writer's one connection
/// with [`Db::begin`]'s transactions, in turn.
async fn run_batches(writer: AnyPool, mut jobs: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // A task of its own: a statement that panics loses its batch (whose callers are told),
        // not the writer.
        let _ = tokio::spawn(run_batch(writer.clone(), batch)).await;
    }
}

/// Commits one batch; every caller of a statement that did not run, or ran in a batch rolled
/// back, gets an error, and none of the batch is stored.
async fn run_batch(writer: AnyPool, mut batch: Vec<Job>) {
    if batch.len() == 1 {
        let Some(job) = batch.pop() else { return };
        match writer.acquire().await {
            Ok(mut conn) => {
                let (answer, _) = job(&mut conn).await;
                answer(None);
            }
            Err(err) => tracing::error!(error = %err, "the writer's connection is unavailable"),
        }
        return;
    }
    let mut tx = match writer.begin_with("BEGIN IMMEDIATE").await {
        Ok(tx) => tx,
        Err(err) => {
            tracing::error!(error = %err, "cannot start the writer's transaction");
            return;
        }
    };
    let mut answers = Vec::with_capacity(batch.len());
    for job in batch {
        let (answer, keeps_batch) = job(&mut tx).await;
        answers.push(answer);
        if !keeps_batch {
            // SQLite may have rolled the transaction back already; the rest of the batch is
            // dropped unrun, its callers told so.
            let _ = tx.rollback().await;
            answers
                .into_iter()
                .for_each(|answer| answer(Some("a statement of its batch failed")));
            return;
        }
    }
    match tx.commit().await {
        Ok(()) => answers.into_iter().for_each(|answer| answer(None)),
        Err(err) => {
            tracing::error!(error = %err, "the writer's commit failed");
            answers
                .into_iter()
                .for_each(|answer| answer(Some("its batch's commit failed")));
        }
    }
}

/// Whether SQLite keeps the transaction open after a statement failed this way: a violated
/// constraint undoes that statement alone, anything else (a full disk, an I/O error) may undo the
/// whole transaction.
fn leaves_transaction_open(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|db_err| db_err.kind() != sqlx::error::ErrorKind::Other)
}

fn batch_failed(reason: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("the write was not stored: {reason}"))
}

/// On a database with no tables yet: the baseline schema and, in the same transaction, the
/// migrator's own table recording the migrations it stands for, exactly as the migrator would have
/// (their checksums), so the migrator validates them and applies only what came after. Any other
/// database is left to the migrator. Processes starting on one new database take turns (SQLite:
/// `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock): the second finds the tables.
/// Whether this call applied it.
async fn apply_baseline(writer: &AnyPool, engine: Engine) -> Result<bool, sqlx::Error> {
    let (begin, lock, count_tables) = match engine {
        Engine::Sqlite => (
            "BEGIN IMMEDIATE",
            None,
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
        ),
        Engine::Postgres => (
            "BEGIN",
            Some("SELECT pg_advisory_xact_lock(hashtext('vendor-emulator schema baseline'))"),
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
        ),
    };
    let mut tx = writer.begin_with(begin).await?;
    if let Some(lock) = lock {
        sqlx::raw_sql(lock).execute(&mut *tx).await?;
    }
    let (tables,): (i64,) = sqlx::query_as(count_tables).fetch_one(&mut *tx).await?;
    if tables > 0 {
        return tx.commit().await.map(|()| false);
    }
    let mut script = String::from(BASELINE);
    // The migrator's table as sqlx 0.8 creates it on each engine.
    let (installed_on, checksum_type) = match engine {
        Engine::Sqlite => ("TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP", "BLOB"),
        Engine::Postgres => ("TIMESTAMPTZ NOT NULL DEFAULT now()", "BYTEA"),
    };
    script.push_str(&format!(
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
         installed_on {installed_on}, success BOOLEAN NOT NULL, checksum {checksum_type} NOT NULL, \
         execution_time BIGINT NOT NULL);\n",
    ));
    for migration in MIGRATOR.iter().filter(|m| m.version <= BASELINE_VERSION) {
        let hex: String = migration.checksum.iter().map(|byte| format!("{byte:02x}")).collect();
        let checksum = match engine {
            Engine::Sqlite => format!("X'{hex}'"),
            Engine::Postgres => format!("decode('{hex}', 'hex')"),
        };
        script.push_str(&format!(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES ({}, '{}', TRUE, {checksum}, 0);\n",
            migration.version,
            migration.description.replace('\'', "''"),
        ));
    }
    sqlx::raw_sql(&script).execute(&mut *tx).await?;
    tx.commit().await.map(|()| true)
}

/// How long a pooled connection may sit unused before it is checked to answer (see
/// [`pool_options`]); one in use more often was checked when it was last given back.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(5);

/// The pool settings of each engine, for a pool of up to `max_connections`.
fn pool_options(engine: Engine, max_connections: u32) -> AnyPoolOptions {
    let mut options = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        // sqlx pings every connection it hands out, and again every one given back: two extra
        // round trips around each statement (on SQLite to the connection's worker thread, on
        // PostgreSQL to the server). The ping on giving back stays (it settles a connection a
        // cancelled query left mid-answer); the one on handing out only matters for a connection
        // that sat idle long enough for the server to have gone away meanwhile.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for >= PING_WHEN_IDLE_FOR {
                    conn.ping().await?;
                }
                Ok(true)
            })
        });
    if engine == Engine::Sqlite {
        // An in-memory database lives only while a connection holds it: never let the pool
        // drop to zero connections.
        options = options
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    Ok(())
                })
            });
    } else {
        // An emulator's writes need atomicity and isolation, not the wait for each commit to
        // reach the disk: without it a commit costs no fsync, which is most of a write's time
        // on PostgreSQL. A crash of the server can lose the last moments of writes, never
        // leave them half done.
        options = options.after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute("SET synchronous_commit = off").await?;
                Ok(())
            })
        });
    }
    options
}

/// Deletes every row of `tenant` from each table, in the order given.
pub async fn delete_tenant_rows(tx: &mut Tx, tenant: &str, tables: &[&str]) -> Result<(), sqlx::Error> {
    for table in tables {
        sqlx::query(&format!("DELETE FROM {table} WHERE tenant = $1"))
            .bind(tenant)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A unique index refused the write: the caller maps it to the vendor's own "already exists" error.
pub fn is_unique_violation(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|db_err| db_err.is_unique_violation())
}

/// A unique index (or primary key) a write can violate, as the migrations declare it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UniqueIndex {
    /// The index name; PostgreSQL reports it as the violated constraint.
    pub name: &'static str,
    pub table: &'static str,
    /// The indexed columns in index order; SQLite reports them (it gives no name).
    pub columns: &'static [&'static str],
}

impl UniqueIndex {
    /// Whether `err` is a unique violation of exactly this index.
    pub fn violated_by(&self, err: &sqlx::Error) -> bool {
        let Some(db_err) = err.as_database_error().filter(|db_err| db_err.is_unique_violation()) else {
            return false;
        };
        match db_err.constraint() {
            Some(constraint) => constraint == self.name,
            None => self.matches_sqlite_message(db_err.message()),
        }
    }

    /// SQLite says `UNIQUE constraint failed: <table>.<column>, <table>.<column>…`.
    fn matches_sqlite_message(&self, message: &str) -> bool {
        let Some(reported) = message.strip_prefix("UNIQUE constraint failed: ") else {
            return false;
        };
        let mut reported = reported.split(", ");
        let exact = self.columns.iter().all(|column| {
            reported.next().and_then(|qualified| qualified.split_once('.')) == Some((self.table, *column))
        });
        exact && reported.next().is_none()
    }
}

/// A value bound to a statement built at run time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bind {
    Int(i64),
    Text(String),
}

/// Builds SQL with `$n` placeholders (sqlx's own builder writes `?` for the `Any` driver, which
/// PostgreSQL refuses), for statements whose shape depends on the request (filters, sort orders).
#[derive(Debug, Default)]
pub struct SqlBuilder {
    pub sql: String,
    binds: Vec<Bind>,
}

impl SqlBuilder {
    pub fn new(sql: &str) -> SqlBuilder {
        SqlBuilder {
            sql: sql.to_owned(),
            binds: Vec::new(),
        }
    }

    pub fn push(&mut self, sql: &str) -> &mut SqlBuilder {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn bind(&mut self, value: Bind) -> &mut SqlBuilder {
        self.binds.push(value);
        self.sql.push_str(&format!("${}", self.binds.len()));
        self
    }

    pub fn binds(&self) -> &[Bind] {
        &self.binds
    }

    /// Adds a value for a placeholder already in the text (one copied from another builder).
    pub fn keep(&mut self, value: Bind) -> &mut SqlBuilder {
        self.binds.push(value);
        self
    }

    pub fn query_as<'q, R>(&'q self) -> sqlx::query::QueryAs<'q, Any, R, sqlx::any::AnyArguments<'q>>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        self.binds
            .iter()
            .fold(sqlx::query_as(&self.sql), |query, bind| match bind {
                Bind::Int(value) => query.bind(*value),
                Bind::Text(value) => query.bind(value.as_str()),
            })
    }
}

/// A file database is created when missing, as a first run expects. `sqlite::memory:` becomes a
/// named shared in-memory database: the `Any` driver parses the URL again for every connection, and
/// an anonymous one would give each pooled connection a database of its own.
fn sqlite_url_creating_file(url: &str) -> String {
    let bare = url.trim_start_matches("sqlite:").trim_start_matches("//");
    if bare == ":memory:" {
        format!(
            "sqlite:file:vendor-emulator-{}?mode=memory&cache=shared",
            uuid::Uuid::new_v4().simple()
        )
    } else if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_databases_are_created_when_missing() {
        assert_eq!(
            sqlite_url_creating_file("sqlite://emulator.db"),
            "sqlite://emulator.db?mode=rwc"
        );
        assert!(sqlite_url_creating_file("sqlite::memory:").starts_with("sqlite:file:vendor-emulator-"));
        assert!(sqlite_url_creating_file("sqlite::memory:").ends_with("?mode=memory&cache=shared"));
        assert_eq!(
            sqlite_url_creating_file("sqlite://a.db?mode=ro"),
            "sqlite://a.db?mode=ro"
        );
    }

    const NUMBER: UniqueIndex = UniqueIndex {
        name: "lifepos_workplaces_number",
        table: "lifepos_workplaces",
        columns: &["tenant", "org_guid", "number"],
    };

    #[test]
    fn sqlite_messages_match_the_exact_column_list() {
        let message = "UNIQUE constraint failed: lifepos_workplaces.tenant, lifepos_workplaces.org_guid, lifepos_workplaces.number";
        assert!(NUMBER.matches_sqlite_message(message));
        for other in [
            "UNIQUE constraint failed: lifepos_workplaces.tenant, lifepos_workplaces.activation_code",
            "UNIQUE constraint failed: lifepos_workplaces.tenant, lifepos_workplaces.org_guid",
            "UNIQUE constraint failed: lifepos_workplaces.tenant, lifepos_workplaces.org_guid, lifepos_workplaces.number, lifepos_workplaces.x",
            "UNIQUE constraint failed: other.tenant, other.org_guid, other.number",
            "NOT NULL constraint failed: lifepos_workplaces.number",
        ] {
            assert!(!NUMBER.matches_sqlite_message(other), "{other}");
        }
    }

    #[test]
    fn engine_follows_the_scheme() {
        assert_eq!(Engine::from_url("postgres://x@y/z"), Some(Engine::Postgres));
        assert_eq!(Engine::from_url("sqlite::memory:"), Some(Engine::Sqlite));
        assert_eq!(Engine::from_url("mysql://x"), None);
    }
}
