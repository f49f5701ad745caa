//! CloudTips as its public pages describe it and as public clients call it: places (list with
//! `data.items` and filters, one place, create with the vendor's two errors), registration links,
//! the five create-many error bodies verbatim, PascalCase `validationErrors` keys, token form keys
//! in any case, `Content-Type: application/json` on every answer and GETs with a JSON body.

use crate::cloudtips::{api, assert_failed, clock, create_many, sign_in, token_for, PLACE};
use crate::common::{join_all, send, spawn_app, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn create_place(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    send(api(app, token, Method::POST, "/places").json(&body)).await
}

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, body) = send(api(app, token, Method::GET, &format!("/places{query}"))).await;
    assert_eq!(status, 200, "{query}: {body}");
    body
}

fn names(body: &Value) -> Vec<String> {
    body["data"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap().to_owned())
        .collect()
}

/// A client reading `data.items[0].id` from `GET /api/places`, as the vendor's example answers.
async fn a_client_reads_the_first_place_id_from_data_items(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let body = list(&app, &token, "").await;
    let first = body["data"]["items"][0]["id"].as_str().expect("data.items[0].id");
    assert_eq!(first, PLACE);
    assert_eq!(body["data"]["totalCount"], 1);
    assert_eq!(body["succeed"], true);
    assert_eq!(body["errors"], json!([]));
    assert_eq!(body["validationErrors"], json!({}));
    let place = &body["data"]["items"][0];
    // Every field of the vendor's example, with the example's JSON types.
    for field in ["id", "createdDate", "updatedDate", "name"] {
        assert!(place[field].is_string(), "{field}: {place}");
    }
    for field in ["placeType", "employeeCount"] {
        assert!(place[field].is_i64(), "{field}: {place}");
    }
    for field in ["isHead", "hasPaymentPageSettings"] {
        assert!(place[field].is_boolean(), "{field}: {place}");
    }
    assert!(place["placeAdministratorIds"].is_array(), "{place}");
    assert!(place.as_object().unwrap().contains_key("externalPlaceId"));
    assert!(place.as_object().unwrap().contains_key("managerId"));
    assert!(place.as_object().unwrap().contains_key("headPlace"));
    assert_eq!(
        place["rating"],
        json!({ "enabled": false, "components": [], "averageScore": 0, "scoreCount": 0 })
    );
    let (status, one) = send(api(&app, &token, Method::GET, &format!("/places/{PLACE}"))).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(&one["data"], place, "one place is the list's item");
}

