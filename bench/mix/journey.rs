//! One test suite's journey across the four vendors, against the demo fixtures every new tenant
//! is seeded with (config/demo-fixtures.json): sign in to each vendor, create a LIFE POS
//! workplace, read it back, list a page, patch it, have its activation code sent by SMS, read the
//! SMS from the outbox and activate with it, link a СУП card and read it, read an EDIN
//! certificate, create a CloudTips receiver and read it, and reset the tenant at the end.

use std::time::Instant;

use reqwest::Method;
use serde_json::{json, Value};

// The demo fixtures' ids (config/demo-fixtures.json).
const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const OUTLET: &str = "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11";
const IVAN: &str = "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21";
const IVAN_PHONE: &str = "+79990000001";
const LIFEPOS_KEY: &str = "demo-lifepos-api-key";
const SUP_EMPLOYEE: &str = "7f21773d-1d88-4fb0-835a-a4db53befd45";
const SUP_CARD_NUMBER: &str = "1234567890123";
const SUP_CARD: &str = "27207024-38fd-47d0-a5e6-695f71628cdc";
const EDIN_PUBLIC_CERTIFICATE: i64 = 2174;
const CLOUDTIPS_PLACE: &str = "place-1";

/// A suite's connection to the emulator: one tenant, the latencies of its requests, its 5xx count.
pub struct Client {
    http: reqwest::Client,
    base: String,
    tenant: String,
    pub latencies_us: Vec<u64>,
    pub server_errors: u64,
}

/// What a step did not expect: which step, and the answer it got.
type Unexpected = String;

struct Answer {
    status: u16,
    body: Value,
}

impl Client {
    pub fn new(base: String, tenant: String) -> Self {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()
            .expect("an HTTP client");
        Self {
            http,
            base,
            tenant,
            latencies_us: Vec::new(),
            server_errors: 0,
        }
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.base))
            .header("X-Emulator-Tenant", &self.tenant)
    }

    fn lifepos(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.request(method, &format!("/lifepos/v6{path}"))
            .header("Accept-Language", "ru-RU")
            .header("X-LP-Client-Identifier", "bench-mix")
            .header("X-LP-Client-Type", "Service")
    }

    async fn send(&mut self, step: &str, request: reqwest::RequestBuilder) -> Result<Answer, Unexpected> {
        let started = Instant::now();
        let response = request.send().await.map_err(|e| format!("{step}: {e}"))?;
        let status = response.status().as_u16();
        let text = response.text().await.map_err(|e| format!("{step}: {e}"))?;
        self.latencies_us.push(started.elapsed().as_micros() as u64);
        if status >= 500 {
            self.server_errors += 1;
        }
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Ok(Answer { status, body })
    }

    /// Sends, and holds the answer to the status a step expects.
    async fn expect(&mut self, step: &str, status: u16, request: reqwest::RequestBuilder) -> Result<Value, Unexpected> {
        let answer = self.send(step, request).await?;
        if answer.status != status {
            return Err(format!(
                "{step}: expected {status}, got {} {}",
                answer.status, answer.body
            ));
        }
        Ok(answer.body)
    }

    pub async fn reset(&mut self) -> Result<(), Unexpected> {
        let request = self.request(Method::POST, "/_emulator/reset");
        self.expect("reset", 200, request).await.map(drop)
    }
}

/// A field of an answer, or what the step expected of it.
fn field<'a>(step: &str, body: &'a Value, pointer: &str) -> Result<&'a Value, Unexpected> {
    body.pointer(pointer)
        .filter(|v| !v.is_null())
        .ok_or_else(|| format!("{step}: no {pointer} in {body}"))
}

fn text<'a>(step: &str, body: &'a Value, pointer: &str) -> Result<&'a str, Unexpected> {
    field(step, body, pointer)?
        .as_str()
        .ok_or_else(|| format!("{step}: {pointer} is not a string in {body}"))
}

