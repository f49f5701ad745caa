//! LIFE POS errors and their wire shape: `{"code": "<ErrorName>", "message": "<text>"}`, plus
//! `"errors": {"<field>": ["…"]}` on 422. The messages of the errors the vendor document lists are
//! its own descriptions, word for word.
//!
//! One table ([`errors!`] below) holds every error with its HTTP status, its code (the variant's
//! name), the statuses of platform failures it answers for, the field its 422 names and its
//! message; the enum, `status()`, `code()`, `Display` and [`platform_error`] are all read from it.
//! `MethodNotAllowed`, `RequestTimeout` and `PayloadTooLarge` are not in the vendor document: they
//! name the failures the platform finds outside a handler, and no handler returns them.

use std::collections::BTreeMap;
use std::fmt;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use schemars::JsonSchema;
use serde::Serialize;

/// One row of the table.
struct Entry {
    status: StatusCode,
    code: &'static str,
    /// Platform failures of these statuses are answered with this code and the platform's message.
    answers: &'static [StatusCode],
    /// The field a 422 of this error names in `errors`, with the message as its one problem.
    field: Option<&'static str>,
    message: &'static str,
}

/// Declares the error enum and its table from one list:
/// `Variant(payload) = STATUS for [PLATFORM STATUSES] in "field", "message";`, where the
/// payload, `for […]` and `in "…"` are optional.
macro_rules! errors {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident $(($payload:ty))? = $status:ident
            $(for [$($answers:ident),+])? $(in $field:literal)?, $message:literal;
    )+) => {
        #[derive(Debug)]
        pub enum LifeposError {
            $($(#[doc = $doc])* $variant $(($payload))?,)+
        }

        /// The entries, one `static` per variant, named after it.
        #[allow(non_upper_case_globals)]
        mod entries {
            use super::{Entry, StatusCode};
            $(pub static $variant: Entry = Entry {
                status: StatusCode::$status,
                code: stringify!($variant),
                answers: &[$($(StatusCode::$answers),+)?],
                field: errors!(@field $($field)?),
                message: $message,
            };)+
        }

        /// Every entry in the table's order.
        static TABLE: &[&Entry] = &[$(&entries::$variant),+];

        impl LifeposError {
            fn entry(&self) -> &'static Entry {
                match self {
                    $(LifeposError::$variant { .. } => &entries::$variant,)+
                }
            }
        }
    };
    (@field $field:literal) => { Some($field) };
    (@field) => { None };
}

errors! {
    WrongUsernameOrPassword = UNAUTHORIZED, "неверный логин или пароль";
    WrongActivationCode = UNAUTHORIZED, "неверный код активации";
    TryActivateLater = TOO_MANY_REQUESTS, "слишком много неудачных попыток активировать рабочее место";
    TooManyRequests = TOO_MANY_REQUESTS for [TOO_MANY_REQUESTS],
        "превышено ограничение на количество запросов в секунду";
    /// The problems by field are the `errors` member.
    RequestIsNotValid(FieldErrors) = UNPROCESSABLE_ENTITY for [BAD_REQUEST, UNPROCESSABLE_ENTITY],
        "параметры запроса не прошли валидацию";
    Unauthorized = UNAUTHORIZED for [UNAUTHORIZED], "требуется авторизация";
    NoPermissions = FORBIDDEN for [FORBIDDEN], "недостаточно прав";
    NotFound = NOT_FOUND for [NOT_FOUND], "объект не найден";
    NotAllowedForArchived = UNPROCESSABLE_ENTITY, "действие недоступно для архивного объекта";
    /// A cancelled sale changed, a paid one cancelled or changed.
    OperationCannotBePerformed = UNPROCESSABLE_ENTITY, "операция не может быть выполнена";
    /// The field whose value is taken is the `errors` member.
    NotUnique(FieldErrors) = UNPROCESSABLE_ENTITY, "значение должно быть уникальным";
    PhoneIsNotFound = UNPROCESSABLE_ENTITY in "employee", "у сотрудника не указан номер телефона";
    UsernameIsAlreadyTaken = UNPROCESSABLE_ENTITY in "username", "имя пользователя уже занято";
    PhoneIsAlreadyTaken = UNPROCESSABLE_ENTITY in "phone", "номер телефона уже занят";
    AliasIsAlreadyTaken = UNPROCESSABLE_ENTITY in "alias", "псевдоним уже занят";
    MethodNotAllowed = METHOD_NOT_ALLOWED for [METHOD_NOT_ALLOWED], "метод не поддерживается";
    RequestTimeout = REQUEST_TIMEOUT for [REQUEST_TIMEOUT], "время ожидания запроса истекло";
    PayloadTooLarge = PAYLOAD_TOO_LARGE for [PAYLOAD_TOO_LARGE], "тело запроса слишком велико";
    /// Also every platform failure of a status no other error answers for, with this message
    /// rather than the platform's words.
    InternalServerError = INTERNAL_SERVER_ERROR, "внутренняя ошибка сервера";
}

