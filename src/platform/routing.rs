//! What every request's path goes through before routing. A tenant named by the base URL,
//! `/_t/{tenant}/…`, is taken off the path ([`tenant_from_path`]); then a vendor reached without
//! its `/<vendor>` prefix — by the `Host` of a request (a compose network alias standing in for the
//! real host name) or through a listener of the vendor's own — gets the prefixed path;
//! `/_emulator` stays reachable as it is. The path the client sent stays in `OriginalUri`, so
//! links an answer builds (`PublicBase`) begin as the client's base URL did, tenant included.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{OriginalUri, Request};
use axum::http::header::HOST;
use axum::http::uri::{PathAndQuery, Uri};

use crate::platform::tenant::{PathTenant, PATH_PREFIX};

/// Which vendor (by name) answers requests arriving for a host name.
#[derive(Clone, Debug, Default)]
pub struct HostRoutes(Arc<HashMap<String, &'static str>>);

impl HostRoutes {
    pub fn new(hosts: impl IntoIterator<Item = (String, &'static str)>) -> HostRoutes {
        HostRoutes(Arc::new(
            hosts
                .into_iter()
                .map(|(host, vendor)| (host.to_ascii_lowercase(), vendor))
                .collect(),
        ))
    }

    /// The vendor a request's `Host` names, if any (the port is ignored).
    pub fn vendor_for(&self, request: &Request) -> Option<&'static str> {
        let host = request.headers().get(HOST)?.to_str().ok()?;
        self.0.get(&host_name(host).to_ascii_lowercase()).copied()
    }
}

/// The host name of a `Host` value without its port: `name`, `name:port`, `[v6]` or `[v6]:port`.
pub fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(bracketed) = host.strip_prefix('[') {
        return bracketed.split_once(']').map_or(host, |(address, _)| address);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// Takes `/_t/{tenant}` off the front of the path into a [`PathTenant`] (checked later, with the
/// header, by whoever answers: a vendor in its error shape, the control plane in its own), and
/// keeps the path as sent in `OriginalUri`. `/_t/{tenant}` alone is the root, `/`.
pub fn tenant_from_path(mut request: Request) -> Request {
    if request.extensions().get::<OriginalUri>().is_none() {
        let original = OriginalUri(request.uri().clone());
        request.extensions_mut().insert(original);
    }
    let Some(rest) = request.uri().path().strip_prefix(PATH_PREFIX) else {
        return request;
    };
    let (tenant, path) = match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    };
    let tenant = PathTenant(tenant.to_owned());
    let rewritten = match request.uri().query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_owned(),
    };
    let mut parts = request.uri().clone().into_parts();
    parts.path_and_query = rewritten.parse::<PathAndQuery>().ok();
    if let Ok(uri) = Uri::from_parts(parts) {
        *request.uri_mut() = uri;
    }
    request.extensions_mut().insert(tenant);
    request
}

/// Prefixes the request's path with the vendor's, unless it is a control-plane call.
pub fn route_to_vendor(mut request: Request, vendor: &str) -> Request {
    let path = request.uri().path();
    if path == "/_emulator" || path.starts_with("/_emulator/") {
        return request;
    }
    let prefixed = match request.uri().path_and_query() {
        Some(path_and_query) => format!("/{vendor}{}", path_and_query.as_str()),
        None => format!("/{vendor}/"),
    };
    let mut parts = request.uri().clone().into_parts();
    parts.path_and_query = prefixed.parse::<PathAndQuery>().ok();
    if let Ok(uri) = Uri::from_parts(parts) {
        *request.uri_mut() = uri;
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(host: &str, uri: &str) -> Request {
        Request::builder()
            .uri(uri)
            .header(HOST, host)
            .body(Body::empty())
            .unwrap()
    }

    #[test]
    fn hosts_pick_vendors_ignoring_port_and_case() {
        let routes = HostRoutes::new([("api.cloudtips.ru".to_owned(), "cloudtips")]);
        assert_eq!(
            routes.vendor_for(&request("API.cloudtips.ru:443", "/")),
            Some("cloudtips")
        );
        assert_eq!(routes.vendor_for(&request("localhost:8080", "/")), None);
    }

    #[test]
    fn paths_are_prefixed_but_the_control_plane_is_not() {
        let routed = route_to_vendor(request("x", "/api/places?x=1"), "cloudtips");
        assert_eq!(routed.uri().to_string(), "/cloudtips/api/places?x=1");
        let control = route_to_vendor(request("x", "/_emulator/health"), "cloudtips");
        assert_eq!(control.uri().to_string(), "/_emulator/health");
    }

    #[test]
    fn a_tenant_comes_off_the_path_and_the_sent_path_is_kept() {
        let taken = tenant_from_path(request("x", "/_t/run-1/cloudtips/api/places?x=1"));
        assert_eq!(taken.uri().to_string(), "/cloudtips/api/places?x=1");
        assert_eq!(
            taken.extensions().get::<PathTenant>(),
            Some(&PathTenant("run-1".into()))
        );
        let original = taken.extensions().get::<OriginalUri>().map(|uri| uri.0.to_string());
        assert_eq!(original.as_deref(), Some("/_t/run-1/cloudtips/api/places?x=1"));

        let root = tenant_from_path(request("x", "/_t/run-1"));
        assert_eq!(root.uri().path(), "/");
        let untouched = tenant_from_path(request("x", "/_tenant/x"));
        assert_eq!(untouched.uri().path(), "/_tenant/x");
        assert!(untouched.extensions().get::<PathTenant>().is_none());
        // Whatever the segment holds is kept for the check, which refuses it.
        let odd = tenant_from_path(request("x", "/_t/Bad%2F/sup/v1"));
        assert_eq!(odd.extensions().get::<PathTenant>(), Some(&PathTenant("Bad%2F".into())));
        assert_eq!(odd.uri().path(), "/sup/v1");
    }
}
