//! Problems by member, in the order found: what every vendor's validation answer is made of.
//! Each vendor shapes them its own way (LIFE POS an `errors` map, СУП a `data` list, CloudTips
//! `validationErrors` with PascalCase names, EDIN one `varMessage`).

use std::collections::BTreeMap;

use crate::platform::wire::FieldProblem;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldProblem>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldProblem {
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Adds what a declaration's walk found.
    pub fn extend(&mut self, problems: Vec<FieldProblem>) {
        self.0.extend(problems);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// In the order found.
    pub fn iter(&self) -> impl Iterator<Item = &FieldProblem> {
        self.0.iter()
    }

    /// By member name (sorted), each with its problems in the order found.
    pub fn by_field(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut grouped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for problem in &self.0 {
            grouped
                .entry(problem.field.as_str())
                .or_default()
                .push(problem.message.as_str());
        }
        grouped
    }

    /// The first member by name and its first problem.
    pub fn first(&self) -> Option<(&str, &str)> {
        self.by_field()
            .into_iter()
            .next()
            .map(|(field, messages)| (field, messages.first().copied().unwrap_or_default()))
    }

    /// `Ok` when nothing was added, the problems otherwise (`?` turns them into the vendor's
    /// validation error).
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }

    /// The member names, in order, each once (for tests).
    pub fn fields(&self) -> Vec<String> {
        self.by_field().into_keys().map(str::to_owned).collect()
    }
}

impl From<Vec<FieldProblem>> for FieldErrors {
    fn from(problems: Vec<FieldProblem>) -> FieldErrors {
        FieldErrors(problems)
    }
}
