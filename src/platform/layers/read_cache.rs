//! The read-cache layer, innermost (so fault rules, the journal and the metrics see every
//! request): a pure read is answered from `read_cache` while its stamp holds; every other request
//! moves its tenant's stamp at its start and again at its end (see `platform::read_cache`), and on
//! PostgreSQL, for a vendor whose reads are kept, its tenant's write stamp in the database once it
//! is over (`platform::shared_stamps`). Other vendors' requests write only their own tables, which
//! no kept answer reads, so they cost no extra query.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::platform::context::RequestContext;
use crate::platform::layers::VendorLayerState;
use crate::platform::read_cache::CachedAnswer;
use crate::platform::shared_stamps::{MoveWhenOver, TenantStamps};

/// Answers larger than this are not kept.
const MAX_KEPT_BODY: usize = 64 * 1024;

/// Answers a pure read from the cache or through `next` (keeping the answer), and moves the
/// stamps around every other request.
pub async fn cache_reads(layer: &VendorLayerState, request: Request, next: Next) -> Response {
    let Some(cache) = layer.services.read_cache.as_deref() else {
        return next.run(request).await;
    };
    let Some(tenant) = request
        .extensions()
        .get::<RequestContext>()
        .map(|context| context.tenant.clone())
    else {
        return next.run(request).await;
    };
    let kept_vendor = layer.vendor.has_pure_reads();
    let shared = layer.services.shared_stamps.as_ref();
    let pure = kept_vendor && matches!(*request.method(), Method::GET | Method::HEAD);
    if !pure {
        let _writing = cache.writing(&tenant);
        return match shared.filter(|_| kept_vendor) {
            Some(stamps) => {
                let move_when_over = MoveWhenOver::new(Arc::clone(stamps), tenant);
                let response = next.run(request).await;
                move_when_over.finish().await;
                response
            }
            None => next.run(request).await,
        };
    }
    let key = fingerprint(layer.vendor.name(), &tenant, &request);
    // The fault layer read the tenant's stamps for this request already (after it arrived).
    let read_already = request.extensions().get::<TenantStamps>().copied();
    let stamp = match shared {
        Some(stamps) => {
            let current = match read_already {
                Some(current) => Some(current),
                None => stamps.current(&tenant).await,
            };
            match current {
                Some(current) => cache.stamp_with_shared(current.write),
                None => return next.run(request).await,
            }
        }
        None => cache.stamp(&tenant),
    };
    if let Some(answer) = cache.get(&key, stamp) {
        return respond(answer);
    }
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "response body failed");
            return layer.vendor.error(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    if bytes.len() <= MAX_KEPT_BODY && is_kept(parts.status) {
        let answer = CachedAnswer {
            status: parts.status,
            headers: parts.headers.clone(),
            body: bytes.clone(),
        };
        cache.put(key, stamp, answer);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether an answer follows from the stored state alone: not a timeout, a rate limit or a crash,
/// which say something about the moment instead.
fn is_kept(status: StatusCode) -> bool {
    !(status.is_server_error() || status == StatusCode::REQUEST_TIMEOUT || status == StatusCode::TOO_MANY_REQUESTS)
}

/// Everything a pure read's answer can depend on besides the stored state: vendor, tenant,
/// method, path and query, and every header (sorted, so their order does not matter).
fn fingerprint(vendor: &str, tenant: &str, request: &Request) -> String {
    let mut headers: Vec<(&str, &[u8])> = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()))
        .collect();
    headers.sort_unstable();
    let mut key = format!("{vendor}\n{tenant}\n{} {}\n", request.method(), request.uri());
    for (name, value) in headers {
        key.push_str(name);
        key.push(':');
        key.push_str(&String::from_utf8_lossy(value));
        key.push('\n');
    }
    key
}

fn respond(answer: CachedAnswer) -> Response {
    let mut response = Response::new(Body::from(answer.body));
    *response.status_mut() = answer.status;
    *response.headers_mut() = answer.headers;
    response
}
