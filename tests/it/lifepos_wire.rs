//! LIFE POS requests read by their declarations: every member's problem answered at once, in the
//! vendor's shape and words; and each place where the published spec and the server used to
//! disagree, with the spec and the server now saying the same thing.

use crate::common::{refusal_statuses, send, spawn_app, Backend, TestApp};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const KEY: &str = "demo-lifepos-api-key";
const LEGAL_ENTITY: &str = "2f7c9a14-6b3e-4d85-9e21-8a4c6f0b3d71";
/// A guid no entity has.
const NOBODY: &str = "00000000-0000-4000-8000-0000000000ff";

fn with_key(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.lifepos(method, &format!("/v6/orgs/{ORG}{path}"))
        .header("Authorization", KEY)
}

/// The LIFE POS spec, as the control plane publishes it.
async fn spec(app: &TestApp) -> Value {
    let (status, spec) = send(app.get("/_emulator/openapi/lifepos.json")).await;
    assert_eq!(status, 200);
    spec
}

fn query_param(spec: &Value, path: &str, name: &str) -> Value {
    spec["paths"][format!("/lifepos/v6/orgs/{{org}}{path}")]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|param| param["name"] == name && param["in"] == "query")
        .unwrap_or_else(|| panic!("{path}: no {name}"))["schema"]
        .clone()
}

fn invalid(errors: Value) -> Value {
    json!({ "code": "RequestIsNotValid", "message": "параметры запроса не прошли валидацию", "errors": errors })
}

/// A body breaking rules of several members, nested ones among them, is one 422 naming each
/// member with its problem; so is a list's query string.
async fn every_members_problem_is_answered_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(with_key(&app, Method::POST, "/outlets").json(&json!({
        "name": "Т", "legal_entity": "not-a-guid", "brand": 5,
        "extensions": { "retail_app": { "version": "" }, "bonus": {} },
    })))
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        invalid(json!({
            "address": ["поле обязательно"],
            "brand": ["ожидается объект {\"guid\": \"…\"}"],
            "extensions.bonus": ["неизвестное поле"],
            "extensions.retail_app.version": ["от 1 до 8 символов"],
            "legal_entity": ["ожидается guid"],
            "name": ["от 2 до 256 символов"],
        }))
    );

    let (status, body) = send(
        app.lifepos(Method::POST, "/v6/auth/sign-in")
            .json(&json!({ "full_username": "i", "password": 5, "response_type": "Cookie" })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        invalid(json!({
            "full_username": ["от 2 до 49 символов"],
            "password": ["поле должно быть строкой"],
            "response_type": ["допустимые значения: Session, Token"],
        }))
    );

    let (status, body) = send(with_key(
        &app,
        Method::GET,
        "/deals/sales?items_per_page=0&selection=some&opened_at_from=yesterday&state=Lost&order_by=opened_at_asc&order_by=opened_at_desc",
    ))
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body,
        invalid(json!({
            "items_per_page": ["целое число от 1 до 100"],
            "opened_at_from": ["ожидается дата и время (RFC 3339), например 2024-10-23T06:47:41.212Z"],
            "order_by": ["параметр указан более одного раза"],
            "selection": ["допустимые значения: alive_only, all, archived_only"],
            "state": ["допустимые значения: New, InProgress, Completed, Cancelled"],
        }))
    );
}

/// Settled: the reads of a sale, a terminal, a registrar and a receipt declared `presentation` as
/// any string, so `presentation=` was valid by the spec and refused by the server. Every read now
/// declares the two values the server takes.
async fn every_read_declares_the_presentations_it_takes(backend: Backend) {
    let app = spawn_app(backend).await;
    let spec = spec(&app).await;
    for path in [
        format!("/deals/sales/{NOBODY}"),
        format!("/terminals/bank/{NOBODY}"),
        format!("/fiscal-registrars/{NOBODY}"),
        format!("/fiscal-registrars/*/docs/receipts/{NOBODY}"),
        format!("/employees/{NOBODY}"),
        "/me".to_owned(),
    ] {
        let template = path
            .replace(NOBODY, "{guid}")
            .replace("/bank/", "/{kind}/")
            .replace("registrars/*/", "registrars/{guid}/")
            .replace("receipts/{guid}", "receipts/{receipt}");
        assert_eq!(
            query_param(&spec, &template, "presentation")["enum"],
            json!(["compact", "full"]),
            "{template}"
        );
        let (status, body) = send(with_key(&app, Method::GET, &format!("{path}?presentation="))).await;
        assert_eq!(status, 422, "{path}: {body}");
        assert_eq!(
            body["errors"],
            json!({ "presentation": ["допустимые значения: compact, full"] })
        );
        let (status, _) = send(with_key(&app, Method::GET, &format!("{path}?presentation=compact"))).await;
        assert_ne!(status, 422, "{path}");
    }
}

