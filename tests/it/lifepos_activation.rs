//! LIFE POS: sign-in by phone, workplace activation, its rate limit and its IP ban.

use crate::common::{join_all, send, spawn_app, spawn_on, spawn_with, Backend};
use reqwest::Method;
use serde_json::{json, Value};

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const WORKPLACE_1: &str = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41";
const IVAN: &str = "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21";
const OUTLET: &str = "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11";

async fn activate(app: &crate::common::TestApp, code: &str, ip: &str) -> (u16, Value) {
    send(
        app.lifepos(Method::POST, "/v5/auth/activate-workplace")
            .header("X-Forwarded-For", ip)
            .json(&json!({ "activation_code": code })),
    )
    .await
}

async fn advance_clock(app: &crate::common::TestApp, seconds: i64) {
    let (status, _) = send(
        app.post("/_emulator/clock")
            .json(&json!({ "advance_seconds": seconds })),
    )
    .await;
    assert_eq!(status, 200);
}

async fn right_code_activates_once_and_the_token_works(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = activate(&app, "12345678", "10.1.0.1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["workplace"],
        json!({ "guid": WORKPLACE_1, "type_of": "Workplace" })
    );
    assert_eq!(body["organization"], json!({ "guid": ORG, "type_of": "Organization" }));
    assert_eq!(body["outlet"], json!({ "guid": OUTLET, "type_of": "Outlet" }));
    assert_eq!(body["employee"], json!({ "guid": IVAN, "type_of": "Employee" }));
    let token = body["token"].as_str().expect("token").to_owned();

    let (status, orgs) = send(app.lifepos(Method::GET, "/v6/orgs").bearer_auth(&token)).await;
    assert_eq!(status, 200, "{orgs}");
    assert_eq!(orgs["items"][0]["guid"], ORG);
    assert_eq!(orgs["items_total"], 1);

    let (_, state) = send(app.get("/_emulator/state")).await;
    let workplace = &state["lifepos"]["organizations"][0]["workplaces"][0];
    assert!(workplace["activated_at"].is_string(), "{workplace}");
    assert_eq!(workplace["activation_code"], Value::Null);

    let (status, again) = activate(&app, "12345678", "10.1.0.1").await;
    assert_eq!(status, 401);
    assert_eq!(
        again,
        json!({ "code": "WrongActivationCode", "message": "неверный код активации" })
    );
}

async fn every_prefix_serves_activation(backend: Backend) {
    let app = spawn_app(backend).await;
    for (path, code) in [
        ("/v6/auth/activate-workplace", "12345678"),
        ("/auth/activate-workplace", "87654321"),
    ] {
        let (status, body) = send(
            app.lifepos(Method::POST, path)
                .json(&json!({ "activation_code": code })),
        )
        .await;
        assert_eq!(status, 200, "{path}: {body}");
        assert!(body["token"].is_string());
    }
}

async fn client_headers_are_required(backend: Backend) {
    let app = spawn_app(backend).await;
    let bare = app
        .client
        .post(app.url("/lifepos/v5/auth/activate-workplace"))
        .json(&json!({ "activation_code": "12345678" }));
    let (status, body) = send(bare).await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "RequestIsNotValid");
    for header in ["Accept-Language", "X-LP-Client-Identifier", "X-LP-Client-Type"] {
        assert!(body["errors"][header].is_array(), "{header} named in {body}");
    }

    let wrong_type = app
        .post("/lifepos/v5/auth/activate-workplace")
        .header("Accept-Language", "ru-RU")
        .header("X-LP-Client-Identifier", "x")
        .header("X-LP-Client-Type", "Toaster")
        .json(&json!({ "activation_code": "12345678" }));
    let (status, body) = send(wrong_type).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"].as_object().map(|e| e.len()), Some(1), "{body}");
    assert!(body["errors"]["X-LP-Client-Type"][0]
        .as_str()
        .unwrap()
        .contains("Toaster"));

    // Nothing was activated by the refused requests.
    let (status, _) = activate(&app, "12345678", "10.1.0.2").await;
    assert_eq!(status, 200);
}

