//! Attach codes as stored: the last code sent to a receiver, one row per receiver, so the resend
//! interval holds whoever asks.

use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::vendors::cloudtips::store::partner::Partner;

/// A code sent to a receiver's phone to attach it at a place.
#[derive(Clone, Debug)]
pub struct AttachCode<'a> {
    pub user_id: &'a str,
    pub place_id: &'a str,
    pub code: &'a str,
    pub sent_at_ms: i64,
    pub expires_at_ms: i64,
}

/// Stores the code for the partner, replacing the previous one only when that was sent at or
/// before `resend_after_ms`; whether it was stored. The condition is the row's own, so two racing
/// calls cannot both send.
pub async fn offer(
    tx: &mut Tx,
    partner: &Partner,
    code: &AttachCode<'_>,
    resend_after_ms: i64,
) -> Result<bool, sqlx::Error> {
    let stored = sqlx::query(
        "INSERT INTO cloudtips_attach_codes (tenant, user_id, place_id, partner, code, sent_at_ms, expires_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (tenant, user_id) DO UPDATE SET place_id = EXCLUDED.place_id, partner = EXCLUDED.partner, \
         code = EXCLUDED.code, sent_at_ms = EXCLUDED.sent_at_ms, expires_at_ms = EXCLUDED.expires_at_ms \
         WHERE cloudtips_attach_codes.sent_at_ms <= $8",
    )
    .bind(&partner.tenant)
    .bind(code.user_id)
    .bind(code.place_id)
    .bind(&partner.username)
    .bind(code.code)
    .bind(code.sent_at_ms)
    .bind(code.expires_at_ms)
    .bind(resend_after_ms)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(stored != 0)
}

/// When the receiver's last code was sent.
pub async fn sent_at<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    user_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT sent_at_ms FROM cloudtips_attach_codes WHERE tenant = $1 AND user_id = $2")
        .bind(tenant)
        .bind(user_id)
        .fetch_one(executor)
        .await
}

/// The code the partner sent for the receiver at the place, with when it expires.
pub async fn pending<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    partner: &Partner,
    place_id: &str,
    user_id: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT code, expires_at_ms FROM cloudtips_attach_codes \
         WHERE tenant = $1 AND user_id = $2 AND place_id = $3 AND partner = $4",
    )
    .bind(&partner.tenant)
    .bind(user_id)
    .bind(place_id)
    .bind(&partner.username)
    .fetch_optional(executor)
    .await
}

/// The receiver's code is used up.
pub async fn remove(tx: &mut Tx, tenant: &str, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cloudtips_attach_codes WHERE tenant = $1 AND user_id = $2")
        .bind(tenant)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A code the partner sent the receiver is void.
pub async fn remove_partners(tx: &mut Tx, partner: &Partner, user_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM cloudtips_attach_codes WHERE tenant = $1 AND user_id = $2 AND partner = $3")
        .bind(&partner.tenant)
        .bind(user_id)
        .bind(&partner.username)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
