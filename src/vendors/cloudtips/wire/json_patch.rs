//! An RFC 6902 JSON Patch as CloudTips takes it (an ASP.NET `JsonPatchDocument`): a list of
//! operations whose member names and `op` match in any case; `add`, `replace` and `test` carry a
//! `value`, `move` and `copy` a `from`, every one a `path` (JSON Pointers, RFC 6901).

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

use crate::vendors::cloudtips::wire::values::{Word, Words};

/// A JSON Pointer (RFC 6901): empty (the whole document) or `/`-separated tokens, `~` only as
/// `~0` or `~1`.
pub const POINTER_PATTERN: &str = r"^(?:/(?:[^~/]|~[01])*)*$";

/// The operations, by the members they carry.
pub struct Writes;
pub struct Removal;
pub struct Carries;

impl Words for Writes {
    const LIST: &'static [&'static str] = &["add", "replace", "test"];
}

impl Words for Removal {
    const LIST: &'static [&'static str] = &["remove"];
}

impl Words for Carries {
    const LIST: &'static [&'static str] = &["move", "copy"];
}

/// Every operation RFC 6902 names.
pub const OPS: [&str; 6] = ["add", "remove", "replace", "move", "copy", "test"];

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("x-problem" = "Ожидается массив операций JSON Patch (RFC 6902)"))]
pub struct JsonPatch(pub Vec<PatchOperation>);

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PatchOperation {
    /// `add`, `replace` or `test`: `value` at `path`.
    Write {
        op: Word<Writes>,
        #[schemars(regex(pattern = POINTER_PATTERN))]
        path: String,
        value: Value,
    },
    /// `remove`: what is at `path`.
    Remove {
        op: Word<Removal>,
        #[schemars(regex(pattern = POINTER_PATTERN))]
        path: String,
    },
    /// `move` or `copy`: what is at `from` to `path`.
    Carry {
        op: Word<Carries>,
        #[schemars(regex(pattern = POINTER_PATTERN))]
        from: String,
        #[schemars(regex(pattern = POINTER_PATTERN))]
        path: String,
    },
}

impl PatchOperation {
    /// The operation as RFC 6902 spells it, its pointers passed through `pointer`.
    pub fn to_rfc6902(&self, pointer: impl Fn(&str) -> String) -> Value {
        match self {
            PatchOperation::Write { op, path, value } => {
                serde_json::json!({ "op": op.0, "path": pointer(path), "value": value })
            }
            PatchOperation::Remove { op, path } => serde_json::json!({ "op": op.0, "path": pointer(path) }),
            PatchOperation::Carry { op, from, path } => {
                serde_json::json!({ "op": op.0, "from": pointer(from), "path": pointer(path) })
            }
        }
    }
}
