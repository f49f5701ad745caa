//! The accept loop behind every listener: HTTP/1.1 connections with a header-read timeout, and a
//! graceful shutdown bounded by a drain time.
//!
//! `axum::serve` gives hyper no timer, so a client trickling its headers a byte at a time would
//! hold a connection (and a file descriptor) for ever, and a shutdown would wait for it as long.
//! Here hyper cuts a connection whose request head is not complete within
//! `server.header_read_timeout_ms`, and a shutdown stops accepting at once, lets in-flight
//! requests finish, and closes whatever is still open after `server.shutdown_drain_ms`.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::{Service, ServiceExt};

use crate::config::ServerConfig;

/// How long a connection may take over its request head, and a shutdown over in-flight requests.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    pub header_read: Duration,
    pub drain: Duration,
}

impl ConnectionLimits {
    pub fn from_config(server: &ServerConfig) -> Self {
        ConnectionLimits {
            header_read: Duration::from_millis(server.header_read_timeout_ms),
            drain: Duration::from_millis(server.shutdown_drain_ms),
        }
    }
}

/// Serves `service` on `listener` until `shutdown` resolves, then drains (see the module docs).
/// Each request carries `ConnectInfo<SocketAddr>` of its peer, as `axum::serve` would give it.
pub async fn serve_connections<S>(
    listener: TcpListener,
    service: S,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send,
) where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: pause rather than spin.
                    tracing::warn!(error = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = service.clone();
        let per_request = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            service.clone().oneshot(request.map(Body::new))
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), per_request));
        tokio::spawn(async move {
            // A client that goes away or is cut for a slow head is not the server's error.
            if let Err(err) = connection.await {
                tracing::debug!(%peer, error = %err, "connection closed with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.drain, graceful.shutdown()).await.is_err() {
        tracing::warn!(
            drain_ms = limits.drain.as_millis() as u64,
            "connections still open after the drain time: closing them"
        );
    }
}
