//! The walk against schemas schemars generates from declarations like the vendors'.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

use super::*;

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Reference {
    guid: uuid::Uuid,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct NewThing {
    #[schemars(length(min = 5, max = 64))]
    name: String,
    #[schemars(regex(pattern = r"^\S+$"), extend("x-problem" = "без пробелов"))]
    username: String,
    #[serde(default)]
    #[schemars(range(min = 1, max = 999))]
    number: Option<u16>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    owner: Option<Reference>,
    kind: Kind,
}

#[derive(Debug, Deserialize, JsonSchema)]
enum Kind {
    Stationary,
    Mobile,
}

/// Words every problem by its rule, to see what the walk found.
struct Plain;

impl Wording for Plain {
    fn problem(&self, problem: &Problem<'_>) -> String {
        if let Some(text) = problem.declared_text() {
            return text.to_owned();
        }
        match &problem.rule {
            Rule::Required => "required".to_owned(),
            Rule::Type(types) => format!("type {}", types.join("|")),
            Rule::Length { min, max } => format!("length {min:?}..{max:?}"),
            Rule::Range { min, max } => format!("range {min:?}..{max:?}"),
            Rule::OneOf(values) => format!("one of {}", values.len()),
            Rule::Pattern(pattern) => format!("pattern {pattern}"),
            Rule::Format(format) => format!("format {format}"),
            other => format!("{other:?}"),
        }
    }
}

fn problems(document: serde_json::Value) -> Vec<(String, String)> {
    match read::<NewThing>(document, &Plain) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|problem| (problem.field, problem.message))
            .collect(),
    }
}

#[test]
fn a_valid_document_reads_as_its_type() {
    let thing: NewThing = read(
        json!({"name": "Касса 1", "username": "ivan", "number": 7, "kind": "Mobile",
               "owner": {"guid": "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41"}}),
        &Plain,
    )
    .expect("valid");
    assert_eq!(thing.number, Some(7));
    assert!(matches!(thing.kind, Kind::Mobile));
}

#[test]
fn every_member_s_problem_is_found_at_once() {
    let found = problems(json!({
        "name": "abc", "username": "two words", "number": 1000, "tags": ["a", 1],
        "owner": {"guid": "not-a-guid"}, "kind": "Boat"
    }));
    let expected = [
        ("kind", "one of 2"),
        ("name", "length Some(5)..Some(64)"),
        ("number", "range Some(1.0)..Some(999.0)"),
        ("owner.guid", "format uuid"),
        ("tags[1]", "type string"),
        ("username", "без пробелов"),
    ];
    let mut found = found;
    found.sort();
    assert_eq!(
        found,
        expected
            .iter()
            .map(|(field, text)| ((*field).to_owned(), (*text).to_owned()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn absent_and_null_required_members_are_required() {
    let mut found = problems(json!({"name": null, "kind": "Mobile"}));
    found.sort();
    assert_eq!(
        found,
        vec![
            ("name".to_owned(), "required".to_owned()),
            ("username".to_owned(), "без пробелов".to_owned())
        ]
    );
}

#[test]
fn integers_are_written_without_a_fraction_and_fit_their_type() {
    assert_eq!(
        problems(json!({"name": "Касса 1", "username": "ivan", "kind": "Mobile", "number": 11.0})),
        vec![("number".to_owned(), "type integer|null".to_owned())]
    );
    assert_eq!(
        problems(json!({"name": "Касса 1", "username": "ivan", "kind": "Mobile", "number": 70000})),
        vec![("number".to_owned(), "range Some(1.0)..Some(999.0)".to_owned())]
    );
}

#[test]
fn a_document_that_is_not_an_object_is_a_problem_of_the_body() {
    assert_eq!(
        problems(json!([1])),
        vec![("body".to_owned(), "type object".to_owned())]
    );
}

#[test]
fn the_walk_goes_no_deeper_than_the_declaration() {
    // 500 levels under a member the declaration leaves open: nothing is walked there.
    let mut deep = json!(1);
    for _ in 0..500 {
        deep = json!([deep]);
    }
    let document = json!({"name": "Касса 1", "username": "ivan", "kind": "Mobile", "extra": deep});
    assert!(problems(document).is_empty());
}

#[test]
fn every_declared_pattern_compiles() {
    let compiled = schema_of::<NewThing>();
    schemas::every_pattern_compiles(&compiled.schema).expect("patterns compile");
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Week {
    #[schemars(extend("uniqueItems" = true))]
    days: Vec<u8>,
    #[schemars(regex(pattern = NOT_BLANK))]
    note: String,
}

#[test]
fn a_repeated_item_of_a_list_of_unique_items_is_a_problem_of_the_list() {
    let found = |document| match read::<Week>(document, &Plain) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().map(|problem| problem.field).collect(),
    };
    assert_eq!(found(json!({"days": [1, 2, 1], "note": "x"})), ["days"]);
    assert!(found(json!({"days": [1, 2, 3], "note": "x"})).is_empty());
    // Equal objects are equal whatever the order of their members.
    let compiled = schemas::Compiled::new(json!({"type": "array", "uniqueItems": true}));
    let repeated = json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}]);
    assert_eq!(check(&repeated, &compiled, Formats::platform()).len(), 1);
}

#[test]
fn not_blank_is_what_trim_leaves_something_of() {
    let compiled = schema_of::<Week>();
    let regex = compiled.pattern(NOT_BLANK).expect("compiled");
    for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
        let text = c.to_string();
        assert_eq!(regex.is_match(&text), !text.trim().is_empty(), "U+{:04X}", c as u32);
    }
    assert!(regex.is_match("  a "));
    assert!(!regex.is_match(""));
}

