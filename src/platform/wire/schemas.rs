//! The schema of a declared type, generated once per type and kept with its compiled patterns.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use regex::Regex;
use schemars::generate::{Contract, SchemaSettings};
use schemars::JsonSchema;
use serde_json::Value;

/// A declared type's schema (JSON Schema 2020-12, subschemas inlined, as OpenAPI 3.1 takes it)
/// and its patterns, compiled.
#[derive(Debug)]
pub struct Compiled {
    pub schema: Value,
    patterns: HashMap<String, Regex>,
}

impl Compiled {
    pub fn new(mut schema: Value) -> Compiled {
        if let Some(root) = schema.as_object_mut() {
            root.remove("$schema");
        }
        let mut patterns = HashMap::new();
        collect_patterns(&schema, &mut patterns);
        Compiled { schema, patterns }
    }

    /// The compiled form of a pattern of this schema.
    pub(crate) fn pattern(&self, pattern: &str) -> Option<&Regex> {
        self.patterns.get(pattern)
    }
}

/// `T`'s schema as a request reads it (serde's deserialising view), generated on first use.
pub fn schema_of<T: JsonSchema + 'static>() -> Arc<Compiled> {
    static CACHE: OnceLock<RwLock<HashMap<TypeId, Arc<Compiled>>>> = OnceLock::new();
    cached::<T>(&CACHE, Contract::Deserialize)
}

/// `T`'s schema as an answer is written (serde's serialising view: a member with a default is
/// still always written), generated on first use.
pub fn answer_schema_of<T: JsonSchema + 'static>() -> Arc<Compiled> {
    static CACHE: OnceLock<RwLock<HashMap<TypeId, Arc<Compiled>>>> = OnceLock::new();
    cached::<T>(&CACHE, Contract::Serialize)
}

fn cached<T: JsonSchema + 'static>(
    cache: &'static OnceLock<RwLock<HashMap<TypeId, Arc<Compiled>>>>,
    contract: Contract,
) -> Arc<Compiled> {
    let cache = cache.get_or_init(Default::default);
    let key = TypeId::of::<T>();
    if let Some(found) = cache.read().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&key) {
        return Arc::clone(found);
    }
    let generated = SchemaSettings::draft2020_12()
        .with(|settings| {
            settings.inline_subschemas = true;
            settings.contract = contract;
        })
        .into_generator()
        .into_root_schema_for::<T>();
    let compiled = Arc::new(Compiled::new(generated.to_value()));
    cache
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .entry(key)
        .or_insert(compiled)
        .clone()
}

/// Every `pattern` of the schema, compiled. A pattern is the declaration's, never a client's,
/// and `regex` matches in linear time. One that does not compile is a declaration bug, so it is
/// left out and the schema's own test (`every_declared_pattern_compiles`) catches it.
fn collect_patterns(schema: &Value, patterns: &mut HashMap<String, Regex>) {
    let mut to_visit = vec![schema];
    while let Some(node) = to_visit.pop() {
        match node {
            Value::Object(members) => {
                if let Some(Value::String(pattern)) = members.get("pattern") {
                    if let Ok(compiled) = Regex::new(&ecma_classes(pattern)) {
                        patterns.insert(pattern.clone(), compiled);
                    }
                }
                to_visit.extend(members.values());
            }
            Value::Array(items) => to_visit.extend(items),
            _ => {}
        }
    }
}

/// Whether every pattern of `schema` compiles (for the declarations' tests).
pub fn every_pattern_compiles(schema: &Value) -> Result<(), String> {
    let mut to_visit = vec![schema];
    while let Some(node) = to_visit.pop() {
        match node {
            Value::Object(members) => {
                if let Some(Value::String(pattern)) = members.get("pattern") {
                    Regex::new(&ecma_classes(pattern)).map_err(|err| format!("{pattern}: {err}"))?;
                }
                to_visit.extend(members.values());
            }
            Value::Array(items) => to_visit.extend(items),
            _ => {}
        }
    }
    Ok(())
}

/// `pattern` with ECMA-262's ASCII meaning of `\\d` and `\\w` (what the spec's readers and JSON
/// Schema take), which `regex` reads as Unicode classes otherwise.
fn ecma_classes(pattern: &str) -> String {
    let mut translated = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            translated.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => translated.push_str("[0-9]"),
            Some('D') => translated.push_str("[^0-9]"),
            Some('w') => translated.push_str("[A-Za-z0-9_]"),
            Some('W') => translated.push_str("[^A-Za-z0-9_]"),
            Some(other) => {
                translated.push('\\');
                translated.push(other);
            }
            None => translated.push('\\'),
        }
    }
    translated
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_and_word_classes_are_ascii_as_in_ecma_262() {
        let compiled = Compiled::new(serde_json::json!({ "pattern": "^\\d{2}\\w$" }));
        let regex = compiled.pattern("^\\d{2}\\w$").expect("compiled");
        assert!(regex.is_match("12a"));
        // Arabic-Indic digits are Unicode digits, not ECMA-262 ones.
        assert!(!regex.is_match("\u{0661}\u{0662}a"));
        assert!(!regex.is_match("12я"));
    }
}
