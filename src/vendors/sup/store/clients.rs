//! The API clients in storage: a login, its password and the key its bodies are encrypted with.

use sqlx::{Any, Executor};

use crate::db::Tx;

/// One row of `sup_clients`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct ClientRow {
    pub login: String,
    pub password: String,
    /// The base64 of a 32-byte AES-256-GCM key; `None` for a client that sends plain JSON.
    pub encryption_key: Option<String>,
}

/// The client's password and the tenant's session epoch (which a new token carries), in one query.
pub async fn password_and_epoch<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    login: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.password, t.session_epoch FROM sup_clients c \
         JOIN tenants t ON t.name = c.tenant WHERE c.tenant = $1 AND c.login = $2",
    )
    .bind(tenant)
    .bind(login)
    .fetch_optional(executor)
    .await
}

/// What every authenticated call needs before it can check its token, in one query.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClientSession {
    /// `None` for a client without one.
    pub encryption_key: Option<String>,
    pub clock_offset_ms: i64,
    pub frozen_at_ms: Option<i64>,
    /// The tenant's session epoch: a token issued in another one is over.
    pub session_epoch: String,
}

/// The client's `encryption_key`, the tenant's clock and its session epoch; `None` if there is no
/// such client (any more).
pub async fn session<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    login: &str,
) -> Result<Option<ClientSession>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.encryption_key, t.clock_offset_ms, t.frozen_at_ms, t.session_epoch FROM sup_clients c \
         JOIN tenants t ON t.name = c.tenant WHERE c.tenant = $1 AND c.login = $2",
    )
    .bind(tenant)
    .bind(login)
    .fetch_optional(executor)
    .await
}

/// Every client of the tenant, by login.
pub async fn all<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<ClientRow>, sqlx::Error> {
    sqlx::query_as("SELECT login, password, encryption_key FROM sup_clients WHERE tenant = $1 ORDER BY login")
        .bind(tenant)
        .fetch_all(executor)
        .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, client: &ClientRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sup_clients (tenant, login, password, encryption_key) VALUES ($1, $2, $3, $4)")
        .bind(tenant)
        .bind(&client.login)
        .bind(&client.password)
        .bind(&client.encryption_key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
