//! Fault rules in the database (`fault_rules`), so every replica of one database applies the
//! same rules, and each tenant's `faults_stamp` (in `tenants`), moved by every change to its rules
//! in the same transaction, so a replica can tell cheaply whether the rules it holds are current.
//!
//! A rule's countdown (`times_left`) is one conditional `UPDATE`: concurrent requests on any
//! replica each take one of the firings left, and no more than there are. A rule used up stays
//! (at 0, no longer loaded) until a task started by the request that used it up removes it and
//! moves the stamp.

use sqlx::{Any, Executor};

use crate::db::{Db, Tx};
use crate::platform::faults::rule::FaultRule;

/// A tenant's rules as the database held them under `stamp`, in the order they were added.
#[derive(Debug, Default)]
pub struct StoredRules {
    pub stamp: u64,
    pub rules: Vec<FaultRule>,
}

/// One row of [`load`]: the tenant's stamp, then a rule's id, JSON and firings left (all `NULL`
/// for a tenant without rules).
type StampAndRule = (i64, Option<String>, Option<String>, Option<i64>);

/// The tenant's stamp and live rules, read in one statement so the two agree. `None`: no such
/// tenant.
pub async fn load<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Option<StoredRules>, sqlx::Error> {
    let rows: Vec<StampAndRule> = sqlx::query_as(
        "SELECT t.faults_stamp, r.id, r.rule, r.times_left FROM tenants t \
         LEFT JOIN fault_rules r ON r.tenant = t.name AND (r.times_left IS NULL OR r.times_left > 0) \
         WHERE t.name = $1 ORDER BY r.seq",
    )
    .bind(tenant)
    .fetch_all(executor)
    .await?;
    let Some((stamp, ..)) = rows.first() else {
        return Ok(None);
    };
    let mut stored = StoredRules {
        stamp: *stamp as u64,
        rules: Vec::with_capacity(rows.len()),
    };
    for (_, id, rule, times_left) in rows {
        let (Some(id), Some(rule)) = (id, rule) else { continue };
        match serde_json::from_str::<FaultRule>(&rule) {
            Ok(mut rule) => {
                rule.id = id;
                rule.times = times_left.map(|times| times as u64);
                stored.rules.push(rule);
            }
            Err(err) => tracing::error!(error = %err, tenant, id, "a stored fault rule does not parse"),
        }
    }
    Ok(Some(stored))
}

/// Moves the tenant's stamp; in a transaction, this also makes concurrent changes to the
/// tenant's rules take turns (the row stays locked until the commit).
async fn move_stamp(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE tenants SET faults_stamp = faults_stamp + 1 WHERE name = $1")
        .bind(tenant)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The tenant already holds `limit` rules.
#[derive(Debug)]
pub struct TooManyRules;

/// Adds `rule` (its `id` set) after the tenant's others, unless the tenant holds `limit` already.
pub async fn add(
    tx: &mut Tx,
    tenant: &str,
    rule: &FaultRule,
    limit: usize,
) -> Result<Result<StoredRules, TooManyRules>, sqlx::Error> {
    move_stamp(tx, tenant).await?;
    let (live, last): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(CASE WHEN times_left IS NULL OR times_left > 0 THEN 1 END), COALESCE(MAX(seq), 0) \
         FROM fault_rules WHERE tenant = $1",
    )
    .bind(tenant)
    .fetch_one(&mut **tx)
    .await?;
    if usize::try_from(live).unwrap_or(usize::MAX) >= limit {
        return Ok(Err(TooManyRules));
    }
    let mut stored_form = rule.clone();
    // The id and the countdown have columns of their own.
    stored_form.id = String::new();
    stored_form.times = None;
    let json = serde_json::to_string(&stored_form).map_err(|err| sqlx::Error::Protocol(err.to_string()))?;
    sqlx::query("INSERT INTO fault_rules (tenant, id, seq, rule, times_left) VALUES ($1, $2, $3, $4, $5)")
        .bind(tenant)
        .bind(&rule.id)
        .bind(last + 1)
        .bind(json)
        .bind(rule.times.map(|times| times as i64))
        .execute(&mut **tx)
        .await?;
    Ok(Ok(load(&mut **tx, tenant).await?.unwrap_or_default()))
}

/// Removes one rule (`id`), or every rule (`None`); whether any was removed, and what is left.
pub async fn remove(tx: &mut Tx, tenant: &str, id: Option<&str>) -> Result<(bool, StoredRules), sqlx::Error> {
    move_stamp(tx, tenant).await?;
    let removed = match id {
        Some(id) => {
            sqlx::query(
                "DELETE FROM fault_rules WHERE tenant = $1 AND id = $2 AND (times_left IS NULL OR times_left > 0)",
            )
            .bind(tenant)
            .bind(id)
            .execute(&mut **tx)
            .await?
        }
        None => {
            sqlx::query("DELETE FROM fault_rules WHERE tenant = $1")
                .bind(tenant)
                .execute(&mut **tx)
                .await?
        }
    };
    let left = load(&mut **tx, tenant).await?.unwrap_or_default();
    Ok((removed.rows_affected() > 0, left))
}

/// Takes one of a counted rule's firings: the firings left after it, or `None` when none was left
/// (another request, maybe on another replica, took the last one).
pub async fn count_down(db: &Db, tenant: &str, id: &str) -> Result<Option<u64>, sqlx::Error> {
    let taken = sqlx::query_scalar::<_, i64>(
        "UPDATE fault_rules SET times_left = times_left - 1 \
         WHERE tenant = $1 AND id = $2 AND times_left > 0 RETURNING times_left",
    )
    .bind(tenant.to_owned())
    .bind(id.to_owned());
    let left = db.write(move |conn| Box::pin(taken.fetch_optional(conn))).await?;
    Ok(left.map(|left| left as u64))
}

/// Removes a rule whose firings are used up; what is left.
pub async fn remove_used_up(tx: &mut Tx, tenant: &str, id: &str) -> Result<StoredRules, sqlx::Error> {
    move_stamp(tx, tenant).await?;
    sqlx::query("DELETE FROM fault_rules WHERE tenant = $1 AND id = $2 AND times_left = 0")
        .bind(tenant)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(load(&mut **tx, tenant).await?.unwrap_or_default())
}
