//! CloudTips (the partner API pages of the CloudPayments wiki, listed in docs/vendors/cloudtips.md;
//! api.cloudtips.ru and identity.cloudtips.ru), under
//! `/cloudtips`: tokens at `/connect/token`, the API under `/api`, and the emulator's image host for
//! receivers' photos under `/photos`.
//!
//! Model: a partner (the API user) owns places and has a scope of receivers. Receivers exist once per
//! phone number in a tenant; each has payment pages (layouts), one per place, whose status is
//! 0 None, 1 Confirmed, 2 WaitingForConfirmation or 3 Declined. A partner never sees or changes a
//! receiver outside its scope: such calls answer 404 with `succeed: false`.
//!
//! The receiver's own API (the mobile app's, `client_id=MobilePhone`; the PyPI package `cloudtips`
//! 0.4.1 is its client): `/api/receivers/me`, `/api/receivers/payout-method`, `/api/timeline`,
//! `/api/cards`, `/api/payout/fee/info` and `/api/accumulations/summary`, for receiver tokens only
//! (see `api/auth.rs` for the login and the 401/403 rules, the handlers' docs for their choices).
//!
//! Folders:
//! - `api/`: the handlers by resource, the credentials' extractors (`auth.rs`), the vendor's
//!   binding of requests (`binding.rs`: names in any case, query values trimmed), searches'
//!   matching and the JSON Patch's application; no SQL;
//! - `wire/`: what each operation takes (its declaration, which the spec publishes and requests
//!   are read through) and answers, the words of validation problems, the error table
//!   (`error.rs`) and what the spec says beyond the types (`openapi.rs`);
//! - `store/`: one file a resource with its row, SQL and unique indexes, shared by the handlers
//!   and the fixtures;
//! - `fixtures/`: the fixture section.
//!
//! Choices where the document is silent:
//! - a receiver is in at most one partner's scope (its agent); the SMS attach moves it to the
//!   attaching partner, `detach-agent` leaves it in nobody's;
//! - failures of a whole request (`errors`) and validation errors (`validationErrors`) answer
//!   HTTP 400, an unknown or foreign entity 404, a missing or expired token 401 with
//!   `WWW-Authenticate: Bearer` (before any 404), a receiver's token on a partner endpoint or a
//!   partner's on the receiver's own API 403; successful answers are 200 with `data` only when there is data;
//! - in the "already in scope" message phones appear in `+7XXXXXXXXXX` form;
//! - messages not quoted by the document are the emulator's own Russian wording (`wire/error.rs`
//!   for failures of a whole request, `wire/words.rs` for validation problems);
//! - a page shows both `layoutId` (the table's name) and `shortId` (the example's) for its short id;
//! - JSON Patch `remove` sets a field to null; an unknown member is a validation error;
//! - photo URLs are `<base>/photos/<tenant>/<photoId>`, public (no token, no tenant header);
//!   deleting a photo that does not exist is a 404;
//! - `GET /api/places` answers `data.items` and `data.totalCount`, as the vendor's example;
//! - `validationErrors` keys are PascalCase, as in every example of the vendor;
//! - a request's body naming a place the partner does not have (create-many, registration-url) is
//!   a failure of the whole request, HTTP 400, "Заведение <id> не найдено" (the vendor's text); a
//!   place in the path that is unknown answers 404 "Заведение не найдено";
//! - a GET's body is never read (the real service binds GET parameters from the query string):
//!   clients that send `Content-Type: application/json`, or a JSON body, on a GET are served;
//! - every answer of the API and of the token endpoint is `Content-Type: application/json`.

pub mod api;
pub mod fixtures;
pub mod settings;
pub mod store;
pub mod wire;

/// The registry names the error shaper by this path.
pub use wire::error;

use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};

use crate::openapi::{ApiRouter, Surface};
use crate::vendors::cloudtips::api::{
    attach, auth, cards, create_many, me, payment_pages, photos, places, receivers, timeline,
};
use crate::vendors::cloudtips::wire::error::CloudtipsError;
use crate::vendors::cloudtips::wire::openapi;

/// The name this vendor goes by in config, fixtures, the journal and the outbox.
pub const NAME: &str = "cloudtips";

/// The name a person reads: the dashboard's tab, `GET /_emulator/vendors`.
pub const DISPLAY_NAME: &str = "CloudTips";

pub fn api() -> ApiRouter {
    ApiRouter::new()
        .post(auth::TOKEN_PATH, auth::token)
        .get("/api/receivers", receivers::list_receivers)
        .get("/api/receivers/pages", receivers::list_receivers)
        .post("/api/receivers/create-many", create_many::create_many)
        .get("/api/receivers/me", me::get_me)
        .post("/api/receivers/payout-method", me::set_payout_method)
        .get("/api/timeline", timeline::timeline)
        .get("/api/cards", cards::list_cards)
        .delete("/api/cards", cards::delete_card)
        .get("/api/payout/fee/info", me::payout_fee_info)
        .get("/api/accumulations/summary", me::accumulations_summary)
        .get("/api/receivers/{user_id}", receivers::get_receiver)
        .patch("/api/receivers/{user_id}", receivers::patch_receiver)
        .post("/api/receivers/{user_id}/photo", photos::upload_photo)
        .delete("/api/receivers/{user_id}/photo", photos::delete_photo)
        .post("/api/receivers/{user_id}/payout-method", receivers::set_payout_method)
        .post("/api/receivers/{user_id}/detach-agent", receivers::detach_agent)
        .patch("/api/paymentpages/{layout_id}", payment_pages::patch_payment_page)
        .get("/api/places", places::list_places)
        .post("/api/places", places::create_place)
        .post("/api/places/registration-url", places::registration_url)
        .get("/api/places/{place_id}", places::get_place)
        .post("/api/places/{place_id}/employees/attach/send-sms", attach::send_sms)
        .post("/api/places/{place_id}/employees/attach/confirm", attach::confirm)
        .get("/photos/{tenant}/{photo_id}", photos::serve_photo)
        // The gateway has already enforced the configured body limit; photos may be up to 5 MiB,
        // beyond axum's 2 MB default for extractors.
        .map(|router| router.layer(DefaultBodyLimit::disable()))
}

/// The shape for a field the platform refuses before a handler (see
/// `platform::vendor::Vendor::invalid_field`): the 400 naming it in `validationErrors`, or at the
/// token endpoint, which answers in OAuth's shape only, `invalid_request` naming it.
pub fn platform_invalid_field(path: &str, field: &str, message: &str) -> Response {
    if path == auth::TOKEN_PATH {
        return CloudtipsError::InvalidRequestField {
            field: field.to_owned(),
            message: message.to_owned(),
        }
        .into_response();
    }
    CloudtipsError::invalid_field(field, message).into_response()
}

pub fn surface() -> Surface {
    Surface {
        name: NAME,
        title: openapi::TITLE,
        prefix: "/cloudtips",
        routes: api().routes().to_vec(),
        operations: openapi::operations(),
        headers: openapi::HEADERS,
        header_params: openapi::header_params(),
        errors: Some(openapi::ERRORS),
    }
}
