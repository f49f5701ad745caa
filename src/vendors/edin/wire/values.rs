//! The kinds of value EDIN's requests carry, each declared once: the schema the spec publishes and
//! the walk checks, and how serde reads it.
//!
//! The server reads a call's parameters the lenient way the vendor's own examples need
//! (`api::call`): spaces around keys and strings are dropped, a member that is null, `""`, only
//! spaces or `[]` is left out, and `2.0` is the integer 2, before the walk. So each schema states
//! what that reading accepts: a string with white space around it, a number as a JSON integer or a
//! string of digits, and an optional member blank ([`members`], which every request object's
//! declaration runs).

use std::borrow::Cow;
use std::marker::PhantomData;

use chrono::NaiveDate;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, Deserialize, Deserializer};
use serde_json::{json, Map, Value};

use crate::platform::wire::{white_space_chars, WHITE_SPACE};
use crate::vendors::edin::store::certificates::{ListFilter, FILTERS};
use crate::vendors::edin::wire::dates::{self, CALENDAR_DAY};
use crate::vendors::edin::wire::directories::Dictionary;
use crate::vendors::edin::wire::words;

/// `core`, with the white space the server drops around it.
fn padded(core: &str) -> String {
    format!("^{WHITE_SPACE}*(?:{core}){WHITE_SPACE}*$")
}

/// What the server reads as "not given": null, a string of white space only, or an empty list.
pub fn blank() -> Value {
    json!({ "type": ["string", "null", "array"], "pattern": format!("^{WHITE_SPACE}*$"), "maxItems": 0 })
}

/// Conditions and requirements across members, for a declaration's `if`/`then`/`else`.
pub mod rules {
    use serde_json::{json, Map, Value};

    use super::{blank, codes_schema};

    /// The member `name` is given (present and not [`blank`]).
    pub fn given(name: &str) -> Value {
        required(&[name], None)
    }

    /// Each of `names` is given; a missing one worded `text` if there is one (instead of the
    /// missing text of its own name).
    pub fn required(names: &[&str], text: Option<&str>) -> Value {
        let properties: Map<String, Value> = names
            .iter()
            .map(|name| {
                let mut rule = json!({ "not": blank() });
                if let Some(text) = text {
                    rule[super::words::PROBLEM] = json!(text);
                }
                ((*name).to_owned(), rule)
            })
            .collect();
        json!({ "required": names, "properties": properties })
    }

    /// The member `name` is given as the code `code` (a JSON integer or a string of digits).
    pub fn is_code(name: &str, code: i64) -> Value {
        json!({ "required": [name], "properties": { name: codes_schema(&[code]) } })
    }

    /// `rule`, with a conditional of its own added (`then`/`else` may hold a further condition).
    pub fn and(mut rule: Value, condition: Value) -> Value {
        if let (Value::Object(rule), Value::Object(condition)) = (&mut rule, condition) {
            rule.extend(condition);
        }
        rule
    }
}

fn schema(value: Value) -> Schema {
    Schema::try_from(value).unwrap_or_default()
}

/// A JSON integer as the server takes it (an `i64`; a whole number written with a fraction, `2.0`,
/// is the same integer, as JSON Schema has it, and the lenient reading takes it so).
fn any_integer() -> Value {
    json!({ "type": "integer", "format": "int64", "minimum": i64::MIN, "maximum": i64::MAX })
}

/// Any character but U+0000, which no request may carry (the platform refuses it everywhere).
const STORABLE: &str = "[^\\u0000]";

/// A value that is a string or a number of one kind or another: one schema of alternatives, with
/// the types they take listed beside them, so the walk tells the alternative a value meant.
fn alternatives(alternatives: Vec<Value>) -> Schema {
    let mut types: Vec<Value> = Vec::new();
    for alternative in &alternatives {
        let named = match alternative.get("type") {
            Some(Value::Array(names)) => names.clone(),
            Some(name) => vec![name.clone()],
            None => Vec::new(),
        };
        for name in named {
            if !types.contains(&name) {
                types.push(name);
            }
        }
    }
    schema(json!({ "type": types, "anyOf": alternatives }))
}

fn integer_text<E: de::Error>(value: Value) -> Result<String, E> {
    match value {
        Value::String(text) => Ok(text),
        Value::Number(number) if number.is_i64() || number.is_u64() => Ok(number.to_string()),
        other => Err(E::custom(format!("not a string or an integer: {other}"))),
    }
}

/// Text: a string of 1 to `MAX` characters once trimmed (any length with [`ANY_LENGTH`]), or a
/// JSON integer, taken as its digits (clients send `gtin` and the like as numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text<const MAX: usize>(pub String);

