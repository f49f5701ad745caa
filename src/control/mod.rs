//! The control plane, `/_emulator`: what test suites drive (CONTRACT.md section 4). JSON in and
//! out; errors are `{"error": …}`. Every call except `health` acts on the tenant named by
//! `X-Emulator-Tenant` and, when `control.token` is set, needs `Authorization: Bearer <token>`.

mod clock;
mod error;
mod faults;
mod health;
mod journal;
mod metrics;
mod outbox;
mod tenant_state;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;

pub use error::ControlError;

use crate::platform::tenant::tenant_from_headers;
use crate::state::AppState;

pub fn router(state: &AppState) -> Router<AppState> {
    let protected = Router::new()
        .route("/reset", post(tenant_state::reset))
        .route("/fixtures", post(tenant_state::load_fixtures))
        .route("/state", get(tenant_state::export_state))
        .route("/outbox", get(outbox::list).delete(outbox::clear))
        .route("/journal", get(journal::list).delete(journal::clear))
        .route("/clock", get(clock::read).post(clock::change))
        .route("/faults", get(faults::list).post(faults::add).delete(faults::clear))
        .route("/faults/{id}", axum::routing::delete(faults::remove))
        .route("/metrics", get(metrics::metrics))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_control_token));
    Router::new().route("/health", get(health::health)).merge(protected)
}

async fn require_control_token(State(app): State<AppState>, request: Request, next: Next) -> Response {
    if let Some(expected) = app.config.control.token.expose() {
        let presented = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "));
        if presented != Some(expected) {
            return ControlError::new(StatusCode::UNAUTHORIZED, "a valid control token is required").into_response();
        }
    }
    next.run(request).await
}

/// The tenant a control call acts on, seeded on first use like any other.
pub struct ControlTenant(pub String);

impl FromRequestParts<AppState> for ControlTenant {
    type Rejection = ControlError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let tenant = tenant_from_headers(&parts.headers).map_err(|err| ControlError::bad_request(err.to_string()))?;
        app.tenants.ensure(&app.db, &app.fixtures, &tenant).await?;
        Ok(ControlTenant(tenant))
    }
}

/// A query string parsed into `T`, rejected as a 400 `{"error"}`.
pub struct ControlQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ControlQuery<T> {
    type Rejection = ControlError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|query| ControlQuery(query.0))
            .map_err(|err| ControlError::bad_request(err.body_text()))
    }
}
