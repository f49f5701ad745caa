//! RFC 6902 JSON Patch within bounds, for every vendor that takes one (LIFE POS PATCHes, CloudTips
//! receivers and payment pages). `copy` duplicates a whole subtree — from `""`, the whole
//! document — so a 2 KB patch of doubling copies would build gigabytes; every bound here is
//! checked before an operation runs, not after the memory is spent.
//!
//! - At most `server.patch_max_operations` operations.
//! - A budget of `server.patch_max_document_bytes` for what the operations write — the value an
//!   `add`/`replace` inserts, the subtree a `copy` duplicates or a `move` carries (measured before
//!   it is written, the measurement stopping at the budget), the elements an array insert or
//!   removal shifts. A `remove` gives nothing back, so the sum bounds both how much the document
//!   can grow and the work of the whole patch, whatever the operations undo. The stored entity
//!   itself does not count (the server keeps it, within the body limit it was created under: a
//!   workplace's `emv_config` may be 10 MiB), so any entity can be patched; the body limit would
//!   allow a 2 KB patch to build 5000 times its size, hence a setting of its own.
//! - Nesting of at most [`MAX_DEPTH`] arrays and objects, what serde_json parses back (its
//!   recursion limit of 128), so whatever a patch builds can be stored, read and dropped without
//!   deep recursion. Values in the body are already within it (serde_json parsed them); a `copy`
//!   or `move` into a deeper place is what this check catches.
//!
//! Nothing here recurses: sizes and depths are measured with an explicit stack, and pointers are
//! resolved by `serde_json`'s own loop.
//!
//! Operations apply one at a time to a copy of the document, so a refusal or a failing operation
//! leaves the caller's document as it was (all or nothing), with no undo log holding old values.

use std::fmt;
use std::io;

use json_patch::{PatchError, PatchOperation};
use serde_json::Value;

use crate::config::ServerConfig;

/// The deepest nesting of arrays and objects a patched document may reach: serde_json refuses the
/// 128th level when it parses, so this is the deepest document that reads back.
pub const MAX_DEPTH: usize = 127;

/// The bounds a patch is applied within.
#[derive(Clone, Copy, Debug)]
pub struct PatchBounds {
    pub max_operations: usize,
    pub max_document_bytes: usize,
}

impl From<&ServerConfig> for PatchBounds {
    fn from(server: &ServerConfig) -> PatchBounds {
        PatchBounds {
            max_operations: server.patch_max_operations,
            max_document_bytes: server.patch_max_document_bytes,
        }
    }
}

/// Why a patch was not applied. `Display` is the text a vendor puts in its error body.
#[derive(Debug)]
pub enum PatchRefusal {
    TooManyOperations {
        limit: usize,
    },
    /// The operation at this index would take the document or the patch's work past the budget.
    TooLarge {
        operation: usize,
        limit: usize,
    },
    /// The operation at this index would nest the document deeper than [`MAX_DEPTH`].
    TooDeep {
        operation: usize,
    },
    /// An operation that does not apply (a failing `test`, a missing path), as `json-patch` says.
    Failed(PatchError),
}

impl fmt::Display for PatchRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatchRefusal::TooManyOperations { limit } => {
                write!(f, "не больше {limit} операций в одном JSON Patch (server.patch_max_operations)")
            }
            PatchRefusal::TooLarge { operation, limit } => write!(
                f,
                "операция /{operation}: операции патча записали бы больше {limit} байт (server.patch_max_document_bytes)"
            ),
            PatchRefusal::TooDeep { operation } => write!(
                f,
                "операция /{operation}: вложенность документа превысила бы {MAX_DEPTH} уровней"
            ),
            PatchRefusal::Failed(err) => err.fmt(f),
        }
    }
}

/// A patch of `count` operations refused for its length alone, before any other work on it.
pub fn check_count(count: usize, bounds: PatchBounds) -> Result<(), PatchRefusal> {
    if count > bounds.max_operations {
        return Err(PatchRefusal::TooManyOperations {
            limit: bounds.max_operations,
        });
    }
    Ok(())
}

/// `document` with `operations` applied, or why not.
pub fn apply(document: &Value, operations: &[PatchOperation], bounds: PatchBounds) -> Result<Value, PatchRefusal> {
    check_count(operations.len(), bounds)?;
    let limit = bounds.max_document_bytes;
    let mut spent = 0;
    let mut patched = document.clone();
    for (index, operation) in operations.iter().enumerate() {
        let cost = cost(&patched, operation, limit - spent).map_err(|exceeded| match exceeded {
            Exceeded::Budget => PatchRefusal::TooLarge {
                operation: index,
                limit,
            },
            Exceeded::Depth => PatchRefusal::TooDeep { operation: index },
        })?;
        spent += cost;
        json_patch::patch_unsafe(&mut patched, std::slice::from_ref(operation)).map_err(|mut err| {
            err.operation = index;
            PatchRefusal::Failed(err)
        })?;
    }
    Ok(patched)
}

