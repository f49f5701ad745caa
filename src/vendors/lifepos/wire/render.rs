//! Pieces every LIFE POS answer is made of.

use serde_json::{json, Value};

use crate::platform::clock::{from_ms, rfc3339};

/// A reference to another entity: `{"guid", "type_of"}`, `type_of` naming its kind.
pub fn entity_ref(guid: &str, type_of: &str) -> Value {
    json!({ "guid": guid, "type_of": type_of })
}

pub fn time(ms: i64) -> Value {
    Value::String(rfc3339(from_ms(ms)))
}

pub fn optional_time(ms: Option<i64>) -> Value {
    ms.map(time).unwrap_or(Value::Null)
}

/// What the `full` presentation adds to every entity of an organization: the organization and the
/// entity's times.
pub fn add_full_stamps(body: &mut Value, org_guid: &str, created_at_ms: i64, updated_at_ms: i64) {
    body["organization"] = entity_ref(org_guid, "Organization");
    body["created_at"] = time(created_at_ms);
    body["updated_at"] = time(updated_at_ms);
}

/// An amount of money as the API shows it: `{"value": <kopecks>}`.
pub fn money(kopecks: i64) -> Value {
    json!({ "value": kopecks })
}

/// A reference to an entity that may be absent: `{"guid", "type_of"}` or null.
pub fn optional_ref(guid: Option<&str>, type_of: &str) -> Value {
    guid.map_or(Value::Null, |guid| entity_ref(guid, type_of))
}
