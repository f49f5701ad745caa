//! What happens when things go wrong: panics, slow handlers, races.

use std::time::Duration;

use crate::common::{send, spawn_app, test_config, Backend};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use axum::Router;
use reqwest::Method;
use serde_json::{json, Value};
use tower::ServiceExt;

/// A LIFE POS-mounted router with routes that misbehave.
async fn misbehaving_vendor(request_timeout_ms: u64) -> Router {
    let mut config = test_config("sqlite::memory:");
    config.server.request_timeout_ms = request_timeout_ms;
    let state = vendor_emulator::start(config).await.expect("starts");
    let routes = Router::new()
        .route("/boom", get(|| async { panic!("handler bug") as &str }))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            }),
        );
    let lifepos = vendor_emulator::vendors::vendor(&state.config, "lifepos").expect("registered");
    vendor_emulator::platform::layers::mount(lifepos, routes, state.services.clone()).with_state(state)
}

async fn call(router: &Router, path: &str) -> (StatusCode, Value) {
    let response = router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_panic_is_a_500_in_the_vendor_shape() {
    let router = misbehaving_vendor(30_000).await;
    let (status, body) = call(&router, "/boom").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        body,
        json!({ "code": "InternalServerError", "message": "внутренняя ошибка сервера" })
    );
    let (status, _) = call(&router, "/boom").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "still serving after a panic");
}

#[tokio::test]
async fn a_slow_request_times_out_in_the_vendor_shape() {
    let router = misbehaving_vendor(100).await;
    let (status, body) = call(&router, "/slow").await;
    assert_eq!(status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(body["code"], "RequestTimeout");
}

async fn one_code_one_activation_under_a_race(backend: Backend) {
    let app = spawn_app(backend).await;
    let attempts = (0..20).map(|i| {
        let request = app
            .lifepos(Method::POST, "/v5/auth/activate-workplace")
            .header("X-Forwarded-For", format!("10.20.0.{i}"))
            .json(&json!({ "activation_code": "12345678" }));
        async move { send(request).await.0 }
    });
    let statuses = futures_join_all(attempts).await;
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 19, "{statuses:?}");
}

/// Runs the futures concurrently on the runtime and collects their outputs in order.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    for handle in handles {
        outputs.push(handle.await.expect("task finished"));
    }
    outputs
}

/// Writes whose clients give up while they wait for the database (here after a few milliseconds,
/// many still queued for SQLite's write lock) leave no connection behind inside a transaction:
/// every write after them succeeds.
async fn writes_cut_off_by_their_clients_leave_the_database_usable(backend: Backend) {
    let app = spawn_app(backend).await;
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(3))
        .build()
        .unwrap();
    let org = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
    let url = app.url(&format!("/lifepos/v6/orgs/{org}/workplaces"));
    for _round in 0..12 {
        let cut_off = (0..48).map(|_| {
            let request = crate::common::with_lifepos_headers(impatient.post(&url))
                .header("Authorization", "demo-lifepos-api-key")
                .json(&json!({ "workplace_type": "Mobile" }));
            async move { request.send().await.map(|answer| answer.status().as_u16()).ok() }
        });
        futures_join_all(cut_off).await;
    }
    for attempt in 0..10 {
        let (status, body) = send(
            app.lifepos(Method::POST, &format!("/v6/orgs/{org}/workplaces"))
                .header("Authorization", "demo-lifepos-api-key")
                .json(&json!({ "workplace_type": "Mobile" })),
        )
        .await;
        assert_eq!(status, 200, "write {attempt} after the cut-off ones: {body}");
    }
}

on_both_engines!(
    one_code_one_activation_under_a_race,
    writes_cut_off_by_their_clients_leave_the_database_usable
);
