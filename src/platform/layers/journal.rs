//! The journal layer: buffers the request and response bodies (the handlers read the body whole
//! anyway), then records the exchange in the journal and the metrics.

use std::future::Future;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;

use crate::platform::context::RequestContext;
use crate::platform::journal::{EntryKind, Exchange};
use crate::platform::layers::VendorLayerState;

/// Runs `inner` on the request with its body buffered, then records the exchange.
pub async fn journal_and_measure<F, Fut>(layer: &VendorLayerState, request: Request, inner: F) -> Response
where
    F: FnOnce(Request) -> Fut,
    Fut: Future<Output = Response>,
{
    let started = Instant::now();
    let (services, vendor) = (&layer.services, &layer.vendor);
    // Held as the router's own shared string, not copied.
    let route = request.extensions().get::<MatchedPath>().cloned();
    let tenant = request
        .extensions()
        .get::<RequestContext>()
        .map(|context| context.tenant.clone())
        .unwrap_or_default();
    let method = request.method().clone();
    let uri = request.uri().clone();
    let (parts, body) = request.into_parts();
    let request_bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(err) if is_length_limit(&err) => {
            return vendor.error(StatusCode::PAYLOAD_TOO_LARGE, "request body too large");
        }
        Err(_) => return vendor.error(StatusCode::BAD_REQUEST, "request body could not be read"),
    };
    let response = inner(Request::from_parts(parts, Body::from(request_bytes.clone()))).await;
    let (parts, body) = response.into_parts();
    let response_bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_else(|err| {
        tracing::error!(error = %err, "response body failed");
        Bytes::new()
    });

    let elapsed = started.elapsed();
    services.metrics.record(
        vendor.name(),
        route.as_ref().map_or("unmatched", MatchedPath::as_str),
        parts.status.as_u16(),
        elapsed.as_secs_f64(),
    );
    services.journal.record(
        &tenant,
        Exchange {
            at: Utc::now(),
            vendor: vendor.name(),
            kind: EntryKind::Request,
            method,
            uri,
            status: parts.status.as_u16(),
            duration_ms: (elapsed.as_secs_f64() * 1e6).round() / 1e3,
            request_body: request_bytes,
            response_body: response_bytes.clone(),
        },
    );
    Response::from_parts(parts, Body::from(response_bytes))
}

fn is_length_limit(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = source {
        if current.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = current.source();
    }
    false
}
