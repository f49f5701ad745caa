//! The control plane, `/_emulator`: what test suites drive (docs/control-plane.md). JSON in and
//! out; errors are `{"error": …}`. `health`, `openapi*`, `docs` and `ui` show no tenant state and
//! are open to all; every other call needs `Authorization: Bearer <token>` when `control.token` is
//! set, and all but `tenants` act on the tenant named by `X-Emulator-Tenant`.

mod browser_guard;
mod clock;
mod dashboard;
mod deliveries;
mod error;
mod faults;
mod health;
mod journal;
mod journal_stream;
mod metrics;
pub mod openapi;
mod outbox;
mod streamed_list;
mod tenant_state;
mod tenants;
mod vendors;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::de::DeserializeOwned;

pub use error::ControlError;

use crate::config::FaultsConfig;
use crate::openapi::{ApiRouter, Surface};

use crate::platform::shared_stamps::MoveWhenOver;
use crate::platform::storable::{nul_in_query, nul_in_uri_path, NUL_MESSAGE_EN};
use crate::platform::tenant::tenant_of;
use crate::state::{AppState, VendorListing};

/// Where the control plane is mounted.
pub const PREFIX: &str = "/_emulator";

/// Calls that show no tenant state, and so need no control token (the dashboard's own calls do).
fn public_routes() -> ApiRouter {
    ApiRouter::new()
        .get("/health", health::health)
        .get("/openapi.json", openapi::full_spec)
        .get("/openapi/{vendor}", openapi::one_spec)
        .get("/docs", crate::openapi::docs_page)
        .get("/ui", dashboard::dashboard)
        .get("/vendors", vendors::list)
}

/// Calls that act on the tenant `X-Emulator-Tenant` names, which is held for them (see
/// [`holds_tenant`]); each vendor's own control routes are among them (the LIFE POS till).
fn tenant_routes(vendors: &[VendorListing]) -> ApiRouter {
    let own = vendors.iter().fold(ApiRouter::new(), |routes, vendor| {
        routes.nest("", (vendor.control_routes)())
    });
    ApiRouter::new()
        .nest("", own)
        .post("/reset", tenant_state::reset)
        .post("/fixtures", tenant_state::load_fixtures)
        .get("/state", tenant_state::export_state)
        .get("/outbox", outbox::list)
        .delete("/outbox", outbox::clear)
        .get("/deliveries", deliveries::list)
        .post("/deliveries/{id}/redeliver", deliveries::redeliver)
        .get("/journal", journal::list)
        .get("/journal/stream", journal_stream::stream)
        .delete("/journal", journal::clear)
        .get("/clock", clock::read)
        .post("/clock", clock::change)
        .get("/faults", faults::list)
        .post("/faults", faults::add)
        .delete("/faults", faults::clear)
        .delete("/faults/{id}", faults::remove)
        .get("/metrics", metrics::metrics)
}

/// Calls on the set of tenants, which hold none: a deletion waits for the calls of the tenant it
/// deletes, and would wait for itself.
fn registry_routes() -> ApiRouter {
    ApiRouter::new()
        .get("/tenants", tenants::list)
        .delete("/tenants", tenants::delete_all)
        .delete("/tenants/{tenant}", tenants::delete)
}

fn protected_routes(vendors: &[VendorListing]) -> ApiRouter {
    tenant_routes(vendors).nest("", registry_routes())
}

pub fn router(state: &AppState) -> Router<AppState> {
    let token = middleware::from_fn_with_state(state.clone(), require_control_token);
    let hold = middleware::from_fn_with_state(state.clone(), holds_tenant);
    let body_limit = state.config.server.body_limit_bytes;
    public_routes()
        .nest(
            "",
            tenant_routes(&state.vendors).map(|router| router.route_layer(hold).route_layer(token.clone())),
        )
        .nest("", registry_routes().map(|router| router.route_layer(token)))
        .into_router()
        // Fixture documents may be as large as any request the emulator takes (axum's own
        // default would stop them at 2 MB with a plain-text answer).
        .layer(middleware::from_fn_with_state(state.clone(), moves_read_stamps))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::map_response(move |response: Response| async move {
            oversized_as_json(response, body_limit)
        }))
        .layer(middleware::from_fn(refuse_unstorable_text))
        .layer(middleware::from_fn_with_state(
            Arc::new(browser_guard::BrowserGuard::new(&state.config)),
            browser_guard::refuse_web_pages,
        ))
}

/// A control call that may change state (reset, fixtures, clock, faults, emptying the outbox)
/// invalidates every kept read answer, at its start and at its end (`platform::read_cache`); on
/// PostgreSQL it moves, once it is over, the write stamp of the tenant it names, or of every tenant
/// for `reset?all=true` (`platform::shared_stamps`), so every replica drops its kept answers too.
async fn moves_read_stamps(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let writes = !matches!(*request.method(), axum::http::Method::GET | axum::http::Method::HEAD);
    let Some(cache) = app.read_cache.as_deref().filter(|_| writes) else {
        return next.run(request).await;
    };
    let everywhere = request
        .uri()
        .query()
        .is_some_and(|query| query.split('&').any(|pair| pair == "all=true"));
    // A malformed or conflicting tenant is refused below before anything changes.
    let tenant = tenant_of(request.headers(), request.extensions()).ok();
    let _writing = cache.writing_everywhere();
    let Some(stamps) = app.shared_stamps.as_ref() else {
        return next.run(request).await;
    };
    if everywhere {
        let response = next.run(request).await;
        stamps.moved_everywhere().await;
        return response;
    }
    let Some(tenant) = tenant else {
        return next.run(request).await;
    };
    let move_when_over = MoveWhenOver::new(Arc::clone(stamps), tenant);
    let response = next.run(request).await;
    move_when_over.finish().await;
    response
}

