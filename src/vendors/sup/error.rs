//! СУП errors and their wire shape, as the document gives them: `{"message": "<text>"}` for every
//! 4xx but 422, which is `{"data": [{"field", "message"}, …]}` listing every invalid field at once.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum SupError {
    #[error("Не авторизован. Токен не прошел валидацию")]
    Unauthorized,
    #[error("Неверный логин или пароль")]
    WrongCredentials,
    #[error("Сотрудник с таким idEmployee не найден")]
    EmployeeNotFound,
    #[error("Карта с таким customIdCard не найдена")]
    CardNotFoundByCustomId,
    #[error("Карта с таким idCard не найдена")]
    CardNotFoundById,
    #[error("У сотрудника есть основная карта. Измените её статус или добавьте как дополнительную карту")]
    EmployeeHasMainCard,
    #[error("Карта уже привязана к другому сотруднику")]
    CardLinkedToAnother,
    #[error("Карта не доступна")]
    CardNotAvailable,
    #[error("У карты истёк срок годности")]
    CardExpired,
    #[error("Карта не привязана к этому сотруднику")]
    CardNotLinkedToEmployee,
    #[error("Переданные значения не прошли валидацию")]
    Invalid(Vec<FieldError>),
    #[error("Внутренняя ошибка сервера")]
    Internal,
}

/// One entry of a 422's `data`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl SupError {
    pub fn status(&self) -> StatusCode {
        match self {
            SupError::Unauthorized | SupError::WrongCredentials => StatusCode::UNAUTHORIZED,
            SupError::EmployeeNotFound | SupError::CardNotFoundByCustomId | SupError::CardNotFoundById => {
                StatusCode::NOT_FOUND
            }
            SupError::EmployeeHasMainCard
            | SupError::CardLinkedToAnother
            | SupError::CardNotAvailable
            | SupError::CardExpired
            | SupError::CardNotLinkedToEmployee => StatusCode::CONFLICT,
            SupError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            SupError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<sqlx::Error> for SupError {
    fn from(err: sqlx::Error) -> SupError {
        tracing::error!(error = %err, "СУП storage failure");
        SupError::Internal
    }
}

impl IntoResponse for SupError {
    fn into_response(self) -> Response {
        let body = match &self {
            SupError::Invalid(fields) => json!({ "data": fields }),
            other => json!({ "message": other.to_string() }),
        };
        (self.status(), Json(body)).into_response()
    }
}

/// Collects every invalid field of a request before answering.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    pub fn into_result(self) -> Result<(), SupError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(SupError::Invalid(self.0))
        }
    }
}

/// The shape for failures found outside a handler (see `platform::vendor::Vendor::error`).
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
        SupError::Internal.to_string()
    } else {
        message.to_owned()
    };
    (status, Json(json!({ "message": message }))).into_response()
}
