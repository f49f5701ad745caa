//! What goes over the wire to and from СУП. Each operation's body and answer are declared once, as
//! types (see `platform::wire`): the spec publishes their schemas and requests are checked against
//! them, in the words of [`words::SupWords`]; answers are rendered from their types. Beside them:
//! the error table (`error.rs`), the body encryption (`crypto.rs`), the token's format (`jwt.rs`)
//! and what the spec says that no type can (`openapi.rs`).

pub mod auth;
pub mod cards;
pub mod categories;
pub mod crypto;
pub mod employees;
pub mod error;
pub mod jwt;
pub mod limits;
pub mod openapi;
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