impl<const MAX: usize> Text<MAX> {
    /// An optional member's text, `""` when it is not given (as the store keeps it).
    pub fn or_empty(text: &Option<Text<MAX>>) -> String {
        text.as_ref().map(|text| text.0.clone()).unwrap_or_default()
    }
}

/// `Text<ANY_LENGTH>`: text of any length.
pub const ANY_LENGTH: usize = 0;

impl<const MAX: usize> JsonSchema for Text<MAX> {
    fn schema_name() -> Cow<'static, str> {
        format!("Text{MAX}").into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        // A character that is neither white space nor U+0000.
        let visible = format!("[^{}\\u0000]", white_space_chars());
        let string = match MAX {
            ANY_LENGTH => json!({ "type": "string", "pattern": format!("^{STORABLE}*{visible}{STORABLE}*$") }),
            1 => json!({ "type": "string", "pattern": padded(&visible) }),
            _ => json!({
                "type": "string",
                // The length once the spaces around it are dropped, as the server counts it.
                "pattern": padded(&format!("{visible}(?:{STORABLE}{{0,{}}}{visible})?", MAX - 2)),
                words::RULE: words::too_long_rule(MAX),
            }),
        };
        alternatives(vec![string, any_integer()])
    }
}

impl<'de, const MAX: usize> Deserialize<'de> for Text<MAX> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        integer_text(Value::deserialize(deserializer)?).map(Text)
    }
}

/// A number: a JSON integer or a string of digits (the pages' examples send `"2173"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Number(pub i64);

/// Digits a number may have beyond leading zeros (every such number fits an `i64`).
const NUMBER_DIGITS: usize = 18;

impl JsonSchema for Number {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        alternatives(vec![
            any_integer(),
            json!({ "type": "string", "pattern": padded(&format!("0*[0-9]{{1,{NUMBER_DIGITS}}}")) }),
        ])
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = integer_text::<D::Error>(Value::deserialize(deserializer)?)?;
        text.parse().map(Number).map_err(de::Error::custom)
    }
}

/// A GLN: 13 digits, as a string or a JSON integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gln(pub String);

/// How many digits a GLN has.
pub const GLN_DIGITS: usize = 13;

pub fn is_gln(text: &str) -> bool {
    text.len() == GLN_DIGITS && text.bytes().all(|b| b.is_ascii_digit())
}

impl JsonSchema for Gln {
    fn schema_name() -> Cow<'static, str> {
        "Gln".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        let exponent = u32::try_from(GLN_DIGITS).unwrap_or(u32::MAX);
        alternatives(vec![
            json!({ "type": "integer", "minimum": 10_i64.pow(exponent - 1), "maximum": 10_i64.pow(exponent) - 1 }),
            json!({ "type": "string", "pattern": padded(&format!("[0-9]{{{GLN_DIGITS}}}")) }),
        ])
    }
}

impl<'de> Deserialize<'de> for Gln {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = integer_text::<D::Error>(Value::deserialize(deserializer)?)?;
        if is_gln(&text) {
            Ok(Gln(text))
        } else {
            Err(de::Error::custom("not 13 digits"))
        }
    }
}

/// The directory a [`Code`] is one of.
pub trait Directory {
    const DICTIONARY: &'static Dictionary;
}

/// One of a directory's codes, as a JSON integer or a string of digits.
#[derive(Debug)]
pub struct Code<D>(pub i64, PhantomData<D>);

impl<D: Directory> JsonSchema for Code<D> {
    fn schema_name() -> Cow<'static, str> {
        format!("Code_{}", D::DICTIONARY.key).into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        let codes: Vec<i64> = D::DICTIONARY.entries.iter().map(|(code, _)| *code).collect();
        schema(codes_schema(&codes))
    }
}

/// One of `codes`, as a JSON integer or a string of digits.
fn codes_schema(codes: &[i64]) -> Value {
    let written: Vec<String> = codes.iter().map(i64::to_string).collect();
    alternatives(vec![
        json!({ "type": "integer", "enum": codes }),
        json!({ "type": "string", "pattern": padded(&format!("0*(?:{})", written.join("|"))) }),
    ])
    .to_value()
}

impl<'de, D: Directory> Deserialize<'de> for Code<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        let Number(code) = Number::deserialize(deserializer)?;
        if D::DICTIONARY.has(code) {
            Ok(Code(code, PhantomData))
        } else {
            Err(de::Error::custom("not in the directory"))
        }
    }
}

/// A calendar date written `DD.MM.YYYY`, a real day (the pattern knows the months and leap years).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestDate(pub NaiveDate);

