//! What test suites drive besides the vendors: fault injection, host routing, per-vendor
//! listeners, metrics.

use crate::common::{free_port, send, spawn_app, spawn_with, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn activate(app: &TestApp, code: &str) -> (u16, Value) {
    send(
        app.lifepos(Method::POST, "/v5/auth/activate-workplace")
            .json(&json!({ "activation_code": code })),
    )
    .await
}

async fn add_fault(app: &TestApp, rule: Value) -> String {
    let (status, body) = send(app.post("/_emulator/faults").json(&rule)).await;
    assert_eq!(status, 200, "{rule} → {body}");
    body["id"].as_str().unwrap().to_owned()
}

async fn faults_answer_in_the_vendor_shape_and_change_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    add_fault(
        &app,
        json!({ "vendor": "lifepos", "method": "post", "path": "/v5/auth/*", "status": 503, "times": 2 }),
    )
    .await;
    for _ in 0..2 {
        let (status, body) = activate(&app, "12345678").await;
        assert_eq!(status, 503);
        assert_eq!(body["code"], "InternalServerError", "{body}");
        assert!(body["message"].is_string());
    }
    let (status, _) = activate(&app, "12345678").await;
    assert_eq!(
        status, 200,
        "after two firings the rule is gone, and the faulted calls used nothing up"
    );
    let (_, listed) = send(app.get("/_emulator/faults")).await;
    assert_eq!(listed["faults"], json!([]));

    add_fault(
        &app,
        json!({ "path": "/v1/**", "status": 500, "body": { "message": "custom" } }),
    )
    .await;
    let (status, body) = send(
        app.post("/sup/v1/auth/login")
            .json(&json!({ "login": "partner", "password": "secret" })),
    )
    .await;
    assert_eq!((status, body), (500, json!({ "message": "custom" })));
    add_fault(&app, json!({ "vendor": "sup", "status": 429 })).await;
    let (status, body) = send(app.get("/sup/anything")).await;
    assert_eq!(status, 429);
    assert!(body["message"].is_string(), "СУП's own shape: {body}");
}

async fn delays_let_the_real_handler_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    add_fault(
        &app,
        json!({ "vendor": "lifepos", "path": "**/activate-workplace", "delay_ms": 150 }),
    )
    .await;
    let (status, body) = activate(&app, "12345678").await;
    assert_eq!(status, 200, "{body}");
    let (_, journal) = send(app.get("/_emulator/journal?limit=1")).await;
    assert!(
        journal["entries"][0]["duration_ms"].as_f64().unwrap() >= 150.0,
        "{journal}"
    );
}

async fn rules_are_per_tenant_listed_and_removed(backend: Backend) {
    let app = spawn_app(backend).await;
    let first = add_fault(&app, json!({ "vendor": "lifepos", "status": 500 })).await;
    add_fault(&app, json!({ "vendor": "lifepos", "status": 502, "method": "GET" })).await;
    let (_, listed) = send(app.get("/_emulator/faults")).await;
    let rules = listed["faults"].as_array().unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0]["id"], first.as_str());
    assert_eq!(rules[0]["probability"], 1.0);
    let (status, _) = send(
        app.lifepos(Method::POST, "/v5/auth/activate-workplace")
            .header("X-Emulator-Tenant", "clean")
            .json(&json!({ "activation_code": "12345678" })),
    )
    .await;
    assert_eq!(status, 200, "another tenant has no rules");

    assert_eq!(send(app.delete(&format!("/_emulator/faults/{first}"))).await.0, 200);
    assert_eq!(send(app.delete(&format!("/_emulator/faults/{first}"))).await.0, 404);
    assert_eq!(
        activate(&app, "12345678").await.0,
        200,
        "the GET-only rule leaves POSTs alone"
    );
    assert_eq!(send(app.delete("/_emulator/faults")).await.0, 200);
    let (_, listed) = send(app.get("/_emulator/faults")).await;
    assert_eq!(listed["faults"], json!([]));

    add_fault(&app, json!({ "status": 500 })).await;
    assert_eq!(send(app.post("/_emulator/reset")).await.0, 200);
    assert_eq!(
        activate(&app, "12345678").await.0,
        200,
        "a reset removes the tenant's rules"
    );

    for bad in [
        json!({}),
        json!({ "status": 700 }),
        json!({ "status": 500, "vendor": "acme" }),
        json!({ "status": 500, "probability": 2 }),
        json!({ "status": 500, "colour": "red" }),
    ] {
        let (status, body) = send(app.post("/_emulator/faults").json(&bad)).await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["error"].is_string());
    }
}

