//! Operation declarations: a request type deriving serde's `Deserialize` and schemars'
//! `JsonSchema` is the one statement of what an operation takes. From it come
//! - the OpenAPI schema of the request ([`schema_of`], read by `crate::openapi`);
//! - the validation of a request: every member's problem, found by walking the same schema
//!   ([`check`]), worded by the vendor ([`Wording`]) and shaped as the vendor's error;
//! - the typed value a handler works with (serde, once the schema holds).
//!
//! A query string is read the same way ([`read_query`]): its parameters become the document the
//! declaration describes.
//!
//! Answers are typed the same way (`Serialize` + `JsonSchema`), so their documented schema is the
//! type they are rendered from.
//!
//! Why schemars with a walker of our own rather than a JSON Schema validator crate: the vendors
//! word every problem themselves (a LIFE POS 422 names each member with a Russian text), which
//! needs the rule that failed and its bounds, not an English message; and patterns are matched
//! with `regex` (linear time), never a backtracking engine a client could stall. The walk follows
//! the schema, whose depth is the declaration's, not the request's.

mod body;
mod check;
mod classes;
mod field_errors;
mod formats;
mod problem;
mod query;
mod schemas;

pub use body::{parse, read_body, Body, BodyReading};
pub use check::check;
pub use classes::{white_space_chars, NOT_BLANK, WHITE_SPACE};
pub use field_errors::FieldErrors;
pub use formats::Formats;
pub use problem::{Problem, Rule};
pub use query::{read_query, read_query_document};
pub use schemas::{answer_schema_of, every_pattern_compiles, schema_of, Compiled};

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::de::DeserializeOwned;
use serde_json::Value;

/// How many problems a refusal names when `server.max_problems` is not set.
pub const DEFAULT_MAX_PROBLEMS: usize = 100;

static MAX_PROBLEMS: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_PROBLEMS);

/// Sets how many problems a refusal names (`server.max_problems`, at least 1). One setting for
/// the process: every emulator started in it shares it (the last one started sets it).
pub fn set_max_problems(max: usize) {
    MAX_PROBLEMS.store(max.max(1), Ordering::Relaxed);
}

/// The first `server.max_problems` of `problems`, and then, when there were more, one problem of
/// `body` saying how many more ([`Rule::More`], which each vendor words): a body whose list has a
/// bad value in every item is answered with a bounded refusal, whatever the list's length.
pub fn listed(mut problems: Vec<Problem<'_>>) -> Vec<Problem<'_>> {
    let max = MAX_PROBLEMS.load(Ordering::Relaxed);
    if problems.len() > max {
        let more = problems.len() - max;
        problems.truncate(max);
        problems.push(Problem::more(max, more));
    }
    problems
}

/// The words of one vendor's validation answers.
pub trait Wording {
    /// What the vendor says about one problem of a member. The schema node of the member is at
    /// hand in `problem`, so a member may carry its own text (`x-problem` in its declaration).
    fn problem(&self, problem: &Problem<'_>) -> String;

    /// The formats this vendor declares beyond the platform's own ([`Formats`]).
    fn formats(&self) -> &Formats {
        Formats::platform()
    }
}

/// One member's problem, as the vendor words it: the member's path (`receivers[1].name`, `body`
/// for the document itself) and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// `document` as a `T`, or every member's problem in the vendor's words.
pub fn read<T>(document: Value, wording: &dyn Wording) -> Result<T, Vec<FieldProblem>>
where
    T: DeserializeOwned + schemars::JsonSchema + 'static,
{
    let compiled = schema_of::<T>();
    let problems: Vec<FieldProblem> = listed(check(&document, &compiled, wording.formats()))
        .iter()
        .map(|problem| FieldProblem {
            field: problem.field(),
            message: wording.problem(problem),
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    deserialize(document, wording)
}

/// `document`, whose schema holds, as a `T` (for a vendor that walks the schema itself, with
/// [`check`], to shape the problems its own way).
pub fn deserialize<T: DeserializeOwned>(document: Value, wording: &dyn Wording) -> Result<T, Vec<FieldProblem>> {
    // The schema is the type's own, so what it lets through deserializes; a type whose serde
    // attributes say more than its schema (a custom `deserialize_with`) answers here instead.
    serde_path_to_error::deserialize(document).map_err(|err| {
        let field = problem::field_of_serde_path(err.path());
        let message = wording.problem(&Problem::unreadable(&field));
        vec![FieldProblem { field, message }]
    })
}

#[cfg(test)]
mod tests;
