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
use crate::vendors::lifepos::error::LifeposError;

/// Who a request acts as.
#[derive(Clone, Debug)]
pub struct Principal {
    pub org_guid: String,
    pub employee_guid: Option<String>,
    pub workplace_guid: Option<String>,
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
        let found: Option<(String, Option<String>, Option<String>)> = match credential.strip_prefix("Bearer ") {
            Some(token) => {
                sqlx::query_as(
                    "SELECT org_guid, employee_guid, workplace_guid FROM lifepos_tokens WHERE token = $1 AND tenant = $2",
                )
                .bind(token.trim())
                .bind(&context.tenant)
                .fetch_optional(state.db.pool())
                .await?
            }
            None => sqlx::query_as(
                "SELECT org_guid, CAST(NULL AS TEXT), CAST(NULL AS TEXT) FROM lifepos_api_keys WHERE api_key = $1 AND tenant = $2",
            )
            .bind(credential)
            .bind(&context.tenant)
            .fetch_optional(state.db.pool())
            .await?,
        };
        let (org_guid, employee_guid, workplace_guid) = found.ok_or(LifeposError::Unauthorized)?;
        Ok(Principal {
            org_guid,
            employee_guid,
            workplace_guid,
        })
    }
}
