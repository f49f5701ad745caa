//! What keeps a web page away from the control plane. A browser lets any page send requests to
//! `127.0.0.1:8080`: a form or a `no-cors` `fetch` needs no permission to *send* a POST, and a
//! page whose host name is made to resolve to 127.0.0.1 (DNS rebinding) counts as the same origin
//! as the emulator and may read its answers. Test suites, curl and compose never look like that:
//! they send no `Origin`, and name the emulator by its own address. So a control call is refused
//! with 403 when
//! - it carries an `Origin` that is not the emulator's own (the dashboard's calls carry its own
//!   origin; `control.allowed_origins` adds others), or a `Sec-Fetch-Site` of another site
//!   (a browser's mark on a request it sends from another site's page);
//! - the emulator listens on a loopback address and the `Host` it was reached by is not a
//!   loopback name or address (`localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]`), a vendor's
//!   real host name (`server.vendor_hosts`) nor in `control.allowed_hosts`. On any other address the emulator cannot know its own names, and
//!   the control token is what protects it (`serve` warns when it has none);
//!
//! and a write that carries a body is refused with 415 unless the body is declared JSON: the only
//! bodies a page can send without asking the server first are forms and plain text.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, ORIGIN, TRANSFER_ENCODING};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::Config;
use crate::platform::routing::host_name;

use super::ControlError;

/// A browser's mark on a request sent from a page (Fetch Metadata): `cross-site` or `same-site`
/// means a page of another site sent it.
const SEC_FETCH_SITE: &str = "sec-fetch-site";

/// What the guard knows of the emulator: whether it listens on loopback, the names it answers to
/// there, and the origins besides its own whose pages may call it.
pub struct BrowserGuard {
    listens_on_loopback: bool,
    own_host_names: Vec<String>,
    allowed_origins: Vec<String>,
}

impl BrowserGuard {
    /// The configured host names (`control.allowed_hosts`) and the vendors' real host names (host
    /// routing: a compose alias for a vendor names this emulator too) count as its own.
    pub fn new(config: &Config) -> BrowserGuard {
        let vendor_hosts = config.server.vendor_hosts.values().flatten();
        BrowserGuard {
            listens_on_loopback: config.server.listen.ip().is_loopback(),
            own_host_names: config
                .control
                .allowed_hosts
                .iter()
                .chain(vendor_hosts)
                .cloned()
                .collect(),
            allowed_origins: config.control.allowed_origins.clone(),
        }
    }

    fn check(&self, method: &Method, headers: &HeaderMap) -> Result<(), ControlError> {
        let host = headers.get(HOST).map(HeaderValue::as_bytes);
        if self.listens_on_loopback {
            if let Some(host) = host.filter(|host| !is_own_host(host, &self.own_host_names)) {
                return Err(ControlError::new(
                    StatusCode::FORBIDDEN,
                    format!(
                        "the control plane answers only to a loopback Host while it listens on a \
                         loopback address, not to `{}` (control.allowed_hosts adds names)",
                        String::from_utf8_lossy(host)
                    ),
                ));
            }
        }
        if let Some(origin) = headers.get(ORIGIN) {
            if !is_own_origin(origin.as_bytes(), host, &self.allowed_origins) {
                return Err(ControlError::new(
                    StatusCode::FORBIDDEN,
                    format!(
                        "the control plane refuses calls from web pages of another origin (`{}`); \
                         control.allowed_origins adds origins",
                        String::from_utf8_lossy(origin.as_bytes())
                    ),
                ));
            }
        } else if headers
            .get(SEC_FETCH_SITE)
            .is_some_and(|site| matches!(site.as_bytes(), b"cross-site" | b"same-site"))
        {
            return Err(ControlError::new(
                StatusCode::FORBIDDEN,
                "the control plane refuses calls from web pages of another site",
            ));
        }
        if is_write(method) && has_body(headers) && !is_json(headers) {
            return Err(ControlError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "control-plane writes take a JSON body: send Content-Type: application/json",
            ));
        }
        Ok(())
    }
}

