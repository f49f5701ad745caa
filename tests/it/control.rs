//! The control plane: health, reset, fixtures, state, outbox, journal, clock, control token.

use crate::common::{free_port, send, spawn_app, spawn_with, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const NEW_ORG: &str = "11111111-2222-4333-8444-555555555555";

async fn activate(app: &TestApp, tenant: &str, code: &str) -> u16 {
    send(
        app.lifepos(Method::POST, "/v6/auth/activate-workplace")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "activation_code": code })),
    )
    .await
    .0
}

fn extra_org() -> Value {
    json!({ "lifepos": { "organizations": [{
        "guid": NEW_ORG,
        "name": "Пекарня",
        "outlets": [{ "name": "Склад" }],
        "employees": [{ "name": "Пётр Пекарев", "username": "petr", "phone": "8 (999) 111-22-33", "password": "pw", "role": "Manager" }],
        "workplaces": [{ "workplace_type": "Automat", "activation_code": "55550000", "employee": "petr", "outlet": "Склад" },
                       { "name": "Вторая", "workplace_type": "Mobile" }],
        "api_keys": ["bakery-key"]
    }]}})
}

async fn health_reports_version_and_storage(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(app.get("/_emulator/health")).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    let storage = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(body["storage"], storage);

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database.url).await.unwrap();
    sqlx::query("DROP TABLE tenants").execute(&pool).await.unwrap();
    pool.close().await;
    let (status, body) = send(app.get("/_emulator/health")).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "unavailable");
}

async fn control_token_guards_everything_but_health(backend: Backend) {
    let app = spawn_with(backend, |config| {
        config.control.token = vendor_emulator::config::Secret::new("s3cret");
    })
    .await;
    assert_eq!(send(app.get("/_emulator/health")).await.0, 200);
    for path in [
        "/_emulator/state",
        "/_emulator/outbox",
        "/_emulator/journal",
        "/_emulator/clock",
    ] {
        let (status, body) = send(app.get(path)).await;
        assert_eq!(status, 401, "{path}");
        assert!(body["error"].is_string());
        assert_eq!(send(app.get(path).bearer_auth("wrong")).await.0, 401, "{path}");
        assert_eq!(send(app.get(path).bearer_auth("s3cret")).await.0, 200, "{path}");
    }
    assert_eq!(send(app.post("/_emulator/reset")).await.0, 401);
}

