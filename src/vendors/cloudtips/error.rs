//! CloudTips errors and their wire shape: the envelope `{"data", "succeed", "errors", "validationErrors"}`.
//! The token endpoint answers in OAuth's own shape, `{"error": "<code>"}`.

use std::collections::BTreeMap;

use axum::http::header::WWW_AUTHENTICATE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};

#[derive(Debug, thiserror::Error)]
pub enum CloudtipsError {
    /// No valid access token.
    #[error("Unauthorized")]
    Unauthorized,
    /// A failure of the request as a whole (`errors`), answered with 400.
    #[error("{0}")]
    Failed(String),
    /// Problems with particular fields (`validationErrors`), answered with 400.
    #[error("Ошибка валидации")]
    Invalid(FieldErrors),
    /// An entity outside the partner's reach.
    #[error("{0}")]
    NotFound(&'static str),
    /// OAuth errors of `/connect/token`: `invalid_grant`, `invalid_client`, `invalid_request`,
    /// `unsupported_grant_type`.
    #[error("{0}")]
    OAuth(&'static str),
    #[error("Внутренняя ошибка сервера")]
    Internal,
}

pub const RECEIVER_NOT_FOUND: &str = "Получатель не найден";
pub const PLACE_NOT_FOUND: &str = "Заведение не найдено";
pub const PAYMENT_PAGE_NOT_FOUND: &str = "Страница оплаты не найдена";
pub const PHOTO_NOT_FOUND: &str = "Фотография не найдена";

impl CloudtipsError {
    pub fn status(&self) -> StatusCode {
        match self {
            CloudtipsError::Unauthorized => StatusCode::UNAUTHORIZED,
            CloudtipsError::Failed(_) | CloudtipsError::Invalid(_) | CloudtipsError::OAuth(_) => {
                StatusCode::BAD_REQUEST
            }
            CloudtipsError::NotFound(_) => StatusCode::NOT_FOUND,
            CloudtipsError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A validation error naming one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> CloudtipsError {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        CloudtipsError::Invalid(errors)
    }
}

/// Storage failures are logged here and never shown to the client.
impl From<sqlx::Error> for CloudtipsError {
    fn from(err: sqlx::Error) -> CloudtipsError {
        tracing::error!(error = %err, "CloudTips storage failure");
        CloudtipsError::Internal
    }
}

impl IntoResponse for CloudtipsError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = match &self {
            CloudtipsError::OAuth(code) => json!({ "error": code }),
            CloudtipsError::Invalid(errors) => envelope(None, false, &[], errors),
            other => envelope(None, false, &[other.to_string()], &FieldErrors::default()),
        };
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Problems by field path (`receivers[1].phoneNumber`), in `validationErrors`.
#[derive(Debug, Default, Serialize)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_owned()).or_default().push(message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when nothing was added, the validation error otherwise.
    pub fn into_result(self) -> Result<(), CloudtipsError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(CloudtipsError::Invalid(self))
        }
    }
}

fn envelope(data: Option<Value>, succeed: bool, errors: &[String], validation: &FieldErrors) -> Value {
    let mut body = json!({ "succeed": succeed, "errors": errors, "validationErrors": validation });
    if let Some(data) = data {
        body["data"] = data;
    }
    body
}

/// A successful answer carrying `data`.
pub fn succeed(data: impl Serialize) -> Response {
    let data = serde_json::to_value(data).unwrap_or(Value::Null);
    Json(envelope(Some(data), true, &[], &FieldErrors::default())).into_response()
}

/// A successful answer without `data`.
pub fn succeed_empty() -> Response {
    Json(envelope(None, true, &[], &FieldErrors::default())).into_response()
}

pub type ApiResult = Result<Response, CloudtipsError>;

/// The shape for failures found outside a handler (see `platform::vendor::Vendor::error`).
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    let body = json!({ "data": null, "succeed": false, "errors": [message], "validationErrors": {} });
    let mut response = (status, Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Bearer"));
    }
    response
}
