//! СУП: JWT login, X-Nonce, encrypted bodies, card linking and its invariants.

use crate::common::{send, spawn_app, Backend, TestApp};
use reqwest::RequestBuilder;
use serde_json::{json, Value};
use vendor_emulator::vendors::sup::wire::crypto;

pub const IVANOV: &str = "7f21773d-1d88-4fb0-835a-a4db53befd45";
pub const PETROVA: &str = "0c6f2d6e-52a1-4b8e-9f3a-6d1e2b7c4a90";
pub const CARD: &str = "27207024-38fd-47d0-a5e6-695f71628cdc";
pub const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
const UNAUTHORIZED: &str = "Не авторизован. Токен не прошел валидацию";

pub async fn login(app: &TestApp, login: &str) -> String {
    let (status, body) = send(
        app.post("/sup/v1/auth/login")
            .json(&json!({ "login": login, "password": "secret" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 3600);
    body["access_token"].as_str().unwrap().to_owned()
}

pub fn nonce() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn call(app: &TestApp, token: &str, path: &str) -> RequestBuilder {
    app.post(&format!("/sup{path}"))
        .bearer_auth(token)
        .header("X-Nonce", nonce())
}

async fn link(app: &TestApp, token: &str, employee: &str, card: &str, status: &str) -> (u16, Value) {
    send(
        call(app, token, &format!("/v1/employee/{employee}/link_card")).json(&json!({
            "customIdCard": card, "statusCard": status
        })),
    )
    .await
}

async fn the_documented_example_links_a_card(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let (status, body) = link(&app, &token, IVANOV, "1234567890123", "MAIN").await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!({ "idEmployee": IVANOV, "idCard": CARD, "statusCard": "MAIN" }),
        "exactly the document's answer"
    );

    let (status, again) = link(&app, &token, IVANOV, "1234567890123", "ADDITIONAL").await;
    assert_eq!(status, 200, "re-linking the same card updates its status");
    assert_eq!(again["statusCard"], "ADDITIONAL");
    let (status, card) = send(
        app.get(&format!("/sup/v1/card/{CARD}"))
            .bearer_auth(&token)
            .header("X-Nonce", nonce()),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        card["data"]["customCardId"], 1_234_567_890_123_u64,
        "a number, as the page types it"
    );
    assert_eq!(card["data"]["statusCard"], "ADDITIONAL");
    assert_eq!(card["data"]["dateUntil"], "2030-12-31");
    assert_eq!(card["data"]["employee"]["idEmployee"], IVANOV);
}

async fn bad_tokens_are_401(backend: Backend) {
    let app = spawn_app(backend).await;
    // A frozen clock: the token's hour is measured on it alone, however slow the machine.
    let (status, _) = send(app.post("/_emulator/clock").json(&json!({ "freeze": true }))).await;
    assert_eq!(status, 200);
    let token = login(&app, "partner").await;
    let other_tenant = {
        let (_, body) = send(
            app.post("/sup/v1/auth/login")
                .header("X-Emulator-Tenant", "other")
                .json(&json!({ "login": "partner", "password": "secret" })),
        )
        .await;
        body["access_token"].as_str().unwrap().to_owned()
    };
    let (head, _) = token.rsplit_once('.').unwrap();
    for bad in ["", "not-a-jwt", &format!("{head}.AAAA"), &other_tenant] {
        let (status, body) = link(&app, bad, IVANOV, "1234567890123", "MAIN").await;
        assert_eq!(status, 401, "{bad:?}");
        assert_eq!(body, json!({ "message": UNAUTHORIZED }));
    }
    let (status, _) = send(
        app.post(&format!("/sup/v1/employee/{IVANOV}/link_card"))
            .header("X-Nonce", nonce())
            .json(&json!({ "customIdCard": "1234567890123", "statusCard": "MAIN" })),
    )
    .await;
    assert_eq!(status, 401, "no Authorization at all");

    let (status, _) = send(app.post("/_emulator/clock").json(&json!({ "advance_seconds": 3599 }))).await;
    assert_eq!(status, 200);
    assert_eq!(
        link(&app, &token, IVANOV, "1234567890123", "MAIN").await.0,
        200,
        "valid until the hour is over"
    );
    send(app.post("/_emulator/clock").json(&json!({ "advance_seconds": 1 }))).await;
    let (status, body) = link(&app, &token, IVANOV, "1234567890123", "MAIN").await;
    assert_eq!(
        (status, body),
        (401, json!({ "message": UNAUTHORIZED })),
        "expired on the tenant's clock"
    );

    let (status, body) = send(
        app.post("/sup/v1/auth/login")
            .json(&json!({ "login": "partner", "password": "nope" })),
    )
    .await;
    assert_eq!((status, body), (401, json!({ "message": "Неверный логин или пароль" })));
}

async fn not_found_messages(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let (status, body) = link(
        &app,
        &token,
        "00000000-0000-4000-8000-000000000000",
        "1234567890123",
        "MAIN",
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({ "message": "Сотрудник с таким idEmployee не найден" }))
    );
    let (status, body) = link(&app, &token, IVANOV, "9999999999999", "MAIN").await;
    assert_eq!(
        (status, body),
        (404, json!({ "message": "Карта с таким customIdCard не найдена" }))
    );
}

async fn conflict_messages(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    assert_eq!(link(&app, &token, IVANOV, "1234567890123", "MAIN").await.0, 200);
    let (status, body) = link(&app, &token, IVANOV, "4600000000017", "MAIN").await;
    assert_eq!(
        (status, body),
        (
            409,
            json!({ "message": "У сотрудника есть основная карта. Измените её статус или добавьте как дополнительную карту" })
        )
    );
    assert_eq!(
        link(&app, &token, IVANOV, "4600000000017", "ADDITIONAL").await.0,
        200,
        "as an additional card"
    );
    let (status, body) = link(&app, &token, PETROVA, "1234567890123", "MAIN").await;
    assert_eq!(
        (status, body),
        (409, json!({ "message": "Карта уже привязана к другому сотруднику" }))
    );
    let (status, body) = link(&app, &token, PETROVA, "12345670", "MAIN").await;
    assert_eq!((status, body), (409, json!({ "message": "Карта не доступна" })));
    let (status, body) = link(&app, &token, PETROVA, "4600000000024", "MAIN").await;
    assert_eq!(
        (status, body),
        (409, json!({ "message": "У карты истёк срок годности" }))
    );

    // The tenant's clock decides expiry: past 2030-12-31 the linked card is expired too.
    send(
        app.post("/_emulator/clock")
            .json(&json!({ "set": "2031-01-01T00:00:00Z" })),
    )
    .await;
    let token = login(&app, "partner").await;
    let (status, body) = link(&app, &token, IVANOV, "1234567890123", "MAIN").await;
    assert_eq!(
        (status, body["message"].clone()),
        (409, json!("У карты истёк срок годности"))
    );
}

async fn every_invalid_field_is_listed_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let (status, body) = send(
        app.post("/sup/v1/employee/not-a-uuid/link_card")
            .bearer_auth(&token)
            .json(&json!({ "customIdCard": "12345", "statusCard": "GOLD" })),
    )
    .await;
    assert_eq!(status, 422);
    let mut fields: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        ["X-Nonce", "customIdCard", "idEmployee", "statusCard"],
        "{body}"
    );
    assert!(body["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["message"].is_string()));

    let (status, body) = send(call(&app, &token, &format!("/v1/employee/{IVANOV}/link_card")).json(&json!({}))).await;
    assert_eq!(status, 422);
    assert_eq!(
        body["data"].as_array().unwrap().len(),
        2,
        "both required fields: {body}"
    );

    // Every member of a body wrong at once, and no nonce: one 422 in the vendor's shape, the nonce
    // first, then the members as the declaration's walk finds them (by name), each in its words.
    let (status, body) = send(app.post("/sup/v1/employee/add").bearer_auth(&token).json(&json!({
        "customId": "two words", "surname": " \u{3000}", "name": 5, "patronymic": ["x"], "phone": "+79001234567",
        "email": "nobody", "idCategory": "nope", "status": "ASLEEP"
    })))
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body,
        json!({ "data": [
            { "field": "X-Nonce", "message": "Заголовок X-Nonce обязателен" },
            { "field": "customId", "message": "Идентификатор: до 64 символов — латинские буквы, цифры, «-» и «_»" },
            { "field": "email", "message": "Некорректный адрес электронной почты" },
            { "field": "idCategory", "message": "Значение должно быть UUID" },
            { "field": "name", "message": "Поле должно быть строкой" },
            { "field": "patronymic", "message": "Поле должно быть строкой" },
            { "field": "phone", "message": "Телефон: 10 цифр без кода страны" },
            { "field": "status", "message": "Допустимые значения: WORK, FIRED" },
            { "field": "surname", "message": "Поле не может быть пустым" },
        ] })
    );

    let (status, body) = send(
        call(&app, &token, &format!("/v1/employee/{IVANOV}/link_card"))
            .header("Content-Type", "application/json")
            .body("{"),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["data"][0]["field"], "body");

    let reused = nonce();
    let first = app
        .post(&format!("/sup/v1/employee/{IVANOV}/link_card"))
        .bearer_auth(&token)
        .header("X-Nonce", &reused)
        .json(&json!({ "customIdCard": "1234567890123", "statusCard": "ADDITIONAL" }));
    assert_eq!(send(first).await.0, 200);
    let replay = app
        .post(&format!("/sup/v1/employee/{IVANOV}/link_card"))
        .bearer_auth(&token)
        .header("X-Nonce", &reused)
        .json(&json!({ "customIdCard": "1234567890123", "statusCard": "ADDITIONAL" }));
    let (status, body) = send(replay).await;
    assert_eq!(status, 422, "a reused nonce is refused");
    assert_eq!(
        body["data"],
        json!([{ "field": "X-Nonce", "message": "Значение X-Nonce уже использовано" }])
    );
}

