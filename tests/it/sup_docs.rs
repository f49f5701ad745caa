//! СУП as its public pages describe it: the pages' example requests and answers, employee update
//! (`PUT /v1/employee/{idEmployee}`), categories (`POST /v1/category` → 201), card limits
//! (`POST /v1/setlimitscards`, read back through `GET /v1/card/{idCard}`) and the card's fields.

use crate::common::{join_all, refusal_statuses, send, spawn_app, Backend, TestApp};
use crate::sup::{call, login, nonce, CARD, IVANOV, KEY, PETROVA};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};
use vendor_emulator::vendors::sup::wire::crypto;

const CATEGORY: &str = "7f21773d-1d88-4fb0-835a-a4db53befd45";
const OTHER_CARD: &str = "5b0e9c1a-7d2f-4e6b-8a3c-1f9d2e4b6a70";

fn authed(app: &TestApp, token: &str, method: Method, path: &str) -> RequestBuilder {
    app.client
        .request(method, app.url(&format!("/sup{path}")))
        .bearer_auth(token)
        .header("X-Nonce", nonce())
}

/// The request example of add_employee / update_employee.
fn page_employee() -> Value {
    json!({
        "customId": "45678900", "surname": "Иванов", "name": "Иван", "patronymic": "Иванович",
        "phone": "9123456789", "email": "example@mail.ru", "idCategory": CATEGORY, "status": "WORK"
    })
}

async fn get_card(app: &TestApp, token: &str, id: &str) -> Value {
    let (status, body) = send(authed(app, token, Method::GET, &format!("/v1/card/{id}"))).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn set_limits(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    send(call(app, token, "/v1/setlimitscards").json(&body)).await
}

async fn the_pages_examples_give_their_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;

    // get_employee: the page's answer as far as it is stored.
    let (status, body) = send(authed(&app, &token, Method::GET, &format!("/v1/employee/{IVANOV}"))).await;
    assert_eq!(status, 200, "{body}");
    let page = json!({
        "idEmployee": IVANOV, "customId": "45678900", "surname": "Иванов", "name": "Иван",
        "patronymic": "Иванович", "phone": 9_123_456_789_u64, "email": "example@mail.ru", "idCategory": CATEGORY
    });
    for (field, value) in page.as_object().unwrap() {
        assert_eq!(&body["data"][field], value, "{field}: {body}");
    }
    for field in ["status", "cards"] {
        assert!(body["data"].get(field).is_some(), "{field}: {body}");
    }

    // add_employee: the page's request.
    let (status, body) = send(call(&app, &token, "/v1/employee/add").json(&page_employee())).await;
    assert_eq!(status, 200, "{body}");
    let mut expected = page_employee();
    expected["phone"] = json!(9_123_456_789_u64);
    expected["idEmployee"] = body["data"]["idEmployee"].clone();
    assert!(uuid::Uuid::parse_str(body["data"]["idEmployee"].as_str().unwrap()).is_ok());
    assert_eq!(body["data"], expected);

    // create_category: 201 and the page's answer.
    let (status, body) = send(call(&app, &token, "/v1/category").json(&json!({ "nameCategory": "someth_name" }))).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["nameCategory"], "someth_name");
    assert!(
        uuid::Uuid::parse_str(body["idCategory"].as_str().unwrap()).is_ok(),
        "{body}"
    );
    assert_eq!(body.as_object().unwrap().len(), 2, "unwrapped, two fields: {body}");

    // get_info_card: the page's fields, customCardId a number.
    let body = get_card(&app, &token, CARD).await;
    assert_eq!(body["data"]["idCard"], CARD);
    assert_eq!(body["data"]["customCardId"], 1_234_567_890_123_u64);
    assert_eq!(body["data"]["type"], "PLASTIC");
    assert_eq!(body["data"]["dateUntil"], "2030-12-31");
    assert_eq!(
        body["data"]["balanceAccount"],
        json!({ "updateAt": null, "balance": 0.0 })
    );
    assert_eq!(body["data"]["limit"], Value::Null);
}

