//! `POST /v1/auth/login` and the credentials of every other call: a JWT in
//! `Authorization: Bearer …`, checked for signature, tenant, expiry on the tenant's clock, and a
//! client that still exists. The login body is plain JSON for every client (no nonce or key is
//! agreed before it).

use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::Json;
use serde_json::{json, Value};

use crate::platform::clock;
use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::sup::error::{FieldErrors, SupError};
use crate::vendors::sup::jwt::{self, Claims};
use crate::vendors::sup::request::{json_object, required_string};

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
            let login = required_string(&object, "login")
                .map_err(|why| errors.add("login", why))
                .ok();
            let password = required_string(&object, "password")
                .map_err(|why| errors.add("password", why))
                .ok();
            login.map(str::to_owned).zip(password.map(str::to_owned))
        }
        Err(message) => {
            errors.add("body", message);
            None
        }
    };
    errors.into_result()?;
    let (login, password) = credentials.ok_or(SupError::Internal)?;
    let (login, password) = (login.as_str(), password.as_str());
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password FROM sup_clients WHERE tenant = $1 AND login = $2")
            .bind(&context.tenant)
            .bind(login)
            .fetch_optional(app.db.pool())
            .await?;
    if stored.as_deref() != Some(password) {
        return Err(SupError::WrongCredentials);
    }
    let now = clock::now(app.db.pool(), &context.tenant).await?.timestamp();
    let ttl = app.config.vendors.sup.token_ttl_seconds.max(1);
    let claims = Claims {
        sub: login.to_owned(),
        tenant: context.tenant.clone(),
        iat: now,
        exp: now + ttl,
        jti: uuid::Uuid::new_v4().to_string(),
    };
    let token = jwt::sign(&jwt::tenant_key(&app.signing_key, &context.tenant), &claims);
    Ok(Json(
        json!({ "access_token": token, "token_type": "bearer", "expires_in": ttl }),
    ))
}

impl FromRequestParts<AppState> for SupClient {
    type Rejection = SupError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let tenant = parts
            .extensions
            .get::<RequestContext>()
            .ok_or(SupError::Internal)?
            .tenant
            .clone();
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
            .ok_or(SupError::Unauthorized)?;
        let claims = jwt::verify(&jwt::tenant_key(&app.signing_key, &tenant), token.trim())
            .filter(|claims| claims.tenant == tenant)
            .ok_or(SupError::Unauthorized)?;
        let now = clock::now(app.db.pool(), &tenant).await?.timestamp();
        if claims.exp <= now {
            return Err(SupError::Unauthorized);
        }
        let client: Option<(Option<String>,)> =
            sqlx::query_as("SELECT encryption_key FROM sup_clients WHERE tenant = $1 AND login = $2")
                .bind(&tenant)
                .bind(&claims.sub)
                .fetch_optional(app.db.pool())
                .await?;
        let (encryption_key,) = client.ok_or(SupError::Unauthorized)?;
        Ok(SupClient {
            tenant,
            login: claims.sub,
            encryption_key,
        })
    }
}
