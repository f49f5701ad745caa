//! СУП (`../shared/seeds/002_*.txt`, rest.lksup.ru), under `/sup`: linking loyalty cards to
//! employees, with JWT auth, a single-use `X-Nonce` on every call and AES-256-GCM encrypted bodies
//! for clients that have an `encryption_key` (CONTRACT.md section 6).
//!
//! Choices where the document is silent:
//! - `POST /v1/auth/login` takes plain JSON from every client; wrong credentials are 401
//!   `{"message": "Неверный логин или пароль"}`; a missing field is a 422;
//! - tokens are HS256 JWTs signed with a per-tenant key, valid `vendors.sup.token_ttl_seconds` of
//!   the tenant's clock; a client removed by a reset or a fixture replace loses its tokens;
//! - `X-Nonce` is required on every authenticated call, GETs included; GETs have no body;
//! - the employee and card calls beyond `link_card` (`employee/add`, `employee/{id}` GET and PUT,
//!   `employee/{id}/card/switch`, `card/{id}`, `setlimitscards`) answer `{"data": …}`;
//!   `POST /v1/category` answers 201 unwrapped, as its page does;
//! - see `employees.rs`, `categories.rs`, `card_limits.rs` and `limits.rs` for what their pages
//!   leave out (they are cut) and what the emulator does there;
//! - 422 field messages are the emulator's own (the document gives only the shape).

pub mod auth;
pub mod card;
pub mod card_limits;
pub mod cards;
pub mod categories;
pub mod category;
pub mod client;
pub mod crypto;
pub mod employee;
pub mod employees;
pub mod error;
pub mod fixtures;
pub mod jwt;
pub mod nonce;
pub mod openapi;
pub mod request;
pub mod wire;

use crate::openapi::{ApiRouter, Surface};

/// The name this vendor goes by in config, fixtures, the journal and the outbox.
pub const NAME: &str = "sup";

pub fn api() -> ApiRouter {
    ApiRouter::new()
        .post("/v1/auth/login", auth::login)
        .post("/v1/employee/add", employees::add_employee)
        .get("/v1/employee/{id_employee}", employees::get_employee)
        .put("/v1/employee/{id_employee}", employees::update_employee)
        .post("/v1/employee/{id_employee}/link_card", cards::link_card)
        .post("/v1/employee/{id_employee}/card/switch", cards::switch_card)
        .get("/v1/card/{id_card}", cards::get_card)
        .post("/v1/setlimitscards", card_limits::set_limits_cards)
        .post("/v1/category", categories::create_category)
}

pub fn surface() -> Surface {
    Surface {
        name: NAME,
        title: openapi::TITLE,
        prefix: "/sup",
        routes: api().routes().to_vec(),
        operations: openapi::operations(),
        headers: openapi::HEADERS,
        header_params: openapi::header_params(),
        errors: Some(openapi::ERRORS),
    }
}