/// Settled: an outlet's name and address, and an organization's patched name, were counted after
/// trimming (and stored trimmed), so `"  "` was valid by the spec's lengths and refused. They are
/// counted and kept as sent, as the spec's `minLength`/`maxLength` say.
async fn names_are_counted_and_kept_as_sent(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, outlet) = send(with_key(&app, Method::POST, "/outlets").json(&json!({
        "name": "  ", "address": " Москва ", "legal_entity": { "guid": LEGAL_ENTITY },
    })))
    .await;
    assert_eq!(status, 200, "{outlet}");
    assert_eq!(
        (&outlet["name"], &outlet["address"]),
        (&json!("  "), &json!(" Москва "))
    );
    let response = with_key(&app, Method::PATCH, "")
        .header("Content-Type", "application/json-patch+json")
        .body(json!([{ "op": "replace", "path": "/name", "value": " ab " }]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let (_, org) = send(with_key(&app, Method::GET, "")).await;
    assert_eq!(org["name"], " ab ");
}

/// Settled: list time bounds were declared as RFC 3339 date-times while the server also took a
/// date and a date-time without offset, trimmed surrounding spaces and split a time filter at
/// commas. The spec declares the three notations; the server takes exactly those, one a value.
async fn list_times_take_the_notations_the_spec_declares(backend: Backend) {
    let app = spawn_app(backend).await;
    let spec = spec(&app).await;
    let created_from = query_param(&spec, "/workplaces", "created_from");
    let notations: Vec<&Value> = created_from["anyOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|notation| notation.get("format").or_else(|| notation.get("pattern")).unwrap())
        .collect();
    assert_eq!(notations.len(), 3, "{created_from}");
    assert_eq!((notations[0], notations[1]), (&json!("date-time"), &json!("date")));
    for (query, accepted) in [
        ("created_from=2024-10-23", true),
        ("created_from=2024-10-23T06:47:41.212", true),
        ("created_from=2024-10-23T06:47:41.212%2B03:00", true),
        ("created_from=%202024-10-23", false),
        ("created_from=2023-02-29", false),
        ("created_from=2023-02-29T00:00:00", false),
    ] {
        let (status, body) = send(with_key(&app, Method::GET, &format!("/workplaces?{query}"))).await;
        assert_eq!(status == 200, accepted, "{query}: {body}");
    }
    let (status, body) = send(with_key(
        &app,
        Method::GET,
        "/deals/sales?opened_at_from=2024-01-01,2024-02-01",
    ))
    .await;
    assert_eq!(
        (status, body["errors"]["opened_at_from"].is_array()),
        (422, true),
        "{body}"
    );
    let (status, body) = send(with_key(
        &app,
        Method::GET,
        "/deals/sales?opened_at_from=2024-01-01&opened_at_from=2024-02-01&opened_at_to=",
    ))
    .await;
    assert_eq!(status, 200, "repeated, and blank: {body}");
}

/// Settled: beside a `page_token` the other parameters went unread, whatever they were; they are
/// read by the list's declaration like any others (the token's own still decide the page).
async fn parameters_beside_a_page_token_follow_their_declaration(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, _) = send(with_key(&app, Method::POST, "/outlets").json(&json!({
        "name": "Точка 2", "address": "Москва", "legal_entity": { "guid": LEGAL_ENTITY },
    })))
    .await;
    assert_eq!(status, 200);
    let (_, first) = send(with_key(&app, Method::GET, "/outlets?items_per_page=1")).await;
    let token = first["next_page_token"].as_str().expect("a second page").to_owned();
    let (status, second) = send(with_key(&app, Method::GET, &format!("/outlets?page_token={token}"))).await;
    assert_eq!((status, second["page_number"].clone()), (200, json!(2)));
    let (status, body) = send(with_key(
        &app,
        Method::GET,
        &format!("/outlets?page_token={token}&items_per_page=0"),
    ))
    .await;
    assert_eq!(status, 422);
    assert!(body["errors"]["items_per_page"].is_array(), "{body}");
}

/// Settled: a support contact's `type_of` was taken whatever its type; it is a string or null, as
/// the spec's description of `support` says.
async fn a_support_type_of_is_a_string(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = with_key(&app, Method::PATCH, "")
        .header("Content-Type", "application/json")
        .body(json!([{ "op": "add", "path": "/support/type_of", "value": 5 }]).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"],
        json!({ "support.type_of": ["поле должно быть строкой или null"] })
    );
}

/// What a request valid by its schema may still meet is declared on its operation, and nothing a
/// schema states is: a refusal is the state a request meets or a rule across members.
async fn refusals_are_declared_on_their_operations(backend: Backend) {
    let app = spawn_app(backend).await;
    let spec = spec(&app).await;
    let refusals = |path: &str, method: &str| refusal_statuses(&spec["paths"][format!("/lifepos/v6{path}")][method]);
    assert_eq!(refusals("/auth/sign-in", "post"), json!([401]));
    assert_eq!(refusals("/auth/activate-workplace", "post"), json!([401, 429]));
    assert_eq!(refusals("/orgs/{org}/outlets", "post"), json!([403, 422]));
    assert_eq!(refusals("/orgs/{org}/deals/sales", "get"), json!([403, 422]));
    assert_eq!(refusals("/orgs/{org}/employees/{guid}", "get"), json!([403, 404]));
    let (status, body) = send(with_key(&app, Method::POST, "/outlets").json(&json!({
        "name": "Точка 3", "address": "Москва", "legal_entity": { "guid": LEGAL_ENTITY },
        "organization": { "guid": NOBODY },
    })))
    .await;
    assert_eq!(status, 422, "a rule across the body and the path: {body}");
    assert_eq!(
        body["errors"],
        json!({ "organization": ["должна совпадать с организацией в пути запроса"] })
    );
}

on_both_engines!(
    every_members_problem_is_answered_at_once,
    every_read_declares_the_presentations_it_takes,
    names_are_counted_and_kept_as_sent,
    list_times_take_the_notations_the_spec_declares,
    parameters_beside_a_page_token_follow_their_declaration,
    a_support_type_of_is_a_string,
    refusals_are_declared_on_their_operations,
);
