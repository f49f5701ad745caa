//! EDIN EDO results and their wire shape: `{"varMessage": "<text>", "intCode": <code>, …}`. The
//! messages the vendor document lists are reproduced character for character (its odd quote
//! placement in the "not a network" message included).
//!
//! [`EdinError::parts`] is the one table of every error's `intCode` and message.
//!
//! The HTTP status is 200 whatever `intCode` says (`vendors.edin.http_status = "ok"`, as the real
//! service answers), or equals `intCode` with `"mirror"`.

use std::borrow::Cow;
use std::fmt;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::config::EdinHttpStatus;

/// The `varMessage` of every successful answer.
pub const SUCCESS: &str = "Success!";

#[derive(Debug)]
pub enum EdinError {
    Unauthorized,
    WrongCredentials,
    CertificateNotFound,
    MissingField(&'static str),
    InvalidField { field: &'static str, value: String },
    MissingAmigoField(&'static str),
    InvalidAmigoField { field: &'static str, value: String },
    UnknownGlns(Vec<String>),
    NotNetworks(Vec<String>),
    MalformedBody,
    UnknownMethod,
    MethodNotAllowed,
    Internal,
}

impl EdinError {
    /// Every error's `intCode` (its HTTP status under `mirror`) and `varMessage`, side by side.
    pub fn parts(&self) -> (u16, Cow<'static, str>) {
        use EdinError as E;
        let text = |message: &'static str| Cow::Borrowed(message);
        match self {
            E::Unauthorized => (401, text("Пользователь не авторизован")),
            E::WrongCredentials => (401, text("Неверный логин или пароль")),
            E::CertificateNotFound => (404, text("Сертификат не найден")),
            E::MissingField(field) => (400, format!("Не заполнено обязательное поле \"{field}\"").into()),
            E::InvalidField { field, value } => (400, format!("Недопустимый формат поля \"{field}\" {value}").into()),
            E::MissingAmigoField(field) => (
                400,
                format!("Не заполнено обязательное поле \"{field}\" в блоке \"amigos_info\"").into(),
            ),
            E::InvalidAmigoField { field, value } => (
                400,
                format!("Недопустимый формат поля \"{field}\" {value} в блоке \"amigos_info\"").into(),
            ),
            E::UnknownGlns(glns) => (
                404,
                format!("Не найдены \"gln\" {} в блоке \"amigos_info\"", glns.join(",")).into(),
            ),
            E::NotNetworks(glns) => (
                404,
                format!(
                    "Переданные данные в поле \"gln\" {} блока \"amigos_info не принадлежат сети\"",
                    glns.join(",")
                )
                .into(),
            ),
            E::MalformedBody => (400, text("Некорректный JSON в теле запроса")),
            E::UnknownMethod => (404, text("Not Found")),
            E::MethodNotAllowed => (405, text("Method Not Allowed")),
            E::Internal => (500, text("internal error")),
        }
    }
}

impl fmt::Display for EdinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.parts().1)
    }
}

impl std::error::Error for EdinError {}

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
            let (code, message) = err.parts();
            failure(mode, code, &message)
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
/// Their `intCode` is the status the platform chose.
pub fn platform_error(mode: EdinHttpStatus, status: StatusCode, message: &str) -> Response {
    failure(mode, status.as_u16(), message)
}

fn failure(mode: EdinHttpStatus, int_code: u16, message: &str) -> Response {
    answer(mode, int_code, json!({ "varMessage": message, "intCode": int_code }))
}
