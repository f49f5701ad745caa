//! The error body of calls that answer in the emulator's own JSON rather than a vendor's (the
//! control plane, a vendor's own till routes): `{"error": "<what went wrong>"}`, plus `"path"`
//! (the JSON path of the first bad field) where one field is at fault.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug)]
pub struct JsonError {
    status: StatusCode,
    message: String,
    path: Option<String>,
}

impl JsonError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> JsonError {
        JsonError {
            status,
            message: message.into(),
            path: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> JsonError {
        JsonError::new(StatusCode::BAD_REQUEST, message)
    }

    /// A 400 naming the field at fault in `"path"`.
    pub fn bad_field(field: impl Into<String>, message: impl Into<String>) -> JsonError {
        JsonError::at(StatusCode::BAD_REQUEST, field, message)
    }

    /// An error of `status` naming the field at fault in `"path"`.
    pub fn at(status: StatusCode, field: impl Into<String>, message: impl Into<String>) -> JsonError {
        JsonError {
            status,
            message: message.into(),
            path: Some(field.into()),
        }
    }

    /// The body this error is answered with (the spec's examples show it too).
    pub fn body(&self) -> Value {
        match &self.path {
            Some(path) => json!({ "error": self.message, "path": path }),
            None => json!({ "error": self.message }),
        }
    }
}

impl From<sqlx::Error> for JsonError {
    fn from(err: sqlx::Error) -> JsonError {
        tracing::error!(error = %err, "storage failure");
        JsonError::new(StatusCode::INTERNAL_SERVER_ERROR, "storage failure")
    }
}

impl IntoResponse for JsonError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}