/// U+0000 names nothing that can be stored, on SQLite as on PostgreSQL (which refuses the byte):
/// in a path segment (`/faults/a%00b`) it is a 404, in any query parameter a 400 naming it, before
/// any handler runs, so a call that ignores its query (`DELETE /tenants?x=%00`) refuses it too, as
/// every vendor route does.
async fn refuse_unstorable_text(request: Request, next: Next) -> Response {
    if nul_in_uri_path(request.uri().path()) {
        return ControlError::new(StatusCode::NOT_FOUND, format!("path: {NUL_MESSAGE_EN}")).into_response();
    }
    if let Some(parameter) = request.uri().query().and_then(nul_in_query) {
        return ControlError::bad_request(format!("{parameter}: {NUL_MESSAGE_EN}")).into_response();
    }
    next.run(request).await
}

/// Holds the tenant a call names for the whole call, as a vendor request does, so that a deletion
/// of the tenant waits for it (and a load of fixtures cannot land in a tenant just deleted).
async fn holds_tenant(State(app): State<AppState>, request: Request, next: Next) -> Response {
    // A malformed or conflicting tenant is refused by the call's own extractor.
    let Ok(tenant) = tenant_of(request.headers(), request.extensions()) else {
        return next.run(request).await;
    };
    let _in_use = app.tenants.in_use(&tenant).await;
    next.run(request).await
}

/// A body over the limit, refused by axum's extractor in plain text, in the control plane's shape.
fn oversized_as_json(response: Response, body_limit: usize) -> Response {
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("json"));
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || is_json {
        return response;
    }
    ControlError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("request body larger than server.body_limit_bytes ({body_limit} bytes)"),
    )
    .into_response()
}

/// The control plane in the OpenAPI spec; what it says of vendors (fixture document sections,
/// fault rules, the vendor listing) comes from `vendors`, the registry's.
pub fn surface(vendors: &[VendorListing], faults: &FaultsConfig) -> Surface {
    Surface {
        name: openapi::CONTROL,
        title: openapi::TITLE,
        prefix: PREFIX,
        routes: public_routes().nest("", protected_routes(vendors)).routes().to_vec(),
        operations: openapi::operations(vendors, faults)
            .into_iter()
            .chain(vendors.iter().flat_map(|vendor| (vendor.control_operations)()))
            .collect(),
        headers: openapi::HEADERS,
        header_params: openapi::header_params(),
        errors: Some(openapi::ERRORS),
    }
}

async fn require_control_token(State(app): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(expected) = app.config.control.token.expose() {
        let presented = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        if !presented.is_some_and(|presented| same_secret(presented, expected)) {
            return ControlError::new(StatusCode::UNAUTHORIZED, "a valid control token is required").into_response();
        }
    }
    next.run(request).await
}

/// Compares a presented token with the configured one in time that depends on neither: both are
/// hashed first (so their lengths do not show either), and the digests are compared with no
/// early exit, so how long a refusal takes says nothing about how much of a guess was right.
fn same_secret(presented: &str, expected: &str) -> bool {
    use sha2::{Digest, Sha256};
    let presented = Sha256::digest(presented.as_bytes());
    let expected = Sha256::digest(expected.as_bytes());
    let difference = presented
        .iter()
        .zip(expected.iter())
        .fold(0u8, |difference, (a, b)| difference | (a ^ b));
    std::hint::black_box(difference) == 0
}

/// The tenant a control call acts on, seeded on first use like any other.
pub struct ControlTenant(pub String);

impl FromRequestParts<AppState> for ControlTenant {
    type Rejection = ControlError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let tenant =
            tenant_of(&parts.headers, &parts.extensions).map_err(|err| ControlError::bad_request(err.to_string()))?;
        app.tenants.ensure(&app.db, &tenant).await?;
        Ok(ControlTenant(tenant))
    }
}

/// A query string parsed into `T`, rejected as a 400 `{"error"}` (a parameter holding U+0000 never
/// gets here: `refuse_unstorable_text`). A parameter with an empty value (`?mode=`, `?status=`)
/// counts as absent, as a form's empty field sends it: the spec leaves `allowEmptyValue` at its
/// default, so a contract-testing tool counts `?all=` as valid, and the control plane agrees.
pub struct ControlQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ControlQuery<T> {
    type Rejection = ControlError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let given = parts.uri.query().unwrap_or_default();
        let kept: Vec<&str> = given
            .split('&')
            .filter(|pair| pair.split_once('=').is_some_and(|(_, value)| !value.is_empty()))
            .collect();
        let uri = axum::http::Uri::builder()
            .path_and_query(format!("/?{}", kept.join("&")))
            .build()
            .map_err(|err| ControlError::bad_request(format!("query: {err}")))?;
        axum::extract::Query::<T>::try_from_uri(&uri)
            .map(|query| ControlQuery(query.0))
            .map_err(|err| ControlError::bad_request(err.body_text()))
    }
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn control_tokens_match_only_exactly() {
        assert!(same_secret("s3cret-token", "s3cret-token"));
        assert!(!same_secret("s3cret-tokeN", "s3cret-token"), "last byte differs");
        assert!(!same_secret("x3cret-token", "s3cret-token"), "first byte differs");
        assert!(!same_secret("s3cret-toke", "s3cret-token"), "a prefix");
        assert!(!same_secret("s3cret-token-", "s3cret-token"), "longer");
        assert!(!same_secret("", "s3cret-token"));
    }
}
