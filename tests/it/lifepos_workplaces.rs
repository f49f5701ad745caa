//! LIFE POS API v6: workplaces, employees, outlets, organizations.

use crate::common::{join_all, send, spawn_app, spawn_with, Backend, TestApp};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const WORKPLACE_1: &str = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41";
const IVAN: &str = "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21";
const OUTLET: &str = "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11";
const KEY: &str = "demo-lifepos-api-key";

pub fn api(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.lifepos(method, &format!("/v6/orgs/{ORG}{path}"))
        .header("Authorization", KEY)
}

async fn create_workplace(app: &TestApp, body: Value) -> (u16, Value) {
    send(api(app, Method::POST, "/workplaces").json(&body)).await
}

async fn list(app: &TestApp, query: &str) -> Value {
    let (status, body) = send(api(app, Method::GET, &format!("/workplaces{query}"))).await;
    assert_eq!(status, 200, "{query}: {body}");
    body
}

fn guids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["guid"].as_str().unwrap().to_owned())
        .collect()
}

/// 25 new workplaces beside the demo's two: the guide's 27.
async fn with_27_workplaces(app: &TestApp) -> Vec<String> {
    let mut created = Vec::new();
    for i in 0..25 {
        let (status, body) = create_workplace(
            app,
            json!({ "workplace_type": "Mobile", "name": format!("Точка {i:02}") }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        created.push(body["guid"].as_str().unwrap().to_owned());
    }
    created
}

/// 32 creates without a number at the same moment: every one succeeds, each with the next free
/// number, none twice.
async fn concurrent_creates_get_unique_next_numbers(backend: Backend) {
    let app = spawn_with(backend, |config| config.database.max_connections = 16).await;
    let numbers_before: Vec<i64> = list(&app, "?items_per_page=100").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["number"].as_i64().unwrap())
        .collect();
    let highest = numbers_before.iter().copied().max().unwrap_or(0);
    let creates = (0..32).map(|i| {
        create_workplace(
            &app,
            json!({ "workplace_type": "Mobile", "name": format!("Параллельная {i:02}") }),
        )
    });
    let answers = join_all(creates).await;
    assert!(answers.iter().all(|(status, _)| *status == 200), "{answers:?}");
    let mut numbers: Vec<i64> = answers
        .iter()
        .map(|(_, body)| body["number"].as_i64().unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, ((highest + 1)..=(highest + 32)).collect::<Vec<_>>());
}

async fn name_of(app: &TestApp) -> Value {
    let (status, body) = send(api(app, Method::GET, &format!("/workplaces/{WORKPLACE_1}"))).await;
    assert_eq!(status, 200, "{body}");
    body["name"].clone()
}

async fn rename(app: &TestApp, name: &str) {
    let patch = json!([{ "op": "replace", "path": "/name", "value": name }]);
    let (status, body) = send(api(app, Method::PATCH, &format!("/workplaces/{WORKPLACE_1}")).json(&patch)).await;
    assert_eq!(status, 200, "{body}");
}

/// Repeated reads may be answered from memory (SQLite), but never after a write: on the same
/// emulator, on a second one over the same database, after a control-plane change; and fault
/// rules and the journal still see every read.
async fn repeated_reads_follow_every_write(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = crate::common::spawn_on(first.database.clone(), |_| {}).await;
    for _ in 0..3 {
        assert_eq!(name_of(&first).await, "Касса 1");
        assert_eq!(name_of(&second).await, "Касса 1");
    }
    rename(&first, "Касса у окна").await;
    assert_eq!(name_of(&first).await, "Касса у окна");
    assert_eq!(
        name_of(&second).await,
        "Касса у окна",
        "the other emulator sees the write at once"
    );
    rename(&second, "Касса у двери").await;
    assert_eq!(name_of(&first).await, "Касса у двери");

    let before = list(&first, "").await["items_total"].as_i64().unwrap();
    let (status, _) = create_workplace(&second, json!({ "workplace_type": "Mobile" })).await;
    assert_eq!(status, 200);
    assert_eq!(list(&first, "").await["items_total"].as_i64().unwrap(), before + 1);

    assert_eq!(send(first.post("/_emulator/reset")).await.0, 200);
    assert_eq!(name_of(&second).await, "Касса 1", "a reset is seen by every emulator");

    let rule =
        json!({ "vendor": "lifepos", "method": "GET", "path": "/v6/orgs/*/workplaces/*", "status": 503, "times": 1 });
    assert_eq!(send(first.post("/_emulator/faults").json(&rule)).await.0, 200);
    let (status, _) = send(api(&first, Method::GET, &format!("/workplaces/{WORKPLACE_1}"))).await;
    assert_eq!(status, 503, "a fault rule fires on a read answered before");
    assert_eq!(name_of(&first).await, "Касса 1");

    assert_eq!(send(first.delete("/_emulator/journal")).await.0, 200);
    for _ in 0..3 {
        name_of(&first).await;
    }
    let (_, journal) = send(first.get("/_emulator/journal?method=GET")).await;
    assert_eq!(journal["entries"].as_array().unwrap().len(), 3, "{journal}");
}

async fn the_guides_27_workplaces_make_two_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    with_27_workplaces(&app).await;
    let first = list(&app, "").await;
    assert_eq!(first["items"].as_array().unwrap().len(), 20);
    assert_eq!(first["page_number"], 1);
    assert_eq!(first["pages_total"], 2);
    assert_eq!(first["items_per_page"], 20);
    assert_eq!(first["items_total"], 27);
    let token = first["next_page_token"].as_str().expect("a next page").to_owned();

    let second = list(&app, &format!("?page_token={token}")).await;
    assert_eq!(second["items"].as_array().unwrap().len(), 7);
    assert_eq!(second["next_page_token"], Value::Null);
    assert_eq!(second["page_number"], 2);
    assert_eq!(second["items_total"], 27);
    let mut all = guids(&first);
    all.extend(guids(&second));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 27, "every workplace exactly once");
    let numbers: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["number"].as_i64().unwrap())
        .collect();
    assert_eq!(
        numbers,
        (1..=20).collect::<Vec<_>>(),
        "numbers assigned in order, listed by number"
    );
}