async fn encrypted_clients_must_encrypt(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "secure-partner").await;
    let body = json!({ "customIdCard": "1234567890123", "statusCard": "MAIN" }).to_string();
    let path = format!("/sup/v1/employee/{IVANOV}/link_card");

    let n = nonce();
    let sealed = crypto::encrypt(KEY, &n, body.as_bytes()).unwrap();
    let (status, answer) = send(
        app.post(&path)
            .bearer_auth(&token)
            .header("X-Nonce", &n)
            .body(sealed.clone()),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["idCard"], CARD);

    let (status, answer) = send(
        app.post(&path)
            .bearer_auth(&token)
            .header("X-Nonce", nonce())
            .body(sealed),
    )
    .await;
    assert_eq!(status, 422, "sealed under another nonce");
    assert_eq!(answer["data"][0]["field"], "body");
    let (status, answer) = send(
        app.post(&path)
            .bearer_auth(&token)
            .header("X-Nonce", nonce())
            .header("Content-Type", "application/json")
            .body(body),
    )
    .await;
    assert_eq!(status, 422, "plain JSON from a client with a key");
    assert_eq!(answer["data"][0]["field"], "body");

    // The bundled helper produces the same kind of body.
    let n = nonce();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_vendor-emulator"))
        .args(["sup-encrypt", "--key", KEY, "--nonce", &n])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"customIdCard":"4600000000017","statusCard":"ADDITIONAL"}"#)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let sealed = String::from_utf8(output.stdout).unwrap();
    let (status, answer) = send(
        app.post(&path)
            .bearer_auth(&token)
            .header("X-Nonce", &n)
            .body(sealed.trim().to_owned()),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["statusCard"], "ADDITIONAL");
}

