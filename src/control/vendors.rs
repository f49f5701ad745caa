//! `GET /_emulator/vendors`: the registry as a client reads it (each vendor's name, title, base
//! path, OpenAPI document, extra listener and host names), so the dashboard and test suites learn
//! the vendors from the emulator rather than knowing them in advance. It needs no control token,
//! like `openapi.json`: it shows no tenant's state, only what the spec and the configuration say.

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::control::PREFIX;
use crate::state::{AppState, VendorListing};

pub async fn list(State(app): State<AppState>) -> Json<Value> {
    Json(json!({ "vendors": app.vendors.iter().map(listed).collect::<Vec<_>>() }))
}

/// One vendor as the answer lists it.
pub fn listed(vendor: &VendorListing) -> Value {
    json!({
        "name": vendor.name,
        "title": vendor.title,
        "base_path": vendor.base_path,
        "spec": format!("{PREFIX}/openapi/{}.json", vendor.name),
        "listen": vendor.listen,
        "hosts": vendor.hosts,
    })
}
