//! The state every handler shares: settings, the database, the startup fixtures and the bounded
//! in-memory stores (journal, rate-limit windows).

use std::ops::Deref;
use std::sync::Arc;

use crate::config::Config;
use crate::db::Db;
use crate::fixtures::FixtureDocument;
use crate::platform::faults::Faults;
use crate::platform::journal::Journal;
use crate::platform::metrics::Metrics;
use crate::platform::rate_limit::RateLimiter;
use crate::platform::tenant::TenantRegistry;

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub config: Config,
    pub db: Db,
    /// What every tenant starts from and returns to on reset.
    pub fixtures: FixtureDocument,
    pub tenants: TenantRegistry,
    pub journal: Journal,
    pub rate_limits: RateLimiter,
    pub faults: Faults,
    pub metrics: Metrics,
    /// Signs what the emulator hands out and must recognise later (page tokens); the same on
    /// every replica of one database.
    pub signing_key: String,
}

impl AppState {
    pub fn new(config: Config, db: Db, fixtures: FixtureDocument, signing_key: String) -> AppState {
        let journal = Journal::new(config.journal.capacity, config.journal.max_body_bytes);
        let faults = Faults::new((config.faults.seed != 0).then_some(config.faults.seed));
        AppState(Arc::new(Shared {
            config,
            db,
            fixtures,
            tenants: TenantRegistry::default(),
            journal,
            rate_limits: RateLimiter::default(),
            faults,
            metrics: Metrics::default(),
            signing_key,
        }))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}
