//! Lookups every LIFE POS resource shares.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, FromRow};

/// One entity of an organization by guid: `columns` of `table`, whose rows carry `tenant`,
/// `org_guid` and `guid`.
pub async fn find_in_org<'c, E, R>(
    executor: E,
    table: &str,
    columns: &str,
    tenant: &str,
    org: &str,
    guid: &str,
) -> Result<Option<R>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
    R: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    sqlx::query_as(&format!(
        "SELECT {columns} FROM {table} WHERE tenant = $1 AND org_guid = $2 AND guid = $3"
    ))
    .bind(tenant)
    .bind(org)
    .bind(guid)
    .fetch_optional(executor)
    .await
}
