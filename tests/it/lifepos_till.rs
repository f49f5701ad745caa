//! LIFE POS sales written by a client, paid and refunded at the till, and the notifications
//! delivered to a real local HTTP receiver: a public PHP client's journey on `/v4` as its code
//! sends it, retries driven by the tenant's clock, the secondary URL, two replicas delivering each
//! notification once, a restart with pending notifications, the tenant's bounded queue, a reset,
//! and the invariants under 32 concurrent clients.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use reqwest::{Method, RequestBuilder};
use serde_json::{json, Value};

use crate::common::{free_port, join_all, send, spawn_app, spawn_on, spawn_with, Backend, TestApp};

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const OUTLET: &str = "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11";
const WORKPLACE: &str = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41";
const EMPLOYEE: &str = "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21";
const REGISTRAR: &str = "4a6c8e0f-2b4d-4f6a-8c0e-1a3c5e7f9b21";
const KEY: &str = "demo-lifepos-api-key";

/// What the receiver answers and what reached it.
#[derive(Clone, Default)]
struct Inbox {
    /// Statuses to answer, in turn; 200 once empty.
    script: Arc<Mutex<VecDeque<u16>>>,
    /// Every body that came, answered or not.
    hits: Arc<Mutex<Vec<Value>>>,
    /// The bodies answered with a 2xx.
    delivered: Arc<Mutex<Vec<Value>>>,
}

struct Receiver {
    url: String,
    inbox: Inbox,
}

impl Receiver {
    fn delivered(&self) -> Vec<Value> {
        self.inbox.delivered.lock().unwrap().clone()
    }

    fn hits(&self) -> usize {
        self.inbox.hits.lock().unwrap().len()
    }

    /// Waits until at least `count` notifications were delivered; all of them.
    async fn wait_for(&self, count: usize) -> Vec<Value> {
        for _ in 0..200 {
            let delivered = self.delivered();
            if delivered.len() >= count {
                return delivered;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let types: Vec<Value> = self.delivered().iter().map(|body| body["type_of"].clone()).collect();
        panic!("{count} notifications expected, got {types:?}");
    }

    fn of_type(&self, type_of: &str) -> Vec<Value> {
        self.delivered()
            .into_iter()
            .filter(|body| body["type_of"] == type_of)
            .collect()
    }
}

async fn receive(State(inbox): State<Inbox>, Json(body): Json<Value>) -> (StatusCode, Json<Value>) {
    inbox.hits.lock().unwrap().push(body.clone());
    let status = inbox.script.lock().unwrap().pop_front().unwrap_or(200);
    if (200..300).contains(&status) {
        inbox.delivered.lock().unwrap().push(body);
    }
    (
        StatusCode::from_u16(status).unwrap(),
        Json(json!({ "message": "success" })),
    )
}

/// A receiver on a port of its own, answering `script` first, then 200 to everything.
async fn receiver(script: &[u16]) -> Receiver {
    let inbox = Inbox::default();
    inbox.script.lock().unwrap().extend(script.iter().copied());
    let router = Router::new()
        .route("/hooks/lifepos", post(receive))
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks/lifepos", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Receiver { url, inbox }
}

/// A TCP listener whose connections axum sees only after a TLS handshake with `acceptor`;
/// a connection whose handshake fails is dropped.
struct TlsListener {
    tcp: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((stream, address)) = self.tcp.accept().await else {
                continue;
            };
            if let Ok(tls) = self.acceptor.accept(stream).await {
                return (tls, address);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// A receiver on https with a certificate for 127.0.0.1 that it signs itself; the certificate's
/// PEM file (for `deliveries.extra_root_certificates`) and the receiver.
async fn tls_receiver() -> (tempfile::NamedTempFile, Receiver) {
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
    let issued = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let pem = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(pem.path(), issued.cert.pem()).unwrap();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(issued.key_pair.serialize_der()));
    #[allow(deprecated)] // the provider the emulator sends with
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(issued.cert.der().to_vec())], key)
        .unwrap();
    let inbox = Inbox::default();
    let router = Router::new()
        .route("/hooks/lifepos", post(receive))
        .with_state(inbox.clone());
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}/hooks/lifepos", tcp.local_addr().unwrap());
    let listener = TlsListener {
        tcp,
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    };
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (pem, Receiver { url, inbox })
}

/// A request as the PHP client sends it: its API key as a Bearer token and `Accept-Language`,
/// nothing else.
fn client_a(app: &TestApp, method: Method, path: &str) -> RequestBuilder {
    app.client
        .request(method, app.url(&format!("/lifepos/v4{path}")))
        .header("Authorization", format!("Bearer {KEY}"))
        .header("Accept-Language", "ru-RU")
}

