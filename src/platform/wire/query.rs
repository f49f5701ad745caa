//! A query string read by a declaration, as a JSON body is: its parameters become the document
//! the declaration's schema describes, which the same walk checks.
//!
//! A query's values are all text; the schema says what each is meant to be. A value is read as
//! an integer, a number or a boolean where its member declares one and the text is one (else it
//! stays text, and the walk names the member); a member declared as an array collects every
//! value given for it (`?state=New&state=Paid`, OpenAPI's default `form` style); any other member
//! given twice is a problem of its own ([`crate::platform::wire::Rule::RepeatedParameter`]), its first value read.

use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::platform::wire::problem::Problem;
use crate::platform::wire::schemas::{schema_of, Compiled};
use crate::platform::wire::{check, listed, FieldProblem, Wording};

/// The query's parameters (decoded name–value pairs, in order) as a `T`, or every problem in
/// the vendor's words.
pub fn read_query<T>(pairs: &[(String, String)], wording: &dyn Wording) -> Result<T, Vec<FieldProblem>>
where
    T: DeserializeOwned + schemars::JsonSchema + 'static,
{
    let document = read_query_document(pairs, &schema_of::<T>(), wording)?;
    crate::platform::wire::read(document, wording)
}

/// The query's parameters as the document `compiled` describes, checked against it.
pub fn read_query_document(
    pairs: &[(String, String)],
    compiled: &Compiled,
    wording: &dyn Wording,
) -> Result<Value, Vec<FieldProblem>> {
    let (document, repeated) = query_document(pairs, compiled);
    let found = check(&document, compiled, wording.formats());
    // A parameter is named by its name, whichever of its repeated values broke a rule.
    let problems: Vec<FieldProblem> = listed(repeated.into_iter().chain(found).collect())
        .iter()
        .map(|problem| FieldProblem {
            field: problem.member().to_owned(),
            message: wording.problem(problem),
        })
        .collect();
    if problems.is_empty() {
        Ok(document)
    } else {
        Err(problems)
    }
}

/// The document, and a problem for each parameter given twice that is not an array.
fn query_document(pairs: &[(String, String)], compiled: &Compiled) -> (Value, Vec<Problem<'static>>) {
    let mut members = Map::new();
    let mut repeated: Vec<Problem<'static>> = Vec::new();
    for (name, text) in pairs {
        let schema = member_schema(&compiled.schema, name);
        let types = declared_types(schema);
        if types.iter().any(|kind| kind == "array") {
            let items = schema.and_then(|schema| schema.get("items"));
            let item = typed(text, &declared_types(items));
            if let Value::Array(values) = members.entry(name.clone()).or_insert_with(|| Value::Array(Vec::new())) {
                values.push(item);
            }
        } else if members.contains_key(name) {
            if !repeated.iter().any(|problem| problem.field() == *name) {
                repeated.push(Problem::repeated(name));
            }
        } else {
            members.insert(name.clone(), typed(text, &types));
        }
    }
    (Value::Object(members), repeated)
}

/// The schema of member `name`: its own, or what the declaration says of other members.
fn member_schema<'s>(schema: &'s Value, name: &str) -> Option<&'s Value> {
    schema
        .get("properties")
        .and_then(|properties| properties.get(name))
        .or_else(|| schema.get("additionalProperties"))
}

/// Every type a schema node (or any of its alternatives) declares.
fn declared_types(schema: Option<&Value>) -> Vec<String> {
    let mut types = Vec::new();
    let mut to_visit: Vec<&Value> = schema.into_iter().collect();
    while let Some(node) = to_visit.pop() {
        match node.get("type") {
            Some(Value::String(name)) => types.push(name.clone()),
            Some(Value::Array(names)) => types.extend(names.iter().filter_map(Value::as_str).map(str::to_owned)),
            _ => {}
        }
        for keyword in ["anyOf", "oneOf", "allOf"] {
            if let Some(Value::Array(alternatives)) = node.get(keyword) {
                to_visit.extend(alternatives);
            }
        }
    }
    types
}

/// `text` as the first declared type it reads as; text otherwise.
fn typed(text: &str, types: &[String]) -> Value {
    let declares = |name: &str| types.iter().any(|kind| kind == name);
    if declares("integer") {
        if let Ok(number) = text.parse::<i64>() {
            return Value::from(number);
        }
        if let Ok(number) = text.parse::<u64>() {
            return Value::from(number);
        }
    }
    if declares("number") {
        if let Some(number) = text.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(number);
        }
    }
    if declares("boolean") && (text == "true" || text == "false") {
        return Value::Bool(text == "true");
    }
    Value::String(text.to_owned())
}

#[cfg(test)]
mod tests {
    use schemars::JsonSchema;
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize, JsonSchema)]
    struct ListQuery {
        #[serde(default)]
        #[schemars(range(min = 1, max = 100))]
        items_per_page: Option<u8>,
        #[serde(default)]
        include_total: Option<bool>,
        #[serde(default)]
        #[schemars(length(min = 1))]
        query: Option<String>,
        #[serde(default)]
        state: Vec<Word>,
    }

    /// A word of letters.
    #[derive(Debug, Deserialize, JsonSchema)]
    struct Word(#[schemars(regex(pattern = "^[A-Za-z,]+$"))] String);

    struct Plain;

    impl Wording for Plain {
        fn problem(&self, problem: &Problem<'_>) -> String {
            format!("{:?}", problem.rule)
        }
    }

    fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn values_are_read_as_their_members_declare() {
        let read: ListQuery = read_query(
            &pairs(&[
                ("items_per_page", "5"),
                ("include_total", "true"),
                ("query", "5"),
                ("state", "New"),
                ("state", "Paid,Done"),
                ("other", "x"),
            ]),
            &Plain,
        )
        .expect("valid");
        assert_eq!(read.items_per_page, Some(5));
        assert_eq!(read.include_total, Some(true));
        assert_eq!(read.query.as_deref(), Some("5"), "text where the member is text");
        let states: Vec<&str> = read.state.iter().map(|word| word.0.as_str()).collect();
        assert_eq!(states, ["New", "Paid,Done"]);
    }

    #[test]
    fn what_does_not_read_as_declared_is_named() {
        let problems = read_query::<ListQuery>(
            &pairs(&[
                ("items_per_page", "1.5"),
                ("include_total", "TRUE"),
                ("query", ""),
                ("query", "again"),
                ("state", "New"),
                ("state", "1"),
            ]),
            &Plain,
        )
        .expect_err("invalid");
        let mut fields: Vec<(String, String)> = problems
            .into_iter()
            .map(|problem| (problem.field, problem.message))
            .collect();
        fields.sort();
        assert_eq!(
            fields,
            [
                ("include_total".to_owned(), "Type([\"boolean\", \"null\"])".to_owned()),
                ("items_per_page".to_owned(), "Type([\"integer\", \"null\"])".to_owned()),
                ("query".to_owned(), "Length { min: Some(1), max: None }".to_owned()),
                ("query".to_owned(), "RepeatedParameter".to_owned()),
                ("state".to_owned(), "Pattern(\"^[A-Za-z,]+$\")".to_owned()),
            ]
        );
    }
}