async fn employees_and_card_switch(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let new = json!({ "customId": "E-9", "surname": "Смирнов", "name": "Олег", "phone": "9001234567", "email": "o@example.com" });
    let (status, created) = send(call(&app, &token, "/v1/employee/add").json(&new)).await;
    assert_eq!(status, 200, "{created}");
    let id = created["data"]["idEmployee"].as_str().unwrap().to_owned();
    assert_eq!(created["data"]["status"], "WORK");
    let (status, body) = send(
        call(&app, &token, "/v1/employee/add")
            .json(&json!({ "surname": "Без Имени", "phone": "12", "email": "x", "status": "ASLEEP" })),
    )
    .await;
    assert_eq!(status, 422);
    let mut fields: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["email", "name", "phone", "status"]);

    assert_eq!(link(&app, &token, &id, "1234567890123", "MAIN").await.0, 200);
    assert_eq!(link(&app, &token, &id, "4600000000017", "ADDITIONAL").await.0, 200);
    let (status, employee) = send(
        app.get(&format!("/sup/v1/employee/{id}"))
            .bearer_auth(&token)
            .header("X-Nonce", nonce()),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(employee["data"]["surname"], "Смирнов");
    assert_eq!(employee["data"]["cards"].as_array().unwrap().len(), 2);

    let second_card = employee["data"]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|card| card["customIdCard"] == "4600000000017")
        .unwrap()["idCard"]
        .as_str()
        .unwrap()
        .to_owned();
    let switch = |card: &str, status: &str| {
        call(&app, &token, &format!("/v1/employee/{id}/card/switch"))
            .json(&json!({ "idCard": card, "statusCard": status }))
    };
    let (status, body) = send(switch(&second_card, "MAIN")).await;
    assert_eq!(status, 409, "the MAIN rule holds for switches: {body}");
    assert_eq!(send(switch(CARD, "TEMPORARILY_BLOCKED")).await.0, 200);
    let (status, body) = send(switch(&second_card, "MAIN")).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["data"],
        json!({ "idEmployee": id, "idCard": second_card, "statusCard": "MAIN" })
    );
    let (status, body) = send(
        call(&app, &token, &format!("/v1/employee/{IVANOV}/card/switch"))
            .json(&json!({ "idCard": CARD, "statusCard": "MAIN" })),
    )
    .await;
    assert_eq!(
        (status, body["message"].clone()),
        (409, json!("Карта не привязана к этому сотруднику"))
    );
    let (status, _) = send(
        app.get("/sup/v1/employee/00000000-0000-4000-8000-000000000000")
            .bearer_auth(&token)
            .header("X-Nonce", nonce()),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = send(
        app.get("/sup/v1/card/not-a-uuid")
            .bearer_auth(&token)
            .header("X-Nonce", nonce()),
    )
    .await;
    assert_eq!(status, 422);
}

