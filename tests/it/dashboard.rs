//! What the dashboard reads besides the other control calls: the tenant list and the journal as
//! a live tail of server-sent events; and the page itself.

use std::time::Duration;

use crate::common::{join_all, send, spawn_app, spawn_with, Backend, TestApp};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::{json, Value};

async fn activate(app: &TestApp, tenant: &str, code: &str) -> u16 {
    send(
        app.lifepos(Method::POST, "/v6/auth/activate-workplace")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "activation_code": code })),
    )
    .await
    .0
}

/// One server-sent event.
#[derive(Debug)]
pub struct SseEvent {
    pub event: String,
    pub id: Option<String>,
    pub data: String,
}

impl SseEvent {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.data).unwrap()
    }
}

/// Reads an event stream as a browser's `EventSource` would, skipping comments (keep-alives).
pub struct SseReader {
    response: Response,
    /// Bytes, not text: a chunk may end inside a character.
    buffer: Vec<u8>,
}

impl SseReader {
    pub async fn open(request: RequestBuilder) -> SseReader {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        let content_type = response.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(content_type.starts_with("text/event-stream"), "{content_type}");
        SseReader {
            response,
            buffer: Vec::new(),
        }
    }

    /// The next event within `wait`, or `None` when none came.
    pub async fn next(&mut self, wait: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.windows(2).position(|pair| pair == b"\n\n") {
                let block: Vec<u8> = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse_event(std::str::from_utf8(&block).unwrap()) {
                    return Some(event);
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?;
            let chunk = chunk.unwrap().expect("the stream stays open");
            self.buffer.extend_from_slice(&chunk);
        }
    }

    /// Entries until `count` have come, failing after five seconds without one (a loaded machine
    /// is slow; the browser test holds the dashboard to two seconds).
    pub async fn entries(&mut self, count: usize) -> Vec<Value> {
        let mut entries = Vec::new();
        while entries.len() < count {
            let event = self
                .next(Duration::from_secs(5))
                .await
                .unwrap_or_else(|| panic!("only {} of {count} entries came", entries.len()));
            assert_eq!(event.event, "entry", "{event:?}");
            let entry = event.json();
            assert_eq!(event.id.as_deref(), Some(entry["id"].to_string().as_str()));
            entries.push(entry);
        }
        entries
    }
}

fn parse_event(block: &str) -> Option<SseEvent> {
    let mut event = SseEvent {
        event: "message".to_owned(),
        id: None,
        data: String::new(),
    };
    let mut any = false;
    for line in block.lines() {
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => event.event = value.to_owned(),
            "id" => event.id = Some(value.to_owned()),
            "data" => event.data.push_str(value),
            _ => continue,
        }
        any = true;
    }
    any.then_some(event)
}

fn stream(app: &TestApp, tenant: &str, query: &str) -> RequestBuilder {
    app.get(&format!("/_emulator/journal/stream{query}"))
        .header("X-Emulator-Tenant", tenant)
}