enum Exceeded {
    Budget,
    Depth,
}

/// What `operation` spends on `document`, at most `remaining`.
fn cost(document: &Value, operation: &PatchOperation, remaining: usize) -> Result<usize, Exceeded> {
    use PatchOperation as Op;
    // The operation itself, and the member name it may write.
    let mut cost = 1 + operation.path().as_str().len();
    let written = match operation {
        Op::Add(op) => Some(&op.value),
        Op::Replace(op) => Some(&op.value),
        // A missing `from` writes nothing: `json-patch` refuses the operation.
        Op::Copy(op) => document.pointer(op.from.as_str()),
        Op::Move(op) => document.pointer(op.from.as_str()),
        Op::Remove(_) | Op::Test(_) => None,
    };
    if let Some(value) = written {
        let size = measure(value, remaining.saturating_sub(cost)).ok_or(Exceeded::Budget)?;
        if operation.path().count() + size.depth > MAX_DEPTH {
            return Err(Exceeded::Depth);
        }
        cost += size.bytes;
    }
    let inserts_or_removes = matches!(operation, Op::Add(_) | Op::Copy(_) | Op::Move(_) | Op::Remove(_));
    if inserts_or_removes {
        cost = cost.saturating_add(array_len_around(document, operation.path()));
    }
    if let Op::Move(op) = operation {
        cost = cost.saturating_add(array_len_around(document, &op.from));
    }
    if cost > remaining {
        return Err(Exceeded::Budget);
    }
    Ok(cost)
}

/// The length of the array `path` points into, which an insert or removal there shifts; 0 elsewhere.
fn array_len_around(document: &Value, path: &json_patch::jsonptr::Pointer) -> usize {
    match path.parent().and_then(|parent| document.pointer(parent.as_str())) {
        Some(Value::Array(items)) => items.len(),
        _ => 0,
    }
}

/// A value's size as compact JSON and its nesting of arrays and objects.
#[derive(Debug, PartialEq, Eq)]
struct Size {
    bytes: usize,
    depth: usize,
}

/// `value`'s size, or `None` as soon as it passes `cap` bytes: every step of the walk adds at
/// least one byte, so the walk itself costs no more than `cap` steps.
fn measure(value: &Value, cap: usize) -> Option<Size> {
    let mut size = Size { bytes: 0, depth: 0 };
    // Each value with the number of arrays and objects around it.
    let mut pending = vec![(value, 0_usize)];
    while let Some((value, around)) = pending.pop() {
        let bytes = match value {
            Value::Null | Value::Bool(true) => 4,
            Value::Bool(false) => 5,
            Value::Number(number) => compact_len(number),
            Value::String(text) => compact_len(text),
            Value::Array(items) => {
                size.depth = size.depth.max(around + 1);
                pending.extend(items.iter().map(|item| (item, around + 1)));
                // Brackets and commas.
                items.len().max(1) + 1
            }
            Value::Object(members) => {
                size.depth = size.depth.max(around + 1);
                for (name, member) in members {
                    // The quoted name and its colon.
                    size.bytes = size.bytes.saturating_add(compact_len(name) + 1);
                    if size.bytes > cap {
                        return None;
                    }
                    pending.push((member, around + 1));
                }
                members.len().max(1) + 1
            }
        };
        size.bytes = size.bytes.saturating_add(bytes);
        if size.bytes > cap {
            return None;
        }
    }
    Some(size)
}

/// Bytes serde_json writes for a string (quotes and escapes included) or a number.
fn compact_len(leaf: &(impl serde::Serialize + ?Sized)) -> usize {
    let mut counter = ByteCounter(0);
    match serde_json::to_writer(&mut counter, leaf) {
        Ok(()) => counter.0,
        // Writing to a counter cannot fail; should it, the leaf counts as large as it can be.
        Err(_) => usize::MAX,
    }
}

struct ByteCounter(usize);

