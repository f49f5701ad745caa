//! The OpenAPI spec lists exactly what the routers serve, and the docs page renders it offline.

use crate::common::{send, spawn_app, spawn_with, Backend};
use serde_json::Value;
use vendor_emulator::surfaces;

#[test]
fn every_route_is_documented_and_every_operation_served() {
    for surface in &surfaces() {
        assert!(!surface.routes.is_empty(), "{} serves nothing", surface.name);
        assert_eq!(
            surface.undocumented(),
            Vec::<String>::new(),
            "{}: routes missing from the spec",
            surface.name
        );
        assert_eq!(
            surface.stale(),
            Vec::<String>::new(),
            "{}: operations no route serves",
            surface.name
        );
    }
}

/// A concrete path for a route template.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "00000000-0000-4000-8000-000000000000"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

async fn the_spec_matches_the_running_router(backend: Backend) {
    let app = spawn_app(backend).await;
    let (status, spec) = send(app.get("/_emulator/openapi.json")).await;
    assert_eq!(status, 200);
    assert_eq!(spec["openapi"], "3.1.0");
    let paths = spec["paths"].as_object().unwrap();
    let activation = &paths["/lifepos/v5/auth/activate-workplace"]["post"];
    assert_eq!(
        activation["requestBody"]["content"]["application/json"]["example"]["activation_code"],
        "12345678"
    );
    assert!(activation["responses"]["429"].is_object());
    assert!(activation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "X-LP-Client-Type" && p["required"] == true));
    assert!(paths["/sup/v1/employee/{id_employee}/link_card"]["post"]["responses"]["409"].is_object());
    assert!(paths["/_emulator/faults/{id}"]["delete"].is_object());
    let org_patch = &paths["/lifepos/v6/orgs/{org}"]["patch"]["responses"]["204"];
    assert!(org_patch["description"].is_string(), "{org_patch}");
    assert!(
        org_patch.get("content").is_none(),
        "a 204 declares no body: {org_patch}"
    );

    // Every documented operation reaches a real route: vendor requests never land on the
    // unmatched fallback (metrics would count them), control requests never get the bare 404.
    for (path, methods) in paths {
        for method in methods.as_object().unwrap().keys() {
            let url = app.url(&concrete(path));
            let response = app.client.request(method.parse().unwrap(), url).send().await.unwrap();
            if path.starts_with("/_emulator") {
                let status = response.status();
                let body = response.bytes().await.unwrap();
                assert!(!(status == 404 && body.is_empty()), "{method} {path} is not routed");
            }
        }
    }
    let metrics = app
        .get("/_emulator/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("emulator_requests_total"), "{metrics}");
    assert!(
        !metrics.contains("route=\"unmatched\""),
        "a documented vendor path is not routed: {metrics}"
    );

    let (status, lifepos) = send(app.get("/_emulator/openapi/lifepos.json")).await;
    assert_eq!(status, 200);
    assert!(lifepos["paths"]
        .as_object()
        .unwrap()
        .keys()
        .all(|path| path.starts_with("/lifepos/")));
    let (status, body) = send(app.get("/_emulator/openapi/acme.json")).await;
    assert_eq!(status, 404);
    assert!(body["error"].is_string());
}

/// Malformed input of every kind, on every documented operation, is a 4xx in the vendor's shape:
/// never a 500.
async fn garbage_never_causes_a_500(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, spec) = send(app.get("/_emulator/openapi.json")).await;
    let (_, sup) = send(
        app.post("/sup/v1/auth/login")
            .json(&serde_json::json!({ "login": "partner", "password": "secret" })),
    )
    .await;
    let (_, tips) = send(app.post("/cloudtips/connect/token").form(&[
        ("grant_type", "password"),
        ("client_id", "Partner"),
        ("username", "partner@example.com"),
        ("password", "secret"),
    ]))
    .await;
    // Garbage with no credentials, then with valid ones so it reaches the validators.
    let credentials = |path: &str| -> Vec<String> {
        let valid = if path.starts_with("/lifepos") {
            "demo-lifepos-api-key".to_owned()
        } else if path.starts_with("/sup") {
            format!("Bearer {}", sup["access_token"].as_str().unwrap_or_default())
        } else {
            format!("Bearer {}", tips["access_token"].as_str().unwrap_or_default())
        };
        vec!["Bearer garbage".to_owned(), valid]
    };
    let bodies: [&[u8]; 6] = [
        b"{",
        b"[1,2]",
        b"null",
        b"{\"a\":\"\\u0000\"}",
        b"\xff\xfe",
        br#"{"activation_code":99999999999999999999999}"#,
    ];
    for (path, methods) in spec["paths"].as_object().unwrap() {
        if path.starts_with("/_emulator/reset") {
            continue;
        }
        for method in methods.as_object().unwrap().keys() {
            for (i, (body, credential)) in bodies
                .iter()
                .flat_map(|b| credentials(path).into_iter().map(move |c| (b, c)))
                .enumerate()
            {
                let url = app.url(&concrete(path)) + "?page=-1&limit=abc&page_token=%FF&selection=x";
                let response = crate::common::with_lifepos_headers(app.client.request(method.parse().unwrap(), url))
                    .header(
                        "Content-Type",
                        if i % 2 == 0 {
                            "application/json"
                        } else {
                            "application/x-www-form-urlencoded"
                        },
                    )
                    .header("Authorization", credential)
                    .header("X-Nonce", format!("n-{i}"))
                    .body(body.to_vec())
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                assert!(
                    status < 500,
                    "{method} {path} with {:?} → {status} {text}",
                    String::from_utf8_lossy(body)
                );
                if let Ok(json) = serde_json::from_str::<Value>(&text) {
                    assert_ne!(json["intCode"], 500, "{method} {path} → {text}");
                }
            }
        }
    }
}

async fn the_docs_page_needs_no_network(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.get("/_emulator/docs").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let page = response.text().await.unwrap();
    assert!(page.contains("/_emulator/openapi.json"));
    for external in ["src=\"http", "href=\"http", "@import", "cdn"] {
        assert!(!page.contains(external), "the page loads {external}");
    }
    let _: Value = serde_json::Value::Null;
}

async fn the_dashboard_is_served_from_the_binary(backend: Backend) {
    let app = spawn_with(backend, |config| {
        config.control.token = vendor_emulator::config::Secret::new("t0ken");
    })
    .await;
    let response = app.get("/_emulator/ui").send().await.unwrap();
    assert_eq!(
        response.status(),
        200,
        "the page loads without the token; its calls carry it"
    );
    let page = response.text().await.unwrap();
    for call in [
        "\"/clock\"",
        "\"/faults\"",
        "\"/outbox\"",
        "/_emulator/journal/stream",
        "\"/tenants\"",
        "\"/state\"",
        "\"/reset\"",
        "X-Emulator-Tenant",
    ] {
        assert!(page.contains(call), "the dashboard uses {call}");
    }
    for external in ["src=\"http", "href=\"http", "@import"] {
        assert!(!page.contains(external), "the page loads {external}");
    }
    assert_eq!(
        send(app.get("/_emulator/state")).await.0,
        401,
        "its data still needs the token"
    );
}

on_both_engines!(
    the_dashboard_is_served_from_the_binary,
    the_spec_matches_the_running_router,
    garbage_never_causes_a_500,
    the_docs_page_needs_no_network
);