/// `GET /_emulator/vendors` is the registry, in its order, with what the configuration adds (an
/// extra listener, host names); the dashboard builds its tabs from it and the fixture document's
/// schema has a section for each listed vendor and no other.
async fn the_vendor_listing_is_the_registry(backend: Backend) {
    let port = free_port();
    let app = spawn_with(backend, |config| {
        config.control.token = vendor_emulator::config::Secret::new("s3cret");
        config.vendors.edin.listen = format!("127.0.0.1:{port}");
    })
    .await;
    let (status, body) = send(app.get("/_emulator/vendors")).await;
    assert_eq!(status, 200, "no control token needed, as for openapi.json: {body}");
    let listed = body["vendors"].as_array().expect("a list");
    let names: Vec<&str> = listed.iter().map(|vendor| vendor["name"].as_str().unwrap()).collect();
    assert_eq!(names, vendor_emulator::vendors::names());
    let titles: Vec<&str> = listed.iter().map(|vendor| vendor["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["LIFE POS", "СУП", "EDIN", "CloudTips"]);
    let hosts = vendor_emulator::config::Config::defaults().server.vendor_hosts;
    for vendor in listed {
        let name = vendor["name"].as_str().unwrap();
        assert_eq!(vendor["base_path"], format!("/{name}"), "{vendor}");
        assert_eq!(vendor["hosts"], json!(hosts[name]), "{vendor}");
        let listen = (name == "edin").then(|| format!("127.0.0.1:{port}"));
        assert_eq!(vendor["listen"], json!(listen), "{vendor}");
        let (status, spec) = send(app.get(vendor["spec"].as_str().unwrap())).await;
        assert_eq!(status, 200, "{vendor}");
        assert_eq!(spec["tags"][0]["name"], name, "the spec is the vendor's own");
    }
    let (_, spec) = send(app.get("/_emulator/openapi/control.json")).await;
    let document =
        &spec["paths"]["/_emulator/fixtures"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let sections: Vec<&str> = document["properties"]
        .as_object()
        .expect("sections")
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(sections, sorted, "{document}");
    assert_eq!(document["additionalProperties"], false);
}

async fn reset_restores_the_startup_fixtures(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, pristine) = send(app.get("/_emulator/state")).await;
    assert_eq!(activate(&app, "default", "12345678").await, 200);
    assert_eq!(send(app.post("/_emulator/fixtures").json(&extra_org())).await.0, 200);
    for _ in 0..5 {
        send(
            app.lifepos(Method::POST, "/v6/auth/activate-workplace")
                .header("X-Forwarded-For", "10.9.0.1")
                .json(&json!({ "activation_code": "99999999" })),
        )
        .await;
    }
    send(app.post("/_emulator/clock").json(&json!({ "advance_seconds": 3600 }))).await;
    send(app.post("/_emulator/clock").json(&json!({ "freeze": true }))).await;

    let (status, body) = send(app.post("/_emulator/reset")).await;
    assert_eq!(status, 200, "{body}");
    let (_, state) = send(app.get("/_emulator/state")).await;
    assert_eq!(
        strip_times(state),
        strip_times(pristine),
        "entities back to the fixtures"
    );
    assert_eq!(
        activate(&app, "default", "12345678").await,
        200,
        "the used code works again"
    );
    let (_, clock) = send(app.get("/_emulator/clock")).await;
    assert_eq!(clock["frozen"], false);
    assert_eq!(clock["offset_seconds"], 0);
    let (_, journal) = send(app.get("/_emulator/journal")).await;
    assert_eq!(
        journal["entries"].as_array().unwrap().len(),
        1,
        "only the request made after the reset: {journal}"
    );
    let (status, _) = send(
        app.lifepos(Method::POST, "/v6/auth/activate-workplace")
            .header("X-Forwarded-For", "10.9.0.1")
            .json(&json!({ "activation_code": "87654321" })),
    )
    .await;
    assert_eq!(status, 200, "the ban is gone");

    // An empty value is no value: `?all=` resets the one tenant, `?mode=` adds.
    let (status, body) = send(app.post("/_emulator/reset?all=")).await;
    assert_eq!((status, &body["reset"]), (200, &json!(["default"])), "{body}");
    let (status, body) = send(app.post("/_emulator/fixtures?mode=").json(&json!({ "lifepos": null }))).await;
    assert_eq!(status, 200, "{body}");
}

async fn reset_all_restores_every_tenant(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(activate(&app, "alpha", "12345678").await, 200);
    assert_eq!(activate(&app, "beta", "12345678").await, 200);
    assert_eq!(
        send(app.post("/_emulator/reset").header("X-Emulator-Tenant", "alpha"))
            .await
            .0,
        200
    );
    assert_eq!(
        activate(&app, "beta", "12345678").await,
        401,
        "a plain reset touches only its tenant"
    );
    assert_eq!(send(app.post("/_emulator/reset?all=true")).await.0, 200);
    assert_eq!(activate(&app, "alpha", "12345678").await, 200);
    assert_eq!(activate(&app, "beta", "12345678").await, 200);
}

async fn fixtures_load_all_or_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(app.post("/_emulator/fixtures").json(&extra_org())).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["added"]["lifepos"],
        json!({ "organizations": 1, "outlets": 1, "employees": 1, "workplaces": 2, "api_keys": 1 })
    );
    assert_eq!(
        activate(&app, "default", "55550000").await,
        200,
        "the loaded code works"
    );
    let (status, _) = send(app.lifepos(Method::GET, "/orgs").header("Authorization", "bakery-key")).await;
    assert_eq!(status, 200);

    // The second organization clashes with the one just loaded: neither is added.
    let mut clash = extra_org();
    clash["lifepos"]["organizations"][0]["guid"] = json!("99999999-2222-4333-8444-555555555555");
    clash["lifepos"]["organizations"][0]["api_keys"] = json!(["other-key"]);
    clash["lifepos"]["organizations"][0]["employees"][0]["phone"] = json!("+79995554433");
    clash["lifepos"]["organizations"][0]["workplaces"][0]["activation_code"] = json!("55551111");
    let mut second = extra_org()["lifepos"]["organizations"][0].clone();
    second["api_keys"] = json!([]);
    clash["lifepos"]["organizations"].as_array_mut().unwrap().push(second);
    let (status, body) = send(app.post("/_emulator/fixtures").json(&clash)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["path"], "$.lifepos.organizations[1]");
    assert_eq!(
        activate(&app, "default", "55551111").await,
        401,
        "the first organization was not added either"
    );
}

