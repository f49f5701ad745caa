//! Text that a database here cannot store. PostgreSQL's `TEXT` refuses U+0000 (`invalid byte
//! sequence for encoding "UTF8": 0x00`) while SQLite keeps it, so a string holding it would be a
//! 500 on one engine and a stored row on the other (and a state export PostgreSQL cannot load).
//! Every string a client sends is therefore refused here, on both engines alike, before it reaches
//! a statement: the vendors' gateway (`layers::storable`) checks the path, the query and a JSON
//! body of every request; the control plane checks its queries and fixture documents; the few
//! parsers the gateway cannot see into (a decrypted body, a form) call [`nul_in_pairs`] or
//! [`nul_in_json`] themselves.
//!
//! U+0000 is the only such character: invalid UTF-8 never reaches a statement, since serde_json
//! refuses it (lone surrogates included), and axum's query, form and path extractors decode
//! percent-escapes either lossily (U+FFFD) or with a rejection.

use serde_json::Value;

/// What the vendors say of a refused string (their validation messages are all Russian).
pub const NUL_MESSAGE: &str = "строка не может содержать символ U+0000";

/// A string with no U+0000, as a JSON Schema pattern (what the spec states on every request string).
pub const NUL_FREE_PATTERN: &str = "^[^\\u0000]*$";

/// What the control plane says of a refused string.
pub const NUL_MESSAGE_EN: &str = "a string may not contain U+0000";

/// The only spelling of U+0000 in a JSON text: a raw NUL byte is not valid JSON, and JSON escapes
/// take a lower-case `u` and four hex digits, which are all `0` here.
const JSON_ESCAPE: &[u8] = b"\\u0000";
/// The only spelling of U+0000 in a URI: the raw byte is refused by the HTTP parser.
const URI_ESCAPE: &[u8] = b"%00";

/// One step from a JSON value into one of its members.
#[derive(Clone, Copy, Debug)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where a string sits in a JSON document: the keys and indexes from the root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath(Vec<PathStep>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum PathStep {
    Key(String),
    Index(usize),
}

impl JsonPath {
    /// The path as a vendor names a field: `receivers[1].name`; the document itself is `body`.
    pub fn field(&self) -> String {
        if self.0.is_empty() {
            return "body".to_owned();
        }
        let mut field = String::new();
        for step in &self.0 {
            match step {
                PathStep::Key(key) => {
                    if !field.is_empty() {
                        field.push('.');
                    }
                    field.push_str(&printable(key));
                }
                PathStep::Index(index) => field.push_str(&format!("[{index}]")),
            }
        }
        field
    }

