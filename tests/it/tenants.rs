//! Tenants that end cleanly: every vendor's sessions end with a reset and with a replacing load of
//! fixtures; a tenant can be deleted (every row of it, in every table) and comes back fresh; idle
//! tenants are evicted; a new tenant past `tenants.max_tenants` is refused; a deletion under 32
//! writers leaves the tenant whole or gone, never half.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;

use crate::common::{join_all, send, spawn_app, spawn_on, spawn_with, Backend, TestApp};
use crate::sup;

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const IVAN: &str = "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21";
const OUTLET: &str = "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11";
const SUP_UNAUTHORIZED: &str = "Не авторизован. Токен не прошел валидацию";
const EDIN_UNAUTHORIZED: &str = "Пользователь не авторизован";
const CLOUDTIPS_SIGN_IN: [(&str, &str); 4] = [
    ("grant_type", "password"),
    ("client_id", "Partner"),
    ("username", "partner@example.com"),
    ("password", "secret"),
];

/// One credential of each kind every vendor hands out, in tenant `tenant`.
struct Sessions {
    sup: String,
    sup_nonce: String,
    lifepos_employee: String,
    lifepos_workplace: String,
    edin: String,
    cloudtips_access: String,
    cloudtips_refresh: String,
}

async fn open_sessions(app: &TestApp, tenant: &str) -> Sessions {
    let (status, body) = send(
        app.post("/sup/v1/auth/login")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "login": "partner", "password": "secret" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let sup = body["access_token"].as_str().unwrap().to_owned();
    let sup_nonce = sup::nonce();
    let (status, body) = sup_call(app, tenant, &sup, &sup_nonce).await;
    assert_eq!(status, 200, "{body}");

    let (status, body) = send(
        app.lifepos(Method::POST, "/v6/auth/sign-in")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "full_username": "ivan@coffee-mira", "password": "secret123", "response_type": "Token" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let lifepos_employee = body["token"].as_str().unwrap().to_owned();
    let (status, body) = activate(app, tenant, "12345678").await;
    assert_eq!(status, 200, "{body}");
    let lifepos_workplace = body["token"].as_str().unwrap().to_owned();
    for token in [&lifepos_employee, &lifepos_workplace] {
        let (status, body) = lifepos_call(app, tenant, token).await;
        assert_eq!(status, 200, "{body}");
    }

    let (status, body) = send(
        app.post("/edin/Api/V1/Index/Authorize")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "varLogin": "supplier", "varPassword": "secret" })),
    )
    .await;
    assert_eq!((status, &body["intCode"]), (200, &json!(200)), "{body}");
    let edin = body["varToken"].as_str().unwrap().to_owned();
    let (_, body) = edin_call(app, tenant, &edin).await;
    assert_eq!(body["intCode"], 200, "{body}");

    let (status, body) = send(
        app.post("/cloudtips/connect/token")
            .header("X-Emulator-Tenant", tenant)
            .form(&CLOUDTIPS_SIGN_IN),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let cloudtips_access = body["access_token"].as_str().unwrap().to_owned();
    let cloudtips_refresh = body["refresh_token"].as_str().unwrap().to_owned();
    let (status, body) = cloudtips_call(app, tenant, &cloudtips_access).await;
    assert_eq!(status, 200, "{body}");

    Sessions {
        sup,
        sup_nonce,
        lifepos_employee,
        lifepos_workplace,
        edin,
        cloudtips_access,
        cloudtips_refresh,
    }
}

async fn activate(app: &TestApp, tenant: &str, code: &str) -> (u16, Value) {
    send(
        app.lifepos(Method::POST, "/v6/auth/activate-workplace")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "activation_code": code })),
    )
    .await
}

async fn sup_call(app: &TestApp, tenant: &str, token: &str, nonce: &str) -> (u16, Value) {
    send(
        app.get(&format!("/sup/v1/employee/{}", sup::IVANOV))
            .header("X-Emulator-Tenant", tenant)
            .bearer_auth(token)
            .header("X-Nonce", nonce),
    )
    .await
}

async fn lifepos_call(app: &TestApp, tenant: &str, token: &str) -> (u16, Value) {
    send(
        app.lifepos(Method::GET, "/v6/orgs")
            .header("X-Emulator-Tenant", tenant)
            .bearer_auth(token),
    )
    .await
}

async fn edin_call(app: &TestApp, tenant: &str, token: &str) -> (u16, Value) {
    send(
        app.get(&format!(
            "/edin/Api/V1/GetCertUA/GetCertByID?varToken={token}&signInfo=2173"
        ))
        .header("X-Emulator-Tenant", tenant),
    )
    .await
}

