//! `GET /_emulator/deliveries` (filters `vendor`, `state`, `type`; oldest first, `limit` at most
//! [`MAX_LIMIT`], `after` an id to page on) and `POST /_emulator/deliveries/{id}/redeliver`: the
//! notifications vendors send to clients' URLs (`platform::deliveries`), each with its URL, body
//! and every try.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::platform::clock::{self, to_ms};
use crate::platform::deliveries::{self, Delivery, DeliveryFilter, STATES};
use crate::state::AppState;

/// Most notifications one listing shows; the default is 100.
pub const MAX_LIMIT: usize = 1000;
const DEFAULT_LIMIT: usize = 100;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    vendor: Option<String>,
    state: Option<String>,
    #[serde(rename = "type")]
    type_of: Option<String>,
    limit: Option<usize>,
    after: Option<String>,
}

pub async fn list(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    ControlQuery(query): ControlQuery<DeliveryQuery>,
) -> Result<Json<Value>, ControlError> {
    if let Some(vendor) = query
        .vendor
        .as_deref()
        .filter(|vendor| !app.vendor_names().contains(vendor))
    {
        return Err(ControlError::bad_field(
            "vendor",
            format!("no vendor is called {vendor}"),
        ));
    }
    if let Some(state) = query.state.as_deref().filter(|state| !STATES.contains(state)) {
        return Err(ControlError::bad_field(
            "state",
            format!("{state} is no state: {}", STATES.join(", ")),
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ControlError::bad_field(
            "limit",
            format!("limit must be 1 to {MAX_LIMIT}"),
        ));
    }
    let filter = DeliveryFilter {
        vendor: query.vendor.unwrap_or_default(),
        state: query.state.unwrap_or_default(),
        type_of: query.type_of.unwrap_or_default(),
    };
    let after = query.after.unwrap_or_default();
    let found = deliveries::list(app.db.pool(), &tenant, &filter, &after, limit).await?;
    Ok(Json(
        json!({ "deliveries": found, "dropped": app.deliveries.dropped() }),
    ))
}

/// The start of a 404's text for an id the tenant has no notification of; the spec declares the
/// refusal by it.
pub const NO_DELIVERY: &str = "no delivery ";

pub fn no_delivery(id: &str) -> ControlError {
    ControlError::new(StatusCode::NOT_FOUND, format!("{NO_DELIVERY}{id}"))
}

pub async fn redeliver(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    Path(id): Path<String>,
) -> Result<Json<Delivery>, ControlError> {
    let mut tx = app.db.begin().await?;
    let now = to_ms(clock::now(&mut *tx, &tenant).await?);
    if !deliveries::redeliver(&mut tx, &tenant, &id, now).await? {
        return Err(no_delivery(&id));
    }
    tx.commit().await?;
    app.deliveries.wake();
    let found = deliveries::find(app.db.pool(), &tenant, &id).await?;
    found.map(Json).ok_or_else(|| no_delivery(&id))
}
