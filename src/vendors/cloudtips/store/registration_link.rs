//! Registration links of `POST /api/places/registration-url` as stored: a link lets up to
//! `max_registrations` users join a place until `created_at_ms + lifetime_seconds`.

use sqlx::{Any, Executor};

use crate::db::Tx;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct RegistrationLinkRow {
    pub id: String,
    pub place_id: String,
    pub partner: String,
    pub max_registrations: i64,
    pub lifetime_seconds: i64,
    pub created_at_ms: i64,
}

pub async fn insert(tx: &mut Tx, tenant: &str, link: &RegistrationLinkRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO cloudtips_registration_links \
         (tenant, id, place_id, partner, max_registrations, lifetime_seconds, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(&link.id)
    .bind(&link.place_id)
    .bind(&link.partner)
    .bind(link.max_registrations)
    .bind(link.lifetime_seconds)
    .bind(link.created_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every link of a tenant, oldest first.
pub async fn all<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<RegistrationLinkRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, place_id, partner, max_registrations, lifetime_seconds, created_at_ms \
         FROM cloudtips_registration_links WHERE tenant = $1 ORDER BY created_at_ms, id",
    )
    .bind(tenant)
    .fetch_all(executor)
    .await
}
