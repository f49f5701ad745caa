//! `POST /_emulator/faults` adds a rule → `{"id"}`; `GET` lists the tenant's rules;
//! `DELETE /_emulator/faults` removes them all, `DELETE /_emulator/faults/{id}` one. The rules
//! live in the database (`platform::faults`), so every replica lists and applies the same ones.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::control::{ControlError, ControlTenant};
use crate::platform::faults::{AddError, FaultRule};
use crate::state::AppState;

pub async fn add(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    body: Bytes,
) -> Result<Json<Value>, ControlError> {
    let rule: FaultRule =
        serde_json::from_slice(&body).map_err(|err| ControlError::bad_request(format!("not a fault rule: {err}")))?;
    if let Some(problem) = rule.problem(&app.vendor_names(), &app.config.faults) {
        return Err(ControlError::bad_field(problem.field, problem.message));
    }
    match app.faults.add(&tenant, rule).await {
        Ok(rule) => Ok(Json(json!({ "id": rule.id }))),
        Err(AddError::TooMany(limit)) => Err(ControlError::new(
            StatusCode::CONFLICT,
            format!("the tenant holds {limit} fault rules already (faults.max_rules_per_tenant); remove some first"),
        )),
        Err(AddError::Database(err)) => Err(err.into()),
    }
}

pub async fn list(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
) -> Result<Json<Value>, ControlError> {
    Ok(Json(json!({ "faults": app.faults.list(&tenant).await? })))
}

pub async fn clear(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
) -> Result<Json<Value>, ControlError> {
    app.faults.remove(&tenant, None).await?;
    Ok(Json(json!({ "faults": [] })))
}

pub async fn remove(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    Path(id): Path<String>,
) -> Result<Json<Value>, ControlError> {
    if app.faults.remove(&tenant, Some(&id)).await? {
        Ok(Json(json!({ "removed": id })))
    } else {
        Err(ControlError::new(
            StatusCode::NOT_FOUND,
            format!("no fault rule {id} in this tenant"),
        ))
    }
}