async fn bad_fixture_documents_name_the_json_path(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases = [
        (
            json!({ "lifepos": { "organizations": [{ "name": "x", "workplaces": [{ "workplace_type": "Boat" }] }] } }),
            "$.lifepos.organizations[0].workplaces[0].workplace_type",
        ),
        (
            json!({ "lifepos": { "organizations": [{ "name": "x", "workplaces": [{ "activation_code": "12ab" }] }] } }),
            "$.lifepos.organizations[0].workplaces[0].activation_code",
        ),
        (
            json!({ "lifepos": { "organizations": [{ "name": "x", "workplaces": [{ "employee": "nobody" }] }] } }),
            "$.lifepos.organizations[0].workplaces[0].employee",
        ),
        (
            json!({ "lifepos": { "organizations": [{ "name": "x", "employees": [{ "name": "Иван Иванов", "phone": "12" }] }] } }),
            "$.lifepos.organizations[0].employees[0].phone",
        ),
        (
            json!({ "lifepos": { "organizations": [{ "guid": "not-a-uuid", "name": "x" }] } }),
            "$.lifepos.organizations[0].guid",
        ),
    ];
    for (document, path) in cases {
        let (status, body) = send(app.post("/_emulator/fixtures").json(&document)).await;
        assert_eq!(status, 422, "{document}");
        assert_eq!(body["path"], path, "{body}");
        assert!(body["error"].is_string());
    }
    let (status, body) = send(
        app.post("/_emulator/fixtures")
            .header("Content-Type", "application/json")
            .body("{"),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["path"], "$");
}

async fn state_round_trips_into_another_tenant(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(activate(&app, "default", "12345678").await, 200);
    assert_eq!(send(app.post("/_emulator/fixtures").json(&extra_org())).await.0, 200);
    let (_, exported) = send(app.get("/_emulator/state")).await;

    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&exported),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, copied) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    assert_eq!(copied, exported, "identical, times included");
    assert_eq!(
        activate(&app, "copy", "12345678").await,
        401,
        "the used code stays used"
    );
    assert_eq!(activate(&app, "copy", "87654321").await, 200);
}

async fn replace_makes_the_document_the_whole_state(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, _) = send(app.post("/_emulator/fixtures?mode=replace").json(&extra_org())).await;
    assert_eq!(status, 200);
    let (_, state) = send(app.get("/_emulator/state")).await;
    let orgs = state["lifepos"]["organizations"].as_array().unwrap();
    assert_eq!(orgs.len(), 1);
    assert_eq!(orgs[0]["guid"], NEW_ORG);
    assert_eq!(orgs[0]["workplaces"][1]["number"], 2, "numbers are assigned");
    assert_eq!(
        activate(&app, "default", "12345678").await,
        401,
        "the demo workplaces are gone"
    );
    let (status, _) = send(app.post("/_emulator/fixtures?mode=merge").json(&extra_org())).await;
    assert_eq!(status, 400, "an unknown mode is refused");
}

