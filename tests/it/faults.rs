//! Fault rules that cannot stop the instance and that hold on every emulator of one database:
//! bounded globs, rules stored in the database, `times` counted down exactly under concurrency,
//! resets that clear them everywhere.

use crate::common::{join_all, send, spawn_app, spawn_on, spawn_with, Backend, TestApp};
use serde_json::{json, Value};

async fn add_fault(app: &TestApp, rule: Value) -> String {
    let (status, body) = send(app.post("/_emulator/faults").json(&rule)).await;
    assert_eq!(status, 200, "{rule} → {body}");
    body["id"].as_str().unwrap().to_owned()
}

/// The status of an unknown СУП path: 404 from the vendor, or a fault's.
async fn sup_status(app: &TestApp) -> u16 {
    send(app.get("/sup/v1/no-such-thing")).await.0
}

async fn listed(app: &TestApp) -> Vec<Value> {
    let (status, body) = send(app.get("/_emulator/faults")).await;
    assert_eq!(status, 200, "{body}");
    body["faults"].as_array().unwrap().clone()
}

async fn bad_rules_are_a_400_naming_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    for (rule, field) in [
        (
            json!({ "status": 500, "path": format!("/{}", "a".repeat(600)) }),
            "path",
        ),
        (
            json!({ "status": 500, "path": format!("/{}z", "**".repeat(20_000)) }),
            "path",
        ),
        (json!({ "status": 500, "path": "" }), "path"),
        (json!({ "status": 500, "path": "/v1/a b" }), "path"),
        (json!({ "status": 500, "path": "/v1/\u{1}" }), "path"),
        (json!({ "status": 500, "method": "GET /x" }), "method"),
        (json!({ "status": 500, "body": "x".repeat(70_000) }), "body"),
    ] {
        let (status, body) = send(app.post("/_emulator/faults").json(&rule)).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["path"], field, "{body}");
        assert!(body["error"].as_str().unwrap().contains(field), "{body}");
    }
    assert!(listed(&app).await.is_empty(), "nothing half-stored");
    for (rule, field) in [
        (json!({ "status": 500, "vendor": "acme" }), "vendor"),
        (json!({ "status": 700 }), "status"),
        (json!({ "delay_ms": 10, "body": "x" }), "body"),
    ] {
        let (status, body) = send(app.post("/_emulator/faults").json(&rule)).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(body["path"], field, "{body}");
    }
    for rule in [json!({ "status": 500, "vendor": 0 }), json!({ "status": 500.5 })] {
        let (status, body) = send(app.post("/_emulator/faults").json(&rule)).await;
        assert_eq!(status, 400, "not a rule the spec admits either: {body}");
    }
    assert!(listed(&app).await.is_empty(), "nothing half-stored");

    // A whole number written with a zero fraction is a whole number, as the spec's `integer` says.
    add_fault(
        &app,
        json!({ "vendor": "sup", "status": 503.0, "times": 2.0, "delay_ms": 0.0, "path": null }),
    )
    .await;
    assert_eq!(listed(&app).await[0]["times"], 2);
    assert_eq!(sup_status(&app).await, 503);
    send(app.delete("/_emulator/faults")).await;

    // The pattern that made a backtracking matcher spin: accepted, and answered at once.
    add_fault(
        &app,
        json!({ "vendor": "sup", "path": "/**a**a**a**a**a**a**a**a**a**a**a**a**b", "status": 503 }),
    )
    .await;
    let path = format!("/sup/{}", "a".repeat(60));
    assert_eq!(send(app.get(&path)).await.0, 404, "no match: the vendor answers");
    let (status, body) = send(app.get(&format!("{path}b"))).await;
    assert_eq!(status, 503, "a match fires: {body}");
    assert_eq!(send(app.get("/_emulator/health")).await.0, 200);
}

