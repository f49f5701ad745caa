//! CloudTips (`../shared/seeds/004_*.txt`, api.cloudtips.ru), under `/cloudtips`.

pub mod error;
pub mod fixtures;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
}
