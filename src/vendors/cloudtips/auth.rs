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
use serde_json::json;

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::cloudtips::error::CloudtipsError;
use crate::vendors::cloudtips::partner::{self, Partner};
use crate::vendors::cloudtips::request::{fold_pairs, pair};
use crate::vendors::cloudtips::token::{self, TokenKind};

const REFRESH_TTL_MS: i64 = 30 * 24 * 3600 * 1000;
/// The scope every token carries.
pub const SCOPE: &str = "cloudtips_api offline_access";

/// The grants `/connect/token` takes (the spec's enum).
pub const GRANT_TYPES: [&str; 2] = ["password", "refresh_token"];

/// `POST /connect/token`.
pub async fn token(
    State(app): State<AppState>,
    context: RequestContext,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, CloudtipsError> {
    let Ok(Form(pairs)) = form else {
        return Err(CloudtipsError::InvalidRequest);
    };
    let fields = fold_pairs(pairs);
    let tenant = context.tenant.as_str();
    let mut tx = app.db.begin().await?;
    let now_ms = to_ms(context.now(&mut *tx).await?);
    let partner = match pair(&fields, "grant_type") {
        Some("password") => {
            let (Some(client_id), Some(username), Some(password)) = (
                pair(&fields, "client_id"),
                pair(&fields, "username"),
                pair(&fields, "password"),
            ) else {
                return Err(CloudtipsError::InvalidRequest);
            };
            match partner::find(&mut *tx, tenant, username).await? {
                Some(found) if found.password == password && found.client_id == client_id => found.username,
                _ => return Err(CloudtipsError::InvalidGrant),
            }
        }
        Some("refresh_token") => {
            let refresh = pair(&fields, "refresh_token").ok_or(CloudtipsError::InvalidRequest)?;
            redeem(&mut tx, tenant, refresh, now_ms).await?
        }
        Some(_) => return Err(CloudtipsError::UnsupportedGrantType),
        None => return Err(CloudtipsError::InvalidRequest),
    };
    let ttl_seconds = app.config.vendors.cloudtips.token_ttl_seconds;
    let access = token::issue(
        &mut tx,
        tenant,
        TokenKind::Access,
        &partner,
        now_ms.saturating_add(ttl_seconds * 1000),
    )
    .await?;
    let refresh = token::issue(
        &mut tx,
        tenant,
        TokenKind::Refresh,
        &partner,
        now_ms.saturating_add(REFRESH_TTL_MS),
    )
    .await?;
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

/// The partner of a valid refresh token, which is used up.
async fn redeem(tx: &mut Tx, tenant: &str, refresh: &str, now_ms: i64) -> Result<String, CloudtipsError> {
    let partner = token::holder(&mut **tx, tenant, TokenKind::Refresh, refresh, now_ms)
        .await?
        .ok_or(CloudtipsError::InvalidGrant)?;
    // Single use: whoever deletes it first gets the new pair.
    if !token::consume(tx, tenant, refresh).await? {
        return Err(CloudtipsError::InvalidGrant);
    }
    Ok(partner)
}

/// The token of `Bearer <token>`; the scheme's case does not matter (RFC 9110), so a client that
/// echoes a `token_type` of `bearer` is served.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

impl FromRequestParts<AppState> for Partner {
    type Rejection = CloudtipsError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let context = RequestContext::from_request_parts(parts, state)
            .await
            .map_err(|_| CloudtipsError::Internal)?;
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(bearer_token)
            .filter(|token| !token.is_empty())
            .ok_or(CloudtipsError::Unauthorized)?;
        let now_ms = to_ms(context.now(state.db.pool()).await?);
        let username = token::holder(state.db.pool(), &context.tenant, TokenKind::Access, token, now_ms)
            .await?
            .ok_or(CloudtipsError::Unauthorized)?;
        Ok(Partner {
            tenant: context.tenant,
            username,
        })
    }
}