async fn put_replaces_the_employee(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let path = format!("/v1/employee/{PETROVA}");
    let (status, body) = send(authed(&app, &token, Method::PUT, &path).json(&page_employee())).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["idEmployee"], PETROVA);
    assert_eq!(body["data"]["customId"], "45678900");
    assert_eq!(body["data"]["idCategory"], CATEGORY);
    let (_, got) = send(authed(&app, &token, Method::GET, &path)).await;
    assert_eq!(got["data"]["surname"], "Иванов", "{got}");
    assert_eq!(got["data"]["email"], "example@mail.ru");

    // A whole replacement: what is left out is cleared.
    let (status, body) = send(
        authed(&app, &token, Method::PUT, &path)
            .json(&json!({ "surname": "Петрова", "name": "Анна", "status": "FIRED" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, got) = send(authed(&app, &token, Method::GET, &path)).await;
    assert_eq!(got["data"]["status"], "FIRED");
    assert_eq!(got["data"]["email"], Value::Null);
    assert_eq!(got["data"]["idCategory"], Value::Null);

    let (status, body) = send(
        authed(&app, &token, Method::PUT, &path)
            .json(&json!({ "name": "Анна", "customId": "x".repeat(65), "idCategory": "nope" })),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    // Listed as the declaration's walk finds them: the members by name.
    assert_eq!(fields, ["customId", "idCategory", "surname"], "{body}");

    let (status, body) = send(
        authed(
            &app,
            &token,
            Method::PUT,
            "/v1/employee/00000000-0000-4000-8000-000000000000",
        )
        .json(&page_employee()),
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({ "message": "Сотрудник с таким idEmployee не найден" }))
    );
    let mut unknown_category = page_employee();
    unknown_category["idCategory"] = json!("00000000-0000-4000-8000-000000000001");
    let (status, body) = send(authed(&app, &token, Method::PUT, &path).json(&unknown_category)).await;
    assert_eq!(
        (status, body),
        (404, json!({ "message": "Категория с таким idCategory не найдена" }))
    );
    let (status, body) = send(call(&app, &token, "/v1/employee/add").json(&unknown_category)).await;
    assert_eq!(status, 404, "add checks the category too: {body}");

    // A client with a key sends the PUT body encrypted, as every other body.
    let secure = login(&app, "secure-partner").await;
    let n = nonce();
    let sealed = crypto::encrypt(KEY, &n, page_employee().to_string().as_bytes()).unwrap();
    let (status, body) = send(
        app.client
            .put(app.url(&format!("/sup{path}")))
            .bearer_auth(&secure)
            .header("X-Nonce", &n)
            .body(sealed),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

/// Each PUT is one statement: concurrent ones never mix their fields.
async fn concurrent_puts_leave_one_whole_employee(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let path = format!("/v1/employee/{PETROVA}");
    let calls = (0..32).map(|i| {
        send(authed(&app, &token, Method::PUT, &path).json(&json!({
            "surname": format!("Фамилия{i}"), "name": format!("Имя{i}"), "customId": format!("C{i}")
        })))
    });
    let results = join_all(calls).await;
    assert!(results.iter().all(|(status, _)| *status == 200), "{results:?}");
    let (_, got) = send(authed(&app, &token, Method::GET, &path)).await;
    let surname = got["data"]["surname"].as_str().unwrap();
    let i = surname.trim_start_matches("Фамилия");
    assert_eq!(got["data"]["name"], format!("Имя{i}"), "{got}");
    assert_eq!(got["data"]["customId"], format!("C{i}"), "{got}");
}

async fn limits_are_set_per_card_and_read_back(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let limit = json!({ "unlimited": false, "amount": 1500.5, "period": "MONTH", "days": [1, 2, 3, 4, 5],
                        "times": [{ "from": "09:00", "to": "18:00" }] });
    let (status, body) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": CARD }, { "idCard": OTHER_CARD }], "limit": limit }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({ "data": [{ "idCard": CARD, "limit": limit }, { "idCard": OTHER_CARD, "limit": limit }] })
    );
    for id in [CARD, OTHER_CARD] {
        assert_eq!(get_card(&app, &token, id).await["data"]["limit"], limit, "{id}");
    }

    // The page's own template: "period": "null" as a string is no period.
    let (status, body) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": CARD }], "limit": { "unlimited": true, "amount": null, "period": "null", "days": [], "times": [] } }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        get_card(&app, &token, CARD).await["data"]["limit"],
        json!({ "unlimited": true, "amount": null, "period": null, "days": [], "times": [] })
    );

    // All or nothing: an unknown card fails the call and changes no card.
    let (status, body) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": OTHER_CARD }, { "idCard": "00000000-0000-4000-8000-000000000000" }],
                "limit": { "unlimited": true } }),
    )
    .await;
    assert_eq!(
        (status, body),
        (404, json!({ "message": "Карта с таким idCard не найдена" }))
    );
    assert_eq!(get_card(&app, &token, OTHER_CARD).await["data"]["limit"], limit);

    let (status, body) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": "x" }], "limit": { "unlimited": true, "amount": 5, "days": [8],
                "times": [{ "from": "18:00", "to": "09:00" }] } }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    // The declaration's problems first, each under its member (a list's item by its index); the
    // rules across members only once it holds.
    assert_eq!(
        body["data"],
        json!([
            { "field": "data[0].idCard", "message": "Значение должно быть UUID" },
            { "field": "limit.days[0]", "message": "Число от 1 до 7" },
        ])
    );
    // An unlimited card with an amount breaks the declaration (its `anyOf`); a window that does
    // not start before its end, which no schema states, is refused once the declaration holds.
    let (status, body) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": CARD }], "limit": { "unlimited": true, "amount": 5, "days": [7] } }),
    )
    .await;
    assert_eq!(
        (status, body["data"].clone()),
        (
            422,
            json!([{ "field": "limit.amount", "message": "У безлимитной карты сумма лимита не задаётся" }])
        )
    );
    let (status, body) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": CARD }], "limit": { "unlimited": false, "amount": 5,
                "times": [{ "from": "09:00", "to": "18:00" }, { "from": "18:00", "to": "09:00" }, { "from": "10:00", "to": "10:00" }] } }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["data"],
        json!([
            { "field": "limit.times[1]", "message": "Начало интервала должно быть раньше конца" },
            { "field": "limit.times[2]", "message": "Начало интервала должно быть раньше конца" },
        ])
    );
    let (status, body) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": CARD }], "limit": { "unlimited": false, "days": [1, 3, 1] } }),
    )
    .await;
    assert_eq!(
        (status, body["data"][0]["field"].clone()),
        (422, json!("limit.days")),
        "a day listed twice: {body}"
    );
    let (status, body) = set_limits(&app, &token, json!({ "data": [], "limit": null })).await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["data", "limit"], "{body}");
}

