//! The error-shaping layer: statuses that axum, tower-http's layers and the router answer with a
//! plain-text or empty body get the vendor's own error shape; a handler's JSON passes untouched.

use axum::http::{header, StatusCode};
use axum::response::Response;

use crate::platform::vendor::Vendor;

/// Statuses that layers and the router produce with a plain-text or empty body.
const PLATFORM_STATUSES: [StatusCode; 5] = [
    StatusCode::NOT_FOUND,
    StatusCode::METHOD_NOT_ALLOWED,
    StatusCode::REQUEST_TIMEOUT,
    StatusCode::PAYLOAD_TOO_LARGE,
    StatusCode::INTERNAL_SERVER_ERROR,
];

/// The response as it is, or in the vendor's shape when it is a platform failure without one.
pub fn shape(vendor: &Vendor, response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("json"));
    if is_json || !PLATFORM_STATUSES.contains(&response.status()) {
        return response;
    }
    let status = response.status();
    vendor.error(status, status.canonical_reason().unwrap_or("error"))
}
