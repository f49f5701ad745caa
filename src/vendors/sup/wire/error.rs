//! СУП errors and their wire shape, as the document gives them: `{"message": "<text>"}` for every
//! 4xx but 422, which is `{"data": [{"field", "message"}, …]}` listing every invalid field at once.
//!
//! [`SupError::parts`] is the one table of every error's status and message; the answers of the
//! handlers and the shape of failures found outside them ([`platform_error`]) both read it. The
//! vendor has no error codes beside the HTTP status.

use std::fmt;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use schemars::JsonSchema;
use serde::Serialize;

use crate::platform::wire::FieldErrors;

#[derive(Debug)]
pub enum SupError {
    Unauthorized,
    WrongCredentials,
    EmployeeNotFound,
    CardNotFoundByCustomId,
    CardNotFoundById,
    EmployeeHasMainCard,
    CardLinkedToAnother,
    CardNotAvailable,
    CardExpired,
    CardNotLinkedToEmployee,
    CategoryNotFound,
    /// Every invalid field of the request; answered as the list, not the message.
    Invalid(FieldErrors),
    Internal,
}

impl SupError {
    /// Every error's HTTP status and message, side by side.
    fn parts(&self) -> (StatusCode, &'static str) {
        match self {
            SupError::Unauthorized => (StatusCode::UNAUTHORIZED, "Не авторизован. Токен не прошел валидацию"),
            SupError::WrongCredentials => (StatusCode::UNAUTHORIZED, "Неверный логин или пароль"),
            SupError::EmployeeNotFound => (StatusCode::NOT_FOUND, "Сотрудник с таким idEmployee не найден"),
            SupError::CardNotFoundByCustomId => (StatusCode::NOT_FOUND, "Карта с таким customIdCard не найдена"),
            SupError::CardNotFoundById => (StatusCode::NOT_FOUND, "Карта с таким idCard не найдена"),
            SupError::EmployeeHasMainCard => (
                StatusCode::CONFLICT,
                "У сотрудника есть основная карта. Измените её статус или добавьте как дополнительную карту",
            ),
            SupError::CardLinkedToAnother => (StatusCode::CONFLICT, "Карта уже привязана к другому сотруднику"),
            SupError::CardNotAvailable => (StatusCode::CONFLICT, "Карта не доступна"),
            SupError::CardExpired => (StatusCode::CONFLICT, "У карты истёк срок годности"),
            SupError::CardNotLinkedToEmployee => (StatusCode::CONFLICT, "Карта не привязана к этому сотруднику"),
            SupError::CategoryNotFound => (StatusCode::NOT_FOUND, "Категория с таким idCategory не найдена"),
            SupError::Invalid(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "Переданные значения не прошли валидацию",
            ),
            SupError::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "Внутренняя ошибка сервера"),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.parts().0
    }

    pub fn message(&self) -> &'static str {
        self.parts().1
    }
}

impl fmt::Display for SupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for SupError {}

/// Storage failures are logged here and never shown to the client.
impl From<sqlx::Error> for SupError {
    fn from(err: sqlx::Error) -> SupError {
        tracing::error!(error = %err, "СУП storage failure");
        SupError::Internal
    }
}

/// A СУП error body, as answered and as the spec declares it.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ErrorBody {
    Message {
        message: String,
    },
    /// A 422: every invalid field.
    Invalid {
        data: Vec<InvalidField>,
    },
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct InvalidField {
    pub field: String,
    pub message: String,
}

impl ErrorBody {
    fn message(message: &str) -> ErrorBody {
        ErrorBody::Message {
            message: message.to_owned(),
        }
    }
}

impl IntoResponse for SupError {
    fn into_response(self) -> Response {
        let (status, message) = self.parts();
        let body = match self {
            SupError::Invalid(fields) => ErrorBody::Invalid {
                data: fields
                    .iter()
                    .map(|problem| InvalidField {
                        field: problem.field.clone(),
                        message: problem.message.clone(),
                    })
                    .collect(),
            },
            _ => ErrorBody::message(message),
        };
        (status, Json(body)).into_response()
    }
}

impl From<FieldErrors> for SupError {
    fn from(errors: FieldErrors) -> SupError {
        SupError::Invalid(errors)
    }
}

/// The shape for failures found outside a handler (see `platform::vendor::Vendor::error`): the
/// platform's own message, but never the details of an internal failure, which answers as the
/// table's 500 does.
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    let (internal_status, internal_message) = SupError::Internal.parts();
    let message = if status == internal_status {
        internal_message
    } else {
        message
    };
    (status, Json(ErrorBody::message(message))).into_response()
}

/// The shape for a field the platform refuses before a handler (see
/// `platform::vendor::Vendor::invalid_field`): the 422 listing it in `data`.
pub fn platform_invalid_field(field: &str, message: &str) -> Response {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    SupError::Invalid(errors).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_status_and_message() {
        assert_eq!(SupError::CardExpired.status(), StatusCode::CONFLICT);
        assert_eq!(SupError::CardExpired.to_string(), "У карты истёк срок годности");
        assert_eq!(
            SupError::Invalid(FieldErrors::default()).status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
}
