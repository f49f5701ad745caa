//! The store of complaints (`edin_complaints`, NotifyError): one per certificate, sender GLN and
//! complaint type, which the primary key enforces.

use sqlx::{Any, Executor};

use crate::db::Tx;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ComplaintRow {
    pub cert_id: i64,
    /// The sender's company.
    pub gln: String,
    pub type_error: i64,
    /// The sender's login.
    pub login: String,
    pub body: String,
    pub created_at_ms: i64,
}

/// Stores a complaint; a unique violation means the same one was sent before.
pub async fn insert(tx: &mut Tx, tenant: &str, complaint: &ComplaintRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO edin_complaints (tenant, cert_id, gln, type_error, login, body, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(tenant)
    .bind(complaint.cert_id)
    .bind(&complaint.gln)
    .bind(complaint.type_error)
    .bind(&complaint.login)
    .bind(&complaint.body)
    .bind(complaint.created_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every complaint of the tenant, by certificate, sender and type.
pub async fn all<'c, E>(executor: E, tenant: &str) -> Result<Vec<ComplaintRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as(
        "SELECT cert_id, gln, type_error, login, body, created_at_ms FROM edin_complaints WHERE tenant = $1 \
         ORDER BY cert_id, gln, type_error",
    )
    .bind(tenant)
    .fetch_all(executor)
    .await
}