    /// The path as the fixture loader names one: `$.lifepos.organizations[0].name`.
    pub fn absolute(&self) -> String {
        let mut path = "$".to_owned();
        for step in &self.0 {
            match step {
                PathStep::Key(key) => {
                    path.push('.');
                    path.push_str(&printable(key));
                }
                PathStep::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        path
    }
}

/// A key as an error may quote it: U+0000 spelled `\u0000`, never sent back raw.
fn printable(key: &str) -> String {
    key.replace('\0', "\\u0000")
}

/// The path of the first string (key or value, in document order) holding U+0000, if any.
///
/// Walked with a stack of its own, not by recursion, so no document decides how deep the walk
/// goes; each value is visited once, and the path is built only for the one found.
pub fn nul_in_json(document: &Value) -> Option<JsonPath> {
    // Every visited value: the index of its parent's entry and the step from the parent to it.
    let mut visited: Vec<(usize, Option<Step<'_>>)> = Vec::new();
    // Values still to visit, with the entry of their parent and their step; children are pushed
    // last-first so that they are popped in document order.
    let mut to_visit: Vec<(usize, Option<Step<'_>>, &Value)> = vec![(usize::MAX, None, document)];
    while let Some((parent, step, value)) = to_visit.pop() {
        let here = visited.len();
        visited.push((parent, step));
        if matches!(step, Some(Step::Key(key)) if key.contains('\0')) {
            return Some(path_to(&visited, here));
        }
        match value {
            Value::String(text) if text.contains('\0') => return Some(path_to(&visited, here)),
            Value::Array(items) => to_visit.extend(
                items
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(index, item)| (here, Some(Step::Index(index)), item)),
            ),
            Value::Object(members) => to_visit.extend(
                members
                    .iter()
                    .rev()
                    .map(|(key, member)| (here, Some(Step::Key(key.as_str())), member)),
            ),
            _ => {}
        }
    }
    None
}

fn path_to(visited: &[(usize, Option<Step<'_>>)], mut entry: usize) -> JsonPath {
    let mut steps = Vec::new();
    while let Some((parent, Some(step))) = visited.get(entry) {
        steps.push(match step {
            Step::Key(key) => PathStep::Key((*key).to_owned()),
            Step::Index(index) => PathStep::Index(*index),
        });
        entry = *parent;
    }
    steps.reverse();
    JsonPath(steps)
}

/// [`nul_in_json`] of a body that may be JSON: `None` when it holds no `\u0000` escape at all (the
/// usual case, found without parsing) or is no JSON (its reader reports that).
pub fn nul_in_json_bytes(body: &[u8]) -> Option<JsonPath> {
    if !contains(body, JSON_ESCAPE) {
        return None;
    }
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|document| nul_in_json(&document))
}

/// The name of the first pair (of a query or a form) whose name or value holds U+0000; a name
/// that holds it is quoted with the character spelled `\u0000`.
pub fn nul_in_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<String> {
    pairs
        .into_iter()
        .find(|(name, value)| name.contains('\0') || value.contains('\0'))
        .map(|(name, _)| printable(name))
}

/// [`nul_in_pairs`] of a query string, which is decoded only when it spells U+0000 at all.
pub fn nul_in_query(query: &str) -> Option<String> {
    if !contains(query.as_bytes(), URI_ESCAPE) {
        return None;
    }
    let pairs: Vec<(String, String)> = axum::extract::Query::try_from_uri(&format!("/?{query}").parse().ok()?)
        .ok()
        .map(|axum::extract::Query(pairs)| pairs)?;
    nul_in_pairs(pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())))
}

/// Whether a URI path spells U+0000 in one of its segments.
pub fn nul_in_uri_path(path: &str) -> bool {
    contains(path.as_bytes(), URI_ESCAPE)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(document: Value) -> Option<(String, String)> {
        nul_in_json(&document).map(|path| (path.field(), path.absolute()))
    }

    #[test]
    fn finds_the_first_string_in_document_order() {
        assert_eq!(found(json!({ "name": "ok", "tags": ["a", 1, null] })), None);
        assert_eq!(
            found(json!({ "a": "x\u{0}", "b": "\u{0}" })),
            Some(("a".to_owned(), "$.a".to_owned()))
        );
        assert_eq!(
            found(json!({ "list": [{ "n": 1 }, { "n": 2, "name": "a\u{0}b" }] })),
            Some(("list[1].name".to_owned(), "$.list[1].name".to_owned()))
        );
        assert_eq!(found(json!([0, "\u{0}"])), Some(("[1]".to_owned(), "$[1]".to_owned())));
        assert_eq!(found(json!("\u{0}")), Some(("body".to_owned(), "$".to_owned())));
    }

    #[test]
    fn a_key_holding_nul_is_named_without_it() {
        assert_eq!(
            found(json!({ "outer": { "ke\u{0}y": 1 } })),
            Some(("outer.ke\\u0000y".to_owned(), "$.outer.ke\\u0000y".to_owned()))
        );
    }

    #[test]
    fn a_deep_document_is_walked_without_recursion() {
        let mut document = json!("\u{0}");
        for _ in 0..100_000 {
            document = Value::Array(vec![document]);
        }
        let path = nul_in_json(&document).map(|path| path.absolute());
        assert_eq!(path.map(|path| path.len()), Some(1 + 3 * 100_000));
        // serde_json's own drop recurses; take the document apart iteratively.
        let mut next = Some(document);
        while let Some(Value::Array(mut items)) = next {
            next = items.pop();
        }
    }

    #[test]
    fn bodies_are_parsed_only_when_they_spell_nul() {
        assert!(
            nul_in_json_bytes(br#"{"a": "\\u0000"}"#).is_none(),
            "an escaped backslash"
        );
        assert!(nul_in_json_bytes(br#"{"a": "\u0000"#).is_none(), "no JSON");
        assert_eq!(
            nul_in_json_bytes(br#"{"a": "\u0000"}"#).map(|path| path.field()),
            Some("a".to_owned())
        );
    }

    #[test]
    fn queries_and_pairs() {
        assert_eq!(nul_in_query("a=1&b=2"), None);
        assert_eq!(nul_in_query("a=1&phone=%2B7%00"), Some("phone".to_owned()));
        assert_eq!(nul_in_query("x%00y=1"), Some("x\\u0000y".to_owned()));
        assert_eq!(nul_in_pairs([("a", "b"), ("c", "\0")]), Some("c".to_owned()));
        assert!(nul_in_uri_path("/orgs/%00"));
        assert!(!nul_in_uri_path("/orgs/100"));
    }
}
