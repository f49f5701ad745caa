//! SQLite's one writer and the single-statement writes it commits together ([`super::Db::write`]).

use futures_util::future::BoxFuture;
use tokio::sync::mpsc;

use super::conn::{Conn, SqliteWriter, Tx};

/// A statement of [`super::Db::write`] queued for the SQLite writer: it runs the statement and gives back
/// how to answer its caller once the batch's fate is known, and whether the batch's transaction
/// is still open after it.
pub(super) type Job = Box<dyn for<'c> FnOnce(&'c mut Conn) -> BoxFuture<'c, (Answer, bool)> + Send>;

/// Answers a statement's caller: with its own result, or with why its batch was not committed.
pub(super) type Answer = Box<dyn FnOnce(Option<&str>) + Send>;

/// The most statements one SQLite transaction commits together.
const MAX_BATCH: usize = 64;

/// SQLite's writer: takes every [`super::Db::write`] queued at the moment and commits them in one
/// transaction. A commit writes the WAL and takes the file's locks, which costs as much as a small
/// statement does several times over; under load one commit now carries many statements, while
/// a lone statement commits on its own as before. A batch shares the writer's one connection
/// with [`super::Db::begin`]'s transactions, in turn.
pub(super) async fn run_batches(writer: SqliteWriter, mut jobs: mpsc::UnboundedReceiver<Job>) {
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
async fn run_batch(writer: SqliteWriter, mut batch: Vec<Job>) {
    if batch.len() == 1 {
        let Some(job) = batch.pop() else { return };
        match writer.turn().await {
            Ok(turn) => {
                let (answer, _) = job(&mut Conn::writer(turn)).await;
                answer(None);
            }
            Err(err) => tracing::error!(error = %err, "the writer's connection is unavailable"),
        }
        return;
    }
    let mut tx = match writer.turn().await.and_then(Tx::sqlite) {
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
pub(super) fn leaves_transaction_open(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|db_err| db_err.kind() != sqlx::error::ErrorKind::Other)
}

pub(super) fn batch_failed(reason: &str) -> sqlx::Error {
    sqlx::Error::Protocol(format!("the write was not stored: {reason}"))
}
