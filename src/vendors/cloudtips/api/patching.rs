//! RFC 6902 JSON Patch as an ASP.NET service applies it (the operations are declared in
//! `wire/json_patch.rs`): member names in `path` and `from` match case-insensitively, so `/Name`,
//! `/name` and `/NAME` all reach `name`. Paths are rewritten to the document's own spelling first,
//! then the operations apply to a copy, all or nothing, within `platform::bounded_patch`'s bounds
//! (the number of operations, counted before the operations are read, the bytes they may write,
//! the nesting): past them the answer is the 400 `validationErrors.Body` naming the operation, or
//! the limit on operations.

use axum::body::Bytes;
use serde_json::Value;

use crate::platform::bounded_patch::{self, PatchBounds, PatchRefusal};
use crate::vendors::cloudtips::api::binding;
use crate::vendors::cloudtips::wire::error::CloudtipsError;
use crate::vendors::cloudtips::wire::json_patch::JsonPatch;

/// The document after every operation, or why the patch cannot apply.
pub fn apply(document: &Value, body: &Bytes, bounds: PatchBounds) -> Result<Value, CloudtipsError> {
    let operations = binding::document::<JsonPatch>(body)?;
    // Counted before the operations are read, and before their paths are rewritten, which walks
    // the document once per operation.
    if let Value::Array(operations) = &operations {
        bounded_patch::check_count(operations.len(), bounds)
            .map_err(|refusal| CloudtipsError::invalid_field("body", refusal.to_string()))?;
    }
    let JsonPatch(operations) = binding::read(operations)?;
    let operations: Vec<Value> = operations
        .iter()
        .map(|operation| operation.to_rfc6902(|pointer| normalise_pointer(pointer, document)))
        .collect();
    // The declaration's pointers and operations are what json-patch reads, so this holds.
    let patch: json_patch::Patch = serde_json::from_value(Value::Array(operations))
        .map_err(|err| CloudtipsError::invalid_field("body", format!("Некорректная операция JSON Patch: {err}")))?;
    bounded_patch::apply(document, &patch, bounds).map_err(|refusal| match refusal {
        PatchRefusal::Failed(err) => CloudtipsError::PatchFailed(err.to_string()),
        past_bounds => CloudtipsError::invalid_field("body", past_bounds.to_string()),
    })
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
        use crate::vendors::cloudtips::wire::json_patch::OPS;
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
