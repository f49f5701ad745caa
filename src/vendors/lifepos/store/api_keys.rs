//! Organization API keys in storage. Keys come from fixtures only; a request sends one as the raw
//! `Authorization` value.

use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::vendors::lifepos::store;

/// A row of `lifepos_api_keys`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ApiKeyRow {
    pub api_key: String,
    pub org_guid: String,
}

pub async fn insert(tx: &mut Tx, tenant: &str, key: &ApiKeyRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO lifepos_api_keys (tenant, api_key, org_guid) VALUES ($1, $2, $3)")
        .bind(tenant)
        .bind(&key.api_key)
        .bind(&key.org_guid)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The organization a key belongs to.
pub async fn org_of<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    api_key: &str,
) -> Result<Option<String>, sqlx::Error> {
    let org: Option<(String,)> =
        sqlx::query_as("SELECT org_guid FROM lifepos_api_keys WHERE api_key = $1 AND tenant = $2")
            .bind(api_key)
            .bind(tenant)
            .fetch_optional(executor)
            .await?;
    Ok(org.map(|(org,)| org))
}

/// Every key of the tenant, by key, for the fixture export.
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<ApiKeyRow>, sqlx::Error> {
    store::all_of_tenant(executor, "lifepos_api_keys", "api_key, org_guid", "api_key", tenant).await
}