/// Registers `url` (and `secondary`) as the demo organization's notification URLs, as the PHP
/// client does.
async fn register(app: &TestApp, url: &str, secondary: Option<&str>) {
    let mut value = json!({ "turned_on": true, "primary_url_for_notifications": url, "version": "1" });
    if let Some(secondary) = secondary {
        value["secondary_url_for_notifications"] = json!(secondary);
    }
    let response = client_a(app, Method::PATCH, &format!("/orgs/{ORG}"))
        .header("X-LP-Client-Extensions", "notification_service")
        .json(&json!([{ "op": "add", "path": "/extensions/notification_service", "value": value }]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204, "{:?}", response.text().await);
}

/// The PHP client's positions: one ticket as a service.
fn tickets(kopecks: i64) -> Value {
    json!([{
        "good_type": "Service",
        "name": "Билет №17 (взрослый)  на экскурсию Нева, рейс №3, 01.06.2026 12:00",
        "uom": { "guid": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e41" },
        "tax": "Vat20",
        "quantity": 1,
        "sale_price": { "value": kopecks, "currency": "RUB" },
        "total_sum": { "value": kopecks, "currency": "RUB" },
    }])
}

/// Creates a sale as the PHP client does; its guid.
async fn create_sale(app: &TestApp, number: i64, kopecks: i64) -> String {
    let (status, body) = send(
        client_a(app, Method::POST, &format!("/orgs/{ORG}/deals/sales")).json(&json!({
            "outlet": { "guid": OUTLET },
            "workplace": { "guid": WORKPLACE },
            "number": number,
            "opened_by": { "guid": EMPLOYEE },
            "opened_at": "2026-06-01T09:30:00.000000Z",
            "status": "Opened",
            "total_sum": { "value": kopecks, "currency": "RUB" },
            "positions": tickets(kopecks),
        })),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    body["guid"].as_str().unwrap().to_owned()
}

async fn pay(app: &TestApp, sale: &str, by_card: i64, by_cash: i64) -> (u16, Value) {
    send(
        app.post(&format!("/_emulator/lifepos/sales/{sale}/payments"))
            .json(&json!({ "by_card": by_card, "by_cash": by_cash })),
    )
    .await
}

async fn refund(app: &TestApp, payment: &str, by_card: i64, by_cash: i64) -> (u16, Value) {
    send(
        app.post(&format!("/_emulator/lifepos/payments/{payment}/refunds"))
            .json(&json!({ "by_card": by_card, "by_cash": by_cash })),
    )
    .await
}

async fn deliveries(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, body) = send(app.get(&format!("/_emulator/deliveries{query}"))).await;
    assert_eq!(status, 200, "{body}");
    body["deliveries"].as_array().unwrap().clone()
}

async fn advance(app: &TestApp, seconds: i64) {
    let (status, body) = send(
        app.post("/_emulator/clock")
            .json(&json!({ "advance_seconds": seconds })),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

/// Waits until the tenant's notifications satisfy `done`.
async fn wait_until(app: &TestApp, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    for _ in 0..200 {
        let found = deliveries(app, "?limit=1000").await;
        if done(&found) {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what}: {:#?}", deliveries(app, "").await);
}

/// The PHP client's whole journey: register on `/v4` with only its two headers, create, patch
/// without slashes, paid at the till, the notifications its controller reads, money documents and
/// receipt, refund, cancel rules.
async fn client_a_journey(backend: Backend) {
    let app = spawn_app(backend).await;
    let hooks = receiver(&[]).await;
    register(&app, &hooks.url, None).await;

    let sale = create_sale(&app, 7001, 120_000).await;
    let (status, _) = send(client_a(&app, Method::GET, &format!("/orgs/{ORG}/deals/sales/{sale}"))).await;
    assert_eq!(status, 200);
    // The update, paths without the leading slash, exactly as the client sends it.
    let response = client_a(&app, Method::PATCH, &format!("/orgs/{ORG}/deals/sales/{sale}"))
        .json(&json!([
            { "op": "replace", "path": "outlet", "value": { "guid": OUTLET } },
            { "op": "replace", "path": "workplace", "value": { "guid": WORKPLACE } },
            { "op": "replace", "path": "status", "value": "Opened" },
            { "op": "replace", "path": "total_sum", "value": { "value": 150_000, "currency": "RUB" } },
            { "op": "replace", "path": "positions", "value": tickets(150_000) },
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert!(response.text().await.unwrap().is_empty());
    let (_, read) = send(client_a(&app, Method::GET, &format!("/orgs/{ORG}/deals/sales/{sale}"))).await;
    assert_eq!(read["status"], "Opened");
    assert_eq!(read["state"], "New", "the v6 shape beside the v4 one");
    assert_eq!(read["payment_status"], "NotPaid");
    assert_eq!(read["workplace"]["guid"], WORKPLACE);
    assert_eq!(read["opened_by"]["guid"], EMPLOYEE);
    assert_eq!(read["total_sum"], json!({ "value": 150_000, "currency": "RUB" }));
    assert_eq!(read["positions"][0]["good_type"], "Service");
    assert_eq!(read["number"], "7001");

    // Paid at the till: 1000 roubles by card, 500 in cash.
    let (status, payment) = pay(&app, &sale, 100_000, 50_000).await;
    assert_eq!(status, 201, "{payment}");
    assert_eq!(payment["type_of"], "SalePayment");
    let payment_guid = payment["guid"].as_str().unwrap().to_owned();

    let delivered = hooks.wait_for(5).await;
    let types: Vec<&str> = delivered.iter().map(|body| body["type_of"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        ["Sale", "Sale", "SalePayment", "FiscalDocumentReceipt", "Sale"],
        "in order, per sale"
    );
    let paid = &hooks.of_type("SalePayment")[0];
    assert_eq!(paid["guid"], payment_guid.as_str());
    assert_eq!(paid["total_sum"]["value"], 150_000);
    assert_eq!(paid["sum_by_card"]["value"], 100_000);
    assert_eq!(paid["sum_by_cash"]["value"], 50_000);
    assert_eq!(paid["sale"]["guid"], sale.as_str());
    let receipt_guid = paid["fiscal_document"]["guid"].as_str().unwrap().to_owned();
    let receipt = &hooks.of_type("FiscalDocumentReceipt")[0];
    assert_eq!(receipt["guid"], receipt_guid.as_str());
    let print_view = receipt["sources"]["print_view"].as_str().unwrap();
    assert!(print_view.contains("Продажа № 7001"), "{print_view}");
    assert!(print_view.contains("ИТОГ: 1500.00"), "{print_view}");
    assert!(print_view.contains("БЕЗНАЛИЧНЫМИ: 1000.00"), "{print_view}");
    assert!(print_view.contains("НАЛИЧНЫМИ: 500.00"), "{print_view}");
    assert_eq!(hooks.of_type("Sale")[2]["status"], "Closed");
    assert_eq!(hooks.of_type("Sale")[2]["payment_status"], "Paid");

    // What the controller then reads back.
    let (_, read) = send(client_a(&app, Method::GET, &format!("/orgs/{ORG}/deals/sales/{sale}"))).await;
    assert_eq!(read["status"], "Closed");
    let (status, money) = send(client_a(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/deals/sales/{sale}/docs/money"),
    ))
    .await;
    assert_eq!(status, 200, "{money}");
    assert_eq!(money["items"].as_array().unwrap().len(), 1);
    assert_eq!(&money["items"][0], paid, "notified as its GET answers it");
    assert_eq!(&read, &hooks.of_type("Sale")[2], "notified as its GET answers it");
    let (status, printed) = send(client_a(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/fiscal-registrars/{REGISTRAR}/docs/receipts/{receipt_guid}"),
    ))
    .await;
    assert_eq!(status, 200, "{printed}");
    assert_eq!(printed["sources"]["print_view"], print_view);
    assert_eq!(printed["total_sum"], json!({ "currency": "RUB", "value": 150_000 }));
    let mut notified = printed.clone();
    notified["type_of"] = json!("FiscalDocumentReceipt");
    assert_eq!(
        &notified, receipt,
        "notified as its GET answers it, under its notification's type"
    );

    // A paid sale cannot be cancelled.
    let (status, refused) = send(
        client_a(&app, Method::PATCH, &format!("/orgs/{ORG}/deals/sales/{sale}"))
            .json(&json!([{ "op": "replace", "path": "/status", "value": "Canceled" }])),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(refused["code"], "OperationCannotBePerformed");
    assert!(refused["message"].is_string(), "the client reads `message`");

    // Refunded in full: a SaleRefund naming its payment, the sale Returned.
    let (status, given_back) = refund(&app, &payment_guid, 100_000, 50_000).await;
    assert_eq!(status, 201, "{given_back}");
    hooks.wait_for(8).await;
    let refunded = &hooks.of_type("SaleRefund")[0];
    assert_eq!(refunded["for_payment"]["guid"], payment_guid.as_str());
    assert_eq!(refunded["sale"]["guid"], sale.as_str());
    assert_eq!(refunded["total_sum"]["value"], 150_000);
    let (status, returned) = send(client_a(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/deals/sales?status=Returned"),
    ))
    .await;
    assert_eq!(status, 200, "{returned}");
    let guids: Vec<&str> = returned["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["guid"].as_str().unwrap())
        .collect();
    assert_eq!(guids, [sale.as_str()]);
    let (_, money) = send(client_a(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/deals/sales/{sale}/docs/money"),
    ))
    .await;
    assert_eq!(money["items"][1]["type_of"], "SaleRefund");
    assert_eq!(money["items"][1]["for_payment"]["guid"], payment_guid.as_str());
    let (status, _) = refund(&app, &payment_guid, 1, 0).await;
    assert_eq!(status, 409, "nothing is left to refund");

    // An unpaid sale is cancelled; cancelling again changes nothing.
    let other = create_sale(&app, 7002, 50_000).await;
    for _ in 0..2 {
        let response = client_a(&app, Method::PATCH, &format!("/orgs/{ORG}/deals/sales/{other}"))
            .json(&json!([{ "op": "replace", "path": "/status", "value": "Canceled" }]))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 204);
    }
    let (_, read) = send(client_a(&app, Method::GET, &format!("/orgs/{ORG}/deals/sales/{other}"))).await;
    assert_eq!(read["status"], "Canceled");
    assert_eq!(read["state"], "Cancelled");
    let (status, _) = pay(&app, &other, 50_000, 0).await;
    assert_eq!(status, 409, "a cancelled sale is not paid");

    // The same sale on /v6 with the client headers, and without them on /v6: 422.
    let (status, v6) = send(
        app.lifepos(Method::GET, &format!("/v6/orgs/{ORG}/deals/sales/{other}"))
            .header("Authorization", KEY),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v6["state"], "Cancelled");
    let (status, _) = send(
        app.client
            .get(app.url(&format!("/lifepos/v6/orgs/{ORG}/deals/sales/{other}")))
            .header("Authorization", KEY),
    )
    .await;
    assert_eq!(status, 422, "v6 keeps requiring the client headers");

    let list = wait_until(&app, "every notification delivered", |found| {
        found.len() == 10 && found.iter().all(|delivery| delivery["state"] == "delivered")
    })
    .await;
    assert_eq!(list[0]["url"], hooks.url.as_str());
    assert_eq!(list[0]["attempts"][0]["status"], 200);
    assert_eq!(hooks.hits(), 10, "each once");
}

/// Bad input on the new routes gets the vendor's 422, never a 500.
async fn bad_sales_are_refused_in_the_vendors_shape(backend: Backend) {
    let app = spawn_app(backend).await;
    let path = format!("/orgs/{ORG}/deals/sales");
    for (body, field) in [
        (json!({ "positions": tickets(100) }), "outlet"),
        (json!({ "outlet": { "guid": OUTLET }, "positions": [] }), "positions"),
        (
            json!({ "outlet": { "guid": "00000000-0000-4000-8000-000000000000" }, "positions": tickets(100) }),
            "outlet",
        ),
        (
            json!({ "outlet": { "guid": OUTLET }, "opened_at": "yesterday", "positions": tickets(100) }),
            "opened_at",
        ),
        (
            json!({ "outlet": { "guid": OUTLET }, "status": "Closed", "positions": tickets(100) }),
            "status",
        ),
    ] {
        let (status, error) = send(client_a(&app, Method::POST, &path).json(&body)).await;
        assert_eq!(status, 422, "{body}: {error}");
        assert_eq!(error["code"], "RequestIsNotValid");
        assert!(error["errors"][field].is_array(), "{field}: {error}");
    }
    let sale = create_sale(&app, 9001, 100).await;
    let (status, error) = send(client_a(&app, Method::POST, &path).json(&json!({
        "outlet": { "guid": OUTLET }, "number": 9001, "positions": tickets(100),
    })))
    .await;
    assert_eq!((status, error["code"].as_str()), (422, Some("NotUnique")));
    let (status, error) = send(
        client_a(&app, Method::PATCH, &format!("{path}/{sale}"))
            .json(&json!([{ "op": "replace", "path": "status", "value": "Returned" }])),
    )
    .await;
    assert_eq!(status, 422, "{error}");
    assert!(error["errors"]["status"].is_array(), "{error}");
    let (status, error) = send(
        client_a(&app, Method::PATCH, &format!("{path}/{sale}"))
            .json(&json!([{ "op": "replace", "path": "guid", "value": "x" }])),
    )
    .await;
    assert_eq!(status, 422, "{error}");
    // The till refuses in the control plane's shape.
    let (status, error) = pay(&app, &sale, 0, 0).await;
    assert_eq!(status, 400);
    assert!(error["error"].is_string());
    let (status, _) = pay(&app, "not-a-guid", 1, 0).await;
    assert_eq!(status, 404);
    let (status, _) = pay(&app, &sale, 101, 0).await;
    assert_eq!(status, 409, "more than the sale costs");
    let (status, error) = send(
        app.post(&format!("/_emulator/lifepos/fiscal-registrars/{REGISTRAR}/shift"))
            .json(&json!({ "action": "pause" })),
    )
    .await;
    assert_eq!(status, 400, "{error}");
}

/// Shifts open and close in turn, numbered on.
async fn shifts_open_and_close(backend: Backend) {
    let app = spawn_app(backend).await;
    let hooks = receiver(&[]).await;
    register(&app, &hooks.url, None).await;
    let shift = |action: &'static str| {
        send(
            app.post(&format!("/_emulator/lifepos/fiscal-registrars/{REGISTRAR}/shift"))
                .json(&json!({ "action": action })),
        )
    };
    // The demo registrar's shift 12 is open.
    let (status, _) = shift("open").await;
    assert_eq!(status, 409);
    let (status, closing) = shift("close").await;
    assert_eq!(status, 201, "{closing}");
    assert_eq!(closing["fiscal_form"], "ShiftClosingReport");
    let (status, _) = shift("close").await;
    assert_eq!(status, 409);
    let (status, opening) = shift("open").await;
    assert_eq!(status, 201);
    assert_eq!(opening["fiscal_form"], "ShiftOpeningReport");
    assert_eq!(
        opening["shift_number"].as_i64().unwrap(),
        closing["shift_number"].as_i64().unwrap() + 1
    );
    let delivered = hooks.wait_for(2).await;
    assert_eq!(delivered[0]["type_of"], "FiscalDocumentShiftClosingReport");
    assert_eq!(delivered[1]["fiscal_form"], "ShiftOpeningReport");
}

/// A receiver failing twice, then answering: each retry waits for the tenant's clock.
async fn retries_follow_the_tenant_clock(backend: Backend) {
    let app = spawn_app(backend).await;
    let hooks = receiver(&[500, 503]).await;
    register(&app, &hooks.url, None).await;
    create_sale(&app, 8001, 100).await;
    let found = wait_until(&app, "the first round failed", |found| {
        found.len() == 1 && found[0]["rounds"] == 1
    })
    .await;
    assert_eq!(found[0]["state"], "pending");
    assert_eq!(found[0]["attempts"][0]["status"], 500);
    // Nothing happens while the tenant's clock stands before the retry.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(hooks.hits(), 1);
    advance(&app, 10).await;
    wait_until(&app, "the second round failed", |found| found[0]["rounds"] == 2).await;
    advance(&app, 10).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(hooks.hits(), 2, "the second wait is twice the first");
    advance(&app, 10).await;
    let found = wait_until(&app, "delivered on the third round", |found| {
        found[0]["state"] == "delivered"
    })
    .await;
    let statuses: Vec<&Value> = found[0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|attempt| &attempt["status"])
        .collect();
    assert_eq!(statuses, [&json!(500), &json!(503), &json!(200)]);
    assert_eq!(hooks.delivered().len(), 1);
    // Delivered again on request.
    let id = found[0]["id"].as_str().unwrap();
    let (status, again) = send(app.post(&format!("/_emulator/deliveries/{id}/redeliver"))).await;
    assert_eq!(status, 200, "{again}");
    hooks.wait_for(2).await;
    let (status, _) = send(app.post("/_emulator/deliveries/nothing/redeliver")).await;
    assert_eq!(status, 404);
}

/// A primary URL nobody listens on: the secondary one gets it in the same round.
async fn the_secondary_url_takes_over(backend: Backend) {
    let app = spawn_app(backend).await;
    let hooks = receiver(&[]).await;
    let nobody = format!("http://127.0.0.1:{}/hooks", free_port());
    register(&app, &nobody, Some(&hooks.url)).await;
    create_sale(&app, 8001, 100).await;
    hooks.wait_for(1).await;
    let found = wait_until(&app, "delivered", |found| found[0]["state"] == "delivered").await;
    let attempts = found[0]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert_eq!(attempts[0]["url"], nobody.as_str());
    assert!(attempts[0]["status"].is_null());
    assert!(attempts[0]["error"].as_str().unwrap().contains("connect"));
    assert_eq!(attempts[1]["url"], hooks.url.as_str());
    assert_eq!(found[0]["rounds"], 1);
}

/// An https URL is sent to when its certificate chains to `deliveries.extra_root_certificates`;
/// without that setting the same server's certificate is refused, and the try says why.
async fn https_urls_are_sent_to_servers_they_trust(backend: Backend) {
    let (pem, hooks) = tls_receiver().await;
    let trusting = spawn_with(backend, |config| {
        config.deliveries.extra_root_certificates = pem.path().to_string_lossy().into_owned();
    })
    .await;
    register(&trusting, &hooks.url, None).await;
    create_sale(&trusting, 8201, 100).await;
    let delivered = hooks.wait_for(1).await;
    assert_eq!(delivered[0]["number"], "8201");
    let found = wait_until(&trusting, "delivered over https", |found| {
        found[0]["state"] == "delivered"
    })
    .await;
    assert_eq!(found[0]["attempts"][0]["status"], 200);

    let untrusting = spawn_app(backend).await;
    register(&untrusting, &hooks.url, None).await;
    create_sale(&untrusting, 8202, 100).await;
    let found = wait_until(&untrusting, "a refused certificate", |found| {
        found
            .first()
            .is_some_and(|found| found["attempts"].as_array().is_some_and(|tries| !tries.is_empty()))
    })
    .await;
    let error = found[0]["attempts"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("TLS handshake") && error.contains("certificate"),
        "{error}"
    );
    assert_eq!(found[0]["state"], "pending", "retried later");
    assert_eq!(
        hooks.delivered().len(),
        1,
        "nothing reached the receiver from the second"
    );
}

/// Pending notifications travel with the state: exported, loaded into another tenant pending
/// with their ids and bodies (and sent from there), removed by a replacing load, bounded by
/// `deliveries.max_pending_per_tenant`, and checked like any fixture.
async fn pending_notifications_round_trip_through_the_state(backend: Backend) {
    let app = spawn_with(backend, |config| config.deliveries.max_pending_per_tenant = 3).await;
    let nobody = format!("http://127.0.0.1:{}/hooks", free_port());
    register(&app, &nobody, None).await;
    let sale = create_sale(&app, 9001, 100).await;
    let (_, state) = send(app.get("/_emulator/state")).await;
    let owed = state["lifepos"]["notifications"].as_array().unwrap().clone();
    assert_eq!(owed.len(), 1, "{state}");
    assert_eq!(owed[0]["type_of"], "Sale");
    assert_eq!(owed[0]["subject"], sale.as_str());
    assert_eq!(owed[0]["url"], nobody.as_str());
    assert_eq!(owed[0]["body"]["number"], "9001");
    let pending = deliveries(&app, "?state=pending").await;
    assert_eq!(owed[0]["id"], pending[0]["id"]);

    // Into another tenant, where the URL now answers: sent from there, body unchanged.
    let hooks = receiver(&[]).await;
    let mut moved = state.clone();
    moved["lifepos"]["notifications"][0]["url"] = json!(hooks.url);
    let (status, loaded) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&moved),
    )
    .await;
    assert_eq!(status, 200, "{loaded}");
    assert_eq!(loaded["added"]["lifepos"]["notifications"], 1);
    let delivered = hooks.wait_for(1).await;
    assert_eq!(delivered[0], owed[0]["body"]);

    // A replacing load leaves the tenant owing nothing it did not load.
    let (status, _) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .json(&json!({ "lifepos": {} })),
    )
    .await;
    assert_eq!(status, 200);
    assert!(deliveries(&app, "?vendor=lifepos").await.is_empty());

    // Past the bound the whole document is refused, and nothing of it stays.
    let notification = |n: usize| json!({ "type_of": "Sale", "subject": format!("s{n}"), "url": nobody, "body": { "type_of": "Sale" } });
    let four: Vec<Value> = (0..4).map(notification).collect();
    let (status, refused) = send(
        app.post("/_emulator/fixtures")
            .json(&json!({ "lifepos": { "notifications": four } })),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["path"], "$", "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("deliveries.max_pending_per_tenant (3)"),
        "{refused}"
    );
    assert!(deliveries(&app, "").await.is_empty());
    let mut bad = notification(0);
    bad["url"] = json!("ftp://example.test/hooks");
    let (status, refused) = send(
        app.post("/_emulator/fixtures")
            .json(&json!({ "lifepos": { "notifications": [bad] } })),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["path"], "$.lifepos.notifications[0].url", "{refused}");
}

/// Two replicas on one database: each notification reaches the receiver once.
async fn two_replicas_deliver_once(backend: Backend) {
    let first = spawn_app(backend).await;
    let second = spawn_on(first.database.clone(), |_| {}).await;
    let hooks = receiver(&[]).await;
    register(&first, &hooks.url, None).await;
    let creates = (0..20).map(|i| {
        let app = if i % 2 == 0 { &first } else { &second };
        create_sale(app, 8100 + i, 100)
    });
    join_all(creates).await;
    hooks.wait_for(20).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mut numbers: Vec<String> = hooks
        .delivered()
        .iter()
        .map(|body| body["number"].as_str().unwrap().to_owned())
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 20);
    assert_eq!(hooks.hits(), 20, "no notification sent by both replicas");
}

/// Pending notifications are rows: a process that stops leaves them to the next one.
async fn pending_notifications_survive_a_restart(backend: Backend) {
    let first = spawn_app(backend).await;
    let hooks = receiver(&[503]).await;
    register(&first, &hooks.url, None).await;
    create_sale(&first, 8001, 100).await;
    wait_until(&first, "a failed round", |found| found[0]["rounds"] == 1).await;
    let database = first.database.clone();
    first.stop().await;
    let second = spawn_on(database, |_| {}).await;
    assert_eq!(deliveries(&second, "?state=pending").await.len(), 1);
    advance(&second, 10).await;
    hooks.wait_for(1).await;
    wait_until(&second, "delivered after the restart", |found| {
        found[0]["state"] == "delivered"
    })
    .await;
}

/// A full queue drops its oldest pending notification and counts it; a reset leaves nothing to send.
async fn the_queue_is_bounded_and_a_reset_empties_it(backend: Backend) {
    let app = spawn_with(backend, |config| config.deliveries.max_pending_per_tenant = 3).await;
    let hooks = receiver(&[503; 100]).await;
    register(&app, &hooks.url, None).await;
    for number in 8001..=8005 {
        create_sale(&app, number, 100).await;
    }
    let (status, body) = send(app.get("/_emulator/deliveries?state=dropped")).await;
    assert_eq!(status, 200);
    assert_eq!(body["deliveries"].as_array().unwrap().len(), 2);
    assert!(body["dropped"].as_u64().unwrap() >= 2);
    assert_eq!(deliveries(&app, "?state=pending").await.len(), 3);
    let metrics = app
        .get("/_emulator/metrics")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("emulator_deliveries_pending{tenant=\"default\"} 3"),
        "{metrics}"
    );
    assert!(
        metrics.contains("emulator_deliveries_dropped{process=\"this\"} 2"),
        "{metrics}"
    );
    let (status, _) = send(app.get("/_emulator/deliveries?state=sent")).await;
    assert_eq!(status, 400);
    let (status, _) = send(app.post("/_emulator/reset")).await;
    assert_eq!(status, 200);
    assert!(deliveries(&app, "").await.is_empty());
    let hits = hooks.hits();
    advance(&app, 3600).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(hooks.hits(), hits, "nothing is sent for a reset tenant");
}

/// 32 concurrent clients: payments never exceed the sale, refunds never exceed the payment, a paid
/// sale is never cancelled, numbers stay unique, and each notification goes once.
async fn thirty_two_clients_keep_the_invariants(backend: Backend) {
    let app = spawn_with(backend, |config| config.database.max_connections = 16).await;
    let hooks = receiver(&[]).await;
    register(&app, &hooks.url, None).await;

    let sale = create_sale(&app, 8001, 1000).await;
    let answers = join_all((0..32).map(|_| pay(&app, &sale, 100, 0))).await;
    let paid: Vec<&Value> = answers
        .iter()
        .filter(|(status, _)| *status == 201)
        .map(|(_, body)| body)
        .collect();
    assert_eq!(paid.len(), 10, "{answers:?}");
    assert!(answers.iter().all(|(status, _)| [201, 409].contains(status)));

    let big = create_sale(&app, 8002, 3200).await;
    let (_, payment) = pay(&app, &big, 1000, 2200).await;
    let payment = payment["guid"].as_str().unwrap().to_owned();
    let answers = join_all((0..32).map(|i| {
        let (card, cash) = if i % 2 == 0 { (100, 0) } else { (0, 200) };
        refund(&app, &payment, card, cash)
    }))
    .await;
    let refunded: i64 = answers
        .iter()
        .filter(|(status, _)| *status == 201)
        .map(|(_, body)| body["total_sum"]["value"].as_i64().unwrap())
        .sum();
    assert_eq!(refunded, 1000 + 2200, "{answers:?}");

    let raced = create_sale(&app, 8003, 500).await;
    let path = format!("/orgs/{ORG}/deals/sales/{raced}");
    let cancel = || async {
        let response = client_a(&app, Method::PATCH, &path)
            .json(&json!([{ "op": "replace", "path": "status", "value": "Canceled" }]))
            .send()
            .await
            .unwrap();
        response.status().as_u16()
    };
    let pays = join_all((0..16).map(|_| pay(&app, &raced, 500, 0)));
    let cancels = join_all((0..16).map(|_| cancel()));
    let (pays, cancels) = tokio::join!(pays, cancels);
    let paid = pays.iter().filter(|(status, _)| *status == 201).count();
    let cancelled = cancels.iter().filter(|status| **status == 204).count();
    let (_, read) = send(client_a(&app, Method::GET, &path)).await;
    if paid == 1 {
        assert_eq!(read["status"], "Closed", "paid, so never cancelled");
        assert!(cancels.iter().all(|status| [204, 422].contains(status)));
    } else {
        assert_eq!(paid, 0);
        assert!(cancelled >= 1);
        assert_eq!(read["status"], "Canceled");
    }

    let (status, body) = send(client_a(
        &app,
        Method::GET,
        &format!("/orgs/{ORG}/deals/sales?items_per_page=100"),
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    let before = body["items_total"].as_u64().unwrap();
    let creates = join_all((0..32).map(|_| async {
        send(
            client_a(&app, Method::POST, &format!("/orgs/{ORG}/deals/sales")).json(&json!({
                "outlet": { "guid": OUTLET }, "positions": tickets(100),
            })),
        )
        .await
    }))
    .await;
    let mut numbers: Vec<String> = creates
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 201, "{body}");
            body["number"].as_str().unwrap().to_owned()
        })
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 32, "each its own number");
    let (_, body) = send(client_a(&app, Method::GET, &format!("/orgs/{ORG}/deals/sales"))).await;
    assert_eq!(body["items_total"].as_u64().unwrap(), before + 32);

    let total = wait_until(&app, "everything delivered", |found| {
        !found.is_empty() && found.iter().all(|delivery| delivery["state"] == "delivered")
    })
    .await
    .len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(hooks.hits(), total, "one delivery per notification");
}

/// A fault rule makes one notification arrive twice, as a client must be ready for.
async fn a_fault_rule_delivers_twice(backend: Backend) {
    let app = spawn_app(backend).await;
    let hooks = receiver(&[]).await;
    register(&app, &hooks.url, None).await;
    let (status, rule) = send(app.post("/_emulator/faults").json(&json!({
        "vendor": "lifepos", "path": "SalePay*", "deliver_twice": true, "times": 1,
    })))
    .await;
    assert_eq!(status, 200, "{rule}");
    let (status, refused) = send(
        app.post("/_emulator/faults")
            .json(&json!({ "deliver_twice": true, "status": 500 })),
    )
    .await;
    assert_eq!(status, 400, "{refused}");
    let sale = create_sale(&app, 8001, 100).await;
    let (_, payment) = pay(&app, &sale, 100, 0).await;
    let sale_two = create_sale(&app, 8002, 100).await;
    pay(&app, &sale_two, 100, 0).await;
    // Two sales, each Sale, SalePayment, FiscalDocumentReceipt, Sale; one payment twice.
    hooks.wait_for(9).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(hooks.hits(), 9);
    let payments = hooks.of_type("SalePayment");
    assert_eq!(payments.len(), 3, "the first payment twice, the second once (times: 1)");
    // Notifications due at once are sent at once, so the copies may arrive between the others.
    let first: Vec<&Value> = payments.iter().filter(|p| p["guid"] == payment["guid"]).collect();
    assert_eq!(first.len(), 2, "the first payment is the one sent twice: {payments:?}");
    assert_eq!(first[0], first[1], "the same notification both times");
    let twice = deliveries(&app, "?type=SalePayment").await;
    assert_eq!(twice[0]["copies"], 2);
    assert_eq!(twice[1]["copies"], 1);
    // Requests are not touched by such a rule.
    let (status, _) = send(client_a(&app, Method::GET, &format!("/orgs/{ORG}/deals/sales/{sale}"))).await;
    assert_eq!(status, 200);
}

/// The state export carries what the till made, and loads back into another tenant unchanged.
async fn the_till_round_trips_through_the_state(backend: Backend) {
    let app = spawn_app(backend).await;
    let sale = create_sale(&app, 77, 1000).await;
    let (status, payment) = pay(&app, &sale, 600, 400).await;
    assert_eq!(status, 201);
    let (status, _) = refund(&app, payment["guid"].as_str().unwrap(), 200, 0).await;
    assert_eq!(status, 201);
    let (status, state) = send(app.get("/_emulator/state")).await;
    assert_eq!(status, 200, "{state}");
    let exported = state["lifepos"]["organizations"][0]["sales"]
        .as_array()
        .unwrap()
        .iter()
        .find(|exported| exported["guid"] == sale.as_str())
        .unwrap()
        .clone();
    assert_eq!(exported["payments"][0]["by_card"], 600);
    assert_eq!(exported["payments"][0]["refunds"][0]["by_card"], 200);
    assert_eq!(exported["payment_status"], "PartiallyRefunded");
    let (status, loaded) = send(
        app.post("/_emulator/fixtures?mode=replace")
            .header("X-Emulator-Tenant", "copy")
            .json(&state),
    )
    .await;
    assert_eq!(status, 200, "{loaded}");
    let (_, copied) = send(app.get("/_emulator/state").header("X-Emulator-Tenant", "copy")).await;
    assert_eq!(copied, state);
    let (status, money) = send(
        client_a(&app, Method::GET, &format!("/orgs/{ORG}/deals/sales/{sale}/docs/money"))
            .header("X-Emulator-Tenant", "copy"),
    )
    .await;
    assert_eq!(status, 200, "{money}");
    assert_eq!(money["items"][1]["for_payment"]["guid"], payment["guid"]);
    // The refund's receipt and the sale's last receipt came along.
    let (_, read) = send(
        client_a(&app, Method::GET, &format!("/orgs/{ORG}/deals/sales/{sale}")).header("X-Emulator-Tenant", "copy"),
    )
    .await;
    assert_eq!(
        read["fiscal_document"]["guid"],
        money["items"][1]["fiscal_document"]["guid"]
    );
    // A refund beyond its payment is refused by path.
    let (status, refused) = send(
        app.post("/_emulator/fixtures")
            .header("X-Emulator-Tenant", "bad")
            .json(&json!({
                "lifepos": { "sales": [{ "organization": ORG, "number": "X1", "payments": [
                    { "by_card": 100, "refunds": [{ "by_card": 101 }] }] }] }
            })),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["path"], "$.lifepos.sales[0].payments[0].refunds");
}

crate::on_both_engines!(
    client_a_journey,
    bad_sales_are_refused_in_the_vendors_shape,
    shifts_open_and_close,
    retries_follow_the_tenant_clock,
    the_secondary_url_takes_over,
    https_urls_are_sent_to_servers_they_trust,
    two_replicas_deliver_once,
    pending_notifications_survive_a_restart,
    the_queue_is_bounded_and_a_reset_empties_it,
    thirty_two_clients_keep_the_invariants,
    the_till_round_trips_through_the_state,
    pending_notifications_round_trip_through_the_state,
    a_fault_rule_delivers_twice,
);
