//! Which tenants exist, as this process knows them: a tenant is created (seeded from the startup
//! fixtures) on first use, reset in place, and deleted with every row it holds — by
//! `DELETE /_emulator/tenants/{tenant}` or when it sat idle for `tenants.evict_idle_after_seconds`
//! (`platform::tenant_removal`). The `tenants` row is the tenant: every other row of it is created
//! after it and deleted with it, in one transaction.
//!
//! Choices made here:
//! - This process remembers the tenants it has seen for `tenants.recheck_after_ms` (1 s), so the
//!   common request costs no query. Then one statement both checks that the row is still there and
//!   records the use (`last_used_at_ms`, what eviction reads): a tenant deleted by another replica
//!   is noticed within that time, at one write per busy tenant per second per replica. A request a
//!   stale replica lets through meanwhile may leave rows of the deleted tenant behind; creating a
//!   tenant therefore first removes any row of its name.
//! - Within one process a tenant is never deleted under a request: every request holds its
//!   tenant's lock for reading ([`TenantRegistry::in_use`]) and a deletion takes it for writing.
//!   The locks are a fixed set of stripes (a tenant hashes to one), so they cost the same memory
//!   whatever the number of tenants; a deletion holds up the few other tenants of its stripe for
//!   its one short transaction.
//! - `tenants.max_tenants` is checked in the statement that creates the row, so on SQLite (one
//!   writer) it is exact; on PostgreSQL tenants created at the same instant may pass it by as many.
//! - A new row gets a fresh random `session_epoch` (see `fixtures::FixtureSections::clear_entities`)
//!   and write and faults stamps that start at its creation time in microseconds, so neither a
//!   token, a kept read answer nor another replica's copy of the fault rules of a deleted tenant of
//!   the same name can match the new one.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedRwLockReadGuard, OwnedRwLockWriteGuard};

use crate::config::TenantsConfig;
use crate::db::{Db, Tx};
use crate::platform::faults::Faults;
use crate::platform::tenant::{TenantSeeder, DEFAULT_TENANT};
use crate::platform::{clock, deliveries, ip_ban, outbox, secrets};

/// How many locks the tenants share.
const LOCK_STRIPES: usize = 1024;

#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    #[error(
        "the emulator holds tenants.max_tenants ({0}) tenants; delete one (DELETE /_emulator/tenants/{{tenant}}) \
         or raise the setting"
    )]
    Full(u64),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// A request of the tenant is running: the tenant is not deleted under it.
