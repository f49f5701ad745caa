//! RFC 6902 JSON Patch (`wire::patch`) on an entity as GET shows it, the way every LIFE POS PATCH
//! takes it: the operations apply all or none, a field the entity does not have or may not change
//! is a 422 naming it, and what comes out is the entity's fields for the handler to read by the
//! entity's declaration.
//! A patch past its bounds (`platform::bounded_patch`: the number of operations, the bytes they
//! may write, the nesting) is a 422 on `body` naming the operation, or the limit on operations.

use serde_json::{Map, Value};

use crate::config::ServerConfig;
use crate::platform::bounded_patch::{self, PatchBounds, PatchRefusal};
use crate::vendors::lifepos::wire::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::wire::words::{NOT_AN_OBJECT_ANY_MORE, READ_ONLY, UNKNOWN_MEMBER};

/// A body's operations, with the bounds they apply within.
pub struct Operations {
    patch: json_patch::Patch,
    bounds: PatchBounds,
}

impl Operations {
    /// A body's patch, refused for its length before the handler opens a transaction.
    pub fn new(patch: json_patch::Patch, server: &ServerConfig) -> Result<Operations, LifeposError> {
        let bounds = PatchBounds::from(server);
        bounded_patch::check_count(patch.0.len(), bounds).map_err(refused)?;
        Ok(Operations { patch, bounds })
    }
}

fn refused(refusal: PatchRefusal) -> LifeposError {
    LifeposError::invalid_field("body", refusal.to_string())
}

impl Operations {
    /// `before` with the operations applied, as the entity's fields to check.
    pub fn apply(&self, before: &Value, read_only: &[&str]) -> Result<Map<String, Value>, LifeposError> {
        let after = bounded_patch::apply(before, &self.patch, self.bounds).map_err(refused)?;
        unknown_or_read_only(before, after, read_only)
    }
}

/// `after`'s fields, when it is still an object, changes none of `read_only` and adds no field
/// `before` lacks.
fn unknown_or_read_only(before: &Value, after: Value, read_only: &[&str]) -> Result<Map<String, Value>, LifeposError> {
    let Value::Object(patched) = after else {
        return Err(LifeposError::invalid_field("body", NOT_AN_OBJECT_ANY_MORE));
    };
    let mut errors = FieldErrors::default();
    for field in read_only
        .iter()
        .filter(|field| patched.get(**field) != before.get(**field))
    {
        errors.add(field, READ_ONLY);
    }
    let known = |key: &String| read_only.contains(&key.as_str()) || before.get(key.as_str()).is_some();
    for key in patched.keys().filter(|key| !known(key)) {
        errors.add(key, UNKNOWN_MEMBER);
    }
    errors.into_result()?;
    Ok(patched)
}
