//! EDIN EDO errors and their wire shape: `{"varMessage": "<text>", "intCode": <code>}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The shape for failures found outside a handler (see `Vendor::platform_error`).
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({ "varMessage": message, "intCode": status.as_u16() })),
    )
        .into_response()
}
