//! Serves one route with a recorded response: `bench-ceiling ADDR RESPONSE_FILE`.
//!
//! RESPONSE_FILE is what bench/run captured from the emulator's GET of one workplace: the header
//! lines (`name: value`, `date` and `content-length` left out, hyper writes both as the emulator's
//! server does), an empty line, then the body bytes. The route is the emulator's own path pattern,
//! so the router does the same matching work.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use axum::routing::get;
use axum::Router;

fn parse(recorded: &[u8]) -> (HeaderMap, Bytes) {
    let split = recorded
        .windows(2)
        .position(|w| w == b"\n\n")
        .expect("the response file has an empty line between headers and body");
    let head = std::str::from_utf8(&recorded[..split]).expect("headers are UTF-8");
    let mut headers = HeaderMap::new();
    for line in head.lines().filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').expect("a header line is name: value");
        headers.append(
            HeaderName::from_bytes(name.trim().as_bytes()).expect("a valid header name"),
            HeaderValue::from_str(value.trim()).expect("a valid header value"),
        );
    }
    (headers, Bytes::copy_from_slice(&recorded[split + 2..]))
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().expect("usage: bench-ceiling ADDR RESPONSE_FILE");
    let file = args.next().expect("usage: bench-ceiling ADDR RESPONSE_FILE");
    let (headers, body) = parse(&std::fs::read(&file).expect("the response file is readable"));
    let app = Router::new().route(
        "/lifepos/v6/orgs/{org}/workplaces/{guid}",
        get(move || {
            let (headers, body) = (headers.clone(), body.clone());
            async move { (headers, body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("the address is free");
    axum::serve(listener, app).await.expect("serving");
}