async fn places_are_filtered_as_the_list_page_documents(backend: Backend) {
    let app = spawn_app(backend).await;
    clock(&app, json!({ "set": "2031-03-01T10:00:00Z" })).await;
    let token = sign_in(&app).await;
    let (status, first) = create_place(
        &app,
        &token,
        json!({ "name": "Бар Северный", "externalPlaceId": "ext-1", "placeAdministratorIds": ["adm-1", "adm-2"] }),
    )
    .await;
    assert_eq!(status, 200, "{first}");
    clock(&app, json!({ "set": "2031-03-02T10:00:00Z" })).await;
    // A day later the first token has expired.
    let token = sign_in(&app).await;
    let (_, second) = create_place(
        &app,
        &token,
        json!({ "Name": "Ресторан Южный", "ExternalPlaceId": "ext-2", "PlaceType": 2, "PlaceAdministratorIds": ["adm-2"] }),
    )
    .await;
    assert_eq!(second["data"]["placeType"], 2, "{second}");
    assert_eq!(second["data"]["externalPlaceId"], "ext-2");
    assert_eq!(second["data"]["placeAdministratorIds"], json!(["adm-2"]));
    assert!(
        second["data"]["createdDate"]
            .as_str()
            .unwrap()
            .starts_with("2031-03-02T10:00:00."),
        "{second}"
    );
    assert_eq!(second["data"]["employeeCount"], 0);
    let first_id = first["data"]["id"].as_str().unwrap().to_owned();
    let second_id = second["data"]["id"].as_str().unwrap().to_owned();

    assert_eq!(
        names(&list(&app, &token, "?name=бар").await),
        ["Бар Северный"],
        "partial, any case"
    );
    assert_eq!(names(&list(&app, &token, "?name=ЮЖН").await), ["Ресторан Южный"]);
    assert_eq!(
        names(&list(&app, &token, "?externalPlaceId=ext-1").await),
        ["Бар Северный"]
    );
    assert_eq!(
        names(&list(&app, &token, "?externalPlaceId=ext").await),
        Vec::<String>::new(),
        "exact"
    );
    assert_eq!(
        names(&list(&app, &token, "?administratorId=adm-2").await),
        ["Бар Северный", "Ресторан Южный"]
    );
    assert_eq!(
        names(&list(&app, &token, "?administratorId[]=adm-1").await),
        ["Бар Северный"]
    );
    assert_eq!(
        names(&list(&app, &token, &format!("?ids={first_id}&ids={second_id}")).await),
        ["Бар Северный", "Ресторан Южный"]
    );
    assert_eq!(
        names(&list(&app, &token, &format!("?ids[]={second_id}")).await),
        ["Ресторан Южный"]
    );
    assert_eq!(
        names(&list(&app, &token, &format!("?ids[0]={first_id}")).await),
        ["Бар Северный"]
    );
    assert_eq!(
        names(&list(&app, &token, "?createdDateFrom=2031-03-02").await),
        ["Ресторан Южный"]
    );
    assert_eq!(
        names(&list(&app, &token, "?createdDateFrom=2031-03-01&createdDateTo=2031-03-01").await),
        ["Бар Северный"],
        "a date as createdDateTo includes its whole day"
    );
    assert_eq!(
        names(&list(&app, &token, "?createdDateTo=2031-03-01T09:59:59Z").await),
        ["Кофейня"]
    );
    let paged = list(&app, &token, "?limit=2&page=2").await;
    assert_eq!(names(&paged), ["Ресторан Южный"]);
    assert_eq!(paged["data"]["totalCount"], 3, "totalCount counts every match");
    let (status, body) = send(api(
        &app,
        &token,
        Method::GET,
        "/places?limit=0&page=x&createdDateFrom=nope",
    ))
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["CreatedDateFrom", "Limit", "Page"]
    );
    // Another partner's place is never listed, even by id.
    let (_, other) = send(api(&app, &token, Method::GET, "/places?ids=place-2")).await;
    assert_eq!(other["data"]["totalCount"], 0);
}

async fn creating_a_place_answers_the_vendors_two_errors_verbatim(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    for body in [json!({}), json!({ "name": "  " }), json!({ "name": null })] {
        let (status, answer) = create_place(&app, &token, body.clone()).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            answer,
            json!({ "succeed": false, "errors": [], "validationErrors": { "Name": ["Необходимо указать название заведения"] } }),
            "{body}"
        );
    }
    let (status, answer) = create_place(&app, &token, json!({ "name": "Кофейня" })).await;
    assert_eq!(status, 400);
    assert_eq!(
        answer,
        json!({ "succeed": false, "errors": ["Заведение с названием \"Кофейня\" уже существует"], "validationErrors": {} })
    );
    // Another partner's place of the same name does not clash.
    let (status, answer) = create_place(&app, &token, json!({ "name": "Бар на Садовой" })).await;
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = create_place(&app, &token, json!({ "name": "Новая", "placeType": "1" })).await;
    assert_eq!(status, 400);
    assert!(answer["validationErrors"]["PlaceType"].is_array(), "{answer}");
    assert_eq!(
        list(&app, &token, "").await["data"]["totalCount"],
        2,
        "nothing else was created"
    );
}

async fn concurrent_creates_of_one_name_make_one_place(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let calls = (0..32).map(|_| create_place(&app, &token, json!({ "name": "Гонка" })));
    let results = join_all(calls).await;
    let created = results.iter().filter(|(status, _)| *status == 200).count();
    assert_eq!(created, 1, "{results:?}");
    for (status, body) in results.iter().filter(|(status, _)| *status != 200) {
        assert_failed(*status, body, 400, "Заведение с названием \"Гонка\" уже существует");
    }
    assert_eq!(names(&list(&app, &token, "?name=Гонка").await), ["Гонка"]);
}

