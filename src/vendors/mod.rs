//! One folder per vendor, each exposing `router()`; `router` here mounts them under their prefixes
//! behind the platform's layers.

pub mod cloudtips;
pub mod edin;
pub mod lifepos;
pub mod sup;

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::openapi::Surface;
use crate::platform::gateway::{gateway, shape_platform_error, Gateway};
use crate::platform::vendor::Vendor;
use crate::state::AppState;

/// Every vendor at `/<vendor name>`.
pub fn router(state: &AppState) -> Router<AppState> {
    Vendor::ALL.into_iter().fold(Router::new(), |router, vendor| {
        let vendor_routes = match vendor {
            Vendor::LifePos => lifepos::api().into_router(),
            Vendor::Sup => sup::api().into_router(),
            Vendor::Edin => edin::api().into_router(),
            Vendor::CloudTips => cloudtips::api().into_router(),
        };
        router.nest(&format!("/{}", vendor.name()), mount(vendor, vendor_routes, state))
    })
}

/// Every vendor in the OpenAPI spec.
pub fn surfaces() -> Vec<Surface> {
    vec![
        lifepos::surface(),
        sup::surface(),
        edin::surface(),
        cloudtips::surface(),
    ]
}

/// Wraps one vendor's routes in the platform's layers, innermost first: a panic becomes the
/// vendor's 500, a slow request its 408, the gateway resolves tenant and IP and journals, and the
/// body limit answers 413.
pub fn mount(vendor: Vendor, routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    let server = &state.config.server;
    let config = state.config.clone();
    let gateway_state = Gateway {
        app: state.clone(),
        vendor,
    };
    routes
        // An explicit fallback makes unknown paths pass through these layers too (a nested
        // router's default fallback would not), so they get the vendor's 404.
        .fallback(|| async { axum::http::StatusCode::NOT_FOUND })
        .layer(CatchPanicLayer::custom(move |_panic| {
            tracing::error!(vendor = vendor.name(), "handler panicked");
            vendor.platform_error(&config, axum::http::StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_millis(server.request_timeout_ms),
        ))
        .layer(middleware::from_fn_with_state(gateway_state.clone(), gateway))
        .layer(RequestBodyLimitLayer::new(server.body_limit_bytes))
        .layer(middleware::from_fn_with_state(gateway_state, shape_outer_errors))
}

/// The body limit answers before the gateway sees the request; give that answer the vendor's shape.
async fn shape_outer_errors(State(gw): State<Gateway>, request: Request, next: Next) -> Response {
    shape_platform_error(&gw.app.config, gw.vendor, next.run(request).await)
}
