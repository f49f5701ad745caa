//! The store of users and their sessions (`edin_users`, `edin_tokens`): who may sign in, and the
//! `varToken`s they hold with the instant each was last used.

use sqlx::{Any, Executor};

use crate::db::{Db, Tx};

/// One stored user.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct UserRow {
    pub login: String,
    pub password: String,
    /// The GLN of the user's company.
    pub gln: String,
}

pub async fn find_user<'c, E>(executor: E, tenant: &str, login: &str) -> Result<Option<UserRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as("SELECT login, password, gln FROM edin_users WHERE tenant = $1 AND login = $2")
        .bind(tenant)
        .bind(login)
        .fetch_optional(executor)
        .await
}

/// Every user of the tenant, by login.
pub async fn all_users<'c, E>(executor: E, tenant: &str) -> Result<Vec<UserRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as("SELECT login, password, gln FROM edin_users WHERE tenant = $1 ORDER BY login")
        .bind(tenant)
        .fetch_all(executor)
        .await
}

pub async fn insert_user(tx: &mut Tx, tenant: &str, user: &UserRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO edin_users (tenant, login, password, gln) VALUES ($1, $2, $3, $4)")
        .bind(tenant)
        .bind(&user.login)
        .bind(&user.password)
        .bind(&user.gln)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Opens a session for `user` at `now_ms`, first forgetting the tenant's sessions idle since
/// `idle_cutoff_ms` (they can never be used again).
pub async fn open(
    tx: &mut Tx,
    tenant: &str,
    token: &str,
    user: &UserRow,
    now_ms: i64,
    idle_cutoff_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM edin_tokens WHERE tenant = $1 AND last_used_at_ms <= $2")
        .bind(tenant)
        .bind(idle_cutoff_ms)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO edin_tokens (token, tenant, login, gln, created_at_ms, last_used_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(token)
    .bind(tenant)
    .bind(&user.login)
    .bind(&user.gln)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The `(login, gln)` of a session used since `idle_cutoff_ms`, marked used at `now_ms`, in one
/// statement; `None` for an unknown or expired token.
pub async fn touch(
    db: &Db,
    tenant: &str,
    token: &str,
    now_ms: i64,
    idle_cutoff_ms: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let touch = sqlx::query_as::<_, (String, String)>(
        "UPDATE edin_tokens SET last_used_at_ms = $1 \
         WHERE tenant = $2 AND token = $3 AND last_used_at_ms > $4 RETURNING login, gln",
    )
    .bind(now_ms)
    .bind(tenant.to_owned())
    .bind(token.to_owned())
    .bind(idle_cutoff_ms);
    db.write(move |conn| Box::pin(touch.fetch_optional(conn))).await
}
