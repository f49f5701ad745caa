//! The layers every vendor router is mounted behind, one job each. A request passes them from the
//! outside in:
//!
//! 1. body limit (`server.body_limit_bytes`), its own 413 shaped by [`errors`];
//! 2. [`context`]: tenant resolved and seeded, client IP, the clock cell → [`RequestContext`];
//! 3. [`journal`]: buffers both bodies, writes the journal entry and the metrics;
//! 4. [`errors`]: a body-less or plain-text failure from below gets the vendor's error shape;
//! 5. [`faults`]: the tenant's fault rules (delay, canned answer);
//! 6. timeout (`server.request_timeout_ms`) → 408, then a caught panic → 500;
//! 7. [`read_cache`]: pure reads answered from memory on SQLite; other requests move the stamp;
//! 8. the vendor's router.
//!
//! [`RequestContext`]: crate::platform::context::RequestContext

pub mod context;
pub mod errors;
pub mod faults;
pub mod journal;
pub mod read_cache;

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::middleware;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::platform::services::Services;
use crate::platform::vendor::Vendor;

/// What each layer needs: the shared services and the vendor it stands in front of.
#[derive(Clone)]
pub struct VendorLayerState {
    pub services: Arc<Services>,
    pub vendor: Vendor,
}

/// Wraps one vendor's routes in the layers above (`layer` adds outside what is already there,
/// so they are listed innermost first).
pub fn mount<S: Clone + Send + Sync + 'static>(
    vendor: Vendor,
    routes: Router<S>,
    services: Arc<Services>,
) -> Router<S> {
    let server = &services.config.server;
    let timeout = Duration::from_millis(server.request_timeout_ms);
    let body_limit = server.body_limit_bytes;
    let state = VendorLayerState { services, vendor };
    let panicked = state.vendor.clone();
    routes
        // An explicit fallback makes unknown paths pass through these layers too (a nested
        // router's default fallback would not), so they get the vendor's 404.
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(middleware::from_fn_with_state(state.clone(), read_cache::cache_reads))
        .layer(CatchPanicLayer::custom(move |_panic| {
            tracing::error!(vendor = panicked.name(), "handler panicked");
            panicked.error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(middleware::from_fn_with_state(state.clone(), faults::inject_faults))
        .layer(middleware::from_fn_with_state(state.clone(), errors::shape_errors))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            journal::journal_and_measure,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), context::resolve_context))
        .layer(RequestBodyLimitLayer::new(body_limit))
        .layer(middleware::from_fn_with_state(state, errors::shape_errors))
}
