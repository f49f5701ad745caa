//! Fault injection: rules that make matching vendor requests fail, or slow, on purpose.
//!
//! A rule matches on vendor, method and a glob over the vendor-relative path ([`glob`]). It fires
//! with its `probability`, drawn from one random generator per process (seeded by `faults.seed`
//! when set, so runs repeat exactly). A rule with `times` fires that many times in total, across
//! every replica, and then disappears. A firing rule waits `delay_ms`, then answers its `status`
//! and `body` (default: the vendor's own error shape) without running the handler, so a faulted
//! request changes no state; a rule without `status` only delays, and the real handler answers.
//!
//! Where rules live, and what a request pays for them: rules belong to a tenant and are stored in
//! the database ([`store`]), so a rule posted to one replica fires on all of them. Every vendor
//! request consults them, so each process matches against a mirror in memory, and asks the
//! database only whether its mirror is current:
//! - On SQLite one process owns the file and every change passes through it, so the mirror, kept
//!   in step by the process's own changes, is authoritative: after a tenant's first request
//!   (one query) a request costs no query at all. Emulators of one process on one file share it.
//! - On PostgreSQL each request reads its tenant's `faults_stamp` through the batched rounds of
//!   `shared_stamps` (one query serves every request of the tenant arriving meanwhile, and the same
//!   query gives the read cache its write stamp, so a cached read pays nothing extra); only when
//!   the stamp moved are the rules read again (one more query).
//!
//! Matching runs on a snapshot of the tenant's rules taken under a lock held for a map lookup, so
//! no tenant waits while another's rules are matched. Counting a rule down is one conditional
//! `UPDATE` in the database, so `times: N` fires exactly N times under any concurrency.

pub mod glob;
pub mod rule;
pub mod store;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

use crate::config::FaultsConfig;
use crate::db::{Db, Engine, Tx};
use glob::Glob;
pub use rule::FaultRule;
use store::StoredRules;

/// What a firing rule asks of the request.
#[derive(Clone, Debug, PartialEq)]
pub struct FaultAction {
    pub delay_ms: Option<u64>,
    /// `Some`: answer this instead of running the handler.
    pub answer: Option<(u16, Option<Value>)>,
}

/// Why a rule was not added.
#[derive(Debug)]
pub enum AddError {
    /// The tenant holds `faults.max_rules_per_tenant` rules already.
    TooMany(usize),
    Database(sqlx::Error),
}

impl From<sqlx::Error> for AddError {
    fn from(err: sqlx::Error) -> AddError {
        AddError::Database(err)
    }
}

/// A rule ready to match: its glob compiled once, when the rules were loaded.
#[derive(Debug)]
struct ActiveRule {
    rule: FaultRule,
    path: PathMatch,
}

#[derive(Debug)]
enum PathMatch {
    Any,
    Glob(Glob),
    /// A stored glob that no longer compiles (it was checked when it was added): matches nothing.
    Nothing,
}

impl ActiveRule {
    fn new(rule: FaultRule) -> ActiveRule {
        let path = match rule.path.as_deref().map(Glob::compile) {
            None => PathMatch::Any,
            Some(Ok(glob)) => PathMatch::Glob(glob),
            Some(Err(err)) => {
                tracing::error!(error = %err, id = rule.id, "a stored fault rule's path does not compile");
                PathMatch::Nothing
            }
        };
        ActiveRule { rule, path }
    }

    fn matches(&self, vendor: &str, method: &str, path: &str) -> bool {
        let rule = &self.rule;
        rule.vendor.as_deref().is_none_or(|v| v == vendor)
            && rule.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
            && match &self.path {
                PathMatch::Any => true,
                PathMatch::Glob(glob) => glob.matches(path),
                PathMatch::Nothing => false,
            }
    }
}

/// One tenant's rules as the database held them under `stamp`.
#[derive(Debug)]
struct TenantRules {
    stamp: u64,
    rules: Vec<ActiveRule>,
}

/// Every tenant's rules this process has loaded.
#[derive(Debug, Default)]
struct Mirror {
    tenants: Mutex<HashMap<String, Arc<TenantRules>>>,
}

impl Mirror {
    /// The mirror every emulator of this process on `database` shares (SQLite: the process owns
    /// the file, and its emulators must agree as replicas do).
    fn shared(database: &str) -> Arc<Mirror> {
        static MIRRORS: OnceLock<Mutex<HashMap<String, Arc<Mirror>>>> = OnceLock::new();
        let mirrors = MIRRORS.get_or_init(Mutex::default);
        let Ok(mut mirrors) = mirrors.lock() else {
            return Arc::default();
        };
        mirrors.entry(database.to_owned()).or_default().clone()
    }