async fn a_seed_makes_probabilistic_faults_repeat(backend: Backend) {
    let pattern = |app: TestApp| async move {
        add_fault(
            &app,
            json!({ "vendor": "lifepos", "path": "/orgs", "status": 503, "probability": 0.5 }),
        )
        .await;
        let mut statuses = Vec::new();
        for _ in 0..24 {
            statuses.push(send(app.lifepos(Method::GET, "/orgs")).await.0);
        }
        statuses
    };
    let first = pattern(spawn_with(backend, |config| config.faults.seed = 42).await).await;
    let second = pattern(spawn_with(backend, |config| config.faults.seed = 42).await).await;
    assert_eq!(first, second, "the same seed, the same faults");
    let faulted = first.iter().filter(|status| **status == 503).count();
    assert!((3..=21).contains(&faulted), "about half fire: {first:?}");
    assert!(first.iter().all(|status| *status == 503 || *status == 401), "{first:?}");
}

async fn real_host_names_reach_their_vendor(backend: Backend) {
    let app = spawn_app(backend).await;
    let request = app
        .client
        .post(app.url("/v5/auth/activate-workplace"))
        .header("Host", "api.life-pos.ru")
        .header("Accept-Language", "ru")
        .header("X-LP-Client-Identifier", "x")
        .header("X-LP-Client-Type", "App")
        .json(&json!({ "activation_code": "12345678" }));
    let (status, body) = send(request).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(
        app.client
            .get(app.url("/_emulator/health"))
            .header("Host", "rest.lksup.ru"),
    )
    .await;
    assert_eq!(
        (status, body["status"].clone()),
        (200, json!("ok")),
        "the control plane stays where it is"
    );
    let (status, body) = send(app.client.get(app.url("/nowhere")).header("Host", "edo.edin.ua:443")).await;
    assert_eq!(status, 200, "EDIN answers HTTP 200 by default");
    assert_eq!(body["intCode"], 404, "answered by EDIN: {body}");
}

async fn a_vendor_listener_serves_it_at_the_root(backend: Backend) {
    let port = free_port();
    let app = spawn_with(backend, |config| {
        config.vendors.lifepos.listen = format!("127.0.0.1:{port}");
    })
    .await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    // The extra listener is bound once the server task runs.
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let request = client
        .post(format!("http://127.0.0.1:{port}/v6/auth/activate-workplace"))
        .header("Accept-Language", "ru")
        .header("X-LP-Client-Identifier", "x")
        .header("X-LP-Client-Type", "App")
        .json(&json!({ "activation_code": "12345678" }));
    let (status, body) = send(request).await;
    assert_eq!(status, 200, "{body}");
    let (_, journal) = send(app.get("/_emulator/journal")).await;
    assert_eq!(
        journal["entries"][0]["path"], "/v6/auth/activate-workplace",
        "one state behind both ports"
    );
    app.stop().await;
    assert!(
        client
            .get(format!("http://127.0.0.1:{port}/_emulator/health"))
            .send()
            .await
            .is_err(),
        "stopped with the app"
    );
}

async fn metrics_count_requests_and_report_sizes(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(activate(&app, "12345678").await.0, 200);
    for _ in 0..5 {
        send(
            app.lifepos(Method::POST, "/v5/auth/activate-workplace")
                .header("X-Forwarded-For", "10.9.9.9")
                .json(&json!({ "activation_code": "00000000" })),
        )
        .await;
    }
    let response = app.get("/_emulator/metrics").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = response.text().await.unwrap();
    let route = "/lifepos/v5/auth/activate-workplace";
    assert!(
        text.contains(&format!(
            "emulator_requests_total{{vendor=\"lifepos\",route=\"{route}\",status=\"200\"}} 1"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "emulator_requests_total{{vendor=\"lifepos\",route=\"{route}\",status=\"401\"}} 5"
        )),
        "{text}"
    );
    assert!(
        text.contains("emulator_request_duration_seconds_count{vendor=\"lifepos\"} 6"),
        "{text}"
    );
    assert!(
        text.contains("emulator_journal_entries{tenant=\"default\"} 6"),
        "{text}"
    );
    assert!(text.contains("emulator_bans_active{tenant=\"default\"} 1"), "{text}");
    send(app.post("/_emulator/clock").json(&json!({ "advance_seconds": 86401 }))).await;
    let text = app
        .get("/_emulator/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !text.contains("emulator_bans_active{tenant=\"default\"}"),
        "a lifted ban is not counted: {text}"
    );
}

on_both_engines!(
    faults_answer_in_the_vendor_shape_and_change_nothing,
    delays_let_the_real_handler_answer,
    rules_are_per_tenant_listed_and_removed,
    a_seed_makes_probabilistic_faults_repeat,
    real_host_names_reach_their_vendor,
    a_vendor_listener_serves_it_at_the_root,
    metrics_count_requests_and_report_sizes,
);
