//! Control-plane errors: `{"error": "<what went wrong>"}`, plus `"path"` (the JSON path of the
//! first bad field) on a rejected fixture document or fault rule.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::fixtures::FixtureError;
use crate::platform::tenant_registry::TenantError;

#[derive(Debug)]
pub struct ControlError {
    status: StatusCode,
    message: String,
    path: Option<String>,
}

impl ControlError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ControlError {
        ControlError {
            status,
            message: message.into(),
            path: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> ControlError {
        ControlError::new(StatusCode::BAD_REQUEST, message)
    }

    /// A 400 naming the field at fault in `"path"`.
    pub fn bad_field(field: impl Into<String>, message: impl Into<String>) -> ControlError {
        ControlError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            path: Some(field.into()),
        }
    }
}

impl From<sqlx::Error> for ControlError {
    fn from(err: sqlx::Error) -> ControlError {
        tracing::error!(error = %err, "control plane storage failure");
        ControlError::new(StatusCode::INTERNAL_SERVER_ERROR, "storage failure")
    }
}

impl From<TenantError> for ControlError {
    fn from(err: TenantError) -> ControlError {
        match err {
            TenantError::Full(_) => ControlError::new(StatusCode::SERVICE_UNAVAILABLE, err.to_string()),
            TenantError::Database(err) => err.into(),
        }
    }
}

impl From<FixtureError> for ControlError {
    fn from(err: FixtureError) -> ControlError {
        match err {
            FixtureError::Invalid { path, message } => ControlError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message,
                path: Some(path),
            },
            FixtureError::Unreadable { .. } => ControlError::new(StatusCode::UNPROCESSABLE_ENTITY, err.to_string()),
            FixtureError::Database(err) => err.into(),
        }
    }
}

impl ControlError {
    /// The body this error is answered with (the spec's examples show it too).
    pub fn body(&self) -> Value {
        match &self.path {
            Some(path) => json!({ "error": self.message, "path": path }),
            None => json!({ "error": self.message }),
        }
    }
}

impl IntoResponse for ControlError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}