    fn get(&self, tenant: &str) -> Option<Arc<TenantRules>> {
        self.tenants.lock().ok()?.get(tenant).cloned()
    }

    /// Keeps `stored` unless what is held is as new already (changes may finish out of order).
    fn install(&self, tenant: &str, stored: StoredRules) -> Arc<TenantRules> {
        let fresh = Arc::new(TenantRules {
            stamp: stored.stamp,
            rules: stored.rules.into_iter().map(ActiveRule::new).collect(),
        });
        let Ok(mut tenants) = self.tenants.lock() else {
            return fresh;
        };
        match tenants.get(tenant) {
            Some(held) if held.stamp >= fresh.stamp => held.clone(),
            _ => {
                tenants.insert(tenant.to_owned(), fresh.clone());
                fresh
            }
        }
    }
}

pub struct Faults {
    db: Db,
    limits: FaultsConfig,
    rng: Mutex<StdRng>,
    mirror: Arc<Mirror>,
    /// Whether the mirror must be checked against the database's stamp (PostgreSQL), or is
    /// authoritative (SQLite).
    checked: bool,
}

impl Faults {
    pub fn new(db: Db, limits: FaultsConfig) -> Faults {
        let rng = match limits.seed {
            0 => StdRng::from_entropy(),
            seed => StdRng::seed_from_u64(seed),
        };
        let (mirror, checked) = match db.engine() {
            Engine::Sqlite => (Mirror::shared(db.location()), false),
            Engine::Postgres => (Arc::default(), true),
        };
        Faults {
            db,
            limits,
            rng: Mutex::new(rng),
            mirror,
            checked,
        }
    }

    /// Adds a checked rule under a new id.
    pub async fn add(&self, tenant: &str, mut rule: FaultRule) -> Result<FaultRule, AddError> {
        rule.id = uuid::Uuid::new_v4().to_string();
        let mut tx = self.db.begin().await?;
        let limit = self.limits.max_rules_per_tenant;
        let stored = store::add(&mut tx, tenant, &rule, limit)
            .await?
            .map_err(|_| AddError::TooMany(limit))?;
        self.commit_and_install(tx, tenant, stored).await?;
        Ok(rule)
    }

    /// The tenant's rules as the database holds them now, `times` showing the firings left.
    pub async fn list(&self, tenant: &str) -> Result<Vec<FaultRule>, sqlx::Error> {
        let stored = store::load(self.db.pool(), tenant).await?.unwrap_or_default();
        let rules = stored.rules.clone();
        self.mirror.install(tenant, stored);
        Ok(rules)
    }

    /// Removes one rule (`Some(id)`; false when the tenant has none with that id) or all of them.
    pub async fn remove(&self, tenant: &str, id: Option<&str>) -> Result<bool, sqlx::Error> {
        let mut tx = self.db.begin().await?;
        let (removed, left) = store::remove(&mut tx, tenant, id).await?;
        self.commit_and_install(tx, tenant, left).await?;
        Ok(removed)
    }

    /// Removes every rule of the tenant inside the caller's transaction (a reset, a replacing
    /// load, a deleted tenant); call [`Faults::forget`] once it is committed.
    pub async fn clear_in(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        store::remove(tx, tenant, None).await?;
        Ok(())
    }

    /// Drops what this process keeps of the tenant's rules, once rows removed in a transaction of
    /// the caller's (a reset, a deleted tenant) are committed: its next request reads them again.
    /// A deleted tenant thus leaves nothing behind in memory.
    pub fn forget(&self, tenant: &str) {
        if let Ok(mut tenants) = self.mirror.tenants.lock() {
            tenants.remove(tenant);
        }
    }

    /// Keeps only the rules of the tenants `keep` names: what a process remembers of tenants it has
    /// not served lately (deleted on another replica, say) goes, and is read again on their next
    /// request.
    pub fn retain(&self, keep: impl Fn(&str) -> bool) {
        if let Ok(mut tenants) = self.mirror.tenants.lock() {
            tenants.retain(|tenant, _| keep(tenant));
        }
    }

    async fn commit_and_install(&self, tx: Tx, tenant: &str, stored: StoredRules) -> Result<(), sqlx::Error> {
        tx.commit().await?;
        self.mirror.install(tenant, stored);
        Ok(())
    }

