//! A call's parameters read as their declaration, or refused the way the vendor refuses: one
//! answer, intCode 400, its `varMessage` naming each member's problem.
//!
//! The vendor's pages show one problem a message, the first of its checks to fail; the emulator
//! names every member's problem at once, joined by `; `, so a single problem reads exactly as the
//! pages print it. In the declaration's order of members; within a list, the entry itself first
//! (`Не заполнены поля в блоке …`), then a missing member before a wrong one; a member of a list's
//! entries is named once, at the first entry where it fails (the pages' `"gln" dfghdfg` example
//! names the first of two bad GLNs).

use std::collections::HashSet;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde_json::Value;

use crate::platform::wire::{self, Compiled, FieldErrors, Problem, Wording};
use crate::vendors::edin::wire::error::EdinError;
use crate::vendors::edin::wire::words::{self, WORDS};

/// `document` as a `T`, checked against `compiled` (`T`'s declaration, or one that adds to it).
pub fn read<T: DeserializeOwned>(document: Value, compiled: &Compiled) -> Result<T, EdinError> {
    let problems = wire::check(&document, compiled, WORDS.formats());
    if !problems.is_empty() {
        return Err(refusal(&problems, members_of::<T>()));
    }
    wire::deserialize(document, &WORDS).map_err(|problems| EdinError::Invalid {
        problems: FieldErrors::from(problems),
        echoed: Vec::new(),
    })
}

/// The one answer to every problem found, each member named once, in `order` (the declaration's).
fn refusal(problems: &[Problem<'_>], order: &[&str]) -> EdinError {
    let mut ranked: Vec<(usize, &Problem<'_>)> = problems.iter().enumerate().collect();
    ranked.sort_by_key(|(found, problem)| {
        let field = problem.field();
        let top = top_member(&field);
        let place = order.iter().position(|name| *name == top).unwrap_or(order.len());
        let inside = problem.member() != top;
        (place, inside, !words::is_missing(problem), *found)
    });
    let mut named = HashSet::new();
    let mut worded = FieldErrors::default();
    let mut echoed = Vec::new();
    for (_, problem) in ranked {
        let field = problem.field();
        if !named.insert((top_member(&field).to_owned(), problem.member().to_owned())) {
            continue;
        }
        worded.add(&field, WORDS.problem(problem));
        let echo = problem
            .schema
            .get(words::ECHO)
            .is_some_and(|echo| echo == &Value::Bool(true));
        if echo && !words::is_missing(problem) {
            if let Some(value) = problem.value {
                echoed.push((problem.member().to_owned(), words::quoted(value)));
            }
        }
    }
    EdinError::Invalid {
        problems: worded,
        echoed,
    }
}

/// The member of the document a problem's field is in: `amigos_info` of `amigos_info[1].gln`.
fn top_member(field: &str) -> &str {
    field.split(['.', '[']).next().unwrap_or(field)
}

/// The names of `T`'s members in their declared order, as serde's derive hands them to a
/// deserializer (a schema's members come sorted by name).
fn members_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    // The deserializer only notes the names and stops: the error is expected.
    let _ = T::deserialize(MemberNames { names: &mut names });
    names
}

struct MemberNames<'a> {
    names: &'a mut &'static [&'static str],
}

impl<'de> Deserializer<'de> for MemberNames<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("only a struct's member names are read"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.names = fields;
        Err(de::Error::custom("member names noted"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}
