//! vendor-emulator: one binary that statefully emulates the LIFE POS, СУП, EDIN EDO and CloudTips
//! REST APIs. `main.rs` parses the command line; everything else lives here so tests can start the
//! real application on port 0.

pub mod config;
pub mod control;
pub mod db;
pub mod fixtures;
pub mod healthcheck;
pub mod platform;
pub mod state;
pub mod vendors;

use std::future::Future;
use std::net::SocketAddr;

use axum::extract::Request;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::field::Empty;
use tracing::Level;

use crate::config::Config;
use crate::db::{Db, DbError};
use crate::fixtures::FixtureError;
pub use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("startup fixtures: {0}")]
    Fixtures(#[from] FixtureError),
    #[error(transparent)]
    Database(#[from] DbError),
}

/// Reads the startup fixtures, opens and migrates the database.
pub async fn start(config: Config) -> Result<AppState, StartupError> {
    let fixtures = match config.fixtures.path() {
        Some(path) => fixtures::read_file(path)?,
        None => fixtures::demo(),
    };
    let db = Db::connect(&config.database.url, config.database.max_connections).await?;
    let signing_key = platform::secrets::shared_secret(&db, "signing_key")
        .await
        .map_err(DbError::Connect)?;
    Ok(AppState::new(config, db, fixtures, signing_key))
}

/// Every route: the control plane and each vendor under its prefix.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest("/_emulator", control::router(&state))
        .merge(vendors::router(&state))
        .layer(
            TraceLayer::new_for_http().make_span_with(request_span).on_response(
                DefaultOnResponse::new()
                    .level(Level::INFO)
                    .latency_unit(tower_http::LatencyUnit::Micros),
            ),
        )
        .with_state(state)
}

fn request_span(request: &Request) -> tracing::Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %request.uri(),
        vendor = Empty,
        tenant = Empty,
        route = Empty,
    )
}

/// Serves until `shutdown` resolves, then finishes in-flight requests and closes the pool.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let db = state.db.clone();
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await?;
    db.close().await;
    Ok(())
}