impl io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn patch(operations: Value) -> Vec<PatchOperation> {
        serde_json::from_value::<json_patch::Patch>(operations)
            .map(|patch| patch.0)
            .unwrap()
    }

    const BOUNDS: PatchBounds = PatchBounds {
        max_operations: 100,
        max_document_bytes: 64 * 1024,
    };

    #[test]
    fn sizes_are_the_compact_json_length() {
        for value in [
            json!(null),
            json!(false),
            json!(12.5),
            json!("a\"b\n"),
            json!([]),
            json!({}),
            json!([1, [2, {"a": "b", "c": [null, true]}], {}]),
            json!({"é": "ü", "x": {"y": {"z": []}}}),
        ] {
            let size = measure(&value, usize::MAX).unwrap();
            assert_eq!(size.bytes, value.to_string().len(), "{value}");
        }
        let nested = json!({"x": {"y": {"z": []}}});
        assert_eq!(measure(&nested, usize::MAX).unwrap().depth, 4);
        assert_eq!(measure(&nested, 5), None);
    }

    #[test]
    fn doubling_copies_stop_at_the_budget() {
        let mut operations = vec![json!({"op": "add", "path": "/a", "value": {"k": "0123456789"}})];
        for i in 0..22 {
            operations.push(json!({"op": "copy", "from": "", "path": format!("/c{i}")}));
        }
        let refusal = apply(&json!({}), &patch(json!(operations)), BOUNDS).unwrap_err();
        let PatchRefusal::TooLarge { operation, limit } = refusal else {
            panic!("{refusal:?}");
        };
        assert_eq!(limit, BOUNDS.max_document_bytes);
        assert!((5..=13).contains(&operation), "{operation}");
    }

    #[test]
    fn a_stored_entity_larger_than_the_budget_can_still_be_patched() {
        let stored = json!({"name": "a", "emv_config": "x".repeat(BOUNDS.max_document_bytes * 2)});
        let patched = apply(
            &stored,
            &patch(json!([{"op": "replace", "path": "/name", "value": "b"}])),
            BOUNDS,
        )
        .expect("a small patch of a large entity");
        assert_eq!(patched["name"], "b");
        let doubling = json!([{"op": "copy", "from": "/emv_config", "path": "/again"}]);
        assert!(matches!(
            apply(&stored, &patch(doubling), BOUNDS),
            Err(PatchRefusal::TooLarge { operation: 0, .. })
        ));
    }

    #[test]
    fn removing_gives_no_budget_back() {
        let big = "x".repeat(1000);
        let operations: Vec<Value> = (0..80)
            .flat_map(|_| {
                [
                    json!({"op": "add", "path": "/a", "value": big}),
                    json!({"op": "remove", "path": "/a"}),
                ]
            })
            .collect();
        let (few, many) = operations.split_at(20);
        assert!(apply(&json!({}), &patch(json!(few)), BOUNDS).is_ok());
        assert!(matches!(
            apply(&json!({}), &patch(json!(many)), BOUNDS),
            Err(PatchRefusal::TooManyOperations { limit: 100 })
        ));
        let bounds = PatchBounds {
            max_operations: 1000,
            ..BOUNDS
        };
        assert!(matches!(
            apply(&json!({}), &patch(json!(operations)), bounds),
            Err(PatchRefusal::TooLarge { operation: 130, .. })
        ));
    }

    #[test]
    fn nesting_stops_at_what_reads_back() {
        // `copy` of the whole document into its deepest member doubles its depth each time:
        // 2, 4, 8, … 64, then 128 is one level too deep.
        let mut operations = vec![json!({"op": "add", "path": "/a", "value": {}})];
        for doubling in 1..8 {
            operations.push(json!({"op": "copy", "from": "", "path": "/a".repeat(1 << doubling)}));
        }
        let bounds = PatchBounds {
            max_operations: 100,
            max_document_bytes: usize::MAX,
        };
        let refusal = apply(&json!({}), &patch(json!(operations)), bounds).unwrap_err();
        assert!(matches!(refusal, PatchRefusal::TooDeep { operation: 6 }), "{refusal:?}");
        let done = apply(&json!({}), &patch(Value::from(operations[..6].to_vec())), bounds).unwrap();
        assert_eq!(measure(&done, usize::MAX).unwrap().depth, 64);
        assert!(
            serde_json::from_str::<Value>(&done.to_string()).is_ok(),
            "what is built reads back"
        );
    }

    #[test]
    fn a_failing_operation_is_named_by_its_index() {
        let operations = patch(json!([
            {"op": "add", "path": "/a", "value": 1},
            {"op": "test", "path": "/a", "value": 2}
        ]));
        let document = json!({});
        let Err(PatchRefusal::Failed(err)) = apply(&document, &operations, BOUNDS) else {
            panic!("the test fails");
        };
        assert_eq!(err.operation, 1);
        assert_eq!(document, json!({}), "the caller's document is untouched");
    }
}
