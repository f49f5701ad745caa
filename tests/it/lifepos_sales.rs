//! LIFE POS sales, bank and quick-payment terminals with their transactions, fiscal registrars with
//! their documents: the calls of a public TypeScript client re-enacted (same paths, parameters and
//! headers, the fields it reads), paging, filters, orders, 404/422, access, a sale added while the
//! emulator runs, tenants and the state export.

use crate::common::{join_all, send, spawn_app, Backend, TestApp};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

const DEMO_ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const BAKERY: &str = "8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a41";
const BANK: &str = "1a2b3c4d-0000-4000-8000-000000000b01";
const QUICK: &str = "1a2b3c4d-0000-4000-8000-000000000b02";
const REGISTRAR: &str = "1a2b3c4d-0000-4000-8000-000000000f01";
const OLD_REGISTRAR: &str = "1a2b3c4d-0000-4000-8000-000000000f02";
const RECEIPT: &str = "1a2b3c4d-0000-4000-8000-000000000d02";
const OPENING: &str = "1a2b3c4d-0000-4000-8000-000000000d01";
const CLOSING: &str = "1a2b3c4d-0000-4000-8000-000000000d03";
const FIRST_SALE: &str = "1a2b3c4d-0000-4000-8000-000000005001";
const SALES: usize = 25;

/// The headers of the public TypeScript client: `X-LP-Client-Type: WebApp`.
fn web_app(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.client
        .request(method, app.url(&format!("/lifepos{path}")))
        .header("Accept-Language", "ru-RU")
        .header("X-LP-Client-Identifier", "726f79ad-5af6-4eae-bbd4-66f84313cd35")
        .header("X-LP-Client-Type", "WebApp")
}

/// The hour `h` of 2026-03-01, UTC.
fn hour(h: usize) -> String {
    format!("2026-03-{:02}T{:02}:00:00Z", 1 + h / 24, h % 24)
}

/// A bakery with 25 sales an hour apart (numbers 1–25, the first with a receipt), a bank and a
/// quick-payment terminal, a registrar with shift reports and a receipt, an archived registrar.
fn bakery() -> Value {
    let sales: Vec<Value> = (0..SALES)
        .map(|i| {
            let mut sale = json!({
                "opened_at": hour(8 + i),
                "positions": [
                    { "name": "Багет", "quantity": 2, "sale_price": { "value": 9000 } },
                    { "name": "Кофе", "quantity": 1, "sale_price": { "value": 15000 + i as i64 } },
                ],
            });
            if i == 0 {
                sale["guid"] = json!(FIRST_SALE);
            }
            if i == 1 {
                sale["payment_status"] = json!("NotPaid");
                sale["state"] = json!("New");
            }
            sale
        })
        .collect();
    json!({ "lifepos": { "organizations": [{
        "guid": BAKERY, "name": "Пекарня", "alias": "bakery", "api_keys": ["bakery-key"],
        "employees": [{ "name": "Иван Пекарев", "username": "ivan", "phone": "+79995550001",
                        "password": "bakery-pass", "role": "Owner" }],
        "sales": sales,
        "terminals": [
            { "guid": BANK, "kind": "Bank", "name": "Пинпад", "serial_number": "PAX-1", "transactions": [
                { "amount": { "value": 33000 }, "card_number": "220000******1234", "purpose": "1",
                  "registered_at": "2026-03-01T08:01:00Z" },
                { "amount": { "value": 33001 }, "status": "Failed", "card_number": "220000******9999",
                  "purpose": "2", "registered_at": "2026-03-01T09:01:00Z" },
                { "amount": { "value": 33002 }, "operation": "Refund", "card_number": "220000******1234",
                  "purpose": "3", "registered_at": "2026-03-01T10:01:00Z" },
            ] },
            { "guid": QUICK, "kind": "QuickPayments", "name": "СБП", "transactions": [
                { "amount": { "value": 33003 }, "purpose": "4", "registered_at": "2026-03-01T11:01:00Z" },
            ] },
        ],
        "fiscal_registrars": [
            { "guid": REGISTRAR, "name": "АТОЛ 30Ф", "serial_number": "0010671234", "docs": [
                { "guid": OPENING, "fiscal_form": "ShiftOpeningReport", "shift_number": 7,
                  "cashier": "Иван Пекарев", "issued_at": "2026-03-01T07:55:00Z" },
                { "guid": RECEIPT, "fiscal_form": "Receipt", "sale": "1", "shift_number": 7,
                  "ofd_url": "https://check.ofd.example/rec/bakery-1", "issued_at": "2026-03-01T08:02:00Z" },
                { "guid": CLOSING, "fiscal_form": "ShiftClosingReport", "shift_number": 7,
                  "issued_at": "2026-03-02T09:00:00Z" },
                { "fiscal_form": "CurrentStateReport", "fiscal_status": "Pending", "issued_at": "2026-03-01T12:00:00Z" },
            ] },
            { "guid": OLD_REGISTRAR, "name": "Старая касса", "deleted_at": "2026-02-01T00:00:00Z", "docs": [
                { "fiscal_form": "Receipt", "issued_at": "2026-01-10T10:00:00Z", "total_sum": { "value": 100 } },
            ] },
        ],
    }] } })
}

