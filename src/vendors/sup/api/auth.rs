//! `POST /v1/auth/login` and the credentials of every other call: a JWT in `Authorization`,
//! checked for signature, tenant, expiry on the tenant's clock, a client that still exists, and
//! the tenant's session epoch (a reset or a replacing load of fixtures ends every token issued
//! before it), read with the client in the call's one query.
//! The login body is plain JSON for every client (no nonce or key is agreed before it).
//!
//! The link_card document puts "в заголовок Authorization … JWT токен" and names no scheme, so the
//! header may hold the bare token or `Bearer <token>` (the scheme in any case, as RFC 7235 reads it).

use axum::extract::State;
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::Json;
use chrono::{DateTime, Utc};

use crate::db::DbSession;
use crate::platform::clock;
use crate::platform::context::RequestContext;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::sup::store::clients;
use crate::vendors::sup::wire::auth::{Credentials, Token};
use crate::vendors::sup::wire::error::SupError;
use crate::vendors::sup::wire::jwt::{self, Claims};
use crate::vendors::sup::wire::words::SupWords;

/// The client a call authenticates as.
#[derive(Clone, Debug)]
pub struct SupClient {
    pub tenant: String,
    pub login: String,
    pub encryption_key: Option<String>,
}

pub async fn login(
    State(app): State<AppState>,
    context: RequestContext,
    Body(Credentials { login, password }, _): Body<Credentials, SupWords>,
) -> Result<Json<Token>, SupError> {
    let Some((stored, epoch)) = clients::password_and_epoch(app.db.pool(), &context.tenant, &login).await? else {
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
    Ok(Json(Token {
        access_token: token,
        token_type: "bearer",
        expires_in: ttl,
    }))
}

/// The token an `Authorization` value carries: after a `Bearer` scheme, or the whole value.
fn token_of(value: &str) -> &str {
    let value = value.trim();
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => value,
    }
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
        .map(token_of)
        .ok_or(SupError::Unauthorized)?;
    let claims = jwt::verify(&jwt::tenant_key(&app.signing_key, tenant), token)
        .filter(|claims| claims.tenant == *tenant)
        .ok_or(SupError::Unauthorized)?;
    let session = clients::session(db.reader().await?, tenant, &claims.sub)
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

#[cfg(test)]
mod tests {
    use super::token_of;

    #[test]
    fn the_token_is_read_with_or_without_its_scheme() {
        assert_eq!(token_of("Bearer a.b.c"), "a.b.c");
        assert_eq!(token_of("bearer  a.b.c "), "a.b.c");
        assert_eq!(token_of("a.b.c"), "a.b.c");
        assert_eq!(token_of("Basic a.b.c"), "Basic a.b.c");
    }
}
