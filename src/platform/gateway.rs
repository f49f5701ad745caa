//! The middleware in front of every vendor router: resolves the tenant (seeding it on first use)
//! and the client IP, buffers the request body, applies fault rules, turns failures found outside
//! the handlers into the vendor's own error shape, and writes the journal and the metrics.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use tracing::Span;

use crate::config::Config;
use crate::platform::context::RequestContext;
use crate::platform::journal::JournalEntry;
use crate::platform::real_ip;
use crate::platform::tenant::tenant_from_headers;
use crate::platform::vendor::Vendor;
use crate::state::AppState;

#[derive(Clone)]
pub struct Gateway {
    pub app: AppState,
    pub vendor: Vendor,
}

pub async fn gateway(State(gw): State<Gateway>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let vendor = gw.vendor;
    let span = Span::current();
    span.record("vendor", vendor.name());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |route| route.as_str())
        .to_owned();
    span.record("route", route.as_str());
    let tenant = match tenant_from_headers(request.headers()) {
        Ok(tenant) => tenant,
        Err(err) => return vendor.platform_error(&gw.app.config, StatusCode::BAD_REQUEST, &err.to_string()),
    };
    span.record("tenant", tenant.as_str());
    if let Err(err) = gw.app.tenants.ensure(&gw.app.db, &gw.app.fixtures, &tenant).await {
        tracing::error!(error = %err, tenant, "cannot prepare the tenant");
        return vendor.platform_error(&gw.app.config, StatusCode::INTERNAL_SERVER_ERROR, "storage unavailable");
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let client_ip = real_ip::client_ip(peer, request.headers(), &gw.app.config.server.trusted_proxies);

    let method = request.method().to_string();
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    let (mut parts, body) = request.into_parts();
    let request_bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(err) if is_length_limit(&err) => {
            return vendor.platform_error(&gw.app.config, StatusCode::PAYLOAD_TOO_LARGE, "request body too large")
        }
        Err(_) => {
            return vendor.platform_error(
                &gw.app.config,
                StatusCode::BAD_REQUEST,
                "request body could not be read",
            )
        }
    };
    parts.extensions.insert(RequestContext {
        tenant: tenant.clone(),
        client_ip,
    });

    let fault = gw.app.faults.fire(&tenant, vendor.name(), &method, &path);
    if let Some(delay) = fault.as_ref().and_then(|fault| fault.delay_ms) {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let response = match fault.and_then(|fault| fault.answer) {
        Some((status, body)) => fault_response(&gw.app.config, vendor, status, body),
        None => {
            next.run(Request::from_parts(parts, Body::from(request_bytes.clone())))
                .await
        }
    };
    let response = shape_platform_error(&gw.app.config, vendor, response);
    let (parts, body) = response.into_parts();
    let response_bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_else(|err| {
        tracing::error!(error = %err, "response body failed");
        Bytes::new()
    });

    let elapsed = started.elapsed();
    gw.app
        .metrics
        .record(vendor.name(), &route, parts.status.as_u16(), elapsed.as_secs_f64());
    let journal = &gw.app.journal;
    journal.record(
        &tenant,
        JournalEntry {
            id: journal.next_id(),
            at: Utc::now(),
            vendor: vendor.name(),
            method,
            path,
            query,
            status: parts.status.as_u16(),
            duration_ms: (elapsed.as_secs_f64() * 1e6).round() / 1e3,
            request_body: journal.capture_body(&request_bytes),
            response_body: journal.capture_body(&response_bytes),
        },
    );
    Response::from_parts(parts, Body::from(response_bytes))
}

/// A fault rule's answer: its body, or the vendor's own error shape for its status.
fn fault_response(config: &Config, vendor: Vendor, status: u16, body: Option<serde_json::Value>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match body {
        Some(body) => (status, axum::Json(body)).into_response(),
        None => vendor.platform_error(config, status, status.canonical_reason().unwrap_or("injected fault")),
    }
}

/// Statuses that layers and the router produce with a plain-text or empty body.
const PLATFORM_STATUSES: [StatusCode; 5] = [
    StatusCode::NOT_FOUND,
    StatusCode::METHOD_NOT_ALLOWED,
    StatusCode::REQUEST_TIMEOUT,
    StatusCode::PAYLOAD_TOO_LARGE,
    StatusCode::INTERNAL_SERVER_ERROR,
];

/// Gives a body-less or plain-text failure from a layer (timeout, body limit, panic, router) the
/// vendor's own shape; a handler's JSON answer passes untouched.
pub fn shape_platform_error(config: &Config, vendor: Vendor, response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("json"));
    if is_json || !PLATFORM_STATUSES.contains(&response.status()) {
        return response;
    }
    let status = response.status();
    vendor.platform_error(config, status, status.canonical_reason().unwrap_or("error"))
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
