//! Deleting tenants: one on request (`DELETE /_emulator/tenants/{tenant}`), every one
//! (`DELETE /_emulator/tenants`), and those idle for `tenants.evict_idle_after_seconds`, found by a
//! housekeeping task every process runs. A tenant goes with every row it holds (one transaction
//! per tenant, so no other tenant's write waits behind more than one) and with what this process
//! keeps of it in memory: journal, rate-limit windows, fault rules, kept read answers, the
//! registry's entry. Other replicas drop their entry, and their copy of its fault rules, within
//! `tenants.recheck_after_ms` (their housekeeping); what else they keep of it is bounded as always
//! (the journal's byte budget, the rate limiter's cap) and goes with the next reset.

use std::sync::Arc;
use std::time::Instant;

use crate::platform::clock;
use crate::platform::services::Services;
use crate::platform::tenant::DEFAULT_TENANT;

/// Idle tenants deleted per housekeeping round, so one round stays short.
const EVICTIONS_PER_ROUND: i64 = 100;

/// Deletes the tenant; false when there was none of that name.
pub async fn remove(services: &Services, tenant: &str) -> Result<bool, sqlx::Error> {
    remove_if_idle(services, tenant, None).await
}

/// Deletes the tenant — with `idle_before` (epoch ms) only if it was last used before then —
/// once no request of it runs in this process.
async fn remove_if_idle(services: &Services, tenant: &str, idle_before: Option<i64>) -> Result<bool, sqlx::Error> {
    let _removing = services.tenants.removing(tenant).await;
    // Kept answers of the tenant stop being served at once (SQLite; on PostgreSQL the new row's
    // write stamp differs from every one the old row had).
    let _writing = services.read_cache.as_deref().map(|cache| cache.writing(tenant));
    let mut tx = services.db.begin().await?;
    let removed = services.tenants.delete_rows(&mut tx, tenant, idle_before).await?;
    tx.commit().await?;
    if removed {
        services.tenants.forget(tenant);
        services.journal.forget_tenant(tenant);
        services.rate_limits.clear_tenant(tenant);
        services.faults.forget(tenant);
    }
    Ok(removed)
}

/// Deletes tenants unused for `tenants.evict_idle_after_seconds`; their names.
pub async fn evict_idle(services: &Services) -> Result<Vec<String>, sqlx::Error> {
    let Some(idle) = services.tenants.evict_idle_after() else {
        return Ok(Vec::new());
    };
    let idle_ms = i64::try_from(idle.as_millis()).unwrap_or(i64::MAX);
    let before = clock::real_now_ms().saturating_sub(idle_ms);
    let idle_names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM tenants WHERE last_used_at_ms < $1 AND name <> $2 ORDER BY last_used_at_ms LIMIT $3",
    )
    .bind(before)
    .bind(DEFAULT_TENANT)
    .bind(EVICTIONS_PER_ROUND)
    .fetch_all(services.db.pool())
    .await?;
    let mut evicted = Vec::new();
    for name in idle_names {
        // Checked again in the deleting statement: a use since the query keeps the tenant.
        if remove_if_idle(services, &name, Some(before)).await? {
            evicted.push(name);
        }
    }
    Ok(evicted)
}

/// The housekeeping task: trims the registry every `TenantRegistry::housekeeping_period` and evicts
/// idle tenants every `TenantRegistry::eviction_period`, until the process stops (the caller aborts
/// it).
pub async fn housekeeping(services: Arc<Services>) {
    let mut ticks = tokio::time::interval(services.tenants.housekeeping_period());
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_eviction = Instant::now();
    loop {
        ticks.tick().await;
        services.tenants.forget_unchecked();
        services.faults.retain(|tenant| services.tenants.knows(tenant));
        let Some(period) = services.tenants.eviction_period() else {
            continue;
        };
        if last_eviction.elapsed() < period {
            continue;
        }
        last_eviction = Instant::now();
        match evict_idle(&services).await {
            Ok(evicted) if !evicted.is_empty() => tracing::info!(count = evicted.len(), "evicted idle tenants"),
            Ok(_) => {}
            Err(err) => tracing::warn!(error = %err, "evicting idle tenants failed"),
        }
    }
}
