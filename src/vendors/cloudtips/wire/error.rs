//! CloudTips errors and their wire shape: the envelope `{"data", "succeed", "errors", "validationErrors"}`.
//! The token endpoint answers in OAuth's own shape, `{"error": "<code>"}`.
//!
//! [`CloudtipsError::parts`] is the one table of every error's HTTP status and what it says; the
//! messages the vendor document does not quote are the emulator's own Russian wording. A 401, from a
//! handler or from the platform ([`platform_error`]), always carries `WWW-Authenticate: Bearer`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use axum::http::header::WWW_AUTHENTICATE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

use crate::platform::clock::rfc3339;
use crate::platform::wire::FieldErrors;
use crate::vendors::cloudtips::wire::envelope::{Done, Failed, Null, OAuthFailure, Succeeded};

#[derive(Debug)]
pub enum CloudtipsError {
    /// No valid access token.
    Unauthorized,
    /// A receiver's token on a partner endpoint.
    PartnerOnly,
    /// A partner's token on an endpoint of the receiver's own API.
    ReceiverOnly,
    /// A card the receiver does not have.
    CardNotFound,
    /// Problems with particular fields (`validationErrors`).
    Invalid(FieldErrors),
    ReceiverNotFound,
    PlaceNotFound,
    PaymentPageNotFound,
    PhotoNotFound,
    /// A place named in a request's body that the partner does not have (create-many,
    /// registration-url): the vendor's "заведение не найдено" body.
    UnknownPlace(String),
    /// `POST /api/places` with a name the partner already uses.
    PlaceNameTaken(String),
    /// `create-many` lost a race for an `externalId` to another call.
    ExternalIdTaken,
    /// An attach code asked for again within the resend interval.
    ResendTooSoon {
        seconds: i64,
        retry_at: DateTime<Utc>,
    },
    WrongCode,
    ExpiredCode,
    /// A JSON Patch that does not apply to the document (a `test` that fails, a missing path).
    PatchFailed(String),
    /// OAuth's `invalid_request` at `/connect/token`: a grant's fields are missing.
    InvalidRequest,
    /// OAuth's `invalid_request` naming the form field that cannot be taken, in
    /// `error_description` (RFC 6749, 5.2).
    InvalidRequestField {
        field: String,
        message: String,
    },
    /// OAuth's `invalid_grant`: wrong credentials, or an unknown, expired or used refresh token.
    InvalidGrant,
    /// OAuth's `unsupported_grant_type`.
    UnsupportedGrantType,
    Internal,
}

