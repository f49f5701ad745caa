//! Tokens in storage: issued by sign-in (an employee) and by activation (a workplace, with the
//! employee its code was issued for); read back with the role of their employee; revoked when
//! their workplace is deactivated.

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::platform::secrets::random_token;

/// What a new token stands for.
pub struct TokenGrant<'a> {
    pub org_guid: &'a str,
    pub employee_guid: Option<&'a str>,
    pub workplace_guid: Option<&'a str>,
}

pub async fn issue(
    tx: &mut Tx,
    tenant: &str,
    grant: TokenGrant<'_>,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO lifepos_tokens (token, tenant, org_guid, employee_guid, workplace_guid, created_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&token)
    .bind(tenant)
    .bind(grant.org_guid)
    .bind(grant.employee_guid)
    .bind(grant.workplace_guid)
    .bind(to_ms(now))
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

/// A token's row with the role of its employee.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct TokenRow {
    pub org_guid: String,
    pub employee_guid: Option<String>,
    pub workplace_guid: Option<String>,
    pub role: Option<String>,
}

/// One query: the token with its employee's role.
pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    token: &str,
) -> Result<Option<TokenRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.org_guid, t.employee_guid, t.workplace_guid, e.role FROM lifepos_tokens t \
         LEFT JOIN lifepos_employees e ON e.tenant = t.tenant AND e.guid = t.employee_guid \
         WHERE t.token = $1 AND t.tenant = $2",
    )
    .bind(token)
    .bind(tenant)
    .fetch_optional(executor)
    .await
}

/// Revokes every token the workplace's activations issued.
pub async fn revoke_for_workplace(tx: &mut Tx, tenant: &str, workplace_guid: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM lifepos_tokens WHERE tenant = $1 AND workplace_guid = $2")
        .bind(tenant)
        .bind(workplace_guid)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
