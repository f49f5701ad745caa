//! What stands in front of every vendor router. A request passes, from the outside in:
//!
//! 1. the body limit (`server.body_limit_bytes`): a longer body is a 413 in the vendor's shape;
//! 2. [`context`]: tenant resolved and seeded, client IP, the clock cell → [`RequestContext`];
//! 3. [`journal`]: buffers both bodies, writes the journal entry and the metrics;
//! 4. [`errors`]: a body-less or plain-text failure from below gets the vendor's error shape;
//! 5. [`faults`]: the tenant's fault rules (delay, canned answer);
//! 6. [`storable`]: a path, query or JSON body holding U+0000 is refused in the vendor's shape;
//! 7. [`read_cache`]: pure reads answered from memory; other requests move the stamps;
//! 8. timeout (`server.request_timeout_ms`) → 408, then a caught panic → 500;
//! 9. the vendor's router.
//!
//! Steps 1–7 are one axum middleware calling each step's function in turn, not one middleware per
//! step: axum clones the whole service inside a `from_fn` middleware for every request it passes
//! on, so each extra middleware would cost a copy of everything inside it, per request.
//!
//! [`RequestContext`]: crate::platform::context::RequestContext

pub mod context;
pub mod errors;
pub mod faults;
pub mod journal;
pub mod read_cache;
pub mod storable;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use http_body_util::Limited;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::timeout::TimeoutLayer;

use crate::platform::services::Services;
use crate::platform::vendor::Vendor;

/// What each layer needs: the shared services and the vendor it stands in front of.
#[derive(Clone)]
pub struct VendorLayerState {
    pub services: Arc<Services>,
    pub vendor: Vendor,
}

/// Wraps one vendor's routes in the steps above (`layer` adds outside what is already there, so
/// they are listed innermost first).
pub fn mount<S: Clone + Send + Sync + 'static>(
    vendor: Vendor,
    routes: Router<S>,
    services: Arc<Services>,
) -> Router<S> {
    let timeout = Duration::from_millis(services.config.server.request_timeout_ms);
    let state = VendorLayerState { services, vendor };
    let panicked = state.vendor.clone();
    routes
        // An explicit fallback makes unknown paths pass through these layers too (a nested
        // router's default fallback would not), so they get the vendor's 404.
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(CatchPanicLayer::custom(move |_panic| {
            tracing::error!(vendor = panicked.name(), "handler panicked");
            panicked.error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(middleware::from_fn_with_state(state, gateway))
}

/// Steps 1–7, in order.
async fn gateway(State(layer): State<VendorLayerState>, request: Request, next: Next) -> Response {
    if let Some(refused) = refuse_announced_oversize(&layer, &request) {
        return refused;
    }
    let limit = layer.services.config.server.body_limit_bytes;
    let request = request.map(|body| Body::new(Limited::new(body, limit)));
    // Held to the end of the request, so the tenant is not deleted under it.
    let (request, _in_use) = match context::resolve_context(&layer, request).await {
        Ok(resolved) => resolved,
        Err(refused) => return refused,
    };
    let layer = &layer;
    journal::journal_and_measure(layer, request, |request| async move {
        let response = faults::inject_faults(layer, request, |request| async move {
            match storable::refuse_unstorable(layer, request).await {
                Ok(request) => read_cache::cache_reads(layer, request, next).await,
                Err(refused) => refused,
            }
        })
        .await;
        errors::shape(&layer.vendor, response)
    })
    .await
}

/// A body announced longer than the limit is refused at once; any other is cut off at the limit
/// while it is read (the journal's read then answers 413).
fn refuse_announced_oversize(layer: &VendorLayerState, request: &Request) -> Option<Response> {
    let limit = layer.services.config.server.body_limit_bytes;
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    announced.is_some_and(|length| length > limit as u64).then(|| {
        layer
            .vendor
            .error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large")
    })
}
