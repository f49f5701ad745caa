//! The organization: its stored row and JSON form. Organizations come from fixtures only; the API
//! reads them.

use serde_json::{json, Value};
use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::vendors::lifepos::render::time;
use crate::vendors::lifepos::store;

const TABLE: &str = "lifepos_organizations";

/// A row of `lifepos_organizations`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OrganizationRow {
    pub guid: String,
    pub name: String,
    pub created_at_ms: i64,
}

const COLUMNS: &str = "guid, name, created_at_ms";

impl OrganizationRow {
    /// The organization as `GET /orgs` lists it.
    pub fn to_json(&self) -> Value {
        json!({ "guid": self.guid, "name": self.name, "created_at": time(self.created_at_ms) })
    }
}

pub async fn insert(tx: &mut Tx, tenant: &str, org: &OrganizationRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO lifepos_organizations (tenant, guid, name, created_at_ms) VALUES ($1, $2, $3, $4)")
        .bind(tenant)
        .bind(&org.guid)
        .bind(&org.name)
        .bind(org.created_at_ms)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    guid: &str,
) -> Result<Option<OrganizationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {TABLE} WHERE tenant = $1 AND guid = $2"
    ))
    .bind(tenant)
    .bind(guid)
    .fetch_optional(executor)
    .await
}

/// Every organization of the tenant, oldest first, for the fixture export.
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<OrganizationRow>, sqlx::Error> {
    store::all_of_tenant(executor, TABLE, COLUMNS, "created_at_ms, guid", tenant).await
}
