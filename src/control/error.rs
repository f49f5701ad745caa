//! Control-plane errors: `{"error": "<what went wrong>"}`, plus `"path"` (the JSON path of the
//! first bad field) on a rejected fixture document or fault rule.

use axum::http::StatusCode;

use crate::fixtures::FixtureError;
use crate::platform::tenant_registry::TenantError;

/// The control plane answers in the emulator's own JSON error shape.
pub use crate::platform::json_error::JsonError as ControlError;

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
            FixtureError::Invalid { path, message } => {
                ControlError::at(StatusCode::UNPROCESSABLE_ENTITY, path, message)
            }
            FixtureError::Unreadable { .. } => ControlError::new(StatusCode::UNPROCESSABLE_ENTITY, err.to_string()),
            FixtureError::Database(err) => err.into(),
        }
    }
}
