//! The walk of a request document against its declared schema, finding every member's problem.
//!
//! It follows the schema: it goes into a member only where the schema describes that member, so
//! its depth is the declaration's whatever the document's. Per member it reports the first rule
//! broken (a member of the wrong type is not also too long), as the vendors answer.

use serde_json::{Map, Value};

use crate::platform::wire::formats::Formats;
use crate::platform::wire::problem::{Problem, Rule, Step};
use crate::platform::wire::schemas::Compiled;

/// Every member's problem of `document` against `compiled`.
pub fn check<'a>(document: &'a Value, compiled: &'a Compiled, formats: &Formats) -> Vec<Problem<'a>> {
    let mut walk = Walk {
        compiled,
        formats,
        path: Vec::new(),
        problems: Vec::new(),
    };
    walk.value(&compiled.schema, document);
    walk.problems
}

struct Walk<'a, 'f> {
    compiled: &'a Compiled,
    formats: &'f Formats,
    path: Vec<Step>,
    problems: Vec<Problem<'a>>,
}

impl<'a> Walk<'a, '_> {
    fn report(&mut self, rule: Rule, schema: &'a Value, value: Option<&'a Value>) {
        self.problems.push(Problem::new(&self.path, rule, schema, value));
    }

    /// Checks `value` against `schema`; reports at most one problem for `value` itself (its
    /// members may add their own).
    fn value(&mut self, schema: &'a Value, value: &'a Value) {
        let rules = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return self.report(Rule::Unknown, schema, Some(value)),
            Value::Object(rules) => rules,
            _ => return,
        };
        let alternatives = rules
            .get("anyOf")
            .or_else(|| rules.get("oneOf"))
            .and_then(Value::as_array);
        // Alternatives beside an object's own members are a rule across those members (an
        // unlimited card takes no amount): checked once each member holds its own rules, so those
        // problems are all found, and none is found twice. Other alternatives are what the value
        // is (a `T` or null, a name or a reference) and come first.
        let across_members = value.is_object() && rules.contains_key("properties");
        if let Some(alternatives) = alternatives.filter(|_| !across_members) {
            if !self.alternatives(schema, alternatives, value) {
                return;
            }
        }
        let before = self.problems.len();
        self.own_rules(schema, rules, value);
        if let Some(alternatives) = alternatives.filter(|_| across_members) {
            if self.problems.len() == before {
                self.alternatives(schema, alternatives, value);
            }
        }
    }

    /// `value`'s rules but its alternatives, and its members'.
    fn own_rules(&mut self, schema: &'a Value, rules: &'a Map<String, Value>, value: &'a Value) {
        if let Some(all) = rules.get("allOf").and_then(Value::as_array) {
            for part in all {
                let before = self.problems.len();
                self.value(part, value);
                if self.problems.len() > before {
                    return;
                }
            }
        }
        if let Some(types) = rules.get("type") {
            let allowed = type_names(types);
            if !allowed.iter().any(|name| is_of_type(value, name)) {
                return self.report(Rule::Type(allowed), schema, Some(value));
            }
        }
        if let Some(Value::Array(values)) = rules.get("enum") {
            if !values.contains(value) {
                return self.report(Rule::OneOf(values.clone()), schema, Some(value));
            }
        }
        if let Some(constant) = rules.get("const") {
            if constant != value {
                return self.report(Rule::OneOf(vec![constant.clone()]), schema, Some(value));
            }
        }
        match value {
            Value::String(text) => self.string(schema, rules, text, value),
            Value::Number(_) => self.number(schema, rules, value),
            Value::Array(items) => self.array(schema, rules, items, value),
            Value::Object(members) => self.object(rules, members),
            Value::Bool(_) | Value::Null => {}
        }
        // A conditional: a rule one member's value puts on others (a member required with
        // another's value). The condition is tried aside; the branch it picks is walked like the
        // rest, so its problems join the members' own.
        if let Some(condition) = rules.get("if") {
            let branch = if self.trial(condition, value).is_empty() {
                rules.get("then")
            } else {
                rules.get("else")
            };
            if let Some(branch) = branch {
                self.value(branch, value);
            }
        }
    }

    /// The problems `value` has against `schema`, found aside (not reported).
    fn trial(&self, schema: &'a Value, value: &'a Value) -> Vec<Problem<'a>> {
        let mut trial = Walk {
            compiled: self.compiled,
            formats: self.formats,
            path: self.path.clone(),
            problems: Vec::new(),
        };
        trial.value(schema, value);
        trial.problems
    }

    /// Whether `value` matches one of `alternatives`; when none, reports the problems of the one
    /// whose type fits (the usual `T` or null), of `T` when the value is neither, or that none
    /// fits. Among alternatives of one type
    /// (a tagged union: a JSON Patch operation by its `op`), the one whose tags the value meets is
    /// the one meant; a tag (a member declared by `const` or `enum`) no alternative takes is one
    /// problem naming every value the alternatives take.
    fn alternatives(&mut self, schema: &'a Value, alternatives: &'a [Value], value: &'a Value) -> bool {
        let mut fitting: Vec<Vec<Problem<'a>>> = Vec::new();
        for alternative in alternatives {
            let problems = self.trial(alternative, value);
            if problems.is_empty() {
                return true;
            }
            let type_fits = alternative
                .get("type")
                .map(|types| type_names(types).iter().any(|name| is_of_type(value, name)))
                .unwrap_or(false);
            if type_fits {
                fitting.push(problems);
            }
        }
        let depth = self.path.len() + 1;
        let is_tag = |problem: &Problem<'_>| problem.depth() == depth && matches!(problem.rule, Rule::OneOf(_));
        if let Some(meant) = fitting
            .iter()
            .position(|problems| !problems.iter().any(is_tag))
            .filter(|_| fitting.len() > 1)
        {
            self.problems.extend(fitting.swap_remove(meant));
            return false;
        }
        let meant = non_null(alternatives);
        match fitting.len() {
            // `T` or null, and the value is neither: `T`'s problem (its own words, if it has them).
            0 if meant.len() == 1 => self.value(meant[0], value),
            0 => {
                let types = alternatives
                    .iter()
                    .filter_map(|alternative| alternative.get("type"))
                    .flat_map(type_names)
                    .collect::<Vec<_>>();
                if types.is_empty() {
                    self.report(Rule::NoAlternative, schema, Some(value));
                } else {
                    self.report(Rule::Type(types), schema, Some(value));
                }
            }
            1 => self.problems.extend(fitting.swap_remove(0)),
            _ => {
                // Every alternative refuses a tag: the tag is what is wrong.
                let mut tags = fitting
                    .iter()
                    .flat_map(|problems| problems.iter().filter(|p| is_tag(p)));
                let Some(first) = tags.next().cloned() else {
                    self.problems.extend(fitting.swap_remove(0));
                    return false;
                };
                let mut values = Vec::new();
                for tag in std::iter::once(&first)
                    .chain(tags)
                    .filter(|tag| tag.field() == first.field())
                {
                    if let Rule::OneOf(taken) = &tag.rule {
                        for one in taken {
                            if !values.contains(one) {
                                values.push(one.clone());
                            }
                        }
                    }
                }
                let mut merged = first;
                merged.rule = Rule::OneOf(values);
                self.problems.push(merged);
            }
        }
        false
    }

    fn string(&mut self, schema: &'a Value, rules: &'a Map<String, Value>, text: &str, value: &'a Value) {
        let min = rules.get("minLength").and_then(Value::as_u64);
        let max = rules.get("maxLength").and_then(Value::as_u64);
        if min.is_some() || max.is_some() {
            let chars = text.chars().count() as u64;
            if min.is_some_and(|min| chars < min) || max.is_some_and(|max| chars > max) {
                return self.report(Rule::Length { min, max }, schema, Some(value));
            }
        }
        if let Some(Value::String(pattern)) = rules.get("pattern") {
            let matches = self.compiled.pattern(pattern).is_some_and(|regex| regex.is_match(text));
            if !matches {
                return self.report(Rule::Pattern(pattern.clone()), schema, Some(value));
            }
        }
        if let Some(Value::String(format)) = rules.get("format") {
            if self.formats.holds(format, text) == Some(false) {
                self.report(Rule::Format(format.clone()), schema, Some(value));
            }
        }
    }

    fn number(&mut self, schema: &'a Value, rules: &'a Map<String, Value>, value: &'a Value) {
        let (mut min, mut max) = integer_format_bounds(rules.get("format").and_then(Value::as_str));
        let number = value.as_f64().unwrap_or_default();
        // An integer format's bounds are exact: compare as integers, not through f64.
        let fits_format = match rules.get("format").and_then(Value::as_str) {
            Some("int64") => value.is_i64(),
            Some("uint64") => value.is_u64(),
            _ => true,
        };
        if let Some(declared) = rules.get("minimum").and_then(Value::as_f64) {
            min = Some(min.map_or(declared, |bound: f64| bound.max(declared)));
        }
        if let Some(declared) = rules.get("maximum").and_then(Value::as_f64) {
            max = Some(max.map_or(declared, |bound: f64| bound.min(declared)));
        }
        let below = min.is_some_and(|min| number < min)
            || rules
                .get("exclusiveMinimum")
                .and_then(Value::as_f64)
                .is_some_and(|bound| number <= bound);
        let above = max.is_some_and(|max| number > max)
            || rules
                .get("exclusiveMaximum")
                .and_then(Value::as_f64)
                .is_some_and(|bound| number >= bound);
        if below || above || !fits_format {
            self.report(Rule::Range { min, max }, schema, Some(value));
        }
    }

    fn array(&mut self, schema: &'a Value, rules: &'a Map<String, Value>, items: &'a [Value], value: &'a Value) {
        let min = rules.get("minItems").and_then(Value::as_u64);
        let max = rules.get("maxItems").and_then(Value::as_u64);
        let count = items.len() as u64;
        if min.is_some_and(|min| count < min) || max.is_some_and(|max| count > max) {
            return self.report(Rule::Items { min, max }, schema, Some(value));
        }
        if rules.get("uniqueItems") == Some(&Value::Bool(true)) && has_repeated(items) {
            return self.report(Rule::Repeated, schema, Some(value));
        }
        if let Some(item_schema) = rules.get("items") {
            for (index, item) in items.iter().enumerate() {
                self.path.push(Step::Index(index));
                self.value(item_schema, item);
                self.path.pop();
            }
        }
    }

    fn object(&mut self, rules: &'a Map<String, Value>, members: &'a Map<String, Value>) {
        static ANY: Value = Value::Bool(true);
        let properties = rules.get("properties").and_then(Value::as_object);
        let required: Vec<&str> = rules
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(properties) = properties {
            for (name, member_schema) in properties {
                self.path.push(Step::Key(name.clone()));
                match members.get(name) {
                    None => {
                        if required.contains(&name.as_str()) {
                            self.report(Rule::Required, member_schema, None);
                        }
                    }
                    // A required member sent as null is missing, as the vendors see it, unless
                    // its declaration allows null.
                    Some(Value::Null) if required.contains(&name.as_str()) && !allows_null(member_schema) => {
                        self.report(Rule::Required, member_schema, members.get(name));
                    }
                    Some(member) => self.value(member_schema, member),
                }
                self.path.pop();
            }
        }
        let others = rules.get("additionalProperties").unwrap_or(&ANY);
        if others == &ANY {
            return;
        }
        for (name, member) in members {
            if properties.is_some_and(|properties| properties.contains_key(name)) {
                continue;
            }
            self.path.push(Step::Key(name.clone()));
            self.value(others, member);
            self.path.pop();
        }
    }
}

