//! Issued tokens as stored: access tokens name the partner of every API call, refresh tokens buy a
//! new pair once.

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

/// A new token of the partner's, valid until `expires_at_ms`.
pub async fn issue(
    tx: &mut Tx,
    tenant: &str,
    kind: TokenKind,
    partner: &str,
    expires_at_ms: i64,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO cloudtips_tokens (token, tenant, kind, partner, expires_at_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&token)
    .bind(tenant)
    .bind(kind.name())
    .bind(partner)
    .bind(expires_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// The partner a token of this kind belongs to, while it is valid at `now_ms`.
pub async fn holder<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    kind: TokenKind,
    token: &str,
    now_ms: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT partner FROM cloudtips_tokens WHERE token = $1 AND tenant = $2 AND kind = $3 AND expires_at_ms > $4",
    )
    .bind(token)
    .bind(tenant)
    .bind(kind.name())
    .bind(now_ms)
    .fetch_optional(executor)
    .await
}

/// Removes a token; whether this call was the one that removed it.
pub async fn consume(tx: &mut Tx, tenant: &str, token: &str) -> Result<bool, sqlx::Error> {
    let deleted = sqlx::query("DELETE FROM cloudtips_tokens WHERE token = $1 AND tenant = $2")
        .bind(token)
        .bind(tenant)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok(deleted == 1)
}
