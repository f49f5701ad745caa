//! Reading CloudTips requests the way ASP.NET binds them: JSON members, form fields and query
//! parameters match their names case-insensitively. Names are folded to lower case once, when the
//! request is parsed; handlers then read the lower-case names. A malformed body is a validation
//! error in the envelope, never axum's plain-text rejection. [`PublicBase`] is where the client
//! reached the emulator, for the URLs an answer gives.

use axum::body::Bytes;
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::header::HOST;
use axum::http::request::Parts;
use serde_json::{Map, Value};

use crate::vendors::cloudtips::error::CloudtipsError;

/// The body as a JSON object with every member name (at any depth) in lower case.
pub fn json_object(body: &Bytes) -> Result<Map<String, Value>, CloudtipsError> {
    match serde_json::from_slice::<Value>(body).map(fold_keys) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(CloudtipsError::invalid_field(
            "body",
            "Тело запроса должно быть JSON-объектом",
        )),
        Err(err) => Err(CloudtipsError::invalid_field(
            "body",
            format!("Тело запроса не является корректным JSON: {err}"),
        )),
    }
}

/// Lower-cases every member name; of two names differing only in case, the later wins.
pub fn fold_keys(value: Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .map(|(key, value)| (key.to_lowercase(), fold_keys(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(fold_keys).collect()),
        other => other,
    }
}

/// Form fields or query parameters with lower-case names, in their order.
pub fn fold_pairs(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_lowercase(), value))
        .collect()
}

/// The last value of a lower-case name among folded pairs.
pub fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// A string member; null and absent are `None`.
pub fn optional_string(object: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err("Значение должно быть строкой".to_owned()),
    }
}

/// A string member that must be present and not blank.
pub fn required_string(object: &Map<String, Value>, name: &str) -> Result<String, String> {
    match optional_string(object, name)? {
        Some(value) if !value.trim().is_empty() => Ok(value),
        _ => Err("Поле обязательно для заполнения".to_owned()),
    }
}

/// An integer member; absent and null are `None`. Numbers in strings are refused, as
/// System.Text.Json refuses them.
pub fn optional_integer(object: &Map<String, Value>, name: &str) -> Result<Option<i64>, String> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_i64()
            .map(Some)
            .ok_or_else(|| "Значение должно быть целым числом".to_owned()),
    }
}

/// A list of strings; absent and null are empty.
pub fn string_list(object: &Map<String, Value>, name: &str) -> Result<Vec<String>, String> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| "Ожидается список строк".to_owned()),
        Some(_) => Err("Ожидается список строк".to_owned()),
    }
}

/// A boolean member; absent and null are `default`.
pub fn bool_or(object: &Map<String, Value>, name: &str, default: bool) -> Result<bool, String> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Bool(value)) => Ok(*value),
        Some(_) => Err("Значение должно быть true или false".to_owned()),
    }
}

/// Where this emulator's URLs begin as the client reached it: scheme, `Host` and mount prefix
/// (`http://127.0.0.1:8080/cloudtips`).
pub struct PublicBase(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PublicBase {
    type Rejection = CloudtipsError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let host = parts
            .headers
            .get(HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("localhost");
        let original = parts
            .extensions
            .get::<OriginalUri>()
            .map(|uri| uri.0.path().to_owned())
            .unwrap_or_default();
        let prefix = original.strip_suffix(parts.uri.path()).unwrap_or_default();
        Ok(PublicBase(format!("http://{host}{prefix}")))
    }
}

impl PublicBase {
    /// Where the image host serves a photo: public, so the tenant is in the path.
    /// Where a registration link points.
    pub fn registration_url(&self, link_id: &str) -> String {
        format!("{}/registration/{link_id}", self.0)
    }

    pub fn photo_url(&self, tenant: &str, photo_id: &str) -> String {
        format!("{}/photos/{tenant}/{photo_id}", self.0)
    }
}
