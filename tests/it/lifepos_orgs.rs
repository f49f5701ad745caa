//! LIFE POS organizations (`GET /orgs`, `GET`/`PATCH /orgs/{org}`), `POST /auth/sign-in`, the
//! pages' field rules, the list parameters every list takes, and the request shapes of public
//! clients.

use crate::common::{join_all, send, spawn_app, spawn_with, Backend, TestApp};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const IVAN: &str = "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21";
const KEY: &str = "demo-lifepos-api-key";
const BAKERY: &str = "8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a41";
const LEGAL_ENTITY: &str = "2f7c9a14-6b3e-4d85-9e21-8a4c6f0b3d71";

/// The headers of the public TypeScript client: `X-LP-Client-Type: WebApp`.
fn web_app(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.client
        .request(method, app.url(&format!("/lifepos{path}")))
        .header("Accept-Language", "ru-RU")
        .header("X-LP-Client-Identifier", "7d1f0c2e-4b5a-4c6d-9e8f-0a1b2c3d4e5f")
        .header("X-LP-Client-Type", "WebApp")
}

fn with_key(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.lifepos(method, path).header("Authorization", KEY)
}

async fn sign_in_ivan(app: &TestApp) -> String {
    let (status, body) = send(
        web_app(app, Method::POST, "/auth/sign-in-by-phone")
            .json(&json!({ "phone": "+79990000001", "password": "secret123" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

/// A PATCH as the TypeScript client sends it: a JSON-Patch array as `application/json`, with
/// `X-LP-Client-Extensions: notification_service`. Status and raw body.
async fn patch_org(request: RequestBuilder, operations: &Value) -> (u16, String) {
    let response = request
        .header("Content-Type", "application/json")
        .header("X-LP-Client-Extensions", "notification_service")
        .body(serde_json::to_vec(operations).unwrap())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

fn webhook(primary: &str) -> Value {
    json!([{ "op": "add", "path": "/extensions/notification_service", "value": {
        "turned_on": true,
        "primary_url_for_notifications": primary,
        "secondary_url_for_notifications": "https://backup.example/hooks/lifepos",
        "version": "1.0",
    } }])
}

async fn org(app: &TestApp) -> Value {
    let (status, body) = send(with_key(app, Method::GET, &format!("/v6/orgs/{ORG}"))).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// A second organization in the tenant, with its own key and an employee also called `ivan`.
async fn add_bakery(app: &TestApp) {
    let bakery = json!({ "lifepos": { "organizations": [{
        "guid": BAKERY, "name": "Пекарня", "alias": "bakery", "api_keys": ["bakery-key"],
        "employees": [{ "name": "Иван Пекарев", "username": "ivan", "phone": "+79995550001",
                        "password": "bakery-pass", "role": "Owner" }],
    }] } });
    let (status, body) = send(app.post("/_emulator/fixtures").json(&bakery)).await;
    assert_eq!(status, 200, "{body}");
}

/// The journey of a public TypeScript integration: sign in by phone, read the token from `token`,
/// register the webhook with `PATCH /v6/orgs/{org}`; the organization then shows it, in the API
/// and in the emulator's state, which round-trips.
async fn a_webhook_registered_with_patch_v6_orgs_is_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in_ivan(&app).await;
    let before = org(&app).await;
    assert_eq!(before["extensions"], json!({}), "no extension yet");

    let (status, body) = patch_org(
        web_app(&app, Method::PATCH, &format!("/v6/orgs/{ORG}")).bearer_auth(&token),
        &webhook("https://shop.example/hooks/lifepos"),
    )
    .await;
    assert_eq!((status, body.as_str()), (204, ""), "204 with no body");

    let after = org(&app).await;
    assert_eq!(
        after["extensions"]["notification_service"],
        webhook("https://shop.example/hooks/lifepos")[0]["value"]
    );
    assert_eq!(after["name"], before["name"], "nothing else changed");
    assert_ne!(after["updated_at"], before["updated_at"], "updated_at moved");
    let (_, listed) = send(web_app(&app, Method::GET, "/orgs?presentation=full").bearer_auth(&token)).await;
    assert_eq!(
        listed["items"][0]["extensions"], after["extensions"],
        "GET /orgs shows it too"
    );

    let (_, state) = send(app.get("/_emulator/state")).await;
    let exported = &state["lifepos"]["organizations"][0];
    assert_eq!(exported["extensions"], after["extensions"]);
    assert_eq!(exported["alias"], "coffee-mira");
    let other = |builder: RequestBuilder| builder.header("X-Emulator-Tenant", "copy");
    let (status, _) = send(other(app.post("/_emulator/fixtures?mode=replace")).json(&state)).await;
    assert_eq!(status, 200);
    let (_, copied) = send(other(app.get("/_emulator/state"))).await;
    assert_eq!(copied["lifepos"], state["lifepos"], "export → load → export is equal");
}

/// A public PHP integration patches `/orgs/{org}` with `Bearer <its key>` and `version: "1"`, and
/// fails unless the answer is exactly 204.
async fn a_patch_answers_exactly_204_for_a_bearer_api_key(backend: Backend) {
    let app = spawn_app(backend).await;
    let operations = json!([{ "op": "add", "path": "/extensions/notification_service",
        "value": { "turned_on": true, "primary_url_for_notifications": "http://crm.example/lifepos/notification", "version": "1" } }]);
    let (status, body) = patch_org(
        app.lifepos(Method::PATCH, &format!("/orgs/{ORG}")).bearer_auth(KEY),
        &operations,
    )
    .await;
    assert_eq!((status, body.as_str()), (204, ""));
    assert_eq!(org(&app).await["extensions"]["notification_service"]["version"], "1");
    let (status, body) = send(app.lifepos(Method::GET, "/orgs").bearer_auth("no-such-key")).await;
    assert_eq!((status, body["code"].clone()), (401, json!("Unauthorized")));
}

/// Every rule of a PATCH is a 422 naming the field, and a rejected patch changes nothing.
async fn patching_an_organization_checks_every_rule(backend: Backend) {
    let app = spawn_app(backend).await;
    add_bakery(&app).await;
    let cases = [
        (json!([{ "op": "replace", "path": "/guid", "value": BAKERY }]), "guid"),
        (json!([{ "op": "remove", "path": "/owner" }]), "owner"),
        (json!([{ "op": "add", "path": "/colour", "value": "red" }]), "colour"),
        (json!([{ "op": "replace", "path": "/name", "value": "К" }]), "name"),
        (
            json!([{ "op": "replace", "path": "/name", "value": "x".repeat(25) }]),
            "name",
        ),
        (json!([{ "op": "replace", "path": "/alias", "value": "кофе" }]), "alias"),
        (
            json!([{ "op": "replace", "path": "/support", "value": "call us" }]),
            "support",
        ),
        (json!([{ "op": "remove", "path": "/support/line" }]), "support.line"),
        (
            json!([{ "op": "replace", "path": "/support/phone", "value": "+7 999 000 01 00" }]),
            "support.phone",
        ),
        (
            json!([{ "op": "add", "path": "/support/email", "value": "help@shop" }]),
            "support.email",
        ),
        (
            json!([{ "op": "add", "path": "/support/telegram", "value": "t".repeat(65) }]),
            "support.telegram",
        ),
        (
            json!([{ "op": "add", "path": "/extensions/sms", "value": {} }]),
            "extensions.sms",
        ),
        (
            json!([{ "op": "add", "path": "/extensions/notification_service", "value": { "turned_on": true } }]),
            "extensions.notification_service.primary_url_for_notifications",
        ),
        (
            webhook("ftp://shop.example/hook"),
            "extensions.notification_service.primary_url_for_notifications",
        ),
        (
            json!([{ "op": "add", "path": "/extensions/notification_service", "value": { "turned_on": "yes" } }]),
            "extensions.notification_service.turned_on",
        ),
        (
            json!([{ "op": "add", "path": "/extensions/notification_service",
                     "value": { "turned_on": false, "version": "123456789" } }]),
            "extensions.notification_service.version",
        ),
        (json!([{ "op": "remove", "path": "/nothing-here" }]), "body"),
        (json!({ "name": "not a patch" }), "body"),
        // A valid operation beside a failing one: all or none.
        (
            json!([{ "op": "replace", "path": "/name", "value": "Новое имя" }, { "op": "test", "path": "/alias", "value": "other" }]),
            "body",
        ),
    ];
    let before = org(&app).await;
    for (operations, field) in cases {
        let (status, body) = patch_org(with_key(&app, Method::PATCH, &format!("/v6/orgs/{ORG}")), &operations).await;
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(status, 422, "{operations}: {body}");
        assert_eq!(body["code"], "RequestIsNotValid", "{operations}");
        assert_eq!(body["message"], "параметры запроса не прошли валидацию");
        assert!(body["errors"][field].is_array(), "{operations} → {body}");
    }
    assert_eq!(org(&app).await, before, "no rejected patch changed anything");

    let (status, body) = patch_org(
        with_key(&app, Method::PATCH, &format!("/orgs/{ORG}")),
        &json!([{ "op": "replace", "path": "/alias", "value": "Bakery" }]),
    )
    .await;
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(status, 422);
    assert_eq!(
        body,
        json!({ "code": "AliasIsAlreadyTaken", "message": "псевдоним уже занят", "errors": { "alias": ["псевдоним уже занят"] } })
    );
    let (status, _) = patch_org(
        with_key(&app, Method::PATCH, &format!("/orgs/{ORG}")),
        &json!([{ "op": "replace", "path": "/name", "value": "Кофейня на Ленина" },
                { "op": "replace", "path": "/alias", "value": "coffee_lenina" },
                { "op": "replace", "path": "/support", "value": { "line": "Линия 1", "responsibility": "Кассы" } }]),
    )
    .await;
    assert_eq!(status, 204);
    let after = org(&app).await;
    assert_eq!(
        (&after["name"], &after["alias"], &after["support"]),
        (
            &json!("Кофейня на Ленина"),
            &json!("coffee_lenina"),
            &json!({ "line": "Линия 1", "responsibility": "Кассы" })
        )
    );
    let (status, body) = patch_org(
        with_key(&app, Method::PATCH, &format!("/orgs/{BAKERY}")),
        &webhook("https://x.example"),
    )
    .await;
    assert_eq!(status, 403, "another organization: {body}");
}

/// 32 organizations take one alias at the same moment: exactly one gets it.
async fn concurrent_patches_give_an_alias_to_one_organization(backend: Backend) {
    let app = spawn_with(backend, |config| config.database.max_connections = 16).await;
    let organizations: Vec<Value> = (0..32)
        .map(|i| {
            json!({ "guid": format!("00000000-0000-4000-8000-0000000001{i:02}"), "name": format!("Организация {i}"),
                         "alias": format!("org-{i}"), "api_keys": [format!("key-{i}")] })
        })
        .collect();
    let (status, body) = send(
        app.post("/_emulator/fixtures")
            .json(&json!({ "lifepos": { "organizations": organizations } })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let patches = (0..32).map(|i| {
        let request = app
            .lifepos(
                Method::PATCH,
                &format!("/v6/orgs/00000000-0000-4000-8000-0000000001{i:02}"),
            )
            .header("Authorization", format!("key-{i}"));
        async move {
            patch_org(
                request,
                &json!([{ "op": "replace", "path": "/alias", "value": "popular" }]),
            )
            .await
        }
    });
    let answers = join_all(patches).await;
    let won = answers.iter().filter(|(status, _)| *status == 204).count();
    let taken = answers
        .iter()
        .filter(|(status, body)| *status == 422 && body.contains("AliasIsAlreadyTaken"))
        .count();
    assert_eq!((won, taken), (1, 31), "{answers:?}");
}

/// 32 patches of one organization at the same moment, each adding its own support member: none
/// loses another's change.
async fn concurrent_patches_of_one_organization_lose_nothing(backend: Backend) {
    let app = spawn_with(backend, |config| config.database.max_connections = 16).await;
    let patches = (0..32).map(|i| {
        let request = with_key(&app, Method::PATCH, &format!("/v6/orgs/{ORG}"));
        async move {
            patch_org(
                request,
                &json!([{ "op": "add", "path": format!("/support/k{i:02}"), "value": format!("v{i:02}") }]),
            )
            .await
        }
    });
    let answers = join_all(patches).await;
    assert!(answers.iter().all(|(status, _)| *status == 204), "{answers:?}");
    let support = org(&app).await["support"].clone();
    for i in 0..32 {
        assert_eq!(
            support[format!("k{i:02}")],
            format!("v{i:02}"),
            "patch {i} was lost: {support}"
        );
    }
}

/// The same for a workplace: 32 patches, each adding its own setting to one extension.
async fn concurrent_patches_of_one_workplace_lose_nothing(backend: Backend) {
    let app = spawn_with(backend, |config| config.database.max_connections = 16).await;
    let (status, workplace) = send(
        with_key(&app, Method::POST, &format!("/orgs/{ORG}/workplaces"))
            .json(&json!({ "workplace_type": "Mobile", "extensions": { "smart_pos": {} } })),
    )
    .await;
    assert_eq!(status, 200, "{workplace}");
    let path = format!("/orgs/{ORG}/workplaces/{}", workplace["guid"].as_str().unwrap());
    let patches = (0..32).map(|i| {
        let request = with_key(&app, Method::PATCH, &path);
        async move {
            patch_org(
                request,
                &json!([{ "op": "add", "path": format!("/extensions/smart_pos/k{i:02}"), "value": i }]),
            )
            .await
        }
    });
    let answers = join_all(patches).await;
    assert!(answers.iter().all(|(status, _)| *status == 200), "{answers:?}");
    let (_, after) = send(with_key(&app, Method::GET, &path)).await;
    for i in 0..32 {
        assert_eq!(
            after["extensions"]["smart_pos"][format!("k{i:02}")],
            i,
            "patch {i} was lost: {after}"
        );
    }
}

/// `GET /orgs/{org}` (v6 and unprefixed) shows the fields of the Read page; `presentation` picks
/// compact or full; another organization is a 403, no credential a 401.
async fn an_organization_reads_with_the_documented_fields(backend: Backend) {
    let app = spawn_app(backend).await;
    for prefix in ["", "/v6", "/v5"] {
        let (status, full) = send(with_key(&app, Method::GET, &format!("{prefix}/orgs/{ORG}"))).await;
        assert_eq!(status, 200, "{prefix}: {full}");
        assert_eq!(full["guid"], ORG);
        assert_eq!(full["name"], "Кофейня на Мира");
        assert_eq!(full["alias"], "coffee-mira");
        assert_eq!(full["owner"], json!({ "guid": IVAN, "type_of": "Employee" }));
        assert_eq!(full["support"]["line"], "Поддержка");
        assert_eq!(full["extensions"], json!({}));
        assert!(full["created_at"].as_str().unwrap().ends_with('Z'));
        assert!(full["updated_at"].is_string() && full["deleted_at"].is_null());
    }
    let (_, compact) = send(with_key(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}?presentation=compact"),
    ))
    .await;
    assert_eq!(
        compact,
        json!({ "guid": ORG, "name": "Кофейня на Мира", "alias": "coffee-mira", "type_of": "Organization" })
    );
    let (status, body) = send(with_key(&app, Method::GET, &format!("/orgs/{ORG}?presentation=short"))).await;
    assert_eq!(status, 422);
    assert!(body["errors"]["presentation"].is_array());
    let (status, body) = send(with_key(&app, Method::GET, &format!("/orgs/{BAKERY}"))).await;
    assert_eq!((status, body["code"].clone()), (403, json!("NoPermissions")));
    let (status, body) = send(app.lifepos(Method::GET, &format!("/orgs/{ORG}"))).await;
    assert_eq!((status, body["code"].clone()), (401, json!("Unauthorized")));
}

/// `GET /orgs` takes every query parameter of the List page, under `/v6` and unprefixed.
async fn the_organization_list_takes_its_documented_parameters(backend: Backend) {
    let app = spawn_app(backend).await;
    let total = |query: &'static str| {
        let app = &app;
        async move {
            let mut totals = Vec::new();
            for prefix in ["", "/v6"] {
                let (status, body) = send(with_key(app, Method::GET, &format!("{prefix}/orgs{query}"))).await;
                assert_eq!(status, 200, "{query}: {body}");
                totals.push(body["items_total"].as_i64().unwrap());
            }
            assert_eq!(totals[0], totals[1], "{query}: the same under /v6");
            totals[0]
        }
    };
    assert_eq!(total("").await, 1);
    assert_eq!(total("?query=COFFEE").await, 1, "the alias, any case");
    assert_eq!(total("?query=%D0%BC%D0%B8%D1%80%D0%B0").await, 1, "part of the name");
    assert_eq!(total("?search=coffee").await, 1, "search is query's alias");
    assert_eq!(total("?query=bakery").await, 0);
    assert_eq!(
        total("?created_from=2000-01-01T00:00:00Z&created_to=2999-01-01").await,
        1
    );
    assert_eq!(total("?created_from=2999-01-01T00:00:00Z").await, 0);
    assert_eq!(total("?created_to=2000-01-01").await, 0);
    assert_eq!(total("?updated_from=2999-01-01T00:00:00.000Z").await, 0);
    assert_eq!(total("?updated_to=2999-01-01T00:00:00").await, 1);
    assert_eq!(total("?selection=all&order_by=name_desc").await, 1);
    assert_eq!(
        total("?selection=archived_only").await,
        0,
        "organizations are never archived"
    );
    let (_, compact) = send(with_key(&app, Method::GET, "/orgs?presentation=compact")).await;
    assert_eq!(compact["items"][0]["alias"], "coffee-mira");
    assert!(compact["items"][0].get("extensions").is_none());
    assert_eq!(compact["items_per_page"], 20);
    for (query, field) in [
        ("?query=", "query"),
        (
            "?query=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "query",
        ),
        ("?created_from=yesterday", "created_from"),
        ("?updated_to=2024-13-01", "updated_to"),
        ("?order_by=alias_asc", "order_by"),
        ("?selection=some", "selection"),
    ] {
        let (status, body) = send(with_key(&app, Method::GET, &format!("/v6/orgs{query}"))).await;
        assert_eq!(status, 422, "{query}");
        assert!(body["errors"][field].is_array(), "{query} → {body}");
    }
}

/// `POST /auth/sign-in` with `<username>@<alias>`, or a username one employee of the tenant has.
async fn sign_in_takes_a_full_username(backend: Backend) {
    let app = spawn_app(backend).await;
    let sign_in = |body: Value, prefix: &'static str| {
        let request = app.lifepos(Method::POST, &format!("{prefix}/auth/sign-in")).json(&body);
        send(request)
    };
    for (prefix, full_username, response_type) in [
        ("", "ivan@coffee-mira", json!("Token")),
        ("/v6", "ivan@Coffee-Mira", json!("Session")),
        ("/v5", "ivan", Value::Null),
    ] {
        let body = json!({ "full_username": full_username, "password": "secret123", "response_type": response_type });
        let (status, signed_in) = sign_in(body, prefix).await;
        assert_eq!(status, 200, "{full_username}: {signed_in}");
        let token = signed_in["token"].as_str().unwrap();
        let (status, me) = send(app.lifepos(Method::GET, &format!("/orgs/{ORG}/me")).bearer_auth(token)).await;
        assert_eq!((status, me["guid"].clone()), (200, json!(IVAN)), "{full_username}");
    }
    add_bakery(&app).await;
    let (status, body) = sign_in(json!({ "full_username": "ivan", "password": "secret123" }), "").await;
    assert_eq!(
        (status, body),
        (
            401,
            json!({ "code": "WrongUsernameOrPassword", "message": "неверный логин или пароль" })
        ),
        "a username two organizations share names nobody"
    );
    let (status, body) = sign_in(json!({ "full_username": "ivan@bakery", "password": "bakery-pass" }), "").await;
    assert_eq!(status, 200, "{body}");
    for wrong in [
        json!({ "full_username": "ivan@coffee-mira", "password": "bakery-pass" }),
        json!({ "full_username": "nobody@coffee-mira", "password": "secret123" }),
        json!({ "full_username": "ivan@nowhere", "password": "secret123" }),
    ] {
        let (status, body) = sign_in(wrong.clone(), "").await;
        assert_eq!(
            (status, body["code"].clone()),
            (401, json!("WrongUsernameOrPassword")),
            "{wrong}"
        );
    }
    for (body, field) in [
        (
            json!({ "full_username": "i", "password": "secret123" }),
            "full_username",
        ),
        (
            json!({ "full_username": "i".repeat(50), "password": "secret123" }),
            "full_username",
        ),
        (json!({ "password": "secret123" }), "full_username"),
        (json!({ "full_username": "ivan", "password": "12345" }), "password"),
        (
            json!({ "full_username": "ivan", "password": "1".repeat(33) }),
            "password",
        ),
        (
            json!({ "full_username": "ivan", "password": "secret123", "response_type": "Cookie" }),
            "response_type",
        ),
    ] {
        let (status, answer) = sign_in(body.clone(), "/v6").await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(answer["code"], "RequestIsNotValid");
        assert!(answer["errors"][field].is_array(), "{body} → {answer}");
    }
}

/// Sign-in by phone: the phone 10–18 characters of the pages' pattern, the password 6–32, each a
/// 422 naming its field in the LIFE POS error shape.
async fn sign_in_by_phone_checks_the_documented_lengths(backend: Backend) {
    let app = spawn_app(backend).await;
    for (body, field) in [
        (json!({ "phone": "999000000", "password": "secret123" }), "phone"),
        (
            json!({ "phone": "+7-999-000-00-01-000", "password": "secret123" }),
            "phone",
        ),
        (json!({ "phone": "+7 999 000 00 01", "password": "secret123" }), "phone"),
        (json!({ "phone": "not a phone", "password": "secret123" }), "phone"),
        (json!({ "phone": "+79990000001", "password": "12345" }), "password"),
        (
            json!({ "phone": "+79990000001", "password": "x".repeat(33) }),
            "password",
        ),
    ] {
        let (status, answer) = send(app.lifepos(Method::POST, "/v6/auth/sign-in-by-phone").json(&body)).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(answer["message"], "параметры запроса не прошли валидацию");
        assert_eq!(
            answer["errors"].as_object().unwrap().keys().collect::<Vec<_>>(),
            [field],
            "{body} → {answer}"
        );
    }
    let (status, _) = send(
        app.lifepos(Method::POST, "/auth/sign-in-by-phone")
            .json(&json!({ "phone": "+79990000001", "password": "x".repeat(32) })),
    )
    .await;
    assert_eq!(
        status, 401,
        "32 characters is a password of the right length, just a wrong one"
    );
}

/// Public clients read the token from `token`: it is the answer's one member, of both sign-ins.
async fn sign_in_answers_carry_the_token_in_token(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, body) in [
        (
            "/auth/sign-in-by-phone",
            json!({ "phone": "89990000001", "password": "secret123" }),
        ),
        (
            "/auth/sign-in",
            json!({ "full_username": "ivan@coffee-mira", "password": "secret123" }),
        ),
    ] {
        let (status, answer) = send(web_app(&app, Method::POST, path).json(&body)).await;
        assert_eq!(status, 200, "{answer}");
        let members: Vec<&String> = answer.as_object().unwrap().keys().collect();
        assert_eq!(members, ["token"], "{path}");
        let token = answer["token"].as_str().unwrap();
        let (status, _) = send(web_app(&app, Method::GET, "/orgs?presentation=full").bearer_auth(token)).await;
        assert_eq!(status, 200);
        // The TypeScript client's other calls, with the parameters it adds.
        let (status, me) = send(
            web_app(
                &app,
                Method::GET,
                &format!("/orgs/{ORG}/me?presentation=full&include_permissions=false"),
            )
            .bearer_auth(token),
        )
        .await;
        assert_eq!((status, me["guid"].clone()), (200, json!(IVAN)));
        let (status, list) = send(
            web_app(
                &app,
                Method::GET,
                &format!("/orgs/{ORG}/workplaces?presentation=full&order_by=created_at_desc&include_items_total=true&selection=all&items_per_page=100"),
            )
            .bearer_auth(token),
        )
        .await;
        assert_eq!(status, 200, "parameters a list does not know are ignored: {list}");
        assert!(list["items"].is_array() && list.get("next_page_token").is_some());
    }
}

/// The NestJS client's shape: the raw key as `Authorization`, `X-LP-Client-Type: App`,
/// `Content-Type: application/json-patch+json`, `Accept: application/json`.
async fn a_raw_api_key_as_authorization_reaches_its_organization(backend: Backend) {
    let app = spawn_app(backend).await;
    let nest = |method: Method, path: &str| {
        app.client
            .request(method, app.url(&format!("/lifepos{path}")))
            .header("Authorization", KEY)
            .header("X-LP-Client-Type", "App")
            .header("X-LP-Client-Identifier", "3a604a4c-bb52-4e96-b07e-d0d96ab28384")
            .header("Content-Type", "application/json-patch+json")
            .header("Accept", "application/json")
            .header("Accept-Language", "ru-RU")
    };
    let (status, list) = send(nest(Method::GET, &format!("/orgs/{ORG}/workplaces"))).await;
    assert_eq!((status, list["items_total"].clone()), (200, json!(2)));
    let (status, read) = send(nest(Method::GET, &format!("/orgs/{ORG}"))).await;
    assert_eq!((status, read["guid"].clone()), (200, json!(ORG)));
    let response = nest(Method::PATCH, &format!("/orgs/{ORG}"))
        .body(r#"[{"op":"replace","path":"/name","value":"Кофейня 2"}]"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        204,
        "a JSON Patch sent as application/json-patch+json"
    );
    assert_eq!(org(&app).await["name"], "Кофейня 2");
}

/// `query` (alias `search`) and the four time bounds work on every list; the bounds are inclusive
/// and ride in the page token.
async fn every_list_takes_query_and_time_bounds(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_eq!(
        send(app.post("/_emulator/clock").json(&json!({ "freeze": true })))
            .await
            .0,
        200
    );
    // A minute after the demo fixtures were stamped, so no bound can catch them.
    assert_eq!(
        send(app.post("/_emulator/clock").json(&json!({ "advance_seconds": 60 })))
            .await
            .0,
        200
    );
    let (_, first) = send(
        with_key(&app, Method::POST, &format!("/orgs/{ORG}/workplaces"))
            .json(&json!({ "workplace_type": "Mobile", "name": "Раньше" })),
    )
    .await;
    assert_eq!(
        send(app.post("/_emulator/clock").json(&json!({ "advance_seconds": 3600 })))
            .await
            .0,
        200
    );
    let (_, second) = send(
        with_key(&app, Method::POST, &format!("/orgs/{ORG}/workplaces"))
            .json(&json!({ "workplace_type": "Mobile", "name": "Позже" })),
    )
    .await;
    let (_, outlet) = send(
        with_key(&app, Method::POST, &format!("/orgs/{ORG}/outlets"))
            .json(&json!({ "name": "Позже", "address": "Москва", "legal_entity": { "guid": LEGAL_ENTITY } })),
    )
    .await;
    let (_, employee) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/employees")).json(&json!({
        "name": "Пётр Позднов", "username": "petr", "phone": "+79995550002", "role": "Cashier", "inn": "770012345678" }))).await;
    let stamp = |entity: &Value| urlencode(entity["created_at"].as_str().unwrap());
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let list = |kind: &str, query: String| {
        let request = with_key(&app, Method::GET, &format!("/v6/orgs/{ORG}/{kind}{query}"));
        async move {
            let (status, body) = send(request).await;
            assert_eq!(status, 200, "{body}");
            body
        }
    };
    let later = stamp(&second);
    assert_eq!(
        names(&list("workplaces", format!("?created_from={later}")).await),
        ["Позже"]
    );
    assert_eq!(
        names(&list("workplaces", format!("?created_from={later}&created_to={later}")).await),
        ["Позже"],
        "inclusive"
    );
    let earlier = stamp(&first);
    assert_eq!(
        names(&list("workplaces", format!("?created_from={earlier}&created_to={earlier}")).await),
        ["Раньше"]
    );
    assert_eq!(
        names(&list("workplaces", format!("?updated_from={later}&query=%D0%BF%D0%BE%D0%B7")).await),
        ["Позже"]
    );
    assert_eq!(
        names(&list("outlets", format!("?created_from={}", stamp(&outlet))).await),
        ["Позже"]
    );
    assert_eq!(
        names(&list("employees", format!("?updated_from={}", stamp(&employee))).await),
        ["Пётр Позднов"]
    );
    assert_eq!(
        names(&list("employees", "?query=PETR".to_owned()).await),
        ["Пётр Позднов"],
        "by username"
    );
    assert_eq!(
        names(&list("employees", "?query=770012".to_owned()).await),
        ["Пётр Позднов"],
        "by INN"
    );
    assert_eq!(
        names(&list("employees", "?search=petr".to_owned()).await),
        ["Пётр Позднов"]
    );
    assert_eq!(
        list("outlets", "?selection=archived_only".to_owned()).await["items_total"],
        0
    );

    // 21 workplaces after `later`: the bound rides in the token to the second page.
    for i in 0..20 {
        let (status, _) = send(
            with_key(&app, Method::POST, &format!("/orgs/{ORG}/workplaces"))
                .json(&json!({ "workplace_type": "Mobile", "name": format!("Новая {i:02}") })),
        )
        .await;
        assert_eq!(status, 200);
    }
    let page_1 = list("workplaces", format!("?created_from={later}")).await;
    assert_eq!(page_1["items_total"], 21);
    let token = page_1["next_page_token"].as_str().unwrap();
    let page_2 = list("workplaces", format!("?page_token={token}")).await;
    assert_eq!(page_2["items"].as_array().unwrap().len(), 1);
    assert!(!names(&page_2).contains(&"Раньше".to_owned()));
    for kind in ["workplaces", "employees", "outlets"] {
        for (query, field) in [
            ("?query=", "query"),
            ("?search=", "search"),
            ("?created_to=soon", "created_to"),
            ("?updated_from=1", "updated_from"),
        ] {
            let (status, body) = send(with_key(&app, Method::GET, &format!("/orgs/{ORG}/{kind}{query}"))).await;
            assert_eq!(status, 422, "{kind}{query}");
            assert!(body["errors"][field].is_array(), "{kind}{query} → {body}");
        }
    }
}