impl JsonSchema for RequestDate {
    fn schema_name() -> Cow<'static, str> {
        "RequestDate".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        schema(json!({ "type": "string", "pattern": padded(CALENDAR_DAY), words::RULE: words::DATE_RULE }))
    }
}

impl<'de> Deserialize<'de> for RequestDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        dates::parse_request_date(&text)
            .map(RequestDate)
            .ok_or_else(|| de::Error::custom("not a DD.MM.YYYY day"))
    }
}

/// A flag: `true`/`false`, also `1`/`0` or the strings `"true"`, `"false"`, `"1"`, `"0"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag(pub bool);

impl JsonSchema for Flag {
    fn schema_name() -> Cow<'static, str> {
        "Flag".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        alternatives(vec![
            json!({ "type": "boolean" }),
            json!({ "type": "integer", "enum": [0, 1] }),
            json!({ "type": "string", "pattern": padded("true|false|1|0") }),
        ])
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Bool(flag) => Ok(Flag(flag)),
            Value::Number(number) if number.as_u64() == Some(0) => Ok(Flag(false)),
            Value::Number(number) if number.as_u64() == Some(1) => Ok(Flag(true)),
            Value::String(text) if text == "true" || text == "1" => Ok(Flag(true)),
            Value::String(text) if text == "false" || text == "0" => Ok(Flag(false)),
            _ => Err(de::Error::custom("not a flag")),
        }
    }
}

/// A value written after a mask (a digit at each `0`), as a pattern's core.
fn mask_core(mask: &str) -> String {
    mask.chars()
        .map(|c| match c {
            '0' => "[0-9]".to_owned(),
            '.' => "\\.".to_owned(),
            other => other.to_string(),
        })
        .collect()
}

/// How many digits an `uktved` has.
pub const UKTVED_DIGITS: std::ops::RangeInclusive<usize> = 4..=10;
/// `dkpp`'s shape, a digit at each `0`.
pub const DKPP_MASK: &str = "00.00.00-00.00";

/// An УКТЗЕД code: 4 to 10 digits, as a string or a JSON integer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Uktved(pub String);

impl JsonSchema for Uktved {
    fn schema_name() -> Cow<'static, str> {
        "Uktved".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        let (fewest, most) = (*UKTVED_DIGITS.start(), *UKTVED_DIGITS.end());
        let power = |digits: usize| 10_i64.pow(u32::try_from(digits).unwrap_or(u32::MAX));
        let mut schema = alternatives(vec![
            json!({ "type": "string", "pattern": padded(&format!("[0-9]{{{fewest},{most}}}")) }),
            json!({ "type": "integer", "minimum": power(fewest - 1), "maximum": power(most) - 1 }),
        ]);
        schema.insert(words::RULE.to_owned(), json!(words::digits_rule(&UKTVED_DIGITS)));
        schema
    }
}

impl<'de> Deserialize<'de> for Uktved {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        integer_text(Value::deserialize(deserializer)?).map(Uktved)
    }
}

/// A ДКПП code, `DD.DD.DD-DD.DD` with digits D.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dkpp(pub String);

impl JsonSchema for Dkpp {
    fn schema_name() -> Cow<'static, str> {
        "Dkpp".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        schema(json!({ "type": "string", "pattern": padded(&mask_core(DKPP_MASK)), words::RULE: words::DKPP_RULE }))
    }
}

impl<'de> Deserialize<'de> for Dkpp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Dkpp)
    }
}

/// The base64 alphabet, as a pattern's class ([`is_base64`]'s characters).
const BASE64_ALPHABET: &str = "[A-Za-z0-9+/]";

/// Text with one character of the base64 alphabet at least.
fn base64_pattern() -> String {
    format!("^{STORABLE}*{BASE64_ALPHABET}{STORABLE}*$")
}

/// Whether a lenient (non-strict) base64 decoder finds anything in `body`: one character of the
/// alphabet; it skips the others.
pub fn is_base64(body: &str) -> bool {
    body.bytes()
        .any(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// A scan's body: text with one character of the base64 alphabet at least, as a lenient decoder
/// reads it (it skips the others, so the page's abbreviated `JVBERi0xLjQK...NTcKJSVFT0Y=` is a
/// body), or a JSON integer, taken as its digits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base64Text(pub String);

impl JsonSchema for Base64Text {
    fn schema_name() -> Cow<'static, str> {
        "Base64Text".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        alternatives(vec![
            json!({ "type": "string", "pattern": base64_pattern() }),
            any_integer(),
        ])
    }
}

impl<'de> Deserialize<'de> for Base64Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        integer_text(Value::deserialize(deserializer)?).map(Base64Text)
    }
}

