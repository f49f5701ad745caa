//! The request-context layer: which tenant the request is for (seeded on first use), which
//! client sent it, and the clock cell, put into the request as one `RequestContext`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::http::StatusCode;
use axum::response::Response;
use tracing::Span;

use crate::platform::context::RequestContext;
use crate::platform::layers::VendorLayerState;
use crate::platform::real_ip;
use crate::platform::tenant::tenant_of;
use crate::platform::tenant_registry::{TenantError, TenantInUse};

/// The request with its `RequestContext` and the hold on its tenant (to keep until the request is
/// over), or the vendor's answer refusing it.
pub async fn resolve_context(
    layer: &VendorLayerState,
    mut request: Request,
) -> Result<(Request, TenantInUse), Response> {
    let (services, vendor) = (&layer.services, &layer.vendor);
    let span = Span::current();
    span.record("vendor", vendor.name());
    if let Some(route) = request.extensions().get::<MatchedPath>() {
        span.record("route", route.as_str());
    }
    let tenant = match tenant_of(request.headers(), request.extensions()) {
        Ok(tenant) => tenant,
        Err(err) => return Err(vendor.error(StatusCode::BAD_REQUEST, &err.to_string())),
    };
    span.record("tenant", tenant.as_str());
    let in_use = services.tenants.in_use(&tenant).await;
    match services.tenants.ensure(&services.db, &tenant).await {
        Ok(()) => {}
        Err(err @ TenantError::Full(_)) => return Err(vendor.error(StatusCode::SERVICE_UNAVAILABLE, &err.to_string())),
        Err(TenantError::Database(err)) => {
            tracing::error!(error = %err, tenant, "cannot prepare the tenant");
            return Err(vendor.error(StatusCode::INTERNAL_SERVER_ERROR, "storage unavailable"));
        }
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let client_ip = real_ip::client_ip(peer, request.headers(), &services.config.server.trusted_proxies);
    request.extensions_mut().insert(RequestContext::new(tenant, client_ip));
    Ok((request, in_use))
}