async fn tenants_lists_every_tenant_used(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(app.get("/_emulator/tenants")).await;
    assert_eq!(status, 200);
    assert!(
        body["tenants"].as_array().unwrap().is_empty(),
        "listing creates none: {body}"
    );

    for tenant in ["run-b", "run-a", "default"] {
        assert_eq!(
            send(app.get("/_emulator/clock").header("X-Emulator-Tenant", tenant))
                .await
                .0,
            200
        );
    }
    assert_eq!(activate(&app, "vendor-side", "00000000").await, 401);
    let (_, body) = send(app.get("/_emulator/tenants")).await;
    assert_eq!(body, json!({ "tenants": ["default", "run-a", "run-b", "vendor-side"] }));

    // Tenants first used at the same time are all listed, once each.
    let names: Vec<String> = (0..32).map(|n| format!("parallel-{n:02}")).collect();
    let statuses = join_all(
        names
            .iter()
            .map(|name| send(app.get("/_emulator/outbox").header("X-Emulator-Tenant", name.as_str()))),
    )
    .await;
    assert!(statuses.iter().all(|(status, _)| *status == 200));
    let (_, body) = send(app.get("/_emulator/tenants")).await;
    let listed: Vec<&str> = body["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert_eq!(listed.len(), 4 + 32, "{listed:?}");
    assert!(names.iter().all(|name| listed.contains(&name.as_str())));
}

async fn dashboard_calls_need_the_control_token(backend: Backend) {
    let app = spawn_with(backend, |config| {
        config.control.token = vendor_emulator::config::Secret::new("s3cret");
    })
    .await;
    for path in ["/_emulator/tenants", "/_emulator/journal/stream"] {
        let (status, body) = send(app.get(path)).await;
        assert_eq!(status, 401, "{path}");
        assert!(body["error"].is_string());
    }
    assert_eq!(send(app.get("/_emulator/tenants").bearer_auth("s3cret")).await.0, 200);
    let mut tail = SseReader::open(app.get("/_emulator/journal/stream").bearer_auth("s3cret")).await;
    assert_eq!(activate(&app, "default", "00000000").await, 401);
    assert_eq!(tail.entries(1).await[0]["status"], 401);

    let (status, page) = {
        let response = app.get("/_emulator/ui").send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    };
    assert_eq!(status, 200, "the page itself holds no state and needs no token");
    assert!(page.contains("/_emulator/journal/stream") && page.contains("\"/tenants\""));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "nothing is loaded from elsewhere"
    );
}

