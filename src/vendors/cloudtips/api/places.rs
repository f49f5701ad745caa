//! The partner's places: `GET /api/places` (`data.items` and `data.totalCount`, filters in
//! `place_search.rs`), `GET /api/places/{id}`, `POST /api/places` and
//! `POST /api/places/registration-url`.
//!
//! What a new place and a registration link take is declared in `wire/places.rs` (the vendor's
//! request table is not published). A name the partner already uses fails the request with the
//! vendor's "Заведение с названием "…" уже существует", decided by a unique index, so of concurrent
//! calls with one name exactly one wins. The answer is the new place as `GET /api/places/{id}`
//! shows it. A registration link's URL names the stored link (`<base>/registration/<id>`) but the
//! emulator serves no registration page behind it.

use axum::extract::{Path, State};

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::cloudtips::api::binding::{PublicBase, Query};
use crate::vendors::cloudtips::store::partner::Partner;
use crate::vendors::cloudtips::store::place::{self, PlaceRow, StaffedPlace, NAME_INDEX};
use crate::vendors::cloudtips::store::registration_link::{self, RegistrationLinkRow};
use crate::vendors::cloudtips::wire::error::{succeed, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::wire::paging::Page;
use crate::vendors::cloudtips::wire::places::{
    NewPlace, NewRegistrationLink, Place, PlaceSearch, RegistrationLink, DEFAULT_LIFETIME_SECONDS,
    DEFAULT_REGISTRATIONS,
};
use crate::vendors::cloudtips::wire::words::CloudtipsWords;

/// `GET /api/places`: oldest first.
pub async fn list_places(
    State(app): State<AppState>,
    partner: Partner,
    Query(search): Query<PlaceSearch>,
) -> ApiResult {
    let places = place::list_own(app.db.pool(), &partner).await?;
    let found: Vec<&StaffedPlace> = places.iter().filter(|staffed| search.matches(&staffed.place)).collect();
    let items = search
        .paging
        .page_of(&found)
        .map(|staffed| Place::from(*staffed))
        .collect();
    Ok(succeed(Page {
        items,
        total_count: found.len(),
    }))
}

/// `GET /api/places/{id}`.
pub async fn get_place(State(app): State<AppState>, partner: Partner, Path(place_id): Path<String>) -> ApiResult {
    let found = place::get_own(app.db.pool(), &partner, &place_id)
        .await?
        .ok_or(CloudtipsError::PlaceNotFound)?;
    Ok(succeed(Place::from(&found)))
}

/// `POST /api/places`.
pub async fn create_place(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Body(new, _): Body<NewPlace, CloudtipsWords>,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    let now_ms = to_ms(context.now(&mut *tx).await?);
    let administrators = new.place_administrator_ids.unwrap_or_default();
    let row = PlaceRow {
        id: uuid::Uuid::new_v4().to_string(),
        name: new.name.trim().to_owned(),
        partner: partner.username.clone(),
        external_place_id: new.external_place_id.filter(|id| !id.is_empty()),
        place_type: new.place_type.unwrap_or(0),
        manager_id: new.manager_id.filter(|id| !id.is_empty()),
        administrator_ids: serde_json::to_string(&administrators).unwrap_or_else(|_| "[]".to_owned()),
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
    };
    match place::insert(&mut tx, &partner.tenant, &row).await {
        Err(err) if NAME_INDEX.violated_by(&err) => return Err(CloudtipsError::PlaceNameTaken(row.name)),
        other => other?,
    }
    tx.commit().await?;
    Ok(succeed(Place::from(&StaffedPlace {
        place: row,
        employee_count: 0,
    })))
}

/// `POST /api/places/registration-url`.
pub async fn registration_url(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    base: PublicBase,
    Body(new, _): Body<NewRegistrationLink, CloudtipsWords>,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    if place::find_own(&mut *tx, &partner, &new.place_id).await?.is_none() {
        return Err(CloudtipsError::UnknownPlace(new.place_id));
    }
    let link = RegistrationLinkRow {
        id: uuid::Uuid::new_v4().simple().to_string(),
        place_id: new.place_id,
        partner: partner.username.clone(),
        max_registrations: new.max_registration_count.unwrap_or(DEFAULT_REGISTRATIONS),
        lifetime_seconds: new.lifetime.unwrap_or(DEFAULT_LIFETIME_SECONDS),
        created_at_ms: to_ms(context.now(&mut *tx).await?),
    };
    registration_link::insert(&mut tx, &partner.tenant, &link).await?;
    tx.commit().await?;
    Ok(succeed(RegistrationLink {
        lifetime: link.lifetime_seconds,
        url: base.registration_url(&link.id),
    }))
}
