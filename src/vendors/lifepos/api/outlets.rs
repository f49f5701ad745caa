//! Outlets (the v6 reference pages CreateOutlet and GetOutletById, listed in docs/vendors/lifepos.md):
//! `GET /orgs/{org}/outlets` (paginated, `query` by any part of the name), `GET …/{guid}`, `POST`.
//!
//! A new outlet is what `wire::outlets` declares; its `organization`, when given, must name the
//! organization of the path (a 422 naming it). The answer is the new outlet (200), as GET shows it.

use axum::extract::State;
use axum::Json;
use serde_json::{Map, Value};

use crate::platform::clock::to_ms;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::lifepos::api::access::{OneInOrg, OrgAccess};
use crate::vendors::lifepos::api::request::{Listing, Shown};
use crate::vendors::lifepos::store::lists;
use crate::vendors::lifepos::store::outlets::{self, OutletRow};
use crate::vendors::lifepos::wire::error::LifeposError;
use crate::vendors::lifepos::wire::lists::Page;
use crate::vendors::lifepos::wire::outlets::NewOutlet;
use crate::vendors::lifepos::wire::outlets::Outlet;
use crate::vendors::lifepos::wire::words::LifeposWords;
use crate::vendors::lifepos::wire::words::ANOTHER_ORGANIZATION;

pub async fn list_outlets(
    State(app): State<AppState>,
    access: OrgAccess,
    Listing(query): Listing,
) -> Result<Json<Page<Outlet>>, LifeposError> {
    let page = lists::list::<OutletRow>(&app, access.tenant(), &access.org_guid, &outlets::LIST, &query).await?;
    Ok(Json(page.page(|outlet| outlet.answer(page.presentation))))
}

pub async fn get_outlet(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Outlet>, LifeposError> {
    let found: OutletRow = read.fetch(&app, outlets::TABLE, outlets::COLUMNS).await?;
    Ok(Json(found.answer(presentation)))
}

pub async fn create_outlet(
    State(app): State<AppState>,
    access: OrgAccess,
    Shown(presentation): Shown,
    Body(new, _): Body<NewOutlet, LifeposWords>,
) -> Result<Json<Outlet>, LifeposError> {
    if new
        .organization
        .as_ref()
        .is_some_and(|org| !org.guid().eq_ignore_ascii_case(&access.org_guid))
    {
        return Err(LifeposError::invalid_field("organization", ANOTHER_ORGANIZATION));
    }
    let mut tx = app.db.begin().await?;
    let now = to_ms(access.context.now(&mut *tx).await?);
    let outlet = OutletRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: access.org_guid.clone(),
        name: new.name,
        address: Some(new.address),
        legal_entity_guid: Some(new.legal_entity.guid()),
        brand_guid: new.brand.map(|brand| brand.guid()),
        extensions: new
            .extensions
            .map_or_else(|| Value::Object(Map::new()), |extensions| extensions.value)
            .to_string(),
        created_at_ms: now,
        updated_at_ms: now,
    };
    outlets::insert(&mut tx, access.tenant(), &outlet).await?;
    tx.commit().await?;
    Ok(Json(outlet.answer(presentation)))
}
