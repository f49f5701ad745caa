//! The fault layer: the tenant's fault rules delay the request, answer in its place, or both.

use std::future::Future;
use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::platform::context::RequestContext;
use crate::platform::layers::VendorLayerState;
use crate::platform::vendor::Vendor;

/// Runs `inner` on the request unless a fault rule answers in its place (after its delay).
pub async fn inject_faults<F, Fut>(layer: &VendorLayerState, request: Request, inner: F) -> Response
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let fault = request.extensions().get::<RequestContext>().and_then(|context| {
        layer.services.faults.fire(
            &context.tenant,
            layer.vendor.name(),
            request.method().as_str(),
            request.uri().path(),
        )
    });
    let Some(fault) = fault else {
        return inner(request).await;
    };
    if let Some(delay) = fault.delay_ms {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    match fault.answer {
        Some((status, body)) => fault_response(&layer.vendor, status, body),
        None => inner(request).await,
    }
}

/// A fault rule's answer: its body, or the vendor's own error shape for its status.
fn fault_response(vendor: &Vendor, status: u16, body: Option<serde_json::Value>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match body {
        Some(body) => (status, axum::Json(body)).into_response(),
        None => vendor.error(status, status.canonical_reason().unwrap_or("injected fault")),
    }
}
