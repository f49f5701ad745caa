//! The partner's places: `GET /api/places` (`data.items` and `data.totalCount`, filters in
//! `place_search.rs`), `GET /api/places/{id}`, `POST /api/places` and
//! `POST /api/places/registration-url`.
//!
//! Creating a place (the vendor's request table is not published): `name` (required; the vendor's
//! "Необходимо указать название заведения" when missing or blank), `externalPlaceId`, `placeType`
//! (an integer ≥ 0, 0 by default), `managerId`, `placeAdministratorIds` (a list of strings). A name
//! the partner already uses fails the request with the vendor's "Заведение с названием "…" уже
//! существует", decided by a unique index, so of concurrent calls with one name exactly one wins.
//! The answer is the new place as `GET /api/places/{id}` shows it.
//!
//! A registration link: `placeId` (required, one of the partner's places), `maxRegistrationCount`
//! 1–100 (50 by default), `lifetime` 180–604 800 seconds (86 400 by default). The answer's
//! `data` holds `url` and `lifetime`; the URL names the stored link
//! (`<base>/registration/<id>`) but the emulator serves no registration page behind it.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde_json::{json, Map, Value};

use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::wire::FieldErrors;
use crate::state::AppState;
use crate::vendors::cloudtips::create_many::NO_PLACE;
use crate::vendors::cloudtips::error::{succeed, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::partner::Partner;
use crate::vendors::cloudtips::place::{self, PlaceRow, StaffedPlace, NAME_INDEX};
use crate::vendors::cloudtips::place_search::parse_place_search;
use crate::vendors::cloudtips::registration_link::{self, RegistrationLinkRow};
use crate::vendors::cloudtips::request::{
    json_object, optional_integer, optional_string, required_string, string_list, PublicBase,
};

/// The vendor's text for a place created without a name.
const NO_NAME: &str = "Необходимо указать название заведения";
pub const REGISTRATIONS: std::ops::RangeInclusive<i64> = 1..=100;
const DEFAULT_REGISTRATIONS: i64 = 50;
pub const LIFETIME_SECONDS: std::ops::RangeInclusive<i64> = 180..=604_800;
const DEFAULT_LIFETIME_SECONDS: i64 = 86_400;

/// `GET /api/places`: oldest first.
pub async fn list_places(
    State(app): State<AppState>,
    partner: Partner,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let Query(pairs) =
        query.map_err(|err| CloudtipsError::invalid_field("Query", format!("Некорректные параметры: {err}")))?;
    let search = parse_place_search(pairs)?;
    let places = place::list_own(app.db.pool(), &partner).await?;
    let found: Vec<&StaffedPlace> = places.iter().filter(|staffed| search.matches(&staffed.place)).collect();
    let items: Vec<Value> = search.page_of(&found).map(|staffed| place::render(staffed)).collect();
    Ok(succeed(json!({ "items": items, "totalCount": found.len() })))
}

/// `GET /api/places/{id}`.
pub async fn get_place(State(app): State<AppState>, partner: Partner, Path(place_id): Path<String>) -> ApiResult {
    let found = place::get_own(app.db.pool(), &partner, &place_id)
        .await?
        .ok_or(CloudtipsError::PlaceNotFound)?;
    Ok(succeed(place::render(&found)))
}

/// `POST /api/places`.
pub async fn create_place(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&body)?;
    let mut row = new_place(&body, &partner)?;
    let mut tx = app.db.begin().await?;
    let now_ms = to_ms(context.now(&mut *tx).await?);
    row.created_at_ms = now_ms;
    row.updated_at_ms = now_ms;
    match place::insert(&mut tx, &partner.tenant, &row).await {
        Err(err) if NAME_INDEX.violated_by(&err) => return Err(CloudtipsError::PlaceNameTaken(row.name)),
        other => other?,
    }
    tx.commit().await?;
    Ok(succeed(place::render(&StaffedPlace {
        place: row,
        employee_count: 0,
    })))
}

