//! JSON Patch within bounds, on both vendors that take one: a patch of doubling `copy` operations,
//! one too many operations, or nesting deeper than serde_json reads back is refused in the
//! vendor's own shape before the document grows, and changes nothing; a patch at the bound passes.

use crate::cloudtips::{api, create_many, sign_in, PLACE};
use crate::common::{send, spawn_app, Backend, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const KEY: &str = "demo-lifepos-api-key";
/// `server.patch_max_operations` by default.
const MAX_OPERATIONS: usize = 100;

/// One `add` of a small object, then 22 copies of the whole document: 2 KB that would build
/// gigabytes.
fn doubling_patch() -> Value {
    let mut operations = vec![json!({ "op": "add", "path": "/a", "value": { "k": "0123456789" } })];
    operations.extend((0..22).map(|i| json!({ "op": "copy", "from": "", "path": format!("/c{i}") })));
    Value::from(operations)
}

/// Copies of the whole document into its deepest member: the nesting doubles, to 128 at the
/// seventh copy.
fn deepening_patch() -> Value {
    let mut operations = vec![json!({ "op": "add", "path": "/a", "value": {} })];
    operations.extend((1..8).map(|doubling| json!({ "op": "copy", "from": "", "path": "/a".repeat(1 << doubling) })));
    Value::from(operations)
}

fn replacements(field: &str, count: usize) -> Value {
    (0..count)
        .map(|i| json!({ "op": "replace", "path": format!("/{field}"), "value": format!("Имя {i}") }))
        .collect()
}

/// Status and body, which is empty on success (204).
async fn patch_org(app: &TestApp, operations: &Value) -> (u16, Value) {
    let response = app
        .lifepos(Method::PATCH, &format!("/v6/orgs/{ORG}"))
        .header("Authorization", KEY)
        .json(operations)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn org(app: &TestApp) -> Value {
    let (status, body) = send(
        app.lifepos(Method::GET, &format!("/v6/orgs/{ORG}"))
            .header("Authorization", KEY),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn assert_lifepos_refusal(status: u16, body: &Value, says: &str) {
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["code"], "RequestIsNotValid", "{body}");
    let message = body["errors"]["body"][0].as_str().unwrap_or_default();
    assert!(message.contains(says), "{says:?} in {body}");
}

async fn lifepos_patches_stay_within_bounds(backend: Backend) {
    let app = spawn_app(backend).await;
    let before = org(&app).await;

    let (status, body) = patch_org(&app, &doubling_patch()).await;
    assert_lifepos_refusal(status, &body, "server.patch_max_document_bytes");
    let (status, body) = patch_org(&app, &deepening_patch()).await;
    assert_lifepos_refusal(status, &body, "вложенность документа превысила бы 127 уровней");
    let (status, body) = patch_org(&app, &replacements("name", MAX_OPERATIONS + 1)).await;
    assert_lifepos_refusal(status, &body, "не больше 100 операций");
    assert_eq!(org(&app).await, before, "no refused patch changed anything");

    let (status, body) = patch_org(&app, &replacements("name", MAX_OPERATIONS)).await;
    assert_eq!(status, 204, "{MAX_OPERATIONS} operations pass: {body}");
    assert_eq!(org(&app).await["name"], format!("Имя {}", MAX_OPERATIONS - 1));
}

fn assert_cloudtips_refusal(status: u16, body: &Value, says: &str) {
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["succeed"], false, "{body}");
    let message = body["validationErrors"]["Body"][0].as_str().unwrap_or_default();
    assert!(message.contains(says), "{says:?} in {body}");
}

async fn cloudtips_patches_stay_within_bounds(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = sign_in(&app).await;
    let (status, body) = create_many(
        &app,
        &token,
        json!({ "placeId": PLACE, "receivers": [{ "phoneNumber": "+79995550011", "name": "Вера" }] }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let receiver = format!("/receivers/{}", body["data"]["created"][0]["userId"].as_str().unwrap());
    let read = || send(api(&app, &token, Method::GET, &receiver));
    let patch = |operations: &Value| send(api(&app, &token, Method::PATCH, &receiver).json(operations));
    let before = read().await.1;

    let (status, body) = patch(&doubling_patch()).await;
    assert_cloudtips_refusal(status, &body, "server.patch_max_document_bytes");
    let (status, body) = patch(&deepening_patch()).await;
    assert_cloudtips_refusal(status, &body, "вложенность документа превысила бы 127 уровней");
    let (status, body) = patch(&replacements("Name", MAX_OPERATIONS + 1)).await;
    assert_cloudtips_refusal(status, &body, "не больше 100 операций");
    assert_eq!(read().await.1, before, "no refused patch changed anything");

    let (status, body) = patch(&replacements("Name", MAX_OPERATIONS)).await;
    assert_eq!(status, 200, "{MAX_OPERATIONS} operations pass: {body}");
    assert_eq!(
        read().await.1["data"]["fullName"],
        format!("Имя {}", MAX_OPERATIONS - 1)
    );
}

on_both_engines!(lifepos_patches_stay_within_bounds, cloudtips_patches_stay_within_bounds);
