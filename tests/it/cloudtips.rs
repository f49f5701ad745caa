//! CloudTips: tokens, create-many, SMS attach, edits, photos, search, payouts, places, detach.

use crate::common::{join_all, send, spawn_app, Backend, TestApp};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

const ANNA: &str = "2f6c1e8a-4b3d-4c5e-9f7a-1b2c3d4e5f61";
const BORIS: &str = "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c21";
pub const PLACE: &str = "place-1";

pub async fn token_for(app: &TestApp, form: &[(&str, &str)]) -> (u16, Value) {
    send(app.post("/cloudtips/connect/token").form(form)).await
}

pub async fn sign_in(app: &TestApp) -> String {
    let (status, body) = token_for(
        app,
        &[
            ("grant_type", "password"),
            ("client_id", "Partner"),
            ("username", "partner@example.com"),
            ("password", "secret"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

pub fn api(app: &TestApp, token: &str, method: Method, path: &str) -> RequestBuilder {
    app.client
        .request(method, app.url(&format!("/cloudtips/api{path}")))
        .bearer_auth(token)
}

pub async fn create_many(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    send(api(app, token, Method::POST, "/receivers/create-many").json(&body)).await
}

async fn outbox_codes(app: &TestApp, phone: &str) -> Vec<String> {
    let (_, body) = send(app.get(&format!("/_emulator/outbox?vendor=cloudtips&phone=%2B{}", &phone[1..]))).await;
    body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["code"].as_str().map(str::to_owned))
        .collect()
}

pub async fn clock(app: &TestApp, change: Value) {
    let (status, body) = send(app.post("/_emulator/clock").json(&change)).await;
    assert_eq!(status, 200, "{body}");
}

pub fn assert_failed(status: u16, body: &Value, want_status: u16, message: &str) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(body["succeed"], false, "{body}");
    assert_eq!(body["errors"], json!([message]), "{body}");
}

/// A multipart body with one `FormFile` part.
pub fn photo_upload(builder: RequestBuilder, field: &str, bytes: &[u8]) -> RequestBuilder {
    let boundary = "----emulator-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"photo.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    builder
        .header("Content-Type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
}

pub const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

async fn tokens_are_issued_refreshed_once_and_expire(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = token_for(
        &app,
        &[
            ("grant_type", "password"),
            ("client_id", "Partner"),
            ("username", "partner@example.com"),
            ("password", "wrong"),
        ],
    )
    .await;
    assert_eq!((status, body), (400, json!({ "error": "invalid_grant" })));
    for (form, error) in [
        (
            &[("grant_type", "client_credentials"), ("client_id", "Partner")][..],
            "unsupported_grant_type",
        ),
        (
            &[("grant_type", "password"), ("client_id", "Partner")][..],
            "invalid_request",
        ),
        (&[("client_id", "Partner")][..], "invalid_request"),
    ] {
        let (status, body) = token_for(&app, form).await;
        assert_eq!((status, body), (400, json!({ "error": error })), "{form:?}");
    }

    let (status, body) = token_for(
        &app,
        &[
            ("grant_type", "password"),
            ("client_id", "Partner"),
            ("username", "partner@example.com"),
            ("password", "secret"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["scope"].is_string());
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();

    let (status, renewed) = token_for(&app, &[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    assert_eq!(status, 200, "{renewed}");
    let access = renewed["access_token"].as_str().unwrap().to_owned();
    let (status, body) = token_for(&app, &[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    assert_eq!((status, body), (400, json!({ "error": "invalid_grant" })), "single use");

    let (status, body) = send(api(&app, &access, Method::GET, "/places")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["succeed"], true);

    let response = app.get("/cloudtips/api/places").send().await.unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");

    clock(&app, json!({ "advance_seconds": 3601 })).await;
    let response = api(&app, &access, Method::GET, "/places").send().await.unwrap();
    assert_eq!(response.status(), 401, "expired on the tenant's clock");
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
}

async fn the_whole_journey(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;

    // Create: one new phone, and Анна who is known but in nobody's scope.
    let (status, body) = create_many(
        &app,
        &token,
        json!({
            "placeId": PLACE,
            "receivers": [
                { "phoneNumber": "8 (999) 111-22-33", "name": "Олег", "externalId": "E-1", "sendPassword": true },
                { "phoneNumber": "9990000002", "name": "Аня" }
            ]
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["succeed"], true);
    assert_eq!(body["errors"], json!([]));
    assert_eq!(body["validationErrors"], json!({}));
    assert_eq!(body["data"]["skipped"], json!([]));
    let created = body["data"]["created"].as_array().unwrap();
    assert_eq!(created[0]["phoneNumber"], "+79991112233");
    assert_eq!(created[0]["layoutStatus"], 0);
    assert_eq!(created[1]["userId"], ANNA);
    assert_eq!(created[1]["name"], "Анна", "an existing receiver keeps its name");
    assert_eq!(created[1]["layoutStatus"], 2);
    let oleg = created[0]["userId"].as_str().unwrap().to_owned();
    let oleg_page = created[0]["layoutId"].as_str().unwrap().to_owned();
    assert_eq!(
        outbox_codes(&app, "+79991112233").await.len(),
        1,
        "sendPassword sends an SMS"
    );

    // Анна is not in the scope until she confirms.
    let (status, body) = send(api(&app, &token, Method::GET, &format!("/receivers/{ANNA}"))).await;
    assert_failed(status, &body, 404, "Получатель не найден");
    let (_, places) = send(api(&app, &token, Method::GET, "/places")).await;
    assert_eq!(places["data"]["totalCount"], 1, "{places}");
    assert_eq!(places["data"]["items"][0]["id"], PLACE, "{places}");
    assert_eq!(places["data"]["items"][0]["name"], "Кофейня", "{places}");
    assert_eq!(places["data"]["items"][0]["employeeCount"], 1, "{places}");

    // Attach by SMS.
    let attach = |path: &str| format!("/places/{PLACE}/employees/attach/{path}");
    let (status, body) =
        send(api(&app, &token, Method::POST, &attach("send-sms")).json(&json!({ "UserId": ANNA }))).await;
    assert_eq!(status, 200, "{body}");
    let code = outbox_codes(&app, "+79990000002").await.pop().expect("an attach code");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) =
        send(api(&app, &token, Method::POST, &attach("confirm")).json(&json!({ "UserId": ANNA, "SmsCode": wrong })))
            .await;
    assert_failed(status, &body, 400, "Неверный код подтверждения");
    let (status, body) =
        send(api(&app, &token, Method::POST, &attach("confirm")).json(&json!({ "userId": ANNA, "smsCode": code })))
            .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["layoutStatus"], 1);
    let (status, anna) = send(api(&app, &token, Method::GET, &format!("/receivers/{ANNA}"))).await;
    assert_eq!(status, 200, "{anna}");
    assert_eq!(anna["data"]["layouts"][0]["layoutStatus"], 1);
    assert_eq!(anna["data"]["layouts"][0]["placeId"], PLACE);
    assert_eq!(anna["data"]["layouts"][0]["placeName"], "Кофейня");
    assert_eq!(anna["data"]["phoneNumberConfirmed"], true);
    let (_, place) = send(api(&app, &token, Method::GET, &format!("/places/{PLACE}"))).await;
    assert_eq!(place["data"]["employeeCount"], 2);

    // Both are in the scope now: creating either again fails as a whole.
    let (status, body) = create_many(
        &app,
        &token,
        json!({ "placeId": PLACE, "receivers": [
            { "phoneNumber": "+79990000099", "name": "Новый" },
            { "phoneNumber": "+79991112233", "name": "Олег" },
            { "phoneNumber": "+79990000002", "name": "Анна" }
        ]}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body,
        json!({ "succeed": false, "errors": [], "validationErrors": {
            "PhoneNumber": ["Некоторые номера уже в скоупе: “+79991112233”, “+79990000002”"]
        }})
    );
    let (_, all) = send(api(&app, &token, Method::GET, "/receivers")).await;
    assert_eq!(all["data"]["totalCount"], 2, "nothing was created: {all}");

    // Edit the receiver and its page.
    let (status, body) = send(
        api(&app, &token, Method::PATCH, &format!("/receivers/{oleg}")).json(&json!([
            { "op": "replace", "path": "/Name", "value": "Олег Петров" },
            { "op": "replace", "path": "/EMAIL", "value": "oleg@example.com" }
        ])),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(
        api(&app, &token, Method::PATCH, &format!("/receivers/{oleg}")).json(&json!([
            { "op": "replace", "path": "/Name", "value": "Не сохранится" },
            { "op": "replace", "path": "/Email", "value": "not-an-email" }
        ])),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({ "Email": ["Некорректный адрес электронной почты"] })
    );
    let (status, body) = send(
        api(&app, &token, Method::PATCH, &format!("/paymentpages/{oleg_page}")).json(&json!([
            { "op": "replace", "path": "/Description", "value": "Спасибо!" },
            { "op": "replace", "path": "/WorkInfo/ChannelUrl", "value": "https://t.me/oleg" }
        ])),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(
        api(&app, &token, Method::PATCH, &format!("/paymentpages/{oleg_page}")).json(&json!([
            { "op": "replace", "path": "/workinfo/channelurl", "value": "t.me/oleg" }
        ])),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({ "WorkInfo.ChannelUrl": ["Некорректная ссылка"] })
    );
    let (_, got) = send(api(&app, &token, Method::GET, &format!("/receivers/{oleg}"))).await;
    assert_eq!(got["data"]["fullName"], "Олег Петров", "all or nothing: {got}");
    assert_eq!(got["data"]["email"], "oleg@example.com");
    assert_eq!(got["data"]["layouts"][0]["description"], "Спасибо!");
    assert_eq!(got["data"]["layouts"][0]["workInfo"]["channelUrl"], "https://t.me/oleg");
    assert_eq!(got["data"]["layouts"][0]["externalInfo"], "E-1");

    // Photo up, fetch, delete.
    let upload = photo_upload(
        api(&app, &token, Method::POST, &format!("/receivers/{oleg}/photo")),
        "FormFile",
        PNG,
    );
    let (status, body) = send(upload).await;
    assert_eq!(status, 200, "{body}");
    let photo_url = body["data"]["photoUrl"].as_str().unwrap().to_owned();
    assert!(body["data"]["photoId"].is_string());
    let fetched = app.client.get(&photo_url).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["content-type"], "image/png");
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), PNG);
    let (_, got) = send(api(&app, &token, Method::GET, &format!("/receivers/{oleg}"))).await;
    assert_eq!(got["data"]["photoUrl"], photo_url.as_str());
    // JPEG and WebP are recognised by their bytes, whatever the file is called.
    let jpeg: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0];
    let webp: &[u8] = b"RIFF\x24\0\0\0WEBPVP8 ";
    for (bytes, content_type) in [(jpeg, "image/jpeg"), (webp, "image/webp")] {
        let upload = photo_upload(
            api(&app, &token, Method::POST, &format!("/receivers/{oleg}/photo")),
            "FormFile",
            bytes,
        );
        let (status, body) = send(upload).await;
        assert_eq!(status, 200, "{content_type}: {body}");
        let fetched = app
            .client
            .get(body["data"]["photoUrl"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(fetched.headers()["content-type"], content_type);
        assert_eq!(fetched.bytes().await.unwrap().as_ref(), bytes);
    }
    let not_image = photo_upload(
        api(&app, &token, Method::POST, &format!("/receivers/{oleg}/photo")),
        "formfile",
        b"GIF89a....",
    );
    let (status, body) = send(not_image).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["validationErrors"]["FormFile"],
        json!(["Допустимы только изображения JPEG, PNG или WebP"])
    );
    let mut huge = vec![0xFF, 0xD8, 0xFF];
    huge.resize(5 * 1024 * 1024 + 1, 0);
    let (status, body) = send(photo_upload(
        api(&app, &token, Method::POST, &format!("/receivers/{oleg}/photo")),
        "FormFile",
        &huge,
    ))
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"]["FormFile"],
        json!(["Размер файла не должен превышать 5 МБ"])
    );
    let (status, body) = send(api(&app, &token, Method::DELETE, &format!("/receivers/{oleg}/photo"))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.client.get(&photo_url).send().await.unwrap().status(), 404);

    // Search.
    let search = |query: &str| api(&app, &token, Method::GET, &format!("/receivers{query}"));
    let (_, found) = send(search("?name=олег")).await;
    assert_eq!(found["data"]["totalCount"], 1);
    assert_eq!(found["data"]["items"][0]["userId"], oleg.as_str());
    let (_, found) = send(search("?phoneNumber=89990000002")).await;
    assert_eq!(found["data"]["items"][0]["userId"], ANNA);
    let (_, found) = send(search(&format!(
        "?userId={ANNA}&userId={oleg}&placeId={PLACE}&limit=1&page=2"
    )))
    .await;
    assert_eq!(found["data"]["totalCount"], 2);
    assert_eq!(found["data"]["items"].as_array().unwrap().len(), 1);
    let (_, found) = send(api(
        &app,
        &token,
        Method::GET,
        &format!("/receivers/pages?layoutId={oleg_page}"),
    ))
    .await;
    assert_eq!(found["data"]["items"][0]["userId"], oleg.as_str());
    let (_, found) = send(search("?dateFrom=2999-01-01")).await;
    assert_eq!(found["data"]["totalCount"], 0);
    let (_, found) = send(search("?dateTo=2000-01-01")).await;
    assert_eq!(found["data"]["totalCount"], 0, "nobody was created before 2000");
    let (_, found) = send(search("?dateFrom=2000-01-01&dateTo=2999-12-31")).await;
    assert_eq!(found["data"]["totalCount"], 2, "{found}");
    let (status, body) = send(search("?limit=0")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["validationErrors"]["Limit"].is_array());

    // Payout method.
    let payout = |value: Value| {
        api(&app, &token, Method::POST, &format!("/receivers/{oleg}/payout-method"))
            .json(&json!({ "payoutMethod": value }))
    };
    let (status, body) = send(payout(json!(1))).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(payout(json!(2))).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["validationErrors"],
        json!({ "PayoutMethod": ["Допустимые значения: 0 (мгновенный), 1 (накопление)"] })
    );
    let (_, got) = send(api(&app, &token, Method::GET, &format!("/receivers/{oleg}"))).await;
    assert_eq!(got["data"]["payoutMethod"], 1);

    // Detach.
    let (status, body) = send(api(
        &app,
        &token,
        Method::POST,
        &format!("/receivers/{oleg}/detach-agent"),
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(api(&app, &token, Method::GET, &format!("/receivers/{oleg}"))).await;
    assert_failed(status, &body, 404, "Получатель не найден");
    let (_, all) = send(api(&app, &token, Method::GET, "/receivers")).await;
    assert_eq!(all["data"]["totalCount"], 1);
}

async fn sms_resend_waits_sixty_seconds_of_the_tenants_clock(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    clock(&app, json!({ "freeze": true })).await;
    let (_, body) = create_many(
        &app,
        &token,
        json!({ "placeId": PLACE, "receivers": [{ "phoneNumber": "+79990000002", "name": "Анна" }] }),
    )
    .await;
    assert_eq!(body["succeed"], true, "{body}");
    let send_sms = || {
        api(
            &app,
            &token,
            Method::POST,
            &format!("/places/{PLACE}/employees/attach/send-sms"),
        )
        .json(&json!({ "UserId": ANNA }))
    };
    let (status, body) = send(send_sms()).await;
    assert_eq!(status, 200, "{body}");
    let first = outbox_codes(&app, "+79990000002").await.pop().unwrap();

    let (status, body) = send(send_sms()).await;
    assert_eq!(status, 400);
    assert_eq!(body["succeed"], false);
    let message = body["errors"][0].as_str().unwrap();
    assert!(
        message.starts_with("Повторная отправка СМС возможна через 60 сек."),
        "{message}"
    );
    clock(&app, json!({ "advance_seconds": 59 })).await;
    let (_, body) = send(send_sms()).await;
    assert!(body["errors"][0].as_str().unwrap().contains("через 1 сек."), "{body}");
    assert_eq!(
        outbox_codes(&app, "+79990000002").await.len(),
        1,
        "no SMS while waiting"
    );

    clock(&app, json!({ "advance_seconds": 1 })).await;
    let (status, body) = send(send_sms()).await;
    assert_eq!(status, 200, "{body}");
    let second = outbox_codes(&app, "+79990000002").await.pop().unwrap();
    let confirm = |code: &str| {
        api(
            &app,
            &token,
            Method::POST,
            &format!("/places/{PLACE}/employees/attach/confirm"),
        )
        .json(&json!({ "UserId": ANNA, "SmsCode": code }))
    };
    if first != second {
        let (status, body) = send(confirm(&first)).await;
        assert_failed(status, &body, 400, "Неверный код подтверждения");
    }
    clock(&app, json!({ "advance_seconds": 601 })).await;
    let (status, body) = send(confirm(&second)).await;
    assert_failed(status, &body, 400, "Срок действия кода истёк, запросите новый");
}

async fn field_names_bind_case_insensitively(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = token_for(
        &app,
        &[
            ("Grant_Type", "password"),
            ("CLIENT_ID", "Partner"),
            ("UserName", "partner@example.com"),
            ("Password", "secret"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let token = body["access_token"].as_str().unwrap().to_owned();
    let (status, body) = create_many(
        &app,
        &token,
        json!({
            "PlaceID": PLACE, "NeedConfirmLayouts": true,
            "Receivers": [{ "PHONENUMBER": "+79995550001", "Name": "Вера", "SendPassword": false }]
        }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["created"][0]["layoutStatus"], 2, "needConfirmLayouts");
    assert_eq!(outbox_codes(&app, "+79995550001").await.len(), 0);
    let (_, found) = send(api(
        &app,
        &token,
        Method::GET,
        "/receivers?NAME=вер&PhoneNumber=5550001",
    ))
    .await;
    assert_eq!(found["data"]["totalCount"], 1, "{found}");
}

async fn create_many_reports_fields_and_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    // Every member's problem at once, each keyed by its own name.
    let (status, body) = create_many(
        &app,
        &token,
        json!({ "placeId": " ", "needConfirmLayouts": "yes", "receivers": [
            { "phoneNumber": "+79990001111", "name": "Ок", "externalId": 7 },
            { "phoneNumber": "12345", "name": " " },
            { "name": "Без номера", "sendPassword": 1 },
            "not a receiver"
        ]}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body,
        json!({ "succeed": false, "errors": [], "validationErrors": {
            "ExternalId": ["Значение должно быть строкой"],
            "Name": ["Поле обязательно для заполнения"],
            "NeedConfirmLayouts": ["Значение должно быть true или false"],
            "PhoneNumber": ["Неверный формат телефонного номера: 12345", "Поле обязательно для заполнения"],
            "PlaceId": ["Необходимо указать заведение"],
            "Receivers": ["Значение должно быть объектом"],
            "SendPassword": ["Значение должно быть true или false"]
        }})
    );
    // A rule across the list's items, once every item holds: every repeat at once.
    let (status, body) = create_many(
        &app,
        &token,
        json!({ "placeId": PLACE, "receivers": [
            { "phoneNumber": "+79990001111", "name": "Ок", "externalId": "X" },
            { "phoneNumber": "8 999 000-11-11", "name": "Тот же" },
            { "phoneNumber": "+79990002222", "name": "Дубль", "externalId": "X" }
        ]}),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({
            "PhoneNumber": ["Номер телефона повторяется в запросе: 8 999 000-11-11"],
            "ExternalId": ["Идентификатор externalId повторяется в запросе: X"]
        })
    );
    let (status, body) = create_many(
        &app,
        &token,
        json!({ "placeId": "place-2", "receivers": [{ "phoneNumber": "+79990001111", "name": "Ок" }] }),
    )
    .await;
    assert_failed(status, &body, 400, "Заведение place-2 не найдено");
    let (_, all) = send(api(&app, &token, Method::GET, "/receivers")).await;
    assert_eq!(all["data"]["totalCount"], 0);
}

async fn other_partners_receivers_and_places_stay_out_of_reach(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    for (method, path) in [
        (Method::GET, format!("/receivers/{BORIS}")),
        (Method::POST, format!("/receivers/{BORIS}/detach-agent")),
        (Method::DELETE, format!("/receivers/{BORIS}/photo")),
    ] {
        let (status, body) = send(api(&app, &token, method, &path)).await;
        assert_failed(status, &body, 404, "Получатель не найден");
    }
    let (status, body) = send(
        api(&app, &token, Method::PATCH, &format!("/receivers/{BORIS}"))
            .json(&json!([{ "op": "replace", "path": "/name", "value": "x" }])),
    )
    .await;
    assert_failed(status, &body, 404, "Получатель не найден");
    let (status, body) = send(api(&app, &token, Method::GET, "/places/place-2")).await;
    assert_failed(status, &body, 404, "Заведение не найдено");
    let (_, places) = send(api(&app, &token, Method::GET, "/places")).await;
    assert_eq!(places["data"]["items"].as_array().unwrap().len(), 1);
    assert_eq!(places["data"]["totalCount"], 1);
    let (_, found) = send(api(&app, &token, Method::GET, &format!("/receivers?userId={BORIS}"))).await;
    assert_eq!(found["data"]["totalCount"], 0);
}

async fn concurrent_create_many_makes_one_receiver(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let calls = (0..6).map(|_| {
        create_many(
            &app,
            &token,
            json!({ "placeId": PLACE, "receivers": [{ "phoneNumber": "+79997770000", "name": "Гонка" }] }),
        )
    });
    let results = join_all(calls).await;
    let succeeded = results.iter().filter(|(_, body)| body["succeed"] == true).count();
    assert_eq!(succeeded, 1, "{results:?}");
    for (status, body) in results.iter().filter(|(_, body)| body["succeed"] != true) {
        assert_eq!(*status, 400, "{body}");
        assert_eq!(
            body["validationErrors"]["PhoneNumber"],
            json!(["Некоторые номера уже в скоупе: “+79997770000”"])
        );
    }
    let (_, state) = send(app.get("/_emulator/state")).await;
    let with_phone = state["cloudtips"]["receivers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["phoneNumber"] == "+79997770000")
        .count();
    assert_eq!(with_phone, 1);
}

async fn state_export_round_trips(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let (_, body) = create_many(&app, &token, json!({ "placeId": PLACE, "receivers": [{ "phoneNumber": "+79990003333", "name": "Фото", "externalId": "F" }, { "phoneNumber": "+79990000002", "name": "Анна" }] })).await;
    let user = body["data"]["created"][0]["userId"].as_str().unwrap().to_owned();
    let (status, _) = send(photo_upload(
        api(&app, &token, Method::POST, &format!("/receivers/{user}/photo")),
        "FormFile",
        PNG,
    ))
    .await;
    assert_eq!(status, 200);
    let (_, state) = send(app.get("/_emulator/state")).await;
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&state),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, copy) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    assert_eq!(copy["cloudtips"], state["cloudtips"]);
    let receivers = state["cloudtips"]["receivers"].as_array().unwrap();
    assert!(receivers.iter().any(|r| r["photo"]["contentType"] == "image/png"));
    assert!(receivers
        .iter()
        .any(|r| r["layouts"].as_array().unwrap().iter().any(|l| l["status"] == 2)));
}

on_both_engines!(
    tokens_are_issued_refreshed_once_and_expire,
    the_whole_journey,
    sms_resend_waits_sixty_seconds_of_the_tenants_clock,
    field_names_bind_case_insensitively,
    create_many_reports_fields_and_changes_nothing,
    other_partners_receivers_and_places_stay_out_of_reach,
    concurrent_create_many_makes_one_receiver,
    state_export_round_trips,
);
