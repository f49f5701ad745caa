//! Reading CloudTips requests the way ASP.NET binds them, then through their declarations
//! (`platform::wire`), every member's problem answered at once in one 400 `validationErrors`.
//!
//! What binding does before the walk, the vendor's and not the declaration's:
//! - a JSON member, a form field or a query parameter matches the declared name it equals
//!   ignoring case (`PlaceID` is `placeId`; of two that differ only in case the later wins);
//! - a number with a zero fraction where an integer is declared is that integer (`11.0` is `11`,
//!   as JSON Schema reads `integer`, so a client the spec allows it is served);
//! - a query value is trimmed, and a blank one is no value; a list parameter may repeat in any of
//!   ASP.NET's forms (`ids=a&ids=b`, `ids[]=a`, `ids[0]=a`); an integer parameter is read as a
//!   number; a date parameter's `+` that reached us as a space (an unencoded query) is read as `+`.
//!
//! The walk over names follows the declaration, so its depth is the declaration's whatever the
//! document's. [`query_of`] publishes a declared query as the spec's parameters with these rules
//! (a blank value allowed). [`PublicBase`] is where the client reached the emulator, for the URLs
//! an answer gives.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::header::HOST;
use axum::http::request::Parts;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use crate::openapi::{Operation, Param};
use crate::platform::whole_number;
use crate::platform::wire::{self, schema_of, BodyReading, FieldErrors};
use crate::vendors::cloudtips::wire::error::CloudtipsError;
use crate::vendors::cloudtips::wire::values::blank;
use crate::vendors::cloudtips::wire::words::{CloudtipsWords, MALFORMED_QUERY, WORDS};

/// CloudTips binds a body as ASP.NET does before the declaration's walk: member names matched
/// ignoring case, integral numbers where integers are declared ([`bind`]).
impl BodyReading for CloudtipsWords {
    type Error = CloudtipsError;

    fn bind(&self, document: &mut Value, schema: &Value) {
        bind(document, schema);
    }
}

/// A query declared by `T`.
pub struct Query<T>(pub T);

impl<S, T> FromRequestParts<S> for Query<T>
where
    S: Send + Sync,
    T: DeserializeOwned + JsonSchema + 'static,
{
    type Rejection = CloudtipsError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(pairs) = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|err| CloudtipsError::invalid_field("query", format!("{MALFORMED_QUERY}: {err}")))?;
        let document = pairs_document(pairs, &schema_of::<T>().schema, Pairs::Query);
        read(document).map(Query)
    }
}

/// A JSON body, bound to `T`'s declaration: its member names as declared, its integers whole.
pub fn document<T: JsonSchema + 'static>(body: &[u8]) -> Result<Value, CloudtipsError> {
    let mut document = wire::parse(body, &WORDS).map_err(FieldErrors::from)?;
    WORDS.bind(&mut document, &schema_of::<T>().schema);
    Ok(document)
}

/// Form fields, their names as `T` declares them and their values as sent.
pub fn form_document<T: JsonSchema + 'static>(pairs: Vec<(String, String)>) -> Value {
    pairs_document(pairs, &schema_of::<T>().schema, Pairs::Form)
}

/// `document` as a `T`, or every member's problem.
pub fn read<T: DeserializeOwned + JsonSchema + 'static>(document: Value) -> Result<T, CloudtipsError> {
    wire::read(document, &WORDS).map_err(|problems| FieldErrors::from(problems).into())
}

/// A declared member: its name in lower case (to compare), as declared, and its schema.
type Declared<'s> = (String, &'s str, &'s Value);

/// The members `schema` declares, looking into its alternatives (`Option`s, untagged enums).
fn declared_members(schema: &Value) -> Vec<Declared<'_>> {
    let mut found = Vec::new();
    let mut to_visit = vec![schema];
    while let Some(node) = to_visit.pop() {
        if let Some(properties) = node.get("properties").and_then(Value::as_object) {
            found.extend(
                properties
                    .iter()
                    .map(|(name, member)| (name.to_lowercase(), name.as_str(), member)),
            );
        }
        for keyword in ["anyOf", "oneOf", "allOf"] {
            to_visit.extend(node.get(keyword).and_then(Value::as_array).into_iter().flatten());
        }
    }
    found
}

