//! A tenant chosen by the base URL, `/_t/{tenant}/…`, for a client that can set nothing else: on
//! every vendor, the control plane, host routing and a vendor's own listener; links in answers
//! (CloudTips registration and photo URLs) and LIFE POS page tokens keep it; a name the header
//! would refuse, or a path and a header naming two tenants, is a 400 in the answerer's own shape.

use serde_json::{json, Value};

use crate::cloudtips::{photo_upload, PNG};
use crate::common::{free_port, send, spawn_app, spawn_with, with_lifepos_headers, Backend, TestApp};

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const KEY: &str = "demo-lifepos-api-key";
const BORIS: &str = "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c21";

fn activate(app: &TestApp, base: &str) -> reqwest::RequestBuilder {
    with_lifepos_headers(app.client.post(app.url(&format!("{base}/v5/auth/activate-workplace"))))
        .json(&json!({ "activation_code": "12345678" }))
}

/// A CloudTips access token from the token endpoint under `base` (a URL).
async fn cloudtips_token(app: &TestApp, base: &str, client_id: &str, username: &str, password: &str) -> String {
    let (status, body) = send(app.client.post(format!("{base}/connect/token")).form(&[
        ("grant_type", "password"),
        ("client_id", client_id),
        ("username", username),
        ("password", password),
    ]))
    .await;
    assert_eq!(status, 200, "{body}");
    body["access_token"].as_str().unwrap().to_owned()
}

async fn journal_paths(app: &TestApp, tenant_base: &str, vendor: &str) -> Vec<String> {
    let (status, body) = send(app.get(&format!("{tenant_base}/_emulator/journal?vendor={vendor}"))).await;
    assert_eq!(status, 200, "{body}");
    body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["path"].as_str().unwrap().to_owned())
        .collect()
}