fn many_employees(count: usize) -> Value {
    let employees: Vec<Value> = (0..count)
        .map(|i| json!({ "idEmployee": format!("00000000-0000-4000-8000-{i:012}"), "surname": "Сотрудник", "name": format!("Номер {i}") }))
        .collect();
    let cards: Vec<Value> = (0..20)
        .map(|i| json!({ "customIdCard": format!("77000000{i:05}"), "validUntil": "2030-01-01" }))
        .collect();
    json!({ "sup": { "employees": employees, "cards": cards } })
}

async fn one_card_one_employee_under_100_concurrent_links(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(
        send(app.post("/_emulator/fixtures").json(&many_employees(100))).await.0,
        200
    );
    let token = login(&app, "partner").await;
    let tasks: Vec<_> = (0..100)
        .map(|i| {
            let request = call(
                &app,
                &token,
                &format!("/v1/employee/00000000-0000-4000-8000-{i:012}/link_card"),
            )
            .json(&json!({ "customIdCard": "7700000000000", "statusCard": "MAIN" }));
            tokio::spawn(async move { send(request).await })
        })
        .collect();
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.unwrap());
    }
    assert_eq!(outcomes.iter().filter(|(status, _)| *status == 200).count(), 1);
    let conflicts = outcomes
        .iter()
        .filter(|(status, body)| *status == 409 && body["message"] == "Карта уже привязана к другому сотруднику");
    assert_eq!(conflicts.count(), 99);
}