async fn the_stream_sends_the_backlog_then_each_new_entry(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(activate(&app, "t1", "00000001").await, 401);
    assert_eq!(activate(&app, "t1", "12345678").await, 200);
    assert_eq!(activate(&app, "t2", "00000002").await, 401);

    let mut tail = SseReader::open(stream(&app, "t1", "")).await;
    let backlog = tail.entries(2).await;
    assert_eq!(
        backlog.iter().map(|e| e["status"].clone()).collect::<Vec<_>>(),
        [json!(401), json!(200)],
        "oldest first"
    );
    assert_eq!(backlog[0]["request_body"], r#"{"activation_code":"00000001"}"#);
    assert!(backlog[0]["response_body"]
        .as_str()
        .unwrap()
        .contains("WrongActivationCode"));
    assert!(
        tail.next(Duration::from_millis(300)).await.is_none(),
        "nothing else yet"
    );

    assert_eq!(activate(&app, "t2", "00000003").await, 401);
    assert_eq!(activate(&app, "t1", "00000004").await, 401);
    let live = tail.entries(1).await;
    assert_eq!(
        live[0]["request_body"], r#"{"activation_code":"00000004"}"#,
        "only t1's"
    );
    assert_eq!(live[0]["path"], "/v6/auth/activate-workplace");
    assert!(tail.next(Duration::from_millis(300)).await.is_none());

    let mut none_kept = SseReader::open(stream(&app, "t1", "?backlog=0")).await;
    assert!(none_kept.next(Duration::from_millis(300)).await.is_none());
    let mut newest = SseReader::open(stream(&app, "t1", "?backlog=1")).await;
    assert_eq!(newest.entries(1).await[0]["id"], live[0]["id"]);
}

async fn the_stream_filters_by_vendor_status_method_and_path(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut errors = SseReader::open(stream(&app, "default", "?vendor=lifepos&status=401")).await;
    let mut by_path = SseReader::open(stream(&app, "default", "?path=/orgs&method=get")).await;
    let mut other_vendor = SseReader::open(stream(&app, "default", "?vendor=sup")).await;

    assert_eq!(activate(&app, "default", "12345678").await, 200);
    assert_eq!(activate(&app, "default", "00000000").await, 401);
    send(app.lifepos(Method::GET, "/orgs?page=1")).await;

    let error = errors.entries(1).await;
    assert_eq!(error[0]["request_body"], r#"{"activation_code":"00000000"}"#);
    let listed = by_path.entries(1).await;
    assert_eq!(
        (listed[0]["path"].clone(), listed[0]["query"].clone()),
        (json!("/orgs"), json!("page=1"))
    );
    // The /orgs call without a token was a 401 too.
    assert_eq!(errors.entries(1).await[0]["path"], "/orgs");
    assert!(other_vendor.next(Duration::from_millis(300)).await.is_none());

    for query in ["?status=teapot", "?backlog=-1"] {
        let (status, body) = send(stream(&app, "default", query)).await;
        assert_eq!(status, 400, "{query}");
        assert!(body["error"].is_string());
    }
    let (status, _) = send(stream(&app, "Bad Tenant", "")).await;
    assert_eq!(status, 400);
}

async fn a_reconnect_with_last_event_id_resumes_without_gaps_or_repeats(backend: Backend) {
    let app = spawn_app(backend).await;
    for code in ["00000001", "00000002", "00000003"] {
        assert_eq!(activate(&app, "default", code).await, 401);
    }
    let (_, journal) = send(app.get("/_emulator/journal")).await;
    let first_id = journal["entries"][0]["id"].to_string();
    let mut resumed = SseReader::open(stream(&app, "default", "?backlog=0").header("Last-Event-ID", &first_id)).await;
    let entries = resumed.entries(2).await;
    assert_eq!(
        entries.iter().map(|e| e["request_body"].clone()).collect::<Vec<_>>(),
        [
            json!(r#"{"activation_code":"00000002"}"#),
            json!(r#"{"activation_code":"00000003"}"#)
        ],
        "Last-Event-ID wins over backlog"
    );
    assert_eq!(activate(&app, "default", "00000004").await, 401);
    assert_eq!(
        resumed.entries(1).await[0]["request_body"],
        r#"{"activation_code":"00000004"}"#
    );

    let (status, body) = send(stream(&app, "default", "").header("Last-Event-ID", "yesterday")).await;
    assert_eq!((status, body["error"].is_string()), (400, true));
}

async fn parallel_requests_all_reach_the_tail_once_in_order(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tail = SseReader::open(stream(&app, "default", "?backlog=0")).await;
    let codes: Vec<String> = (0..32).map(|n| format!("{:08}", 90_000_000 + n)).collect();
    // Each from its own address, so the per-IP rate limit lets every one through.
    let app = &app;
    let statuses = join_all(codes.iter().enumerate().map(|(n, code)| async move {
        send(
            app.lifepos(Method::POST, "/v6/auth/activate-workplace")
                .header("X-Forwarded-For", format!("10.0.0.{}", n + 1))
                .json(&json!({ "activation_code": code })),
        )
        .await
        .0
    }))
    .await;
    assert!(statuses.iter().all(|status| *status == 401), "{statuses:?}");
    let entries = tail.entries(32).await;
    let ids: Vec<u64> = entries.iter().map(|e| e["id"].as_u64().unwrap()).collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "in id order: {ids:?}");
    let mut bodies: Vec<String> = entries
        .iter()
        .map(|e| e["request_body"].as_str().unwrap().to_owned())
        .collect();
    bodies.sort();
    let mut expected: Vec<String> = codes
        .iter()
        .map(|code| format!(r#"{{"activation_code":"{code}"}}"#))
        .collect();
    expected.sort();
    assert_eq!(bodies, expected);
    assert!(tail.next(Duration::from_millis(300)).await.is_none());
}

async fn an_open_tail_does_not_hold_up_shutdown(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut tail = SseReader::open(stream(&app, "default", "")).await;
    let stopped = tokio::time::timeout(Duration::from_secs(10), app.stop()).await;
    assert!(stopped.is_ok(), "the server stopped with a tail open");
    let rest = tokio::time::timeout(Duration::from_secs(2), tail.response.chunk()).await;
    assert!(matches!(rest, Ok(Ok(None)) | Ok(Err(_))), "the tail ended: {rest:?}");
}

on_both_engines!(
    tenants_lists_every_tenant_used,
    dashboard_calls_need_the_control_token,
    the_stream_sends_the_backlog_then_each_new_entry,
    the_stream_filters_by_vendor_status_method_and_path,
    a_reconnect_with_last_event_id_resumes_without_gaps_or_repeats,
    parallel_requests_all_reach_the_tail_once_in_order,
    an_open_tail_does_not_hold_up_shutdown,
);