async fn activation_code_is_validated(backend: Backend) {
    let app = spawn_app(backend).await;
    for body in [
        json!({}),
        json!({ "activation_code": "12a45678" }),
        json!({ "activation_code": "123456789" }),
        json!({ "activation_code": 12345678 }),
        json!({ "activation_code": "" }),
    ] {
        let (status, answer) = send(app.lifepos(Method::POST, "/v5/auth/activate-workplace").json(&body)).await;
        assert_eq!(status, 422, "{body} → {answer}");
        assert_eq!(answer["code"], "RequestIsNotValid");
        assert!(answer["errors"]["activation_code"].is_array(), "{answer}");
    }
    for raw in ["{", "[1,2]", ""] {
        let request = app
            .lifepos(Method::POST, "/v5/auth/activate-workplace")
            .header("Content-Type", "application/json")
            .body(raw);
        let (status, answer) = send(request).await;
        assert_eq!(status, 422, "{raw:?} → {answer}");
        assert_eq!(answer["code"], "RequestIsNotValid");
        assert!(answer["errors"]["body"].is_array());
    }
}

async fn five_failures_ban_the_ip_for_a_day(backend: Backend) {
    let app = spawn_app(backend).await;
    let banned_ip = "10.2.0.1";
    for attempt in 1..=5 {
        let (status, body) = activate(&app, "11110000", banned_ip).await;
        assert_eq!(status, 401, "attempt {attempt}: {body}");
    }
    let (status, body) = activate(&app, "12345678", banned_ip).await;
    assert_eq!(status, 429, "even the right code is refused during the ban");
    assert_eq!(
        body,
        json!({ "code": "TryActivateLater", "message": "слишком много неудачных попыток активировать рабочее место" })
    );

    let (status, _) = activate(&app, "87654321", "10.2.0.2").await;
    assert_eq!(status, 200, "another IP is not banned");

    advance_clock(&app, 24 * 3600 - 60).await;
    let (status, _) = activate(&app, "12345678", banned_ip).await;
    assert_eq!(status, 429, "still banned a minute before the day is over");

    advance_clock(&app, 61).await;
    let (status, body) = activate(&app, "12345678", banned_ip).await;
    assert_eq!(status, 200, "the ban is lifted after 24 h: {body}");
}

async fn a_success_resets_the_failure_count(backend: Backend) {
    let app = spawn_app(backend).await;
    let ip = "10.3.0.1";
    for _ in 0..4 {
        assert_eq!(activate(&app, "11110000", ip).await.0, 401);
    }
    assert_eq!(activate(&app, "12345678", ip).await.0, 200);
    for attempt in 1..=4 {
        assert_eq!(
            activate(&app, "11110000", ip).await.0,
            401,
            "attempt {attempt} after the success"
        );
    }
    assert_eq!(
        activate(&app, "87654321", ip).await.0,
        200,
        "four failures after a success do not ban"
    );
}

async fn malformed_requests_do_not_count_as_failures(backend: Backend) {
    let app = spawn_app(backend).await;
    let ip = "10.4.0.1";
    for _ in 0..6 {
        assert_eq!(activate(&app, "not-digits", ip).await.0, 422);
    }
    assert_eq!(activate(&app, "12345678", ip).await.0, 200);
}

async fn too_many_requests_per_second(backend: Backend) {
    let app = spawn_with(backend, |config| config.vendors.lifepos.rate_limit_per_second = 3).await;
    // A frozen clock puts every request in the same second.
    let (status, _) = send(app.post("/_emulator/clock").json(&json!({ "freeze": true }))).await;
    assert_eq!(status, 200);
    let ip = "10.5.0.1";
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(activate(&app, "x", ip).await);
    }
    assert_eq!(
        statuses.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        [422, 422, 422, 429]
    );
    assert_eq!(
        statuses[3].1,
        json!({ "code": "TooManyRequests", "message": "превышено ограничение на количество запросов в секунду" })
    );
    assert_eq!(
        activate(&app, "x", "10.5.0.2").await.0,
        422,
        "another IP has its own window"
    );
    advance_clock(&app, 1).await;
    assert_eq!(
        activate(&app, "12345678", ip).await.0,
        200,
        "a new second opens a new window"
    );
}

