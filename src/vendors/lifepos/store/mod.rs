//! The LIFE POS stores, one module per resource (its row, its SQL, its JSON form), and what every
//! store shares: the org-scoped lookup by guid, the tenant-wide read for the
//! fixture export, and reading stored values back strictly (an unreadable one is an error naming
//! its table and column, never a made-up default).

pub mod api_keys;
pub mod credentialed;
pub mod employees;
pub mod fiscal_registrars;
pub mod lists;
pub mod money_docs;
pub mod orgs;
pub mod outlets;
pub mod sales;
pub mod terminals;
pub mod till;
pub mod tokens;
pub mod workplaces;

use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, FromRow};

use crate::db::Tx;
use uuid::Uuid;

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

/// One row of the tenant by guid, whatever its organization: `columns` of `table`.
pub async fn find_in_tenant<'c, E, R>(
    executor: E,
    table: &str,
    columns: &str,
    tenant: &str,
    guid: &str,
) -> Result<Option<R>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
    R: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    sqlx::query_as(&format!(
        "SELECT {columns} FROM {table} WHERE tenant = $1 AND guid = $2"
    ))
    .bind(tenant)
    .bind(guid)
    .fetch_optional(executor)
    .await
}

/// Every row of the tenant in `table`, in `order` (an SQL `ORDER BY` list), for the fixture export.
pub async fn all_of_tenant<'c, E, R>(
    executor: E,
    table: &str,
    columns: &str,
    order: &str,
    tenant: &str,
) -> Result<Vec<R>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
    R: for<'r> FromRow<'r, AnyRow> + Send + Unpin,
{
    sqlx::query_as(&format!(
        "SELECT {columns} FROM {table} WHERE tenant = $1 ORDER BY {order}"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

/// Holds the row of `table` with this guid for the rest of `tx`, before the transaction reads it to
/// change it: a no-op update locks the row until commit on PostgreSQL (SQLite's write transactions
/// are serial anyway), so two read-modify-write requests on one entity take turns and neither
/// loses the other's change.
pub async fn lock_for_change(tx: &mut Tx, table: &str, tenant: &str, guid: &str) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE {table} SET guid = guid WHERE tenant = $1 AND guid = $2"
    ))
    .bind(tenant)
    .bind(guid)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A stored value that cannot be read back.
pub fn unreadable(table: &str, column: &str, why: impl std::fmt::Display) -> sqlx::Error {
    sqlx::Error::Decode(format!("{table}.{column}: {why}").into())
}

/// A stored guid.
pub fn stored_uuid(table: &str, column: &str, value: &str) -> Result<Uuid, sqlx::Error> {
    Uuid::parse_str(value).map_err(|err| unreadable(table, column, format!("`{value}` is not a guid: {err}")))
}

/// A stored time in epoch milliseconds.
pub fn stored_time(table: &str, column: &str, ms: i64) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| unreadable(table, column, format!("{ms} ms is no time")))
}