async fn every_vendor_and_the_control_plane_take_the_tenant_from_the_path(backend: Backend) {
    let app = spawn_app(backend).await;
    // A code works once per tenant: the path's tenant is the header's tenant.
    assert_eq!(send(activate(&app, "/_t/run-a/lifepos")).await.0, 200);
    assert_eq!(send(activate(&app, "/_t/run-b/lifepos")).await.0, 200, "another tenant");
    assert_eq!(send(activate(&app, "/_t/run-a/lifepos")).await.0, 401, "used in run-a");
    assert_eq!(
        send(activate(&app, "/lifepos").header("X-Emulator-Tenant", "run-a"))
            .await
            .0,
        401,
        "the header names the same tenant"
    );
    assert_eq!(send(activate(&app, "/lifepos")).await.0, 200, "default is untouched");

    let (status, body) = send(
        app.post("/_t/run-a/sup/v1/auth/login")
            .json(&json!({ "login": "partner", "password": "secret" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send(
        app.post("/_t/run-a/edin/Api/V1/Index/Authorize")
            .json(&json!({ "varLogin": "supplier", "varPassword": "secret" })),
    )
    .await;
    assert_eq!((status, body["intCode"].clone()), (200, json!(200)), "{body}");

    // A token issued in a tenant is known there only.
    let token = cloudtips_token(
        &app,
        &app.url("/_t/run-a/cloudtips"),
        "Partner",
        "partner@example.com",
        "secret",
    )
    .await;
    let places = |base: &str| app.get(&format!("{base}/cloudtips/api/places")).bearer_auth(&token);
    let (status, body) = send(places("/_t/run-a")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(send(places("")).await.0, 401, "unknown in default");
    assert_eq!(send(places("/_t/run-b")).await.0, 401, "unknown in run-b");

    // The control plane reads the same way: run-a's journal holds its calls, run-b's not.
    assert_eq!(journal_paths(&app, "/_t/run-a", "sup").await, ["/v1/auth/login"]);
    assert!(journal_paths(&app, "/_t/run-b", "sup").await.is_empty());
    assert!(journal_paths(&app, "", "sup").await.is_empty());
    let (status, _) = send(app.post("/_t/run-a/_emulator/reset")).await;
    assert_eq!(status, 200);
    assert_eq!(
        send(activate(&app, "/_t/run-a/lifepos")).await.0,
        200,
        "reset restores the code"
    );
    let (status, body) = send(app.get("/_emulator/tenants")).await;
    assert_eq!(status, 200);
    for tenant in ["run-a", "run-b"] {
        assert!(body["tenants"].as_array().unwrap().contains(&json!(tenant)), "{body}");
    }
}

async fn bad_or_conflicting_tenants_are_refused_in_each_shape(backend: Backend) {
    let app = spawn_app(backend).await;
    // LIFE POS: 400 RequestIsNotValid, naming both tenants.
    let (status, body) = send(activate(&app, "/_t/run-a/lifepos").header("X-Emulator-Tenant", "run-b")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("RequestIsNotValid")),
        "{body}"
    );
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("`run-a`") && message.contains("`run-b`"), "{body}");
    let (status, body) = send(activate(&app, "/_t/Run-A/lifepos")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("RequestIsNotValid")),
        "{body}"
    );
    assert!(body["message"].as_str().unwrap().contains("/_t/"), "{body}");
    // The same tenant both ways is one tenant.
    let (status, body) = send(activate(&app, "/_t/run-a/lifepos").header("X-Emulator-Tenant", "run-a")).await;
    assert_eq!(status, 200, "{body}");

    // СУП, EDIN and CloudTips in theirs.
    for bad in ["/_t/run%2Da", "/_t/a.b", "/_t/", &format!("/_t/{}", "a".repeat(65))] {
        let (status, body) = send(
            app.post(&format!("{bad}/sup/v1/auth/login"))
                .json(&json!({ "login": "partner", "password": "secret" })),
        )
        .await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.get("access_token").is_none(), "{bad}: {body}");
    }
    let (status, body) = send(
        app.post("/_t/run-a/edin/Api/V1/Index/Authorize")
            .header("X-Emulator-Tenant", "run-b")
            .json(&json!({ "varLogin": "supplier", "varPassword": "secret" })),
    )
    .await;
    assert_eq!(body["intCode"], 400, "{status} {body}");
    assert!(body["varMessage"].is_string(), "{body}");
    let (status, body) = send(
        app.post("/_t/BAD/cloudtips/connect/token")
            .form(&[("grant_type", "password"), ("client_id", "Partner")]),
    )
    .await;
    assert_eq!(status, 400, "{body}");

    // The control plane: {"error": …}, nothing read or changed.
    let (status, body) = send(
        app.get("/_t/run-a/_emulator/state")
            .header("X-Emulator-Tenant", "run-b"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("`run-b`"), "{body}");
    let (status, body) = send(app.post("/_t/x_Y/_emulator/reset")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("must match"), "{body}");
    let (_, body) = send(app.get("/_emulator/tenants")).await;
    assert!(!body["tenants"].as_array().unwrap().contains(&json!("run-b")), "{body}");
}

async fn links_and_page_tokens_keep_the_tenant(backend: Backend) {
    let app = spawn_app(backend).await;
    let base = "/_t/links/cloudtips";
    let token = cloudtips_token(&app, &app.url(base), "Partner", "partner@example.com", "secret").await;
    let (status, body) = send(
        app.post(&format!("{base}/api/places/registration-url"))
            .bearer_auth(&token)
            .json(&json!({ "placeId": "place-1" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let url = body["data"]["url"].as_str().unwrap();
    assert!(url.starts_with(&app.url("/_t/links/cloudtips/registration/")), "{url}");

    let other = cloudtips_token(&app, &app.url(base), "Other", "other@example.com", "secret2").await;
    let upload = photo_upload(
        app.post(&format!("{base}/api/receivers/{BORIS}/photo"))
            .bearer_auth(&other),
        "FormFile",
        PNG,
    );
    let (status, body) = send(upload).await;
    assert_eq!(status, 200, "{body}");
    let photo_url = body["data"]["photoUrl"].as_str().unwrap();
    assert!(
        photo_url.starts_with(&app.url("/_t/links/cloudtips/photos/links/")),
        "{photo_url}"
    );
    let fetched = app.client.get(photo_url).send().await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), PNG);

    // A LIFE POS page token is the tenant's: it reads on in that tenant, nowhere else.
    let list = |prefix: &str, query: &str| {
        with_lifepos_headers(
            app.client
                .get(app.url(&format!("{prefix}/lifepos/v6/orgs/{ORG}/employees{query}"))),
        )
        .header("Authorization", KEY)
    };
    let (status, page_1) = send(list("/_t/links", "?items_per_page=1")).await;
    assert_eq!(status, 200, "{page_1}");
    let next = page_1["next_page_token"].as_str().unwrap();
    let (status, page_2) = send(list("/_t/links", &format!("?page_token={next}"))).await;
    assert_eq!(status, 200, "{page_2}");
    assert_ne!(page_1["items"][0]["guid"], page_2["items"][0]["guid"]);
    let (status, body) = send(list("/_t/other", &format!("?page_token={next}"))).await;
    assert_eq!(status, 422, "another tenant's token: {body}");
}

async fn host_routing_and_vendor_listeners_take_the_tenant_from_the_path(backend: Backend) {
    let port = free_port();
    let app = spawn_with(backend, |config| {
        config.vendors.cloudtips.listen = format!("127.0.0.1:{port}");
    })
    .await;
    let routed = |path: &str| {
        with_lifepos_headers(app.client.post(app.url(path)))
            .header("Host", "api.life-pos.ru")
            .json(&json!({ "activation_code": "12345678" }))
    };
    assert_eq!(send(routed("/_t/hosted/v5/auth/activate-workplace")).await.0, 200);
    assert_eq!(send(routed("/_t/hosted/v5/auth/activate-workplace")).await.0, 401);
    assert_eq!(send(activate(&app, "/_t/hosted/lifepos")).await.0, 401, "one tenant");

    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let own = format!("http://127.0.0.1:{port}");
    let token = cloudtips_token(
        &app,
        &format!("{own}/_t/own"),
        "Partner",
        "partner@example.com",
        "secret",
    )
    .await;
    let (status, body) = send(
        app.client
            .post(format!("{own}/_t/own/api/places/registration-url"))
            .bearer_auth(&token)
            .json(&json!({ "placeId": "place-1" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let url = body["data"]["url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{own}/_t/own/registration/")), "{url}");
    let (status, body) = send(
        app.client
            .get(format!("{own}/_t/own/_emulator/journal?vendor=cloudtips")),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["entries"].as_array().unwrap().len(), 2, "{body}");
    let (_, body): (u16, Value) = send(app.get("/_emulator/journal?vendor=cloudtips")).await;
    assert!(body["entries"].as_array().unwrap().is_empty(), "{body}");
}

crate::on_both_engines!(
    every_vendor_and_the_control_plane_take_the_tenant_from_the_path,
    bad_or_conflicting_tenants_are_refused_in_each_shape,
    links_and_page_tokens_keep_the_tenant,
    host_routing_and_vendor_listeners_take_the_tenant_from_the_path,
);
