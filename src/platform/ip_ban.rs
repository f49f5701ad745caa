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

/// What one more failure did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureOutcome {
    /// Counted: the `max_failures`-th of a run starts the ban and is still answered as a failure.
    Counted,
    /// A ban was already in force (another request started it meanwhile): answer as banned.
    Banned,
}

/// Counts one failure in a single statement, so concurrent failures from one IP (on any replica)
/// each get their own place in the run: exactly `max_failures` of them are counted and the one
/// that reaches the limit starts the ban. Failures during a ban go on being numbered past the
/// limit (and answered as banned); the first failure after a ban has ended starts a new run.
pub async fn record_failure(
    tx: &mut Tx,
    tenant: &str,
    policy: &BanPolicy,
    ip: IpAddr,
    now: DateTime<Utc>,
) -> Result<FailureOutcome, sqlx::Error> {
    // `SET` expressions see the row as it was, so `run` is the run this failure belongs to.
    let failures: i64 = sqlx::query_scalar(
        "INSERT INTO ip_failures (tenant, scope, ip, failures, banned_until_ms) \
         VALUES ($1, $2, $3, 1, CASE WHEN 1 >= $5 THEN $6 ELSE NULL END) \
         ON CONFLICT (tenant, scope, ip) DO UPDATE SET \
           failures = CASE WHEN ip_failures.banned_until_ms <= $4 THEN 1 ELSE ip_failures.failures + 1 END, \
           banned_until_ms = CASE \
             WHEN ip_failures.banned_until_ms > $4 THEN ip_failures.banned_until_ms \
             WHEN (CASE WHEN ip_failures.banned_until_ms <= $4 THEN 1 ELSE ip_failures.failures + 1 END) >= $5 THEN $6 \
             ELSE NULL END \
         RETURNING failures",
    )
    .bind(tenant)
    .bind(policy.scope)
    .bind(ip.to_string())
    .bind(to_ms(now))
    .bind(policy.max_failures)
    .bind(to_ms(now + policy.ban))
    .fetch_one(&mut **tx)
    .await?;
    Ok(if failures > policy.max_failures {
        FailureOutcome::Banned
    } else {
        FailureOutcome::Counted
    })
}

/// A success ends the run of failures (and forgets a ban that is over).
pub async fn record_success(tx: &mut Tx, tenant: &str, policy: &BanPolicy, ip: IpAddr) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE ip_failures SET failures = 0, banned_until_ms = NULL WHERE tenant = $1 AND scope = $2 AND ip = $3",
    )
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
