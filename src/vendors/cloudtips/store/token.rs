//! Issued tokens as stored: access tokens name the partner (or, for `client_id=MobilePhone`, the
//! receiver) of every API call, refresh tokens buy a new pair once. Partners' and receivers' tokens
//! live in tables of their own, so one can never be read as the other.

use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::platform::secrets::random_token;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    fn name(self) -> &'static str {
        match self {
            TokenKind::Access => "access",
            TokenKind::Refresh => "refresh",
        }
    }
}

/// Whom a token is issued to: a partner (by username) or a receiver (by user id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Partner,
    Receiver,
}

impl Holder {
    /// The table of this holder's tokens and its column naming the holder.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Holder::Partner => ("cloudtips_tokens", "partner"),
            Holder::Receiver => ("cloudtips_receiver_tokens", "user_id"),
        }
    }
}

/// A new token of the holder `subject`, valid until `expires_at_ms`.
pub async fn issue(
    tx: &mut Tx,
    tenant: &str,
    holder: Holder,
    kind: TokenKind,
    subject: &str,
    expires_at_ms: i64,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    let (table, column) = holder.table();
    sqlx::query(&format!(
        "INSERT INTO {table} (token, tenant, kind, {column}, expires_at_ms) VALUES ($1, $2, $3, $4, $5)"
    ))
    .bind(&token)
    .bind(tenant)
    .bind(kind.name())
    .bind(subject)
    .bind(expires_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The partner or receiver a token of this kind belongs to, while it is valid at `now_ms`.
pub async fn holder<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    holder: Holder,
    kind: TokenKind,
    token: &str,
    now_ms: i64,
) -> Result<Option<String>, sqlx::Error> {
    let (table, column) = holder.table();
    sqlx::query_scalar(&format!(
        "SELECT {column} FROM {table} WHERE token = $1 AND tenant = $2 AND kind = $3 AND expires_at_ms > $4"
    ))
    .bind(token)
    .bind(tenant)
    .bind(kind.name())
    .bind(now_ms)
    .fetch_optional(executor)
    .await
}

/// Removes a token; whether this call was the one that removed it.
pub async fn consume(tx: &mut Tx, tenant: &str, holder: Holder, token: &str) -> Result<bool, sqlx::Error> {
    let (table, _) = holder.table();
    let deleted = sqlx::query(&format!("DELETE FROM {table} WHERE token = $1 AND tenant = $2"))
        .bind(token)
        .bind(tenant)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(deleted == 1)
}
