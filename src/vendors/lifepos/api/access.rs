//! Who may touch `/orgs/{org}/…`: a credential of that very organization whose employee (if any)
//! has API rights. Another organization's guid — existing or not — is a 403 `NoPermissions`;
//! couriers and guests get 403 everywhere.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use uuid::Uuid;

use crate::platform::context::RequestContext;
use crate::state::AppState;
use crate::vendors::lifepos::api::auth::{request_context, Credential, Principal};
use crate::vendors::lifepos::store::credentialed;
use crate::vendors::lifepos::wire::error::LifeposError;

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
        let org = path_param(parts, state, "org").await?;
        admit(&principal, &org)?;
        let context = request_context(parts, state).await?;
        Ok(OrgAccess {
            context,
            org_guid: principal.org_guid.clone(),
            principal,
        })
    }
}

/// The rule of every org endpoint: the credential's employee (if any) has API rights and the
/// organization is the credential's own.
fn admit(principal: &Principal, org: &str) -> Result<(), LifeposError> {
    principal.require_api_rights()?;
    if org.eq_ignore_ascii_case(&principal.org_guid) {
        Ok(())
    } else {
        Err(LifeposError::NoPermissions)
    }
}

async fn path_param(parts: &mut Parts, state: &AppState, name: &str) -> Result<String, LifeposError> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|_| LifeposError::InternalServerError)?;
    params
        .iter()
        .find(|(param, _)| *param == name)
        .map(|(_, value)| value.to_owned())
        .ok_or(LifeposError::InternalServerError)
}

/// A GET of one entity of an organization (`/orgs/{org}/<kind>/{guid}`): the credential, the
/// organization and the entity are checked and read in one query (`store::credentialed`), with
/// the same answers, in the same order, as [`OrgAccess`] followed by a lookup.
pub struct OneInOrg {
    context: RequestContext,
    credential: Credential,
    org: String,
    guid: String,
}

impl FromRequestParts<AppState> for OneInOrg {
    type Rejection = LifeposError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let context = request_context(parts, state).await?;
        let credential = Credential::presented(parts)?;
        let org = path_param(parts, state, "org").await?;
        let guid = path_param(parts, state, "guid").await?;
        Ok(OneInOrg {
            context,
            credential,
            org,
            guid,
        })
    }
}

impl OneInOrg {
    /// The entity (`columns` of `table`), or the error the request earns.
    pub async fn fetch<R>(&self, app: &AppState, table: &str, columns: &str) -> Result<R, LifeposError>
    where
        R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
    {
        let tenant = &self.context.tenant;
        let Ok(guid) = entity_guid(&self.guid) else {
            // A guid that names nothing still answers 401/403 before its 404.
            let principal = self
                .credential
                .look_up(app, tenant)
                .await?
                .ok_or(LifeposError::Unauthorized)?;
            admit(&principal, &self.org)?;
            return Err(LifeposError::NotFound);
        };
        let found = credentialed::find::<R>(app, tenant, &self.credential, table, columns, &guid)
            .await?
            .ok_or(LifeposError::Unauthorized)?;
        admit(&found.principal, &self.org)?;
        found.entity.ok_or(LifeposError::NotFound)
    }
}

/// A guid from the path, in the stored form; anything that is not a guid names nothing: 404.
pub fn entity_guid(raw: &str) -> Result<String, LifeposError> {
    Uuid::parse_str(raw)
        .map(|guid| guid.to_string())
        .map_err(|_| LifeposError::NotFound)
}