async fn journal_records_vendor_requests(backend: Backend) {
    let app = spawn_with(backend, |config| config.journal.capacity = 3).await;
    assert_eq!(activate(&app, "default", "00000001").await, 401);
    assert_eq!(activate(&app, "default", "12345678").await, 200);
    let (_, journal) = send(app.get("/_emulator/journal")).await;
    let entries = journal["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    let first = &entries[0];
    assert_eq!(first["vendor"], "lifepos");
    assert_eq!(first["method"], "POST");
    assert_eq!(first["path"], "/v6/auth/activate-workplace");
    assert_eq!(first["status"], 401);
    assert_eq!(first["request_body"], r#"{"activation_code":"00000001"}"#);
    assert!(first["response_body"].as_str().unwrap().contains("WrongActivationCode"));
    assert!(first["duration_ms"].is_number() && first["at"].is_string() && first["id"].is_number());

    send(app.lifepos(Method::GET, "/orgs?x=1")).await;
    send(app.lifepos(Method::GET, "/orgs")).await;
    let (_, journal) = send(app.get("/_emulator/journal")).await;
    let statuses: Vec<&Value> = journal["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["status"])
        .collect();
    assert_eq!(
        statuses,
        [&json!(200), &json!(401), &json!(401)],
        "bounded to the newest 3"
    );
    assert_eq!(journal["entries"][1]["query"], "x=1");

    let (_, only_get) = send(app.get("/_emulator/journal?method=GET&status=401&limit=1")).await;
    assert_eq!(only_get["entries"].as_array().unwrap().len(), 1);
    assert_eq!(only_get["entries"][0]["query"], Value::Null, "limit keeps the newest");
    let (_, other_vendor) = send(app.get("/_emulator/journal?vendor=sup")).await;
    assert!(other_vendor["entries"].as_array().unwrap().is_empty());
    let (_, other_tenant) = send(app.get("/_emulator/journal").header("X-Emulator-Tenant", "other")).await;
    assert!(
        other_tenant["entries"].as_array().unwrap().is_empty(),
        "journals are per tenant"
    );
    assert_eq!(send(app.get("/_emulator/journal?limit=many")).await.0, 400);
    // As the spec states them: `status` an HTTP status, a count any whole number, an empty value
    // no filter.
    for (query, field) in [
        ("status=2312816", "status"),
        ("status=99", "status"),
        ("status=teapot", "status"),
        ("limit=-1", "limit"),
    ] {
        let (status, body) = send(app.get(&format!("/_emulator/journal?{query}"))).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["path"], field, "{query}: {body}");
    }
    let (status, every) = send(app.get("/_emulator/journal?status=&limit=99999999999999999999999&vendor=")).await;
    assert_eq!(status, 200, "{every}");
    assert_eq!(every["entries"].as_array().unwrap().len(), 3, "{every}");

    assert_eq!(send(app.delete("/_emulator/journal")).await.0, 200);
    let (_, journal) = send(app.get("/_emulator/journal")).await;
    assert!(journal["entries"].as_array().unwrap().is_empty());
}

async fn clock_moves_forward_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, clock) = send(app.get("/_emulator/clock")).await;
    assert_eq!(status, 200);
    assert_eq!(clock["frozen"], false);
    let before = chrono::DateTime::parse_from_rfc3339(clock["now"].as_str().unwrap()).unwrap();

    let (_, advanced) = send(app.post("/_emulator/clock").json(&json!({ "advance_seconds": 86400 }))).await;
    assert!(advanced["offset_seconds"].as_i64().unwrap() >= 86399, "{advanced}");
    let (_, frozen) = send(app.post("/_emulator/clock").json(&json!({ "freeze": true }))).await;
    assert_eq!(frozen["frozen"], true);
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let (_, still) = send(app.get("/_emulator/clock")).await;
    assert_eq!(still["now"], frozen["now"], "a frozen clock stands still");

    let target = (before + chrono::Duration::days(3)).to_rfc3339();
    let (status, set) = send(app.post("/_emulator/clock").json(&json!({ "set": target }))).await;
    assert_eq!(status, 200);
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(set["now"].as_str().unwrap()).unwrap(),
        chrono::DateTime::parse_from_rfc3339(&target).unwrap()
    );
    for bad in [
        json!({ "set": before.to_rfc3339() }),
        json!({ "advance_seconds": -5 }),
        json!({ "advance_seconds": 1, "freeze": false }),
        json!({}),
    ] {
        let (status, body) = send(app.post("/_emulator/clock").json(&bad)).await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["error"].is_string());
    }
    let (_, other) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", "other")).await;
    assert_eq!(other["frozen"], false, "clocks are per tenant");
    assert_eq!(other["offset_seconds"], 0);
}

