//! `Db::write`, the one-statement writes (nonces, links, session touches), under concurrency on
//! both engines: every caller's answer is what was stored, a refused statement leaves the others
//! of its batch stored, and a failing one loses nothing it was not answered for. On SQLite the
//! statements queued together commit in one transaction (`db/batches.rs`).

use std::time::Duration;

use vendor_emulator::db::Db;
use vendor_emulator::db::Pool;

use crate::common::{fresh_database, Backend};

async fn insert_secret(db: &Db, name: &str) -> Result<u64, sqlx::Error> {
    let insert = sqlx::query("INSERT INTO platform_secrets (name, value) VALUES ($1, 'v')").bind(name.to_owned());
    db.write(move |conn| Box::pin(insert.execute(conn)))
        .await
        .map(|done| done.rows_affected())
}

async fn stored(pool: &Pool, name: &str) -> bool {
    let found: Option<String> = sqlx::query_scalar("SELECT name FROM platform_secrets WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await
        .unwrap();
    found.is_some()
}

/// 32 writes at once, two for each of 16 names: exactly one of each pair is stored and answered
/// so, the other is refused by the primary key (its refusal alone, whatever shared its batch).
async fn concurrent_writes_are_answered_by_what_was_stored(backend: Backend) {
    let database = fresh_database(backend).await;
    let db = Db::connect(&database.url, 4).await.unwrap();
    let writes = (0..32).map(|i| {
        let db = db.clone();
        tokio::spawn(async move { insert_secret(&db, &format!("pair-{}", i % 16)).await })
    });
    let mut stored_answers = 0;
    for write in writes {
        match write.await.unwrap() {
            Ok(rows) => {
                assert_eq!(rows, 1);
                stored_answers += 1;
            }
            Err(err) => assert!(vendor_emulator::db::is_unique_violation(&err), "{err}"),
        }
    }
    assert_eq!(stored_answers, 16);
    for i in 0..16 {
        assert!(stored(db.pool(), &format!("pair-{i}")).await, "pair-{i}");
    }
    db.close().await;
}

/// Writes queued behind a busy writer together with one statement that fails outright (not a
/// constraint: an unknown table): that one is an error, every other is stored exactly when it was
/// answered as stored, and the writer takes writes afterwards.
async fn a_failing_statement_loses_nothing_it_answered(backend: Backend) {
    let database = fresh_database(backend).await;
    let db = Db::connect(&database.url, 4).await.unwrap();
    let busy = db.begin().await.unwrap();
    let good: Vec<_> = (0..10)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move { insert_secret(&db, &format!("queued-{i}")).await })
        })
        .collect();
    let failing = {
        let db = db.clone();
        tokio::spawn(async move {
            db.write(|conn| Box::pin(sqlx::query("INSERT INTO no_such_table (x) VALUES (1)").execute(conn)))
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    busy.commit().await.unwrap();

    assert!(failing.await.unwrap().is_err());
    for (i, write) in good.into_iter().enumerate() {
        let answered = write.await.unwrap().is_ok();
        let name = format!("queued-{i}");
        assert_eq!(answered, stored(db.pool(), &name).await, "{name}");
    }
    assert_eq!(insert_secret(&db, "afterwards").await.unwrap(), 1);
    assert!(stored(db.pool(), "afterwards").await);
    db.close().await;
}

/// A transaction dropped before its commit (a request cancelled half-way) leaves nothing, and the
/// writer is free for the next at once; a statement's count of changed rows is its own.
async fn a_dropped_transaction_leaves_nothing(backend: Backend) {
    let database = fresh_database(backend).await;
    let db = Db::connect(&database.url, 4).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    sqlx::query("INSERT INTO platform_secrets (name, value) VALUES ('dropped', 'v')")
        .execute(&mut *tx)
        .await
        .unwrap();
    drop(tx);
    let mut tx = tokio::time::timeout(Duration::from_secs(5), db.begin())
        .await
        .expect("the writer is free again")
        .unwrap();
    let changed = sqlx::query("UPDATE platform_secrets SET value = 'w' WHERE name = 'dropped'")
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 0, "the dropped insert is gone");
    let inserted = sqlx::query("INSERT INTO platform_secrets (name, value) VALUES ('kept', 'v')")
        .execute(&mut *tx)
        .await
        .unwrap();
    assert_eq!(inserted.rows_affected(), 1);
    if matches!(backend, Backend::Sqlite) {
        // (PostgreSQL counts the rows a read returns.)
        let read = sqlx::query("SELECT name FROM platform_secrets")
            .execute(&mut *tx)
            .await
            .unwrap();
        assert_eq!(
            read.rows_affected(),
            0,
            "a read changes nothing, whatever came before it"
        );
    }
    tx.commit().await.unwrap();
    assert!(!stored(db.pool(), "dropped").await);
    assert!(stored(db.pool(), "kept").await);
    db.close().await;
}

on_both_engines!(
    concurrent_writes_are_answered_by_what_was_stored,
    a_failing_statement_loses_nothing_it_answered,
    a_dropped_transaction_leaves_nothing,
);

/// `sqlite::memory:` is one database for every connection of its handle, and another handle's is
/// another: what the writer commits, every reader sees, while a second handle sees none of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_memory_is_one_database_per_handle() {
    let db = Db::connect("sqlite::memory:", 4).await.unwrap();
    let other = Db::connect("sqlite::memory:", 4).await.unwrap();
    for i in 0..8 {
        insert_secret(&db, &format!("m-{i}")).await.unwrap();
    }
    // Readers held at once, so the reads go through different connections.
    let mut sessions: Vec<_> = (0..4).map(|_| db.session()).collect();
    for session in &mut sessions {
        let reader = session.reader().await.unwrap();
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM platform_secrets WHERE name LIKE 'm-%'")
            .fetch_one(reader)
            .await
            .unwrap();
        assert_eq!(count, 8);
    }
    assert!(!stored(other.pool(), "m-0").await, "another handle, another database");
    db.close().await;
    other.close().await;
}

/// On SQLite a write runs on the writer even when its caller stops waiting for it (a request
/// cancelled by its client or its timeout): it is queued whole, so it is stored whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_queued_write_is_stored_after_its_caller_left() {
    let database = fresh_database(Backend::Sqlite).await;
    let db = Db::connect(&database.url, 4).await.unwrap();
    let busy = db.begin().await.unwrap();
    let gave_up = tokio::time::timeout(Duration::from_millis(50), insert_secret(&db, "left")).await;
    assert!(gave_up.is_err(), "the writer was busy: the caller timed out first");
    busy.commit().await.unwrap();
    // The next write is queued after it, so once that is answered the first has been committed.
    insert_secret(&db, "after").await.unwrap();
    assert!(stored(db.pool(), "left").await);
    db.close().await;
}