async fn one_main_card_under_concurrent_main_links(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(
        send(app.post("/_emulator/fixtures").json(&many_employees(1))).await.0,
        200
    );
    let token = login(&app, "partner").await;
    let employee = "00000000-0000-4000-8000-000000000000";
    let tasks: Vec<_> = (0..20)
        .map(|i| {
            let request = call(&app, &token, &format!("/v1/employee/{employee}/link_card"))
                .json(&json!({ "customIdCard": format!("77000000{i:05}"), "statusCard": "MAIN" }));
            tokio::spawn(async move { send(request).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap().0);
    }
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 19, "{statuses:?}");
    let (_, body) = send(
        app.get(&format!("/sup/v1/employee/{employee}"))
            .bearer_auth(&token)
            .header("X-Nonce", nonce()),
    )
    .await;
    let mains = body["data"]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|card| card["statusCard"] == "MAIN")
        .count();
    assert_eq!(mains, 1);
}

async fn state_round_trips_with_cards(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    assert_eq!(link(&app, &token, IVANOV, "1234567890123", "MAIN").await.0, 200);
    let (_, exported) = send(app.get("/_emulator/state")).await;
    let linked = exported["sup"]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|card| card["idCard"] == CARD)
        .unwrap();
    assert_eq!(linked["idEmployee"], IVANOV);
    assert_eq!(linked["statusCard"], "MAIN");
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&exported),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, copied) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    assert_eq!(copied, exported);
    let bad = json!({ "sup": { "cards": [{ "customIdCard": "123", "validUntil": "2030-01-01" }] } });
    let (status, body) = send(app.post("/_emulator/fixtures").json(&bad)).await;
    assert_eq!(
        (status, body["path"].clone()),
        (422, json!("$.sup.cards[0].customIdCard"))
    );
    // A fixture is held to the declaration the API reads its employees with.
    let bad = json!({ "sup": { "employees": [{ "surname": "Иванов", "name": "Иван", "phone": "12" }] } });
    let (status, body) = send(app.post("/_emulator/fixtures").json(&bad)).await;
    assert_eq!(
        (status, body["path"].clone()),
        (422, json!("$.sup.employees[0].phone")),
        "{body}"
    );
}

/// The link_card document puts the JWT itself in `Authorization`, no scheme named.
async fn a_bare_jwt_is_accepted(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let (status, body) = send(
        app.post(&format!("/sup/v1/employee/{IVANOV}/link_card"))
            .header("Authorization", &token)
            .header("X-Nonce", nonce())
            .json(&json!({ "customIdCard": "1234567890123", "statusCard": "MAIN" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["idCard"], CARD);
    let (status, body) = send(
        app.get(&format!("/sup/v1/card/{CARD}"))
            .header("Authorization", &token)
            .header("X-Nonce", nonce()),
    )
    .await;
    assert_eq!((status, body["data"]["idEmployee"].clone()), (200, json!(IVANOV)));
    let (status, body) = send(
        app.get(&format!("/sup/v1/card/{CARD}"))
            .header("Authorization", format!("Basic {token}"))
            .header("X-Nonce", nonce()),
    )
    .await;
    assert_eq!(
        (status, body),
        (401, json!({ "message": UNAUTHORIZED })),
        "another scheme is not a JWT"
    );
}

on_both_engines!(
    the_documented_example_links_a_card,
    a_bare_jwt_is_accepted,
    bad_tokens_are_401,
    not_found_messages,
    conflict_messages,
    every_invalid_field_is_listed_at_once,
    encrypted_clients_must_encrypt,
    employees_and_card_switch,
    one_card_one_employee_under_100_concurrent_links,
    one_main_card_under_concurrent_main_links,
    state_round_trips_with_cards,
);
