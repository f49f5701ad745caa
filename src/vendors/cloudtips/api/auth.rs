//! CloudTips credentials: `POST /connect/token` (the identity server's password and refresh-token
//! grants) and the extractors that turn `Authorization: Bearer <access_token>` into the partner
//! ([`Partner`]) or the receiver ([`Me`]) a request acts for. Access tokens live
//! `token_ttl_seconds` of the tenant's clock; a refresh token lives 30 days and works once.
//!
//! `client_id=MobilePhone` is a receiver's own login: `username` is its phone number in any
//! notation the partner API accepts, `password` the password its fixture gives (`password` of the
//! receiver; a receiver without one cannot log in). The refresh grant keeps the client id the token
//! was issued for; a request naming another client id is `invalid_grant`. A receiver's token on a
//! partner endpoint, or a partner's on a receiver endpoint, is valid but not for that endpoint:
//! 403 with the envelope's `errors`.

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequestParts, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde_json::Value;

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::phone::normalize_phone;
use crate::platform::storable::{nul_in_pairs, NUL_MESSAGE};
use crate::platform::wire;
use crate::state::AppState;
use crate::vendors::cloudtips::api::binding;
use crate::vendors::cloudtips::store::account::{self, AccountRow, Me};
use crate::vendors::cloudtips::store::partner::{self, Partner};
use crate::vendors::cloudtips::store::receiver;
use crate::vendors::cloudtips::store::token::{self, Holder, TokenKind};
use crate::vendors::cloudtips::wire::error::CloudtipsError;
use crate::vendors::cloudtips::wire::token::{TokenForm, Tokens, GRANT_TYPES};
use crate::vendors::cloudtips::wire::words::WORDS;

const REFRESH_TTL_MS: i64 = 30 * 24 * 3600 * 1000;
/// The client id of the receivers' own logins (the mobile app's, and the `cloudtips` package's).
pub const MOBILE_CLIENT: &str = "MobilePhone";
/// The scope every token carries.
pub const SCOPE: &str = "cloudtips_api offline_access";

/// Where a client gets its tokens.
pub const TOKEN_PATH: &str = "/connect/token";

/// `POST /connect/token`.
pub async fn token(
    State(app): State<AppState>,
    context: RequestContext,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, CloudtipsError> {
    let Ok(Form(pairs)) = form else {
        return Err(CloudtipsError::InvalidRequest);
    };
    // The gateway reads JSON bodies only; this form is checked here, in OAuth's shape.
    if let Some(field) = nul_in_pairs(pairs.iter().map(|(name, value)| (name.as_str(), value.as_str()))) {
        return Err(CloudtipsError::InvalidRequestField {
            field,
            message: NUL_MESSAGE.to_owned(),
        });
    }
    // OAuth answers a grant it does not have apart from a request it cannot read.
    let document = binding::form_document::<TokenForm>(pairs);
    let grant = document.get("grant_type").and_then(Value::as_str);
    let known_grant = grant.is_some_and(|grant| GRANT_TYPES.contains(&grant));
    let unsupported = grant.is_some() && !known_grant;
    let form: TokenForm = wire::read(document, &WORDS).map_err(|_| {
        if unsupported {
            CloudtipsError::UnsupportedGrantType
        } else {
            CloudtipsError::InvalidRequest
        }
    })?;
    let tenant = context.tenant.as_str();
    let mut tx = app.db.begin().await?;
    let now_ms = to_ms(context.now(&mut *tx).await?);
    let (holder, subject) = match form {
        TokenForm::Password {
            client_id,
            username,
            password,
        } => {
            if client_id == MOBILE_CLIENT {
                (
                    Holder::Receiver,
                    receiver_login(&mut tx, tenant, &username, &password).await?,
                )
            } else {
                match partner::find(&mut *tx, tenant, &username).await? {
                    Some(found) if found.password == password && found.client_id == client_id => {
                        (Holder::Partner, found.username)
                    }
                    _ => return Err(CloudtipsError::InvalidGrant),
                }
            }
        }
        TokenForm::RefreshToken {
            refresh_token,
            client_id,
        } => redeem(&mut tx, tenant, &refresh_token, client_id.as_deref(), now_ms).await?,
    };
    let ttl_seconds = app.config.vendors.cloudtips.token_ttl_seconds;
    let access = token::issue(
        &mut tx,
        tenant,
        holder,
        TokenKind::Access,
        &subject,
        now_ms.saturating_add(ttl_seconds * 1000),
    )
    .await?;
    let refresh = token::issue(
        &mut tx,
        tenant,
        holder,
        TokenKind::Refresh,
        &subject,
        now_ms.saturating_add(REFRESH_TTL_MS),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Tokens {
        access_token: access,
        expires_in: ttl_seconds,
        refresh_token: refresh,
        scope: SCOPE,
        token_type: "Bearer",
    })
    .into_response())
}