/// 32 calls at once, listing the two cards in either order: every call succeeds and both cards end
/// with the limit of one and the same call.
async fn concurrent_limit_changes_never_mix(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let calls = (0..32).map(|i| {
        let cards = if i % 2 == 0 { [CARD, OTHER_CARD] } else { [OTHER_CARD, CARD] };
        set_limits(
            &app,
            &token,
            json!({ "data": [{ "idCard": cards[0] }, { "idCard": cards[1] }], "limit": { "unlimited": false, "amount": i } }),
        )
    });
    let results = join_all(calls).await;
    assert!(results.iter().all(|(status, _)| *status == 200), "{results:?}");
    let first = get_card(&app, &token, CARD).await["data"]["limit"].clone();
    let second = get_card(&app, &token, OTHER_CARD).await["data"]["limit"].clone();
    assert!(first["amount"].is_number(), "{first}");
    assert_eq!(first, second);
}

async fn categories_limits_and_balances_round_trip_through_the_state(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = login(&app, "partner").await;
    let (status, category) = send(call(&app, &token, "/v1/category").json(&json!({ "nameCategory": "Бариста" }))).await;
    assert_eq!(status, 201);
    let mut employee = page_employee();
    employee["idCategory"] = category["idCategory"].clone();
    let (status, _) = send(call(&app, &token, "/v1/employee/add").json(&employee)).await;
    assert_eq!(status, 200);
    let (status, _) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": CARD }], "limit": { "unlimited": false, "amount": 100, "days": [6, 7] } }),
    )
    .await;
    assert_eq!(status, 200);
    let (_, mut state) = send(app.get("/_emulator/state")).await;
    assert!(state["sup"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["nameCategory"] == "Бариста"));
    // A balance set by a fixture shows in the card's balanceAccount.
    let cards = state["sup"]["cards"].as_array_mut().unwrap();
    let card = cards.iter_mut().find(|card| card["idCard"] == CARD).unwrap();
    assert_eq!(card["limit"]["days"], json!([6, 7]));
    card["balance"] = json!(250.75);
    card["balanceUpdatedAt"] = json!("2030-01-02T03:04:05Z");
    card["type"] = json!("VIRTUAL");
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&state),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, copy) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "again")
            .json(&copy),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, again) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "again")).await;
    assert_eq!(again["sup"], copy["sup"]);
    let copied = copy["sup"]["cards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|card| card["idCard"] == CARD)
        .unwrap()
        .clone();
    assert_eq!(copied["balance"], 250.75);
    assert_eq!(copied["type"], "VIRTUAL");

    let copy_token = {
        let (_, body) = send(
            app.post("/sup/v1/auth/login")
                .header("X-Emulator-Tenant", "copy")
                .json(&json!({ "login": "partner", "password": "secret" })),
        )
        .await;
        body["access_token"].as_str().unwrap().to_owned()
    };
    let (_, shown) =
        send(authed(&app, &copy_token, Method::GET, &format!("/v1/card/{CARD}")).header("X-Emulator-Tenant", "copy"))
            .await;
    assert_eq!(
        shown["data"]["balanceAccount"],
        json!({ "updateAt": "2030-01-02T03:04:05.000Z", "balance": 250.75 })
    );

    // The loader holds a fixture to the API's rules.
    let mut bad = copy.clone();
    bad["sup"]["cards"][0]["limit"] = json!({ "unlimited": false, "days": [9] });
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "bad")
            .json(&bad),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("sup.cards[0].limit"), "{body}");
    let mut bad = copy.clone();
    bad["sup"]["employees"][0]["idCategory"] = json!("00000000-0000-4000-8000-000000000009");
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "bad")
            .json(&bad),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("sup.employees[0].idCategory"), "{body}");
}