async fn cloudtips_call(app: &TestApp, tenant: &str, token: &str) -> (u16, Value) {
    send(
        app.get("/cloudtips/api/places")
            .header("X-Emulator-Tenant", tenant)
            .bearer_auth(token),
    )
    .await
}

/// Every credential of `sessions` is refused, each in its vendor's own shape; the СУП token with
/// the nonce it already used too (its nonce record is gone with the reset, its session with it).
async fn assert_all_ended(app: &TestApp, tenant: &str, sessions: &Sessions, after: &str) {
    let (status, body) = sup_call(app, tenant, &sessions.sup, &sessions.sup_nonce).await;
    assert_eq!(
        (status, body),
        (401, json!({ "message": SUP_UNAUTHORIZED })),
        "СУП token and nonce replayed after {after}"
    );
    let (status, body) = sup_call(app, tenant, &sessions.sup, &sup::nonce()).await;
    assert_eq!(status, 401, "СУП token after {after}: {body}");
    for token in [&sessions.lifepos_employee, &sessions.lifepos_workplace] {
        let (status, body) = lifepos_call(app, tenant, token).await;
        assert_eq!(
            (status, body["code"].clone()),
            (401, json!("Unauthorized")),
            "LIFE POS token after {after}: {body}"
        );
    }
    let (_, body) = edin_call(app, tenant, &sessions.edin).await;
    assert_eq!(
        body,
        json!({ "varMessage": EDIN_UNAUTHORIZED, "intCode": 401 }),
        "EDIN varToken after {after}"
    );
    let (status, body) = cloudtips_call(app, tenant, &sessions.cloudtips_access).await;
    assert_eq!(status, 401, "CloudTips access token after {after}: {body}");
    let (status, body) = send(
        app.post("/cloudtips/connect/token")
            .header("X-Emulator-Tenant", tenant)
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", &sessions.cloudtips_refresh),
            ]),
    )
    .await;
    assert_eq!(
        (status, body),
        (400, json!({ "error": "invalid_grant" })),
        "CloudTips refresh token after {after}"
    );
}

async fn every_session_ends_with_a_reset_and_a_replace(backend: Backend) {
    let app = spawn_app(backend).await;
    let tenant = "sessions";
    let sessions = open_sessions(&app, tenant).await;
    let other = open_sessions(&app, "bystander").await;
    let (status, body) = send(app.post("/_emulator/reset").header("X-Emulator-Tenant", tenant)).await;
    assert_eq!(status, 200, "{body}");
    assert_all_ended(&app, tenant, &sessions, "a reset").await;
    let (status, body) = sup_call(&app, "bystander", &other.sup, &sup::nonce()).await;
    assert_eq!(status, 200, "another tenant's session goes on: {body}");

    // The fresh state loaded over the tenant: credentials unchanged, sessions still end.
    let (_, state) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", tenant)).await;
    let sessions = open_sessions(&app, tenant).await;
    let (status, body) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", tenant)
            .json(&state),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_all_ended(&app, tenant, &sessions, "a replacing load").await;

    let sessions = open_sessions(&app, tenant).await;
    let (status, body) = send(app.post("/_emulator/reset?all=true")).await;
    assert_eq!(status, 200, "{body}");
    assert_all_ended(&app, tenant, &sessions, "a reset of every tenant").await;
}

/// The database the app runs on, opened beside it.
async fn open_database(app: &TestApp) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPoolOptions::new()
        .max_connections(1)
        .connect(&app.database.url)
        .await
        .unwrap()
}

/// Every table with a `tenant` column, as the schema has it now (so a table added later is counted).
async fn tenant_tables(db: &AnyPool, backend: Backend) -> Vec<String> {
    let query = match backend {
        Backend::Sqlite => {
            "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'tenant' ORDER BY m.name"
        }
        Backend::Postgres => {
            "SELECT table_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND column_name = 'tenant' ORDER BY table_name"
        }
    };
    let tables: Vec<String> = sqlx::query_scalar(query).fetch_all(db).await.unwrap();
    assert!(tables.len() > 30, "{tables:?}");
    tables
}