async fn bans_and_tokens_belong_to_their_tenant(backend: Backend) {
    let app = spawn_app(backend).await;
    let ip = "10.6.0.1";
    for _ in 0..5 {
        assert_eq!(activate(&app, "11110000", ip).await.0, 401);
    }
    assert_eq!(activate(&app, "12345678", ip).await.0, 429);

    let in_tenant = |builder: reqwest::RequestBuilder| builder.header("X-Emulator-Tenant", "team-b");
    let (status, body) = send(in_tenant(
        app.lifepos(Method::POST, "/v5/auth/activate-workplace")
            .header("X-Forwarded-For", ip)
            .json(&json!({ "activation_code": "12345678" })),
    ))
    .await;
    assert_eq!(status, 200, "the ban in default means nothing in team-b: {body}");
    let token = body["token"].as_str().unwrap().to_owned();

    let (status, _) = send(in_tenant(app.lifepos(Method::GET, "/orgs").bearer_auth(&token))).await;
    assert_eq!(status, 200);
    let (status, body) = send(app.lifepos(Method::GET, "/orgs").bearer_auth(&token)).await;
    assert_eq!(status, 401, "a team-b token is unknown in default: {body}");
    assert_eq!(body["code"], "Unauthorized");
}

async fn bad_tenant_names_are_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(
        app.lifepos(Method::POST, "/v5/auth/activate-workplace")
            .header("X-Emulator-Tenant", "Bad Name")
            .json(&json!({ "activation_code": "12345678" })),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "RequestIsNotValid");
    let (status, body) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "-x")).await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().contains("X-Emulator-Tenant"));
}

async fn two_replicas_share_a_ban(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_on(first.database.clone(), |_| {}).await;
    let ip = "10.7.0.1";
    for (attempt, app) in [&first, &second, &first, &second, &first].into_iter().enumerate() {
        assert_eq!(activate(app, "11110000", ip).await.0, 401, "attempt {attempt}");
    }
    assert_eq!(
        activate(&second, "12345678", ip).await.0,
        429,
        "the failures of both replicas add up"
    );
    assert_eq!(activate(&first, "12345678", ip).await.0, 429);
}

/// The notations the pages' phone pattern allows all find the one employee.
async fn sign_in_by_phone_in_the_pages_notations(backend: Backend) {
    let app = spawn_app(backend).await;
    for (prefix, phone) in [
        ("", "+7(999)000-00-01"),
        ("/v5", "8-999-000-00-01"),
        ("/v6", "9990000001"),
    ] {
        let (status, body) = send(
            app.lifepos(Method::POST, &format!("{prefix}/auth/sign-in-by-phone"))
                .json(&json!({ "phone": phone, "password": "secret123" })),
        )
        .await;
        assert_eq!(status, 200, "{phone}: {body}");
        let token = body["token"].as_str().unwrap();
        let (status, orgs) = send(app.lifepos(Method::GET, "/orgs").bearer_auth(token)).await;
        assert_eq!(status, 200);
        assert_eq!(orgs["items"][0]["guid"], ORG);
    }
    for credentials in [
        json!({ "phone": "+79990000001", "password": "wrong-password" }),
        json!({ "phone": "+79990000009", "password": "secret123" }),
    ] {
        let (status, body) = send(app.lifepos(Method::POST, "/auth/sign-in-by-phone").json(&credentials)).await;
        assert_eq!(status, 401, "{credentials}");
        assert_eq!(body["code"], "WrongUsernameOrPassword");
    }
    let (status, body) = send(
        app.lifepos(Method::POST, "/auth/sign-in-by-phone")
            .json(&json!({ "phone": 1 })),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body["errors"]["phone"].is_array() && body["errors"]["password"].is_array(),
        "{body}"
    );
}

async fn api_keys_reach_their_organization(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(
        app.lifepos(Method::GET, "/v5/orgs")
            .header("Authorization", "demo-lifepos-api-key"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["items"][0]["name"], "Кофейня на Мира");
    for credential in ["wrong-key", "Bearer wrong-token"] {
        let (status, body) = send(app.lifepos(Method::GET, "/orgs").header("Authorization", credential)).await;
        assert_eq!(status, 401, "{credential}");
        assert_eq!(body["code"], "Unauthorized");
    }
    let (status, _) = send(app.lifepos(Method::GET, "/orgs")).await;
    assert_eq!(status, 401);
}

async fn unknown_paths_and_methods_answer_in_the_vendor_shape(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, body) = send(app.lifepos(Method::GET, "/v6/no-such-thing")).await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "NotFound");
    let (status, body) = send(app.lifepos(Method::GET, "/v5/auth/activate-workplace")).await;
    assert_eq!(status, 405);
    assert_eq!(body["code"], "MethodNotAllowed");
}