/// The published spec and the server say the same thing where they once differed: `X-Nonce` is
/// required (and what is read as one), a blank required string is what the published pattern
/// calls blank whatever a reader's notion of white space, and only the state and the rules across
/// members are refusals of a request its schema allows.
async fn the_spec_says_what_the_server_takes(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, spec) = send(app.get("/_emulator/openapi/sup.json")).await;
    assert_eq!(status, 200);
    let operation = |path: &str, method: &str| spec["paths"][format!("/sup{path}")][method].clone();
    let nonce_of = |operation: &Value| {
        operation["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "X-Nonce")
            .cloned()
    };
    for (path, methods) in spec["paths"].as_object().unwrap() {
        for (method, operation) in methods.as_object().unwrap() {
            let nonce = nonce_of(operation);
            if path == "/sup/v1/auth/login" {
                assert_eq!(nonce, None, "the login reads no nonce");
            } else {
                let nonce = nonce.unwrap_or_else(|| panic!("{method} {path}: no X-Nonce"));
                assert_eq!(nonce["required"], true, "{method} {path}");
                assert_eq!(
                    nonce["schema"]["pattern"],
                    vendor_emulator::vendors::sup::api::request::NONCE_PATTERN
                );
            }
        }
    }
    let token = login(&app, "partner").await;
    let (status, body) = send(
        app.post(&format!("/sup/v1/employee/{IVANOV}/link_card"))
            .bearer_auth(&token)
            .header("X-Nonce", " \t ")
            .json(&json!({ "customIdCard": "1234567890123", "statusCard": "MAIN" })),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            422,
            json!({ "data": [{ "field": "X-Nonce", "message": "Заголовок X-Nonce обязателен" }] })
        )
    );

    let name = &operation("/v1/category", "post")["requestBody"]["content"]["application/json"]["schema"]["properties"]
        ["nameCategory"];
    let filled = regex::Regex::new(name["pattern"].as_str().unwrap()).unwrap();
    // U+3000 is white space to everyone; U+FEFF only to ECMA-262, U+001C only to Python.
    for text in ["\u{3000}", " \t\u{2028}", "\u{feff}", "\u{1c}", " a "] {
        let (status, body) = send(call(&app, &token, "/v1/category").json(&json!({ "nameCategory": text }))).await;
        assert_eq!(status == 201, filled.is_match(text), "{text:?}: {status} {body}");
        if status != 201 {
            assert_eq!(
                body,
                json!({ "data": [{ "field": "nameCategory", "message": "Поле не может быть пустым" }] })
            );
        }
    }

    let refusals = |path: &str, method: &str| refusal_statuses(&operation(path, method));
    assert_eq!(refusals("/v1/setlimitscards", "post"), json!([404, 422]));
    assert_eq!(
        refusals("/v1/employee/{id_employee}/link_card", "post"),
        json!([404, 409])
    );
    assert_eq!(refusals("/v1/employee/add", "post"), json!([404]));
    assert_eq!(refusals("/v1/auth/login", "post"), json!([401]));
    assert_eq!(
        refusals("/v1/category", "post"),
        Value::Null,
        "nothing a valid category can meet"
    );
}