fn declared_named<'d, 's>(declared: &'d [Declared<'s>], name: &str) -> Option<&'d Declared<'s>> {
    let wanted = name.to_lowercase();
    declared.iter().find(|(lower, _, _)| *lower == wanted)
}

/// The schema of `schema`'s items, when it declares a list (or may be one).
fn item_schema(schema: &Value) -> Option<&Value> {
    schema.get("items").or_else(|| {
        ["anyOf", "oneOf"]
            .iter()
            .filter_map(|keyword| schema.get(*keyword).and_then(Value::as_array))
            .flatten()
            .find_map(|alternative| alternative.get("items"))
    })
}

/// Whether `schema`, or one of its alternatives, is of JSON type `name`.
fn admits(schema: &Value, name: &str) -> bool {
    let own = match schema.get("type") {
        Some(Value::String(single)) => single == name,
        Some(Value::Array(names)) => names.iter().any(|listed| listed == name),
        _ => false,
    };
    own || ["anyOf", "oneOf"].iter().any(|keyword| {
        schema
            .get(*keyword)
            .and_then(Value::as_array)
            .is_some_and(|alternatives| alternatives.iter().any(|alternative| admits(alternative, name)))
    })
}

/// Whether `schema`, or one of its alternatives, declares `format`.
fn has_format(schema: &Value, format: &str) -> bool {
    schema.get("format").and_then(Value::as_str) == Some(format)
        || ["anyOf", "oneOf"].iter().any(|keyword| {
            schema
                .get(*keyword)
                .and_then(Value::as_array)
                .is_some_and(|alternatives| alternatives.iter().any(|alternative| has_format(alternative, format)))
        })
}

/// Binds `value` to `schema`: every member renamed to the declared name it equals ignoring case,
/// every integral number where an integer is declared an integer, along the declaration.
fn bind(value: &mut Value, schema: &Value) {
    match value {
        Value::Number(number) => {
            if let Some(whole) = whole_number(number, schema) {
                *value = whole.into();
            }
        }
        Value::Object(members) => {
            let declared = declared_members(schema);
            if !declared.is_empty() {
                bind_members(members, &declared);
            }
        }
        Value::Array(items) => {
            let Some(item_schema) = item_schema(schema) else {
                return;
            };
            // Declared once for every item: a list may hold as many as the body limit allows.
            let declared = declared_members(item_schema);
            for item in items {
                match item {
                    Value::Object(members) if !declared.is_empty() => bind_members(members, &declared),
                    Value::Object(_) | Value::String(_) | Value::Bool(_) | Value::Null => {}
                    Value::Array(_) | Value::Number(_) => bind(item, item_schema),
                }
            }
        }
        _ => {}
    }
}

