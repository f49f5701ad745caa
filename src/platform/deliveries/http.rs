//! One POST of a notification: hyper's HTTP/1.1 client connection over a tokio socket, the whole
//! try (connect, send, the answer's head) within one timeout. Only the status is read; the answer's
//! body is not, and the connection is closed after the try.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, Method, Request, Uri};
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// What one try came to.
#[derive(Debug)]
pub struct Outcome {
    pub status: Option<u16>,
    pub ms: u64,
    pub error: Option<String>,
}

impl Outcome {
    pub fn delivered(&self) -> bool {
        self.error.is_none()
    }
}

/// POSTs `body` as JSON to `url`, within `timeout`.
pub async fn post(url: &str, body: Bytes, timeout: Duration) -> Outcome {
    let started = Instant::now();
    let result = tokio::time::timeout(timeout, try_post(url, body)).await;
    let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match result {
        Err(_) => Outcome {
            status: None,
            ms,
            error: Some(format!("no answer within {} ms", timeout.as_millis())),
        },
        Ok(Err(error)) => Outcome {
            status: None,
            ms,
            error: Some(error),
        },
        Ok(Ok(status)) if (200..300).contains(&status) => Outcome {
            status: Some(status),
            ms,
            error: None,
        },
        Ok(Ok(status)) => Outcome {
            status: Some(status),
            ms,
            error: Some(format!("answered {status}")),
        },
    }
}

async fn try_post(url: &str, body: Bytes) -> Result<u16, String> {
    let uri: Uri = url.parse().map_err(|err| format!("not a URL: {err}"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") => return Err("https is not sent by this build (no TLS): register an http:// URL".to_owned()),
        _ => return Err("only http:// URLs are sent".to_owned()),
    }
    let host = uri.host().ok_or("the URL has no host")?.to_owned();
    let port = uri.port_u16().unwrap_or(80);
    // An IPv6 literal comes bracketed in the URL.
    let address = host.trim_start_matches('[').trim_end_matches(']').to_owned();
    let stream = TcpStream::connect((address.as_str(), port))
        .await
        .map_err(|err| format!("connect {host}:{port}: {err}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|err| format!("HTTP handshake: {err}"))?;
    let connection = tokio::spawn(async move {
        // Ends when the answer's head is read and the sender is dropped.
        let _ = connection.await;
    });
    let authority = uri
        .authority()
        .map_or(host.clone(), |authority| authority.as_str().to_owned());
    let path = uri.path_and_query().map_or("/", |path| path.as_str());
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, authority)
        .header(header::CONTENT_TYPE, "application/json")
        .header(
            header::USER_AGENT,
            concat!("vendor-emulator/", env!("CARGO_PKG_VERSION")),
        )
        .header(header::CONNECTION, "close")
        .body(Full::new(body))
        .map_err(|err| format!("request: {err}"))?;
    let answer = sender.send_request(request).await.map_err(|err| format!("send: {err}"));
    drop(sender);
    connection.abort();
    Ok(answer?.status().as_u16())
}