async fn registration_links_keep_the_documented_bounds(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let register = |body: Value| send(api(&app, &token, Method::POST, "/places/registration-url").json(&body));
    let (status, body) = register(json!({ "placeId": PLACE })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["lifetime"], 86_400, "the default lifetime");
    let url = body["data"]["url"].as_str().unwrap();
    assert!(url.starts_with(&app.url("/cloudtips/registration/")), "{url}");
    for (max, lifetime) in [(1, 180), (100, 604_800)] {
        let (status, body) =
            register(json!({ "PlaceId": PLACE, "maxRegistrationCount": max, "lifetime": lifetime })).await;
        assert_eq!(status, 200, "{max} {lifetime}: {body}");
        assert_eq!(body["data"]["lifetime"], lifetime);
    }
    for (field, value, key) in [
        ("maxRegistrationCount", json!(0), "MaxRegistrationCount"),
        ("maxRegistrationCount", json!(101), "MaxRegistrationCount"),
        ("lifetime", json!(179), "Lifetime"),
        ("lifetime", json!(604_801), "Lifetime"),
        ("lifetime", json!("integer"), "Lifetime"),
    ] {
        let (status, body) = register(json!({ "placeId": PLACE, field: value })).await;
        assert_eq!(status, 400, "{field} {value}: {body}");
        assert_eq!(
            body["validationErrors"].as_object().unwrap().keys().collect::<Vec<_>>(),
            [key],
            "{body}"
        );
    }
    let (_, body) = register(json!({ "lifetime": 600 })).await;
    assert_eq!(
        body["validationErrors"],
        json!({ "PlaceId": ["Необходимо указать заведение"] })
    );
    let (status, body) = register(json!({ "placeId": "place-2" })).await;
    assert_failed(status, &body, 400, "Заведение place-2 не найдено");

    let (_, state) = send(app.get("/_emulator/state")).await;
    let links = state["cloudtips"]["registrationLinks"].as_array().unwrap();
    assert_eq!(links.len(), 3, "{state}");
    assert!(links.iter().all(|link| link["placeId"] == PLACE));
    assert_eq!(links[0]["maxRegistrationCount"], 50, "the default count");
}

/// The "Возможные ошибки" of create-many, each body exactly as the vendor's page prints it.
async fn create_many_answers_the_five_documented_bodies(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let fields = |pairs: Value| json!({ "succeed": false, "errors": [], "validationErrors": pairs });
    let cases = [
        (
            json!({ "placeId": PLACE, "receivers": [{ "phoneNumber": "8-800-abc", "name": "Ира" }] }),
            fields(json!({ "PhoneNumber": ["Неверный формат телефонного номера: 8-800-abc"] })),
        ),
        (
            json!({ "receivers": [{ "phoneNumber": "+79990001111", "name": "Ира" }] }),
            fields(json!({ "PlaceId": ["Необходимо указать заведение"] })),
        ),
        (
            json!({ "placeId": PLACE, "receivers": [] }),
            fields(json!({ "Receivers": ["Необходимо указать получателей"] })),
        ),
        (
            json!({ "placeId": "no-such-place", "receivers": [{ "phoneNumber": "+79990001111", "name": "Ира" }] }),
            json!({ "succeed": false, "errors": ["Заведение no-such-place не найдено"], "validationErrors": {} }),
        ),
    ];
    for (request, answer) in cases {
        let (status, body) = create_many(&app, &token, request.clone()).await;
        assert_eq!((status, &body), (400, &answer), "{request}");
    }
    let receivers =
        json!([{ "phoneNumber": "+79990001111", "name": "Ира" }, { "phoneNumber": "+79990001112", "name": "Ян" }]);
    let (status, body) = create_many(&app, &token, json!({ "placeId": PLACE, "receivers": receivers })).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = create_many(&app, &token, json!({ "placeId": PLACE, "receivers": receivers })).await;
    assert_eq!(status, 400);
    assert_eq!(
        body,
        fields(json!({ "PhoneNumber": ["Некоторые номера уже в скоупе: “+79990001111”, “+79990001112”"] }))
    );
}

