//! Write stamps kept in the database, so that emulators sharing one PostgreSQL (replicas) can keep
//! answers to pure reads in memory and still never serve one after a write answered by any of
//! them. SQLite has one process owning its file and uses in-process stamps instead
//! (`platform::read_cache`).
//!
//! Each tenant's row in `tenants` carries `write_stamp`. A request that may change what a cached
//! read answers moves its tenant's stamp once it is over (after its commit, before its answer
//! leaves; also when it is cancelled), and a control-plane change moves the stamp of the tenant it
//! touched, or of every tenant. A read is served from memory only when the answer was kept under
//! the stamp the database holds now. Whatever a read saw while a write was in flight, that write
//! moves the stamp before it is answered, so the answer the read kept is never served after it.
//!
//! The same row carries `faults_stamp`, moved by every change to the tenant's fault rules
//! (`platform::faults`), and one query reads both: every vendor request on PostgreSQL reads its
//! tenant's stamps once, in the fault layer, and a pure read hands the same answer to the read
//! cache.
//!
//! Reading the stamps is one query, but one query serves every read of the tenant that arrives
//! while it is on its way: a read waits for the first round that *started* after the read arrived
//! (so it sees every write answered before it), and rounds follow one another without overlap. At
//! 32 concurrent reads of one tenant a round serves most of them, so a cached read costs a small
//! share of a query instead of a whole one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::watch;

use crate::db::Db;

/// A tenant's stamps as one query read them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TenantStamps {
    /// Moved by every request that may change what a kept read answers.
    pub write: u64,
    /// Moved by every change to the tenant's fault rules.
    pub faults: u64,
}

/// A finished round: its number and the stamps it read (`None`: the query failed).
type Finished = (u64, Option<TenantStamps>);

/// One tenant's rounds of stamp queries.
struct Rounds {
    /// Rounds started so far; the running one, when `running`, is number `started`.
    started: u64,
    running: bool,
    /// A read arrived while a round was running: it needs the next one.
    another: bool,
    finished: watch::Sender<Finished>,
}

pub struct SharedStamps {
    db: Db,
    tenants: Mutex<HashMap<String, Rounds>>,
}

impl SharedStamps {
    pub fn new(db: Db) -> Arc<SharedStamps> {
        Arc::new(SharedStamps {
            db,
            tenants: Mutex::default(),
        })
    }

    /// The tenant's stamps as the database holds them at some moment after this call began;
    /// `None` when they cannot be read (a read then goes to the database as if nothing were kept).
    pub async fn current(self: &Arc<Self>, tenant: &str) -> Option<TenantStamps> {
        let (needed, mut finished, start) = {
            let mut tenants = self.tenants.lock().ok()?;
            let rounds = tenants.entry(tenant.to_owned()).or_insert_with(|| Rounds {
                started: 0,
                running: false,
                another: false,
                finished: watch::channel((0, None)).0,
            });
            let receiver = rounds.finished.subscribe();
            if rounds.running {
                rounds.another = true;
                (rounds.started + 1, receiver, false)
            } else {
                rounds.started += 1;
                rounds.running = true;
                (rounds.started, receiver, true)
            }
        };
        if start {
            // Its own task: the round must run to the end even if this read is cancelled, since
            // other reads wait for it.
            tokio::spawn(Arc::clone(self).run_rounds(tenant.to_owned()));
        }
        let finished = finished.wait_for(|(round, _)| *round >= needed).await.ok()?;
        finished.1
    }

    async fn run_rounds(self: Arc<Self>, tenant: String) {
        loop {
            let stamp = read_stamp(&self.db, &tenant).await;
            let Ok(mut tenants) = self.tenants.lock() else { return };
            let Some(rounds) = tenants.get_mut(&tenant) else { return };
            rounds.finished.send_replace((rounds.started, stamp));
            if rounds.another {
                rounds.another = false;
                rounds.started += 1;
            } else {
                // Nobody waits: forget the tenant, so the map holds only tenants being read now.
                tenants.remove(&tenant);
                return;
            }
        }
    }

    /// Moves one tenant's stamp: a request that may have written to it is over.
    pub async fn moved(&self, tenant: &str) {
        let moved = sqlx::query("UPDATE tenants SET write_stamp = write_stamp + 1 WHERE name = $1")
            .bind(tenant)
            .execute(self.db.pool())
            .await;
        if let Err(err) = moved {
            tracing::error!(error = %err, tenant, "cannot move the tenant's write stamp");
        }
    }

    /// Moves every tenant's stamp (`reset?all=true`).
    pub async fn moved_everywhere(&self) {
        let moved = sqlx::query("UPDATE tenants SET write_stamp = write_stamp + 1")
            .execute(self.db.pool())
            .await;
        if let Err(err) = moved {
            tracing::error!(error = %err, "cannot move the write stamps");
        }
    }
}

async fn read_stamp(db: &Db, tenant: &str) -> Option<TenantStamps> {
    let stamps: Result<Option<(i64, i64)>, sqlx::Error> =
        sqlx::query_as("SELECT write_stamp, faults_stamp FROM tenants WHERE name = $1")
            .bind(tenant)
            .fetch_optional(db.pool())
            .await;
    match stamps {
        Ok(stamps) => stamps.map(|(write, faults)| TenantStamps {
            write: write as u64,
            faults: faults as u64,
        }),
        Err(err) => {
            tracing::error!(error = %err, tenant, "cannot read the tenant's stamps");
            None
        }
    }
}

/// Moves the tenant's stamp when the request that may write is over, however it ends: `finish`
/// when it answered; dropped unfinished (the request cancelled), the move runs as a task.
pub struct MoveWhenOver {
    stamps: Arc<SharedStamps>,
    tenant: String,
    done: bool,
}

impl MoveWhenOver {
    pub fn new(stamps: Arc<SharedStamps>, tenant: String) -> MoveWhenOver {
        MoveWhenOver {
            stamps,
            tenant,
            done: false,
        }
    }

    pub async fn finish(mut self) {
        self.stamps.moved(&self.tenant).await;
        self.done = true;
    }
}

impl Drop for MoveWhenOver {
    fn drop(&mut self) {
        if !self.done {
            let (stamps, tenant) = (Arc::clone(&self.stamps), std::mem::take(&mut self.tenant));
            tokio::spawn(async move { stamps.moved(&tenant).await });
        }
    }
}
