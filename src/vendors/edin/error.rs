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

use super::settings::EdinHttpStatus;

/// The `varMessage` of every successful answer.
pub const SUCCESS: &str = "Success!";

#[derive(Debug)]
pub enum EdinError {
    Unauthorized,
    WrongCredentials,
    CertificateNotFound,
    MissingField(&'static str),
    InvalidField {
        field: &'static str,
        value: String,
    },
    MissingAmigoField(&'static str),
    InvalidAmigoField {
        field: &'static str,
        value: String,
    },
    UnknownGlns(Vec<String>),
    NotNetworks(Vec<String>),
    /// GetCert controller: a search parameter is missing.
    BadQuery,
    /// GetCert controller: nothing has the searched value.
    InfoNotFound,
    /// GetCert controller: what was found is not the caller's to see.
    NoAccess,
    /// GetCertByID: a certificate the caller's GLN may not see.
    NoDataFound,
    /// `Недопустимый формат поля "<field>" <value>, <rule>`.
    InvalidFieldRule {
        field: &'static str,
        value: String,
        rule: Cow<'static, str>,
    },
    /// `Недопустимый формат поля "<field>", <rule>`: a field whose value cannot be quoted back
    /// (it holds U+0000), named by its path in the request.
    UnquotableField {
        field: String,
        rule: String,
    },
    GlnNotFound(String),
    StartAfterEnd {
        start: String,
        end: String,
    },
    DuplicateNumber(String),
    EmptyBinds,
    /// AttachScan's `file_body` that is no base64.
    NotBase64,
    /// NotifyError's unknown `type_error`: the message as printed, and the value as an extra member.
    UnknownErrorType(String),
    AlreadyNotified,
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
            E::BadQuery => (400, text("Ошибка в параметрах запроса")),
            E::InfoNotFound => (404, text("Запрашиваемая информация не найдена")),
            E::NoAccess => (403, text("Нет доступа к запрашиваемой информации")),
            E::NoDataFound => (404, text("no data found")),
            E::InvalidFieldRule { field, value, rule } => (
                400,
                format!("Недопустимый формат поля \"{field}\" {value}, {rule}").into(),
            ),
            E::UnquotableField { field, rule } => (400, format!("Недопустимый формат поля \"{field}\", {rule}").into()),
            E::GlnNotFound(gln) => (404, format!("Gln {gln} не найден").into()),
            E::StartAfterEnd { start, end } => (
                400,
                format!("Дата начала {start} не может быть больше даты окончания {end}").into(),
            ),
            E::DuplicateNumber(number) => (404, format!("Сертификат с номером {number} уже создан").into()),
            E::NotBase64 => (400, text("Недопустимый формат поля \"file_body\", ожидается base64")),
            E::EmptyBinds => (400, text("Не заполнены поля в блоке \"product_binds\"")),
            // The trailing space is the vendor's.
            E::UnknownErrorType(_) => (400, text("Недопустимый формат поля ")),
            E::AlreadyNotified => (400, text("Уведомление об ошибке было отправлено ранее")),
            E::MalformedBody => (400, text("Некорректный JSON в теле запроса")),
            E::UnknownMethod => (404, text("Not Found")),
            E::MethodNotAllowed => (405, text("Method Not Allowed")),
            E::Internal => (500, text("internal error")),
        }
    }
}

impl EdinError {
    /// A list longer than `server.max_list_items`: `Недопустимый формат поля "<field>" [<n>
    /// элементов], максимальное количество элементов <max>`. The vendor states no bound; one call
    /// writes its list in one transaction, which on SQLite holds every tenant's writes meanwhile.
    pub fn too_many(field: &'static str, count: usize, max: usize) -> EdinError {
        EdinError::InvalidFieldRule {
            field,
            value: format!("[{count} элементов]"),
            rule: format!("максимальное количество элементов {max}").into(),
        }
    }

    /// `Недопустимый формат поля "<field>" <value>, максимальное количество символов <max>`.
    pub fn too_long(field: &'static str, value: &str, max: usize) -> EdinError {
        EdinError::InvalidFieldRule {
            field,
            value: value.to_owned(),
            rule: format!("максимальное количество символов {max}").into(),
        }
    }

    /// The body this error is answered with (the spec's examples show it too).
    pub fn body(&self) -> Value {
        let (code, message) = self.parts();
        let mut body = json!({ "varMessage": message, "intCode": code });
        if let Some((key, value)) = self.extra_members() {
            body[key] = value;
        }
        body
    }

    /// The members an error answer carries beside `varMessage` and `intCode`.
    fn extra_members(&self) -> Option<(&'static str, Value)> {
        match self {
            EdinError::UnknownErrorType(value) => Some(("type_error", json!(value))),
            _ => None,
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
        Err(err) => answer(mode, err.parts().0, err.body()),
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

/// The shape for a field the platform refuses before a handler (see
/// `platform::vendor::Vendor::invalid_field`): a 400 naming it, as the vendor names a bad field.
pub fn platform_invalid_field(mode: EdinHttpStatus, field: &str, message: &str) -> Response {
    respond(
        mode,
        Err(EdinError::UnquotableField {
            field: field.to_owned(),
            rule: message.to_owned(),
        }),
    )
}

fn failure(mode: EdinHttpStatus, int_code: u16, message: &str) -> Response {
    answer(mode, int_code, json!({ "varMessage": message, "intCode": int_code }))
}