/// The place a body describes, with a new id and no times yet; every invalid field recorded.
fn new_place(body: &Map<String, Value>, partner: &Partner) -> Result<PlaceRow, CloudtipsError> {
    let mut errors = FieldErrors::default();
    let name = required_string(body, "name")
        .map(|name| name.trim().to_owned())
        .map_err(|_| errors.add("Name", NO_NAME))
        .unwrap_or_default();
    let external_place_id = optional_string(body, "externalplaceid")
        .map_err(|message| errors.add("ExternalPlaceId", message))
        .unwrap_or_default();
    let manager_id = optional_string(body, "managerid")
        .map_err(|message| errors.add("ManagerId", message))
        .unwrap_or_default();
    let place_type = match optional_integer(body, "placetype") {
        Ok(kind) if kind.is_none_or(|kind| kind >= 0) => kind.unwrap_or(0),
        Ok(_) => {
            errors.add("PlaceType", "Значение не может быть отрицательным");
            0
        }
        Err(message) => {
            errors.add("PlaceType", message);
            0
        }
    };
    let administrators = string_list(body, "placeadministratorids")
        .map_err(|message| errors.add("PlaceAdministratorIds", message))
        .unwrap_or_default();
    errors.into_result()?;
    Ok(PlaceRow {
        id: uuid::Uuid::new_v4().to_string(),
        name,
        partner: partner.username.clone(),
        external_place_id: external_place_id.filter(|id| !id.is_empty()),
        place_type,
        manager_id: manager_id.filter(|id| !id.is_empty()),
        administrator_ids: serde_json::to_string(&administrators).unwrap_or_else(|_| "[]".to_owned()),
        created_at_ms: 0,
        updated_at_ms: 0,
    })
}

/// An integer member within `range`, `default` when absent; recorded under `field` otherwise.
fn bounded(
    body: &Map<String, Value>,
    name: &str,
    field: &str,
    range: std::ops::RangeInclusive<i64>,
    default: i64,
    errors: &mut FieldErrors,
) -> i64 {
    match optional_integer(body, name) {
        Ok(None) => default,
        Ok(Some(value)) if range.contains(&value) => value,
        Ok(Some(_)) | Err(_) => {
            errors.add(
                field,
                format!(
                    "Значение должно быть целым числом от {} до {}",
                    range.start(),
                    range.end()
                ),
            );
            default
        }
    }
}

/// `POST /api/places/registration-url`.
pub async fn registration_url(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    base: PublicBase,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&body)?;
    let mut errors = FieldErrors::default();
    let place_id = required_string(&body, "placeid")
        .map_err(|_| errors.add("PlaceId", NO_PLACE))
        .unwrap_or_default();
    let max_registrations = bounded(
        &body,
        "maxregistrationcount",
        "MaxRegistrationCount",
        REGISTRATIONS,
        DEFAULT_REGISTRATIONS,
        &mut errors,
    );
    let lifetime_seconds = bounded(
        &body,
        "lifetime",
        "Lifetime",
        LIFETIME_SECONDS,
        DEFAULT_LIFETIME_SECONDS,
        &mut errors,
    );
    errors.into_result()?;
    let mut tx = app.db.begin().await?;
    if place::find_own(&mut *tx, &partner, &place_id).await?.is_none() {
        return Err(CloudtipsError::UnknownPlace(place_id));
    }
    let link = RegistrationLinkRow {
        id: uuid::Uuid::new_v4().simple().to_string(),
        place_id,
        partner: partner.username.clone(),
        max_registrations,
        lifetime_seconds,
        created_at_ms: to_ms(context.now(&mut *tx).await?),
    };
    registration_link::insert(&mut tx, &partner.tenant, &link).await?;
    tx.commit().await?;
    Ok(succeed(json!({
        "url": base.registration_url(&link.id),
        "lifetime": link.lifetime_seconds,
    })))
}