async fn oversized_bodies_get_413_in_the_vendor_shape(backend: Backend) {
    let app = spawn_with(backend, |config| config.server.body_limit_bytes = 1024).await;
    let big = json!({ "activation_code": "1".repeat(4096) });
    let (status, body) = send(app.lifepos(Method::POST, "/v5/auth/activate-workplace").json(&big)).await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "PayloadTooLarge");
    // Without a Content-Length the limit still holds while the body streams in.
    let (status, body) = chunked_post(
        &app,
        "/lifepos/v5/auth/activate-workplace",
        &[&[b' '; 800], &[b' '; 800]],
    )
    .await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "PayloadTooLarge");
}

/// A POST whose body is sent in chunks, with no Content-Length, over a raw connection.
async fn chunked_post(app: &crate::common::TestApp, path: &str, chunks: &[&[u8]]) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: ru\r\nX-LP-Client-Identifier: x\r\n\
         X-LP-Client-Type: App\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in chunks {
        stream
            .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .await
            .unwrap();
        stream.write_all(chunk).await.unwrap();
        stream.write_all(b"\r\n").await.unwrap();
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response).await;
    let response = String::from_utf8_lossy(&response);
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
    (status, serde_json::from_str(body.trim()).unwrap_or(Value::Null))
}

async fn storage_failures_are_500_in_the_vendor_shape(backend: Backend) {
    let app = spawn_app(backend).await;
    // Seed the tenant, then break the table the activation needs.
    assert_eq!(activate(&app, "00000000", "10.8.0.1").await.0, 401);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&app.database.url).await.unwrap();
    sqlx::query("DROP TABLE lifepos_workplaces")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (status, body) = activate(&app, "12345678", "10.8.0.1").await;
    assert_eq!(status, 500);
    assert_eq!(
        body,
        json!({ "code": "InternalServerError", "message": "внутренняя ошибка сервера" })
    );
}

/// 32 wrong codes from one IP at the same moment, half through each of two replicas: exactly five
/// are counted (401), every other one meets the ban (429), and the ban holds for the right code.
async fn thirty_two_parallel_failures_ban_at_exactly_five(backend: Backend) {
    let no_rate_limit = |config: &mut vendor_emulator::config::Config| {
        config.vendors.lifepos.rate_limit_per_second = 0;
        config.database.max_connections = 16;
    };
    let first = spawn_with(backend, no_rate_limit).await;
    let second = spawn_on(first.database.clone(), no_rate_limit).await;
    let ip = "10.9.0.1";
    let attempts = (0..32).map(|i| {
        let app = if i % 2 == 0 { &first } else { &second };
        activate(app, "11110000", ip)
    });
    let answers = join_all(attempts).await;
    let failures = answers.iter().filter(|(status, _)| *status == 401).count();
    let banned: Vec<&Value> = answers
        .iter()
        .filter(|(status, _)| *status == 429)
        .map(|(_, body)| body)
        .collect();
    assert_eq!(failures, 5, "{answers:?}");
    assert_eq!(banned.len(), 27, "{answers:?}");
    assert!(
        banned.iter().all(|body| body["code"] == "TryActivateLater"),
        "{banned:?}"
    );
    assert_eq!(activate(&first, "12345678", ip).await.0, 429);
    assert_eq!(activate(&second, "12345678", ip).await.0, 429);
}

on_both_engines!(
    thirty_two_parallel_failures_ban_at_exactly_five,
    right_code_activates_once_and_the_token_works,
    every_prefix_serves_activation,
    client_headers_are_required,
    activation_code_is_validated,
    five_failures_ban_the_ip_for_a_day,
    a_success_resets_the_failure_count,
    malformed_requests_do_not_count_as_failures,
    too_many_requests_per_second,
    bans_and_tokens_belong_to_their_tenant,
    bad_tenant_names_are_refused,
    two_replicas_share_a_ban,
    sign_in_by_phone_in_the_pages_notations,
    api_keys_reach_their_organization,
    unknown_paths_and_methods_answer_in_the_vendor_shape,
    oversized_bodies_get_413_in_the_vendor_shape,
    storage_failures_are_500_in_the_vendor_shape,
);