/// cloudtips-adp logs in with capitalised form keys.
async fn token_form_keys_are_read_in_any_case(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = token_for(
        &app,
        &[
            ("Grant_type", "password"),
            ("Client_id", "Partner"),
            ("UserName", "partner@example.com"),
            ("Password", "secret"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let refresh = body["refresh_token"].as_str().unwrap().to_owned();
    let (status, body) = token_for(
        &app,
        &[
            ("GRANT_TYPE", "refresh_token"),
            ("Client_id", "Partner"),
            ("Refresh_Token", &refresh),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // The client echoes `token_type` in front of the token; the scheme's case does not matter.
    let access = body["access_token"].as_str().unwrap();
    let (status, places) = send(
        app.get("/cloudtips/api/places")
            .header("Authorization", format!("bearer {access}")),
    )
    .await;
    assert_eq!(status, 200, "{places}");
    let (status, _) = token_for(
        &app,
        &[
            ("Grant_type", "password"),
            ("Client_id", "Partner"),
            ("UserName", "partner@example.com"),
            ("Password", "SECRET"),
        ],
    )
    .await;
    assert_eq!(status, 400, "values stay case-sensitive");
}

/// An aiohttp client refuses a JSON body under any other content type.
async fn every_answer_is_application_json(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let requests = [
        app.post("/cloudtips/connect/token").form(&[
            ("grant_type", "password"),
            ("client_id", "Partner"),
            ("username", "partner@example.com"),
            ("password", "secret"),
        ]),
        app.post("/cloudtips/connect/token").form(&[("grant_type", "nope")]),
        app.post("/cloudtips/connect/token").body("not a form"),
        app.get("/cloudtips/api/places"),
        api(&app, &token, Method::GET, "/places"),
        api(&app, &token, Method::GET, "/places/missing"),
        api(&app, &token, Method::GET, "/no-such-endpoint"),
        api(&app, &token, Method::PUT, "/places"),
        api(&app, &token, Method::POST, "/places").body("{broken"),
        api(&app, &token, Method::POST, "/places").json(&json!({})),
        api(&app, &token, Method::GET, "/receivers?limit=0"),
        api(
            &app,
            &token,
            Method::POST,
            &format!("/receivers/{}/detach-agent", uuid_like()),
        ),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            content_type.starts_with("application/json"),
            "{} {status}: {content_type:?}",
            response.url()
        );
        let text = response.text().await.unwrap();
        assert!(serde_json::from_str::<Value>(&text).is_ok(), "{status}: {text}");
    }
}

fn uuid_like() -> &'static str {
    "00000000-0000-4000-8000-000000000000"
}

/// cloudtips-adp sends `Content-Type: application/json` on every call, GETs included; a JSON body
/// on a GET is not read (GET parameters come from the query string).
async fn gets_with_a_json_content_type_or_body_are_served(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let (status, body) =
        send(api(&app, &token, Method::GET, "/places").header("Content-Type", "application/json")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["totalCount"], 1);
    for payload in [r#"{"name":"нет такого"}"#, "{broken"] {
        let (status, body) = send(
            api(&app, &token, Method::GET, "/places")
                .header("Content-Type", "application/json")
                .body(payload),
        )
        .await;
        assert_eq!(status, 200, "{payload}: {body}");
        assert_eq!(body["data"]["totalCount"], 1, "the body is not a filter: {payload}");
        let (status, body) = send(
            api(&app, &token, Method::GET, "/receivers")
                .header("Content-Type", "application/json")
                .body(payload),
        )
        .await;
        assert_eq!(status, 200, "{payload}: {body}");
    }
}

/// Keys as the vendor's examples give them, whatever case the request used.
async fn validation_error_keys_are_pascal_case(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let (_, body) = send(api(&app, &token, Method::GET, "/receivers?limit=1000")).await;
    assert_eq!(
        body["validationErrors"],
        json!({ "Limit": ["Значение должно быть целым числом от 1 до 100"] })
    );
    let (_, body) = create_many(
        &app,
        &token,
        json!({ "placeid": PLACE, "RECEIVERS": [{ "phonenumber": "+79990001111" }] }),
    )
    .await;
    assert_eq!(
        body["validationErrors"],
        json!({ "Name": ["Поле обязательно для заполнения"] })
    );
    let (_, body) = send(api(&app, &token, Method::POST, "/places").body("[]")).await;
    assert_eq!(
        body["validationErrors"],
        json!({ "Body": ["Тело запроса должно быть JSON-объектом"] })
    );
}

async fn places_and_links_round_trip_through_the_state(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let (status, _) = create_place(
        &app,
        &token,
        json!({ "name": "Экспорт", "externalPlaceId": "x-1", "placeType": 3, "managerId": "m-1", "placeAdministratorIds": ["a", "b"] }),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(
        api(&app, &token, Method::POST, "/places/registration-url").json(&json!({ "placeId": PLACE, "lifetime": 600 })),
    )
    .await;
    assert_eq!(status, 200);
    let (_, state) = send(app.get("/_emulator/state")).await;
    let exported = state["cloudtips"]["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|place| place["name"] == "Экспорт")
        .cloned()
        .unwrap();
    assert_eq!(exported["externalPlaceId"], "x-1");
    assert_eq!(exported["placeType"], 3);
    assert_eq!(exported["managerId"], "m-1");
    assert_eq!(exported["placeAdministratorIds"], json!(["a", "b"]));
    assert!(exported["updated_at"].is_string());
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&state),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, copy) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    assert_eq!(copy["cloudtips"], state["cloudtips"]);
    // A duplicate name of one partner is refused by the loader, naming the field.
    let mut doubled = state.clone();
    let places = doubled["cloudtips"]["places"].as_array_mut().unwrap();
    let mut twin = places[0].clone();
    twin["id"] = json!("twin");
    places.push(twin);
    let twin_path = format!("cloudtips.places[{}].name", places.len() - 1);
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "twin")
            .json(&doubled),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains(&twin_path), "{body}");
}

/// Where the published spec and the server disagreed, both now say the same thing (see each).
/// A number with a zero fraction is an integer, as JSON Schema reads `integer`: the server
/// refused `0.0` and `11.0` that the spec allowed.
async fn whole_numbers_written_with_a_fraction_are_integers(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let (status, body) = create_many(
        &app,
        &token,
        json!({ "placeId": PLACE, "receivers": [{ "phoneNumber": "+79990003333", "name": "Ира" }] }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let user = body["data"]["created"][0]["userId"].as_str().unwrap().to_owned();
    let payout = |value: Value| {
        api(&app, &token, Method::POST, &format!("/receivers/{user}/payout-method"))
            .json(&json!({ "payoutMethod": value }))
    };
    let (status, body) = send(payout(json!(1.0))).await;
    assert_eq!(status, 200, "{body}");
    let (_, got) = send(api(&app, &token, Method::GET, &format!("/receivers/{user}"))).await;
    assert_eq!(got["data"]["payoutMethod"], 1);
    let (status, body) = send(payout(json!(0.5))).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({ "PayoutMethod": ["Допустимые значения: 0 (мгновенный), 1 (накопление)"] })
    );
    let register = |body: Value| send(api(&app, &token, Method::POST, "/places/registration-url").json(&body));
    let (status, body) = register(json!({ "placeId": PLACE, "maxRegistrationCount": 11.0, "lifetime": 6e2 })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["lifetime"], 600);
    let (status, body) = register(json!({ "placeId": PLACE, "maxRegistrationCount": 11.5 })).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({ "MaxRegistrationCount": ["Значение должно быть целым числом от 1 до 100"] })
    );
    let (status, body) = send(api(&app, &token, Method::GET, "/receivers?limit=1.0")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["items"].as_array().map(Vec::len), Some(1));
    // The receiver's own payout method takes its codes alike.
    let (status, body) = token_for(
        &app,
        &[
            ("grant_type", "password"),
            ("client_id", "MobilePhone"),
            ("username", "+79990000002"),
            ("password", "receiver-secret"),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let own = body["access_token"].as_str().unwrap().to_owned();
    let (status, body) =
        send(api(&app, &own, Method::POST, "/receivers/payout-method").json(&json!({ "payoutMethod": 1.0 }))).await;
    assert_eq!(status, 200, "{body}");
    let (_, me) = send(api(&app, &own, Method::GET, "/receivers/me")).await;
    assert_eq!(me["data"]["payoutMethod"], "Accumulation");
}

/// The spec allowed integers past `i64` (it declared no bound) and dates without an offset were
/// read as UTC though the spec named RFC 3339 date-times and dates only: both are refused now, and
/// the spec names `i64`'s bounds.
async fn dates_and_integers_are_what_the_spec_names(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let search = |query: &str| send(api(&app, &token, Method::GET, &format!("/receivers{query}")));
    for query in [
        "?dateFrom=2026-01-01",
        "?dateFrom=2026-01-01T00:00:00Z",
        "?dateTo=2026-01-01T03:00:00+03:00",
    ] {
        let (status, body) = search(query).await;
        assert_eq!(status, 200, "{query}: {body}");
    }
    for query in [
        "?dateFrom=2026-01-01T00:00:00",
        "?dateFrom=2026-1-1",
        "?dateTo=2026-02-30",
    ] {
        let (status, body) = search(query).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(
            body["validationErrors"].as_object().map(|keys| keys.len()),
            Some(1),
            "{body}"
        );
        assert!(body.to_string().contains("Некорректная дата"), "{query}: {body}");
    }
    let (status, body) = search("?type=-9223372036854775809&page=0").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({ "Page": ["Значение должно быть целым числом не меньше 1"], "Type": ["Значение должно быть целым числом"] })
    );
    let (status, body) = create_place(
        &app,
        &token,
        json!({ "name": "Большая", "placeType": 9_223_372_036_854_775_808_u64 }),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["validationErrors"]["PlaceType"].is_array(), "{body}");
}

/// Every member's problem of a new place at once; its administrators are bounded now (the spec
/// declared an unbounded list).
async fn a_new_place_answers_every_problem_at_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let (status, body) = create_place(
        &app,
        &token,
        json!({ "NAME": " ", "placeType": -1, "placeAdministratorIds": ["a", 1], "managerId": false }),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body,
        json!({ "succeed": false, "errors": [], "validationErrors": {
            "ManagerId": ["Значение должно быть строкой"],
            "Name": ["Необходимо указать название заведения"],
            "PlaceAdministratorIds": ["Значение должно быть строкой"],
            "PlaceType": ["Значение должно быть целым числом не меньше 0"]
        }})
    );
    let many: Vec<String> = (0..1001).map(|i| format!("admin-{i}")).collect();
    let (status, body) = create_place(&app, &token, json!({ "name": "Много", "placeAdministratorIds": many })).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["validationErrors"]["PlaceAdministratorIds"].is_array(), "{body}");
    let (status, body) = create_place(
        &app,
        &token,
        json!({ "name": "Много", "placeAdministratorIds": &many[..1000] }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

/// The spec let an operation leave out what RFC 6902 requires of it (`value`, `from`) and took any
/// `~` in a pointer; the server refused both. The spec states them now, and the problem names the
/// member.
async fn a_json_patch_operation_is_declared_by_its_kind(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let (_, body) = create_many(
        &app,
        &token,
        json!({ "placeId": PLACE, "receivers": [{ "phoneNumber": "+79990004444", "name": "Ян" }] }),
    )
    .await;
    let user = body["data"]["created"][0]["userId"].as_str().unwrap().to_owned();
    let patch =
        |operations: Value| send(api(&app, &token, Method::PATCH, &format!("/receivers/{user}")).json(&operations));
    let (status, body) = patch(json!([{ "op": "replace", "path": "/name" }])).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({ "Value": ["Поле обязательно для заполнения"] })
    );
    let (status, body) = patch(json!([{ "op": "copy", "path": "/name" }])).await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = patch(json!([{ "op": "replace", "path": "/na~2me", "value": "x" }])).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["validationErrors"]["Path"].is_array(), "{body}");
    let (status, body) = patch(json!([{ "OP": "Move", "From": "/email", "Path": "/email" }])).await;
    assert_eq!(status, 200, "{body}");
    // The patched profile is read through its declaration: every problem at once.
    let (status, body) = patch(json!([
        { "op": "replace", "path": "/name", "value": " " },
        { "op": "replace", "path": "/email", "value": "nobody" },
        { "op": "add", "path": "/phone", "value": "+79990000000" }
    ]))
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["validationErrors"],
        json!({
            "Email": ["Некорректный адрес электронной почты"],
            "Name": ["Имя не может быть пустым"],
            "Phone": ["Поле не существует или не может быть изменено"]
        })
    );
}

on_both_engines!(
    whole_numbers_written_with_a_fraction_are_integers,
    dates_and_integers_are_what_the_spec_names,
    a_new_place_answers_every_problem_at_once,
    a_json_patch_operation_is_declared_by_its_kind,
    a_client_reads_the_first_place_id_from_data_items,
    places_are_filtered_as_the_list_page_documents,
    creating_a_place_answers_the_vendors_two_errors_verbatim,
    concurrent_creates_of_one_name_make_one_place,
    registration_links_keep_the_documented_bounds,
    create_many_answers_the_five_documented_bodies,
    token_form_keys_are_read_in_any_case,
    every_answer_is_application_json,
    gets_with_a_json_content_type_or_body_are_served,
    validation_error_keys_are_pascal_case,
    places_and_links_round_trip_through_the_state,
);