pub struct TenantInUse(#[allow(dead_code)] OwnedRwLockReadGuard<()>);

/// The tenant is being deleted: no request of it (or of its stripe) runs meanwhile.
pub struct TenantRemoval(#[allow(dead_code)] OwnedRwLockWriteGuard<()>);

pub struct TenantRegistry {
    /// Tenants seen in the database, with when that was last checked.
    known: RwLock<HashMap<String, Instant>>,
    seeder: Arc<dyn TenantSeeder>,
    max_tenants: u64,
    recheck_after: Duration,
    evict_idle_after: Option<Duration>,
    stripes: Vec<Arc<tokio::sync::RwLock<()>>>,
}

impl TenantRegistry {
    pub fn new(seeder: Arc<dyn TenantSeeder>, settings: &TenantsConfig) -> TenantRegistry {
        let evict_idle_after =
            (settings.evict_idle_after_seconds > 0).then(|| Duration::from_secs(settings.evict_idle_after_seconds));
        // A busy tenant records its use at least four times per idle period, so eviction never
        // takes it for idle.
        let recheck_after = evict_idle_after.map_or(Duration::from_millis(settings.recheck_after_ms), |idle| {
            Duration::from_millis(settings.recheck_after_ms).min(idle / 4)
        });
        TenantRegistry {
            known: RwLock::default(),
            seeder,
            max_tenants: settings.max_tenants,
            recheck_after,
            evict_idle_after,
            stripes: (0..LOCK_STRIPES).map(|_| Arc::default()).collect(),
        }
    }

    /// How long a tenant may sit unused before it is evicted; `None`: never.
    pub fn evict_idle_after(&self) -> Option<Duration> {
        self.evict_idle_after
    }

    /// How often this process forgets the tenants it has not checked lately.
    pub fn housekeeping_period(&self) -> Duration {
        self.recheck_after
            .clamp(Duration::from_millis(100), Duration::from_secs(60))
    }

    /// How often this process looks for idle tenants: a quarter of the idle time, within bounds.
    pub fn eviction_period(&self) -> Option<Duration> {
        self.evict_idle_after
            .map(|idle| (idle / 4).clamp(Duration::from_millis(100), Duration::from_secs(60)))
    }

    /// Holds the tenant for one request; take it before [`ensure`](Self::ensure), hold it to the end.
    pub async fn in_use(&self, tenant: &str) -> TenantInUse {
        TenantInUse(Arc::clone(self.stripe(tenant)).read_owned().await)
    }

    /// Waits until no request of the tenant runs in this process, and keeps new ones out.
    pub async fn removing(&self, tenant: &str) -> TenantRemoval {
        TenantRemoval(Arc::clone(self.stripe(tenant)).write_owned().await)
    }

    fn stripe(&self, tenant: &str) -> &Arc<tokio::sync::RwLock<()>> {
        let mut hasher = DefaultHasher::new();
        tenant.hash(&mut hasher);
        &self.stripes[(hasher.finish() % LOCK_STRIPES as u64) as usize]
    }

    /// Makes sure the tenant exists, seeding it from the startup fixtures on first use. Two
    /// replicas racing to create the same tenant are serialized by the `tenants` primary key.
    pub async fn ensure(&self, db: &Db, tenant: &str) -> Result<(), TenantError> {
        if self.checked_lately(tenant) {
            return Ok(());
        }
        if !still_there(db, tenant).await? {
            self.create(db, tenant).await?;
        }
        self.remember(tenant);
        Ok(())
    }

    async fn create(&self, db: &Db, tenant: &str) -> Result<(), TenantError> {
        let mut tx = db.begin().await?;
        let now_ms = clock::real_now_ms();
        let created = sqlx::query(
            "INSERT INTO tenants (name, clock_offset_ms, frozen_at_ms, created_at_ms, write_stamp, faults_stamp, \
             session_epoch, last_used_at_ms) SELECT $1, 0, NULL, $2, $3, $3, $4, $2 WHERE (SELECT COUNT(*) FROM tenants) < $5 \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(tenant)
        .bind(now_ms)
        .bind(now_ms.saturating_mul(1000))
        .bind(secrets::random_token())
        .bind(i64::try_from(self.max_tenants).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if created {
            // Rows a stale replica wrote after an earlier tenant of this name was deleted.
            self.clear_rows(&mut tx, tenant).await?;
            self.seeder.seed(&mut tx, tenant).await?;
        } else if !exists(&mut tx, tenant).await? {
            return Err(TenantError::Full(self.max_tenants));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Back to the startup fixtures: entities, tokens and sessions, fault rules, outbox, bans, clock. False
    /// (nothing written) when the tenant is gone.
    pub async fn reset(&self, tx: &mut Tx, tenant: &str) -> Result<bool, sqlx::Error> {
        if !clock::reset(tx, tenant).await? {
            return Ok(false);
        }
        self.clear_rows(tx, tenant).await?;
        self.seeder.seed(tx, tenant).await?;
        Ok(true)
    }

    /// Deletes the tenant's row and every row it holds; with `idle_before` (epoch ms) only if it
    /// was last used before then, and never the `default` tenant. Whether it was there to delete.
    pub async fn delete_rows(&self, tx: &mut Tx, tenant: &str, idle_before: Option<i64>) -> Result<bool, sqlx::Error> {
        let deleted = match idle_before {
            None => sqlx::query("DELETE FROM tenants WHERE name = $1").bind(tenant),
            Some(before) => sqlx::query("DELETE FROM tenants WHERE name = $1 AND name <> $2 AND last_used_at_ms < $3")
                .bind(tenant)
                .bind(DEFAULT_TENANT)
                .bind(before),
        }
        .execute(&mut **tx)
        .await?
        .rows_affected()
            == 1;
        if deleted {
            self.clear_rows(tx, tenant).await?;
        }
        Ok(deleted)
    }

    /// Every row of the tenant but its `tenants` row: one list for creating, resetting, deleting.
    /// The caller tells `Faults` to forget its copy of the rules once this is committed.
    async fn clear_rows(&self, tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        self.seeder.clear(tx, tenant).await?;
        Faults::clear_in(tx, tenant).await?;
        outbox::clear(&mut **tx, tenant).await?;
        deliveries::clear(&mut **tx, tenant).await?;
        ip_ban::clear(&mut **tx, tenant).await
    }

    fn remember(&self, tenant: &str) {
        if let Ok(mut known) = self.known.write() {
            known.insert(tenant.to_owned(), Instant::now());
        }
    }

    pub fn forget(&self, tenant: &str) {
        if let Ok(mut known) = self.known.write() {
            known.remove(tenant);
        }
    }

    /// Drops the tenants not checked within the recheck time (their next use checks them anyway),
    /// so what this process remembers is bounded by the tenants in use lately.
    pub fn forget_unchecked(&self) {
        if let Ok(mut known) = self.known.write() {
            let recheck_after = self.recheck_after;
            known.retain(|_, checked| checked.elapsed() < recheck_after);
        }
    }

    /// Whether this process remembers the tenant (it served it within the recheck time).
    pub fn knows(&self, tenant: &str) -> bool {
        self.known.read().is_ok_and(|known| known.contains_key(tenant))
    }

    fn checked_lately(&self, tenant: &str) -> bool {
        self.known
            .read()
            .ok()
            .and_then(|known| known.get(tenant).map(|checked| checked.elapsed() < self.recheck_after))
            .unwrap_or(false)
    }
}

/// Ends every session of the tenant: a stateless token carries the epoch it was issued in, and is
/// refused once the tenant's epoch is another.
pub async fn end_sessions(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE tenants SET session_epoch = $1 WHERE name = $2")
        .bind(secrets::random_token())
        .bind(tenant)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Records a use of the tenant; false when its row is not there (never created, or deleted).
async fn still_there(db: &Db, tenant: &str) -> Result<bool, sqlx::Error> {
    let touch = sqlx::query("UPDATE tenants SET last_used_at_ms = $1 WHERE name = $2")
        .bind(clock::real_now_ms())
        .bind(tenant.to_owned());
    let touched = db.write(move |conn| Box::pin(touch.execute(conn))).await?;
    Ok(touched.rows_affected() == 1)
}

async fn exists(tx: &mut Tx, tenant: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar("SELECT name FROM tenants WHERE name = $1")
        .bind(tenant)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(found.is_some())
}
