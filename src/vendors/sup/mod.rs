//! СУП (`../shared/seeds/002_*.txt`, rest.lksup.ru), under `/sup`.

pub mod error;
pub mod fixtures;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