/// The user id of the receiver whose phone (in any notation) and account password these are.
async fn receiver_login(tx: &mut Tx, tenant: &str, username: &str, password: &str) -> Result<String, CloudtipsError> {
    let phone = normalize_phone(username).ok_or(CloudtipsError::InvalidGrant)?;
    let found = receiver::find_by_phone(&mut **tx, tenant, &phone)
        .await?
        .ok_or(CloudtipsError::InvalidGrant)?;
    match account::find(&mut **tx, tenant, &found.user_id).await? {
        Some(AccountRow {
            password: Some(stored), ..
        }) if stored == password => Ok(found.user_id),
        _ => Err(CloudtipsError::InvalidGrant),
    }
}

/// The holder of a valid refresh token, which is used up. A `client_id`, when the request names
/// one, must be the one the token was issued to (the partner's, or `MobilePhone`); a token
/// refused for it stays valid.
async fn redeem(
    tx: &mut Tx,
    tenant: &str,
    refresh: &str,
    client_id: Option<&str>,
    now_ms: i64,
) -> Result<(Holder, String), CloudtipsError> {
    let (holder, subject, issued_to) =
        match token::holder(&mut **tx, tenant, Holder::Partner, TokenKind::Refresh, refresh, now_ms).await? {
            Some(username) => {
                let issued_to = partner::find(&mut **tx, tenant, &username)
                    .await?
                    .map(|found| found.client_id)
                    .ok_or(CloudtipsError::InvalidGrant)?;
                (Holder::Partner, username, issued_to)
            }
            None => {
                let user_id = token::holder(&mut **tx, tenant, Holder::Receiver, TokenKind::Refresh, refresh, now_ms)
                    .await?
                    .ok_or(CloudtipsError::InvalidGrant)?;
                (Holder::Receiver, user_id, MOBILE_CLIENT.to_owned())
            }
        };
    if client_id.is_some_and(|client_id| client_id != issued_to) {
        return Err(CloudtipsError::InvalidGrant);
    }
    // Single use: whoever deletes it first gets the new pair.
    if !token::consume(tx, tenant, holder, refresh).await? {
        return Err(CloudtipsError::InvalidGrant);
    }
    Ok((holder, subject))
}

/// The token of `Bearer <token>`; the scheme's case does not matter (RFC 9110), so a client that
/// echoes a `token_type` of `bearer` is served.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then_some(token.trim())
}

/// The tenant and the holder of the request's valid access token, which must be `wanted`'s: a
/// missing, unknown or expired token is a 401, a valid token of the other holder a 403.
async fn bearer_holder(
    parts: &mut Parts,
    state: &AppState,
    wanted: Holder,
) -> Result<(String, String), CloudtipsError> {
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
    let pool = state.db.pool();
    let tenant = context.tenant.as_str();
    if let Some(subject) = token::holder(pool, tenant, wanted, TokenKind::Access, token, now_ms).await? {
        return Ok((context.tenant, subject));
    }
    let (other, refusal) = match wanted {
        Holder::Partner => (Holder::Receiver, CloudtipsError::PartnerOnly),
        Holder::Receiver => (Holder::Partner, CloudtipsError::ReceiverOnly),
    };
    match token::holder(pool, tenant, other, TokenKind::Access, token, now_ms).await? {
        Some(_) => Err(refusal),
        None => Err(CloudtipsError::Unauthorized),
    }
}

impl FromRequestParts<AppState> for Partner {
    type Rejection = CloudtipsError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let (tenant, username) = bearer_holder(parts, state, Holder::Partner).await?;
        Ok(Partner { tenant, username })
    }
}

impl FromRequestParts<AppState> for Me {
    type Rejection = CloudtipsError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let (tenant, user_id) = bearer_holder(parts, state, Holder::Receiver).await?;
        Ok(Me { tenant, user_id })
    }
}
