//! LIFE POS credentials: tokens issued by sign-in (an employee) and by activation (a workplace),
//! and organization API keys sent as the raw `Authorization` value. Every one reaches only its own
//! organization in its own tenant.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::secrets::random_token;
use crate::state::AppState;
use crate::vendors::lifepos::employee::EmployeeRole;
use crate::vendors::lifepos::error::LifeposError;

/// Who a request acts as.
#[derive(Clone, Debug)]
pub struct Principal {
    pub org_guid: String,
    pub employee_guid: Option<String>,
    pub workplace_guid: Option<String>,
    /// The employee's role; `None` for an API key or a workplace activated without an employee,
    /// which act for the organization itself.
    pub role: Option<EmployeeRole>,
}

impl Principal {
    pub fn require_api_rights(&self) -> Result<(), LifeposError> {
        match self.role {
            Some(role) if !role.has_api_rights() => Err(LifeposError::NoPermissions),
            _ => Ok(()),
        }
    }
}

/// What a new token stands for.
pub struct TokenGrant<'a> {
    pub org_guid: &'a str,
    pub employee_guid: Option<&'a str>,
    pub workplace_guid: Option<&'a str>,
}

pub async fn issue_token(
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

/// A token's or API key's row, with the role of its employee.
#[derive(sqlx::FromRow)]
struct CredentialRow {
    org_guid: String,
    employee_guid: Option<String>,
    workplace_guid: Option<String>,
    role: Option<String>,
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = LifeposError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let context = parts
            .extensions
            .get::<RequestContext>()
            .ok_or(LifeposError::InternalServerError)?;
        let credential = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .ok_or(LifeposError::Unauthorized)?;
        // One query: the token (or key) with its employee's role.
        let found: Option<CredentialRow> = match credential.strip_prefix("Bearer ") {
            Some(token) => {
                sqlx::query_as(
                    "SELECT t.org_guid, t.employee_guid, t.workplace_guid, e.role FROM lifepos_tokens t \
                     LEFT JOIN lifepos_employees e ON e.tenant = t.tenant AND e.guid = t.employee_guid \
                     WHERE t.token = $1 AND t.tenant = $2",
                )
                .bind(token.trim())
                .bind(&context.tenant)
                .fetch_optional(state.db.pool())
                .await?
            }
            None => {
                sqlx::query_as(
                    "SELECT org_guid, CAST(NULL AS TEXT) AS employee_guid, CAST(NULL AS TEXT) AS workplace_guid, \
                 CAST(NULL AS TEXT) AS role FROM lifepos_api_keys \
                 WHERE api_key = $1 AND tenant = $2",
                )
                .bind(credential)
                .bind(&context.tenant)
                .fetch_optional(state.db.pool())
                .await?
            }
        };
        let found = found.ok_or(LifeposError::Unauthorized)?;
        Ok(Principal {
            role: found.role.as_deref().and_then(EmployeeRole::find),
            org_guid: found.org_guid,
            employee_guid: found.employee_guid,
            workplace_guid: found.workplace_guid,
        })
    }
}
