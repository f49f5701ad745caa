//! LIFE POS (`../shared/seeds/000_*.txt`, API v5 `activate-workplace`, and the v6 guide), under
//! `/lifepos`. Every route answers unprefixed, under `/v5` and under `/v6`, and requires the
//! client headers `Accept-Language`, `X-LP-Client-Identifier` and `X-LP-Client-Type`.
//!
//! Choices where the documents are silent:
//! - error messages are the document's Russian descriptions whatever `Accept-Language` says;
//! - a malformed or non-object JSON body is a 422 `RequestIsNotValid` with `errors.body`;
//! - tokens do not expire; a reset or `?mode=replace` fixture load revokes them.
//!
//! Layout: the handlers (`sign_in`, `activation`, `orgs`, `workplaces`, `employees`, `outlets`,
//! and the read side `sales`, `terminals`, `fiscal_registrars`) check requests and hold no SQL; one
//! store per resource (`organization`, `outlet`, `employee`, `workplace`, `token`, `api_key`, `sale`,
//! `terminal` with its transactions, `fiscal` with registrars and their documents, with the lookups
//! they share in `store`) holds the row, its SQL
//! and its JSON form, and handlers, extractors and `fixtures` all go through it. `headers` is the
//! client-header layer, `auth` and `access` the extractors (the credential, the organization),
//! `request` reads bodies and queries by their declarations in `wire`, `patch` applies JSON
//! Patches, `pagination` and `render` shape lists
//! and values, `error` is the table of errors. The README's LIFE POS section holds the audit of
//! every endpoint against its vendor page.

pub mod access;
pub mod activation;
pub mod api_key;
pub mod auth;
pub mod credentialed;
pub mod employee;
pub mod employees;
pub mod error;
pub mod fiscal;
pub mod fiscal_registrars;
pub mod fixtures;
pub mod headers;
pub mod openapi;
pub mod organization;
pub mod orgs;
pub mod outlet;
pub mod outlets;
pub mod pagination;
pub mod patch;
pub mod render;
pub mod request;
pub mod sale;
pub mod sales;
pub mod sign_in;
pub mod store;
pub mod terminal;
pub mod terminals;
pub mod token;
pub mod wire;
pub mod workplace;
pub mod workplaces;

use axum::middleware;

use crate::openapi::{ApiRouter, Surface};

/// The name this vendor goes by in config, fixtures, the journal and the outbox.
pub const NAME: &str = "lifepos";

pub fn api() -> ApiRouter {
    let routes = ApiRouter::new()
        .post("/auth/sign-in", sign_in::sign_in)
        .post("/auth/sign-in-by-phone", sign_in::sign_in_by_phone)
        .post("/auth/activate-workplace", activation::activate_workplace)
        .get("/orgs", orgs::list_orgs)
        .get("/orgs/{org}", orgs::get_org)
        .patch("/orgs/{org}", orgs::patch_org)
        .get("/orgs/{org}/me", employees::me)
        .get("/orgs/{org}/workplaces", workplaces::list_workplaces)
        .post("/orgs/{org}/workplaces", workplaces::create_workplace)
        .get("/orgs/{org}/workplaces/{guid}", workplaces::get_workplace)
        .patch("/orgs/{org}/workplaces/{guid}", workplaces::patch_workplace)
        .delete("/orgs/{org}/workplaces/{guid}", workplaces::archive_workplace)
        // `{guid}:unarchive`, `{guid}:deactivate`, `{guid}:generate-activation-code`
        .post("/orgs/{org}/workplaces/{guid}", workplaces::workplace_action)
        .get("/orgs/{org}/employees", employees::list_employees)
        .post("/orgs/{org}/employees", employees::create_employee)
        .get("/orgs/{org}/employees/{guid}", employees::get_employee)
        .get("/orgs/{org}/outlets", outlets::list_outlets)
        .post("/orgs/{org}/outlets", outlets::create_outlet)
        .get("/orgs/{org}/outlets/{guid}", outlets::get_outlet)
        .get("/orgs/{org}/deals/sales", sales::list_sales)
        .get("/orgs/{org}/deals/sales/{guid}", sales::get_sale)
        // `{kind}`: `bank` or `quick-payments`
        .get("/orgs/{org}/terminals/{kind}", terminals::list_terminals)
        .get("/orgs/{org}/terminals/{kind}/{guid}", terminals::get_terminal)
        .get(
            "/orgs/{org}/terminals/{kind}/{guid}/transactions",
            terminals::list_transactions,
        )
        .get("/orgs/{org}/fiscal-registrars", fiscal_registrars::list_registrars)
        .get("/orgs/{org}/fiscal-registrars/{guid}", fiscal_registrars::get_registrar)
        .get(
            "/orgs/{org}/fiscal-registrars/{guid}/docs",
            fiscal_registrars::list_documents,
        )
        // `{guid}` may be `*`: every registrar
        .get(
            "/orgs/{org}/fiscal-registrars/{guid}/docs/receipts",
            fiscal_registrars::list_receipts,
        )
        .get(
            "/orgs/{org}/fiscal-registrars/{guid}/docs/receipts/{receipt}",
            fiscal_registrars::get_receipt,
        );
    ApiRouter::new()
        .nest("", routes.clone())
        .nest("/v5", routes.clone())
        .nest("/v6", routes)
        .map(|router| router.layer(middleware::from_fn(headers::require_client_headers)))
}

pub fn surface() -> Surface {
    Surface {
        name: NAME,
        title: openapi::TITLE,
        prefix: "/lifepos",
        routes: api().routes().to_vec(),
        operations: openapi::operations(),
        headers: openapi::HEADERS,
        header_params: openapi::header_params(),
        errors: Some(openapi::ERRORS),
    }
}
