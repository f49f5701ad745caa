//! Calls that write every item of a list they carry are one transaction each; `server.max_list_items`
//! bounds them, so one tenant's long list never holds the other tenants' writes (SQLite has one
//! writer). A longer list is refused in the vendor's shape, with nothing written.

use crate::common::{send, spawn_with, Backend, TestApp};
use serde_json::{json, Value};

const MAX_ITEMS: usize = 3;

async fn edin(app: &TestApp, path: &str, mut body: Value) -> Value {
    let (_, login) = send(
        app.post("/edin/Api/V1/User/Authorize")
            .json(&json!({ "varLogin": "supplier", "varPassword": "secret" })),
    )
    .await;
    body["varToken"] = login["varToken"].clone();
    let (status, answer) = send(app.post(&format!("/edin/Api/V1{path}")).json(&body)).await;
    assert_eq!(status, 200, "HTTP 200 by default: {answer}");
    answer
}

async fn edin_state(app: &TestApp) -> Value {
    send(app.get("/_emulator/state")).await.1["edin"].clone()
}

async fn edin_lists_past_the_bound_are_refused_whole(backend: Backend) {
    let app = spawn_with(backend, |config| config.server.max_list_items = MAX_ITEMS).await;
    let before = edin_state(&app).await;
    let binds = |count: usize| {
        (0..count)
            .map(|i| json!({ "gtin": format!("46000000{i}") }))
            .collect::<Vec<_>>()
    };
    let answer = edin(
        &app,
        "/Certificate/SetBind",
        json!({ "cert_id": "2199", "bind_action": "1", "product_binds": binds(4) }),
    )
    .await;
    assert_eq!(
        answer,
        json!({
            "varMessage": "Недопустимый формат поля \"product_binds\" [4 элементов], максимальное количество элементов 3",
            "intCode": 400
        })
    );
    let amigos = [
        json!({ "gln": "9864066822430", "isRetailer": false }),
        json!({ "gln": "9864064665428", "isRetailer": false }),
        json!({ "gln": "4829900023799", "isRetailer": true }),
        json!({ "gln": "9864066822430", "isRetailer": true }),
    ];
    let grant = json!({ "cert_id": "2173", "access_type": "2", "access_action": "1", "amigos_info": amigos });
    let answer = edin(&app, "/Certificate/SetAccess", grant).await;
    assert_eq!(answer["intCode"], 400, "{answer}");
    assert!(
        answer["varMessage"]
            .as_str()
            .unwrap()
            .contains("\"amigos_info\" [4 элементов]"),
        "{answer}"
    );
    assert_eq!(edin_state(&app).await, before, "nothing written");

    let answer = edin(
        &app,
        "/Certificate/SetBind",
        json!({ "cert_id": "2199", "bind_action": "1", "product_binds": binds(3) }),
    )
    .await;
    assert_eq!(answer["intCode"], 200, "a list at the bound is taken: {answer}");
}

async fn cloudtips_create_many_past_the_bound_is_refused_whole(backend: Backend) {
    let app = spawn_with(backend, |config| config.server.max_list_items = MAX_ITEMS).await;
    let token = crate::cloudtips::sign_in(&app).await;
    let receivers = |count: usize| {
        (0..count)
            .map(|i| json!({ "phoneNumber": format!("+7991000000{i}"), "name": format!("N{i}") }))
            .collect::<Vec<_>>()
    };
    let create = |count: usize| {
        app.post("/cloudtips/api/receivers/create-many")
            .bearer_auth(&token)
            .json(&json!({ "placeId": "place-1", "receivers": receivers(count) }))
    };
    let (status, body) = send(create(4)).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["succeed"], false, "{body}");
    assert_eq!(
        body["validationErrors"]["Receivers"],
        json!(["Слишком много получателей в одном запросе, не более 3"]),
        "{body}"
    );
    let (_, state) = send(app.get("/_emulator/state")).await;
    let stored = state["cloudtips"]["receivers"].as_array().map_or(0, |all| {
        all.iter()
            .filter(|r| r["phoneNumber"].as_str().is_some_and(|p| p.starts_with("+7991")))
            .count()
    });
    assert_eq!(stored, 0, "nothing written");
    let (status, body) = send(create(3)).await;
    assert_eq!(status, 200, "a list at the bound is taken: {body}");
}

crate::on_both_engines!(
    edin_lists_past_the_bound_are_refused_whole,
    cloudtips_create_many_past_the_bound_is_refused_whole,
);
