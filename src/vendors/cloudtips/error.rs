//! CloudTips errors and their wire shape: the envelope `{"data", "succeed", "errors", "validationErrors"}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The shape for failures found outside a handler (see `Vendor::platform_error`).
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    let body = json!({ "data": null, "succeed": false, "errors": [message], "validationErrors": {} });
    (status, Json(body)).into_response()
}
