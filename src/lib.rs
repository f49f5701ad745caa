//! vendor-emulator: one binary that statefully emulates the LIFE POS, СУП, EDIN EDO and CloudTips
//! REST APIs. `main.rs` parses the command line; everything else lives here so tests can start the
//! real application on port 0.

pub mod config;
mod connections;
pub mod control;
pub mod db;
pub mod fixtures;
pub mod healthcheck;
pub mod openapi;
pub mod platform;
pub mod state;
pub mod vendors;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::Request;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::field::Empty;
use tracing::Level;

use crate::config::Config;
use crate::connections::{serve_connections, ConnectionLimits};
use crate::db::{Db, DbError};
use crate::fixtures::FixtureError;
use crate::fixtures::StartupFixtures;
use crate::platform::routing::{route_to_vendor, tenant_from_path, HostRoutes};
use crate::platform::services::Services;
pub use crate::state::AppState;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("startup fixtures: {0}")]
    Fixtures(#[from] FixtureError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("configuration: {0}")]
    Config(String),
}

/// Reads the startup fixtures, opens and migrates the database.
pub async fn start(config: Config) -> Result<AppState, StartupError> {
    host_routes(&config)?;
    vendor_listeners(&config)?;
    platform::wire::set_max_problems(config.server.max_problems);
    let sections = vendors::fixture_sections();
    let db = Db::connect(&config.database.url, config.database.max_connections).await?;
    // A file's document is loaded once, and rolled back, before the emulator says it is ready:
    // a reference only the database can check would otherwise fail every tenant's first call.
    // The bundled demo fixtures are checked by the tests instead, so a plain start pays nothing.
    let startup = match config.fixtures.path() {
        Some(path) => {
            let document = sections.read_file(path)?;
            document
                .check_loads(&db, config.deliveries.max_pending_per_tenant)
                .await?;
            document
        }
        None => sections.demo(),
    };
    let sender = platform::deliveries::http::Sender::new(&config.deliveries.extra_root_certificates)
        .map_err(StartupError::Config)?;
    let signing_key = platform::secrets::shared_secret(&db, "signing_key")
        .await
        .map_err(DbError::Connect)?;
    let services = Services::new(
        config,
        db,
        Arc::new(StartupFixtures {
            document: startup,
            sections: sections.clone(),
        }),
        signing_key,
        vendors::names(),
        sender,
    );
    let listing = vendors::listing(&services.config);
    let surfaces = surfaces(&services.config);
    Ok(AppState::new(Arc::new(services), sections, listing, surfaces))
}

/// `check-fixtures FILE`: the document passes every check a start with `--fixtures FILE` (and
/// `POST /_emulator/fixtures`) makes, those against the database included, run in a throw-away
/// in-memory database.
pub async fn check_fixtures_file(path: &std::path::Path) -> Result<(), StartupError> {
    let document = vendors::fixture_sections().read_file(path)?;
    let db = Db::connect("sqlite::memory:", 1).await?;
    let max_pending = Config::defaults().deliveries.max_pending_per_tenant;
    document.check_loads(&db, max_pending).await?;
    Ok(())
}

/// Every vendor's OpenAPI surface, then the control plane's (whose vendors and bounds are
/// `config`'s).
pub fn surfaces(config: &Config) -> Vec<openapi::Surface> {
    let mut surfaces = vendors::surfaces();
    surfaces.push(control::surface(&vendors::listing(config), &config.faults));
    surfaces
}

/// Every route: the control plane and each vendor under its prefix.
pub fn app(state: AppState) -> Router {
    Router::new()
        .nest(control::PREFIX, control::router(&state))
        .merge(vendors::router(&state))
        .layer(
            TraceLayer::new_for_http().make_span_with(request_span).on_response(
                // One line per request is for debugging (`log.level = "debug"`): at the default
                // `info` it would cost a formatted, written line on every call.
                DefaultOnResponse::new()
                    .level(Level::DEBUG)
                    .latency_unit(tower_http::LatencyUnit::Micros),
            ),
        )
        .with_state(state)
}

/// At `debug`, every request's events carry its method, URI, vendor, tenant and route; at the
/// default `info` the span is not even built, which is a good part of a cheap request's cost.
fn request_span(request: &Request) -> tracing::Span {
    tracing::debug_span!(
        "request",
        method = %request.method(),
        uri = %request.uri(),
        vendor = Empty,
        tenant = Empty,
        route = Empty,
    )
}

