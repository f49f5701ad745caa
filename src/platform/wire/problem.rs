//! What the walk of a request against its schema finds: one problem per member, with the rule
//! that failed and the member's schema node, so a vendor can word it.

use serde_json::Value;

/// A rule of the schema that a member breaks, with the bounds the vendor's text may quote.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// A required member is absent (or null where null is not allowed and the member is required).
    Required,
    /// Not of the declared JSON type(s): `string`, `integer`, `number`, `boolean`, `object`,
    /// `array`, `null`.
    Type(Vec<String>),
    /// A string of fewer or more characters than declared (`None`: no bound on that side).
    Length { min: Option<u64>, max: Option<u64> },
    /// A number out of its declared range.
    Range { min: Option<f64>, max: Option<f64> },
    /// Not one of the declared values.
    OneOf(Vec<Value>),
    /// A string not matching the declared pattern.
    Pattern(String),
    /// A string not in the declared format.
    Format(String),
    /// An array with fewer or more items than declared.
    Items { min: Option<u64>, max: Option<u64> },
    /// An array whose items are declared different from each other (`uniqueItems`) with one
    /// repeated.
    Repeated,
    /// A member the declaration does not have, where it allows no others.
    Unknown,
    /// Matches none of the declared alternatives.
    NoAlternative,
    /// The body is not JSON at all (serde's account of why).
    Malformed(String),
    /// The document could not be read as the declared type (a rule the schema could not state).
    Unreadable,
    /// A query parameter given more than once where its declaration takes one value.
    RepeatedParameter,
    /// Not a rule: the problems found past the `listed` ones a refusal names
    /// (`server.max_problems`), `more` of them (see [`crate::platform::wire::listed`]).
    More { listed: usize, more: usize },
}

/// One problem: where it is, what rule it breaks, the member's schema node and its value.
#[derive(Clone, Debug)]
pub struct Problem<'a> {
    path: Vec<Step>,
    pub rule: Rule,
    /// The schema node of the member (`Value::Null` when unknown).
    pub schema: &'a Value,
    /// The member's value, when it is there.
    pub value: Option<&'a Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Key(String),
    Index(usize),
}

static NO_SCHEMA: Value = Value::Null;

impl<'a> Problem<'a> {
    pub(crate) fn new(path: &[Step], rule: Rule, schema: &'a Value, value: Option<&'a Value>) -> Problem<'a> {
        Problem {
            path: path.to_vec(),
            rule,
            schema,
            value,
        }
    }

    /// A problem serde found after the schema held, at `field`.
    pub fn unreadable(field: &str) -> Problem<'static> {
        Problem {
            path: vec![Step::Key(field.to_owned())],
            rule: Rule::Unreadable,
            schema: &NO_SCHEMA,
            value: None,
        }
    }

    /// Query parameter `name`, given more than once.
    pub(crate) fn repeated(name: &str) -> Problem<'static> {
        Problem {
            path: vec![Step::Key(name.to_owned())],
            rule: Rule::RepeatedParameter,
            schema: &NO_SCHEMA,
            value: None,
        }
    }

    /// The problems past the `listed` ones: `more` of them, told of as one problem of `body`.
    pub(crate) fn more(listed: usize, more: usize) -> Problem<'static> {
        Problem {
            path: Vec::new(),
            rule: Rule::More { listed, more },
            schema: &NO_SCHEMA,
            value: None,
        }
    }

    /// A body that is not JSON.
    pub fn malformed(why: String) -> Problem<'static> {
        Problem {
            path: Vec::new(),
            rule: Rule::Malformed(why),
            schema: &NO_SCHEMA,
            value: None,
        }
    }

    /// The member as a vendor names it: `receivers[1].name`; the document itself is `body`.
    pub fn field(&self) -> String {
        if self.path.is_empty() {
            return "body".to_owned();
        }
        let mut field = String::new();
        for step in &self.path {
            match step {
                Step::Key(key) => {
                    if !field.is_empty() {
                        field.push('.');
                    }
                    field.push_str(key);
                }
                Step::Index(index) => field.push_str(&format!("[{index}]")),
            }
        }
        field
    }

    /// How deep the member is: 0 for the document, 1 for its members, …
    pub(crate) fn depth(&self) -> usize {
        self.path.len()
    }

    /// The member's own last name (`name` of `receivers[1].name`), or `body`.
    pub fn member(&self) -> &str {
        self.path
            .iter()
            .rev()
            .find_map(|step| match step {
                Step::Key(key) => Some(key.as_str()),
                Step::Index(_) => None,
            })
            .unwrap_or("body")
    }

    /// The text a declaration gives for any problem of this member (`x-problem`), if it gives one.
    pub fn declared_text(&self) -> Option<&'a str> {
        self.schema.get("x-problem").and_then(Value::as_str)
    }
}

/// serde_path_to_error's path as a vendor names a field.
pub(crate) fn field_of_serde_path(path: &serde_path_to_error::Path) -> String {
    let text = path.to_string();
    if text == "." || text.is_empty() {
        "body".to_owned()
    } else {
        text
    }
}
