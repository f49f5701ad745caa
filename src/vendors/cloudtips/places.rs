//! The partner's places: `GET /api/places` and `GET /api/places/{id}`.

use axum::extract::{Path, State};

use crate::state::AppState;
use crate::vendors::cloudtips::error::{succeed, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::partner::Partner;
use crate::vendors::cloudtips::place;

/// `GET /api/places`: oldest first.
pub async fn list_places(State(app): State<AppState>, partner: Partner) -> ApiResult {
    let places = place::list_own(app.db.pool(), &partner).await?;
    Ok(succeed(places.iter().map(place::render).collect::<Vec<_>>()))
}

/// `GET /api/places/{id}`.
pub async fn get_place(State(app): State<AppState>, partner: Partner, Path(place_id): Path<String>) -> ApiResult {
    let found = place::get_own(app.db.pool(), &partner, &place_id)
        .await?
        .ok_or(CloudtipsError::PlaceNotFound)?;
    Ok(succeed(place::render(&found)))
}
