//! A signed call's parameters: its operation's, and the `varToken` that signs it, which every
//! EDIN call but Authorize carries in its body (or query string). The token is checked before the
//! rest (a call without a live one is answered 401 whatever else it holds), so the declaration
//! admits any string there and the walk of the rest never meets a bad one.

use std::borrow::Cow;

use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::json;

/// The member that carries the session's token.
pub const TOKEN: &str = "varToken";

/// The declaration of `T`'s call signed: `T`'s members and `varToken` (a schema only: the call
/// reads `T`).
pub struct Signed<T>(PhantomData<T>);

impl<T: JsonSchema> JsonSchema for Signed<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Signed_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = T::json_schema(generator);
        let token = json!({
            "type": ["string", "null"],
            "pattern": "^[^\\u0000]*$",
            "description": "the token Authorize gave (токен, отриманий при авторизації); a call without a live one is answered intCode 401",
        });
        if let Some(properties) = schema
            .ensure_object()
            .get_mut("properties")
            .and_then(|p| p.as_object_mut())
        {
            properties.insert(TOKEN.to_owned(), token);
        }
        schema
    }
}
