//! The OpenAPI spec lists exactly what the routers serve, and the docs page renders it offline.

use crate::common::{refusal_statuses, send, spawn_app, spawn_with, Backend};
use serde_json::Value;
use vendor_emulator::config::Config;
use vendor_emulator::surfaces;

#[test]
fn every_route_is_documented_and_every_operation_served() {
    for surface in &surfaces(&Config::defaults()) {
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
    // `/v4` requires only Accept-Language of the client headers, and its spec says so.
    let required_on = |path: &str, header: &str| {
        paths[path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == header)
            .map(|p| p["required"] == true)
            .unwrap()
    };
    for header in ["X-LP-Client-Identifier", "X-LP-Client-Type"] {
        assert!(!required_on("/lifepos/v4/orgs/{org}/deals/sales", header), "{header}");
        assert!(required_on("/lifepos/v6/orgs/{org}/deals/sales", header), "{header}");
        assert!(required_on("/lifepos/orgs/{org}/deals/sales", header), "{header}");
    }
    assert!(required_on("/lifepos/v4/orgs/{org}/deals/sales", "Accept-Language"));
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
    the_docs_page_needs_no_network,
    the_tenant_pattern_is_what_the_platform_accepts
);

/// Every operation of every surface declares the generic statuses (with the vendor's error
/// schema), and the tenant header with the platform's own pattern.
#[test]
fn every_operation_declares_the_generic_statuses_and_the_tenant_pattern() {
    use vendor_emulator::openapi::{spec, GENERIC_STATUSES};
    use vendor_emulator::platform::tenant::TENANT_PATTERN;
    for surface in surfaces(&Config::defaults()) {
        let document = spec(std::slice::from_ref(&surface));
        for (path, methods) in document["paths"].as_object().unwrap() {
            for (method, operation) in methods.as_object().unwrap() {
                for (status, _) in GENERIC_STATUSES {
                    let response = &operation["responses"][status.to_string()];
                    assert!(response.is_object(), "{method} {path}: no {status}");
                    let schema = &response["content"]["application/json"]["schema"];
                    assert!(
                        schema.is_object() && schema != &serde_json::json!({}),
                        "{method} {path} {status}: {schema}"
                    );
                }
                let tenant = operation["parameters"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["name"] == "X-Emulator-Tenant");
                if let Some(tenant) = tenant {
                    assert_eq!(tenant["schema"]["pattern"], TENANT_PATTERN, "{method} {path}");
                } else {
                    assert_eq!(surface.name, "control", "{method} {path} lacks the tenant header");
                }
            }
        }
    }
}

/// The spec's patterns, lengths and enums are the validator's constants.
#[test]
fn spec_rules_are_the_validators_constants() {
    use vendor_emulator::openapi::spec;
    use vendor_emulator::vendors::lifepos::api::headers::CLIENT_TYPES;
    use vendor_emulator::vendors::lifepos::wire::activation::{ACTIVATION_CODE_MAX_LEN, ACTIVATION_CODE_PATTERN};
    use vendor_emulator::vendors::lifepos::wire::members::{PHONE_CHARS, PHONE_PATTERN};
    let lifepos = surfaces(&Config::defaults())
        .into_iter()
        .find(|s| s.name == "lifepos")
        .unwrap();
    let document = spec(std::slice::from_ref(&lifepos));
    let body =
        |path: &str| document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"].clone();
    let activation = body("/lifepos/v5/auth/activate-workplace");
    assert_eq!(activation["required"], serde_json::json!(["activation_code"]));
    assert_eq!(
        activation["properties"]["activation_code"]["pattern"],
        ACTIVATION_CODE_PATTERN
    );
    assert_eq!(
        activation["properties"]["activation_code"]["maxLength"],
        ACTIVATION_CODE_MAX_LEN
    );
    let phone = &body("/lifepos/v6/auth/sign-in-by-phone")["properties"]["phone"];
    assert_eq!(phone["pattern"], PHONE_PATTERN);
    assert_eq!(phone["minLength"], *PHONE_CHARS.start());
    assert_eq!(phone["maxLength"], *PHONE_CHARS.end());
    let client_type = document["paths"]["/lifepos/v6/orgs"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "X-LP-Client-Type")
        .cloned()
        .unwrap();
    assert_eq!(client_type["schema"]["enum"], serde_json::json!(CLIENT_TYPES));
}

/// CloudTips' bodies, forms and query parameters are their declarations' schemas, which the
/// handlers read them through; what no schema states is a declared refusal.
#[test]
fn cloudtips_rules_are_the_declarations() {
    use serde_json::json;
    use vendor_emulator::openapi::spec;
    use vendor_emulator::platform::wire::schema_of;
    use vendor_emulator::vendors::cloudtips::api::photos::{FILE_FIELD, MAX_PHOTO_BYTES, PART_NAME_PATTERN};
    use vendor_emulator::vendors::cloudtips::wire::json_patch::{JsonPatch, POINTER_PATTERN};
    use vendor_emulator::vendors::cloudtips::wire::own::MAX_DEPTH;
    use vendor_emulator::vendors::cloudtips::wire::paging::MAX_LIMIT;
    use vendor_emulator::vendors::cloudtips::wire::places::{NewRegistrationLink, LIFETIME_SECONDS};
    use vendor_emulator::vendors::cloudtips::wire::receivers::PayoutCode;
    use vendor_emulator::vendors::cloudtips::wire::token::TokenForm;
    let cloudtips: Vec<_> = surfaces(&Config::defaults())
        .into_iter()
        .filter(|s| s.name == "cloudtips")
        .collect();
    let document = spec(&cloudtips);
    let operation = |path: &str, method: &str| document["paths"][path][method].clone();
    let body = |path: &str, method: &str, media: &str| {
        operation(path, method)["requestBody"]["content"][media]["schema"].clone()
    };
    let param = |path: &str, name: &str| {
        operation(path, "get")["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .cloned()
            .unwrap()["schema"]
            .clone()
    };

    // What the spec publishes is the declaration with the platform's U+0000 rule stated on it.
    let declared = |mut schema: Value| {
        vendor_emulator::openapi::schema::refuse_nul(&mut schema);
        schema
    };
    let link = body("/cloudtips/api/places/registration-url", "post", "application/json");
    assert_eq!(link, declared(schema_of::<NewRegistrationLink>().schema.clone()));
    assert_eq!(link["required"], json!(["placeId"]));
    assert_eq!(link["properties"]["lifetime"]["maximum"], *LIFETIME_SECONDS.end());
    assert_eq!(
        body(
            "/cloudtips/api/receivers/{user_id}/payout-method",
            "post",
            "application/json"
        ),
        declared(schema_of::<PayoutCode>().schema.clone())
    );
    assert_eq!(
        body("/cloudtips/connect/token", "post", "application/x-www-form-urlencoded"),
        declared(schema_of::<TokenForm>().schema.clone())
    );
    let patch = body("/cloudtips/api/receivers/{user_id}", "patch", "application/json");
    assert_eq!(patch, declared(schema_of::<JsonPatch>().schema.clone()));
    for operation in patch["items"]["anyOf"].as_array().unwrap() {
        assert_eq!(operation["properties"]["path"]["pattern"], POINTER_PATTERN);
    }
    let page = param("/cloudtips/api/timeline", "page");
    assert_eq!(page["anyOf"][0]["minimum"], 1);
    assert_eq!(page["anyOf"][0]["maximum"], MAX_DEPTH);
    assert_eq!(
        param("/cloudtips/api/receivers", "limit")["anyOf"][0]["maximum"],
        MAX_LIMIT
    );
    assert_eq!(param("/cloudtips/api/places", "ids")["type"], "array");
    let photo = body(
        "/cloudtips/api/receivers/{user_id}/photo",
        "post",
        "multipart/form-data",
    );
    assert_eq!(photo["required"], json!([FILE_FIELD]));
    assert_eq!(photo["propertyNames"]["pattern"], PART_NAME_PATTERN);
    let photo_rule = photo["properties"][FILE_FIELD]["description"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(photo_rule.contains(&MAX_PHOTO_BYTES.to_string()), "{photo_rule}");
    // A state or a rule across members is a declared refusal; a schema's rule never is.
    assert_eq!(
        refusal_statuses(&operation("/cloudtips/api/receivers/create-many", "post")),
        json!([400])
    );
    assert_eq!(
        refusal_statuses(&operation("/cloudtips/api/timeline", "get")),
        json!([400])
    );
    assert!(refusal_statuses(&operation("/cloudtips/api/receivers/{user_id}/payout-method", "post")).is_null());
    assert!(refusal_statuses(&operation("/cloudtips/api/receivers", "get")).is_null());
}

/// EDIN's bodies take their bounds, patterns and codes from the handlers' constants.
#[test]
fn edin_rules_are_the_handlers_constants() {
    use serde_json::json;
    use vendor_emulator::openapi::spec;
    use vendor_emulator::vendors::edin::store::certificates::FILTERS;
    use vendor_emulator::vendors::edin::wire::complaints::TEXT_MAX;
    use vendor_emulator::vendors::edin::wire::directories::ERROR_TYPES;
    let chosen: Vec<_> = surfaces(&Config::defaults())
        .into_iter()
        .filter(|s| s.name == "edin")
        .collect();
    let document = spec(&chosen);
    let body =
        |path: &str, media: &str| document["paths"][path]["post"]["requestBody"]["content"][media]["schema"].clone();
    let json_body = |path: &str| body(path, "application/json");

    let complaint = json_body("/edin/Api/V1/Certificate/NotifyError");
    let codes: Vec<i64> = ERROR_TYPES.entries.iter().map(|(code, _)| *code).collect();
    assert_eq!(complaint["properties"]["type_error"]["anyOf"][0]["enum"], json!(codes));
    let text = complaint["properties"]["text"]["anyOf"][0]["anyOf"][0]["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(text.contains(&format!("{{0,{}}}", TEXT_MAX - 2)), "{text}");
    let filter = json_body("/edin/Api/V1/GetCertUA/GetCertList")["properties"]["filter"]["anyOf"][0]["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(FILTERS.iter().all(|name| filter.contains(name)), "{filter}");
}

/// The rules of the LIFE POS lists, bodies and paths, and of СУП's limits, are the validators'
/// constants.
#[test]
fn list_body_and_limit_rules_are_the_validators_constants() {
    use serde_json::json;
    use vendor_emulator::openapi::spec;
    use vendor_emulator::vendors::lifepos::api::workplaces;
    use vendor_emulator::vendors::lifepos::store::lists::MAX_PAGE_SIZE;
    use vendor_emulator::vendors::lifepos::store::{fiscal_registrars, sales, terminals};
    use vendor_emulator::vendors::lifepos::wire::{employees, members};
    use vendor_emulator::vendors::sup::wire::limits::{MAX_CARDS, TIME_PATTERN, WEEKDAYS};
    let all = surfaces(&Config::defaults());
    let document = |name: &str| spec(std::slice::from_ref(all.iter().find(|s| s.name == name).unwrap()));
    let lifepos = document("lifepos");
    let param = |path: &str, method: &str, name: &str| {
        lifepos["paths"][path][method]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{method} {path}: no {name}"))["schema"]
            .clone()
    };
    let sales = "/lifepos/v6/orgs/{org}/deals/sales";
    assert_eq!(param(sales, "get", "items_per_page")["maximum"], MAX_PAGE_SIZE);
    assert_eq!(param(sales, "get", "include_items_total")["type"], "boolean");
    let order = param(sales, "get", "order_by");
    assert!(
        order["enum"].as_array().unwrap().contains(&json!("opened_at_desc")),
        "{order}"
    );
    let state = param(sales, "get", "state")["items"]["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(sales::STATES.iter().all(|s| state.contains(s)), "{state}");
    let docs = "/lifepos/v6/orgs/{org}/fiscal-registrars/{guid}/docs";
    let form = param(docs, "get", "fiscal_form")["items"]["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        fiscal_registrars::FISCAL_FORMS.iter().all(|f| form.contains(f)),
        "{form}"
    );
    let transactions = "/lifepos/v6/orgs/{org}/terminals/{kind}/{guid}/transactions";
    assert_eq!(param(transactions, "get", "kind")["enum"], json!(terminals::SEGMENTS));
    let operation = param(transactions, "get", "operation")["items"]["pattern"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        terminals::OPERATIONS.iter().all(|o| operation.contains(o)),
        "{operation}"
    );
    let receipts = "/lifepos/v6/orgs/{org}/fiscal-registrars/{guid}/docs/receipts";
    assert!(param(receipts, "get", "guid")["pattern"]
        .as_str()
        .unwrap()
        .ends_with("|\\*)$"));
    let action = param("/lifepos/v6/orgs/{org}/workplaces/{guid}", "post", "guid");
    assert!(workplaces::ACTIONS
        .iter()
        .all(|a| action["pattern"].as_str().unwrap().contains(a)));
    let body = |document: &Value, path: &str, method: &str| {
        document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"].clone()
    };
    let new_employee = body(&lifepos, "/lifepos/v6/orgs/{org}/employees", "post");
    let members = &new_employee["properties"];
    assert_eq!(members["name"]["minLength"], *employees::NAME_CHARS.start());
    assert_eq!(members["username"]["maxLength"], *employees::USERNAME_CHARS.end());
    assert_eq!(members["email"]["pattern"], members::EMAIL_PATTERN);
    assert_eq!(members["meta"]["maxLength"], employees::MAX_META_CHARS);
    assert_eq!(new_employee["required"], json!(["name", "username", "phone", "role"]));
    let patch = body(&lifepos, "/lifepos/v6/orgs/{org}", "patch");
    assert_eq!(patch["type"], "array");
    assert_eq!(patch["items"]["anyOf"][2]["required"], json!(["op", "path", "from"]));

    let sup = document("sup");
    let limits = body(&sup, "/sup/v1/setlimitscards", "post");
    assert_eq!(limits["properties"]["data"]["maxItems"], MAX_CARDS);
    let limit = &limits["properties"]["limit"];
    assert_eq!(limit["additionalProperties"], false);
    let days = &limit["properties"]["days"];
    assert_eq!(days["items"]["maximum"], *WEEKDAYS.end());
    assert_eq!(days["uniqueItems"], true);
    assert_eq!(
        limit["properties"]["times"]["items"]["properties"]["from"]["pattern"],
        TIME_PATTERN
    );
}

/// What the spec says a tenant may be named is what the platform accepts: the boundaries of the
/// pattern, answered 400 in the vendor's error shape when broken.
async fn the_tenant_pattern_is_what_the_platform_accepts(backend: Backend) {
    let app = spawn_app(backend).await;
    let longest = format!("a{}", "b".repeat(63));
    let too_long = format!("a{}", "b".repeat(64));
    for (tenant, accepted) in [
        ("0-ok_", true),
        (longest.as_str(), true),
        (too_long.as_str(), false),
        ("-x", false),
        ("Ab", false),
    ] {
        let response = app
            .client
            .get(app.url("/cloudtips/api/places"))
            .header("X-Emulator-Tenant", tenant)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        if accepted {
            assert_eq!(status, 401, "{tenant}: {body}");
        } else {
            assert_eq!(status, 400, "{tenant}: {body}");
            assert_eq!(body["succeed"], false, "{tenant}: {body}");
        }
    }
}

/// State refusals are declared on the operations whose state decides them, each a documented
/// answer listed in `x-emulator-refusals`, its examples the vendor's own bodies; nothing else is.
#[test]
fn state_refusals_are_declared_where_the_state_decides() {
    use serde_json::json;
    use vendor_emulator::openapi::{spec, REFUSALS_EXTENSION};
    let all = surfaces(&Config::defaults());
    let document = spec(&all);
    let operation = |path: &str, method: &str| document["paths"][path][method].clone();
    let refusals = |path: &str, method: &str| refusal_statuses(&operation(path, method));
    for (path, method, statuses) in [
        ("/lifepos/v6/orgs/{org}/workplaces", "post", json!([403, 422])),
        ("/lifepos/v6/orgs/{org}/workplaces", "get", json!([403, 422])),
        ("/lifepos/v6/orgs/{org}/employees", "post", json!([403, 422])),
        ("/lifepos/v6/orgs/{org}", "patch", json!([403, 422])),
        ("/sup/v1/setlimitscards", "post", json!([404, 422])),
        ("/edin/Api/V1/Certificate/NotifyError", "post", json!([400, 404])),
        ("/cloudtips/api/places", "post", json!([400])),
        ("/cloudtips/api/receivers/create-many", "post", json!([400])),
        ("/_emulator/clock", "post", json!([400])),
        ("/_emulator/fixtures", "post", json!([422])),
    ] {
        assert_eq!(refusals(path, method), statuses, "{method} {path}");
    }
    for (path, method) in [("/cloudtips/api/receivers", "get"), ("/_emulator/faults", "post")] {
        assert!(
            refusals(path, method).is_null(),
            "{method} {path}: {}",
            refusals(path, method)
        );
    }
    let taken = &operation("/lifepos/v6/orgs/{org}/workplaces", "post")["responses"]["422"];
    let examples = taken["content"]["application/json"]["examples"].as_object().unwrap();
    let codes: Vec<&Value> = examples.values().map(|example| &example["value"]["code"]).collect();
    assert!(codes.contains(&&json!("NotUnique")), "{taken}");
    assert!(
        taken["description"]
            .as_str()
            .unwrap()
            .contains("Refused although the schema admits the request: The number is taken, or no number is left"),
        "{taken}"
    );
    // Every declared status is a documented answer with the refusal among its examples.
    for (path, methods) in document["paths"].as_object().unwrap() {
        for (method, operation) in methods.as_object().unwrap() {
            for entry in operation[REFUSALS_EXTENSION].as_array().into_iter().flatten() {
                let status = &entry["status"];
                assert!(
                    entry["member"].as_str().is_some_and(|member| member.starts_with('/')),
                    "{method} {path}: {entry}"
                );
                let response = &operation["responses"][status.to_string()];
                let content = response["content"]
                    .as_object()
                    .and_then(|content| content.values().next());
                assert!(
                    content.is_some_and(|content| content["examples"]["refusal-1"]["value"].is_object()),
                    "{method} {path} {status}: {response}"
                );
            }
        }
    }
}

/// Each refusal's example is a body one of its marks tells, on every surface: what the spec says
/// identifies a refusal is what the error the example comes from answers.
#[test]
fn every_refusal_example_is_told_by_its_marks() {
    let mut refusals = 0;
    for surface in surfaces(&Config::defaults()) {
        for operation in &surface.operations {
            for refusal in &operation.refusals {
                refusals += 1;
                assert!(
                    refusal.marks.iter().any(|mark| mark.matches(&refusal.example)),
                    "{} {} {}{}: {} is told by none of {:?}",
                    surface.name,
                    refusal.status,
                    operation.method,
                    operation.path,
                    refusal.example,
                    refusal.marks
                );
            }
        }
    }
    assert!(refusals > 50, "only {refusals} refusals");
}

/// The control plane's spec names the registry's vendors and states what its handlers take.
#[test]
fn the_control_spec_states_what_the_control_plane_takes() {
    use serde_json::json;
    use vendor_emulator::openapi::spec;
    use vendor_emulator::platform::HTTP_STATUSES;
    let all = surfaces(&Config::defaults());
    let control = spec(std::slice::from_ref(all.iter().find(|s| s.name == "control").unwrap()));
    let rule = &control["paths"]["/_emulator/faults"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let vendors = &rule["properties"]["vendor"]["anyOf"][0]["enum"];
    assert_eq!(vendors, &json!(vendor_emulator::vendors::names()), "{rule}");
    assert_eq!(
        rule["properties"]["path"]["anyOf"][0]["maxLength"],
        Config::defaults().faults.max_path_bytes
    );
    assert_eq!(rule["additionalProperties"], false);
    let status = control["paths"]["/_emulator/journal"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "status")
        .unwrap()["schema"]
        .clone();
    assert_eq!(
        (status["minimum"].clone(), status["maximum"].clone()),
        (json!(HTTP_STATUSES.start()), json!(HTTP_STATUSES.end()))
    );
}
