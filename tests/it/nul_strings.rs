//! U+0000 in any string a client sends: the vendor's own validation error naming the field, the
//! same on SQLite (which could store it) and PostgreSQL (whose TEXT refuses it), and nothing
//! stored, so an export of either engine loads into the other.

use crate::cloudtips::sign_in as cloudtips_token;
use crate::common::{join_all, send, spawn_app, Backend, TestApp};
use crate::lifepos_workplaces::api as lifepos;
use crate::sup::{IVANOV, KEY as SUP_KEY};
use reqwest::Method;
use serde_json::{json, Value};
use vendor_emulator::vendors::sup::wire::crypto;

const NUL_MESSAGE: &str = "строка не может содержать символ U+0000";

async fn state(app: &TestApp) -> Value {
    let (status, body) = send(app.get("/_emulator/state")).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn assert_lifepos_field(status: u16, body: &Value, field: &str) {
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "RequestIsNotValid", "{body}");
    assert_eq!(body["errors"], json!({ field: [NUL_MESSAGE] }), "{body}");
}

async fn lifepos_query_filter_names_the_parameter(backend: Backend) {
    let app = spawn_app(backend).await;
    for path in ["/workplaces?query=%00", "/workplaces?items_per_page=5&query=a%00b"] {
        let (status, body) = send(lifepos(&app, Method::GET, path)).await;
        assert_lifepos_field(status, &body, "query");
    }
    let (status, body) = send(
        app.lifepos(Method::GET, "/v6/orgs?query=%00")
            .header("Authorization", "demo-lifepos-api-key"),
    )
    .await;
    assert_lifepos_field(status, &body, "query");
    let (status, body) = send(lifepos(&app, Method::GET, "/workplaces?query=%D0%BA")).await;
    assert_eq!(status, 200, "a filter without U+0000 still works: {body}");
}

async fn lifepos_workplace_name_is_refused_and_not_stored(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = state(&app).await;
    let (status, body) = send(
        lifepos(&app, Method::POST, "/workplaces").json(&json!({ "workplace_type": "Mobile", "name": "Касса\u{0}2" })),
    )
    .await;
    assert_lifepos_field(status, &body, "name");
    let (status, body) = send(
        lifepos(&app, Method::POST, "/workplaces")
            .json(&json!({ "workplace_type": "Mobile", "name": "Касса", "extensions": { "tags": ["ok", "\u{0}"] } })),
    )
    .await;
    assert_lifepos_field(status, &body, "extensions.tags[1]");
    // A JSON Patch is a body like any other: the member is named by its place in the array.
    let (status, body) = send(
        lifepos(&app, Method::PATCH, "/workplaces/5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41")
            .json(&json!([{ "op": "replace", "path": "/name", "value": "\u{0}" }])),
    )
    .await;
    assert_lifepos_field(status, &body, "[0].value");
    assert_eq!(state(&app).await, before, "nothing stored");
}

async fn a_path_segment_holding_nul_is_the_vendors_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(lifepos(&app, Method::GET, "/workplaces/%00")).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["code"], "NotFound", "{body}");
    let token = cloudtips_token(&app).await;
    let (status, body) = send(
        app.client
            .get(app.url("/cloudtips/api/receivers/a%00b"))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["succeed"], false, "{body}");
}

async fn sup_login_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(
        app.post("/sup/v1/auth/login")
            .json(&json!({ "login": "partner\u{0}", "password": "secret" })),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body, json!({ "data": [{ "field": "login", "message": NUL_MESSAGE }] }));
}

