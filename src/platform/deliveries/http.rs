//! One POST of a notification: hyper's HTTP/1.1 client connection over a tokio socket, or over
//! TLS (rustls) for an `https://` URL, the whole try (connect, handshakes, send, the answer's
//! head) within one timeout. Only the status is read; the answer's body is not, and the connection
//! is closed after the try. An https server is trusted when its certificate chains to the public
//! web roots (webpki-roots) or to one of `deliveries.extra_root_certificates` (a staging CA, a
//! test's own).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, Method, Request, Uri};
use http_body_util::Full;
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

/// Sends notifications: what it trusts for https is read once, at start.
#[derive(Clone)]
pub struct Sender {
    tls: TlsConnector,
}

impl Sender {
    /// The public web roots, plus every certificate of the PEM file `extra_roots` (empty: none).
    pub fn new(extra_roots: &str) -> Result<Sender, String> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        if !extra_roots.is_empty() {
            let setting = "deliveries.extra_root_certificates";
            let certificates = CertificateDer::pem_file_iter(extra_roots)
                .and_then(|found| found.collect::<Result<Vec<_>, _>>())
                .map_err(|err| format!("{setting} {extra_roots}: {err}"))?;
            if certificates.is_empty() {
                return Err(format!("{setting} {extra_roots}: no certificate in the file"));
            }
            for certificate in certificates {
                roots
                    .add(certificate)
                    .map_err(|err| format!("{setting} {extra_roots}: {err}"))?;
            }
        }
        // ring is deprecated in rustls for want of post-quantum key exchange, which notifications
        // to a merchant's test or staging URL do not need; aws-lc-rs, which has it, needs cmake
        // to build.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|err| format!("TLS: {err}"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Sender {
            tls: TlsConnector::from(Arc::new(config)),
        })
    }
}

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
pub async fn post(sender: &Sender, url: &str, body: Bytes, timeout: Duration) -> Outcome {
    let started = Instant::now();
    let result = tokio::time::timeout(timeout, try_post(sender, url, body)).await;
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

async fn try_post(sender: &Sender, url: &str, body: Bytes) -> Result<u16, String> {
    let uri: Uri = url.parse().map_err(|err| format!("not a URL: {err}"))?;
    let secure = match uri.scheme_str() {
        Some("http") => false,
        Some("https") => true,
        _ => return Err("only http:// and https:// URLs are sent".to_owned()),
    };
    let host = uri.host().ok_or("the URL has no host")?.to_owned();
    let port = uri.port_u16().unwrap_or(if secure { 443 } else { 80 });
    // An IPv6 literal comes bracketed in the URL.
    let address = host.trim_start_matches('[').trim_end_matches(']').to_owned();
    let stream = TcpStream::connect((address.as_str(), port))
        .await
        .map_err(|err| format!("connect {host}:{port}: {err}"))?;
    let authority = uri
        .authority()
        .map_or(host.clone(), |authority| authority.as_str().to_owned());
    let path = uri.path_and_query().map_or("/", |path| path.as_str()).to_owned();
    if !secure {
        return exchange(stream, authority, &path, body).await;
    }
    let name = ServerName::try_from(address).map_err(|err| format!("TLS server name {host}: {err}"))?;
    let stream = sender
        .tls
        .connect(name, stream)
        .await
        .map_err(|err| format!("TLS handshake with {host}:{port}: {err}"))?;
    exchange(stream, authority, &path, body).await
}

/// The HTTP/1.1 exchange over an open connection, plain or TLS.
async fn exchange<S>(stream: S, authority: String, path: &str, body: Bytes) -> Result<u16, String>
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|err| format!("HTTP handshake: {err}"))?;
    let connection = tokio::spawn(async move {
        // Ends when the answer's head is read and the sender is dropped.
        let _ = connection.await;
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(path: &str) -> String {
        Sender::new(path).err().expect("refused")
    }

    #[test]
    fn extra_roots_that_cannot_be_used_stop_the_start_naming_the_setting() {
        let missing = refusal("/nonexistent/roots.pem");
        assert!(
            missing.starts_with("deliveries.extra_root_certificates /nonexistent/roots.pem"),
            "{missing}"
        );
        let empty = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(empty.path(), "no PEM here\n").unwrap();
        let path = empty.path().to_string_lossy().into_owned();
        assert!(
            refusal(&path).ends_with("no certificate in the file"),
            "{}",
            refusal(&path)
        );
        assert!(Sender::new("").is_ok(), "the public roots alone");
    }

    #[tokio::test]
    async fn only_http_and_https_are_sent() {
        let sender = Sender::new("").unwrap();
        let outcome = post(&sender, "ftp://127.0.0.1/x", Bytes::new(), Duration::from_secs(1)).await;
        assert_eq!(
            outcome.error.as_deref(),
            Some("only http:// and https:// URLs are sent")
        );
        assert!(!outcome.delivered());
    }
}
