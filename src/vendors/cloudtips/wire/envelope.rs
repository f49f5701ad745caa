//! The envelope every answer of the CloudTips API comes in, `{"data", "errors", "succeed",
//! "validationErrors"}` (`data` only when there is data), and the identity server's OAuth
//! failure, `{"error", "error_description"}`. Members are declared in the order they are written
//! (alphabetical), as the answers have always had them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// A success with `data`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Succeeded<T> {
    pub data: T,
    #[serde(flatten)]
    pub done: Done,
}

impl<T> Succeeded<T> {
    pub fn new(data: T) -> Succeeded<T> {
        Succeeded {
            data,
            done: Done::new(),
        }
    }
}

/// A success without `data`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Done {
    #[schemars(length(max = 0))]
    pub errors: Vec<String>,
    #[schemars(extend("const" = true))]
    pub succeed: bool,
    #[schemars(extend("maxProperties" = 0))]
    pub validation_errors: BTreeMap<String, Vec<String>>,
}

impl Done {
    pub fn new() -> Done {
        Done {
            errors: Vec::new(),
            succeed: true,
            validation_errors: BTreeMap::new(),
        }
    }
}

impl Default for Done {
    fn default() -> Done {
        Done::new()
    }
}

/// A failure: one message for the whole request in `errors`, or problems by member in
/// `validationErrors`. `data` is null in a failure found outside a handler (a timeout, a body too
/// large), absent otherwise.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Failed {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Null>,
    pub errors: Vec<String>,
    #[schemars(extend("const" = false))]
    pub succeed: bool,
    pub validation_errors: BTreeMap<String, Vec<String>>,
}

/// JSON's `null`, written: a member the emulator always answers without a value.
#[derive(Clone, Copy, Debug)]
pub struct Null;

impl JsonSchema for Null {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Null".into()
    }

    fn json_schema(_generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::Schema::try_from(serde_json::json!({ "type": "null" })).unwrap_or_default()
    }
}

impl Serialize for Null {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
    }
}

/// OAuth's failure (RFC 6749, 5.2), at `/connect/token`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OAuthFailure {
    pub error: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}
