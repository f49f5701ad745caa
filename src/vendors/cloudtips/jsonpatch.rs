//! RFC 6902 JSON Patch as an ASP.NET service applies it: member names in `path` and `from` match
//! case-insensitively, so `/Name`, `/name` and `/NAME` all reach `name`. Paths are rewritten to the
//! document's own spelling first, then the operations apply to a copy, all or nothing, within
//! `platform::bounded_patch`'s bounds (the number of operations, the bytes they may write, the
//! nesting): past them the answer is the 400 `validationErrors.body` naming the operation, or the
//! limit on operations, as for any other malformed patch.

use axum::body::Bytes;
use serde_json::{Map, Value};

use crate::platform::bounded_patch::{self, PatchBounds, PatchRefusal};
use crate::platform::wire::FieldErrors;
use crate::vendors::cloudtips::error::CloudtipsError;

/// The operations `json-patch` applies (RFC 6902), matched case-insensitively here.
pub const OPS: [&str; 6] = ["add", "remove", "replace", "move", "copy", "test"];

/// What `path` and `from` must be for `json-patch` to read them: empty (the whole document) or a
/// JSON Pointer starting with `/`.
pub const POINTER_PATTERN: &str = r"^(/[\s\S]*)?$";

/// The document after every operation, or why the patch cannot apply.
pub fn apply(document: &Value, body: &Bytes, bounds: PatchBounds) -> Result<Value, CloudtipsError> {
    let Ok(Value::Array(operations)) = serde_json::from_slice::<Value>(body) else {
        return Err(CloudtipsError::invalid_field(
            "body",
            "Ожидается массив операций JSON Patch (RFC 6902)",
        ));
    };
    // Counted before the paths are rewritten, which walks the document once per operation.
    bounded_patch::check_count(operations.len(), bounds)
        .map_err(|refusal| CloudtipsError::invalid_field("body", refusal.to_string()))?;
    let operations: Vec<Value> = operations
        .into_iter()
        .map(|operation| normalise_operation(operation, document))
        .collect();
    let patch: json_patch::Patch = serde_json::from_value(Value::Array(operations))
        .map_err(|err| CloudtipsError::invalid_field("body", format!("Некорректная операция JSON Patch: {err}")))?;
    bounded_patch::apply(document, &patch, bounds).map_err(|refusal| match refusal {
        PatchRefusal::Failed(err) => CloudtipsError::PatchFailed(err.to_string()),
        past_bounds => CloudtipsError::invalid_field("body", past_bounds.to_string()),
    })
}

/// Member names of the operation itself (`op`, `path`, `value`, `from`) are matched
/// case-insensitively too; the `value` is left as sent.
fn normalise_operation(operation: Value, document: &Value) -> Value {
    let Value::Object(members) = operation else {
        return operation;
    };
    let mut normalised = Map::new();
    for (key, value) in members {
        let key = key.to_lowercase();
        let value = match (key.as_str(), value) {
            ("path" | "from", Value::String(pointer)) => Value::String(normalise_pointer(&pointer, document)),
            ("op", Value::String(op)) => Value::String(op.to_lowercase()),
            (_, value) => value,
        };
        normalised.insert(key, value);
    }
    Value::Object(normalised)
}

/// Rewrites each segment to the spelling of the member it names, where one exists.
fn normalise_pointer(pointer: &str, document: &Value) -> String {
    let Some(rest) = pointer.strip_prefix('/') else {
        return pointer.to_owned();
    };
    let mut current = Some(document);
    let mut out = String::new();
    for segment in rest.split('/') {
        let name = segment.replace("~1", "/").replace("~0", "~");
        let (spelled, next) = match current {
            Some(Value::Object(members)) => match members.iter().find(|(key, _)| key.eq_ignore_ascii_case(&name)) {
                Some((key, value)) => (key.clone(), Some(value)),
                None => (name, None),
            },
            Some(Value::Array(items)) => {
                let next = name.parse::<usize>().ok().and_then(|index| items.get(index));
                (name, next)
            }
            _ => (name, None),
        };
        out.push('/');
        out.push_str(&spelled.replace('~', "~0").replace('/', "~1"));
        current = next;
    }
    out
}

/// Members of `patched` that `document` does not have: a patch may change fields, not invent them.
/// A removed member reads as null afterwards, as ASP.NET's `remove` resets a property to its default.
pub fn reject_unknown_members(document: &Value, patched: &Value, prefix: &str, errors: &mut FieldErrors) {
    let (Value::Object(before), Value::Object(after)) = (document, patched) else {
        return;
    };
    for (key, value) in after {
        let field = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match before.get(key) {
            None => errors.add(&field, "Поле не существует или не может быть изменено"),
            Some(original @ Value::Object(_)) => reject_unknown_members(original, value, &field, errors),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const BOUNDS: PatchBounds = PatchBounds {
        max_operations: 10,
        max_document_bytes: 1024,
    };

    #[test]
    fn paths_follow_the_documents_spelling() {
        let document = json!({ "name": "a", "workInfo": { "channelUrl": null } });
        assert_eq!(normalise_pointer("/Name", &document), "/name");
        assert_eq!(
            normalise_pointer("/WORKINFO/ChannelUrl", &document),
            "/workInfo/channelUrl"
        );
        assert_eq!(normalise_pointer("/Other", &document), "/Other");
        let body = Bytes::from_static(br#"[{"Op": "Replace", "Path": "/NAME", "Value": "b"}]"#);
        assert_eq!(apply(&document, &body, BOUNDS).unwrap()["name"], "b");
    }

    #[test]
    fn the_declared_operations_are_the_ones_applied() {
        let document = json!({ "name": "a", "other": "b" });
        for op in OPS {
            let body = format!(
                r#"[{{"op": "{}", "path": "/name", "from": "/other", "value": "a"}}]"#,
                op.to_uppercase()
            );
            assert!(apply(&document, &Bytes::from(body), BOUNDS).is_ok(), "{op}");
        }
        let unknown = Bytes::from_static(br#"[{"op": "merge", "path": "/name", "value": "b"}]"#);
        assert!(apply(&document, &unknown, BOUNDS).is_err());
        let relative = Bytes::from_static(br#"[{"op": "replace", "path": "name", "value": "b"}]"#);
        assert!(apply(&document, &relative, BOUNDS).is_err());
    }
}