/// The tenant's rows in every table, by table (the `tenants` row included), those with any.
async fn rows_of(db: &AnyPool, backend: Backend, tenant: &str) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    let mut tables: Vec<(String, &str)> = tenant_tables(db, backend)
        .await
        .into_iter()
        .map(|table| (table, "tenant"))
        .collect();
    tables.push(("tenants".to_owned(), "name"));
    for (table, column) in tables {
        let count: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1"))
            .bind(tenant)
            .fetch_one(db)
            .await
            .unwrap();
        if count > 0 {
            counts.push((table, count));
        }
    }
    counts
}

/// A state document without its times (`created_at`, `updated_at`, …: a seeding's own instant).
fn without_times(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(name, _)| !name.ends_with("_at"))
                .map(|(name, member)| (name.clone(), without_times(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_times).collect()),
        other => other.clone(),
    }
}

async fn tenant_names(app: &TestApp) -> Vec<String> {
    let (status, body) = send(app.get("/_emulator/tenants")).await;
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body["tenants"].clone()).unwrap()
}

async fn a_deleted_tenant_leaves_no_row_and_comes_back_fresh(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = open_database(&app).await;
    let tenant = "doomed";
    let (_, fresh_state) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "fresh")).await;
    // Rows in every kind of table: sessions of each vendor, an SMS in the outbox, a failure count
    // against an IP, an entity created, a moved clock, a fault rule and journal entries.
    open_sessions(&app, tenant).await;
    let (status, body) = activate(&app, tenant, "00000000").await;
    assert_eq!(status, 401, "{body}");
    let (status, body) = send(
        app.lifepos(Method::POST, &format!("/v6/orgs/{ORG}/workplaces"))
            .header("X-Emulator-Tenant", tenant)
            .header("Authorization", "demo-lifepos-api-key")
            .json(&json!({ "workplace_type": "Stationary", "name": "Касса" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let guid = body["guid"].as_str().unwrap().to_owned();
    let (status, body) = send(
        app.lifepos(
            Method::POST,
            &format!("/v6/orgs/{ORG}/workplaces/{guid}:generate-activation-code"),
        )
        .header("X-Emulator-Tenant", tenant)
        .header("Authorization", "demo-lifepos-api-key")
        .json(&json!({ "employee": { "guid": IVAN }, "outlet": { "guid": OUTLET }, "send_sms": true })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = send(
        app.post("/_emulator/clock")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "advance_seconds": 3600 })),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = send(
        app.post("/_emulator/faults")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "vendor": "sup", "status": 503, "times": 5 })),
    )
    .await;
    assert_eq!(status, 200);
    let before = rows_of(&db, backend, tenant).await;
    for table in [
        "tenants",
        "sup_clients",
        "lifepos_tokens",
        "edin_tokens",
        "cloudtips_tokens",
        "ip_failures",
        "outbox",
    ] {
        assert!(before.iter().any(|(name, _)| name == table), "{table} in {before:?}");
    }
    assert!(tenant_names(&app).await.contains(&tenant.to_owned()));

    let (status, body) = send(app.delete(&format!("/_emulator/tenants/{tenant}"))).await;
    assert_eq!((status, body), (200, json!({ "deleted": tenant })));
    assert_eq!(rows_of(&db, backend, tenant).await, vec![], "every row of the tenant");
    assert!(!tenant_names(&app).await.contains(&tenant.to_owned()));
    let (status, body) = send(app.delete(&format!("/_emulator/tenants/{tenant}"))).await;
    assert_eq!(
        (status, body),
        (404, json!({ "error": format!("no tenant named {tenant}") }))
    );
    let (status, body) = send(app.delete("/_emulator/tenants/Not_A_Name")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("must match"), "{body}");

    // Back on its next use, as the startup fixtures, with nothing of before in memory either.
    let (status, journal) = send(app.get("/_emulator/journal").header("X-Emulator-Tenant", tenant)).await;
    assert_eq!((status, journal), (200, json!({ "entries": [] })));
    let (_, faults) = send(app.get("/_emulator/faults").header("X-Emulator-Tenant", tenant)).await;
    assert_eq!(faults, json!({ "faults": [] }));
    let (_, clock) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", tenant)).await;
    assert_eq!(clock["offset_seconds"], 0, "{clock}");
    let (_, state) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", tenant)).await;
    assert!(
        without_times(&state) == without_times(&fresh_state),
        "the state of a tenant never used but for its seeding time"
    );
    let sessions = open_sessions(&app, tenant).await;
    assert!(!sessions.sup.is_empty());

    let (status, body) = send(app.delete("/_emulator/tenants")).await;
    assert_eq!(status, 200, "{body}");
    let mut deleted: Vec<String> = serde_json::from_value(body["deleted"].clone()).unwrap();
    deleted.sort();
    assert_eq!(deleted, ["doomed", "fresh"]);
    assert_eq!(tenant_names(&app).await, Vec::<String>::new());
    for tenant in ["doomed", "fresh"] {
        assert_eq!(rows_of(&db, backend, tenant).await, vec![]);
    }
}

