//! A receiver's timeline as stored: tips (`Transaction`) and payouts (`Payout`), newest first (the
//! API's form: `wire::own::TimelineItem`). Amounts are kept in kopecks and shown in rubles.

use sqlx::{Any, Executor};

use crate::db::Tx;

/// The operation types an item may have.
pub const OPERATION_TYPES: &[&str] = &["Transaction", "Payout"];

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct TimelineRow {
    pub transaction_id: i64,
    pub user_id: String,
    pub operation_type: String,
    pub payer_name: Option<String>,
    pub amount_kopecks: i64,
    pub comment: Option<String>,
    pub created_at_ms: i64,
}

const COLUMNS: &str = "transaction_id, user_id, operation_type, payer_name, amount_kopecks, comment, created_at_ms";

/// Which items of a receiver a page holds: created within `[from_ms, to_ms]`, newest first,
/// `limit` of them after skipping `skip`.
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub from_ms: i64,
    pub to_ms: i64,
    pub skip: i64,
    pub limit: i64,
}

/// One page of the receiver's timeline. The skip is bounded by the caller, and the scan runs over
/// the receiver's index range only.
pub async fn page<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    user_id: &str,
    window: Window,
) -> Result<Vec<TimelineRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cloudtips_timeline WHERE tenant = $1 AND user_id = $2 \
         AND created_at_ms >= $3 AND created_at_ms <= $4 \
         ORDER BY created_at_ms DESC, transaction_id DESC LIMIT $5 OFFSET $6"
    ))
    .bind(tenant)
    .bind(user_id)
    .bind(window.from_ms)
    .bind(window.to_ms)
    .bind(window.limit)
    .bind(window.skip)
    .fetch_all(executor)
    .await
}

/// Every item of a tenant (for the state export), by receiver, oldest first.
pub async fn all<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<TimelineRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cloudtips_timeline WHERE tenant = $1 ORDER BY user_id, created_at_ms, transaction_id"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, item: &TimelineRow) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO cloudtips_timeline (tenant, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(tenant)
    .bind(item.transaction_id)
    .bind(&item.user_id)
    .bind(&item.operation_type)
    .bind(&item.payer_name)
    .bind(item.amount_kopecks)
    .bind(&item.comment)
    .bind(item.created_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Kopecks as the API's rubles (`150.5`).
pub fn rubles(kopecks: i64) -> f64 {
    // Exact for every amount below 2^53 kopecks.
    kopecks as f64 / 100.0
}