/// A rule across members, as a declaration states one: alternatives beside its own members.
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(extend("anyOf" = [
    { "type": "object", "properties": { "amount": { "const": null } } },
    { "type": "object", "properties": { "unlimited": { "const": false } } },
]))]
#[allow(dead_code)]
struct Allowance {
    unlimited: bool,
    #[serde(default)]
    #[schemars(range(min = 0))]
    amount: Option<f64>,
    #[serde(default)]
    #[schemars(length(max = 3))]
    note: Option<String>,
}

#[test]
fn a_rule_across_members_is_checked_once_each_member_holds_its_own() {
    let found = |document| match read::<Allowance>(document, &Plain) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|problem| (problem.field, problem.message))
            .collect(),
    };
    // Every member's own problem, and the rule across them only once they hold.
    assert_eq!(
        found(json!({"unlimited": true, "amount": -1, "note": "long"})),
        [
            ("amount".to_owned(), "range Some(0.0)..None".to_owned()),
            ("note".to_owned(), "length None..Some(3)".to_owned())
        ]
    );
    assert_eq!(
        found(json!({"unlimited": true, "amount": 5})),
        [("amount".to_owned(), "one of 1".to_owned())]
    );
    assert!(found(json!({"unlimited": true, "amount": null})).is_empty());
    assert!(found(json!({"unlimited": false, "amount": 5})).is_empty());
    assert_eq!(found(json!(5)), [("body".to_owned(), "type object|object".to_owned())]);
}

/// A lot needs its number; a period needs its end (a conditional, nested in the other's branches).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(extend(
    "if" = { "properties": { "kind": { "const": "lot" } }, "required": ["kind"] },
    "then" = { "required": ["lot"], "properties": { "lot": { "type": "string", "minLength": 1 } } },
    "else" = { "required": ["end"], "properties": { "end": { "type": "string" } } }
))]
#[allow(dead_code)]
struct Conditional {
    kind: String,
    #[serde(default)]
    lot: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    #[schemars(range(max = 9))]
    size: Option<u8>,
}

fn conditional_problems(document: serde_json::Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = match read::<Conditional>(document, &Plain) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|problem| (problem.field, problem.message))
            .collect(),
    };
    found.sort();
    found
}

