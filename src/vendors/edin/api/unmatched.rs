//! Answers for paths and methods the EDIN router does not serve. They are routes of this router
//! (not the platform's fallback) so that they read the settings and follow `http_status` like
//! every other EDIN answer.

use axum::extract::State;
use axum::response::Response;

use crate::state::AppState;
use crate::vendors::edin::wire::answer::{respond, Done};
use crate::vendors::edin::wire::error::EdinError;

pub async fn unknown_method(State(app): State<AppState>) -> Response {
    respond::<Done>(app.config.vendors.edin.http_status, Err(EdinError::UnknownMethod))
}

pub async fn method_not_allowed(State(app): State<AppState>) -> Response {
    respond::<Done>(app.config.vendors.edin.http_status, Err(EdinError::MethodNotAllowed))
}