fn urlencode(value: &str) -> String {
    value.replace(':', "%3A").replace('+', "%2B")
}

/// CreateOutlet: `name` and `address` 2–256, `legal_entity` required, `brand`, `organization` and
/// `extensions` optional; the outlet shows them and they round-trip through the state.
async fn outlets_take_the_documented_fields(backend: Backend) {
    let app = spawn_app(backend).await;
    let valid = json!({ "name": "Точка 2", "address": "Москва, Тверская 5",
        "legal_entity": { "guid": LEGAL_ENTITY, "type_of": "LegalEntity" } });
    for (change, field) in [
        (json!({ "name": "Т" }), "name"),
        (json!({ "name": "т".repeat(257) }), "name"),
        (json!({ "address": null }), "address"),
        (json!({ "address": "М" }), "address"),
        (json!({ "legal_entity": null }), "legal_entity"),
        // A reference's own member is named.
        (json!({ "legal_entity": { "guid": "not-a-guid" } }), "legal_entity.guid"),
        (json!({ "legal_entity": "not-a-guid" }), "legal_entity"),
        (json!({ "brand": 5 }), "brand"),
        (json!({ "organization": { "guid": BAKERY } }), "organization"),
        (json!({ "extensions": { "bonus": {} } }), "extensions.bonus"),
        (
            json!({ "extensions": { "retail_app": { "version": "123456789" } } }),
            "extensions.retail_app.version",
        ),
        (
            json!({ "extensions": { "retail_app": { "version": "" } } }),
            "extensions.retail_app.version",
        ),
        (
            json!({ "extensions": { "retail_app": { "permissions": [{ "can_open_new_sale": true }] } } }),
            "extensions.retail_app.permissions[0].role",
        ),
        (
            json!({ "extensions": { "settlement_methods": { "version": "123456789" } } }),
            "extensions.settlement_methods.version",
        ),
        (
            json!({ "extensions": { "lifepay_cloud_fiscalization": { "turned_on": true } } }),
            "extensions.lifepay_cloud_fiscalization.available_registrars",
        ),
        (
            json!({ "extensions": { "lifepay_cloud_fiscalization": { "available_registrars": [
                { "id": "r1", "api_key": "k".repeat(32) }, { "id": "r2", "api_key": "k".repeat(31) }] } } }),
            "extensions.lifepay_cloud_fiscalization.available_registrars[1].api_key",
        ),
        (
            json!({ "extensions": { "lifepay_cloud_fiscalization": { "available_registrars": [{ "id": "i".repeat(33) }] } } }),
            "extensions.lifepay_cloud_fiscalization.available_registrars[0].id",
        ),
    ] {
        let mut body = valid.clone();
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let (status, answer) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/outlets")).json(&body)).await;
        assert_eq!(status, 422, "{change}");
        assert!(answer["errors"][field].is_array(), "{change} → {answer}");
    }
    let mut full = valid.clone();
    full["name"] = json!("т".repeat(256));
    full["brand"] = json!({ "guid": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c81", "type_of": "Brand" });
    full["organization"] = json!({ "guid": ORG, "type_of": "Organization" });
    full["extensions"] = json!({
        "retail_app": { "fiscalization_turned_on": true, "version": "12345678" },
        "settlement_methods": { "version": "1" },
        "lifepay_cloud_fiscalization": { "available_registrars": [
            { "id": "i".repeat(32), "friendly_name": "Облако", "api_key": "k".repeat(32) }
        ] },
    });
    let (status, outlet) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/outlets")).json(&full)).await;
    assert_eq!(status, 200, "{outlet}");
    assert_eq!(
        outlet["legal_entity"],
        json!({ "guid": LEGAL_ENTITY, "type_of": "LegalEntity" })
    );
    assert_eq!(outlet["brand"]["guid"], "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c81");
    assert_eq!(outlet["extensions"], full["extensions"]);
    assert_eq!(outlet["organization"]["guid"], ORG);

    let (_, state) = send(app.get("/_emulator/state")).await;
    let stored = state["lifepos"]["organizations"][0]["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|stored| stored["guid"] == outlet["guid"])
        .unwrap()
        .clone();
    assert_eq!(stored["legal_entity"], LEGAL_ENTITY);
    assert_eq!(stored["extensions"], full["extensions"]);
    assert_eq!(
        send(app.post("/_emulator/fixtures?mode=replace").json(&state)).await.0,
        200
    );
    let (_, again) = send(app.get("/_emulator/state")).await;
    assert_eq!(again["lifepos"], state["lifepos"]);
    let (_, fetched) = send(with_key(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/outlets/{}", outlet["guid"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(fetched, outlet, "the reloaded outlet reads as it was created");
}

/// Employees: the Create page's required fields and the Read page's `email` and `pin_code_hash`,
/// each rule a 422 naming its field; the employee reads, searches and round-trips with them.
async fn employees_take_the_documented_fields(backend: Backend) {
    let app = spawn_app(backend).await;
    let valid = json!({ "name": "Ольга Кассирова", "username": "olga", "phone": "+79995554433",
        "role": { "guid": "00000000-0000-4000-8000-00000000a004", "type_of": "Role" },
        "email": "olga@coffee-mira.ru", "pin_code_hash": "0123456789abcdef0123456789abcdef" });
    for (change, field) in [
        (json!({ "email": "olga@" }), "email"),
        (json!({ "email": "o@a.b" }), "email"),
        (json!({ "pin_code_hash": "1234" }), "pin_code_hash"),
        (json!({ "name": null }), "name"),
    ] {
        let mut body = valid.clone();
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let (status, answer) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/employees")).json(&body)).await;
        assert_eq!(status, 422, "{change}");
        assert!(answer["errors"][field].is_array(), "{change} → {answer}");
    }
    let (status, olga) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/employees")).json(&valid)).await;
    assert_eq!(status, 200, "{olga}");
    assert_eq!(olga["email"], "olga@coffee-mira.ru");
    assert_eq!(olga["pin_code_hash"], "0123456789abcdef0123456789abcdef");
    assert_eq!(olga["role"]["type_of"], "Role");
    assert_eq!(
        (&olga["type_of"], &olga["deleted_at"]),
        (&json!("Employee"), &Value::Null)
    );
    let (_, found) = send(with_key(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/employees?query=COFFEE-MIRA.RU"),
    ))
    .await;
    assert_eq!(found["items_total"], 1, "by e-mail: {found}");
    assert_eq!(found["type_of"], "List");
    let (_, state) = send(app.get("/_emulator/state")).await;
    assert_eq!(
        send(app.post("/_emulator/fixtures?mode=replace").json(&state)).await.0,
        200
    );
    let (_, fetched) = send(with_key(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/employees/{}", olga["guid"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(fetched, olga, "the reloaded employee reads as it was created");
}

fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

/// The examples of the Read and List employee pages and of GenerateActivationCodeOfWorkplace:
/// every key they show is answered, with the types they show.
async fn answers_have_every_key_of_the_pages_examples(backend: Backend) {
    let app = spawn_app(backend).await;
    // `get-employee-by-id` example, verbatim as stored (its last value is cut; `type_of` a string).
    let example = json!({
        "name": "string", "username": "string", "phone": "string",
        "role": { "guid": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "type_of": "string" },
        "inn": "string", "pin_code_hash": "string",
        "organization": { "guid": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "type_of": "string" },
        "email": "user@example.com",
        "created_at": "2024-10-23T06:47:41.212Z", "updated_at": "2024-10-23T06:47:41.212Z",
        "deleted_at": "2024-10-23T06:47:41.212Z",
        "meta": "string", "meta_data": {}, "guid": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "type_of": "string"
    });
    let body = json!({ "name": "Ольга Кассирова", "username": "olga", "phone": "+79995554433", "role": "Cashier",
        "inn": "123456789012", "pin_code_hash": "0123456789abcdef0123456789abcdef", "email": "user@example.com",
        "meta": "смена утро", "meta_data": { "locker": 7 } });
    let (status, created) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/employees")).json(&body)).await;
    assert_eq!(status, 200, "{created}");
    let (_, employee) = send(with_key(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/employees/{}", created["guid"].as_str().unwrap()),
    ))
    .await;
    let answered = keys(&employee);
    for key in keys(&example) {
        assert!(answered.contains(&key), "{key} missing from {employee}");
    }
    for reference in ["role", "organization"] {
        assert!(
            employee[reference]["guid"].is_string() && employee[reference]["type_of"].is_string(),
            "{reference}"
        );
    }
    assert_eq!(
        (&employee["meta"], &employee["meta_data"]),
        (&json!("смена утро"), &json!({ "locker": 7 }))
    );
    let timestamp = employee["created_at"].as_str().unwrap();
    assert_eq!(
        timestamp.len(),
        "2024-10-23T06:47:41.212Z".len(),
        "milliseconds and Z, as the example: {timestamp}"
    );
    let (_, by_meta) = send(with_key(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/employees?query=locker"),
    ))
    .await;
    assert_eq!(by_meta["items_total"], 1, "query searches meta_data");
    let (status, body) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/employees"))
        .json(&json!({ "name": "Пётр Петров", "username": "petr", "phone": "+79995554434", "role": "Cashier", "meta": "м".repeat(129) }))).await;
    assert!(status == 422 && body["errors"]["meta"].is_array(), "{body}");
    let (status, body) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/employees"))
        .json(&json!({ "name": "Пётр Петров", "username": "petr", "phone": "+79995554434", "role": "Cashier", "meta_data": [1] }))).await;
    assert!(status == 422 && body["errors"]["meta_data"].is_array(), "{body}");

    // The list envelope of `list-employee`.
    let (_, list) = send(with_key(&app, Method::GET, &format!("/v6/orgs/{ORG}/employees"))).await;
    assert_eq!(
        keys(&list),
        [
            "items",
            "items_per_page",
            "items_total",
            "next_page_token",
            "page_number",
            "pages_total",
            "type_of"
        ]
    );
    // GenerateActivationCodeOfWorkplace: `{"activation_code": "string"}`.
    let (status, code) = send(
        with_key(
            &app,
            Method::POST,
            &format!("/orgs/{ORG}/workplaces/5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41:generate-activation-code"),
        )
        .json(&json!({ "employee": { "guid": IVAN, "type_of": "Employee" } })),
    )
    .await;
    assert_eq!(status, 200, "{code}");
    assert_eq!(keys(&code), ["activation_code"]);
    assert!(code["activation_code"].is_string());
    let (_, state) = send(app.get("/_emulator/state")).await;
    assert_eq!(
        send(app.post("/_emulator/fixtures?mode=replace").json(&state)).await.0,
        200
    );
    let (_, again) = send(app.get("/_emulator/state")).await;
    assert_eq!(again["lifepos"], state["lifepos"], "meta and meta_data round-trip");
}

/// The get and create pages list `presentation` (`compact`, `full`): every read of one entity, `me`
/// and the creates take it.
async fn reads_and_creates_take_presentation(backend: Backend) {
    let app = spawn_app(backend).await;
    let outlet = "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11";
    let workplace = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41";
    for (path, compact_keys) in [
        (
            format!("/orgs/{ORG}/employees/{IVAN}"),
            vec!["guid", "name", "role", "type_of"],
        ),
        (
            format!("/orgs/{ORG}/outlets/{outlet}"),
            vec!["address", "guid", "legal_entity", "name", "type_of"],
        ),
        (
            format!("/orgs/{ORG}/workplaces/{workplace}"),
            vec![
                "activated_at",
                "deleted_at",
                "guid",
                "name",
                "number",
                "type_of",
                "workplace_type",
            ],
        ),
    ] {
        let (status, compact) = send(with_key(&app, Method::GET, &format!("{path}?presentation=compact"))).await;
        assert_eq!(
            (status, keys(&compact)),
            (200, compact_keys.iter().map(|k| k.to_string()).collect()),
            "{path}"
        );
        let (_, full) = send(with_key(&app, Method::GET, &format!("{path}?presentation=full"))).await;
        assert!(full["created_at"].is_string(), "{path}: {full}");
        let (status, body) = send(with_key(&app, Method::GET, &format!("{path}?presentation=all"))).await;
        assert_eq!(status, 422, "{path}");
        assert!(body["errors"]["presentation"].is_array());
    }
    let token = sign_in_ivan(&app).await;
    let (_, me) =
        send(web_app(&app, Method::GET, &format!("/orgs/{ORG}/me?presentation=compact")).bearer_auth(&token)).await;
    assert_eq!(keys(&me), ["guid", "name", "role", "type_of"]);
    let (status, created) = send(
        with_key(&app, Method::POST, &format!("/orgs/{ORG}/outlets?presentation=compact"))
            .json(&json!({ "name": "Точка 3", "address": "Москва", "legal_entity": { "guid": LEGAL_ENTITY } })),
    )
    .await;
    assert_eq!((status, keys(&created).len()), (200, 5), "{created}");
    let (status, _) = send(
        with_key(&app, Method::POST, &format!("/orgs/{ORG}/employees?presentation=wide")).json(
            &json!({ "name": "Ольга Кассирова", "username": "olga", "phone": "+79995554433", "role": "Cashier" }),
        ),
    )
    .await;
    assert_eq!(status, 422);
    let (_, employees) = send(with_key(&app, Method::GET, &format!("/orgs/{ORG}/employees"))).await;
    assert_eq!(employees["items_total"], 2, "a rejected create adds nothing");
}

/// An organization fixture's alias and extensions (its own, its workplaces' and outlets') follow
/// the API's rules, named by JSON path.
async fn organization_fixtures_follow_the_same_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    for (organization, path) in [
        (
            json!({ "name": "Пекарня", "alias": "пекарня" }),
            "$.lifepos.organizations[0].alias",
        ),
        (
            json!({ "name": "Пекарня", "alias": "COFFEE-MIRA" }),
            "$.lifepos.organizations[0]",
        ),
        (
            json!({ "name": "Пекарня", "extensions": { "notification_service": { "turned_on": true } } }),
            "$.lifepos.organizations[0].extensions.notification_service.primary_url_for_notifications",
        ),
        (
            json!({ "name": "Пекарня", "workplaces": [{ "workplace_type": "Mobile",
                    "extensions": { "nadex_soft_pos": { "virtual_serial_number": "ABC" } } }] }),
            "$.lifepos.organizations[0].workplaces[0].extensions.nadex_soft_pos.virtual_serial_number",
        ),
        (
            json!({ "name": "Пекарня", "outlets": [{ "name": "Точка",
                    "extensions": { "lifepay_cloud_fiscalization": { "available_registrars": [{ "api_key": "short" }] } } }] }),
            "$.lifepos.organizations[0].outlets[0].extensions.lifepay_cloud_fiscalization.available_registrars[0].api_key",
        ),
    ] {
        let (status, body) = send(
            app.post("/_emulator/fixtures")
                .json(&json!({ "lifepos": { "organizations": [organization] } })),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["path"], path, "{body}");
    }
    let (status, _) = send(
        app.post("/_emulator/fixtures")
            .json(&json!({ "lifepos": { "organizations": [{ "guid": BAKERY,
            "name": "Пекарня и кондитерская на Ленинском проспекте", "api_keys": ["long-name-key"] }] } })),
    )
    .await;
    assert_eq!(status, 200);
    let (status, body) = patch_org(
        app.lifepos(Method::PATCH, &format!("/orgs/{BAKERY}"))
            .header("Authorization", "long-name-key"),
        &webhook("https://shop.example/hook"),
    )
    .await;
    assert_eq!(
        status, 204,
        "a fixture's long name does not block a patch of something else: {body}"
    );
    let (_, state) = send(app.get("/_emulator/state")).await;
    let bakery = state["lifepos"]["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|org| org["guid"] == BAKERY)
        .unwrap()
        .clone();
    assert_eq!(
        bakery["alias"], "org-f473169d91f82e3e702f",
        "an alias is made from the guid when none is given"
    );
    let sequential = json!({ "lifepos": { "organizations": [
        { "guid": "00000000-0000-4000-8000-000000000001", "name": "Первая" },
        { "guid": "00000000-0000-4000-8000-000000000002", "name": "Вторая" },
    ] } });
    let (status, body) = send(app.post("/_emulator/fixtures").json(&sequential)).await;
    assert_eq!(status, 200, "hand-written guids get distinct aliases: {body}");
}

/// A list the declaration does not bound (`retail_app.permissions`) with a bad item in every place:
/// the refusal names the first `server.max_problems` (100) and says how many more there were.
async fn a_refusal_names_at_most_max_problems(backend: Backend) {
    let app = spawn_app(backend).await;
    let permissions: Vec<Value> = (0..150).map(|_| json!({ "can_open_new_sale": true })).collect();
    let body = json!({ "name": "Точка 2", "address": "Москва, Тверская 5", "legal_entity": LEGAL_ENTITY,
        "extensions": { "retail_app": { "permissions": permissions } } });
    let (status, answer) = send(with_key(&app, Method::POST, &format!("/orgs/{ORG}/outlets")).json(&body)).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["code"], "RequestIsNotValid");
    let errors = answer["errors"].as_object().unwrap();
    assert_eq!(errors.len(), 101, "100 members and body: {errors:?}");
    assert!(errors.contains_key("extensions.retail_app.permissions[99].role"));
    assert!(!errors.contains_key("extensions.retail_app.permissions[100].role"));
    assert_eq!(errors["body"], json!(["не показано ошибок: 50 (показаны первые 100)"]));

    let (status, answer) = send(
        with_key(&app, Method::POST, &format!("/orgs/{ORG}/outlets")).json(&json!({
        "name": "Точка 2", "address": "Москва, Тверская 5", "legal_entity": LEGAL_ENTITY,
        "extensions": { "retail_app": { "permissions": &permissions[..100] } } })),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        answer["errors"].as_object().unwrap().len(),
        100,
        "exactly the limit: no note"
    );
}

/// `/v4` takes requests without the two `X-LP-Client-…` headers, as a public PHP client sends
/// them; `Accept-Language` and a wrong client type are refused there as everywhere.
async fn v4_requires_only_accept_language(backend: Backend) {
    let app = spawn_app(backend).await;
    let get = |path: &str| {
        app.client
            .get(app.url(&format!("/lifepos{path}/orgs")))
            .header("Authorization", format!("Bearer {KEY}"))
    };
    let status = |response: reqwest::Response| response.status().as_u16();
    assert_eq!(
        status(get("/v4").header("Accept-Language", "ru-RU").send().await.unwrap()),
        200
    );
    let answer: Value = get("/v4").send().await.unwrap().json().await.unwrap();
    assert_eq!(answer["code"], "RequestIsNotValid", "{answer}");
    assert!(answer["errors"]["Accept-Language"].is_array(), "{answer}");
    assert!(answer["errors"].get("X-LP-Client-Type").is_none(), "{answer}");
    let wrong_type = get("/v4")
        .header("Accept-Language", "ru-RU")
        .header("X-LP-Client-Type", "Toaster")
        .send()
        .await
        .unwrap();
    assert_eq!(status(wrong_type), 422);
    let blank: Value = get("/v4")
        .header("Accept-Language", "ru-RU")
        .header("X-LP-Client-Identifier", "  ")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        blank["errors"]["X-LP-Client-Identifier"][0], "заголовок X-LP-Client-Identifier пуст",
        "{blank}"
    );
    for prefix in ["", "/v5", "/v6"] {
        let answer: Value = get(prefix)
            .header("Accept-Language", "ru-RU")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(answer["code"], "RequestIsNotValid", "{prefix}: {answer}");
        assert!(
            answer["errors"]["X-LP-Client-Identifier"].is_array(),
            "{prefix}: {answer}"
        );
    }
}

on_both_engines!(
    v4_requires_only_accept_language,
    a_refusal_names_at_most_max_problems,
    a_webhook_registered_with_patch_v6_orgs_is_kept,
    a_patch_answers_exactly_204_for_a_bearer_api_key,
    patching_an_organization_checks_every_rule,
    concurrent_patches_give_an_alias_to_one_organization,
    concurrent_patches_of_one_organization_lose_nothing,
    concurrent_patches_of_one_workplace_lose_nothing,
    an_organization_reads_with_the_documented_fields,
    the_organization_list_takes_its_documented_parameters,
    sign_in_takes_a_full_username,
    sign_in_by_phone_checks_the_documented_lengths,
    sign_in_answers_carry_the_token_in_token,
    a_raw_api_key_as_authorization_reaches_its_organization,
    every_list_takes_query_and_time_bounds,
    outlets_take_the_documented_fields,
    employees_take_the_documented_fields,
    answers_have_every_key_of_the_pages_examples,
    reads_and_creates_take_presentation,
    organization_fixtures_follow_the_same_rules,
);