async fn outbox_starts_empty(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(app.get("/_emulator/outbox?vendor=lifepos&phone=%2B79990000001")).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({ "messages": [] }));
    assert_eq!(send(app.delete("/_emulator/outbox")).await.0, 200);
}

/// Times stamped at seeding differ between two seedings; everything else must match.
fn strip_times(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            map.retain(|key, _| !key.ends_with("_at"));
            for item in map.values_mut() {
                *item = strip_times(item.take());
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                *item = strip_times(item.take());
            }
        }
        _ => {}
    }
    value
}

/// A fixture document is limited by `server.body_limit_bytes`, not by a smaller built-in limit,
/// and one over it is refused in the control plane's own shape.
async fn fixture_documents_up_to_the_body_limit_load(backend: Backend) {
    let app = spawn_with(backend, |config| config.server.body_limit_bytes = 4 * 1024 * 1024).await;
    let document = serde_json::to_string(&extra_org()).unwrap();
    // Whitespace keeps the document valid while making it larger than 2 MB.
    let padded = format!("{}{document}", " ".repeat(3 * 1024 * 1024));
    let (status, body) = send(
        app.post("/_emulator/fixtures")
            .header("content-type", "application/json")
            .body(padded),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["added"]["lifepos"]["organizations"], 1);

    let oversized = format!("{}{document}", " ".repeat(5 * 1024 * 1024));
    let (status, body) = send(
        app.post("/_emulator/fixtures")
            .header("content-type", "application/json")
            .body(oversized),
    )
    .await;
    assert_eq!(status, 413);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("server.body_limit_bytes (4194304 bytes)"),
        "{body}"
    );
}

/// The outbox is read a page at a time; every message comes once, in order, across the pages.
async fn the_outbox_lists_across_pages(backend: Backend) {
    use crate::cloudtips::{create_many, sign_in, PLACE};
    let app = spawn_with(backend, |config| config.control.list_page_rows = 2).await;
    let token = sign_in(&app).await;
    let receivers: Vec<Value> = (1..=5)
        .map(|n| json!({ "phoneNumber": format!("999000010{n}"), "name": "Оля", "sendPassword": true }))
        .collect();
    let (status, body) = create_many(&app, &token, json!({ "placeId": PLACE, "receivers": receivers })).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(app.get("/_emulator/outbox?vendor=cloudtips")).await;
    assert_eq!(status, 200);
    let phones: Vec<&str> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["phone"].as_str().unwrap())
        .collect();
    assert_eq!(phones.len(), 5, "{body}");
    let mut sorted = phones.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 5, "each once: {body}");
    let ids: Vec<&str> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "oldest first: {ids:?}");
    let (_, one) = send(app.get(&format!("/_emulator/outbox?phone=%2B{}", &phones[3][1..]))).await;
    assert_eq!(one["messages"].as_array().unwrap().len(), 1, "{one}");
}

on_both_engines!(
    the_outbox_lists_across_pages,
    fixture_documents_up_to_the_body_limit_load,
    health_reports_version_and_storage,
    control_token_guards_everything_but_health,
    the_vendor_listing_is_the_registry,
    reset_restores_the_startup_fixtures,
    reset_all_restores_every_tenant,
    fixtures_load_all_or_nothing,
    bad_fixture_documents_name_the_json_path,
    state_round_trips_into_another_tenant,
    replace_makes_the_document_the_whole_state,
    journal_records_vendor_requests,
    clock_moves_forward_only,
    outbox_starts_empty,
);