fn equal(step: &str, body: &Value, pointer: &str, want: Value) -> Result<(), Unexpected> {
    match body.pointer(pointer) {
        Some(got) if *got == want => Ok(()),
        got => Err(format!("{step}: expected {pointer} = {want}, got {got:?}")),
    }
}

pub struct Journey<'a> {
    client: &'a mut Client,
    /// Makes the journey's names and phone numbers its own.
    id: String,
    phone: String,
}

impl<'a> Journey<'a> {
    pub fn new(client: &'a mut Client, index: usize, round: u64) -> Self {
        let phone = format!("+7951{:03}{:04}", index % 1000, round % 10_000);
        Self {
            client,
            id: format!("{index}-{round}"),
            phone,
        }
    }

    pub async fn run(self) -> Result<(), Unexpected> {
        let Journey { client, id, phone } = self;
        let tokens = sign_in(client).await?;
        lifepos(client, &id).await?;
        sup(client, &tokens.sup).await?;
        edin(client, &tokens.edin).await?;
        cloudtips(client, &tokens.cloudtips, &id, &phone).await?;
        client.reset().await
    }
}

struct Tokens {
    sup: String,
    edin: String,
    cloudtips: String,
}

async fn sign_in(c: &mut Client) -> Result<Tokens, Unexpected> {
    let step = "СУП login";
    let r = c
        .request(Method::POST, "/sup/v1/auth/login")
        .json(&json!({ "login": "partner", "password": "secret" }));
    let sup = text(step, &c.expect(step, 200, r).await?, "/access_token")?.to_owned();

    let step = "EDIN Authorize";
    let r = c
        .request(Method::POST, "/edin/Api/V1/Index/Authorize")
        .json(&json!({ "varLogin": "supplier", "varPassword": "secret" }));
    let body = c.expect(step, 200, r).await?;
    equal(step, &body, "/intCode", json!(200))?;
    let edin = text(step, &body, "/varToken")?.to_owned();

    let step = "CloudTips token";
    let r = c.request(Method::POST, "/cloudtips/connect/token").form(&[
        ("grant_type", "password"),
        ("client_id", "Partner"),
        ("username", "partner@example.com"),
        ("password", "secret"),
    ]);
    let cloudtips = text(step, &c.expect(step, 200, r).await?, "/access_token")?.to_owned();
    Ok(Tokens { sup, edin, cloudtips })
}

async fn lifepos(c: &mut Client, id: &str) -> Result<(), Unexpected> {
    let workplaces = format!("/orgs/{ORG}/workplaces");
    let name = format!("mix {id}");

    let step = "LIFE POS create workplace";
    let r = c
        .lifepos(Method::POST, &workplaces)
        .header("Authorization", LIFEPOS_KEY)
        .json(&json!({ "workplace_type": "Stationary", "name": name }));
    let created = c.expect(step, 200, r).await?;
    equal(step, &created, "/name", json!(name))?;
    let guid = text(step, &created, "/guid")?.to_owned();
    let one = format!("{workplaces}/{guid}");

    let step = "LIFE POS read back";
    let r = c.lifepos(Method::GET, &one).header("Authorization", LIFEPOS_KEY);
    let read = c.expect(step, 200, r).await?;
    equal(step, &read, "/guid", json!(guid))?;
    equal(step, &read, "/name", json!(name))?;

    let step = "LIFE POS list a page";
    let r = c.lifepos(Method::GET, &workplaces).header("Authorization", LIFEPOS_KEY);
    let page = c.expect(step, 200, r).await?;
    let items = field(step, &page, "/items")?.as_array().map_or(0, Vec::len);
    if items < 3 {
        return Err(format!(
            "{step}: expected the two demo workplaces and the new one, got {page}"
        ));
    }

    let step = "LIFE POS patch";
    let renamed = format!("{name} renamed");
    let r = c
        .lifepos(Method::PATCH, &one)
        .header("Authorization", LIFEPOS_KEY)
        .json(&json!([{ "op": "replace", "path": "/name", "value": renamed }]));
    equal(step, &c.expect(step, 200, r).await?, "/name", json!(renamed))?;

    let step = "LIFE POS activation code by SMS";
    let r = c
        .lifepos(Method::POST, &format!("{one}:generate-activation-code"))
        .header("Authorization", LIFEPOS_KEY)
        .json(&json!({ "employee": { "guid": IVAN }, "outlet": { "guid": OUTLET }, "send_sms": true }));
    let code = text(step, &c.expect(step, 200, r).await?, "/activation_code")?.to_owned();

    let step = "outbox";
    let r = c.request(
        Method::GET,
        &format!("/_emulator/outbox?vendor=lifepos&phone=%2B{}", &IVAN_PHONE[1..]),
    );
    let outbox = c.expect(step, 200, r).await?;
    let sent = field(step, &outbox, "/messages")?
        .as_array()
        .and_then(|m| m.last())
        .cloned();
    match sent {
        Some(sms) if sms["code"] == json!(code) => {}
        _ => return Err(format!("{step}: expected the SMS with code {code}, got {outbox}")),
    }

    let step = "LIFE POS activate with the SMS code";
    let r = c
        .lifepos(Method::POST, "/auth/activate-workplace")
        .json(&json!({ "activation_code": code }));
    equal(step, &c.expect(step, 200, r).await?, "/workplace/guid", json!(guid))
}