async fn with_bakery(backend: Backend) -> TestApp {
    let app = spawn_app(backend).await;
    let (status, body) = send(app.post("/_emulator/fixtures").json(&bakery())).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["added"]["lifepos"]["sales"], SALES);
    assert_eq!(body["added"]["lifepos"]["transactions"], 4);
    assert_eq!(body["added"]["lifepos"]["fiscal_documents"], 5);
    app
}

async fn sign_in(app: &TestApp) -> String {
    let (status, body) = send(
        web_app(app, Method::POST, "/auth/sign-in-by-phone")
            .header("Content-Type", "application/json")
            .json(&json!({ "phone": "+79995550001", "password": "bakery-pass" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().unwrap().to_owned()
}

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let (status, body) = send(web_app(app, Method::GET, path).bearer_auth(token)).await;
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// The kopecks of an amount a sale, its position or its receipt shows, each with its currency.
fn money(value: &Value) -> i64 {
    assert_eq!(
        value["currency"], "RUB",
        "an amount of a sale names its currency: {value}"
    );
    value["value"].as_i64().unwrap_or_else(|| panic!("no money: {value}"))
}

/// The client's journey: sign in by phone, list organizations, `/me`, every page of sales with
/// `next_page_token`, both kinds of terminal with their transactions, the alive registrars and their
/// shift reports, one sale by id and its receipt (through the registrar, and through `*`).
async fn the_typescript_client_reads_what_it_needs(backend: Backend) {
    let app = with_bakery(backend).await;
    let token = sign_in(&app).await;
    let orgs = get(&app, &token, "/orgs?presentation=full").await;
    assert_eq!(orgs["items"][0]["guid"], BAKERY);
    let me = get(
        &app,
        &token,
        &format!("/orgs/{BAKERY}/me?presentation=full&include_permissions=false"),
    )
    .await;
    assert_eq!(me["name"], "Иван Пекарев");

    let base = format!(
        "/orgs/{BAKERY}/deals/sales?presentation=full&order_by=opened_at_desc&include_items_total=true&selection=all"
    );
    let mut sales = Vec::new();
    let mut page_token: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &page_token {
            Some(token) => format!("{base}&page_token={token}"),
            None => base.clone(),
        };
        let page = get(&app, &token, &path).await;
        pages += 1;
        assert_eq!(page["items_total"], SALES, "{page}");
        assert_eq!(page["pages_total"], 2);
        assert_eq!(page["page_number"], pages);
        sales.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_page_token"].as_str() {
            Some(next) => page_token = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!((pages, sales.len()), (2, SALES), "20 then 5");
    let opened: Vec<&str> = sales.iter().map(|sale| sale["opened_at"].as_str().unwrap()).collect();
    let mut newest_first = opened.clone();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(opened, newest_first, "opened_at_desc");
    let first = sales.last().unwrap();
    assert_eq!(first["guid"], FIRST_SALE);
    assert_eq!(first["number"], "1", "the number is a string");
    assert_eq!(first["opened_at"], "2026-03-01T08:00:00.000Z");
    assert_eq!(
        (&first["state"], &first["payment_status"], &first["shipping_status"]),
        (&json!("Completed"), &json!("Paid"), &json!("Shipped"))
    );
    assert_eq!(money(&first["total_sum"]), 2 * 9000 + 15000, "the positions' sum");
    let positions = first["positions"].as_array().unwrap();
    assert_eq!(positions[0]["name"], "Багет");
    assert_eq!(positions[0]["quantity"].as_f64(), Some(2.0));
    assert_eq!(money(&positions[0]["sale_price"]), 9000);
    assert_eq!(money(&positions[0]["total_sum"]), 18000, "price × quantity");
    let compact = get(
        &app,
        &token,
        &format!("/orgs/{BAKERY}/deals/sales?presentation=compact&items_per_page=1"),
    )
    .await;
    let mut shown: Vec<&String> = compact["items"][0].as_object().unwrap().keys().collect();
    shown.sort_unstable();
    assert_eq!(
        shown,
        [
            "guid",
            "number",
            "opened_at",
            "payment_status",
            "shipping_status",
            "state",
            "status",
            "total_sum",
            "type_of"
        ]
    );
    let second = &sales[SALES - 2];
    assert_eq!(
        (&second["number"], &second["payment_status"]),
        (&json!("2"), &json!("NotPaid"))
    );

    // A report period, as the client sends it (`Date.toISOString()`): the first day only.
    let day = "opened_at_from=2026-03-01T00:00:00.000Z&opened_at_to=2026-03-01T23:59:59.999Z";
    let today = get(&app, &token, &format!("{base}&{day}")).await;
    assert_eq!(today["items_total"], 16, "08:00 to 23:00");
    assert_eq!(today["items"][0]["opened_at"], "2026-03-01T23:00:00.000Z");

    let range = "registered_at_from=2026-03-01T00:00:00.000Z&registered_at_to=2026-03-02T00:00:00.000Z";
    let banks = get(
        &app,
        &token,
        &format!("/orgs/{BAKERY}/terminals/bank?presentation=full"),
    )
    .await;
    assert_eq!(banks["items"].as_array().unwrap().len(), 1);
    assert_eq!(banks["items"][0]["guid"], BANK);
    let path = format!(
        "/orgs/{BAKERY}/terminals/bank/{BANK}/transactions?presentation=full&order_by=registered_at_desc&{range}"
    );
    let transactions = get(&app, &token, &path).await;
    let items = transactions["items"].as_array().unwrap();
    let purposes: Vec<&str> = items
        .iter()
        .map(|t| t["meta_data"]["purpose"].as_str().unwrap())
        .collect();
    assert_eq!(purposes, ["3", "2", "1"], "newest first");
    let paid = &items[2];
    assert_eq!(
        (&paid["status"], &paid["operation"]),
        (&json!("Completed"), &json!("Payment"))
    );
    assert_eq!(paid["card_number"], "220000******1234");
    assert_eq!(
        paid["amount"],
        json!({ "value": 33000 }),
        "a transaction's amount has no currency"
    );
    assert_eq!(
        (&items[1]["status"], &items[0]["operation"]),
        (&json!("Failed"), &json!("Refund"))
    );
    let quick = get(
        &app,
        &token,
        &format!("/orgs/{BAKERY}/terminals/quick-payments?presentation=full"),
    )
    .await;
    assert_eq!(quick["items"][0]["guid"], QUICK);
    let path = format!("/orgs/{BAKERY}/terminals/quick-payments/{QUICK}/transactions?presentation=full&order_by=registered_at_desc&{range}");
    let sbp = get(&app, &token, &path).await;
    assert_eq!(sbp["items"][0]["meta_data"]["purpose"], "4");
    assert_eq!(sbp["items"][0]["payment_type"], "Sbp");
    assert_eq!(sbp["items"][0]["card_number"], Value::Null);

    let registrars = get(
        &app,
        &token,
        &format!("/orgs/{BAKERY}/fiscal-registrars?presentation=full&selection=alive_only"),
    )
    .await;
    let alive: Vec<&Value> = registrars["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["guid"])
        .collect();
    assert_eq!(alive, [&json!(REGISTRAR)], "the archived one is left out");
    assert_eq!(registrars["items"][0]["name"], "АТОЛ 30Ф");
    let path = format!("/orgs/{BAKERY}/fiscal-registrars/{REGISTRAR}/docs?presentation=full&order_by=issued_at_desc&selection=all&items_per_page=100&fiscal_form=ShiftOpeningReport&fiscal_form=ShiftClosingReport");
    let docs = get(&app, &token, &path).await;
    assert_eq!(docs["items_per_page"], 100);
    let forms: Vec<(&str, &str)> = docs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|doc| (doc["guid"].as_str().unwrap(), doc["fiscal_form"].as_str().unwrap()))
        .collect();
    assert_eq!(
        forms,
        [(CLOSING, "ShiftClosingReport"), (OPENING, "ShiftOpeningReport")]
    );
    let opening = &docs["items"][1];
    assert_eq!(opening["fiscal_status"], "Printed");
    assert_eq!(opening["issued_at"], "2026-03-01T07:55:00.000Z");
    assert_eq!(opening["cashier"]["name"], "Иван Пекарев");

    let sale = get(
        &app,
        &token,
        &format!("/orgs/{BAKERY}/deals/sales/{FIRST_SALE}?presentation=full&include_items_total=true"),
    )
    .await;
    assert_eq!(sale["number"], "1");
    assert_eq!(sale["fiscal_document"]["guid"], RECEIPT, "the receipt printed for it");
    assert_eq!(sale["fiscal_document"]["fiscal_registrar"]["guid"], REGISTRAR);
    let receipt = get(
        &app,
        &token,
        &format!("/orgs/{BAKERY}/fiscal-registrars/{REGISTRAR}/docs/receipts/{RECEIPT}?presentation=full"),
    )
    .await;
    assert_eq!(receipt["ofd_url"], "https://check.ofd.example/rec/bakery-1");
    assert_eq!(receipt["sale"]["guid"], FIRST_SALE);
    assert_eq!(money(&receipt["total_sum"]), 33000, "its sale's total");
    let found = get(
        &app,
        &token,
        &format!("/orgs/{BAKERY}/fiscal-registrars/*/docs/receipts?presentation=full&guid={RECEIPT}"),
    )
    .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    assert_eq!(found["items"][0]["ofd_url"], receipt["ofd_url"]);
    assert_eq!(found["items"][0]["fiscal_registrar"]["guid"], REGISTRAR);
}

/// The NestJS client's form: the organization's API key as the raw `Authorization` value.
async fn a_raw_api_key_reads_sales(backend: Backend) {
    let app = with_bakery(backend).await;
    let (status, body) = send(
        app.lifepos(Method::GET, &format!("/v6/orgs/{BAKERY}/deals/sales?items_per_page=5"))
            .header("Authorization", "bakery-key")
            .header("Accept", "application/json"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (body["items"].as_array().unwrap().len(), &body["items_per_page"]),
        (5, &json!(5))
    );
    assert_eq!(body["pages_total"], 5);
    assert_eq!(body["items"][0]["number"], "25", "newest first by default");
}

async fn key_get(app: &TestApp, path: &str) -> (u16, Value) {
    send(app.lifepos(Method::GET, path).header("Authorization", "bakery-key")).await
}

fn numbers(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["number"].as_str().unwrap().to_owned())
        .collect()
}

/// `opened_at_from`/`_to` are inclusive, a page token keeps them, `opened_at_asc` orders oldest
/// first, the statuses narrow; bad values are 422 naming the parameter.
async fn filters_orders_and_bad_parameters(backend: Backend) {
    let app = with_bakery(backend).await;
    let sales = format!("/orgs/{BAKERY}/deals/sales");
    let (status, page) = key_get(
        &app,
        &format!(
            "{sales}?order_by=opened_at_asc&opened_at_from={}&opened_at_to={}",
            hour(10),
            hour(12)
        ),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(numbers(&page), ["3", "4", "5"], "both bounds inclusive");
    assert_eq!(page["items_total"], 3);

    let (_, first) = key_get(&app, &format!("{sales}?items_per_page=2&opened_at_from={}", hour(28))).await;
    assert_eq!(numbers(&first), ["25", "24"]);
    let next = first["next_page_token"].as_str().unwrap();
    let (_, second) = key_get(&app, &format!("{sales}?page_token={next}&opened_at_from={}", hour(0))).await;
    assert_eq!(
        numbers(&second),
        ["23", "22"],
        "the token's bounds, not the ones beside it"
    );
    let (_, last) = key_get(
        &app,
        &format!("{sales}?page_token={}", second["next_page_token"].as_str().unwrap()),
    )
    .await;
    assert_eq!(numbers(&last), ["21"]);
    assert_eq!(last["next_page_token"], Value::Null);

    let (_, unpaid) = key_get(&app, &format!("{sales}?payment_status=NotPaid,PartiallyPaid")).await;
    assert_eq!(numbers(&unpaid), ["2"]);
    let (_, query) = key_get(&app, &format!("{sales}?query=2&order_by=opened_at_asc")).await;
    assert_eq!(numbers(&query), ["2", "12", "20", "21", "22", "23", "24", "25"]);

    let docs = format!("/orgs/{BAKERY}/fiscal-registrars/{REGISTRAR}/docs");
    let (_, pending) = key_get(&app, &format!("{docs}?fiscal_status=Pending")).await;
    assert_eq!(pending["items"][0]["fiscal_form"], "CurrentStateReport");
    assert_eq!(pending["items_total"], 1);
    let (_, day) = key_get(
        &app,
        &format!("{docs}?issued_at_from=2026-03-01&issued_at_to=2026-03-01T23:59:59Z&order_by=issued_at_asc"),
    )
    .await;
    let guids: Vec<&str> = day["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["guid"].as_str().unwrap())
        .collect();
    assert_eq!(&guids[..2], [OPENING, RECEIPT]);
    assert_eq!(guids.len(), 3, "the closing report is the next day");

    let bad = [
        (format!("{sales}?opened_at_from=yesterday"), "opened_at_from"),
        (format!("{sales}?order_by=number_asc"), "order_by"),
        (format!("{sales}?items_per_page=101"), "items_per_page"),
        (format!("{sales}?include_items_total=maybe"), "include_items_total"),
        (format!("{sales}?state=Done"), "state"),
        (format!("{sales}?page_token=forged.token"), "page_token"),
        (format!("{sales}?selection=all&selection=alive_only"), "selection"),
        (format!("{docs}?fiscal_form=Invoice"), "fiscal_form"),
        (
            format!("/orgs/{BAKERY}/fiscal-registrars/*/docs/receipts?guid=42"),
            "guid",
        ),
        (
            format!("/orgs/{BAKERY}/terminals/bank/{BANK}/transactions?status=Lost"),
            "status",
        ),
    ];
    for (path, field) in bad {
        let (status, body) = key_get(&app, &path).await;
        assert_eq!(status, 422, "{path}: {body}");
        assert_eq!(body["code"], "RequestIsNotValid");
        assert!(body["errors"][field].is_array(), "{path}: {body}");
    }
    // A token of one terminal's transactions is no token for another's.
    let (_, one) = key_get(
        &app,
        &format!("/orgs/{BAKERY}/terminals/bank/{BANK}/transactions?items_per_page=1"),
    )
    .await;
    let token = one["next_page_token"].as_str().unwrap();
    let (status, _) = key_get(
        &app,
        &format!("/orgs/{BAKERY}/terminals/quick-payments/{QUICK}/transactions?page_token={token}"),
    )
    .await;
    assert_eq!(status, 422);
}

/// Unknown or malformed guids, the other kind of terminal, a document that is no receipt, a
/// receipt under another registrar: 404 in the vendor's shape; another organization: 403; no
/// credential: 401.
async fn unknown_guids_other_orgs_and_no_credential(backend: Backend) {
    let app = with_bakery(backend).await;
    let missing = "00000000-0000-4000-8000-00000000dead";
    let not_found = [
        format!("/orgs/{BAKERY}/deals/sales/{missing}"),
        format!("/orgs/{BAKERY}/deals/sales/1"),
        format!("/orgs/{BAKERY}/terminals/cash"),
        format!("/orgs/{BAKERY}/terminals/quick-payments/{BANK}"),
        format!("/orgs/{BAKERY}/terminals/quick-payments/{BANK}/transactions"),
        format!("/orgs/{BAKERY}/terminals/bank/{missing}/transactions"),
        format!("/orgs/{BAKERY}/fiscal-registrars/{missing}"),
        format!("/orgs/{BAKERY}/fiscal-registrars/{missing}/docs"),
        format!("/orgs/{BAKERY}/fiscal-registrars/*/docs"),
        format!("/orgs/{BAKERY}/fiscal-registrars/{REGISTRAR}/docs/receipts/{OPENING}"),
        format!("/orgs/{BAKERY}/fiscal-registrars/{OLD_REGISTRAR}/docs/receipts/{RECEIPT}"),
        // the demo organization's sale, asked for in the bakery
        format!("/orgs/{BAKERY}/deals/sales/9d3e5f7a-1b2c-4d6e-8f0a-2b4c6d8e0f21"),
    ];
    for path in not_found {
        let (status, body) = key_get(&app, &path).await;
        assert_eq!((status, &body["code"]), (404, &json!("NotFound")), "{path}: {body}");
        assert_eq!(body["message"], "объект не найден");
    }
    let (status, body) = key_get(&app, &format!("/orgs/{BAKERY}/terminals/bank/{BANK}")).await;
    assert_eq!((status, &body["type_of"]), (200, &json!("BankTerminal")));
    let (status, body) = key_get(
        &app,
        &format!("/orgs/{BAKERY}/fiscal-registrars/*/docs/receipts/{RECEIPT}"),
    )
    .await;
    assert_eq!((status, &body["guid"]), (200, &json!(RECEIPT)), "* finds it");

    for path in [
        format!("/orgs/{DEMO_ORG}/deals/sales"),
        format!("/orgs/{DEMO_ORG}/deals/sales/9d3e5f7a-1b2c-4d6e-8f0a-2b4c6d8e0f21"),
        format!("/orgs/{DEMO_ORG}/terminals/bank"),
        format!("/orgs/{DEMO_ORG}/fiscal-registrars/*/docs/receipts"),
    ] {
        let (status, body) = key_get(&app, &path).await;
        assert_eq!(
            (status, &body["code"]),
            (403, &json!("NoPermissions")),
            "{path}: {body}"
        );
    }
    let (status, body) = send(app.lifepos(Method::GET, &format!("/orgs/{BAKERY}/deals/sales"))).await;
    assert_eq!((status, &body["code"]), (401, &json!("Unauthorized")));
    let (status, body) = send(
        app.lifepos(Method::GET, &format!("/orgs/{BAKERY}/deals/sales"))
            .bearer_auth("nope"),
    )
    .await;
    assert_eq!((status, &body["code"]), (401, &json!("Unauthorized")));

    // The demo organization's own key sees its own sales, not the bakery's.
    let (status, demo) = send(
        app.lifepos(
            Method::GET,
            &format!("/orgs/{DEMO_ORG}/deals/sales?order_by=opened_at_asc"),
        )
        .header("Authorization", "demo-lifepos-api-key"),
    )
    .await;
    assert_eq!(status, 200, "{demo}");
    assert_eq!(numbers(&demo), ["1", "2", "3"]);
    assert_eq!(
        demo["items"][0]["fiscal_document"]["fiscal_registrar"]["guid"],
        "4a6c8e0f-2b4d-4f6a-8c0e-1a3c5e7f9b21"
    );
}

/// A fixture load with a `sales` entry adds a sale to a running organization: opened at the
/// tenant's virtual now, the next number, shown at once (also after a cached read).
async fn a_sale_loaded_while_running_appears(backend: Backend) {
    let app = with_bakery(backend).await;
    let (status, body) = send(
        app.post("/_emulator/clock")
            .json(&json!({ "set": "2030-03-05T12:30:00Z" })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let sales = format!("/orgs/{BAKERY}/deals/sales?items_per_page=1");
    let (_, before) = key_get(&app, &sales).await;
    assert_eq!(
        (numbers(&before), &before["items_total"]),
        (vec!["25".to_owned()], &json!(SALES))
    );

    let sale = json!({ "lifepos": { "sales": [{
        "organization": BAKERY,
        "positions": [{ "name": "Эклер", "quantity": 3, "sale_price": { "value": 11000 } }],
    }] } });
    let (status, body) = send(app.post("/_emulator/fixtures").json(&sale)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["added"]["lifepos"]["sales"], 1);

    let (_, after) = key_get(&app, &sales).await;
    assert_eq!(after["items_total"], SALES + 1);
    let new = &after["items"][0];
    assert_eq!(new["number"], "26", "the next free number");
    let opened = new["opened_at"].as_str().unwrap();
    assert!(
        opened.starts_with("2030-03-05T12:30:0"),
        "the tenant's virtual now: {opened}"
    );
    assert_eq!(money(&new["total_sum"]), 33000);
    assert_eq!(new["fiscal_document"], Value::Null);

    let (_, today) = key_get(&app, &format!("/orgs/{BAKERY}/deals/sales?opened_at_from=2030-03-05")).await;
    assert_eq!(numbers(&today), ["26"]);

    for (document, path) in [
        (
            json!({ "lifepos": { "sales": [{ "positions": [] }] } }),
            "lifepos.sales[0].organization",
        ),
        (
            json!({ "lifepos": { "sales": [{ "organization": "00000000-0000-4000-8000-00000000dead" }] } }),
            "lifepos.sales[0].organization",
        ),
        (
            json!({ "lifepos": { "sales": [{ "organization": BAKERY, "number": "7" }] } }),
            "lifepos.sales[0]",
        ),
        (
            json!({ "lifepos": { "sales": [{ "organization": BAKERY, "state": "Done" }] } }),
            "lifepos.sales[0].state",
        ),
    ] {
        let (status, body) = send(app.post("/_emulator/fixtures").json(&document)).await;
        assert_eq!(status, 422, "{document}: {body}");
        assert!(body.to_string().contains(path), "{path}: {body}");
    }
    let (_, unchanged) = key_get(&app, &sales).await;
    assert_eq!(unchanged["items_total"], SALES + 1, "a refused load adds nothing");
}

/// 16 fixture loads at once, each adding a sale without a number to one organization: every load
/// succeeds and the sales get 16 distinct numbers, the next ones after the organization's largest.
async fn concurrent_sale_loads_take_distinct_numbers(backend: Backend) {
    let app = with_bakery(backend).await;
    let sale = json!({ "lifepos": { "sales": [{
        "organization": BAKERY,
        "positions": [{ "name": "Эклер", "quantity": 1, "sale_price": { "value": 11000 } }],
    }] } });
    let answers = join_all((0..16).map(|_| send(app.post("/_emulator/fixtures").json(&sale)))).await;
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
    }
    let (_, listed) = key_get(&app, &format!("/orgs/{BAKERY}/deals/sales?items_per_page=100")).await;
    let mut taken: Vec<usize> = numbers(&listed).iter().map(|n| n.parse().unwrap()).collect();
    taken.sort_unstable();
    let expected: Vec<usize> = (1..=SALES + 16).collect();
    assert_eq!(taken, expected, "every number once, none skipped");
}

/// Another tenant has none of it; the state export round-trips every sale, terminal, transaction,
/// registrar and document, receipts linked to their sales.
async fn tenants_are_isolated_and_the_state_round_trips(backend: Backend) {
    let app = with_bakery(backend).await;
    let other = |builder: RequestBuilder| builder.header("X-Emulator-Tenant", "other");
    let (status, _) = send(other(
        app.lifepos(Method::GET, &format!("/orgs/{BAKERY}/deals/sales"))
            .header("Authorization", "bakery-key"),
    ))
    .await;
    assert_eq!(status, 401, "the key is unknown in another tenant");

    let (_, state) = send(app.get("/_emulator/state")).await;
    let exported = state["lifepos"]["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|org| org["guid"] == BAKERY)
        .unwrap()
        .clone();
    assert_eq!(exported["sales"].as_array().unwrap().len(), SALES);
    assert_eq!(exported["terminals"][0]["transactions"].as_array().unwrap().len(), 3);
    assert_eq!(exported["fiscal_registrars"][0]["docs"][1]["sale"], FIRST_SALE);
    let copy = |builder: RequestBuilder| builder.header("X-Emulator-Tenant", "copy");
    let (status, body) = send(copy(app.post("/_emulator/fixtures?mode=replace")).json(&state)).await;
    assert_eq!(status, 200, "{body}");
    let (_, copied) = send(copy(app.get("/_emulator/state"))).await;
    assert_eq!(copied["lifepos"], state["lifepos"], "export → load → export is equal");
    let (status, sale) = send(copy(
        app.lifepos(Method::GET, &format!("/orgs/{BAKERY}/deals/sales/{FIRST_SALE}"))
            .header("Authorization", "bakery-key"),
    ))
    .await;
    assert_eq!(status, 200, "{sale}");
    assert_eq!(
        sale["fiscal_document"]["guid"], RECEIPT,
        "the link is rebuilt from the receipt"
    );
}

on_both_engines!(
    the_typescript_client_reads_what_it_needs,
    a_raw_api_key_reads_sales,
    filters_orders_and_bad_parameters,
    unknown_guids_other_orgs_and_no_credential,
    a_sale_loaded_while_running_appears,
    concurrent_sale_loads_take_distinct_numbers,
    tenants_are_isolated_and_the_state_round_trips,
);
