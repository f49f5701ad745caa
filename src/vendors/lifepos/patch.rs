//! RFC 6902 JSON Patch on an entity as GET shows it, the way every LIFE POS PATCH takes it: the
//! operations apply all or none, a field the entity does not have or may not change is a 422
//! naming it, and what comes out is the entity's writable fields for the handler to check.

use serde_json::{Map, Value};

use crate::vendors::lifepos::error::{FieldErrors, LifeposError};

/// The patch a body holds; anything else is a 422 on `body`.
pub fn operations(body: &[u8]) -> Result<json_patch::Patch, LifeposError> {
    serde_json::from_slice(body)
        .map_err(|err| LifeposError::invalid_field("body", format!("ожидается JSON Patch (RFC 6902): {err}")))
}

/// `before` with `operations` applied, when the result changes none of `read_only` and adds no
/// field `before` lacks.
pub fn apply(
    before: &Value,
    operations: &json_patch::Patch,
    read_only: &[&str],
) -> Result<Map<String, Value>, LifeposError> {
    let mut after = before.clone();
    json_patch::patch(&mut after, operations).map_err(|err| LifeposError::invalid_field("body", err.to_string()))?;
    let Value::Object(patched) = after else {
        return Err(LifeposError::invalid_field("body", "объект должен остаться объектом"));
    };
    let mut errors = FieldErrors::default();
    for field in read_only
        .iter()
        .filter(|field| patched.get(**field) != before.get(**field))
    {
        errors.add(field, "поле только для чтения");
    }
    let known = |key: &String| read_only.contains(&key.as_str()) || before.get(key.as_str()).is_some();
    for key in patched.keys().filter(|key| !known(key)) {
        errors.add(key, "неизвестное поле");
    }
    errors.into_result()?;
    Ok(patched)
}