async fn a_tenant_holds_a_bounded_number_of_rules(backend: Backend) {
    let app = spawn_with(backend, |config| config.faults.max_rules_per_tenant = 3).await;
    for _ in 0..3 {
        add_fault(&app, json!({ "vendor": "edin", "status": 500 })).await;
    }
    let (status, body) = send(
        app.post("/_emulator/faults")
            .json(&json!({ "vendor": "edin", "status": 500 })),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("max_rules_per_tenant"),
        "{body}"
    );
    assert_eq!(listed(&app).await.len(), 3);
    let other = send(
        app.post("/_emulator/faults")
            .header("X-Emulator-Tenant", "other")
            .json(&json!({ "status": 500 })),
    )
    .await;
    assert_eq!(other.0, 200, "the bound is per tenant");
    assert_eq!(send(app.delete("/_emulator/faults")).await.0, 200);
    add_fault(&app, json!({ "vendor": "edin", "status": 500 })).await;
}

async fn rules_hold_on_every_emulator_of_one_database(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_on(first.database.clone(), |_| {}).await;
    assert_eq!(sup_status(&second).await, 404, "no rule yet");

    let id = add_fault(&first, json!({ "vendor": "sup", "status": 503 })).await;
    for _ in 0..5 {
        assert_eq!(
            sup_status(&second).await,
            503,
            "a rule posted to one fires on the other"
        );
        assert_eq!(sup_status(&first).await, 503);
    }
    let on_second = listed(&second).await;
    assert_eq!(on_second.len(), 1);
    assert_eq!(on_second[0]["id"], id.as_str());

    assert_eq!(send(second.delete(&format!("/_emulator/faults/{id}"))).await.0, 200);
    assert_eq!(sup_status(&first).await, 404, "removed on one, gone on the other");
    assert!(listed(&first).await.is_empty());
}

async fn times_is_exact_under_32_concurrent_requests(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_on(first.database.clone(), |_| {}).await;
    add_fault(&first, json!({ "vendor": "sup", "status": 503, "times": 20 })).await;
    let apps = [&first, &second];
    let statuses = join_all((0..32).map(|i| sup_status(apps[i % 2]))).await;
    let faulted = statuses.iter().filter(|status| **status == 503).count();
    assert_eq!(faulted, 20, "{statuses:?}");
    assert_eq!(
        statuses.len() - faulted,
        12,
        "the rest reached the vendor: {statuses:?}"
    );
    assert!(listed(&second).await.is_empty(), "the rule is used up");
    assert_eq!(sup_status(&first).await, 404);
    assert_eq!(sup_status(&second).await, 404);
}

async fn a_reset_clears_rules_on_every_emulator(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_on(first.database.clone(), |_| {}).await;

    add_fault(&first, json!({ "vendor": "sup", "status": 503 })).await;
    assert_eq!(sup_status(&first).await, 503);
    assert_eq!(send(second.post("/_emulator/reset")).await.0, 200);
    assert_eq!(sup_status(&first).await, 404, "a reset on one clears the other's rules");
    assert!(listed(&first).await.is_empty());

    add_fault(&first, json!({ "vendor": "sup", "status": 503 })).await;
    assert_eq!(send(second.post("/_emulator/reset?all=true")).await.0, 200);
    assert_eq!(sup_status(&first).await, 404, "reset?all=true too");

    add_fault(&first, json!({ "vendor": "sup", "status": 503 })).await;
    assert_eq!(sup_status(&second).await, 503);
    let (status, body) = send(second.post("/_emulator/fixtures?mode=replace").json(&json!({}))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(sup_status(&first).await, 404, "fixtures?mode=replace too");
}

on_both_engines!(
    bad_rules_are_a_400_naming_the_field,
    a_tenant_holds_a_bounded_number_of_rules,
    rules_hold_on_every_emulator_of_one_database,
    times_is_exact_under_32_concurrent_requests,
    a_reset_clears_rules_on_every_emulator,
);