/// Every answer is what the spec declares for its status (the schema of the type it is rendered
/// from), checked by the same walk requests are checked with.
async fn answers_are_what_the_spec_declares(backend: Backend) {
    use vendor_emulator::platform::wire::{check, Compiled, Formats};
    let app = spawn_app(backend).await;
    let (_, spec) = send(app.get("/_emulator/openapi/sup.json")).await;
    let conforms = |path: &str, method: &str, status: u16, answer: &Value| {
        let schema = spec["paths"][format!("/sup{path}")][method]["responses"][status.to_string()]["content"]
            ["application/json"]["schema"]
            .clone();
        assert!(schema.is_object(), "{method} {path} {status}: no schema");
        let compiled = Compiled::new(schema);
        let problems: Vec<String> = check(answer, &compiled, Formats::platform())
            .iter()
            .map(|problem| format!("{}: {:?}", problem.field(), problem.rule))
            .collect();
        assert!(
            problems.is_empty(),
            "{method} {path} {status}: {problems:?} in {answer}"
        );
    };
    let (status, body) = send(
        app.post("/sup/v1/auth/login")
            .json(&json!({ "login": "partner", "password": "secret" })),
    )
    .await;
    conforms("/v1/auth/login", "post", status, &body);
    let token = body["access_token"].as_str().unwrap().to_owned();
    let (status, body) = send(call(&app, &token, "/v1/employee/add").json(&page_employee())).await;
    conforms("/v1/employee/add", "post", status, &body);
    let (status, body) = send(
        call(&app, &token, &format!("/v1/employee/{IVANOV}/link_card"))
            .json(&json!({ "customIdCard": "1234567890123", "statusCard": "MAIN" })),
    )
    .await;
    conforms("/v1/employee/{id_employee}/link_card", "post", status, &body);
    let (status, body) = set_limits(
        &app,
        &token,
        json!({ "data": [{ "idCard": CARD }], "limit": { "unlimited": false, "amount": 10, "days": [1] } }),
    )
    .await;
    conforms("/v1/setlimitscards", "post", status, &body);
    let (status, body) = send(authed(&app, &token, Method::GET, &format!("/v1/card/{CARD}"))).await;
    assert_eq!(body["data"]["employee"]["idEmployee"], IVANOV, "{body}");
    conforms("/v1/card/{id_card}", "get", status, &body);
    let (status, body) = send(authed(&app, &token, Method::GET, &format!("/v1/employee/{IVANOV}"))).await;
    conforms("/v1/employee/{id_employee}", "get", status, &body);
    let (status, body) = send(
        call(&app, &token, &format!("/v1/employee/{IVANOV}/card/switch"))
            .json(&json!({ "idCard": CARD, "statusCard": "ADDITIONAL" })),
    )
    .await;
    conforms("/v1/employee/{id_employee}/card/switch", "post", status, &body);
    let (status, body) = send(call(&app, &token, "/v1/category").json(&json!({ "nameCategory": "Бариста" }))).await;
    conforms("/v1/category", "post", status, &body);
    let (status, body) = send(call(&app, &token, "/v1/category").json(&json!({}))).await;
    conforms("/v1/category", "post", status, &body);
    let (status, body) = send(authed(
        &app,
        &token,
        Method::GET,
        "/v1/card/00000000-0000-4000-8000-000000000000",
    ))
    .await;
    conforms("/v1/card/{id_card}", "get", status, &body);
}

on_both_engines!(
    the_spec_says_what_the_server_takes,
    answers_are_what_the_spec_declares,
    the_pages_examples_give_their_answers,
    put_replaces_the_employee,
    concurrent_puts_leave_one_whole_employee,
    limits_are_set_per_card_and_read_back,
    concurrent_limit_changes_never_mix,
    categories_limits_and_balances_round_trip_through_the_state,
);