#[test]
fn a_conditional_rule_joins_the_members_own_problems() {
    assert!(conditional_problems(json!({"kind": "lot", "lot": "L-1"})).is_empty());
    assert!(conditional_problems(json!({"kind": "period", "end": "soon"})).is_empty());
    assert_eq!(
        conditional_problems(json!({"kind": "lot", "size": 10})),
        vec![
            ("lot".to_owned(), "required".to_owned()),
            ("size".to_owned(), "range Some(0.0)..Some(9.0)".to_owned())
        ]
    );
    assert_eq!(
        conditional_problems(json!({"kind": "lot", "lot": ""})),
        vec![("lot".to_owned(), "length Some(1)..None".to_owned())]
    );
    assert_eq!(
        conditional_problems(json!({"kind": "period", "lot": "L-1"})),
        vec![("end".to_owned(), "required".to_owned())]
    );
}

#[test]
fn white_space_is_what_trim_takes_away() {
    let class = regex::Regex::new(&format!("^{WHITE_SPACE}$")).expect("compiles");
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        assert_eq!(class.is_match(c.encode_utf8(&mut [0; 4])), c.is_whitespace(), "{:?}", c);
    }
    assert_eq!(format!("[{}]", white_space_chars()), WHITE_SPACE);
}

/// A tagged union, as a JSON Patch operation is one by its `op`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "lowercase")]
#[allow(dead_code)]
enum Operation {
    Add { path: String, value: serde_json::Value },
    Remove { path: String },
    Move { from: String, path: String },
}

fn operation_problems(document: serde_json::Value) -> Vec<(String, String)> {
    match read::<Vec<Operation>>(document, &Plain) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|problem| (problem.field, problem.message))
            .collect(),
    }
}

#[test]
fn the_alternative_a_tag_names_is_the_one_meant() {
    assert_eq!(
        operation_problems(json!([{ "op": "move", "path": "/a" }, { "op": "remove" }])),
        [
            ("[0].from".to_owned(), "required".to_owned()),
            ("[1].path".to_owned(), "required".to_owned())
        ]
    );
    assert_eq!(
        operation_problems(json!([{ "op": "frob", "path": "/a" }])),
        [("[0].op".to_owned(), "one of 3".to_owned())],
        "a tag no alternative takes is one problem listing every value"
    );
    assert!(operation_problems(json!([{ "op": "add", "path": "/a", "value": null }])).is_empty());
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct WithOptional {
    #[serde(default)]
    owner: Option<Choice>,
}

/// A guid or `{"guid"}`, with words of its own.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(extend("x-problem" = "a guid or {guid}"))]
#[allow(dead_code)]
enum Choice {
    Guid(uuid::Uuid),
    Object { guid: uuid::Uuid },
}

#[test]
fn an_optional_member_that_is_neither_null_nor_its_type_has_its_type_s_problem() {
    let found = match read::<WithOptional>(json!({ "owner": 5 }), &Plain) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|problem| (problem.field, problem.message))
            .collect(),
    };
    assert_eq!(found, [("owner".to_owned(), "a guid or {guid}".to_owned())]);
}

#[test]
fn a_refusal_lists_at_most_the_default_number_of_problems_and_counts_the_rest() {
    let compiled = Compiled::new(json!({ "type": "array", "items": { "type": "integer" } }));
    let document = json!(vec!["x"; DEFAULT_MAX_PROBLEMS + 7]);
    let found = listed(check(&document, &compiled, Formats::platform()));
    assert_eq!(found.len(), DEFAULT_MAX_PROBLEMS + 1);
    assert_eq!(
        found[DEFAULT_MAX_PROBLEMS - 1].field(),
        format!("[{}]", DEFAULT_MAX_PROBLEMS - 1)
    );
    let last = found.last().expect("the note");
    assert_eq!(last.field(), "body");
    assert_eq!(
        last.rule,
        Rule::More {
            listed: DEFAULT_MAX_PROBLEMS,
            more: 7
        }
    );
    let exactly = json!(vec!["x"; DEFAULT_MAX_PROBLEMS]);
    assert_eq!(
        listed(check(&exactly, &compiled, Formats::platform())).len(),
        DEFAULT_MAX_PROBLEMS
    );
}
