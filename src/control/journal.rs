//! `GET /_emulator/journal` (filters `vendor`, `method`, `status`, `path`, `limit`; newest last) and
//! `DELETE` to empty it.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::control::{ControlError, ControlQuery, ControlTenant};
use crate::platform::journal::JournalFilter;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct JournalQuery {
    vendor: Option<String>,
    method: Option<String>,
    status: Option<u16>,
    path: Option<String>,
    limit: Option<usize>,
}

pub async fn list(
    State(app): State<AppState>,
    ControlTenant(tenant): ControlTenant,
    ControlQuery(query): ControlQuery<JournalQuery>,
) -> Result<Json<Value>, ControlError> {
    let filter = JournalFilter {
        vendor: query.vendor,
        method: query.method,
        status: query.status,
        path: query.path,
        limit: query.limit,
    };
    Ok(Json(json!({ "entries": app.journal.list(&tenant, &filter) })))
}

pub async fn clear(State(app): State<AppState>, ControlTenant(tenant): ControlTenant) -> Json<Value> {
    app.journal.clear(&tenant);
    Json(json!({ "entries": [] }))
}
