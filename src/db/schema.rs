//! The schema at start-up: a fresh database gets [`BASELINE`] in one transaction, any other is
//! brought up to date by sqlx's migrator. On PostgreSQL both run on the pool; on SQLite the
//! baseline runs on the writer connection, and the migrator, when there is anything for it to do,
//! on an sqlx connection of its own, closed once the schema is in place.

use sqlx::AnyPool;

use super::Engine;

pub(super) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The schema after the migrations up to [`BASELINE_VERSION`], for a fresh database (see the
/// file's head: it spares a start the migrations' ALTER TABLEs).
const BASELINE: &str = include_str!("../../schema/baseline.sql");
const BASELINE_VERSION: i64 = 17;

/// Brings the schema up to date through `writer`.
pub(super) async fn prepare(writer: &AnyPool, engine: Engine) -> Result<(), super::DbError> {
    let fresh = apply_baseline(writer, engine).await.map_err(super::DbError::Connect)?;
    // The baseline just recorded every migration there is: the migrator would only check its
    // own records (four round trips, a tenth of a fresh PostgreSQL start).
    if !fresh || migrations_after_baseline() {
        MIGRATOR.run(writer).await?;
    }
    Ok(())
}

/// On a database with no tables yet: the baseline schema and, in the same transaction, the
/// migrator's own table recording the migrations it stands for, exactly as the migrator would have
/// (their checksums), so the migrator validates them and applies only what came after. Any other
/// database is left to the migrator. Processes starting on one new database take turns (SQLite:
/// `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock): the second finds the tables.
/// Whether this call applied it.
async fn apply_baseline(writer: &AnyPool, engine: Engine) -> Result<bool, sqlx::Error> {
    let (begin, lock) = match engine {
        Engine::Sqlite => ("BEGIN IMMEDIATE", None),
        Engine::Postgres => (
            "BEGIN",
            Some("SELECT pg_advisory_xact_lock(hashtext('vendor-emulator schema baseline'))"),
        ),
    };
    let mut tx = writer.begin_with(begin).await?;
    if let Some(lock) = lock {
        sqlx::raw_sql(lock).execute(&mut *tx).await?;
    }
    let (tables,): (i64,) = sqlx::query_as(count_tables(engine)).fetch_one(&mut *tx).await?;
    if tables > 0 {
        return tx.commit().await.map(|()| false);
    }
    sqlx::raw_sql(&baseline_script(engine)).execute(&mut *tx).await?;
    tx.commit().await.map(|()| true)
}

/// [`apply_baseline`] on SQLite's own writer connection, sparing a start sqlx's connection (a
/// thread of its own) when the baseline is all there is to do. Whether it applied it.
pub(super) fn apply_sqlite_baseline(writer: &rusqlite::Connection) -> Result<bool, sqlx::Error> {
    use super::sqlite::into_sqlx;
    writer.execute_batch("BEGIN IMMEDIATE").map_err(into_sqlx)?;
    let applied = (|| {
        let tables: i64 = writer.query_row(count_tables(Engine::Sqlite), [], |row| row.get(0))?;
        if tables == 0 {
            writer.execute_batch(&baseline_script(Engine::Sqlite))?;
        }
        writer.execute_batch("COMMIT")?;
        Ok(tables == 0)
    })();
    if applied.is_err() && !writer.is_autocommit() {
        let _ = writer.execute_batch("ROLLBACK");
    }
    applied.map_err(into_sqlx)
}

/// Whether migrations have come since the baseline, which the migrator must then run.
pub(super) fn migrations_after_baseline() -> bool {
    MIGRATOR.iter().any(|m| m.version > BASELINE_VERSION)
}

fn count_tables(engine: Engine) -> &'static str {
    match engine {
        Engine::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
        Engine::Postgres => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
    }
}

/// The baseline and the migrator's records of the migrations it stands for, as one script.
fn baseline_script(engine: Engine) -> String {
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
    script
}
