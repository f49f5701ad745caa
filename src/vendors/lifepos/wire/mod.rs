//! What LIFE POS operations take and answer, declared once (see `platform::wire`): the spec
//! publishes these types' schemas and requests are checked against them, in the words of
//! [`words::LifeposWords`]; the fixture sections hold their documents to the same declarations.

pub mod activation;
pub mod employees;
pub mod error;
pub mod fiscal_registrars;
pub mod lists;
pub mod members;
pub mod openapi;
pub mod orgs;
pub mod outlets;
pub mod patch;
pub mod paths;
pub mod render;
pub mod sale_answers;
pub mod sales;
pub mod sign_in;
pub mod terminals;
pub mod till_refusals;
pub mod words;
pub mod workplaces;

use schemars::JsonSchema;
use serde_json::Value;

use crate::platform::wire::{self, FieldErrors, Wording};
use crate::vendors::lifepos::wire::words::WORDS;

/// The platform's white-space class, which the pages' patterns mean by a space.
pub use crate::platform::wire::{white_space_chars, WHITE_SPACE};

/// The first problem (by member name) of `value` against `T`'s declaration, worded: a fixture
/// names one problem, by its JSON path (the member's path here, `body` for `value` itself).
pub fn first_problem<T: JsonSchema + 'static>(value: &Value) -> Option<(String, String)> {
    let compiled = wire::schema_of::<T>();
    let mut errors = FieldErrors::default();
    for problem in wire::check(value, &compiled, WORDS.formats()) {
        errors.add(&problem.field(), WORDS.problem(&problem));
    }
    errors
        .first()
        .map(|(field, problem)| (field.to_owned(), problem.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::wire::every_pattern_compiles;
    use crate::vendors::lifepos::store;

    #[test]
    fn every_declared_pattern_compiles() {
        let declared = [
            wire::schema_of::<activation::ActivateWorkplace>(),
            wire::schema_of::<employees::NewEmployee>(),
            wire::schema_of::<orgs::OrganizationChange>(),
            wire::schema_of::<outlets::NewOutlet>(),
            wire::schema_of::<patch::JsonPatch>(),
            wire::schema_of::<sign_in::SignIn>(),
            wire::schema_of::<sign_in::SignInByPhone>(),
            wire::schema_of::<workplaces::NewWorkplace>(),
            wire::schema_of::<workplaces::WorkplaceChange>(),
            wire::schema_of::<workplaces::GenerateActivationCode>(),
        ];
        let lists = [
            &store::orgs::LIST,
            &store::workplaces::LIST,
            &store::employees::LIST,
            &store::outlets::LIST,
            &store::sales::LIST,
            &store::terminals::BANK_LIST,
            &store::terminals::QUICK_PAYMENTS_LIST,
            &store::terminals::TRANSACTION_LIST,
            &store::fiscal_registrars::REGISTRAR_LIST,
            &store::fiscal_registrars::DOCUMENT_LIST,
            &store::fiscal_registrars::RECEIPT_LIST,
        ];
        let mut kinds = std::collections::HashSet::new();
        for list in lists {
            assert!(
                kinds.insert(list.kind),
                "{}: a list's schema is cached by its kind",
                list.kind
            );
        }
        let list_schemas = lists.map(lists::list_schema);
        for compiled in declared.iter().chain(&list_schemas) {
            every_pattern_compiles(&compiled.schema).expect("patterns compile");
        }
    }
}
