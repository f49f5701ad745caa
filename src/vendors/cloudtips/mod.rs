//! CloudTips (`../shared/seeds/004_*.txt`, api.cloudtips.ru and identity.cloudtips.ru), under
//! `/cloudtips`: tokens at `/connect/token`, the API under `/api`, and the emulator's image host for
//! receivers' photos under `/photos`.
//!
//! Model: a partner (the API user) owns places and has a scope of receivers. Receivers exist once per
//! phone number in a tenant; each has payment pages (layouts), one per place, whose status is
//! 0 None, 1 Confirmed, 2 WaitingForConfirmation or 3 Declined. A partner never sees or changes a
//! receiver outside its scope: such calls answer 404 with `succeed: false`.
//!
//! Choices where the document is silent:
//! - a receiver is in at most one partner's scope (its agent); the SMS attach moves it to the
//!   attaching partner, `detach-agent` leaves it in nobody's;
//! - failures of a whole request (`errors`) and validation errors (`validationErrors`) answer
//!   HTTP 400, an unknown or foreign entity 404, a missing or expired token 401 with
//!   `WWW-Authenticate: Bearer`; successful answers are 200 with `data` only when there is data;
//! - in the "already in scope" message phones appear in `+7XXXXXXXXXX` form;
//! - messages not quoted by the document are the emulator's own Russian wording (see `error.rs`,
//!   `attach.rs`, `create_many.rs`);
//! - a page shows both `layoutId` (the table's name) and `shortId` (the example's) for its short id;
//! - JSON Patch `remove` sets a field to null; an unknown member is a validation error;
//! - photo URLs are `<base>/photos/<tenant>/<photoId>`, public (no token, no tenant header);
//!   deleting a photo that does not exist is a 404;
//! - `GET /api/places` lists the partner's places as an array in `data`.

pub mod attach;
pub mod auth;
pub mod create_many;
pub mod error;
pub mod fixtures;
pub mod jsonpatch;
pub mod payment_pages;
pub mod phone;
pub mod photos;
pub mod places;
pub mod receiver;
pub mod receivers;
pub mod request;
pub mod validate;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post};
use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/connect/token", post(auth::token))
        .route("/api/receivers", get(receivers::list_receivers))
        .route("/api/receivers/pages", get(receivers::list_receivers))
        .route("/api/receivers/create-many", post(create_many::create_many))
        .route(
            "/api/receivers/{user_id}",
            get(receivers::get_receiver).patch(receivers::patch_receiver),
        )
        .route(
            "/api/receivers/{user_id}/photo",
            post(photos::upload_photo).delete(photos::delete_photo),
        )
        .route(
            "/api/receivers/{user_id}/payout-method",
            post(receivers::set_payout_method),
        )
        .route("/api/receivers/{user_id}/detach-agent", post(receivers::detach_agent))
        .route(
            "/api/paymentpages/{layout_id}",
            patch(payment_pages::patch_payment_page),
        )
        .route("/api/places", get(places::list_places))
        .route("/api/places/{place_id}", get(places::get_place))
        .route(
            "/api/places/{place_id}/employees/attach/send-sms",
            post(attach::send_sms),
        )
        .route("/api/places/{place_id}/employees/attach/confirm", post(attach::confirm))
        .route("/photos/{tenant}/{photo_id}", get(photos::serve_photo))
        // The gateway has already enforced the configured body limit; photos may be up to 5 MiB,
        // beyond axum's 2 MB default for extractors.
        .layer(DefaultBodyLimit::disable())
}