/// Serves `listener`, and each vendor's own listener when configured, until `shutdown` resolves;
/// then finishes in-flight requests and closes the pool.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let invalid = |err: StartupError| std::io::Error::new(std::io::ErrorKind::InvalidInput, err.to_string());
    let hosts = host_routes(&state.config).map_err(invalid)?;
    let limits = ConnectionLimits::from_config(&state.config.server);
    warn_of_an_open_control_plane(&listener, &state.config);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut vendor_servers = Vec::new();
    for (vendor, address) in vendor_listeners(&state.config).map_err(invalid)? {
        let listener = TcpListener::bind(address).await?;
        let address = listener.local_addr().unwrap_or(address);
        tracing::info!(vendor, %address, "vendor listener ready");
        let service = routed(app(state.clone()), move |request| {
            route_to_vendor(tenant_from_path(request), vendor)
        });
        let mut stopped = stopped.clone();
        vendor_servers.push(tokio::spawn(serve_connections(listener, service, limits, async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        })));
    }
    let db = state.db.clone();
    let services = Arc::clone(&state.services);
    let housekeeping = tokio::spawn(platform::tenant_removal::housekeeping(Arc::clone(&services)));
    let deliveries = tokio::spawn(platform::deliveries::worker::run(Arc::clone(&services)));
    let shutdown = async move {
        shutdown.await;
        // Live journal tails never end by themselves; graceful shutdown waits for them.
        services.journal.close_streams();
    };
    let service = routed(app(state), move |request| {
        let request = tenant_from_path(request);
        match hosts.vendor_for(&request) {
            Some(vendor) => route_to_vendor(request, vendor),
            None => request,
        }
    });
    // One signal stops every listener at once, so all of them drain within the same drain time.
    let stop_every_listener = async move {
        shutdown.await;
        let _ = stop.send(true);
    };
    serve_connections(listener, service, limits, stop_every_listener).await;
    for server in vendor_servers {
        if let Err(err) = server.await {
            tracing::error!(error = %err, "vendor listener failed");
        }
    }
    housekeeping.abort();
    deliveries.abort();
    let _ = deliveries.await;
    db.close().await;
    Ok(())
}

/// Anyone who reaches a non-loopback address can drive the control plane unless it has a token:
/// said once, at start, in words an operator can act on.
fn warn_of_an_open_control_plane(listener: &TcpListener, config: &Config) {
    let Ok(address) = listener.local_addr() else {
        return;
    };
    if !address.ip().is_loopback() && config.control.token.expose().is_none() {
        tracing::warn!(
            %address,
            "the control plane (/_emulator: state with passwords and API keys, reset, fixtures, clock, \
             faults) is open to anyone who can reach this address; set control.token \
             (EMULATOR__CONTROL__TOKEN) to require it"
        );
    }
}

/// The router behind a rewrite of each request's path (host routing, vendor listeners).
fn routed(
    router: Router,
    rewrite: impl Fn(Request) -> Request + Clone + Send + Sync + 'static,
) -> tower::util::MapRequest<Router, impl Fn(Request) -> Request + Clone> {
    tower::util::MapRequest::new(router, rewrite)
}

fn host_routes(config: &Config) -> Result<HostRoutes, StartupError> {
    let mut hosts = Vec::new();
    let known = vendors::names();
    for (name, names) in &config.server.vendor_hosts {
        let vendor = known
            .iter()
            .copied()
            .find(|vendor| vendor == name)
            .ok_or_else(|| StartupError::Config(format!("server.vendor_hosts: no vendor named `{name}`")))?;
        hosts.extend(names.iter().map(|host| (host.clone(), vendor)));
    }
    Ok(HostRoutes::new(hosts))
}

fn vendor_listeners(config: &Config) -> Result<Vec<(&'static str, SocketAddr)>, StartupError> {
    let mut listeners = Vec::new();
    for vendor in vendors::listing(config) {
        let Some(address) = vendor.listen else {
            continue;
        };
        let name = vendor.name;
        let address = address
            .parse()
            .map_err(|_| StartupError::Config(format!("vendors.{name}.listen: `{address}` is not an address")))?;
        listeners.push((name, address));
    }
    Ok(listeners)
}
