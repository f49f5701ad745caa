//! A web page of another origin can neither change nor read the control plane, while curl-like
//! clients (no `Origin`, a loopback `Host`, JSON bodies) keep working unchanged.

use crate::common::{send, spawn_app, spawn_with, Backend};
use serde_json::json;

async fn pages_of_other_origins_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let advance = r#"{"advance_seconds":777}"#;
    for origin in ["http://evil.example", "null", "http://127.0.0.1:1"] {
        let (status, body) = send(
            app.post("/_emulator/clock")
                .header("Origin", origin)
                .header("Content-Type", "application/json")
                .body(advance),
        )
        .await;
        assert_eq!(status, 403, "{origin}: {body}");
        assert!(body["error"].as_str().unwrap().contains("origin"), "{body}");
        let (status, _) = send(
            app.post("/_emulator/faults")
                .header("Origin", origin)
                .json(&json!({"status": 503})),
        )
        .await;
        assert_eq!(status, 403, "{origin}");
    }
    // The bodies a page may send without asking first: plain text and forms.
    for content_type in ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded"] {
        let (status, body) = send(
            app.post("/_emulator/clock")
                .header("Content-Type", content_type)
                .body(advance),
        )
        .await;
        assert_eq!(status, 415, "{content_type}: {body}");
    }
    let (status, clock) = send(app.get("/_emulator/clock")).await;
    assert_eq!(
        (status, clock["offset_seconds"].clone()),
        (200, json!(0)),
        "the clock never moved"
    );
    let (_, faults) = send(app.get("/_emulator/faults")).await;
    assert_eq!(faults["faults"], json!([]), "no rule was installed");

    // A client that is no web page, and the dashboard's own calls, still work.
    let (status, _) = send(app.post("/_emulator/clock").json(&json!({"advance_seconds": 5}))).await;
    assert_eq!(status, 200);
    let own_origin = app.url("").trim_end_matches('/').to_owned();
    let (status, body) = send(
        app.post("/_emulator/clock")
            .header("Origin", own_origin)
            .json(&json!({"advance_seconds": 5})),
    )
    .await;
    assert_eq!((status, body["offset_seconds"].clone()), (200, json!(10)), "{body}");
    let (status, _) = send(app.post("/_emulator/reset")).await;
    assert_eq!(status, 200, "a write without a body needs no type");
}

async fn a_rebound_host_name_reads_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    for host in ["evil.example", "evil.example:8080", "192.168.1.1"] {
        let (status, body) = send(app.get("/_emulator/state").header("Host", host)).await;
        assert_eq!(status, 403, "{host}: {body}");
        assert!(!body.to_string().contains("secret123"), "no state leaks: {body}");
    }
    let (status, _) = send(app.get("/_emulator/state").header("Host", "localhost")).await;
    assert_eq!(status, 200);
    let allowed = spawn_with(backend, |config| config.control.allowed_hosts = vec!["emulator".into()]).await;
    let (status, _) = send(allowed.get("/_emulator/state").header("Host", "emulator:8080")).await;
    assert_eq!(status, 200, "control.allowed_hosts");
    let open = spawn_with(backend, |config| config.server.listen = "0.0.0.0:0".parse().unwrap()).await;
    let (status, _) = send(open.get("/_emulator/state").header("Host", "emulator-1:8080")).await;
    assert_eq!(status, 200, "not on loopback, the Host is not checked");
}

async fn served_pages_cannot_be_framed_or_injected(backend: Backend) {
    let app = spawn_app(backend).await;
    for page in ["/_emulator/ui", "/_emulator/docs"] {
        let response = app.get(page).send().await.unwrap();
        assert_eq!(response.status(), 200, "{page}");
        let headers = response.headers().clone();
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(
            policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'sha256-"),
            "{page}: {policy}"
        );
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert_eq!(headers["x-frame-options"], "DENY", "{page}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{page}");
    }
}

crate::on_both_engines!(
    pages_of_other_origins_change_nothing,
    a_rebound_host_name_reads_nothing,
    served_pages_cannot_be_framed_or_injected,
);
