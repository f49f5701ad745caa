//! What the gateway learned about a vendor request, for its handler to extract.

use std::net::IpAddr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;

#[derive(Clone, Debug)]
pub struct RequestContext {
    pub tenant: String,
    pub client_ip: IpAddr,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Only a handler mounted outside a vendor gateway lacks it: a programming error, shaped
        // into the vendor's 500 by the gateway.
        parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}
