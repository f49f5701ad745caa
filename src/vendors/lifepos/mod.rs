//! LIFE POS (`../shared/seeds/000_*.txt`, API v5 `activate-workplace`, and the v6 guide), under
//! `/lifepos`. Every route answers unprefixed, under `/v5` and under `/v6`, and requires the
//! client headers `Accept-Language`, `X-LP-Client-Identifier` and `X-LP-Client-Type`.
//!
//! Choices where the documents are silent:
//! - error messages are the document's Russian descriptions whatever `Accept-Language` says;
//! - a malformed or non-object JSON body is a 422 `RequestIsNotValid` with `errors.body`;
//! - tokens do not expire; a reset or `?mode=replace` fixture load revokes them.

pub mod access;
pub mod activation;
pub mod auth;
pub mod employee;
pub mod employees;
pub mod error;
pub mod fixtures;
pub mod headers;
pub mod orgs;
pub mod outlets;
pub mod pagination;
pub mod phone;
pub mod render;
pub mod request;
pub mod sign_in;
pub mod workplace;
pub mod workplaces;

use axum::routing::{get, post};
use axum::{middleware, Router};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let api = Router::new()
        .route("/auth/sign-in-by-phone", post(sign_in::sign_in_by_phone))
        .route("/auth/activate-workplace", post(activation::activate_workplace))
        .route("/orgs", get(orgs::list_orgs))
        .route("/orgs/{org}/me", get(employees::me))
        .route(
            "/orgs/{org}/workplaces",
            get(workplaces::list_workplaces).post(workplaces::create_workplace),
        )
        .route(
            "/orgs/{org}/workplaces/{guid}",
            get(workplaces::get_workplace)
                .patch(workplaces::patch_workplace)
                .delete(workplaces::archive_workplace)
                // `{guid}:unarchive`, `{guid}:deactivate`, `{guid}:generate-activation-code`
                .post(workplaces::workplace_action),
        )
        .route(
            "/orgs/{org}/employees",
            get(employees::list_employees).post(employees::create_employee),
        )
        .route("/orgs/{org}/employees/{guid}", get(employees::get_employee))
        .route(
            "/orgs/{org}/outlets",
            get(outlets::list_outlets).post(outlets::create_outlet),
        )
        .route("/orgs/{org}/outlets/{guid}", get(outlets::get_outlet));
    Router::new()
        .merge(api.clone())
        .nest("/v5", api.clone())
        .nest("/v6", api)
        .layer(middleware::from_fn(headers::require_client_headers))
}
