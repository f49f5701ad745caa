//! `POST /_emulator/faults` adds a rule → `{"id"}`; `GET` lists the tenant's rules;
//! `DELETE /_emulator/faults` removes them all, `DELETE /_emulator/faults/{id}` one.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::control::{ControlError, ControlTenant};
use crate::platform::faults::FaultRule;
use crate::state::AppState;

pub async fn add(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    body: Bytes,
) -> Result<Json<Value>, ControlError> {
    let rule: FaultRule =
        serde_json::from_slice(&body).map_err(|err| ControlError::bad_request(format!("not a fault rule: {err}")))?;
    if let Some(problem) = rule.problem(&app.vendor_names) {
        return Err(ControlError::bad_request(problem));
    }
    let rule = app.faults.add(&tenant, rule);
    Ok(Json(json!({ "id": rule.id })))
}

pub async fn list(State(app): State<AppState>, ControlTenant(tenant): ControlTenant) -> Json<Value> {
    Json(json!({ "faults": app.faults.list(&tenant) }))
}

pub async fn clear(State(app): State<AppState>, ControlTenant(tenant): ControlTenant) -> Json<Value> {
    app.faults.clear(&tenant);
    Json(json!({ "faults": [] }))
}

pub async fn remove(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    Path(id): Path<String>,
) -> Result<Json<Value>, ControlError> {
    if app.faults.remove(&tenant, &id) {
        Ok(Json(json!({ "removed": id })))
    } else {
        Err(ControlError::new(
            StatusCode::NOT_FOUND,
            format!("no fault rule {id} in this tenant"),
        ))
    }
}