async fn selection_filters_archived_workplaces(backend: Backend) {
    let app = spawn_app(backend).await;
    let created = with_27_workplaces(&app).await;
    for guid in &created[..3] {
        let (status, body) = send(api(&app, Method::DELETE, &format!("/workplaces/{guid}"))).await;
        assert_eq!(status, 200);
        assert!(body["deleted_at"].is_string());
    }
    assert_eq!(list(&app, "").await["items_total"], 24, "alive_only is the default");
    assert_eq!(list(&app, "?selection=alive_only").await["items_total"], 24);
    let archived = list(&app, "?selection=archived_only").await;
    assert_eq!(archived["items_total"], 3);
    let mut archived_guids = guids(&archived);
    archived_guids.sort();
    let mut expected = created[..3].to_vec();
    expected.sort();
    assert_eq!(archived_guids, expected);
    assert_eq!(list(&app, "?selection=all").await["items_total"], 27);
    let (status, body) = send(api(&app, Method::GET, "/workplaces?selection=deleted")).await;
    assert_eq!(status, 422);
    assert!(body["errors"]["selection"].is_array());

    let (status, restored) = send(api(
        &app,
        Method::POST,
        &format!("/workplaces/{}:unarchive", created[0]),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(restored["deleted_at"], Value::Null);
    assert_eq!(list(&app, "?selection=archived_only").await["items_total"], 2);
}

async fn page_tokens_cannot_be_forged_or_reused_elsewhere(backend: Backend) {
    let app = spawn_app(backend).await;
    with_27_workplaces(&app).await;
    let token = list(&app, "").await["next_page_token"].as_str().unwrap().to_owned();
    let (payload, signature) = token.split_once('.').unwrap();
    let mut tampered_payload = payload.to_owned();
    tampered_payload.replace_range(0..1, if payload.starts_with('e') { "f" } else { "e" });
    for forged in [
        format!("{tampered_payload}.{signature}"),
        "garbage".to_owned(),
        format!("{payload}.AAAA"),
    ] {
        let (status, body) = send(api(&app, Method::GET, &format!("/workplaces?page_token={forged}"))).await;
        assert_eq!(status, 422, "{forged}");
        assert_eq!(body["code"], "RequestIsNotValid");
        assert!(body["errors"]["page_token"].is_array());
    }
    let (status, _) = send(api(&app, Method::GET, &format!("/employees?page_token={token}"))).await;
    assert_eq!(status, 422, "a workplaces token does not page employees");
    let (status, _) =
        send(api(&app, Method::GET, &format!("/workplaces?page_token={token}")).header("X-Emulator-Tenant", "other"))
            .await;
    assert_eq!(status, 422, "a token from another tenant is foreign");
}

async fn search_and_order(backend: Backend) {
    let app = spawn_app(backend).await;
    for (name, number) in [
        ("Бар у входа", 10),
        ("бар на террасе", 11),
        ("Кухня", 12),
        ("Bar 100%", 100),
    ] {
        let (status, body) = create_workplace(
            &app,
            json!({ "workplace_type": "Stationary", "name": name, "number": number }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        names(&list(&app, "?search=%D0%91%D0%90%D0%A0").await),
        ["Бар у входа", "бар на террасе"],
        "БАР"
    );
    assert_eq!(
        names(&list(&app, "?search=12").await),
        ["Кухня"],
        "a number matches the number"
    );
    assert_eq!(names(&list(&app, "?search=100%25").await), ["Bar 100%"], "% is literal");
    assert_eq!(list(&app, "?search=nothing-like-it").await["items_total"], 0);
    assert_eq!(list(&app, "?search=nothing-like-it").await["pages_total"], 1);
    let (status, _) = send(api(
        &app,
        Method::GET,
        &format!("/workplaces?search={}", "x".repeat(65)),
    ))
    .await;
    assert_eq!(status, 422);

    let by_name = names(&list(&app, "?order_by=name_asc").await);
    assert_eq!(
        by_name,
        [
            "Bar 100%",
            "бар на террасе",
            "Бар у входа",
            "Касса 1",
            "Курьер",
            "Кухня"
        ]
    );
    let by_name_desc = names(&list(&app, "?order_by=name_desc").await);
    assert_eq!(by_name_desc, by_name.iter().rev().cloned().collect::<Vec<_>>());
    let numbers: Vec<i64> = list(&app, "?order_by=number_desc").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [100, 12, 11, 10, 2, 1]);
    let (status, body) = send(api(&app, Method::GET, "/workplaces?order_by=colour_asc")).await;
    assert_eq!(status, 422);
    assert!(body["errors"]["order_by"].is_array());

    let compact = list(&app, "?presentation=compact").await;
    assert!(compact["items"][0].get("extensions").is_none());
    assert!(compact["items"][0]["guid"].is_string());
    let full = list(&app, "?presentation=full").await;
    assert!(full["items"][0]["extensions"].is_object());
}

async fn keyset_pages_walk_every_order(backend: Backend) {
    let app = spawn_app(backend).await;
    // Equal names and equal types force the guid tie-break across page boundaries.
    for i in 0..23 {
        let kind = if i % 2 == 0 { "Mobile" } else { "Automat" };
        assert_eq!(
            create_workplace(&app, json!({ "workplace_type": kind, "name": "Одна и та же" }))
                .await
                .0,
            200
        );
    }
    for order in [
        "name_asc",
        "name_desc",
        "workplace_type_asc",
        "activated_at_desc",
        "created_at_desc",
        "updated_at_asc",
    ] {
        let first = list(&app, &format!("?order_by={order}")).await;
        let token = first["next_page_token"].as_str().unwrap();
        let second = list(&app, &format!("?page_token={token}")).await;
        let mut all = guids(&first);
        all.extend(guids(&second));
        assert_eq!(all.len(), 25, "{order}");
        all.sort();
        all.dedup();
        assert_eq!(all.len(), 25, "{order}: no workplace twice");
    }
}

async fn one_workplace_and_who_may_see_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(api(&app, Method::GET, &format!("/workplaces/{WORKPLACE_1}"))).await;
    assert_eq!(status, 200);
    assert_eq!(body["guid"], WORKPLACE_1);
    assert_eq!(body["number"], 1);
    assert_eq!(body["workplace_type"], "Stationary");
    assert_eq!(body["organization"], json!({ "guid": ORG, "type_of": "Organization" }));
    for field in ["created_at", "updated_at"] {
        assert!(body[field].is_string(), "{field}");
    }
    assert_eq!(body["deleted_at"], Value::Null);
    assert_eq!(body["activated_at"], Value::Null);

    let unknown = "00000000-0000-4000-8000-000000000000";
    let (status, body) = send(api(&app, Method::GET, &format!("/workplaces/{unknown}"))).await;
    assert_eq!((status, body["code"].clone()), (404, json!("NotFound")));
    let (status, _) = send(api(&app, Method::GET, "/workplaces/not-a-guid")).await;
    assert_eq!(status, 404);

    // Another organization's guid, through the same credential.
    let other_org = "11111111-2222-4333-8444-555555555555";
    let other =
        json!({ "lifepos": { "organizations": [{ "guid": other_org, "name": "Чужая", "api_keys": ["other-key"] }] } });
    assert_eq!(send(app.post("/_emulator/fixtures").json(&other)).await.0, 200);
    for path in [
        "/workplaces",
        &format!("/workplaces/{WORKPLACE_1}"),
        "/employees",
        "/outlets",
        "/me",
    ] {
        let (status, body) = send(
            app.lifepos(Method::GET, &format!("/orgs/{other_org}{path}"))
                .header("Authorization", KEY),
        )
        .await;
        assert_eq!(status, 403, "{path}");
        assert_eq!(body["code"], "NoPermissions");
    }
    let (status, _) = send(
        app.lifepos(Method::GET, &format!("/orgs/{ORG}/workplaces"))
            .header("Authorization", "other-key"),
    )
    .await;
    assert_eq!(status, 403);
    let (status, body) = send(app.lifepos(Method::GET, &format!("/orgs/{ORG}/workplaces"))).await;
    assert_eq!((status, body["code"].clone()), (401, json!("Unauthorized")));
    // A GET of one entity reads credential and entity together: the same answers.
    let one = format!("/orgs/{ORG}/workplaces/{WORKPLACE_1}");
    for (authorization, status, code) in [
        (Some("other-key"), 403, "NoPermissions"),
        (Some("Bearer no-such-token"), 401, "Unauthorized"),
        (Some("no-such-key"), 401, "Unauthorized"),
        (None, 401, "Unauthorized"),
    ] {
        let request = app.lifepos(Method::GET, &one);
        let request = match authorization {
            Some(value) => request.header("Authorization", value),
            None => request,
        };
        let (answered, body) = send(request).await;
        assert_eq!(
            (answered, body["code"].as_str()),
            (status, Some(code)),
            "{authorization:?}"
        );
    }
    let (status, body) = send(
        app.lifepos(Method::GET, &format!("/orgs/{ORG}/workplaces/not-a-guid"))
            .header("Authorization", "other-key"),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (403, json!("NoPermissions")),
        "403 before 404"
    );
    let (status, body) = send(
        app.lifepos(Method::POST, "/auth/sign-in-by-phone")
            .json(&json!({ "phone": "+79990000001", "password": "secret123" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let token = body["token"].as_str().unwrap();
    for path in [
        format!("/workplaces/{WORKPLACE_1}"),
        format!("/employees/{IVAN}"),
        format!("/outlets/{OUTLET}"),
    ] {
        let (status, body) = send(
            app.lifepos(Method::GET, &format!("/orgs/{ORG}{path}"))
                .bearer_auth(token),
        )
        .await;
        assert_eq!(status, 200, "{path}: {body}");
        assert!(path.ends_with(body["guid"].as_str().unwrap()), "{path}: {body}");
    }
    for prefix in ["", "/v5"] {
        let (status, _) = send(
            app.lifepos(Method::GET, &format!("{prefix}/orgs/{ORG}/workplaces/{WORKPLACE_1}"))
                .header("Authorization", KEY),
        )
        .await;
        assert_eq!(status, 200, "{prefix}");
    }
}

async fn creating_validates_every_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let extensions = json!({ "nadex_soft_pos": { "enabled": true }, "smart_pos": { "enabled": true },
                              "pay_quick_payments_dynamic": {}, "pos_quick_payments": { "terminal": "T-1" } });
    let (status, body) = create_workplace(
        &app,
        json!({ "workplace_type": "Automat", "number": 77, "name": "Автомат", "extensions": extensions }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["extensions"], extensions, "extensions echoed");
    assert_eq!(body["number"], 77);
    let (_, fetched) = send(api(
        &app,
        Method::GET,
        &format!("/workplaces/{}", body["guid"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(fetched, body);

    let cases = [
        (json!({}), "workplace_type"),
        (json!({ "workplace_type": "Boat" }), "workplace_type"),
        (json!({ "workplace_type": "Mobile", "number": 0 }), "number"),
        (json!({ "workplace_type": "Mobile", "number": 100000 }), "number"),
        (json!({ "workplace_type": "Mobile", "number": "7" }), "number"),
        (json!({ "workplace_type": "Mobile", "name": "x".repeat(129) }), "name"),
        (
            json!({ "workplace_type": "Mobile", "extensions": { "teleport": true } }),
            "extensions.teleport",
        ),
        (json!({ "workplace_type": "Mobile", "extensions": [] }), "extensions"),
        (
            json!({ "workplace_type": "Mobile", "extensions": { "smart_pos": true } }),
            "extensions.smart_pos",
        ),
    ];
    for (request, field) in cases {
        let (status, body) = create_workplace(&app, request.clone()).await;
        assert_eq!(status, 422, "{request}");
        assert_eq!(body["code"], "RequestIsNotValid", "{request}");
        assert!(body["errors"][field].is_array(), "{request} → {body}");
    }
    let (status, body) = create_workplace(&app, json!({ "workplace_type": "Mobile", "number": 77 })).await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "NotUnique");
    assert!(body["errors"]["number"].is_array());
    assert_eq!(
        list(&app, "").await["items_total"],
        3,
        "no refused request created anything"
    );
}

async fn json_patch_edits_all_or_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("/workplaces/{WORKPLACE_1}");
    let patch = json!([
        { "op": "replace", "path": "/name", "value": "Касса у окна" },
        { "op": "replace", "path": "/number", "value": 42 },
        { "op": "add", "path": "/extensions/smart_pos", "value": { "enabled": true } },
    ]);
    let (status, body) = send(
        api(&app, Method::PATCH, &path)
            .header("Content-Type", "application/json-patch+json")
            .body(patch.to_string()),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], "Касса у окна");
    assert_eq!(body["number"], 42);
    assert_eq!(body["extensions"]["smart_pos"], json!({ "enabled": true }));
    assert_ne!(body["updated_at"], body["created_at"]);

    let failing = json!([
        { "op": "replace", "path": "/name", "value": "Не сохранится" },
        { "op": "test", "path": "/number", "value": 1 },
    ]);
    let (status, answer) = send(api(&app, Method::PATCH, &path).json(&failing)).await;
    assert_eq!(status, 422, "{answer}");
    let (_, unchanged) = send(api(&app, Method::GET, &path)).await;
    assert_eq!(unchanged["name"], "Касса у окна", "a failed patch changes nothing");

    for (patch, field) in [
        (
            json!([{ "op": "replace", "path": "/guid", "value": "00000000-0000-4000-8000-000000000000" }]),
            "guid",
        ),
        (json!([{ "op": "remove", "path": "/created_at" }]), "created_at"),
        (json!([{ "op": "add", "path": "/colour", "value": "red" }]), "colour"),
        (
            json!([{ "op": "replace", "path": "/workplace_type", "value": "Boat" }]),
            "workplace_type",
        ),
        (json!([{ "op": "replace", "path": "/number", "value": 2 }]), "number"),
    ] {
        let (status, body) = send(api(&app, Method::PATCH, &path).json(&patch)).await;
        assert_eq!(status, 422, "{patch}");
        assert!(body["errors"][field].is_array(), "{patch} → {body}");
    }
    let (status, body) =
        send(api(&app, Method::PATCH, &path).json(&json!([{ "op": "replace", "path": "/number", "value": 2 }]))).await;
    assert_eq!((status, body["code"].clone()), (422, json!("NotUnique")));
    let (status, body) = send(api(&app, Method::PATCH, &path).json(&json!({ "name": "x" }))).await;
    assert_eq!(
        (status, body["code"].clone()),
        (422, json!("RequestIsNotValid")),
        "not a patch document"
    );

    assert_eq!(send(api(&app, Method::DELETE, &path)).await.0, 200);
    let (status, body) =
        send(api(&app, Method::PATCH, &path).json(&json!([{ "op": "replace", "path": "/name", "value": "x" }]))).await;
    assert_eq!((status, body["code"].clone()), (422, json!("NotAllowedForArchived")));
    let (status, body) = send(api(&app, Method::GET, &path)).await;
    assert_eq!(status, 200, "archived workplaces can still be read");
    assert!(body["deleted_at"].is_string());
}

async fn outbox_code(app: &TestApp, phone: &str) -> String {
    let (_, outbox) = send(app.get(&format!("/_emulator/outbox?vendor=lifepos&phone=%2B{}", &phone[1..]))).await;
    let message = outbox["messages"].as_array().unwrap().last().expect("an SMS").clone();
    assert_eq!(message["phone"], phone);
    assert!(message["text"]
        .as_str()
        .unwrap()
        .contains(message["code"].as_str().unwrap()));
    message["code"].as_str().unwrap().to_owned()
}

async fn activate(app: &TestApp, code: &str) -> (u16, Value) {
    send(
        app.lifepos(Method::POST, "/v6/auth/activate-workplace")
            .json(&json!({ "activation_code": code })),
    )
    .await
}

async fn the_whole_activation_lifecycle(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, created) = create_workplace(&app, json!({ "workplace_type": "Stationary", "name": "Новая касса" })).await;
    let guid = created["guid"].as_str().unwrap().to_owned();
    let generate = |send_sms: bool| {
        api(
            &app,
            Method::POST,
            &format!("/workplaces/{guid}:generate-activation-code"),
        )
        .json(&json!({
            "employee": { "guid": IVAN }, "outlet": { "guid": OUTLET }, "send_sms": send_sms
        }))
    };
    let (status, body) = send(generate(true)).await;
    assert_eq!(status, 200, "{body}");
    let code = body["activation_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    assert!(code.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(
        outbox_code(&app, "+79990000001").await,
        code,
        "the SMS carries the code"
    );

    let (status, activation) = activate(&app, &code).await;
    assert_eq!(status, 200, "{activation}");
    assert_eq!(activation["workplace"]["guid"], guid.as_str());
    assert_eq!(activation["employee"], json!({ "guid": IVAN, "type_of": "Employee" }));
    assert_eq!(activation["outlet"], json!({ "guid": OUTLET, "type_of": "Outlet" }));
    let token = activation["token"].as_str().unwrap().to_owned();
    let (status, me) = send(app.lifepos(Method::GET, &format!("/orgs/{ORG}/me")).bearer_auth(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(me["guid"], IVAN);
    let (_, fetched) = send(api(&app, Method::GET, &format!("/workplaces/{guid}"))).await;
    assert!(fetched["activated_at"].is_string());

    let (status, deactivated) = send(api(&app, Method::POST, &format!("/workplaces/{guid}:deactivate"))).await;
    assert_eq!(status, 200);
    assert_eq!(deactivated["activated_at"], Value::Null);
    let (status, body) = send(app.lifepos(Method::GET, &format!("/orgs/{ORG}/me")).bearer_auth(&token)).await;
    assert_eq!(
        (status, body["code"].clone()),
        (401, json!("Unauthorized")),
        "the old token is refused"
    );

    let (_, body) = send(generate(false)).await;
    let first_code = body["activation_code"].as_str().unwrap().to_owned();
    let (_, body) = send(generate(false)).await;
    let second_code = body["activation_code"].as_str().unwrap().to_owned();
    assert_eq!(
        activate(&app, &first_code).await.0,
        401,
        "a new code replaces the earlier one"
    );
    let (status, again) = activate(&app, &second_code).await;
    assert_eq!(status, 200);
    assert_ne!(again["token"], activation["token"]);
}

async fn generating_a_code_checks_its_inputs(backend: Backend) {
    let app = spawn_app(backend).await;
    let generate = |body: Value| {
        api(
            &app,
            Method::POST,
            &format!("/workplaces/{WORKPLACE_1}:generate-activation-code"),
        )
        .json(&body)
    };
    for (body, field) in [
        (json!({}), "employee"),
        (json!({ "employee": { "guid": "nope" } }), "employee.guid"),
        (json!({ "employee": 7 }), "employee"),
        (
            json!({ "employee": { "guid": "00000000-0000-4000-8000-000000000000" } }),
            "employee",
        ),
        (
            json!({ "employee": { "guid": IVAN }, "outlet": { "guid": "00000000-0000-4000-8000-000000000000" } }),
            "outlet",
        ),
        (json!({ "employee": { "guid": IVAN }, "send_sms": "yes" }), "send_sms"),
    ] {
        let (status, answer) = send(generate(body.clone())).await;
        assert_eq!(status, 422, "{body}");
        assert!(answer["errors"][field].is_array(), "{body} → {answer}");
    }
    // The API takes no employee without a phone; a fixture may hold one.
    let phoneless =
        json!({ "guid": "4d5e6f70-8192-4a3b-9c4d-5e6f70819203", "name": "Без Телефона", "role": "Cashier" });
    let mut state = send(app.get("/_emulator/state")).await.1;
    state["lifepos"]["organizations"][0]["employees"]
        .as_array_mut()
        .unwrap()
        .push(phoneless.clone());
    assert_eq!(
        send(app.post("/_emulator/fixtures?mode=replace").json(&state)).await.0,
        200
    );
    let employee = phoneless;
    let (status, body) = send(generate(
        json!({ "employee": { "guid": employee["guid"] }, "send_sms": true }),
    ))
    .await;
    assert_eq!((status, body["code"].clone()), (422, json!("PhoneIsNotFound")));
    let (status, _) = send(generate(json!({ "employee": employee["guid"], "send_sms": false }))).await;
    assert_eq!(
        status, 200,
        "without an SMS no phone is needed; a bare guid is accepted"
    );
    let (_, outbox) = send(app.get("/_emulator/outbox")).await;
    assert!(
        outbox["messages"].as_array().unwrap().is_empty(),
        "no SMS without send_sms"
    );

    send(api(&app, Method::DELETE, &format!("/workplaces/{WORKPLACE_1}"))).await;
    let (status, body) = send(generate(json!({ "employee": { "guid": IVAN } }))).await;
    assert_eq!((status, body["code"].clone()), (422, json!("NotAllowedForArchived")));
    let (status, body) = send(api(&app, Method::POST, &format!("/workplaces/{WORKPLACE_1}:explode"))).await;
    assert_eq!((status, body["code"].clone()), (404, json!("NotFound")));
}

async fn the_outbox_filters_and_empties(backend: Backend) {
    let app = spawn_app(backend).await;
    let maria = "9d2a4c6e-1b3f-4a5d-8e7c-2f4b6d8a0c31";
    for employee in [IVAN, maria, IVAN] {
        let (status, _) = send(
            api(
                &app,
                Method::POST,
                &format!("/workplaces/{WORKPLACE_1}:generate-activation-code"),
            )
            .json(&json!({ "employee": { "guid": employee }, "send_sms": true })),
        )
        .await;
        assert_eq!(status, 200);
    }
    let (_, all) = send(app.get("/_emulator/outbox")).await;
    let messages = all["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 3);
    assert!(messages
        .iter()
        .all(|m| m["vendor"] == "lifepos" && m["id"].is_string() && m["created_at"].is_string()));
    assert_eq!(messages[1]["phone"], "+79990000003", "oldest first");
    let (_, ivan) = send(app.get("/_emulator/outbox?phone=%2B79990000001")).await;
    assert_eq!(ivan["messages"].as_array().unwrap().len(), 2);
    let (_, none) = send(app.get("/_emulator/outbox?vendor=cloudtips")).await;
    assert!(none["messages"].as_array().unwrap().is_empty());
    let (_, other) = send(app.get("/_emulator/outbox").header("X-Emulator-Tenant", "other")).await;
    assert!(
        other["messages"].as_array().unwrap().is_empty(),
        "outboxes are per tenant"
    );
    assert_eq!(send(app.delete("/_emulator/outbox")).await.0, 200);
    let (_, emptied) = send(app.get("/_emulator/outbox")).await;
    assert!(emptied["messages"].as_array().unwrap().is_empty());
    send(
        api(
            &app,
            Method::POST,
            &format!("/workplaces/{WORKPLACE_1}:generate-activation-code"),
        )
        .json(&json!({ "employee": { "guid": IVAN }, "send_sms": true })),
    )
    .await;
    assert_eq!(send(app.post("/_emulator/reset")).await.0, 200);
    let (_, after_reset) = send(app.get("/_emulator/outbox")).await;
    assert!(
        after_reset["messages"].as_array().unwrap().is_empty(),
        "a reset clears the outbox"
    );
}

async fn employees_are_created_listed_and_unique(backend: Backend) {
    let app = spawn_app(backend).await;
    let new = json!({ "name": "Ольга Кассирова", "username": "olga", "phone": "8(999)555-44-33",
                      "role": { "guid": "00000000-0000-4000-8000-00000000a004" }, "inn": "123456789012", "password": "olga-pass" });
    let (status, olga) = send(api(&app, Method::POST, "/employees").json(&new)).await;
    assert_eq!(status, 200, "{olga}");
    assert_eq!(
        olga["role"],
        json!({ "guid": "00000000-0000-4000-8000-00000000a004", "type_of": "Role", "name": "Cashier" })
    );
    assert_eq!(olga["phone"], "+79995554433");
    assert!(olga.get("password").is_none(), "passwords are never shown");
    let (status, fetched) = send(api(
        &app,
        Method::GET,
        &format!("/employees/{}", olga["guid"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(fetched, olga);
    let (status, signed_in) = send(
        app.lifepos(Method::POST, "/auth/sign-in-by-phone")
            .json(&json!({ "phone": "+7-999-555-44-33", "password": "olga-pass" })),
    )
    .await;
    assert_eq!(status, 200, "a created employee signs in: {signed_in}");

    let (status, body) = send(
        api(&app, Method::POST, "/employees")
            .json(&json!({ "name": "Другая Ольга", "username": "olga", "phone": "+79995550000", "role": "Cashier" })),
    )
    .await;
    assert_eq!((status, body["code"].clone()), (422, json!("UsernameIsAlreadyTaken")));
    let (status, body) = send(
        api(&app, Method::POST, "/employees")
            .json(&json!({ "name": "Другая Ольга", "username": "olga2", "phone": "+79995554433", "role": "Cashier" })),
    )
    .await;
    assert_eq!((status, body["code"].clone()), (422, json!("PhoneIsAlreadyTaken")));
    let valid = json!({ "name": "Ольга Вторая", "username": "olga3", "phone": "+79995551111", "role": "Cashier" });
    for (change, field) in [
        (json!({ "name": "Оля" }), "name"),
        (json!({ "role": "Astronaut" }), "role"),
        (json!({ "role": null }), "role"),
        (json!({ "username": "o" }), "username"),
        (json!({ "username": null }), "username"),
        (json!({ "inn": "12345" }), "inn"),
        (json!({ "phone": "12345" }), "phone"),
        (json!({ "phone": "+7 999 555 11 11" }), "phone"),
        (json!({ "phone": null }), "phone"),
        (json!({ "password": "short" }), "password"),
        (json!({ "password": "p".repeat(33) }), "password"),
    ] {
        let mut request = valid.clone();
        for (key, value) in change.as_object().unwrap() {
            request[key] = value.clone();
        }
        let (status, body) = send(api(&app, Method::POST, "/employees").json(&request)).await;
        assert_eq!(status, 422, "{request}");
        assert!(body["errors"][field].is_array(), "{request} → {body}");
    }
    let (status, employees) = send(api(&app, Method::GET, "/employees")).await;
    assert_eq!(status, 200);
    assert_eq!(employees["items_total"], 3);
    let (_, found) = send(api(
        &app,
        Method::GET,
        "/employees?search=%D0%BE%D0%BB%D1%8C%D0%B3%D0%B0",
    ))
    .await;
    assert_eq!(found["items_total"], 1, "search by name, case-insensitive: {found}");
    let (_, by_phone) = send(api(&app, Method::GET, "/employees?search=89990000003")).await;
    assert_eq!(by_phone["items"][0]["name"], "Мария Сидорова");
}

async fn couriers_and_guests_have_no_api_rights(backend: Backend) {
    let app = spawn_app(backend).await;
    for (role, phone) in [("Courier", "+79990001111"), ("Guest", "+79990002222")] {
        let body = json!({ "name": format!("Сотрудник {role}"), "username": role.to_lowercase(), "role": role,
                           "phone": phone, "password": "staff-pass" });
        assert_eq!(send(api(&app, Method::POST, "/employees").json(&body)).await.0, 200);
        let (_, signed_in) = send(
            app.lifepos(Method::POST, "/auth/sign-in-by-phone")
                .json(&json!({ "phone": phone, "password": "staff-pass" })),
        )
        .await;
        let token = signed_in["token"].as_str().unwrap();
        for path in [
            format!("/orgs/{ORG}/workplaces"),
            format!("/orgs/{ORG}/me"),
            "/orgs".to_owned(),
        ] {
            let (status, body) = send(app.lifepos(Method::GET, &path).bearer_auth(token)).await;
            assert_eq!(
                (status, body["code"].clone()),
                (403, json!("NoPermissions")),
                "{role} {path}"
            );
        }
    }
    let (_, cashier) = send(
        app.lifepos(Method::POST, "/auth/sign-in-by-phone")
            .json(&json!({ "phone": "+79990000003", "password": "cashier123" })),
    )
    .await;
    let (status, _) = send(
        app.lifepos(Method::GET, &format!("/orgs/{ORG}/workplaces"))
            .bearer_auth(cashier["token"].as_str().unwrap()),
    )
    .await;
    assert_eq!(status, 200, "a cashier may");
    let (status, body) = send(api(&app, Method::GET, "/me")).await;
    assert_eq!(
        (status, body["code"].clone()),
        (404, json!("NotFound")),
        "an API key is no employee"
    );
}

async fn outlets_are_created_and_listed(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, outlet) = send(
        api(&app, Method::POST, "/outlets").json(&json!({ "name": "Точка 2", "address": "Москва, Тверская 5",
            "legal_entity": { "guid": "2f7c9a14-6b3e-4d85-9e21-8a4c6f0b3d71", "type_of": "LegalEntity" } })),
    )
    .await;
    assert_eq!(status, 200, "{outlet}");
    assert_eq!(outlet["address"], "Москва, Тверская 5");
    let (status, fetched) = send(api(
        &app,
        Method::GET,
        &format!("/outlets/{}", outlet["guid"].as_str().unwrap()),
    ))
    .await;
    assert_eq!(status, 200);
    assert_eq!(fetched, outlet);
    let (_, outlets) = send(api(&app, Method::GET, "/outlets?order_by=name_desc")).await;
    assert_eq!(outlets["items_total"], 2);
    assert_eq!(outlets["items"][0]["name"], "Точка 2");
    let (status, body) = send(api(&app, Method::POST, "/outlets").json(&json!({ "address": "где-то" }))).await;
    assert_eq!(status, 422);
    assert!(body["errors"]["name"].is_array());
    let (status, _) = send(api(&app, Method::GET, "/outlets/00000000-0000-4000-8000-000000000000")).await;
    assert_eq!(status, 404);
}

/// A valid `nadex_soft_pos` at the list page's bounds: a serial of exactly 19 Latin letters and
/// digits, a version of 8 characters.
fn nadex(serial: &str, version: &str) -> Value {
    json!({ "turned_on": true, "virtual_serial_number": serial, "version": version })
}

const SERIAL: &str = "ABCDEFGHIJ012345678";

/// Every rule the list page prints for a workplace extension, on create and on PATCH: a 422
/// `RequestIsNotValid` naming the field by its full path, and the bound itself accepted.
async fn extensions_follow_the_list_pages_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let refused = [
        (
            json!({ "nadex_soft_pos": nadex(&SERIAL[1..], "1") }),
            "extensions.nadex_soft_pos.virtual_serial_number",
        ),
        (
            json!({ "nadex_soft_pos": nadex("ABC", "1") }),
            "extensions.nadex_soft_pos.virtual_serial_number",
        ),
        (
            json!({ "nadex_soft_pos": nadex("ABCDEFGHI-012345678", "1") }),
            "extensions.nadex_soft_pos.virtual_serial_number",
        ),
        (
            json!({ "nadex_soft_pos": nadex(SERIAL, "123456789") }),
            "extensions.nadex_soft_pos.version",
        ),
        (
            json!({ "nadex_soft_pos": nadex(SERIAL, "") }),
            "extensions.nadex_soft_pos.version",
        ),
        (
            json!({ "smart_pos": { "tms_params": { "port": 100_000 } } }),
            "extensions.smart_pos.tms_params.port",
        ),
        (
            json!({ "lifepay_smart_pos": { "tms_params": { "ip": "" } } }),
            "extensions.lifepay_smart_pos.tms_params.ip",
        ),
        (
            json!({ "smart_pos": { "tms_params": { "ca1": "c".repeat(4097) } } }),
            "extensions.smart_pos.tms_params.ca1",
        ),
        (
            json!({ "pos_quick_payments": { "qr_registrar_guid": "" } }),
            "extensions.pos_quick_payments.qr_registrar_guid",
        ),
        (
            json!({ "pay_quick_payments_dynamic": { "version": "123456789" } }),
            "extensions.pay_quick_payments_dynamic.version",
        ),
    ];
    for (extensions, field) in &refused {
        let (status, body) =
            create_workplace(&app, json!({ "workplace_type": "Mobile", "extensions": extensions })).await;
        assert_eq!(
            (status, &body["code"]),
            (422, &json!("RequestIsNotValid")),
            "{extensions}: {body}"
        );
        assert!(body["errors"][field].is_array(), "{extensions} → {body}");
    }
    assert_eq!(
        list(&app, "").await["items_total"],
        2,
        "no refused request created anything"
    );
    let at_bounds = json!({
        "nadex_soft_pos": nadex(SERIAL, "12345678"),
        "smart_pos": { "tms_params": { "ip": "10.0.0.1", "port": 99_999, "ca1": "c".repeat(4096) }, "version": "1" },
    });
    let (status, body) = create_workplace(&app, json!({ "workplace_type": "Mobile", "extensions": at_bounds })).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["extensions"], at_bounds);

    let path = format!("/workplaces/{WORKPLACE_1}");
    let patch = |operations: Value| send(api(&app, Method::PATCH, &path).json(&operations));
    let (status, body) =
        patch(json!([{ "op": "add", "path": "/extensions/nadex_soft_pos", "value": nadex(SERIAL, "12345678") }])).await;
    assert_eq!(status, 200, "{body}");
    let (_, before) = send(api(&app, Method::GET, &path)).await;
    for (extensions, field) in refused {
        let (name, value) = extensions.as_object().unwrap().iter().next().unwrap();
        let operations = json!([{ "op": "add", "path": format!("/extensions/{name}"), "value": value }]);
        let (status, body) = patch(operations.clone()).await;
        assert_eq!(
            (status, &body["code"]),
            (422, &json!("RequestIsNotValid")),
            "{operations}: {body}"
        );
        assert!(body["errors"][field].is_array(), "{operations} → {body}");
    }
    let (status, body) = patch(json!([
        { "op": "replace", "path": "/extensions/nadex_soft_pos/virtual_serial_number", "value": "ABCDEFGHI-012345678" }
    ]))
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["errors"]["extensions.nadex_soft_pos.virtual_serial_number"].is_array(),
        "{body}"
    );
    let (_, after) = send(api(&app, Method::GET, &path)).await;
    assert_eq!(after, before, "no refused patch changed the workplace");
}

on_both_engines!(
    extensions_follow_the_list_pages_rules,
    repeated_reads_follow_every_write,
    concurrent_creates_get_unique_next_numbers,
    the_guides_27_workplaces_make_two_pages,
    selection_filters_archived_workplaces,
    page_tokens_cannot_be_forged_or_reused_elsewhere,
    search_and_order,
    keyset_pages_walk_every_order,
    one_workplace_and_who_may_see_it,
    creating_validates_every_field,
    json_patch_edits_all_or_nothing,
    the_whole_activation_lifecycle,
    generating_a_code_checks_its_inputs,
    the_outbox_filters_and_empties,
    employees_are_created_listed_and_unique,
    couriers_and_guests_have_no_api_rights,
    outlets_are_created_and_listed,
);
