//! The partner's places: `GET /api/places` and `GET /api/places/{id}`. `employeeCount` counts the
//! receivers in the partner's scope whose payment page at the place is None or Confirmed.

use axum::extract::{Path, State};
use serde_json::{json, Value};
use sqlx::{Any, Executor};

use crate::platform::clock::{from_ms, rfc3339};
use crate::state::AppState;
use crate::vendors::cloudtips::auth::Partner;
use crate::vendors::cloudtips::error::{succeed, ApiResult, CloudtipsError, PLACE_NOT_FOUND};

#[derive(sqlx::FromRow)]
struct PlaceRow {
    id: String,
    name: String,
    created_at_ms: i64,
    employee_count: i64,
}

const PLACE_SELECT: &str = "SELECT p.id, p.name, p.created_at_ms, \
     (SELECT COUNT(*) FROM cloudtips_layouts l JOIN cloudtips_receivers r \
        ON r.tenant = l.tenant AND r.user_id = l.user_id \
      WHERE l.tenant = p.tenant AND l.place_id = p.id AND l.status IN (0, 1) AND r.partner = p.partner) \
     AS employee_count FROM cloudtips_places p WHERE p.tenant = $1 AND p.partner = $2";

fn render(place: &PlaceRow) -> Value {
    json!({
        "id": place.id,
        "name": place.name,
        "createdDate": rfc3339(from_ms(place.created_at_ms)),
        "employeeCount": place.employee_count,
    })
}

/// The partner's own place, with its name: what attach and create-many need.
pub async fn find_own_place<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    partner: &Partner,
    place_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT name FROM cloudtips_places WHERE tenant = $1 AND partner = $2 AND id = $3")
            .bind(&partner.tenant)
            .bind(&partner.username)
            .bind(place_id)
            .fetch_optional(executor)
            .await?;
    Ok(found.map(|(name,)| name))
}

/// `GET /api/places`: oldest first.
pub async fn list_places(State(app): State<AppState>, partner: Partner) -> ApiResult {
    let places: Vec<PlaceRow> = sqlx::query_as(&format!("{PLACE_SELECT} ORDER BY p.created_at_ms, p.id"))
        .bind(&partner.tenant)
        .bind(&partner.username)
        .fetch_all(app.db.pool())
        .await?;
    Ok(succeed(places.iter().map(render).collect::<Vec<_>>()))
}

/// `GET /api/places/{id}`.
pub async fn get_place(State(app): State<AppState>, partner: Partner, Path(place_id): Path<String>) -> ApiResult {
    let place: Option<PlaceRow> = sqlx::query_as(&format!("{PLACE_SELECT} AND p.id = $3"))
        .bind(&partner.tenant)
        .bind(&partner.username)
        .bind(&place_id)
        .fetch_optional(app.db.pool())
        .await?;
    let place = place.ok_or(CloudtipsError::NotFound(PLACE_NOT_FOUND))?;
    Ok(succeed(render(&place)))
}