/// Whether two of `items` are the same value, in time linear in their size: each is written out
/// once (a map's members in order, so equal values are written alike). Numbers compare as
/// written, so `1` and `1.0` differ (neither is the other's type for the walk).
fn has_repeated(items: &[Value]) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    !items.iter().all(|item| seen.insert(item.to_string()))
}

/// The alternatives that are not the bare `{"type": "null"}` of an optional member.
fn non_null(alternatives: &[Value]) -> Vec<&Value> {
    let null = serde_json::json!({ "type": "null" });
    alternatives
        .iter()
        .filter(|alternative| **alternative != null)
        .collect()
}

fn type_names(types: &Value) -> Vec<String> {
    match types {
        Value::String(name) => vec![name.clone()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

fn is_of_type(value: &Value, name: &str) -> bool {
    match name {
        "string" => value.is_string(),
        // An integer is written without a fraction or exponent, as serde reads one.
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        _ => true,
    }
}

fn allows_null(schema: &Value) -> bool {
    let by_type = schema
        .get("type")
        .is_some_and(|types| type_names(types).iter().any(|name| name == "null"));
    let by_alternative = ["anyOf", "oneOf"].iter().any(|keyword| {
        schema
            .get(*keyword)
            .and_then(Value::as_array)
            .is_some_and(|alternatives| alternatives.iter().any(allows_null))
    });
    by_type || by_alternative || schema == &Value::Bool(true) || schema.as_object().is_some_and(Map::is_empty)
}

/// The bounds an integer `format` puts on a value (schemars writes `int32`, `uint8`, …).
fn integer_format_bounds(format: Option<&str>) -> (Option<f64>, Option<f64>) {
    match format {
        Some("int8") => (Some(i8::MIN.into()), Some(i8::MAX.into())),
        Some("int16") => (Some(i16::MIN.into()), Some(i16::MAX.into())),
        Some("int32") => (Some(i32::MIN.into()), Some(i32::MAX.into())),
        Some("uint8") => (Some(0.0), Some(u8::MAX.into())),
        Some("uint16") => (Some(0.0), Some(u16::MAX.into())),
        Some("uint32") => (Some(0.0), Some(u32::MAX.into())),
        Some("uint64") | Some("uint") => (Some(0.0), None),
        _ => (None, None),
    }
}
