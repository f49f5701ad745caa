//! LIFE POS errors and their wire shape: `{"code": "<ErrorName>", "message": "<text>"}`, plus
//! `"errors": {"<field>": ["…"]}` on 422. The messages of the errors the vendor document lists are
//! its own descriptions, word for word.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum LifeposError {
    #[error("неверный номер телефона или пароль")]
    WrongUsernameOrPassword,
    #[error("неверный код активации")]
    WrongActivationCode,
    #[error("слишком много неудачных попыток активировать рабочее место")]
    TryActivateLater,
    #[error("превышено ограничение на количество запросов в секунду")]
    TooManyRequests,
    #[error("параметры запроса не прошли валидацию")]
    RequestIsNotValid(FieldErrors),
    #[error("требуется авторизация")]
    Unauthorized,
    #[error("недостаточно прав")]
    NoPermissions,
    #[error("объект не найден")]
    NotFound,
    #[error("действие недоступно для архивного объекта")]
    NotAllowedForArchived,
    #[error("значение должно быть уникальным")]
    NotUnique(FieldErrors),
    #[error("у сотрудника не указан номер телефона")]
    PhoneIsNotFound,
    #[error("имя пользователя уже занято")]
    UsernameIsAlreadyTaken,
    #[error("номер телефона уже занят")]
    PhoneIsAlreadyTaken,
    #[error("внутренняя ошибка сервера")]
    InternalServerError,
}

impl LifeposError {
    pub fn status(&self) -> StatusCode {
        match self {
            LifeposError::WrongUsernameOrPassword | LifeposError::WrongActivationCode | LifeposError::Unauthorized => {
                StatusCode::UNAUTHORIZED
            }
            LifeposError::TryActivateLater | LifeposError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            LifeposError::RequestIsNotValid(_)
            | LifeposError::NotAllowedForArchived
            | LifeposError::NotUnique(_)
            | LifeposError::PhoneIsNotFound
            | LifeposError::UsernameIsAlreadyTaken
            | LifeposError::PhoneIsAlreadyTaken => StatusCode::UNPROCESSABLE_ENTITY,
            LifeposError::NoPermissions => StatusCode::FORBIDDEN,
            LifeposError::NotFound => StatusCode::NOT_FOUND,
            LifeposError::InternalServerError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            LifeposError::WrongUsernameOrPassword => "WrongUsernameOrPassword",
            LifeposError::WrongActivationCode => "WrongActivationCode",
            LifeposError::TryActivateLater => "TryActivateLater",
            LifeposError::TooManyRequests => "TooManyRequests",
            LifeposError::RequestIsNotValid(_) => "RequestIsNotValid",
            LifeposError::Unauthorized => "Unauthorized",
            LifeposError::NoPermissions => "NoPermissions",
            LifeposError::NotFound => "NotFound",
            LifeposError::NotAllowedForArchived => "NotAllowedForArchived",
            LifeposError::NotUnique(_) => "NotUnique",
            LifeposError::PhoneIsNotFound => "PhoneIsNotFound",
            LifeposError::UsernameIsAlreadyTaken => "UsernameIsAlreadyTaken",
            LifeposError::PhoneIsAlreadyTaken => "PhoneIsAlreadyTaken",
            LifeposError::InternalServerError => "InternalServerError",
        }
    }

    /// A 422 naming one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> LifeposError {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        LifeposError::RequestIsNotValid(errors)
    }
}

impl LifeposError {
    /// A 422 `NotUnique` naming the field whose value is taken.
    pub fn not_unique(field: &str) -> LifeposError {
        let mut errors = FieldErrors::default();
        errors.add(field, "значение уже используется");
        LifeposError::NotUnique(errors)
    }
}

/// Storage failures are logged here and never shown to the client.
impl From<sqlx::Error> for LifeposError {
    fn from(err: sqlx::Error) -> LifeposError {
        tracing::error!(error = %err, "LIFE POS storage failure");
        LifeposError::InternalServerError
    }
}

impl IntoResponse for LifeposError {
    fn into_response(self) -> Response {
        let mut body = json!({ "code": self.code(), "message": self.to_string() });
        if self.status() == StatusCode::UNPROCESSABLE_ENTITY {
            body["errors"] = match &self {
                LifeposError::RequestIsNotValid(errors) | LifeposError::NotUnique(errors) => json!(errors.0),
                LifeposError::UsernameIsAlreadyTaken => json!({ "username": [self.to_string()] }),
                LifeposError::PhoneIsAlreadyTaken => json!({ "phone": [self.to_string()] }),
                LifeposError::PhoneIsNotFound => json!({ "employee": [self.to_string()] }),
                _ => json!({}),
            };
        }
        (self.status(), Json(body)).into_response()
    }
}

/// Problems by field name, in the `errors` member of a 422.
#[derive(Debug, Default)]
pub struct FieldErrors(BTreeMap<String, Vec<String>>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.entry(field.to_owned()).or_default().push(message.into());
    }

    /// `Ok` when nothing was added, the 422 otherwise.
    pub fn into_result(self) -> Result<(), LifeposError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(LifeposError::RequestIsNotValid(self))
        }
    }
}

/// The LIFE POS shape for failures found outside a handler (see `platform::vendor::Vendor::error`).
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    let code = match status {
        StatusCode::BAD_REQUEST | StatusCode::UNPROCESSABLE_ENTITY => "RequestIsNotValid",
        StatusCode::UNAUTHORIZED => "Unauthorized",
        StatusCode::FORBIDDEN => "NoPermissions",
        StatusCode::NOT_FOUND => "NotFound",
        StatusCode::METHOD_NOT_ALLOWED => "MethodNotAllowed",
        StatusCode::REQUEST_TIMEOUT => "RequestTimeout",
        StatusCode::PAYLOAD_TOO_LARGE => "PayloadTooLarge",
        StatusCode::TOO_MANY_REQUESTS => "TooManyRequests",
        _ => "InternalServerError",
    };
    let message = if code == "InternalServerError" {
        LifeposError::InternalServerError.to_string()
    } else {
        message.to_owned()
    };
    (status, Json(json!({ "code": code, "message": message }))).into_response()
}
