//! JSON Schema building blocks for the spec, taking the validation code's own constants (length
//! ranges, patterns, enums), so what the spec declares is what the validator checks.

use std::ops::RangeInclusive;

use serde_json::{json, Map, Value};

use crate::platform::storable::NUL_FREE_PATTERN;

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

/// States the platform's refusal of U+0000 ([`crate::platform::storable`]) on every string a request
/// schema declares: a free string gets the pattern, one with a pattern of its own a `not` of a
/// string holding it. A string of listed values or of a `format` (a guid, a time, a file's bytes)
/// is left as it is.
pub fn refuse_nul(schema: &mut Value) {
    let mut to_visit = vec![schema];
    while let Some(node) = to_visit.pop() {
        match node {
            Value::Object(rules) => {
                let is_string = match rules.get("type") {
                    Some(Value::String(name)) => name == "string",
                    Some(Value::Array(names)) => names.iter().any(|name| name == "string"),
                    _ => false,
                };
                let constrained = ["enum", "const", "format"].iter().any(|key| rules.contains_key(*key));
                if is_string && !constrained {
                    if rules.contains_key("pattern") {
                        rules.insert("not".to_owned(), json!({ "type": "string", "pattern": "\\u0000" }));
                    } else {
                        rules.insert("pattern".to_owned(), json!(NUL_FREE_PATTERN));
                    }
                }
                for (key, child) in rules.iter_mut() {
                    // Examples and listed values are data, not schemas, and a `not` is the refusal itself (or the declaration's own exclusion).
                    if !matches!(
                        key.as_str(),
                        "example" | "examples" | "enum" | "const" | "default" | "not"
                    ) {
                        to_visit.push(child);
                    }
                }
            }
            Value::Array(items) => to_visit.extend(items.iter_mut()),
            _ => {}
        }
    }
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

    #[test]
    fn every_free_request_string_states_it_holds_no_nul() {
        let mut schema = object(
            &["name"],
            &[
                ("name", string(2..=24)),
                ("code", pattern("^[0-9]+$")),
                ("kind", one_of(&["a", "b"])),
                ("guid", uuid()),
                ("tags", any_array(json!({ "type": ["string", "null"] }))),
            ],
        );
        refuse_nul(&mut schema);
        let members = &schema["properties"];
        assert_eq!(members["name"]["pattern"], NUL_FREE_PATTERN);
        assert_eq!(members["code"]["pattern"], "^[0-9]+$");
        assert_eq!(members["code"]["not"]["pattern"], "\\u0000");
        assert!(members["kind"].get("pattern").is_none());
        assert!(members["guid"].get("pattern").is_none());
        assert_eq!(members["tags"]["items"]["pattern"], NUL_FREE_PATTERN);
    }
}
