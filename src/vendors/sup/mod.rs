//! СУП (rest.lksup.ru; the pages of doc.lksup.ru, link_card's first, listed in docs/vendors/sup.md),
//! under `/sup`: linking loyalty cards to
//! employees, with JWT auth, a single-use `X-Nonce` on every call and AES-256-GCM encrypted bodies
//! for clients that have an `encryption_key` (the scheme: `crypto.rs`).
//!
//! Choices where the vendor's pages are silent:
//! - `POST /v1/auth/login` takes plain JSON from every client; wrong credentials are 401
//!   `{"message": "Неверный логин или пароль"}`; a missing field is a 422;
//! - tokens are HS256 JWTs signed with a per-tenant key, valid `vendors.sup.token_ttl_seconds` of
//!   the tenant's clock; a client removed by a reset or a fixture replace loses its tokens;
//! - `X-Nonce` is required on every authenticated call, GETs included; GETs have no body;
//! - the employee and card calls beyond `link_card` (`employee/add`, `employee/{id}` GET and PUT,
//!   `employee/{id}/card/switch`, `card/{id}`, `setlimitscards`) answer `{"data": …}`;
//!   `POST /v1/category` answers 201 unwrapped, as its page does;
//! - see `wire/employees.rs`, `wire/categories.rs`, `wire/limits.rs` and `api/limits.rs` for what
//!   their pages leave out (they are cut) and what the emulator does there;
//! - 422 field messages are the emulator's own (the pages give only the shape).
//!
//! Where things are:
//! - `api/`: the handlers, by resource, and the extractors that read a call (`request.rs`: token,
//!   nonce, path ids, body; `auth.rs`: the login and the token's check);
//! - `wire/`: what goes over the wire — each operation's body and answer types (the spec's schemas
//!   and the requests' checks), the 422 words, the error table (`error.rs`), the body encryption
//!   and the token format, and the spec's texts (`openapi.rs`);
//! - `store/`: rows and their SQL, by table;
//! - `fixtures/`: the `sup` section of a fixture document.

pub mod api;
pub mod fixtures;
pub mod settings;
pub mod store;
pub mod wire;

// The registry and the `sup-encrypt` command name these from outside the vendor.
pub use wire::{crypto, error};

use crate::openapi::{ApiRouter, Surface};

/// The name this vendor goes by in config, fixtures, the journal and the outbox.
pub const NAME: &str = "sup";

/// The name a person reads: the dashboard's tab, `GET /_emulator/vendors`.
pub const DISPLAY_NAME: &str = "СУП";

pub fn api() -> ApiRouter {
    ApiRouter::new()
        .post("/v1/auth/login", api::auth::login)
        .post("/v1/employee/add", api::employees::add_employee)
        .get("/v1/employee/{id_employee}", api::employees::get_employee)
        .put("/v1/employee/{id_employee}", api::employees::update_employee)
        .post("/v1/employee/{id_employee}/link_card", api::cards::link_card)
        .post("/v1/employee/{id_employee}/card/switch", api::cards::switch_card)
        .get("/v1/card/{id_card}", api::cards::get_card)
        .post("/v1/setlimitscards", api::limits::set_limits_cards)
        .post("/v1/category", api::categories::create_category)
}

pub fn surface() -> Surface {
    Surface {
        name: NAME,
        title: wire::openapi::TITLE,
        prefix: "/sup",
        routes: api().routes().to_vec(),
        operations: wire::openapi::operations(),
        headers: wire::openapi::HEADERS,
        header_params: wire::openapi::header_params(),
        errors: Some(wire::openapi::ERRORS),
    }
}
