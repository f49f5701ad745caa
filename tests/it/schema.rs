//! The SQLite baseline (`schema/sqlite-baseline.sql`) against the migrations it stands for: a
//! fresh database that got the baseline holds exactly the schema and the migrator's records that
//! running every migration gives, and starts again with the migrator content.

use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use vendor_emulator::db::Db;

const SCHEMA: &str = "SELECT type, name, tbl_name, sql FROM sqlite_master \
                      WHERE name NOT LIKE '_sqlx%' ORDER BY type, name";
const RECORDS: &str = "SELECT version, description, checksum FROM _sqlx_migrations ORDER BY version";

type SchemaRow = (String, String, String, Option<String>);
type Record = (i64, String, Vec<u8>);

async fn open(url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPoolOptions::new().max_connections(1).connect(url).await.unwrap()
}

async fn schema_and_records(pool: &AnyPool) -> (Vec<SchemaRow>, Vec<Record>) {
    let schema = sqlx::query_as(SCHEMA).fetch_all(pool).await.unwrap();
    let records = sqlx::query_as(RECORDS).fetch_all(pool).await.unwrap();
    (schema, records)
}

#[tokio::test]
async fn a_fresh_sqlite_database_gets_the_migrations_schema_from_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let baseline_url = format!("sqlite://{}/baseline.db", dir.path().display());
    let migrated_url = format!("sqlite://{}/migrated.db?mode=rwc", dir.path().display());

    let db = Db::connect(&baseline_url, 2).await.unwrap();
    db.close().await;
    let migrated = open(&migrated_url).await;
    sqlx::migrate!("./migrations").run(&migrated).await.unwrap();

    let baseline = open(&format!("{baseline_url}?mode=ro")).await;
    let (baseline_schema, baseline_records) = schema_and_records(&baseline).await;
    let (migrated_schema, migrated_records) = schema_and_records(&migrated).await;
    assert!(baseline_schema.len() > 100, "{} schema rows", baseline_schema.len());
    for (ours, theirs) in baseline_schema.iter().zip(&migrated_schema) {
        assert_eq!(ours, theirs, "the baseline and the migrations differ here");
    }
    assert_eq!(baseline_schema.len(), migrated_schema.len());
    assert_eq!(baseline_records, migrated_records, "the migrator's records");

    // It took the baseline: the migrations it stands for did not run one by one.
    let (ran,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE execution_time > 0")
        .fetch_one(&baseline)
        .await
        .unwrap();
    assert_eq!(ran, 0, "every migration came from the baseline");
    baseline.close().await;

    // A second start validates those records and finds nothing to do.
    let again = Db::connect(&baseline_url, 2).await.unwrap();
    assert!(again.is_reachable().await);
}
