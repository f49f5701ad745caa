//! EDIN EDO results and their wire shape: `{"varMessage": "<text>", "intCode": <code>, …}`. The
//! messages the vendor document lists are reproduced character for character (its odd quote
//! placement in the "not a network" message included).
//!
//! The HTTP status is 200 whatever `intCode` says (`vendors.edin.http_status = "ok"`, as the real
//! service answers), or equals `intCode` with `"mirror"`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::config::EdinHttpStatus;

/// The `varMessage` of every successful answer.
pub const SUCCESS: &str = "Success!";

#[derive(Debug, thiserror::Error)]
pub enum EdinError {
    #[error("Пользователь не авторизован")]
    Unauthorized,
    #[error("Неверный логин или пароль")]
    WrongCredentials,
    #[error("Сертификат не найден")]
    CertificateNotFound,
    #[error("Не заполнено обязательное поле \"{0}\"")]
    MissingField(&'static str),
    #[error("Недопустимый формат поля \"{field}\" {value}")]
    InvalidField { field: &'static str, value: String },
    #[error("Не заполнено обязательное поле \"{0}\" в блоке \"amigos_info\"")]
    MissingAmigoField(&'static str),
    #[error("Недопустимый формат поля \"{field}\" {value} в блоке \"amigos_info\"")]
    InvalidAmigoField { field: &'static str, value: String },
    #[error("Не найдены \"gln\" {} в блоке \"amigos_info\"", .0.join(","))]
    UnknownGlns(Vec<String>),
    #[error("Переданные данные в поле \"gln\" {} блока \"amigos_info не принадлежат сети\"", .0.join(","))]
    NotNetworks(Vec<String>),
    #[error("Некорректный JSON в теле запроса")]
    MalformedBody,
    #[error("Not Found")]
    UnknownMethod,
    #[error("Method Not Allowed")]
    MethodNotAllowed,
    #[error("internal error")]
    Internal,
}

impl EdinError {
    pub fn int_code(&self) -> u16 {
        match self {
            EdinError::Unauthorized | EdinError::WrongCredentials => 401,
            EdinError::CertificateNotFound
            | EdinError::UnknownGlns(_)
            | EdinError::NotNetworks(_)
            | EdinError::UnknownMethod => 404,
            EdinError::MissingField(_)
            | EdinError::InvalidField { .. }
            | EdinError::MissingAmigoField(_)
            | EdinError::InvalidAmigoField { .. }
            | EdinError::MalformedBody => 400,
            EdinError::MethodNotAllowed => 405,
            EdinError::Internal => 500,
        }
    }
}

/// Storage failures are logged here and never shown to the client.
impl From<sqlx::Error> for EdinError {
    fn from(err: sqlx::Error) -> EdinError {
        tracing::error!(error = %err, "EDIN storage failure");
        EdinError::Internal
    }
}

/// What a handler produced: the members a success adds beside `varMessage` and `intCode`, or why
/// it failed.
pub type Outcome = Result<Map<String, Value>, EdinError>;

/// An outcome on the wire, its HTTP status chosen by `mode`.
pub fn respond(mode: EdinHttpStatus, outcome: Outcome) -> Response {
    match outcome {
        Ok(mut members) => {
            members.insert("varMessage".to_owned(), json!(SUCCESS));
            members.insert("intCode".to_owned(), json!(200));
            answer(mode, 200, Value::Object(members))
        }
        Err(err) => {
            let code = err.int_code();
            answer(mode, code, json!({ "varMessage": err.to_string(), "intCode": code }))
        }
    }
}

fn answer(mode: EdinHttpStatus, int_code: u16, body: Value) -> Response {
    let status = match mode {
        EdinHttpStatus::Ok => StatusCode::OK,
        EdinHttpStatus::Mirror => StatusCode::from_u16(int_code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    };
    (status, Json(body)).into_response()
}

/// The shape for failures found outside the EDIN router (a bad tenant header, an oversized body, a
/// timeout, a panic, an injected fault): `http_status` applies to them like to every EDIN answer.
pub fn platform_error(mode: EdinHttpStatus, status: StatusCode, message: &str) -> Response {
    answer(
        mode,
        status.as_u16(),
        json!({ "varMessage": message, "intCode": status.as_u16() }),
    )
}