/// An encrypted body is opened only by СУП's own reader, which checks it the same way.
async fn sup_decrypted_body_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(
        app.post("/sup/v1/auth/login")
            .json(&json!({ "login": "secure-partner", "password": "secret" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap().to_owned();
    let before = state(&app).await;
    let nonce = uuid::Uuid::new_v4().to_string();
    let plaintext = json!({ "customIdCard": "1234567890123\u{0}", "statusCard": "MAIN" }).to_string();
    let sealed = crypto::encrypt(SUP_KEY, &nonce, plaintext.as_bytes()).unwrap();
    let (status, body) = send(
        app.post(&format!("/sup/v1/employee/{IVANOV}/link_card"))
            .bearer_auth(&token)
            .header("X-Nonce", &nonce)
            .body(sealed),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["data"],
        json!([{ "field": "customIdCard", "message": NUL_MESSAGE }])
    );
    assert_eq!(state(&app).await["sup"], before["sup"], "no card linked");
}

async fn edin_authorize_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "supplier\u{0}", "varPassword": "secret" })),
    )
    .await;
    // `vendors.edin.http_status = "ok"`: the vendor's code is in `intCode`.
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({ "intCode": 400, "varMessage": format!("Недопустимый формат поля \"varLogin\", {NUL_MESSAGE}") })
    );
    let (_, body) = send(app.post("/edin/Api/V1/Index/Authorize?varLogin=%00")).await;
    assert_eq!(body["intCode"], 400, "{body}");
}

async fn cloudtips_token_form_answers_in_oauth_shape(backend: Backend) {
    let app = spawn_app(backend).await;
    for (field, form) in [
        (
            "username",
            [
                ("grant_type", "password"),
                ("client_id", "Partner"),
                ("username", "partner@example.com\u{0}"),
                ("password", "secret"),
            ],
        ),
        (
            "client_id",
            [
                ("grant_type", "password"),
                ("client_id", "\u{0}"),
                ("username", "partner@example.com"),
                ("password", "secret"),
            ],
        ),
    ] {
        let (status, body) = send(app.post("/cloudtips/connect/token").form(&form)).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            body,
            json!({ "error": "invalid_request", "error_description": format!("{field}: {NUL_MESSAGE}") })
        );
    }
    // The gateway's refusal of a query parameter or a JSON body answers in the endpoint's shape too.
    let (status, body) = send(
        app.post("/cloudtips/connect/token?client_id=%00")
            .form(&[("grant_type", "password")]),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body,
        json!({ "error": "invalid_request", "error_description": format!("client_id: {NUL_MESSAGE}") })
    );
    let (_, body) = send(
        app.post("/cloudtips/connect/token")
            .json(&json!({ "username": "\u{0}" })),
    )
    .await;
    assert_eq!(body["error"], "invalid_request", "{body}");
    assert_eq!(body["error_description"], format!("username: {NUL_MESSAGE}"), "{body}");
}

async fn cloudtips_json_body_names_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = cloudtips_token(&app).await;
    let before = state(&app).await;
    let (status, body) = send(
        app.client
            .post(app.url("/cloudtips/api/places"))
            .bearer_auth(&token)
            .json(&json!({ "name": "Кафе\u{0}" })),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["succeed"], false, "{body}");
    assert_eq!(body["validationErrors"], json!({ "Name": [NUL_MESSAGE] }), "{body}");
    let (status, body) = send(
        app.client
            .get(app.url("/cloudtips/api/receivers?phoneNumber=%00"))
            .bearer_auth(&token),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({ "PhoneNumber": [NUL_MESSAGE] }),
        "{body}"
    );
    assert_eq!(state(&app).await, before, "nothing stored");
}

async fn fixture_documents_name_the_json_path(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = state(&app).await;
    let document = json!({ "lifepos": { "organizations": [{
        "guid": "9d0c7e4a-1b2f-4c3d-8e5f-6a7b8c9d0e1f",
        "name": "Пекарня\u{0}",
        "outlets": [{ "name": "Склад" }]
    }]}});
    let (status, body) = send(app.post("/_emulator/fixtures").json(&document)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body,
        json!({ "error": "a string may not contain U+0000", "path": "$.lifepos.organizations[0].name" })
    );
    assert_eq!(state(&app).await, before, "nothing loaded");
}

