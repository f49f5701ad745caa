//! Reading LIFE POS request bodies: a malformed body is a 422 `RequestIsNotValid` in the vendor's
//! shape, never axum's plain-text rejection.

use axum::body::Bytes;
use serde_json::{Map, Value};

use crate::vendors::lifepos::error::LifeposError;

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

/// A required string member; `None` after recording why when it is absent or not a string.
pub fn required_string<'a>(object: &'a Map<String, Value>, field: &str) -> Result<&'a str, String> {
    match object.get(field) {
        None | Some(Value::Null) => Err("поле обязательно".to_owned()),
        Some(Value::String(value)) => Ok(value),
        Some(_) => Err("поле должно быть строкой".to_owned()),
    }
}
