//! `vendor-emulator healthcheck`: asks a running emulator's `/_emulator/health` over plain HTTP,
//! so a container image needs no curl.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Ok when the emulator at `addr` (`host:port`) answers 200.
pub async fn probe(addr: &str, timeout: Duration) -> Result<(), String> {
    tokio::time::timeout(timeout, ask(addr))
        .await
        .map_err(|_| format!("no answer from {addr} within {timeout:?}"))?
}

async fn ask(addr: &str) -> Result<(), String> {
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|err| format!("cannot connect to {addr}: {err}"))?;
    let request = format!("GET /_emulator/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|err| err.to_string())?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.map_err(|err| err.to_string())?;
    let response = String::from_utf8_lossy(&response);
    let status_line = response.lines().next().unwrap_or_default();
    if status_line.split_whitespace().nth(1) == Some("200") {
        Ok(())
    } else {
        Err(format!("unhealthy: {status_line}"))
    }
}
