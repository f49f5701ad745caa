//! EDIN EDO (`../shared/seeds/003_*.txt`, edo.edin.ua), under `/edin`.

pub mod error;
pub mod fixtures;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
