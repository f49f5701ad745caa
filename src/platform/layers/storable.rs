//! The storable-text layer: a request whose path, query or JSON body holds U+0000 is refused
//! here, in the vendor's own shape, before any handler binds that string to a statement (see
//! `platform::storable` for why). One check for every route of every vendor, so no handler can
//! forget it.
//!
//! Choices where the vendor documents are silent: a query parameter or a body member is the
//! vendor's validation error naming that parameter or member (`list[1].name`; `body` when the body
//! is itself the string); a path segment is the vendor's 404, since nothing can be stored under a
//! name holding U+0000. The check runs after the fault rules (which stand for the network) and
//! before the read cache and the handler, whatever the credentials: the vendors validate the shape
//! of a request before they look it up. A form body is not read here: the one form a vendor takes
//! (CloudTips' `/connect/token`, which answers in OAuth's shape) checks its own pairs.

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;

use crate::platform::layers::VendorLayerState;
use crate::platform::storable::{nul_in_json_bytes, nul_in_query, nul_in_uri_path, NUL_MESSAGE};

/// The request, unchanged, or the vendor's refusal of the string in it that cannot be stored.
pub async fn refuse_unstorable(layer: &VendorLayerState, request: Request) -> Result<Request, Response> {
    let vendor = &layer.vendor;
    if nul_in_uri_path(request.uri().path()) {
        return Err(vendor.error(StatusCode::NOT_FOUND, NUL_MESSAGE));
    }
    if let Some(parameter) = request.uri().query().and_then(nul_in_query) {
        return Err(vendor.invalid_field(request.uri().path(), &parameter, NUL_MESSAGE));
    }
    // The journal layer has buffered the body whole: reading it again is taking the one chunk.
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| vendor.error(StatusCode::BAD_REQUEST, "request body could not be read"))?;
    if let Some(path) = nul_in_json_bytes(&bytes) {
        return Err(vendor.invalid_field(parts.uri.path(), &path.field(), NUL_MESSAGE));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}
