//! The rules of path parameters, which no request type states: a guid in any form
//! `uuid::Uuid::parse_str` reads (another value is a 404, as a guid nobody has:
//! `api::access::entity_guid`), `{kind}` the terminal kinds' segments, `{guid}:<action>` one of
//! the workplace actions, and `*` in place of a registrar under `…/docs/receipts`.

use serde_json::Value;

use crate::openapi::schema::{one_of, pattern};
use crate::openapi::{Operation, Param};
use crate::vendors::lifepos::{api, store};

/// A hyphenated guid, as `uuid::Uuid::parse_str` reads one.
const HYPHENATED: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// A guid in any form `uuid::Uuid::parse_str` (a path's guid, a list's guid filter) reads: 32
/// digits, hyphenated, braced, or a URN.
pub fn any_guid() -> String {
    format!("([0-9a-fA-F]{{32}}|{HYPHENATED}|\\{{{HYPHENATED}\\}}|[uU][rR][nN]:[uU][uU][iI][dD]:{HYPHENATED})")
}

/// `op` with the rules of its path parameters; a parameter the operation already types stays.
pub fn with_paths(mut op: Operation) -> Operation {
    let typed = |op: &Operation, name: &str| op.params.iter().any(|p| p.location == "path" && p.name == name);
    if op.path.contains("{kind}") {
        op = op.param(Param::path("kind", one_of(&store::terminals::SEGMENTS)));
    }
    if op.path.contains("{receipt}") {
        op = op.param(Param::path("receipt", guid()));
    }
    if op.path.contains("{guid}") && !typed(&op, "guid") {
        let schema = if op.path.contains("/docs/receipts") {
            pattern(&format!(
                "^({}|\\{})$",
                any_guid(),
                api::fiscal_registrars::ANY_REGISTRAR
            ))
        } else {
            guid()
        };
        op = op.param(Param::path("guid", schema));
    }
    op
}

/// A path guid.
fn guid() -> Value {
    pattern(&format!("^{}$", any_guid()))
}

/// `{guid}:<action>` as `api::workplaces::workplace_action` splits it (at the first `:`); another
/// action is a 404.
pub fn action() -> Value {
    pattern(&format!("^[^:]*:({})$", api::workplaces::ACTIONS.join("|")))
}