fn bind_members(members: &mut Map<String, Value>, declared: &[Declared<'_>]) {
    for (name, mut member) in std::mem::take(members) {
        let name = match declared_named(declared, &name) {
            Some((_, declared_name, member_schema)) => {
                bind(&mut member, member_schema);
                (*declared_name).to_owned()
            }
            None => name,
        };
        members.insert(name, member);
    }
}

/// The integer a number with a zero fraction is, where `schema` takes an integer and no other
/// number; `None` for one written whole already, or past `i64`.
fn whole_number(number: &serde_json::Number, schema: &Value) -> Option<i64> {
    if number.is_i64() || number.is_u64() || !admits(schema, "integer") || admits(schema, "number") {
        return None;
    }
    whole_number::exact(number.as_f64()?)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pairs {
    Query,
    Form,
}

/// Name-value pairs as a document of the members `schema` declares (others are left out).
fn pairs_document(pairs: Vec<(String, String)>, schema: &Value, kind: Pairs) -> Value {
    let declared = declared_members(schema);
    let mut document = Map::new();
    for (name, value) in pairs {
        let value = match kind {
            Pairs::Query => value.trim().to_owned(),
            Pairs::Form => value,
        };
        if kind == Pairs::Query && value.is_empty() {
            continue;
        }
        let found = declared_named(&declared, &name).or_else(|| {
            let listed = declared_named(&declared, list_name(&name))?;
            (kind == Pairs::Query && admits(listed.2, "array")).then_some(listed)
        });
        let Some((_, declared_name, member_schema)) = found else {
            continue;
        };
        match item_schema(member_schema).filter(|_| admits(member_schema, "array")) {
            Some(items) => {
                let item = typed(items, value, kind);
                if let Value::Array(list) = document
                    .entry(*declared_name)
                    .or_insert_with(|| Value::Array(Vec::new()))
                {
                    list.push(item);
                }
            }
            None => {
                document.insert((*declared_name).to_owned(), typed(member_schema, value, kind));
            }
        }
    }
    Value::Object(document)
}

/// `ids[]` and `ids[3]` are `ids`.
fn list_name(name: &str) -> &str {
    match name.find('[') {
        Some(bracket) if name.ends_with(']') => &name[..bracket],
        _ => name,
    }
}

/// A query value as its member is declared: an integer a number when it reads as one (`11.0`
/// too, as in a body).
fn typed(schema: &Value, value: String, kind: Pairs) -> Value {
    if kind == Pairs::Form {
        return Value::String(value);
    }
    if admits(schema, "integer") {
        // Only a number written with a fraction or an exponent is read as a float.
        let written_as_float = value.contains(['.', 'e', 'E']);
        let number = value.parse::<i64>().ok().or_else(|| {
            written_as_float
                .then(|| value.parse::<f64>().ok().and_then(whole_number::exact))
                .flatten()
        });
        if let Some(number) = number {
            return number.into();
        }
    }
    if has_format(schema, "date-time") {
        return Value::String(value.replace(' ', "+"));
    }
    Value::String(value)
}

/// The query parameters `T` declares, each with its member's schema; a blank value is no value,
/// so a parameter that is more than a string also admits a blank one.
pub fn query_of<T: JsonSchema + 'static>(mut op: Operation) -> Operation {
    for (_, name, member) in declared_members(declared::<T>()) {
        let description = member.get("description").and_then(Value::as_str).unwrap_or_default();
        op = op.param(Param::query(name, description, query_schema(member)));
    }
    op
}

/// A member's schema as a query parameter's: no `null` (a parameter is absent or text), no
/// description or default (the parameter says them), a blank value allowed.
fn query_schema(member: &Value) -> Value {
    let mut schema = member.clone();
    let Some(rules) = schema.as_object_mut() else {
        return schema;
    };
    rules.remove("description");
    rules.remove("default");
    if let Some(Value::Array(types)) = rules.get_mut("type") {
        types.retain(|name| name != "null");
        if let [single] = types.as_slice() {
            let single = single.clone();
            rules.insert("type".to_owned(), single);
        }
    }
    let plain = schema == json!({ "type": "string" }) || schema.get("type") == Some(&json!("array"));
    if plain {
        return schema;
    }
    let mut alternatives = match schema.get("anyOf").and_then(Value::as_array) {
        Some(alternatives) => alternatives.clone(),
        None => vec![schema],
    };
    // `Option<T>` of a `T` with alternatives of its own: one list of them, without the null.
    alternatives = alternatives
        .into_iter()
        .flat_map(|alternative| match alternative.get("anyOf").and_then(Value::as_array) {
            Some(inner) if alternative.as_object().is_some_and(|rules| rules.len() == 1) => inner.clone(),
            _ => vec![alternative],
        })
        .filter(|alternative| *alternative != json!({ "type": "null" }))
        .collect();
    alternatives.push(json!({ "type": "string", "pattern": blank() }));
    json!({ "anyOf": alternatives })
}

/// `T`'s schema for the life of the process, so the spec's parameters may borrow their names from
/// it: generated once per declared query (a handful of types), as the declarations' cache keeps
/// them anyway.
fn declared<T: JsonSchema + 'static>() -> &'static Value {
    static DECLARED: OnceLock<Mutex<HashMap<TypeId, &'static Value>>> = OnceLock::new();
    let mut declared = DECLARED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    declared
        .entry(TypeId::of::<T>())
        .or_insert_with(|| Box::leak(Box::new(schema_of::<T>().schema.clone())))
}

/// Where this emulator's URLs begin as the client reached it: scheme, `Host` and mount prefix
/// (`http://127.0.0.1:8080/cloudtips`).
pub struct PublicBase(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PublicBase {
    type Rejection = CloudtipsError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let host = parts
            .headers
            .get(HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("localhost");
        let original = parts
            .extensions
            .get::<OriginalUri>()
            .map(|uri| uri.0.path().to_owned())
            .unwrap_or_default();
        let prefix = original.strip_suffix(parts.uri.path()).unwrap_or_default();
        Ok(PublicBase(format!("http://{host}{prefix}")))
    }
}

impl PublicBase {
    /// Where a registration link points.
    pub fn registration_url(&self, link_id: &str) -> String {
        format!("{}/registration/{link_id}", self.0)
    }

    /// Where the image host serves a photo: public, so the tenant is in the path.
    pub fn photo_url(&self, tenant: &str, photo_id: &str) -> String {
        format!("{}/photos/{tenant}/{photo_id}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Outer {
        place_id: String,
        #[serde(default)]
        receivers: Vec<Inner>,
        #[serde(default)]
        nested: Option<Inner>,
        #[serde(default)]
        ids: Vec<String>,
        #[serde(default)]
        page: Option<i64>,
        #[serde(default)]
        from: Option<crate::vendors::cloudtips::wire::values::Instant>,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Inner {
        phone_number: String,
    }

    #[test]
    fn names_take_their_declared_spelling_at_every_declared_depth() {
        let document = document::<Outer>(
            br#"{"PLACEID": "p", "Receivers": [{"PhoneNumber": "1", "Other": 2.0}],
                 "NESTED": {"phonenumber": "2"}, "free": {"PhoneNumber": 3}, "page": 2.0}"#,
        )
        .unwrap_or_default();
        assert_eq!(
            document,
            json!({ "placeId": "p", "receivers": [{ "phoneNumber": "1", "Other": 2.0 }],
                    "nested": { "phoneNumber": "2" }, "free": { "PhoneNumber": 3 }, "page": 2 })
        );
    }

    #[test]
    fn whole_numbers_are_integers_where_integers_are_declared() {
        let page = |body: &str| document::<Outer>(body.as_bytes()).unwrap_or_default()["page"].clone();
        assert_eq!(page(r#"{"page": 11.0}"#), json!(11));
        assert_eq!(page(r#"{"page": 1e2}"#), json!(100));
        assert_eq!(page(r#"{"page": -0.0}"#), json!(0));
        assert_eq!(page(r#"{"page": 11.5}"#), json!(11.5));
        assert_eq!(page(r#"{"page": 1e19}"#), json!(1e19), "past i64 stays what it is");
        assert_eq!(
            page(r#"{"page": -9223372036854775809}"#),
            json!(-9.223_372_036_854_776e18),
            "no integer for a float standing for many"
        );
        assert_eq!(
            whole_number::exact(9_007_199_254_740_992.0),
            Some(9_007_199_254_740_992)
        );
        assert_eq!(whole_number::exact(9_007_199_254_740_994.0), None);
    }

    #[test]
    fn query_pairs_bind_as_aspnet_binds_them() {
        let pairs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect::<Vec<_>>()
        };
        let schema = &schema_of::<Outer>().schema;
        let document = pairs_document(
            pairs(&[
                ("PlaceId", " p "),
                ("ids[]", "a"),
                ("IDS[3]", "b"),
                ("ids", " "),
                ("page", "2.0"),
                ("placeid[]", "not a list"),
                ("other", "x"),
                // An unencoded offset's `+` arrives as a space.
                ("from", "2026-01-01T12:00:00.5 03:00"),
            ]),
            schema,
            Pairs::Query,
        );
        assert_eq!(
            document,
            json!({ "placeId": "p", "ids": ["a", "b"], "page": 2, "from": "2026-01-01T12:00:00.5+03:00" })
        );
        let past_i64 = pairs_document(pairs(&[("page", "-9223372036854775809")]), schema, Pairs::Query);
        assert_eq!(
            past_i64,
            json!({ "page": "-9223372036854775809" }),
            "refused as no integer"
        );
        let form = pairs_document(pairs(&[("PLACEID", " p "), ("page", "2")]), schema, Pairs::Form);
        assert_eq!(form, json!({ "placeId": " p ", "page": "2" }));
    }
}
