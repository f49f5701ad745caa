//! Partners (the API users) as stored: their credentials, and the scope a request acts in.

use sqlx::{Any, Executor};

use crate::db::Tx;

/// The partner a request acts for, in its tenant: every store call of the API is scoped by it.
#[derive(Clone, Debug)]
pub struct Partner {
    pub tenant: String,
    pub username: String,
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PartnerRow {
    pub username: String,
    pub password: String,
    pub client_id: String,
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    username: &str,
) -> Result<Option<PartnerRow>, sqlx::Error> {
    sqlx::query_as("SELECT username, password, client_id FROM cloudtips_partners WHERE tenant = $1 AND username = $2")
        .bind(tenant)
        .bind(username)
        .fetch_optional(executor)
        .await
}

/// Every partner of a tenant, by username.
pub async fn all<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<PartnerRow>, sqlx::Error> {
    sqlx::query_as("SELECT username, password, client_id FROM cloudtips_partners WHERE tenant = $1 ORDER BY username")
        .bind(tenant)
        .fetch_all(executor)
        .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, partner: &PartnerRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO cloudtips_partners (tenant, username, password, client_id) VALUES ($1, $2, $3, $4)")
        .bind(tenant)
        .bind(&partner.username)
        .bind(&partner.password)
        .bind(&partner.client_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
