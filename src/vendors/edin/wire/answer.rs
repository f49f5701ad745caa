//! Every EDIN answer: `{…, "varMessage": "Success!", "intCode": 200}` with the members of its
//! operation, or a failure `{"varMessage": "<text>", "intCode": <code>}`. The HTTP status is 200
//! whatever `intCode` says (`vendors.edin.http_status = "ok"`, as the real service answers), or
//! equals `intCode` (`"mirror"`).

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use schemars::JsonSchema;
use serde::Serialize;

use crate::vendors::edin::settings::EdinHttpStatus;
use crate::vendors::edin::wire::error::EdinError;

/// The `varMessage` of every successful answer.
pub const SUCCESS: &str = "Success!";

/// A successful answer: its operation's members, then the message and the code.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Success<T> {
    #[serde(flatten)]
    pub members: T,
    #[serde(rename = "varMessage")]
    #[schemars(extend("const" = SUCCESS))]
    pub message: &'static str,
    #[serde(rename = "intCode")]
    #[schemars(extend("const" = 200))]
    pub code: u16,
}

/// An answer with no members of its own (SetAccess, SetBind, NotifyError).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Done {}

/// A failure.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Failure {
    #[serde(rename = "varMessage")]
    pub message: String,
    #[serde(rename = "intCode")]
    pub code: u16,
    /// Values that come back beside the message: NotifyError's unknown `type_error`, as its page
    /// prints it.
    #[serde(flatten)]
    pub echoed: BTreeMap<String, String>,
}

/// What a handler produced: its answer's members, or why it failed.
pub type Outcome<T> = Result<T, EdinError>;

/// An outcome on the wire, its HTTP status chosen by `mode`.
pub fn respond<T: Serialize>(mode: EdinHttpStatus, outcome: Outcome<T>) -> Response {
    match outcome {
        Ok(members) => answer(
            mode,
            200,
            &Success {
                members,
                message: SUCCESS,
                code: 200,
            },
        ),
        Err(err) => {
            let (code, message) = err.parts();
            let echoed = err.echoed().iter().cloned().collect();
            failure(mode, code, message.into_owned(), echoed)
        }
    }
}

/// The shape for failures found outside the EDIN router (a bad tenant header, an oversized body, a
/// timeout, a panic, an injected fault): `http_status` applies to them like to every EDIN answer.
/// Their `intCode` is the status the platform chose.
pub fn platform_error(mode: EdinHttpStatus, status: StatusCode, message: &str) -> Response {
    failure(mode, status.as_u16(), message.to_owned(), BTreeMap::new())
}

/// The shape for a field the platform refuses before a handler (see
/// `platform::vendor::Vendor::invalid_field`): a 400 naming it, as the vendor names a bad field.
pub fn platform_invalid_field(mode: EdinHttpStatus, field: &str, message: &str) -> Response {
    respond::<Done>(
        mode,
        Err(EdinError::UnquotableField {
            field: field.to_owned(),
            rule: message.to_owned(),
        }),
    )
}

fn failure(mode: EdinHttpStatus, code: u16, message: String, echoed: BTreeMap<String, String>) -> Response {
    answer(mode, code, &Failure { message, code, echoed })
}

fn answer<B: Serialize>(mode: EdinHttpStatus, int_code: u16, body: &B) -> Response {
    let status = match mode {
        EdinHttpStatus::Ok => StatusCode::OK,
        EdinHttpStatus::Mirror => StatusCode::from_u16(int_code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    };
    (status, Json(body)).into_response()
}
