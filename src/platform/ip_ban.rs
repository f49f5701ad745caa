//! Consecutive failures and the bans they lead to, per client IP. Stored in the database, so every
//! replica sees the same count and the same ban, and a restart forgets neither.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::platform::clock::{from_ms, to_ms};

/// How many consecutive failures ban an IP, and for how long.
#[derive(Clone, Copy, Debug)]
pub struct BanPolicy {
    pub scope: &'static str,
    pub max_failures: i64,
    pub ban: Duration,
}

/// The end of the ban on `ip`, when one is in force at `now`.
pub async fn banned_until<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    policy: &BanPolicy,
    ip: IpAddr,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    let until: Option<Option<i64>> =
        sqlx::query_scalar("SELECT banned_until_ms FROM ip_failures WHERE tenant = $1 AND scope = $2 AND ip = $3")
            .bind(tenant)
            .bind(policy.scope)
            .bind(ip.to_string())
            .fetch_optional(executor)
            .await?;
    Ok(until.flatten().filter(|until| *until > to_ms(now)).map(from_ms))
}

/// Counts one failure; the one that reaches the limit starts a ban and zeroes the count, so the
/// IP starts afresh once the ban is over. Returns whether the IP is now banned.
pub async fn record_failure(
    tx: &mut Tx,
    tenant: &str,
    policy: &BanPolicy,
    ip: IpAddr,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let failures: i64 = sqlx::query_scalar(
        "INSERT INTO ip_failures (tenant, scope, ip, failures, banned_until_ms) VALUES ($1, $2, $3, 1, NULL) \
         ON CONFLICT (tenant, scope, ip) DO UPDATE SET failures = ip_failures.failures + 1 \
         RETURNING failures",
    )
    .bind(tenant)
    .bind(policy.scope)
    .bind(ip.to_string())
    .fetch_one(&mut **tx)
    .await?;
    if failures < policy.max_failures {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE ip_failures SET failures = 0, banned_until_ms = $4 WHERE tenant = $1 AND scope = $2 AND ip = $3",
    )
    .bind(tenant)
    .bind(policy.scope)
    .bind(ip.to_string())
    .bind(to_ms(now + policy.ban))
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// A success ends the run of failures.
pub async fn record_success(tx: &mut Tx, tenant: &str, policy: &BanPolicy, ip: IpAddr) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE ip_failures SET failures = 0 WHERE tenant = $1 AND scope = $2 AND ip = $3")
        .bind(tenant)
        .bind(policy.scope)
        .bind(ip.to_string())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn clear<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM ip_failures WHERE tenant = $1")
        .bind(tenant)
        .execute(executor)
        .await?;
    Ok(())
}
