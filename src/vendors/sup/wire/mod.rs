//! What СУП operations take and answer, declared once (see `platform::wire`): the spec publishes
//! these types' schemas and requests are checked against them, in the words of
//! [`words::SupWords`]; answers are rendered from their types.

pub mod auth;
pub mod cards;
pub mod categories;
pub mod employees;
pub mod limits;
pub mod words;

use schemars::JsonSchema;
use serde::Serialize;

/// `{"data": …}`, how most answers wrap what they carry.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Data<T> {
    pub data: T,
}

/// Stored digits as the pages' examples type them, a JSON number (a phone, a card's EAN); stored
/// text that is not digits (no request or fixture lets such in) is shown as it is.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Digits {
    Number(u64),
    Text(String),
}

impl Digits {
    pub fn of(stored: &str) -> Digits {
        stored
            .parse()
            .map_or_else(|_| Digits::Text(stored.to_owned()), Digits::Number)
    }
}