async fn control_query_filters_name_the_parameter(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(app.get("/_emulator/outbox?phone=%2B7999%00")).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body, json!({ "error": "phone: a string may not contain U+0000" }));
    let (status, body) = send(app.get("/_emulator/journal?path=%00")).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body, json!({ "error": "path: a string may not contain U+0000" }));
}

/// 32 clients at once, half of them sending U+0000: each refused one is a 422, each other one is
/// created, and the workplaces are exactly the ones created.
async fn concurrent_refusals_store_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let total = |app: &TestApp| {
        let request = lifepos(app, Method::GET, "/workplaces?items_per_page=100");
        async move {
            let (status, body) = send(request).await;
            assert_eq!(status, 200, "{body}");
            body["items_total"].as_i64().unwrap()
        }
    };
    let before = total(&app).await;
    let answers = join_all((0..32).map(|i| {
        let name = if i % 2 == 0 {
            format!("Касса {i}\u{0}")
        } else {
            format!("Касса {i}")
        };
        send(lifepos(&app, Method::POST, "/workplaces").json(&json!({ "workplace_type": "Mobile", "name": name })))
    }))
    .await;
    for (i, (status, body)) in answers.iter().enumerate() {
        if i % 2 == 0 {
            assert_lifepos_field(*status, body, "name");
        } else {
            assert_eq!(*status, 200, "{body}");
        }
    }
    assert_eq!(total(&app).await, before + 16);
}

/// After every kind of attempt, the tenant's export loads into a fresh PostgreSQL emulator.
async fn an_export_after_refusals_loads_into_postgres(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = cloudtips_token(&app).await;
    let attempts = [
        lifepos(&app, Method::POST, "/workplaces").json(&json!({ "workplace_type": "Mobile", "name": "\u{0}" })),
        app.post("/sup/v1/auth/login")
            .json(&json!({ "login": "\u{0}", "password": "\u{0}" })),
        app.post("/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "\u{0}", "varPassword": "x" })),
        app.client
            .post(app.url("/cloudtips/api/places"))
            .bearer_auth(&token)
            .json(&json!({ "name": "\u{0}" })),
        app.post("/_emulator/fixtures")
            .json(&json!({ "lifepos": { "organizations": [{ "name": "\u{0}" }] } })),
    ];
    for attempt in attempts {
        let (status, body) = send(attempt).await;
        assert!(
            (400..500).contains(&status) || body["intCode"] == 400,
            "{status} {body}"
        );
    }
    let export = state(&app).await;
    let copy = spawn_app(Backend::Postgres).await;
    let (status, body) = send(
        copy.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&export),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

async fn control_path_segments_holding_nul_are_a_404(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, rule) = send(
        app.post("/_emulator/faults")
            .json(&json!({ "status": 503, "path": "/nowhere" })),
    )
    .await;
    assert_eq!(status, 200, "{rule}");
    let (status, body) = send(app.delete("/_emulator/faults/a%00b")).await;
    assert_eq!(status, 404, "{body}");
    assert!(body["error"].as_str().unwrap().contains("U+0000"), "{body}");
    let (_, faults) = send(app.get("/_emulator/faults")).await;
    assert_eq!(
        faults["faults"].as_array().map(Vec::len),
        Some(1),
        "the rule stays: {faults}"
    );
}

on_both_engines!(
    control_path_segments_holding_nul_are_a_404,
    lifepos_query_filter_names_the_parameter,
    lifepos_workplace_name_is_refused_and_not_stored,
    a_path_segment_holding_nul_is_the_vendors_404,
    sup_login_names_the_field,
    sup_decrypted_body_names_the_field,
    edin_authorize_names_the_field,
    cloudtips_token_form_answers_in_oauth_shape,
    cloudtips_json_body_names_the_field,
    fixture_documents_name_the_json_path,
    control_query_filters_name_the_parameter,
    concurrent_refusals_store_nothing,
    an_export_after_refusals_loads_into_postgres,
);
