//! Reading LIFE POS request bodies: a malformed body is a 422 `RequestIsNotValid` in the vendor's
//! shape, never axum's plain-text rejection.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::platform::wire;
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::wire::words::WORDS;

/// The body as a JSON object.
pub fn json_object(body: &Bytes) -> Result<Map<String, Value>, LifeposError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(LifeposError::invalid_field(
            "body",
            "тело запроса должно быть JSON-объектом",
        )),
        Err(err) => Err(LifeposError::invalid_field(
            "body",
            format!("тело запроса не является корректным JSON: {err}"),
        )),
    }
}

/// A required string member, or why it is unusable.
pub fn required_string<'a>(object: &'a Map<String, Value>, field: &str) -> Result<&'a str, String> {
    match object.get(field) {
        None | Some(Value::Null) => Err("поле обязательно".to_owned()),
        Some(Value::String(value)) => Ok(value),
        Some(_) => Err("поле должно быть строкой".to_owned()),
    }
}

/// An optional string member of at most `max_chars` characters; null and absent are `None`.
pub fn optional_string(object: &Map<String, Value>, field: &str, max_chars: usize) -> Result<Option<String>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) if value.chars().count() <= max_chars => Ok(Some(value.clone())),
        Some(Value::String(_)) => Err(format!("не длиннее {max_chars} символов")),
        Some(_) => Err("поле должно быть строкой".to_owned()),
    }
}

/// The `guid` of a reference member `{"guid": "…"}`; a bare guid string is accepted too.
pub fn reference_guid(object: &Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    let raw = match object.get(field) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(reference)) => reference.get("guid").and_then(Value::as_str),
        Some(Value::String(guid)) => Some(guid.as_str()),
        Some(_) => None,
    };
    raw.and_then(|guid| uuid::Uuid::parse_str(guid).ok())
        .map(|guid| Some(guid.to_string()))
        .ok_or_else(|| "ожидается объект {\"guid\": \"…\"}".to_owned())
}

/// A required string member of `chars` characters (counted after trimming), trimmed.
pub fn string_of_length(
    object: &Map<String, Value>,
    field: &str,
    chars: std::ops::RangeInclusive<usize>,
) -> Result<String, String> {
    let value = required_string(object, field)?.trim();
    if chars.contains(&value.chars().count()) {
        Ok(value.to_owned())
    } else {
        Err(format!("от {} до {} символов", chars.start(), chars.end()))
    }
}

/// A request body declared by `T` (see `wire`): read, checked against `T`'s schema, and every
/// member's problem answered in one 422 `RequestIsNotValid`.
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    S: Send + Sync,
    T: DeserializeOwned + JsonSchema + 'static,
{
    type Rejection = LifeposError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| LifeposError::invalid_field("body", rejection.body_text()))?;
        wire::read_json(&body, &WORDS)
            .map(Body)
            .map_err(|problems| FieldErrors::from(problems).into())
    }
}
