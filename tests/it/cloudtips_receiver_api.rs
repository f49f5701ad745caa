//! CloudTips: the receiver's own API (`client_id=MobilePhone`), as the PyPI package `cloudtips`
//! 0.4.1 calls it: the same paths, parameters, headers and bodies, and the fields it reads.

use crate::common::{send, spawn_app, Backend, TestApp};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

const ANNA: &str = "2f6c1e8a-4b3d-4c5e-9f7a-1b2c3d4e5f61";
const OLEG: &str = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
/// The tenant's clock in these tests: set and frozen.
const NOW: &str = "2030-06-01T12:00:00Z";

/// The package's `_HEADERS_BASE` and `CloudTipsAuth.headers()`: every call sends these.
fn as_the_package(builder: RequestBuilder, tenant: &str, token: &str) -> RequestBuilder {
    builder
        .header("Accept", "application/json, text/plain, */*")
        .header("Accept-Language", "ru-RU,ru;q=0.9")
        .header("Origin", "https://lk.cloudtips.ru")
        .header("Referer", "https://lk.cloudtips.ru/")
        .header(
            "User-Agent",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
        )
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", "application/json")
        .header("X-Emulator-Tenant", tenant)
}

fn call(app: &TestApp, tenant: &str, token: &str, method: Method, path: &str) -> RequestBuilder {
    as_the_package(
        app.client.request(method, app.url(&format!("/cloudtips/api{path}"))),
        tenant,
        token,
    )
}

async fn token_in(app: &TestApp, tenant: &str, form: &[(&str, &str)]) -> (u16, Value) {
    send(
        app.post("/cloudtips/connect/token")
            .header("X-Emulator-Tenant", tenant)
            .form(form),
    )
    .await
}

/// A receiver's login, as a user of the package gets the tokens it is given.
async fn login(app: &TestApp, tenant: &str, phone: &str, password: &str) -> (String, String) {
    let (status, body) = token_in(
        app,
        tenant,
        &[
            ("grant_type", "password"),
            ("client_id", "MobilePhone"),
            ("username", phone),
            ("password", password),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["expires_in"].as_i64().unwrap() > 0, "{body}");
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["refresh_token"].as_str().unwrap().to_owned(),
    )
}

fn anna(timeline: Value, cards: Value) -> Value {
    json!({
        "userId": ANNA, "phoneNumber": "+79990000002", "name": "Анна", "partner": "partner@example.com",
        "places": ["place-1"], "payoutMethod": 1, "password": "anna-pass",
        "accumulation": { "accumulatedAmount": 1250.5, "commissionPercent": 3, "nextPayout_at": "2030-06-05T09:00:00Z" },
        "timeline": timeline, "cards": cards
    })
}

fn oleg() -> Value {
    json!({
        "userId": OLEG, "phoneNumber": "+79991112233", "name": "Олег", "password": "oleg-pass",
        "timeline": [{ "transactionId": 900, "paymentAmount": 10, "created_at": "2030-06-01T11:00:00Z" }]
    })
}

fn document(receivers: Value) -> Value {
    json!({ "cloudtips": {
        "partners": [{ "username": "partner@example.com", "password": "secret", "client_id": "Partner" }],
        "places": [{ "id": "place-1", "name": "Кофейня", "partner": "partner@example.com" }],
        "receivers": receivers
    }})
}

