//! `GET /_emulator/tenants`: every tenant that has been used (on any replica), by name, for the
//! dashboard's tenant picker. Listing does not create a tenant.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::control::ControlError;
use crate::platform::tenant;
use crate::state::AppState;

pub async fn list(State(app): State<AppState>) -> Result<Json<Value>, ControlError> {
    Ok(Json(json!({ "tenants": tenant::all(&app.db).await? })))
}