async fn idle_tenants_are_evicted(backend: Backend) {
    let app = spawn_with(backend, |config| config.tenants.evict_idle_after_seconds = 1).await;
    for tenant in ["default", "idle", "busy"] {
        let (status, _) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", tenant)).await;
        assert_eq!(status, 200);
    }
    let mut names = tenant_names(&app).await;
    for _ in 0..100 {
        // `busy` is used all along; the tenant list itself uses none.
        let (status, _) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", "busy")).await;
        assert_eq!(status, 200);
        names = tenant_names(&app).await;
        if !names.contains(&"idle".to_owned()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(names, ["busy", "default"], "idle evicted, busy and default kept");
    let db = open_database(&app).await;
    assert_eq!(rows_of(&db, backend, "idle").await, vec![]);
    let (status, body) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "idle")).await;
    assert_eq!(status, 200, "back on its next use: {body}");
    assert!(!body["lifepos"]["organizations"].as_array().unwrap().is_empty());
}

async fn a_new_tenant_past_the_limit_is_refused(backend: Backend) {
    let app = spawn_with(backend, |config| config.tenants.max_tenants = 2).await;
    for tenant in ["first", "second"] {
        let (status, _) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", tenant)).await;
        assert_eq!(status, 200);
    }
    let limit = "the emulator holds tenants.max_tenants (2) tenants; delete one \
                 (DELETE /_emulator/tenants/{tenant}) or raise the setting";
    let (status, body) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", "third")).await;
    assert_eq!((status, body), (503, json!({ "error": limit })));
    let (status, body) = send(
        app.post("/sup/v1/auth/login")
            .header("X-Emulator-Tenant", "third")
            .json(&json!({ "login": "partner", "password": "secret" })),
    )
    .await;
    assert_eq!((status, body), (503, json!({ "message": limit })), "СУП's shape");
    let (status, body) = lifepos_call(&app, "third", "any").await;
    assert_eq!(
        (status, body),
        (
            503,
            json!({ "code": "InternalServerError", "message": "внутренняя ошибка сервера" })
        ),
        "LIFE POS's shape (its messages are fixed)"
    );
    assert_eq!(tenant_names(&app).await, ["first", "second"], "nothing of it stored");
    let (status, _) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", "first")).await;
    assert_eq!(status, 200, "tenants already there go on");

    let (status, _) = send(app.delete("/_emulator/tenants/first")).await;
    assert_eq!(status, 200);
    let (status, body) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", "third")).await;
    assert_eq!(status, 200, "room again: {body}");
}

/// 32 clients create workplaces in one tenant while it is deleted, again and again: every answer
/// is a success or the vendor's own refusal, and the tenant ends whole (its row and its seeded
/// organization) or gone (no row of it anywhere).
async fn deleting_under_32_writers_is_all_or_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let tenant = "contested";
    let (status, _) = send(app.get("/_emulator/clock").header("X-Emulator-Tenant", tenant)).await;
    assert_eq!(status, 200);
    let writer = |n: usize| {
        let app = &app;
        async move {
            let mut statuses = Vec::new();
            for round in 0..6 {
                let (status, body) = send(
                    app.lifepos(Method::POST, &format!("/v6/orgs/{ORG}/workplaces"))
                        .header("X-Emulator-Tenant", tenant)
                        .header("Authorization", "demo-lifepos-api-key")
                        .json(&json!({ "workplace_type": "Stationary", "name": format!("Касса {n}-{round}") })),
                )
                .await;
                statuses.push((status, body));
            }
            statuses
        }
    };
    let deleter = async {
        let mut statuses = Vec::new();
        for _ in 0..8 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let (status, body) = send(app.delete(&format!("/_emulator/tenants/{tenant}"))).await;
            statuses.push((status, body));
        }
        statuses
    };
    let (written, deleted) = tokio::join!(join_all((0..32).map(writer)), deleter);
    for (status, body) in written.into_iter().flatten() {
        assert_eq!(status, 200, "{body}");
    }
    assert!(deleted.iter().any(|(status, _)| *status == 200), "{deleted:?}");
    for (status, body) in deleted {
        assert!(status == 200 || status == 404, "{status} {body}");
    }

    let db = open_database(&app).await;
    let rows = rows_of(&db, backend, tenant).await;
    let count = |table: &str| {
        rows.iter()
            .find(|(name, _)| name == table)
            .map_or(0, |(_, count)| *count)
    };
    if count("tenants") == 0 {
        assert_eq!(rows, vec![], "gone, and nothing of it left");
    } else {
        assert_eq!(count("lifepos_organizations"), 1, "whole: {rows:?}");
        let (status, body) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", tenant)).await;
        assert_eq!(status, 200, "{body}");
    }
}

