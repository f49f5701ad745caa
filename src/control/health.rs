//! `GET /_emulator/health`: 200 while the database answers, 503 while it does not.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use crate::state::AppState;

pub async fn health(State(app): State<AppState>) -> (StatusCode, Json<Value>) {
    let reachable = app.db.is_reachable().await;
    let status = if reachable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = json!({
        "status": if reachable { "ok" } else { "unavailable" },
        "version": env!("CARGO_PKG_VERSION"),
        "storage": app.db.engine().name(),
    });
    (status, Json(body))
}