/// What an error says on the wire.
#[derive(Debug, PartialEq, Eq)]
pub enum Said<'a> {
    /// One message in the envelope's `errors`.
    Error(Cow<'a, str>),
    /// The envelope's `validationErrors`.
    Fields(&'a FieldErrors),
    /// OAuth's `{"error": code}`, with its `error_description` when there is one.
    OAuth(&'static str, Option<String>),
}

const PLACE_NOT_FOUND: &str = "Заведение не найдено";
/// The starts of the messages that go on to name what the request named.
const UNKNOWN_PLACE: &str = "Заведение ";
const PLACE_NAME_TAKEN: &str = "Заведение с названием ";
const RESEND_TOO_SOON: &str = "Повторная отправка СМС возможна через ";
const PATCH_FAILED: &str = "Не удалось применить JSON Patch: ";
pub const EXTERNAL_ID_TAKEN: &str = "Идентификатор externalId уже используется";

impl CloudtipsError {
    /// Every error's HTTP status and what it says, side by side.
    pub fn parts(&self) -> (StatusCode, Said<'_>) {
        use CloudtipsError as E;
        let error = |message: &'static str| Said::Error(Cow::Borrowed(message));
        match self {
            E::Unauthorized => (StatusCode::UNAUTHORIZED, error("Unauthorized")),
            E::PartnerOnly => (StatusCode::FORBIDDEN, error("Метод доступен только партнёру")),
            E::ReceiverOnly => (StatusCode::FORBIDDEN, error("Метод доступен только получателю")),
            E::CardNotFound => (StatusCode::NOT_FOUND, error("Карта не найдена")),
            E::Invalid(fields) => (StatusCode::BAD_REQUEST, Said::Fields(fields)),
            E::ReceiverNotFound => (StatusCode::NOT_FOUND, error("Получатель не найден")),
            E::PlaceNotFound => (StatusCode::NOT_FOUND, error(PLACE_NOT_FOUND)),
            E::PaymentPageNotFound => (StatusCode::NOT_FOUND, error("Страница оплаты не найдена")),
            E::PhotoNotFound => (StatusCode::NOT_FOUND, error("Фотография не найдена")),
            E::UnknownPlace(id) => (
                StatusCode::BAD_REQUEST,
                Said::Error(format!("{UNKNOWN_PLACE}{id} не найдено").into()),
            ),
            E::PlaceNameTaken(name) => (
                StatusCode::BAD_REQUEST,
                Said::Error(format!("{PLACE_NAME_TAKEN}\"{name}\" уже существует").into()),
            ),
            E::ExternalIdTaken => (StatusCode::BAD_REQUEST, error(EXTERNAL_ID_TAKEN)),
            E::ResendTooSoon { seconds, retry_at } => (
                StatusCode::BAD_REQUEST,
                Said::Error(format!("{RESEND_TOO_SOON}{seconds} сек. (после {})", rfc3339(*retry_at)).into()),
            ),
            E::WrongCode => (StatusCode::BAD_REQUEST, error("Неверный код подтверждения")),
            E::ExpiredCode => (
                StatusCode::BAD_REQUEST,
                error("Срок действия кода истёк, запросите новый"),
            ),
            E::PatchFailed(reason) => (
                StatusCode::BAD_REQUEST,
                Said::Error(format!("{PATCH_FAILED}{reason}").into()),
            ),
            E::InvalidRequest => (StatusCode::BAD_REQUEST, Said::OAuth("invalid_request", None)),
            E::InvalidRequestField { field, message } => (
                StatusCode::BAD_REQUEST,
                Said::OAuth("invalid_request", Some(format!("{field}: {message}"))),
            ),
            E::InvalidGrant => (StatusCode::BAD_REQUEST, Said::OAuth("invalid_grant", None)),
            E::UnsupportedGrantType => (StatusCode::BAD_REQUEST, Said::OAuth("unsupported_grant_type", None)),
            E::Internal => (StatusCode::INTERNAL_SERVER_ERROR, error("Внутренняя ошибка сервера")),
        }
    }

    /// The start of the message in `errors` when the rest names what the request named (a place,
    /// a name, a wait): what tells such a refusal apart in the spec.
    pub fn message_start(&self) -> Option<&'static str> {
        match self {
            CloudtipsError::UnknownPlace(_) => Some(UNKNOWN_PLACE),
            CloudtipsError::PlaceNameTaken(_) => Some(PLACE_NAME_TAKEN),
            CloudtipsError::ResendTooSoon { .. } => Some(RESEND_TOO_SOON),
            CloudtipsError::PatchFailed(_) => Some(PATCH_FAILED),
            _ => None,
        }
    }

    /// `create-many` named phones the partner's scope already holds (as `+7XXXXXXXXXX`), under
    /// `validationErrors.PhoneNumber` as the public page's example keys it.
    pub fn already_in_scope(phones: &[String]) -> CloudtipsError {
        CloudtipsError::invalid_field("PhoneNumber", already_in_scope_message(phones))
    }

    /// A validation error naming one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> CloudtipsError {
        let mut errors = FieldErrors::default();
        errors.add(field, message);
        CloudtipsError::Invalid(errors)
    }
}

/// The vendor document's text, "Некоторые номера уже в скоупе: “{номер сотрудника}”" (the public
/// page's "Некоторые из указанных номеров уже в скоупе: …" loses to it). It shows one number; several
/// are each quoted the same way and joined by ", ", in the order the request lists them.
pub fn already_in_scope_message(phones: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = phones.iter().map(|phone| format!("“{}”", phone.as_ref())).collect();
    format!("Некоторые номера уже в скоупе: {}", quoted.join(", "))
}

