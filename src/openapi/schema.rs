//! JSON Schema building blocks for the spec, taking the validation code's own constants (length
//! ranges, patterns, enums), so what the spec declares is what the validator checks.

use std::ops::RangeInclusive;

use serde_json::{json, Map, Value};

/// A string of `chars` characters.
pub fn string(chars: RangeInclusive<usize>) -> Value {
    json!({ "type": "string", "minLength": chars.start(), "maxLength": chars.end() })
}

/// A string, whatever its length.
pub fn any_string() -> Value {
    json!({ "type": "string" })
}

/// A string matching `pattern` (the whole value: anchor it).
pub fn pattern(pattern: &str) -> Value {
    json!({ "type": "string", "pattern": pattern })
}

/// A string matching `pattern`, of `chars` characters.
pub fn pattern_of(pattern: &str, chars: RangeInclusive<usize>) -> Value {
    json!({ "type": "string", "pattern": pattern, "minLength": chars.start(), "maxLength": chars.end() })
}

/// One of `values`.
pub fn one_of(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

/// An integer in `range`.
pub fn integer(range: RangeInclusive<i64>) -> Value {
    json!({ "type": "integer", "minimum": range.start(), "maximum": range.end() })
}

/// Any integer.
pub fn any_integer() -> Value {
    json!({ "type": "integer" })
}

pub fn boolean() -> Value {
    json!({ "type": "boolean" })
}

/// A UUID in its hyphenated form.
pub fn uuid() -> Value {
    json!({ "type": "string", "format": "uuid" })
}

/// `schema`, or `null`.
pub fn nullable(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// An array of `items`, of `count` of them.
pub fn array(items: Value, count: RangeInclusive<usize>) -> Value {
    json!({ "type": "array", "items": items, "minItems": count.start(), "maxItems": count.end() })
}

/// Any array of `items`.
pub fn any_array(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// An object of these members, the `required` ones required; other members are allowed (and
/// ignored) unless [`closed`] says otherwise.
pub fn object(required: &[&str], members: &[(&str, Value)]) -> Value {
    let properties: Map<String, Value> = members
        .iter()
        .map(|(name, schema)| ((*name).to_owned(), schema.clone()))
        .collect();
    json!({ "type": "object", "required": required, "properties": properties })
}

/// `object` with no members beyond those listed.
pub fn closed(mut object: Value) -> Value {
    object["additionalProperties"] = json!(false);
    object
}

/// Any JSON object.
pub fn any_object() -> Value {
    json!({ "type": "object" })
}

/// Any value.
pub fn anything() -> Value {
    json!({})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_come_from_the_range() {
        assert_eq!(
            string(2..=24),
            json!({ "type": "string", "minLength": 2, "maxLength": 24 })
        );
        assert_eq!(object(&["a"], &[("a", boolean())])["required"], json!(["a"]));
        assert_eq!(closed(any_object())["additionalProperties"], false);
    }
}