    /// The first matching rule that fires for this request, counted down. `faults_stamp`: the
    /// tenant's stamp as the database holds it now (PostgreSQL; `None` when it could not be read,
    /// or on SQLite).
    pub async fn fire(
        &self,
        tenant: &str,
        vendor: &str,
        method: &str,
        path: &str,
        faults_stamp: Option<u64>,
    ) -> Option<FaultAction> {
        let rules = self.rules_of(tenant, faults_stamp).await?;
        for active in &rules.rules {
            if active.rule.deliver_twice || !active.matches(vendor, method, path) || !self.draw(active.rule.probability)
            {
                continue;
            }
            let rule = &active.rule;
            if !self.counted_down(tenant, rule).await {
                continue;
            }
            return Some(FaultAction {
                delay_ms: rule.delay_ms,
                answer: rule.status.map(|status| (status, rule.body.clone())),
            });
        }
        None
    }

    /// Whether a `deliver_twice` rule fires for a notification of `vendor` of type `type_of`
    /// (counted down like any rule). The rules are read as the database holds them now, so what a
    /// test set up on one replica holds on every replica.
    pub async fn deliver_twice(&self, tenant: &str, vendor: &str, type_of: &str) -> bool {
        let Ok(Some(stored)) = store::load(self.db.pool(), tenant).await else {
            return false;
        };
        let rules = self.mirror.install(tenant, stored);
        for active in &rules.rules {
            let rule = &active.rule;
            let path_matches = match &active.path {
                PathMatch::Any => true,
                PathMatch::Glob(glob) => glob.matches(type_of),
                PathMatch::Nothing => false,
            };
            let vendor_matches = rule.vendor.as_deref().is_none_or(|v| v == vendor);
            if !rule.deliver_twice || !vendor_matches || !path_matches || !self.draw(rule.probability) {
                continue;
            }
            if self.counted_down(tenant, rule).await {
                return true;
            }
        }
        false
    }

    /// Counts a firing of a rule with `times` down; false when it was used up meanwhile (here or on
    /// another replica) or could not be counted, so it does not fire.
    async fn counted_down(&self, tenant: &str, rule: &FaultRule) -> bool {
        if rule.times.is_none() {
            return true;
        }
        match store::count_down(&self.db, tenant, &rule.id).await {
            Ok(Some(0)) => {
                self.remove_used_up(tenant, &rule.id);
                true
            }
            Ok(Some(_)) => true,
            Ok(None) => false,
            Err(err) => {
                tracing::error!(error = %err, tenant, "cannot count a fault rule down");
                false
            }
        }
    }

    /// The tenant's rules: the mirror's when current, else read again.
    async fn rules_of(&self, tenant: &str, faults_stamp: Option<u64>) -> Option<Arc<TenantRules>> {
        if let Some(held) = self.mirror.get(tenant) {
            let current = !self.checked || faults_stamp.is_none_or(|stamp| held.stamp >= stamp);
            if current {
                return Some(held);
            }
        }
        match store::load(self.db.pool(), tenant).await {
            Ok(Some(stored)) => Some(self.mirror.install(tenant, stored)),
            // The tenant is gone (deleted on another replica): nothing is kept for it.
            Ok(None) => {
                self.forget(tenant);
                None
            }
            Err(err) => {
                tracing::error!(error = %err, tenant, "cannot read the tenant's fault rules");
                self.mirror.get(tenant)
            }
        }
    }

    /// Removes a used-up rule as a task of its own, so it is removed even when the request that
    /// used it up goes away; until then the rule only costs a count-down that finds nothing left.
    fn remove_used_up(&self, tenant: &str, id: &str) {
        let (db, mirror) = (self.db.clone(), Arc::clone(&self.mirror));
        let (tenant, id) = (tenant.to_owned(), id.to_owned());
        tokio::spawn(async move {
            let removed = async {
                let mut tx = db.begin().await?;
                let left = store::remove_used_up(&mut tx, &tenant, &id).await?;
                tx.commit().await?;
                Ok::<_, sqlx::Error>(left)
            };
            match removed.await {
                Ok(left) => {
                    mirror.install(&tenant, left);
                }
                Err(err) => tracing::error!(error = %err, tenant, "cannot remove a used-up fault rule"),
            }
        });
    }

    fn draw(&self, probability: f64) -> bool {
        self.rng.lock().is_ok_and(|mut rng| rng.gen_bool(probability))
    }
}
