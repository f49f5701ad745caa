//! `POST /v1/auth/login` and the credentials of every other call: a JWT in
//! `Authorization: Bearer …`, checked for signature, tenant, expiry on the tenant's clock, a
//! client that still exists, and the tenant's session epoch (a reset or a replacing load of
//! fixtures ends every token issued before it), read with the client in the call's one query.
//! The login body is plain JSON for every client (no nonce or key is agreed before it).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::db::DbSession;
use crate::platform::clock;
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::sup::client;
use crate::vendors::sup::error::{FieldErrors, SupError};
use crate::vendors::sup::jwt::{self, Claims};
use crate::vendors::sup::validate::{json_object, required};

/// The client a call authenticates as.
#[derive(Clone, Debug)]
pub struct SupClient {
    pub tenant: String,
    pub login: String,
    pub encryption_key: Option<String>,
}

pub async fn login(State(app): State<AppState>, context: RequestContext, body: Bytes) -> Result<Json<Value>, SupError> {
    let mut errors = FieldErrors::default();
    let credentials = match json_object(&body) {
        Ok(object) => {
            let login = required(&object, "login", &mut errors);
            let password = required(&object, "password", &mut errors);
            login.map(str::to_owned).zip(password.map(str::to_owned))
        }
        Err(message) => {
            errors.add("body", message);
            None
        }
    };
    errors.into_result()?;
    let (login, password) = credentials.ok_or(SupError::Internal)?;
    let Some((stored, epoch)) = client::password_and_epoch(app.db.pool(), &context.tenant, &login).await? else {
        return Err(SupError::WrongCredentials);
    };
    if stored != password {
        return Err(SupError::WrongCredentials);
    }
    let now = context.now(app.db.pool()).await?.timestamp();
    let ttl = app.config.vendors.sup.token_ttl_seconds.max(1);
    let claims = Claims {
        sub: login,
        tenant: context.tenant.clone(),
        iat: now,
        exp: now + ttl,
        jti: uuid::Uuid::new_v4().to_string(),
        epoch,
    };
    let token = jwt::sign(&jwt::tenant_key(&app.signing_key, &context.tenant), &claims);
    Ok(Json(
        json!({ "access_token": token, "token_type": "bearer", "expires_in": ttl }),
    ))
}

/// The client whose token the call carries, and the request's instant (the tenant's time, read
/// with the client), at which the token's expiry was checked.
pub async fn authenticate(
    app: &AppState,
    db: &mut DbSession,
    context: &RequestContext,
    headers: &HeaderMap,
) -> Result<(SupClient, DateTime<Utc>), SupError> {
    let tenant = &context.tenant;
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
        .ok_or(SupError::Unauthorized)?;
    let claims = jwt::verify(&jwt::tenant_key(&app.signing_key, tenant), token.trim())
        .filter(|claims| claims.tenant == *tenant)
        .ok_or(SupError::Unauthorized)?;
    let session = client::session(db.reader().await?, tenant, &claims.sub)
        .await?
        .filter(|session| session.session_epoch == claims.epoch)
        .ok_or(SupError::Unauthorized)?;
    let now = context.knows_now(clock::now_of_stored(session.clock_offset_ms, session.frozen_at_ms));
    if claims.exp <= now.timestamp() {
        return Err(SupError::Unauthorized);
    }
    let client = SupClient {
        tenant: tenant.clone(),
        login: claims.sub,
        encryption_key: session.encryption_key,
    };
    Ok((client, now))
}