async fn sup(c: &mut Client, token: &str) -> Result<(), Unexpected> {
    let nonce = || uuid::Uuid::new_v4().to_string();
    let step = "СУП link_card";
    let r = c
        .request(Method::POST, &format!("/sup/v1/employee/{SUP_EMPLOYEE}/link_card"))
        .bearer_auth(token)
        .header("X-Nonce", nonce())
        .json(&json!({ "customIdCard": SUP_CARD_NUMBER, "statusCard": "MAIN" }));
    let linked = c.expect(step, 200, r).await?;
    equal(step, &linked, "/idCard", json!(SUP_CARD))?;
    equal(step, &linked, "/idEmployee", json!(SUP_EMPLOYEE))?;

    let step = "СУП read the card";
    let r = c
        .request(Method::GET, &format!("/sup/v1/card/{SUP_CARD}"))
        .bearer_auth(token)
        .header("X-Nonce", nonce());
    let card = c.expect(step, 200, r).await?;
    equal(step, &card, "/data/statusCard", json!("MAIN"))?;
    equal(step, &card, "/data/employee/idEmployee", json!(SUP_EMPLOYEE))
}

async fn edin(c: &mut Client, token: &str) -> Result<(), Unexpected> {
    let step = "EDIN GetCertByID";
    let r = c
        .request(Method::POST, "/edin/Api/V1/GetCertUA/GetCertByID")
        .json(&json!({ "varToken": token, "signInfo": EDIN_PUBLIC_CERTIFICATE }));
    let body = c.expect(step, 200, r).await?;
    equal(step, &body, "/intCode", json!(200))?;
    equal(step, &body, "/cert_data/intCertID", json!(EDIN_PUBLIC_CERTIFICATE))
}

async fn cloudtips(c: &mut Client, token: &str, id: &str, phone: &str) -> Result<(), Unexpected> {
    let name = format!("Mix {id}");
    let step = "CloudTips create-many";
    let r = c
        .request(Method::POST, "/cloudtips/api/receivers/create-many")
        .bearer_auth(token)
        .json(&json!({ "placeId": CLOUDTIPS_PLACE, "receivers": [{ "phoneNumber": phone, "name": name }] }));
    let created = c.expect(step, 200, r).await?;
    equal(step, &created, "/succeed", json!(true))?;
    equal(step, &created, "/data/created/0/phoneNumber", json!(phone))?;
    let user = text(step, &created, "/data/created/0/userId")?.to_owned();

    let step = "CloudTips read the receiver";
    let r = c
        .request(Method::GET, &format!("/cloudtips/api/receivers/{user}"))
        .bearer_auth(token);
    let read = c.expect(step, 200, r).await?;
    equal(step, &read, "/data/fullName", json!(name))
}
