//! The platform's shared services: one per process, behind every vendor and the control plane.

use std::sync::Arc;

use crate::config::Config;
use crate::db::{Db, Engine};
use crate::platform::deliveries::http::Sender;
use crate::platform::deliveries::Deliveries;
use crate::platform::faults::Faults;
use crate::platform::journal::{Journal, JournalLimits};
use crate::platform::metrics::Metrics;
use crate::platform::rate_limit::RateLimiter;
use crate::platform::read_cache::ReadCache;
use crate::platform::shared_stamps::SharedStamps;
use crate::platform::tenant::TenantSeeder;
use crate::platform::tenant_registry::TenantRegistry;

pub struct Services {
    pub config: Config,
    pub db: Db,
    pub tenants: TenantRegistry,
    pub journal: Journal,
    pub rate_limits: RateLimiter,
    pub faults: Faults,
    pub metrics: Metrics,
    /// Answers to pure reads (see `read_cache`); `None` when `database.read_cache_bytes` is 0.
    pub read_cache: Option<Arc<ReadCache>>,
    /// The write stamps in the database that the read cache checks on PostgreSQL
    /// (`shared_stamps`); `None` on SQLite, whose stamps live in the process.
    pub shared_stamps: Option<Arc<SharedStamps>>,
    /// Signs what the emulator hands out and must recognise later (page tokens); the same on
    /// every replica of one database.
    pub signing_key: String,
    /// Notifications to clients' URLs: settings, the sender's wake-up, what was dropped.
    pub deliveries: Deliveries,
    /// Every vendor's name, as the registry gives them (what the platform records entries under).
    pub vendor_names: Vec<&'static str>,
}

impl Services {
    pub fn new(
        config: Config,
        db: Db,
        seeder: Arc<dyn TenantSeeder>,
        signing_key: String,
        vendor_names: Vec<&'static str>,
        sender: Sender,
    ) -> Services {
        let journal = Journal::new(JournalLimits {
            capacity: config.journal.capacity,
            max_body_bytes: config.journal.max_body_bytes,
            max_total_bytes: config.journal.max_total_bytes,
            max_streams: config.journal.max_streams,
            max_streams_per_tenant: config.journal.max_streams_per_tenant,
        });
        let faults = Faults::new(db.clone(), config.faults.clone());
        let cache_bytes = config.database.read_cache_bytes;
        // On SQLite every emulator of the process on one file shares one cache (one owner of the
        // file); on PostgreSQL each keeps its own, as separate replicas would, checked against the
        // stamps they share in the database.
        let read_cache = (cache_bytes > 0).then(|| match db.engine() {
            Engine::Sqlite => ReadCache::shared(db.location(), cache_bytes),
            Engine::Postgres => Arc::new(ReadCache::new(cache_bytes)),
        });
        let shared_stamps = (db.engine() == Engine::Postgres).then(|| SharedStamps::new(db.clone()));
        let tenants = TenantRegistry::new(seeder, &config.tenants);
        let deliveries = Deliveries::new(config.deliveries.clone(), sender);
        Services {
            config,
            db,
            tenants,
            journal,
            rate_limits: RateLimiter::default(),
            faults,
            metrics: Metrics::default(),
            read_cache,
            shared_stamps,
            signing_key,
            deliveries,
            vendor_names,
        }
    }
}
