//! The set of tenants: `GET /_emulator/tenants` lists every tenant there is (on any replica), by
//! name, for the dashboard's tenant picker (listing creates none); `DELETE /_emulator/tenants/{tenant}`
//! deletes one with everything it holds, `DELETE /_emulator/tenants` every one, one transaction per
//! tenant (`platform::tenant_removal`). A deleted tenant comes back, on its next use, as a fresh copy
//! of the startup fixtures.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::control::ControlError;
use crate::platform::{tenant, tenant_removal};
use crate::state::AppState;

pub async fn list(State(app): State<AppState>) -> Result<Json<Value>, ControlError> {
    Ok(Json(json!({ "tenants": tenant::all(&app.db).await? })))
}

pub async fn delete(State(app): State<AppState>, Path(name): Path<String>) -> Result<Json<Value>, ControlError> {
    let name = tenant::checked_name(&name)
        .map_err(|_| ControlError::bad_request(format!("a tenant name must match {}", tenant::TENANT_PATTERN)))?;
    if !tenant_removal::remove(&app, name).await? {
        return Err(ControlError::new(
            StatusCode::NOT_FOUND,
            format!("no tenant named {name}"),
        ));
    }
    Ok(Json(json!({ "deleted": name })))
}

pub async fn delete_all(State(app): State<AppState>) -> Result<Json<Value>, ControlError> {
    let mut deleted = Vec::new();
    for name in tenant::all(&app.db).await? {
        if tenant_removal::remove(&app, &name).await? {
            deleted.push(name);
        }
    }
    Ok(Json(json!({ "deleted": deleted })))
}
