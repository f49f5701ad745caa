//! CloudTips credentials: `POST /connect/token` (the identity server's password and refresh-token
//! grants) and the extractor that turns `Authorization: Bearer <access_token>` into the partner a
//! request acts for. Access tokens live `token_ttl_seconds` of the tenant's clock; a refresh token
//! lives 30 days and works once.

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::db::Tx;
use crate::platform::clock::{self, to_ms};
use crate::platform::context::RequestContext;
use crate::platform::secrets::random_token;
use crate::state::AppState;
use crate::vendors::cloudtips::error::CloudtipsError;
use crate::vendors::cloudtips::request::{fold_pairs, pair};

const REFRESH_TTL_MS: i64 = 30 * 24 * 3600 * 1000;
/// The scope every token carries.
pub const SCOPE: &str = "cloudtips_api offline_access";

/// The partner a request acts for, in its tenant.
#[derive(Clone, Debug)]
pub struct Partner {
    pub tenant: String,
    pub username: String,
}

/// `POST /connect/token`.
pub async fn token(
    State(app): State<AppState>,
    context: RequestContext,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, CloudtipsError> {
    let Ok(Form(pairs)) = form else {
        return Err(CloudtipsError::OAuth("invalid_request"));
    };
    let fields = fold_pairs(pairs);
    let tenant = context.tenant.as_str();
    let mut tx = app.db.begin().await?;
    let now = clock::now(&mut *tx, tenant).await?;
    let partner = match pair(&fields, "grant_type") {
        Some("password") => {
            let (Some(client_id), Some(username), Some(password)) = (
                pair(&fields, "client_id"),
                pair(&fields, "username"),
                pair(&fields, "password"),
            ) else {
                return Err(CloudtipsError::OAuth("invalid_request"));
            };
            let found: Option<(String, String, String)> = sqlx::query_as(
                "SELECT username, password, client_id FROM cloudtips_partners WHERE tenant = $1 AND username = $2",
            )
            .bind(tenant)
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
            match found {
                Some((username, stored, client)) if stored == password && client == client_id => username,
                _ => return Err(CloudtipsError::OAuth("invalid_grant")),
            }
        }
        Some("refresh_token") => {
            let refresh = pair(&fields, "refresh_token").ok_or(CloudtipsError::OAuth("invalid_request"))?;
            let found: Option<(String,)> = sqlx::query_as(
                "SELECT partner FROM cloudtips_tokens \
                 WHERE token = $1 AND tenant = $2 AND kind = 'refresh' AND expires_at_ms > $3",
            )
            .bind(refresh)
            .bind(tenant)
            .bind(to_ms(now))
            .fetch_optional(&mut *tx)
            .await?;
            let (partner,) = found.ok_or(CloudtipsError::OAuth("invalid_grant"))?;
            // Single use: whoever deletes it first gets the new pair.
            let deleted = sqlx::query("DELETE FROM cloudtips_tokens WHERE token = $1 AND tenant = $2")
                .bind(refresh)
                .bind(tenant)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if deleted != 1 {
                return Err(CloudtipsError::OAuth("invalid_grant"));
            }
            partner
        }
        Some(_) => return Err(CloudtipsError::OAuth("unsupported_grant_type")),
        None => return Err(CloudtipsError::OAuth("invalid_request")),
    };
    let ttl_seconds = app.config.vendors.cloudtips.token_ttl_seconds;
    let access = issue(&mut tx, tenant, "access", &partner, now, ttl_seconds * 1000).await?;
    let refresh = issue(&mut tx, tenant, "refresh", &partner, now, REFRESH_TTL_MS).await?;
    tx.commit().await?;
    Ok(Json(json!({
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": ttl_seconds,
        "token_type": "Bearer",
        "scope": SCOPE,
    }))
    .into_response())
}

async fn issue(
    tx: &mut Tx,
    tenant: &str,
    kind: &str,
    partner: &str,
    now: DateTime<Utc>,
    ttl_ms: i64,
) -> Result<String, sqlx::Error> {
    let token = random_token();
    sqlx::query(
        "INSERT INTO cloudtips_tokens (token, tenant, kind, partner, expires_at_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&token)
    .bind(tenant)
    .bind(kind)
    .bind(partner)
    .bind(to_ms(now).saturating_add(ttl_ms))
    .execute(&mut **tx)
    .await?;
    Ok(token)
}

impl FromRequestParts<AppState> for Partner {
    type Rejection = CloudtipsError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let context = parts
            .extensions
            .get::<RequestContext>()
            .ok_or(CloudtipsError::Internal)?;
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.trim().strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or(CloudtipsError::Unauthorized)?;
        let now = clock::now(state.db.pool(), &context.tenant).await?;
        let found: Option<(String,)> = sqlx::query_as(
            "SELECT partner FROM cloudtips_tokens \
             WHERE token = $1 AND tenant = $2 AND kind = 'access' AND expires_at_ms > $3",
        )
        .bind(token)
        .bind(&context.tenant)
        .bind(to_ms(now))
        .fetch_optional(state.db.pool())
        .await?;
        let (username,) = found.ok_or(CloudtipsError::Unauthorized)?;
        Ok(Partner {
            tenant: context.tenant.clone(),
            username,
        })
    }
}
