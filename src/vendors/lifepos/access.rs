//! Who may touch `/orgs/{org}/…`: a credential of that very organization whose employee (if any)
//! has API rights. Another organization's guid — existing or not — is a 403 `NoPermissions`;
//! couriers and guests get 403 everywhere.

use axum::extract::{FromRequestParts, Query, RawPathParams};
use axum::http::request::Parts;
use uuid::Uuid;

use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::lifepos::auth::{request_context, Principal};
use crate::vendors::lifepos::error::LifeposError;
use crate::vendors::lifepos::pagination::RawListParams;

/// A request allowed into one organization: the request's context, that organization and who
/// acts in it.
pub struct OrgAccess {
    pub context: RequestContext,
    pub org_guid: String,
    pub principal: Principal,
}

impl OrgAccess {
    pub fn tenant(&self) -> &str {
        &self.context.tenant
    }
}

impl FromRequestParts<AppState> for OrgAccess {
    type Rejection = LifeposError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let principal = Principal::from_request_parts(parts, state).await?;
        principal.require_api_rights()?;
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|_| LifeposError::InternalServerError)?;
        let org = params
            .iter()
            .find(|(name, _)| *name == "org")
            .map(|(_, value)| value)
            .ok_or(LifeposError::InternalServerError)?;
        if !org.eq_ignore_ascii_case(&principal.org_guid) {
            return Err(LifeposError::NoPermissions);
        }
        let context = request_context(parts, state).await?;
        Ok(OrgAccess {
            context,
            org_guid: principal.org_guid.clone(),
            principal,
        })
    }
}

/// A guid from the path, in the stored form; anything that is not a guid names nothing: 404.
pub fn entity_guid(raw: &str) -> Result<String, LifeposError> {
    Uuid::parse_str(raw)
        .map(|guid| guid.to_string())
        .map_err(|_| LifeposError::NotFound)
}

/// A list's query string; a malformed one is a 422 in the LIFE POS shape.
pub struct ListQuery(pub RawListParams);

impl<S: Send + Sync> FromRequestParts<S> for ListQuery {
    type Rejection = LifeposError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Query::<RawListParams>::try_from_uri(&parts.uri)
            .map(|query| ListQuery(query.0))
            .map_err(|err| LifeposError::invalid_field("query", err.body_text()))
    }
}