impl LifeposError {
    pub fn status(&self) -> StatusCode {
        self.entry().status
    }

    pub fn code(&self) -> &'static str {
        self.entry().code
    }

    /// A 422 naming one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> LifeposError {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        LifeposError::RequestIsNotValid(errors)
    }

    /// A 422 `NotUnique` naming the field whose value is taken.
    pub fn not_unique(field: &str) -> LifeposError {
        let mut errors = FieldErrors::default();
        errors.add(field, "значение уже используется");
        LifeposError::NotUnique(errors)
    }

    /// The `errors` member of a 422.
    fn field_errors(&self) -> BTreeMap<&str, Vec<&str>> {
        match (self, self.entry().field) {
            (LifeposError::RequestIsNotValid(errors) | LifeposError::NotUnique(errors), _) => errors.by_field(),
            (_, Some(field)) => BTreeMap::from([(field, vec![self.entry().message])]),
            (_, None) => BTreeMap::new(),
        }
    }
}

/// Every LIFE POS error body: `{"code", "message"}`, and on a 422 `errors`, the problems by member.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorBody<'a> {
    pub code: &'a str,
    pub message: &'a str,
    /// Written on a 422 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub errors: Option<BTreeMap<&'a str, Vec<&'a str>>>,
}

impl fmt::Display for LifeposError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.entry().message)
    }
}

impl std::error::Error for LifeposError {}

/// Storage failures are logged here and never shown to the client.
impl From<sqlx::Error> for LifeposError {
    fn from(err: sqlx::Error) -> LifeposError {
        tracing::error!(error = %err, "LIFE POS storage failure");
        LifeposError::InternalServerError
    }
}

impl LifeposError {
    /// The body this error answers with.
    pub fn body(&self) -> ErrorBody<'_> {
        let entry = self.entry();
        ErrorBody {
            code: entry.code,
            message: entry.message,
            errors: (entry.status == StatusCode::UNPROCESSABLE_ENTITY).then(|| self.field_errors()),
        }
    }
}

impl IntoResponse for LifeposError {
    fn into_response(self) -> Response {
        (self.status(), Json(self.body())).into_response()
    }
}

pub use crate::platform::wire::FieldErrors;

impl From<FieldErrors> for LifeposError {
    fn from(errors: FieldErrors) -> LifeposError {
        LifeposError::RequestIsNotValid(errors)
    }
}

/// The LIFE POS shape for failures found outside a handler (see `platform::vendor::Vendor::error`):
/// the code of the error that answers for `status` with the platform's message, or the 500's code
/// and message.
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    let (code, message) = match TABLE.iter().find(|entry| entry.answers.contains(&status)) {
        Some(entry) => (entry.code, message),
        None => {
            let internal = LifeposError::InternalServerError.entry();
            (internal.code, internal.message)
        }
    };
    let body = ErrorBody {
        code,
        message,
        errors: None,
    };
    (status, Json(body)).into_response()
}

/// The LIFE POS shape for a field the platform refuses before a handler (see
/// `platform::vendor::Vendor::invalid_field`): the 422 `RequestIsNotValid` naming it.
pub fn platform_invalid_field(field: &str, message: &str) -> Response {
    LifeposError::invalid_field(field, message).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_reads_its_own_entry() {
        assert_eq!(LifeposError::WrongUsernameOrPassword.code(), "WrongUsernameOrPassword");
        assert_eq!(
            LifeposError::RequestIsNotValid(FieldErrors::default()).code(),
            "RequestIsNotValid"
        );
        assert_eq!(LifeposError::InternalServerError.code(), "InternalServerError");
        assert_eq!(
            LifeposError::PhoneIsAlreadyTaken.status(),
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(LifeposError::NotFound.to_string(), "объект не найден");
    }

    #[test]
    fn a_422_names_its_field() {
        assert_eq!(
            LifeposError::PhoneIsAlreadyTaken.field_errors(),
            BTreeMap::from([("phone", vec!["номер телефона уже занят"])])
        );
        assert_eq!(LifeposError::NotAllowedForArchived.field_errors(), BTreeMap::new());
        assert_eq!(
            LifeposError::not_unique("number").field_errors(),
            BTreeMap::from([("number", vec!["значение уже используется"])])
        );
    }

    #[test]
    fn each_platform_status_is_answered_once() {
        let mut seen = std::collections::HashSet::new();
        for entry in TABLE {
            for status in entry.answers {
                assert!(seen.insert(*status), "{status} answered twice");
            }
        }
    }
}
