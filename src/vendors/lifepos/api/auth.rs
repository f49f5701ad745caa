//! LIFE POS credentials: tokens issued by sign-in (an employee) and by activation (a workplace),
//! and organization API keys sent as the raw `Authorization` value. Every one reaches only its own
//! organization in its own tenant.
//!
//! Public clients send keys both ways: raw (`Authorization: <key>`) and as `Bearer <key>` (a PHP
//! integration that keeps its key in `LIFE_POS_KEY`), so a `Bearer` value that is no token is
//! tried as an API key.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::lifepos::store::api_keys;
use crate::vendors::lifepos::store::tokens;
use crate::vendors::lifepos::store::tokens::TokenRow;
use crate::vendors::lifepos::wire::employees::EmployeeRole;
use crate::vendors::lifepos::wire::error::LifeposError;

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

impl From<TokenRow> for Principal {
    fn from(found: TokenRow) -> Principal {
        Principal {
            role: found.role.as_deref().and_then(EmployeeRole::find),
            org_guid: found.org_guid,
            employee_guid: found.employee_guid,
            workplace_guid: found.workplace_guid,
        }
    }
}

/// The credential a request presents, before it is looked up: a token (`Bearer …`) or an
/// organization's API key (the raw value).
#[derive(Clone, Debug)]
pub enum Credential {
    Token(String),
    ApiKey(String),
}

impl Credential {
    /// The request's credential; none at all is a 401.
    pub fn presented(parts: &Parts) -> Result<Credential, LifeposError> {
        let value = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .ok_or(LifeposError::Unauthorized)?;
        Ok(match value.strip_prefix("Bearer ") {
            Some(token) => Credential::Token(token.trim().to_owned()),
            None => Credential::ApiKey(value.to_owned()),
        })
    }

    /// The value presented, without `Bearer `.
    pub fn value(&self) -> &str {
        match self {
            Credential::Token(value) | Credential::ApiKey(value) => value,
        }
    }

    /// Who the credential acts as, if it is known in the tenant: a token, else an API key.
    pub async fn look_up(&self, state: &AppState, tenant: &str) -> Result<Option<Principal>, sqlx::Error> {
        let pool = state.db.pool();
        if let Credential::Token(token) = self {
            if let Some(found) = tokens::find(pool, tenant, token).await? {
                return Ok(Some(Principal::from(found)));
            }
        }
        Ok(api_keys::org_of(pool, tenant, self.value())
            .await?
            .map(|org_guid| Principal {
                org_guid,
                employee_guid: None,
                workplace_guid: None,
                role: None,
            }))
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = LifeposError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let context = request_context(parts, state).await?;
        Credential::presented(parts)?
            .look_up(state, &context.tenant)
            .await?
            .ok_or(LifeposError::Unauthorized)
    }
}

/// The context the platform's request-context layer put in; only a route mounted outside the
/// vendor layers lacks it, a programming error answered with the vendor's 500.
pub async fn request_context(parts: &mut Parts, state: &AppState) -> Result<RequestContext, LifeposError> {
    RequestContext::from_request_parts(parts, state)
        .await
        .map_err(|_| LifeposError::InternalServerError)
}
