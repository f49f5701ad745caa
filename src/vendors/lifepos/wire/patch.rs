//! The body of every LIFE POS PATCH: an RFC 6902 JSON Patch, as the `json_patch` crate reads it
//! (`application/json` or `application/json-patch+json`). Each operation by its `op` with its
//! members (`value` may be any JSON, null too; other members are ignored); `path` and `from` JSON
//! Pointers (empty, or `/`-led with `~` only as `~0`/`~1`). Whether a path exists, or may be
//! changed, is the patch's application (a refusal), not its shape.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};
use serde_json::json;

/// A JSON Pointer as `jsonptr` parses one.
pub const POINTER_PATTERN: &str = "^(/([^~]|~[01])*)?$";

#[derive(Debug)]
pub struct JsonPatch(pub json_patch::Patch);

impl JsonSchema for JsonPatch {
    fn schema_name() -> Cow<'static, str> {
        "JsonPatch".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        let pointer = json!({ "type": "string", "pattern": POINTER_PATTERN });
        let operation = |ops: &[&str], member: Option<&str>| {
            let mut properties = json!({ "op": { "type": "string", "enum": ops }, "path": pointer });
            let mut required = vec!["op", "path"];
            if let Some(member) = member {
                properties[member] = if member == "from" { pointer.clone() } else { json!({}) };
                required.push(member);
            }
            json!({ "type": "object", "required": required, "properties": properties })
        };
        let schema = json!({ "type": "array", "items": { "anyOf": [
            operation(&["add", "replace", "test"], Some("value")),
            operation(&["remove"], None),
            operation(&["move", "copy"], Some("from")),
        ] } });
        Schema::try_from(schema).unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for JsonPatch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<JsonPatch, D::Error> {
        json_patch::Patch::deserialize(deserializer).map(JsonPatch)
    }
}