/// `filter` of the GetCert lists: `owner`, `private` or `public`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Filter(pub ListFilter);

impl JsonSchema for Filter {
    fn schema_name() -> Cow<'static, str> {
        "Filter".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        schema(json!({ "type": "string", "pattern": padded(&FILTERS.join("|")) }))
    }
}

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        ListFilter::named(&name)
            .map(Filter)
            .ok_or_else(|| de::Error::custom("no such filter"))
    }
}

/// What every EDIN request object's declaration runs (`#[schemars(transform = members)]`):
/// - an optional member may also be blank (null, `""` or spaces), which the server reads as not
///   given;
/// - a member's texts for the words (`x-…`, [`words`]) reach every alternative of its schema, so
///   the walk finds them wherever it finds the problem.
pub fn members(schema: &mut Schema) {
    let required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        if !required.contains(name) {
            *property = may_be_blank(std::mem::take(property));
        }
        spread_texts(property);
    }
}

/// [`members`], every member's problem worded `text` (the GetCert controller's one answer).
pub fn members_worded(text: &'static str) -> impl FnMut(&mut Schema) {
    members_marked(words::PROBLEM, text)
}

/// [`members`], every member an entry of the list `block` (named in the texts).
pub fn members_of_block(block: &'static str) -> impl FnMut(&mut Schema) {
    members_marked(words::BLOCK, block)
}

/// [`members`], every member given the text extension `key`.
fn members_marked(key: &'static str, text: &'static str) -> impl FnMut(&mut Schema) {
    move |schema: &mut Schema| {
        if let Some(Value::Object(properties)) = schema.get_mut("properties") {
            for property in properties.values_mut() {
                if let Value::Object(property) = property {
                    property.insert(key.to_owned(), json!(text));
                }
            }
        }
        members(schema);
    }
}

/// An optional member's schema, blank allowed (instead of the null an `Option` allows).
fn may_be_blank(schema: Value) -> Value {
    let mut value = match schema {
        // An `Option` of a schema with alternatives: its first alternative is the value's.
        Value::Object(mut object) if is_option_of_alternatives(&object) => match object.remove("anyOf") {
            Some(Value::Array(mut alternatives)) if !alternatives.is_empty() => alternatives.swap_remove(0),
            _ => Value::Object(object),
        },
        other => other,
    };
    let texts = texts_of(&value);
    if let Some(Value::Array(types)) = value.get_mut("type") {
        types.retain(|name| name != "null");
    }
    let mut wrapper = Map::new();
    wrapper.insert("anyOf".to_owned(), json!([value, blank()]));
    wrapper.extend(texts);
    Value::Object(wrapper)
}

fn is_option_of_alternatives(object: &Map<String, Value>) -> bool {
    object.len() == 1
        && object
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|alternatives| alternatives.len() == 2 && alternatives[1] == json!({ "type": "null" }))
}

/// The `x-…` members of a schema node.
fn texts_of(node: &Value) -> Map<String, Value> {
    node.as_object()
        .map(|object| {
            object
                .iter()
                .filter(|(key, _)| key.starts_with("x-"))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Copies a node's `x-…` members into its alternatives (those they do not set themselves), down
/// through alternatives of alternatives; not into members or items, which have their own.
fn spread_texts(node: &mut Value) {
    let texts = texts_of(node);
    let Some(object) = node.as_object_mut() else {
        return;
    };
    for keyword in ["anyOf", "oneOf", "allOf"] {
        if let Some(Value::Array(alternatives)) = object.get_mut(keyword) {
            for alternative in alternatives {
                if let Value::Object(alternative) = alternative {
                    for (key, value) in &texts {
                        alternative.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
                spread_texts(alternative);
            }
        }
    }
}

/// [`members`], and at least one member given (SetBind's entries).
pub fn members_one_given(schema: &mut Schema) {
    let names: Vec<String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    let one_given: Vec<Value> = names.iter().map(|name| rules::given(name)).collect();
    schema.insert("anyOf".to_owned(), json!(one_given));
    members(schema);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base64_pattern_is_the_lenient_decoders_alphabet() {
        let alphabet = regex::Regex::new(&base64_pattern()).expect("compiles");
        for byte in 0..=127u8 {
            let text = char::from(byte).to_string();
            assert_eq!(alphabet.is_match(&text), is_base64(&text), "{byte}");
        }
        assert!(is_base64("JVBERi0xLjQK...NTcKJSVFT0Y="));
        assert!(!is_base64("...!!!==="));
    }
}