/// Every member's problem, in one 400.
impl From<FieldErrors> for CloudtipsError {
    fn from(errors: FieldErrors) -> CloudtipsError {
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

impl CloudtipsError {
    /// The error's body on the wire (what the spec's examples show too).
    pub fn body(&self) -> Value {
        let body = match self.parts().1 {
            Said::OAuth(error, error_description) => serde_json::to_value(OAuthFailure {
                error,
                error_description,
            }),
            Said::Fields(errors) => serde_json::to_value(failed(None, Vec::new(), errors)),
            Said::Error(message) => {
                serde_json::to_value(failed(None, vec![message.into_owned()], &FieldErrors::default()))
            }
        };
        body.unwrap_or(Value::Null)
    }
}

impl IntoResponse for CloudtipsError {
    fn into_response(self) -> Response {
        reply(self.parts().0, self.body())
    }
}

/// The shape for failures found outside a handler (see `platform::vendor::Vendor::error`): one
/// message in `errors`, with `data` null.
pub fn platform_error(status: StatusCode, message: &str) -> Response {
    let body = failed(Some(Null), vec![message.to_owned()], &FieldErrors::default());
    reply(status, serde_json::to_value(body).unwrap_or(Value::Null))
}

/// A failure's body with its status; a 401 tells the client to bring a bearer token.
fn reply(status: StatusCode, body: Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response
            .headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

/// Problems by member, as `validationErrors` keys them: PascalCase, as in every example of the
/// vendor (`PhoneNumber`, `PlaceId`, `Receivers`, `Name`: ASP.NET's model-state names), whatever
/// case the request used; a member of a list item by its own name (`receivers[1].phoneNumber` is
/// `PhoneNumber`, as the create-many page keys it), a list item itself by its list's (`Receivers`).
/// Keys sorted, each with its problems in the order found.
fn validation_errors(errors: &FieldErrors) -> BTreeMap<String, Vec<String>> {
    let mut keyed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for problem in errors.iter() {
        keyed
            .entry(validation_key(&problem.field))
            .or_default()
            .push(problem.message.clone());
    }
    keyed
}

/// A member's `validationErrors` key (see [`validation_errors`]).
fn validation_key(field: &str) -> String {
    let own = match field.rfind("].") {
        Some(end) => &field[end + 2..],
        None => field.split('[').next().unwrap_or_default(),
    };
    let key = own
        .split('.')
        .map(|member| {
            let mut chars = member.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
        .collect::<Vec<String>>()
        .join(".");
    if key.is_empty() {
        "Body".to_owned()
    } else {
        key
    }
}

fn failed(data: Option<Null>, errors: Vec<String>, problems: &FieldErrors) -> Failed {
    Failed {
        data,
        errors,
        succeed: false,
        validation_errors: validation_errors(problems),
    }
}

/// A successful answer carrying `data`.
pub fn succeed<T: Serialize>(data: T) -> Response {
    Json(Succeeded::new(data)).into_response()
}

/// A successful answer without `data`.
pub fn succeed_empty() -> Response {
    Json(Done::new()).into_response()
}

pub type ApiResult = Result<Response, CloudtipsError>;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_platform_shape_keeps_data_null() {
        let body =
            serde_json::to_value(failed(Some(Null), vec!["x".to_owned()], &FieldErrors::default())).unwrap_or_default();
        assert_eq!(
            body,
            json!({ "data": null, "succeed": false, "errors": ["x"], "validationErrors": {} })
        );
    }

    #[test]
    fn field_keys_are_pascal_case_and_list_members_their_own() {
        assert_eq!(validation_key("receivers[1].phoneNumber"), "PhoneNumber");
        assert_eq!(validation_key("receivers[1]"), "Receivers");
        assert_eq!(validation_key("workInfo.channelUrl"), "WorkInfo.ChannelUrl");
        assert_eq!(validation_key("PlaceId"), "PlaceId");
        assert_eq!(validation_key("formFile"), "FormFile");
        assert_eq!(validation_key("[2]"), "Body");
        assert_eq!(validation_key("body"), "Body");
        let mut errors = FieldErrors::default();
        errors.add("placeId", "a");
        errors.add("PlaceId", "b");
        errors.add("receivers[0].name", "c");
        assert_eq!(
            serde_json::to_value(validation_errors(&errors)).unwrap_or_default(),
            json!({ "Name": ["c"], "PlaceId": ["a", "b"] })
        );
    }
}
