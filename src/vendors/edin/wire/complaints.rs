//! `POST /Api/V1/Certificate/NotifyError` (NotifyError, NotifyError_errors): `cert_id`,
//! `type_error` (ShowErrorTypes) and an optional `text` (≤ 500). An unknown `type_error` is
//! answered as the page prints it: `Недопустимый формат поля ` with the value beside it.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::vendors::edin::wire::directories::ErrorTypes;
use crate::vendors::edin::wire::values::{members, Code, Number, Text};
use crate::vendors::edin::wire::words;

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members)]
pub struct Complaint {
    pub cert_id: Number,
    #[schemars(extend("x-invalid" = words::unknown_error_type(), "x-echo" = true))]
    pub type_error: Code<ErrorTypes>,
    #[serde(default)]
    pub text: Option<Text<TEXT_MAX>>,
}

/// The longest complaint text, in characters.
pub const TEXT_MAX: usize = 500;
