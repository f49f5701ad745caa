//! СУП errors and their wire shape: `{"message": "<text>"}` (422: `{"data": [{"field", "message"}]}`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The shape for failures found outside a handler (see `Vendor::platform_error`).
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "message": message }))).into_response()
}
