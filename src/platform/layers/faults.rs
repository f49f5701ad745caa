//! The fault layer: the tenant's fault rules delay the request, answer in its place, or both.
//! On PostgreSQL it reads the tenant's stamps first (`platform::shared_stamps`), to know whether
//! this process's copy of the rules is current, and leaves them in the request for the read cache.

use std::future::Future;
use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::platform::context::RequestContext;
use crate::platform::layers::VendorLayerState;
use crate::platform::vendor::Vendor;

/// Runs `inner` on the request unless a fault rule answers in its place (after its delay).
pub async fn inject_faults<F, Fut>(layer: &VendorLayerState, mut request: Request, inner: F) -> Response
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let Some(tenant) = request
        .extensions()
        .get::<RequestContext>()
        .map(|context| context.tenant.clone())
    else {
        return inner(request).await;
    };
    let mut faults_stamp = None;
    if let Some(shared) = &layer.services.shared_stamps {
        if let Some(stamps) = shared.current(&tenant).await {
            faults_stamp = Some(stamps.faults);
            request.extensions_mut().insert(stamps);
        }
    }
    let fault = layer
        .services
        .faults
        .fire(
            &tenant,
            layer.vendor.name(),
            request.method().as_str(),
            request.uri().path(),
            faults_stamp,
        )
        .await;
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
