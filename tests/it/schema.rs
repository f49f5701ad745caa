//! The baseline (`schema/baseline.sql`) against the migrations it stands for, on both engines: a
//! fresh database that got the baseline holds exactly the schema and the migrator's records that
//! running every migration gives, and starts again with the migrator content.

use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use vendor_emulator::db::Db;

use crate::common::{fresh_database, Backend};

/// Every table's columns, every index and constraint, as the engine describes them.
fn schema_queries(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Sqlite => &[
            "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') \
              FROM sqlite_master WHERE name NOT LIKE '_sqlx%' ORDER BY type, name",
        ],
        Backend::Postgres => &[
            "SELECT table_name::text || '.' || column_name::text || ' #' || ordinal_position::text || ' ' \
             || data_type::text || ' null:' || is_nullable::text || ' default:' || COALESCE(column_default::text, '') \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name <> '_sqlx_migrations' ORDER BY table_name, ordinal_position",
            "SELECT indexname::text || ' ' || indexdef::text FROM pg_indexes \
             WHERE schemaname = current_schema() AND tablename <> '_sqlx_migrations' ORDER BY indexname",
            "SELECT conname::text || ' ' || pg_get_constraintdef(oid)::text FROM pg_constraint \
             WHERE connamespace = current_schema()::regnamespace AND conrelid <> '_sqlx_migrations'::regclass \
             ORDER BY conname",
        ],
    }
}

const RECORDS: &str = "SELECT version, description, checksum FROM _sqlx_migrations ORDER BY version";

async fn open(url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPoolOptions::new().max_connections(1).connect(url).await.unwrap()
}

async fn schema_of(pool: &AnyPool, backend: Backend) -> Vec<String> {
    let mut lines = Vec::new();
    for query in schema_queries(backend) {
        let rows: Vec<(String,)> = sqlx::query_as(query).fetch_all(pool).await.unwrap();
        lines.extend(rows.into_iter().map(|(line,)| line));
    }
    lines
}

async fn baseline_equals_the_migrations(backend: Backend) {
    let (with_baseline, with_migrations) = (fresh_database(backend).await, fresh_database(backend).await);
    let migrated_url = match backend {
        Backend::Sqlite => format!("{}?mode=rwc", with_migrations.url),
        Backend::Postgres => with_migrations.url.clone(),
    };
    Db::connect(&with_baseline.url, 2).await.unwrap().close().await;
    let migrated = open(&migrated_url).await;
    sqlx::migrate!("./migrations").run(&migrated).await.unwrap();
    let baseline = open(&with_baseline.url).await;

    let (ours, theirs) = (schema_of(&baseline, backend).await, schema_of(&migrated, backend).await);
    assert!(ours.len() > 100, "{} schema lines", ours.len());
    for (line, expected) in ours.iter().zip(&theirs) {
        assert_eq!(line, expected, "the baseline and the migrations differ here");
    }
    assert_eq!(ours.len(), theirs.len());
    let records = |pool| async move {
        let rows: Vec<(i64, String, Vec<u8>)> = sqlx::query_as(RECORDS).fetch_all(pool).await.unwrap();
        rows
    };
    assert_eq!(
        records(&baseline).await,
        records(&migrated).await,
        "the migrator's records"
    );

    // It took the baseline: the migrations it stands for did not run one by one.
    let (ran,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE execution_time > 0")
        .fetch_one(&baseline)
        .await
        .unwrap();
    assert_eq!(ran, 0, "every migration came from the baseline");
    baseline.close().await;
    migrated.close().await;

    // A second start validates those records and finds nothing to do.
    let again = Db::connect(&with_baseline.url, 2).await.unwrap();
    assert!(again.is_reachable().await);
    again.close().await;
}

/// Two processes starting at once on one new database: one lays the baseline, the other waits
/// and finds it, and both come up.
async fn concurrent_starts_on_a_new_database_both_come_up(backend: Backend) {
    let database = fresh_database(backend).await;
    let (first, second) = tokio::join!(Db::connect(&database.url, 2), Db::connect(&database.url, 2));
    let (first, second) = (first.unwrap(), second.unwrap());
    assert!(first.is_reachable().await && second.is_reachable().await);
    first.close().await;
    second.close().await;
}

on_both_engines!(
    baseline_equals_the_migrations,
    concurrent_starts_on_a_new_database_both_come_up,
);