pub async fn refuse_web_pages(State(guard): State<Arc<BrowserGuard>>, request: Request, next: Next) -> Response {
    match guard.check(request.method(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn has_body(headers: &HeaderMap) -> bool {
    headers.contains_key(TRANSFER_ENCODING)
        || headers
            .get(CONTENT_LENGTH)
            .is_some_and(|length| length.as_bytes() != b"0")
}

/// `application/json`, or any `…/…+json`, with or without parameters.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.contains('/') && essence.ends_with("+json"))
}

fn is_own_host(host: &[u8], own_names: &[String]) -> bool {
    let Ok(host) = std::str::from_utf8(host) else {
        return false;
    };
    let name = host_name(host).trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback())
        || own_names
            .iter()
            .any(|own| own.trim_end_matches('.').eq_ignore_ascii_case(&name))
}

/// The emulator's own origin (`http://` or `https://` and the `Host` it was reached by), or one
/// the settings allow. `Origin: null` (a sandboxed frame, a file) is never one.
fn is_own_origin(origin: &[u8], host: Option<&[u8]>, allowed: &[String]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else {
        return false;
    };
    let origin = origin.trim();
    if allowed
        .iter()
        .any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin))
    {
        return true;
    }
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match (authority, host.and_then(|host| std::str::from_utf8(host).ok())) {
        (Some(authority), Some(host)) => authority.eq_ignore_ascii_case(host.trim()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(listens_on_loopback: bool) -> BrowserGuard {
        BrowserGuard {
            listens_on_loopback,
            own_host_names: vec!["emulator".into(), "api.life-pos.ru".into()],
            allowed_origins: vec!["http://tools.test".into()],
        }
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    fn status(method: Method, pairs: &[(&'static str, &str)], loopback: bool) -> u16 {
        match guard(loopback).check(&method, &headers(pairs)) {
            Ok(()) => 200,
            Err(err) => err.into_response().status().as_u16(),
        }
    }

    #[test]
    fn curl_and_test_suites_pass() {
        let json = [
            ("host", "127.0.0.1:8080"),
            ("content-type", "application/json"),
            ("content-length", "2"),
        ];
        assert_eq!(status(Method::POST, &json, true), 200);
        assert_eq!(
            status(Method::POST, &[("host", "localhost:8080")], true),
            200,
            "no body"
        );
        assert_eq!(
            status(Method::DELETE, &[("host", "[::1]:8080"), ("content-length", "0")], true),
            200
        );
        assert_eq!(
            status(Method::GET, &[("host", "emulator:8080")], true),
            200,
            "allowed host"
        );
        assert_eq!(
            status(Method::GET, &[("host", "api.life-pos.ru")], true),
            200,
            "a vendor's host"
        );
        assert_eq!(
            status(Method::GET, &[("host", "emulator-1:8080")], false),
            200,
            "not on loopback"
        );
        assert_eq!(status(Method::GET, &[], true), 200, "no Host at all");
    }

    #[test]
    fn pages_of_other_origins_are_refused() {
        let own = [("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")];
        assert_eq!(status(Method::POST, &own, true), 200, "the dashboard");
        for origin in [
            "http://127.0.0.1:9000",
            "http://evil.example",
            "null",
            "http://127.0.0.1:8080.evil",
        ] {
            let pairs = [("host", "127.0.0.1:8080"), ("origin", origin)];
            assert_eq!(status(Method::POST, &pairs, true), 403, "{origin}");
            assert_eq!(status(Method::GET, &pairs, false), 403, "{origin}, any address");
        }
        let allowed = [("host", "127.0.0.1:8080"), ("origin", "http://tools.test")];
        assert_eq!(status(Method::POST, &allowed, true), 200);
        let marked = [("host", "127.0.0.1:8080"), ("sec-fetch-site", "cross-site")];
        assert_eq!(status(Method::POST, &marked, true), 403);
    }

    #[test]
    fn rebound_host_names_are_refused_on_loopback() {
        for host in [
            "evil.example",
            "evil.example:8080",
            "10.0.0.1:8080",
            "[2001:db8::1]:8080",
        ] {
            assert_eq!(status(Method::GET, &[("host", host)], true), 403, "{host}");
        }
        for host in ["127.0.0.2:8080", "app.localhost", "LOCALHOST.", "[::ffff:127.0.0.1]:1"] {
            assert_eq!(status(Method::GET, &[("host", host)], true), 200, "{host}");
        }
    }

    #[test]
    fn writes_with_a_body_must_be_json() {
        for content_type in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
        ] {
            let pairs = [
                ("host", "127.0.0.1"),
                ("content-type", content_type),
                ("content-length", "9"),
            ];
            assert_eq!(status(Method::POST, &pairs, true), 415, "{content_type}");
        }
        let untyped = [("host", "127.0.0.1"), ("transfer-encoding", "chunked")];
        assert_eq!(status(Method::POST, &untyped, true), 415, "a body without a type");
        let typed = [
            ("host", "127.0.0.1"),
            ("content-type", "application/merge-patch+json; charset=utf-8"),
            ("content-length", "2"),
        ];
        assert_eq!(status(Method::POST, &typed, true), 200);
        let read = [
            ("host", "127.0.0.1"),
            ("content-type", "text/plain"),
            ("content-length", "9"),
        ];
        assert_eq!(status(Method::GET, &read, true), 200, "reads are not writes");
    }
}