async fn load(app: &TestApp, tenant: &str, document: &Value) {
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", tenant)
            .json(document),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

async fn clock(app: &TestApp, tenant: &str, change: Value) {
    let (status, body) = send(
        app.post("/_emulator/clock")
            .header("X-Emulator-Tenant", tenant)
            .json(&change),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

/// A tenant with Анна (two tips, a payout, two cards) and Олег, its clock frozen at [`NOW`].
async fn tenant_with_anna(app: &TestApp, tenant: &str) {
    clock(app, tenant, json!({ "set": NOW })).await;
    clock(app, tenant, json!({ "freeze": true })).await;
    let timeline = json!([
        { "transactionId": 101, "payerName": "Антон", "paymentAmount": 150, "comment": "Спасибо!", "created_at": "2030-06-01T10:00:00Z" },
        { "transactionId": 102, "paymentAmount": 300.5, "created_at": "2030-06-01T11:30:00Z" },
        { "transactionId": 103, "operationType": "Payout", "paymentAmount": 400, "created_at": "2030-06-01T11:45:00Z" }
    ]);
    let cards = json!([
        { "token": "tk_mir", "firstSix": "220070", "lastFour": "1234", "cardExpirationDate": "01/28",
          "issuerCode": "T-BANK", "isDefault": true, "created_at": "2030-05-01T00:00:00Z" },
        { "token": "tk_visa", "firstSix": "427600", "lastFour": "5678", "cardType": "VISA", "cardExpirationDate": "12/27",
          "issuerCode": "SBER", "commissionHint": "Комиссия 1%", "created_at": "2030-05-02T00:00:00Z" }
    ]);
    load(app, tenant, &document(json!([anna(timeline, cards), oleg()]))).await;
}

/// `get_donations` over `[since, until]` with the package's parameters; `+03:00` offsets as
/// `datetime.isoformat()` writes them.
fn timeline_path(page: u32, limit: u32, date_from: &str, date_to: &str) -> String {
    let encode = |value: &str| value.replace('+', "%2B").replace(':', "%3A");
    format!(
        "/timeline?page={page}&limit={limit}&dateFrom={}&dateTo={}",
        encode(date_from),
        encode(date_to)
    )
}

fn transaction_ids(body: &Value) -> Vec<i64> {
    body["data"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("items in {body}"))
        .iter()
        .map(|item| item["transactionId"].as_i64().unwrap())
        .collect()
}

async fn the_packages_calls_are_answered_as_it_reads_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let tenant = "pkg";
    tenant_with_anna(&app, tenant).await;
    // The username in a notation the partner API accepts.
    let (access, refresh) = login(&app, tenant, "8 (999) 000-00-02", "anna-pass").await;

    // get_me
    let response = call(&app, tenant, &access, Method::GET, "/receivers/me")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["succeed"], true, "{me}");
    let profile = &me["data"];
    assert_eq!(profile["userId"], ANNA);
    assert_eq!(profile["fullName"], "Анна");
    assert_eq!(profile["phoneNumber"], "+79990000002");
    assert_eq!(profile["payoutMethod"], "Accumulation");
    assert_eq!(profile["instantPayoutEnabled"], true);
    assert_eq!(profile["workPlace"], "Кофейня");
    assert_eq!(profile["gender"], "NotSpecified");
    assert!(profile["createdDate"].is_string(), "{me}");
    assert!(
        profile["availableAmount"]["minimal"].as_f64().unwrap()
            < profile["availableAmount"]["maximal"].as_f64().unwrap()
    );

    // get_donations: the last 24 hours in Moscow time, page 1 of 50.
    let path = timeline_path(
        1,
        50,
        "2030-05-31T15:00:00.123456+03:00",
        "2030-06-01T15:00:00.654321+03:00",
    );
    let (status, body) = send(call(&app, tenant, &access, Method::GET, &path)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(transaction_ids(&body), vec![103, 102, 101], "newest first");
    let items = body["data"]["items"].as_array().unwrap();
    assert_eq!(items[0]["operationType"], "Payout");
    assert_eq!(items[1]["operationType"], "Transaction");
    assert_eq!(items[1]["paymentAmount"], 300.5);
    assert_eq!(items[1]["payerName"], Value::Null);
    assert_eq!(items[2]["payerName"], "Антон");
    assert_eq!(items[2]["paymentAmount"], 150.0);
    assert_eq!(items[2]["comment"], "Спасибо!");
    assert_eq!(items[2]["createdDate"], "2030-06-01T10:00:00.000Z");

    // get_cards: the default first.
    let (status, body) = send(call(&app, tenant, &access, Method::GET, "/cards")).await;
    assert_eq!(status, 200, "{body}");
    let cards = body["data"].as_array().unwrap();
    assert_eq!(cards.len(), 2, "{body}");
    assert_eq!(cards[0]["token"], "tk_mir");
    assert_eq!(cards[0]["isDefault"], true);
    assert_eq!(cards[0]["cardType"], "MIR");
    assert_eq!(cards[0]["cardExpirationDate"], "01/28");
    assert_eq!(cards[1]["firstSix"], "427600");
    assert_eq!(cards[1]["lastFour"], "5678");
    assert_eq!(cards[1]["issuerCode"], "SBER");
    assert_eq!(cards[1]["isDefault"], false);
    assert_eq!(cards[1]["commissionHint"], "Комиссия 1%");

    // delete_card: DELETE /cards with {"cardToken": …}; it reads `succeed`.
    let (status, body) =
        send(call(&app, tenant, &access, Method::DELETE, "/cards").json(&json!({ "cardToken": "tk_visa" }))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["succeed"], true, "{body}");
    let (_, body) = send(call(&app, tenant, &access, Method::GET, "/cards")).await;
    let tokens: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["token"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, vec!["tk_mir"], "the deleted card is gone");
    let (status, body) =
        send(call(&app, tenant, &access, Method::DELETE, "/cards").json(&json!({ "cardToken": "tk_visa" }))).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["succeed"], false);
    assert_eq!(body["errors"], json!(["Карта не найдена"]));

    // get_payout_fee_info and get_accumulation_summary.
    let (status, body) = send(call(&app, tenant, &access, Method::GET, "/payout/fee/info")).await;
    assert_eq!(status, 200, "{body}");
    for field in [
        "text",
        "downGradeCondition",
        "tinkoffCommissionHint",
        "instantPayoutCommissionText",
    ] {
        assert!(!body["data"][field].as_str().unwrap().is_empty(), "{field} in {body}");
    }
    assert!(body["data"]["text"].as_str().unwrap().contains("3%"), "{body}");
    let (status, body) = send(call(&app, tenant, &access, Method::GET, "/accumulations/summary")).await;
    assert_eq!(status, 200, "{body}");
    let summary = &body["data"];
    assert_eq!(summary["accumulatedAmount"], 1250.5);
    assert_eq!(summary["commissionPercent"], 3.0);
    assert_eq!(summary["commission"], 37.52, "3% of 1250.50, rounded half up");
    assert_eq!(summary["amountToDeposit"], 1212.98);
    assert_eq!(summary["nextPayoutDate"], "2030-06-05T09:00:00.000Z");
    assert!(summary["commissionHint"].is_string());

    // set_payout_method("Instant"), then get_payout_method reads /receivers/me.
    let (status, body) = send(
        call(&app, tenant, &access, Method::POST, "/receivers/payout-method")
            .json(&json!({ "payoutMethod": "Instant" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["succeed"], true);
    let (_, me) = send(call(&app, tenant, &access, Method::GET, "/receivers/me")).await;
    assert_eq!(me["data"]["payoutMethod"], "Instant");
    let (status, body) = send(
        call(&app, tenant, &access, Method::POST, "/receivers/payout-method")
            .json(&json!({ "payoutMethod": "Weekly" })),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["validationErrors"]["PayoutMethod"].is_array(), "{body}");

    // refresh: the package posts grant_type, refresh_token and client_id=MobilePhone.
    let refresh_form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh.as_str()),
        ("client_id", "MobilePhone"),
    ];
    let (status, renewed) = token_in(&app, tenant, &refresh_form).await;
    assert_eq!(status, 200, "{renewed}");
    let fresh = renewed["access_token"].as_str().unwrap();
    assert!(renewed["refresh_token"].is_string() && renewed["expires_in"].as_i64().unwrap() > 0);
    let (status, me) = send(call(&app, tenant, fresh, Method::GET, "/receivers/me")).await;
    assert_eq!(status, 200, "the renewed token is the receiver's: {me}");
    assert_eq!(me["data"]["userId"], ANNA);
    let (status, body) = token_in(&app, tenant, &refresh_form).await;
    assert_eq!((status, body), (400, json!({ "error": "invalid_grant" })), "single use");
}

async fn tokens_are_checked_before_anything_else(backend: Backend) {
    let app = spawn_app(backend).await;
    let tenant = "auth";
    tenant_with_anna(&app, tenant).await;
    let routes = [
        (Method::GET, "/receivers/me"),
        (Method::POST, "/receivers/payout-method"),
        (Method::GET, "/timeline?page=1&limit=50"),
        (Method::GET, "/cards"),
        (Method::DELETE, "/cards?cardToken=no-such-card"),
        (Method::GET, "/payout/fee/info"),
        (Method::GET, "/accumulations/summary"),
    ];
    for (method, path) in &routes {
        let url = app.url(&format!("/cloudtips/api{path}"));
        let response = app
            .client
            .request(method.clone(), &url)
            .header("X-Emulator-Tenant", tenant)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{method} {path} without a token");
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let (status, body) = send(call(&app, tenant, "not-a-token", method.clone(), path)).await;
        assert_eq!(status, 401, "{method} {path} with a wrong token: {body}");
        assert_eq!(body["succeed"], false, "{body}");
    }

    // A partner's token on the receiver's API, and a receiver's on the partner's: 403.
    let (status, body) = token_in(
        &app,
        tenant,
        &[
            ("grant_type", "password"),
            ("client_id", "Partner"),
            ("username", "partner@example.com"),
            ("password", "secret"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let partner = body["access_token"].as_str().unwrap().to_owned();
    let (status, body) = send(call(&app, tenant, &partner, Method::GET, "/receivers/me")).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["errors"], json!(["Метод доступен только получателю"]));
    let (status, body) = send(call(&app, tenant, &partner, Method::DELETE, "/cards?cardToken=tk_mir")).await;
    assert_eq!(status, 403, "{body}");
    let (access, refresh) = login(&app, tenant, "+7 999 000-00-02", "anna-pass").await;
    let (status, body) = send(call(&app, tenant, &access, Method::GET, "/places")).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["errors"], json!(["Метод доступен только партнёру"]));
    let (status, _) = send(call(&app, tenant, &access, Method::GET, &format!("/receivers/{ANNA}"))).await;
    assert_eq!(status, 403);
    let (status, body) = send(call(&app, tenant, &partner, Method::GET, &format!("/receivers/{ANNA}"))).await;
    assert_eq!(status, 200, "the partner API serves the partner: {body}");
    assert_eq!(body["data"]["cardFirstSix"], "220070", "the default card: {body}");
    assert_eq!(body["data"]["cardLastFour"], "1234");
    assert_eq!(body["data"]["cardExpDate"], "01/28");
    let (_, body) = send(call(&app, tenant, &partner, Method::GET, "/receivers")).await;
    let listed = body["data"]["items"].as_array().unwrap();
    let anna = listed.iter().find(|item| item["userId"] == ANNA).unwrap();
    assert_eq!(anna["cardLastFour"], "1234", "{body}");

    // Wrong logins.
    for (username, password) in [
        ("+79990000002", "wrong"),
        ("+79990000009", "anna-pass"),
        ("not a phone", "anna-pass"),
        ("partner@example.com", "secret"),
    ] {
        let (status, body) = token_in(
            &app,
            tenant,
            &[
                ("grant_type", "password"),
                ("client_id", "MobilePhone"),
                ("username", username),
                ("password", password),
            ],
        )
        .await;
        assert_eq!((status, body), (400, json!({ "error": "invalid_grant" })), "{username}");
    }

    // The refresh grant keeps its client id: another one is refused and the token stays valid.
    let (status, body) = token_in(
        &app,
        tenant,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", "Partner"),
        ],
    )
    .await;
    assert_eq!((status, body), (400, json!({ "error": "invalid_grant" })));
    let (status, body) = token_in(
        &app,
        tenant,
        &[("grant_type", "refresh_token"), ("refresh_token", &refresh)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let renewed = body["access_token"].as_str().unwrap();
    let (status, _) = send(call(&app, tenant, renewed, Method::GET, "/cards")).await;
    assert_eq!(status, 200, "still a receiver's token");

    // Expiry on the tenant's clock.
    clock(&app, tenant, json!({ "advance_seconds": 3601 })).await;
    let (status, _) = send(call(&app, tenant, renewed, Method::GET, "/cards")).await;
    assert_eq!(status, 401);
}

async fn timeline_pages_follow_the_package_and_the_clock(backend: Backend) {
    let app = spawn_app(backend).await;
    let tenant = "pages";
    clock(&app, tenant, json!({ "set": NOW })).await;
    clock(&app, tenant, json!({ "freeze": true })).await;
    // Seven tips an hour apart ending at 11:00 UTC, and one dated half an hour after the clock.
    let mut timeline: Vec<Value> = (0..7)
        .map(|i| {
            json!({ "transactionId": 200 + i, "payerName": format!("Гость {i}"), "paymentAmount": 100 + i,
                    "created_at": format!("2030-06-01T{:02}:00:00Z", 5 + i) })
        })
        .collect();
    timeline.push(json!({ "transactionId": 300, "paymentAmount": 1, "created_at": "2030-06-01T12:30:00Z" }));
    load(
        &app,
        tenant,
        &document(json!([anna(json!(timeline), json!([])), oleg()])),
    )
    .await;
    let (access, _) = login(&app, tenant, "79990000002", "anna-pass").await;
    let day = ("2030-05-31T15:00:00+03:00", "2030-06-01T18:00:00+03:00");

    // get_all_donations pages until a page is shorter than the limit.
    let mut seen = Vec::new();
    for (page, want) in [(1, vec![206, 205, 204]), (2, vec![203, 202, 201]), (3, vec![200])] {
        let (status, body) = send(call(
            &app,
            tenant,
            &access,
            Method::GET,
            &timeline_path(page, 3, day.0, day.1),
        ))
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(transaction_ids(&body), want, "page {page}");
        seen.extend(want);
    }
    assert_eq!(
        seen.len(),
        7,
        "no item twice, none missed (the future tip is not shown)"
    );
    let (_, body) = send(call(
        &app,
        tenant,
        &access,
        Method::GET,
        &timeline_path(4, 3, day.0, day.1),
    ))
    .await;
    assert_eq!(transaction_ids(&body), Vec::<i64>::new());

    // dateFrom/dateTo bound createdDate, inclusively, in any offset.
    let (_, body) = send(call(
        &app,
        tenant,
        &access,
        Method::GET,
        &timeline_path(1, 50, "2030-06-01T10:00:00+03:00", "2030-06-01T12:00:00+03:00"),
    ))
    .await;
    assert_eq!(transaction_ids(&body), vec![204, 203, 202], "07:00 to 09:00 UTC");
    let (_, body) = send(call(
        &app,
        tenant,
        &access,
        Method::GET,
        "/timeline?dateFrom=2030-06-01T10%3A00%3A00Z&dateTo=2030-06-01T10%3A59%3A59Z",
    ))
    .await;
    assert_eq!(transaction_ids(&body), vec![205]);
    // An unencoded `+` (a space once decoded) is still read as the offset.
    let (_, body) = send(call(
        &app,
        tenant,
        &access,
        Method::GET,
        "/timeline?dateFrom=2030-06-01T14:00:00+03:00&dateTo=2030-06-01T14:00:00+03:00",
    ))
    .await;
    assert_eq!(transaction_ids(&body), vec![206]);

    // The future tip appears once the tenant's clock reaches it.
    clock(&app, tenant, json!({ "advance_seconds": 1800 })).await;
    let (_, body) = send(call(
        &app,
        tenant,
        &access,
        Method::GET,
        &timeline_path(1, 2, day.0, day.1),
    ))
    .await;
    assert_eq!(transaction_ids(&body), vec![300, 206]);

    // Only the receiver's own items.
    let (oleg_token, _) = login(&app, tenant, "+79991112233", "oleg-pass").await;
    let (_, body) = send(call(
        &app,
        tenant,
        &oleg_token,
        Method::GET,
        &timeline_path(1, 50, day.0, day.1),
    ))
    .await;
    assert_eq!(transaction_ids(&body), vec![900]);

    // Bad parameters and the depth bound.
    for (path, field) in [
        ("/timeline?page=0", "Page"),
        ("/timeline?limit=101", "Limit"),
        ("/timeline?dateFrom=yesterday", "DateFrom"),
        ("/timeline?page=201&limit=50", "Page"),
    ] {
        let (status, body) = send(call(&app, tenant, &access, Method::GET, path)).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["succeed"], false);
        assert!(body["validationErrors"][field].is_array(), "{path}: {body}");
    }
    let (status, _) = send(call(&app, tenant, &access, Method::GET, "/timeline?page=200&limit=50")).await;
    assert_eq!(status, 200, "the deepest page allowed");
}

async fn cards_delete_by_query_and_the_default_moves(backend: Backend) {
    let app = spawn_app(backend).await;
    let tenant = "cards";
    tenant_with_anna(&app, tenant).await;
    let (access, _) = login(&app, tenant, "+79990000002", "anna-pass").await;
    let (status, body) = send(call(&app, tenant, &access, Method::DELETE, "/cards?cardToken=tk_mir")).await;
    assert_eq!(status, 200, "{body}");
    let (_, body) = send(call(&app, tenant, &access, Method::GET, "/cards")).await;
    assert_eq!(body["data"][0]["token"], "tk_visa", "{body}");
    assert_eq!(
        body["data"][0]["isDefault"], true,
        "the remaining card is the default: {body}"
    );
    let (status, body) = send(call(&app, tenant, &access, Method::DELETE, "/cards")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["validationErrors"]["CardToken"].is_array(), "{body}");
    let (status, _) = send(call(&app, tenant, &access, Method::DELETE, "/cards?cardToken=tk_visa")).await;
    assert_eq!(status, 200);
    let (_, body) = send(call(&app, tenant, &access, Method::GET, "/cards")).await;
    assert_eq!(body["data"], json!([]));
    let (_, me) = send(call(&app, tenant, &access, Method::GET, "/receivers/me")).await;
    assert_eq!(me["data"]["instantPayoutEnabled"], false, "no card left");
}

async fn tenants_are_isolated(backend: Backend) {
    let app = spawn_app(backend).await;
    tenant_with_anna(&app, "left").await;
    tenant_with_anna(&app, "right").await;
    let (left, _) = login(&app, "left", "+79990000002", "anna-pass").await;
    let (right, _) = login(&app, "right", "+79990000002", "anna-pass").await;
    let (status, _) = send(call(&app, "left", &left, Method::DELETE, "/cards?cardToken=tk_visa")).await;
    assert_eq!(status, 200);
    let (_, body) = send(call(&app, "right", &right, Method::GET, "/cards")).await;
    assert_eq!(
        body["data"].as_array().unwrap().len(),
        2,
        "the other tenant keeps its card"
    );
    let (status, _) = send(call(&app, "right", &left, Method::GET, "/cards")).await;
    assert_eq!(status, 401, "a token of another tenant is unknown");
    let (status, _) =
        send(call(&app, "right", &right, Method::POST, "/receivers/payout-method").json(&json!({ "payoutMethod": 0 })))
            .await;
    assert_eq!(status, 200);
    let (_, me) = send(call(&app, "left", &left, Method::GET, "/receivers/me")).await;
    assert_eq!(me["data"]["payoutMethod"], "Accumulation");
}

async fn own_data_round_trips_through_the_state(backend: Backend) {
    let app = spawn_app(backend).await;
    tenant_with_anna(&app, "orig").await;
    let (_, state) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "orig")).await;
    let receivers = state["cloudtips"]["receivers"].as_array().unwrap();
    let exported = receivers.iter().find(|r| r["userId"] == ANNA).unwrap();
    assert_eq!(exported["password"], "anna-pass");
    assert_eq!(exported["accumulation"]["accumulatedAmount"], 1250.5);
    assert_eq!(exported["accumulation"]["nextPayout_at"], "2030-06-05T09:00:00Z");
    assert_eq!(exported["timeline"].as_array().unwrap().len(), 3);
    assert_eq!(exported["timeline"][0]["transactionId"], 101);
    assert_eq!(exported["cards"].as_array().unwrap().len(), 2);
    load(&app, "copy", &json!({ "cloudtips": state["cloudtips"] })).await;
    let (_, copy) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    assert_eq!(copy["cloudtips"], state["cloudtips"]);
    let (access, _) = login(&app, "copy", "+79990000002", "anna-pass").await;
    let (_, body) = send(call(&app, "copy", &access, Method::GET, "/accumulations/summary")).await;
    assert_eq!(body["data"]["accumulatedAmount"], 1250.5);

    // Bad data is refused by the loader, naming the field.
    let two_defaults = json!([
        { "firstSix": "220070", "lastFour": "1234", "cardExpirationDate": "01/28", "isDefault": true },
        { "firstSix": "220070", "lastFour": "4321", "cardExpirationDate": "02/28", "isDefault": true }
    ]);
    for (timeline, cards, path) in [
        (json!([]), two_defaults, "receivers[0].cards[1].isDefault"),
        (
            json!([]),
            json!([{ "firstSix": "22", "lastFour": "1234", "cardExpirationDate": "01/28" }]),
            "receivers[0].cards[0].firstSix",
        ),
        (
            json!([]),
            json!([{ "firstSix": "220070", "lastFour": "1234", "cardExpirationDate": "13/28" }]),
            "receivers[0].cards[0].cardExpirationDate",
        ),
        (
            json!([{ "paymentAmount": 1.005 }]),
            json!([]),
            "receivers[0].timeline[0].paymentAmount",
        ),
        (
            json!([{ "paymentAmount": 1, "operationType": "Refund" }]),
            json!([]),
            "receivers[0].timeline[0].operationType",
        ),
    ] {
        let (status, body) = send(
            app.post("/_emulator/fixtures?mode=replace")
                .header("X-Emulator-Tenant", "bad")
                .json(&document(json!([anna(timeline, cards)]))),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().contains(path), "{path}: {body}");
    }
}

async fn the_demo_receiver_logs_in_with_its_documented_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let (access, _) = login(&app, "default", "+7 (999) 000-00-02", "receiver-secret").await;
    let (status, body) = send(call(&app, "default", &access, Method::GET, "/timeline?page=1&limit=50")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        transaction_ids(&body),
        vec![100002, 100001],
        "loaded at one time: the higher id first"
    );
    let (_, body) = send(call(&app, "default", &access, Method::GET, "/cards")).await;
    assert_eq!(body["data"][0]["token"], "tk_demo_anna_mir", "{body}");
}

on_both_engines!(
    the_packages_calls_are_answered_as_it_reads_them,
    tokens_are_checked_before_anything_else,
    timeline_pages_follow_the_package_and_the_clock,
    cards_delete_by_query_and_the_default_moves,
    tenants_are_isolated,
    own_data_round_trips_through_the_state,
    the_demo_receiver_logs_in_with_its_documented_password,
);