/// The workplaces tenant `tenant` has, as `app` sees it.
async fn workplaces_seen(app: &TestApp, tenant: &str) -> usize {
    let (status, state) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", tenant)).await;
    assert_eq!(status, 200, "{state}");
    state["lifepos"]["organizations"]
        .as_array()
        .and_then(|orgs| orgs.first())
        .and_then(|org| org["workplaces"].as_array())
        .map_or(0, Vec::len)
}

/// A tenant deleted through one replica is, on another that used it, seeded afresh on its next
/// use once `tenants.recheck_after_ms` has passed (polled, not timed).
async fn another_replica_notices_a_deletion(backend: Backend) {
    let recheck = |config: &mut vendor_emulator::config::Config| config.tenants.recheck_after_ms = 100;
    let first = spawn_with(backend, recheck).await;
    let second = spawn_on(first.database.clone(), recheck).await;
    let tenant = "shared";
    let fresh = workplaces_seen(&second, tenant).await;
    let (status, body) = send(
        second
            .lifepos(Method::POST, &format!("/v6/orgs/{ORG}/workplaces"))
            .header("X-Emulator-Tenant", tenant)
            .header("Authorization", "demo-lifepos-api-key")
            .json(&json!({ "workplace_type": "Stationary", "name": "Касса" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(workplaces_seen(&first, tenant).await, fresh + 1);

    let (status, _) = send(first.delete(&format!("/_emulator/tenants/{tenant}"))).await;
    assert_eq!(status, 200);
    let mut seen = 0;
    for _ in 0..100 {
        seen = workplaces_seen(&second, tenant).await;
        if seen == fresh {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(seen, fresh, "the other replica seeded the tenant afresh");
    let (status, body) = lifepos_call(&second, tenant, "no-token").await;
    assert_eq!(status, 401, "a whole tenant, answering as any: {body}");
    assert_eq!(workplaces_seen(&first, tenant).await, fresh, "both see one tenant");
}

/// A replica that holds a deleted tenant's fault rules drops them when the tenant comes back, and
/// reads the new tenant's own.
/// On PostgreSQL the second emulator names the database by another URL, so it keeps a copy of the
/// rules of its own, as a replica in another process does (on SQLite one process owns the file and
/// its emulators share one copy).
async fn a_deleted_tenants_fault_rules_end_on_every_replica(backend: Backend) {
    let recheck = |config: &mut vendor_emulator::config::Config| config.tenants.recheck_after_ms = 100;
    let first = spawn_with(backend, recheck).await;
    let second = spawn_on(first.database.clone(), |config| {
        recheck(config);
        if backend == Backend::Postgres {
            config.database.url = format!("{}?application_name=replica", config.database.url);
        }
    })
    .await;
    let tenant = "faulted";
    let (status, body) = send(
        first
            .post("/_emulator/faults")
            .header("X-Emulator-Tenant", tenant)
            .json(&json!({ "vendor": "lifepos", "status": 418 })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        lifepos_call(&second, tenant, "no-token").await.0,
        418,
        "the rule holds on the other replica"
    );

    let (status, _) = send(first.delete(&format!("/_emulator/tenants/{tenant}"))).await;
    assert_eq!(status, 200);
    let mut status = 418;
    for _ in 0..100 {
        status = lifepos_call(&second, tenant, "no-token").await.0;
        if status != 418 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, 401, "the deleted tenant's rule no longer fires");
    let (_, faults) = send(second.get("/_emulator/faults").header("X-Emulator-Tenant", tenant)).await;
    assert_eq!(faults["faults"], json!([]), "the new tenant has no rules");
}

on_both_engines!(
    a_deleted_tenants_fault_rules_end_on_every_replica,
    another_replica_notices_a_deletion,
    every_session_ends_with_a_reset_and_a_replace,
    a_deleted_tenant_leaves_no_row_and_comes_back_fresh,
    idle_tenants_are_evicted,
    a_new_tenant_past_the_limit_is_refused,
    deleting_under_32_writers_is_all_or_nothing,
);
