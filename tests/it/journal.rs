//! The journal shared by many tenants: each tenant's own numbering and `lagged` counts, bounded
//! live tails, and one tenant header per request.

use std::time::Duration;

use crate::common::{join_all, send, spawn_app, spawn_with, Backend, TestApp};
use crate::dashboard::SseReader;
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

/// A LIFE POS call the journal records (a 401: no token), with no rate limit in the way.
async fn call_lifepos(app: &TestApp, tenant: &str) -> u16 {
    send(app.lifepos(Method::GET, "/orgs").header("X-Emulator-Tenant", tenant))
        .await
        .0
}

async fn journal_ids(app: &TestApp, tenant: &str) -> Vec<u64> {
    let (status, journal) = send(app.get("/_emulator/journal").header("X-Emulator-Tenant", tenant)).await;
    assert_eq!(status, 200, "{journal}");
    journal["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["id"].as_u64().unwrap())
        .collect()
}

fn stream(app: &TestApp, tenant: &str, query: &str) -> RequestBuilder {
    app.get(&format!("/_emulator/journal/stream{query}"))
        .header("X-Emulator-Tenant", tenant)
}

/// The answer to a tail that must be refused: its status and `{"error"}` body (a tail that opens
/// instead fails the test rather than wait for a body that never ends).
async fn refused(request: RequestBuilder) -> (u16, Value) {
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    assert_ne!(status, 200, "a tail opened past the limit");
    (status, response.json().await.unwrap())
}

async fn each_tenant_numbers_its_own_journal(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(call_lifepos(&app, "tenant-a").await, 401);
    for _ in 0..5 {
        assert_eq!(call_lifepos(&app, "tenant-b").await, 401);
    }
    assert_eq!(call_lifepos(&app, "tenant-a").await, 401);
    assert_eq!(
        journal_ids(&app, "tenant-a").await,
        [1, 2],
        "b's calls do not show in a's ids"
    );
    assert_eq!(journal_ids(&app, "tenant-b").await, [1, 2, 3, 4, 5]);

    let mut tail = SseReader::open(stream(&app, "tenant-a", "")).await;
    let ids: Vec<Value> = tail.entries(2).await.iter().map(|e| e["id"].clone()).collect();
    assert_eq!(ids, [json!(1), json!(2)]);
    assert_eq!(call_lifepos(&app, "tenant-b").await, 401);
    assert_eq!(call_lifepos(&app, "tenant-a").await, 401);
    assert_eq!(tail.entries(1).await[0]["id"], 3);

    // 32 calls at once in two tenants: each tenant's ids are 1… with no gap and no repeat.
    let app = &app;
    let statuses = join_all((0..32).map(|n| async move {
        let tenant = if n % 2 == 0 { "even" } else { "odd" };
        send(
            app.lifepos(Method::POST, "/v6/auth/activate-workplace")
                .header("X-Emulator-Tenant", tenant)
                .header("X-Forwarded-For", format!("10.1.0.{}", n + 1))
                .json(&json!({ "activation_code": "00000000" })),
        )
        .await
        .0
    }))
    .await;
    assert!(statuses.iter().all(|status| *status == 401), "{statuses:?}");
    for tenant in ["even", "odd"] {
        assert_eq!(
            journal_ids(app, tenant).await,
            (1..=16).collect::<Vec<u64>>(),
            "{tenant}"
        );
    }
}

async fn lagged_counts_only_the_tenants_own_missed_entries(backend: Backend) {
    let app = spawn_with(backend, |config| config.journal.capacity = 3).await;
    for _ in 0..5 {
        assert_eq!(call_lifepos(&app, "tenant-a").await, 401);
    }
    for _ in 0..10 {
        assert_eq!(call_lifepos(&app, "tenant-b").await, 401);
    }
    assert_eq!(journal_ids(&app, "tenant-a").await, [3, 4, 5]);

    // A tail that last saw a's entry 1: entry 2 was dropped (capacity 3) before it came back.
    let mut tail = SseReader::open(stream(&app, "tenant-a", "").header("Last-Event-ID", "1")).await;
    let lagged = tail.next(Duration::from_secs(5)).await.expect("an event");
    assert_eq!(lagged.event, "lagged", "{lagged:?}");
    assert_eq!(lagged.json(), json!({ "missed": 1 }), "b's ten calls are not a's");
    let ids: Vec<Value> = tail.entries(3).await.iter().map(|e| e["id"].clone()).collect();
    assert_eq!(ids, [json!(3), json!(4), json!(5)]);
    assert!(
        tail.next(Duration::from_millis(300)).await.is_none(),
        "nothing else yet"
    );
}

async fn open_streams_are_bounded_and_a_closed_one_frees_its_place(backend: Backend) {
    let app = spawn_with(backend, |config| {
        config.journal.max_streams = 3;
        config.journal.max_streams_per_tenant = 2;
    })
    .await;
    let first = SseReader::open(stream(&app, "tenant-a", "")).await;
    let _second = SseReader::open(stream(&app, "tenant-a", "")).await;
    let (status, body) = refused(stream(&app, "tenant-a", "")).await;
    assert_eq!(status, 429, "{body}");
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("journal.max_streams_per_tenant"),
        "{body}"
    );
    let _other = SseReader::open(stream(&app, "tenant-b", "")).await;
    let (status, body) = refused(stream(&app, "tenant-c", "")).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("journal.max_streams)"),
        "{body}"
    );

    drop(first);
    // The server learns of the closed connection on its own time; no answer but 200, 429 or 503
    // ever comes, and a free place is found within a hundred tries.
    let mut reopened = None;
    for _ in 0..100 {
        let response = stream(&app, "tenant-c", "").send().await.unwrap();
        match response.status().as_u16() {
            200 => {
                reopened = Some(response);
                break;
            }
            503 => tokio::time::sleep(Duration::from_millis(50)).await,
            status => panic!("{status}"),
        }
    }
    assert!(reopened.is_some(), "the closed tail's place was given back");
}

async fn streams_opened_at_once_never_pass_the_limit(backend: Backend) {
    let app = spawn_with(backend, |config| config.journal.max_streams_per_tenant = 8).await;
    let app = &app;
    let responses = join_all((0..32).map(|_| async move { stream(app, "crowd", "").send().await.unwrap() })).await;
    let mut statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    statuses.sort();
    assert_eq!(statuses, [vec![200; 8], vec![429; 24]].concat());
}

async fn two_tenant_headers_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(
        app.lifepos(Method::POST, "/v6/auth/activate-workplace")
            .header("X-Emulator-Tenant", "first")
            .header("X-Emulator-Tenant", "second")
            .json(&json!({ "activation_code": "12345678" })),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "RequestIsNotValid", "LIFE POS's own shape: {body}");

    let (status, body) = send(
        app.post("/_emulator/reset")
            .header("X-Emulator-Tenant", "first")
            .header("X-Emulator-Tenant", "first"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body, json!({ "error": "X-Emulator-Tenant must be sent once" }));

    let (_, tenants) = send(app.get("/_emulator/tenants")).await;
    assert_eq!(tenants, json!({ "tenants": [] }), "neither tenant was created");
}

on_both_engines!(
    each_tenant_numbers_its_own_journal,
    lagged_counts_only_the_tenants_own_missed_entries,
    open_streams_are_bounded_and_a_closed_one_frees_its_place,
    streams_opened_at_once_never_pass_the_limit,
    two_tenant_headers_are_refused,
);
