//! What the request-context layer learned about a vendor request: its tenant (already seeded),
//! the client IP, and the tenant's clock. Every handler and extractor takes this one type.
//!
//! The clock is read on first use and then kept for the rest of the request, so every part of
//! one request (token check, nonce, the handler's own write) sees the same instant and a request
//! that never needs the time costs no query for it.

use std::net::IpAddr;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};
use tokio::sync::OnceCell;

use crate::platform::clock;

#[derive(Clone, Debug)]
pub struct RequestContext {
    pub tenant: String,
    pub client_ip: IpAddr,
    now: Arc<OnceCell<DateTime<Utc>>>,
}

impl RequestContext {
    pub fn new(tenant: String, client_ip: IpAddr) -> RequestContext {
        RequestContext {
            tenant,
            client_ip,
            now: Arc::default(),
        }
    }

    /// The tenant's time as a caller read it along with its own query ([`clock::now_of_stored`]);
    /// the first reading of the request wins, so every part of it still sees one instant.
    pub fn knows_now(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let _ = self.now.set(now);
        self.now.get().copied().unwrap_or(now)
    }

    /// The tenant's current time, the same for the whole request.
    pub async fn now<'c, E: Executor<'c, Database = Any>>(&self, executor: E) -> Result<DateTime<Utc>, sqlx::Error> {
        self.now
            .get_or_try_init(|| clock::now(executor, &self.tenant))
            .await
            .copied()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestContext {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        // Only a handler mounted outside the vendor layers lacks it: a programming error, shaped
        // into the vendor's 500 by the error layer.
        parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}
