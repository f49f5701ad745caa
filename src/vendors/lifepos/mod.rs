//! LIFE POS (the v5 reference page of `activate-workplace` and the v6 guide;
//! docs/vendors/lifepos.md lists every page used), under `/lifepos`. Every route answers
//! unprefixed, under `/v4`, `/v5` and `/v6`, and requires the client headers `Accept-Language`,
//! `X-LP-Client-Identifier` and `X-LP-Client-Type`, the latter two except under `/v4` (a public
//! PHP client runs there in production without them). The till (`api::till`) is the vendor's own control routes,
//! and notifications (`api::notify`) go out through the platform's deliveries.
//!
//! Choices where the documents are silent:
//! - error messages are the document's Russian descriptions whatever `Accept-Language` says;
//! - a malformed or non-object JSON body is a 422 `RequestIsNotValid` with `errors.body`;
//! - tokens do not expire; a reset or `?mode=replace` fixture load revokes them.
//!
//! Where things are:
//! - `api/`: the handlers, one file per resource (`sign_in`, `activation`, `orgs`, `workplaces`,
//!   `employees`, `outlets`, and the read side `sales`, `terminals`, `fiscal_registrars`), which
//!   hold no SQL, and what they share: the client-header layer (`headers`), the extractors of the
//!   credential (`auth`) and the organization (`access`), reading a request by its declaration
//!   (`request`) and applying a JSON Patch (`patch`);
//! - `wire/`: what travels: each operation's declaration (`wire::<resource>`, the members they share
//!   in `members`, lists and reads in `lists`, JSON Patch in `patch`), the words of a 422
//!   (`words`), the error table (`error`), the pieces of answers (`render`) and the spec's own
//!   prose and examples (`openapi`);
//! - `store/`: one file per resource with its row, its SQL and its JSON form, the paging of lists
//!   (`lists`) and the lookups they share (`store` itself); handlers, extractors and `fixtures` all
//!   go through it;
//! - `fixtures/`: the vendor's section of a fixture document.
//!
//! docs/vendors/lifepos.md holds the audit of every endpoint against its vendor page.

pub mod api;
pub mod fixtures;
pub mod settings;
pub mod store;
pub mod wire;

/// The error table, where the registry (`vendors::mod`) shapes this vendor's platform failures.
pub use wire::error;

use axum::middleware;

use crate::openapi::{ApiRouter, Surface};

/// The name this vendor goes by in config, fixtures, the journal and the outbox.
pub const NAME: &str = "lifepos";

/// The name a person reads: the dashboard's tab, `GET /_emulator/vendors`.
pub const DISPLAY_NAME: &str = "LIFE POS";

pub fn api() -> ApiRouter {
    use api::{
        activation, employees, fiscal_registrars, headers, orgs, outlets, sales, sign_in, terminals, workplaces,
    };
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
        .post("/orgs/{org}/deals/sales", sales::create_sale)
        .get("/orgs/{org}/deals/sales/{guid}", sales::get_sale)
        .patch("/orgs/{org}/deals/sales/{guid}", sales::patch_sale)
        .get("/orgs/{org}/deals/sales/{guid}/docs/money", sales::list_money_docs)
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
        .nest("/v6", routes.clone())
        .map(|router| router.layer(middleware::from_fn(headers::require_client_headers)))
        .nest_exempt(
            "/v4",
            ApiRouter::new()
                .nest("", routes)
                .map(|router| router.layer(middleware::from_fn(headers::require_v4_headers))),
            headers::NOT_REQUIRED_ON_V4,
        )
}

/// The till's control routes, mounted by the registry under the control plane (`api::till`).
pub fn till() -> ApiRouter {
    ApiRouter::new()
        .post("/lifepos/sales/{guid}/payments", api::till::pay)
        .post("/lifepos/payments/{guid}/refunds", api::till::refund)
        .post("/lifepos/fiscal-registrars/{guid}/shift", api::till::shift)
}

pub fn surface() -> Surface {
    Surface {
        name: NAME,
        title: wire::openapi::TITLE,
        prefix: "/lifepos",
        routes: api().routes().to_vec(),
        operations: wire::openapi::operations(),
        headers: wire::openapi::HEADERS,
        header_params: wire::openapi::header_params(),
        errors: Some(wire::openapi::ERRORS),
    }
}
