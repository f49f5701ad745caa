//! The LIFE POS operations for the OpenAPI spec: what no declaration says (summaries,
//! descriptions, the vendor's verbatim texts and examples from its documents). Bodies, query
//! parameters and typed answers are the `wire` declarations' own schemas.

use serde_json::{json, Value};

use crate::openapi::schema::{one_of, pattern};
use crate::openapi::{tenant_param, ErrorShape, Mark, Operation, Param, Refused, VENDOR_TENANT};
use crate::platform::wire::{answer_schema_of, schema_of};
use crate::vendors::lifepos::api::headers::CLIENT_TYPES;
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists::ListSpec;
use crate::vendors::lifepos::store::money_docs::MAX_PER_SALE;
use crate::vendors::lifepos::wire::activation::{ActivateWorkplace, Activated};
use crate::vendors::lifepos::wire::employees::{Employee, NewEmployee};
use crate::vendors::lifepos::wire::error::{ErrorBody, LifeposError};
use crate::vendors::lifepos::wire::fiscal_registrars::FiscalDocument;
use crate::vendors::lifepos::wire::lists::{list_schema, parameters, Page, ReadQuery};
use crate::vendors::lifepos::wire::orgs::Organization;
use crate::vendors::lifepos::wire::outlets::{NewOutlet, Outlet};
use crate::vendors::lifepos::wire::patch::JsonPatch;
use crate::vendors::lifepos::wire::paths;
use crate::vendors::lifepos::wire::sale_answers::{MoneyDocument, Sale};
use crate::vendors::lifepos::wire::sales::{NewSale, SalePatch, ShiftChange, TillMoney};
use crate::vendors::lifepos::wire::sign_in::{SignIn, SignInByPhone, SignedIn};
use crate::vendors::lifepos::wire::terminals::{Device, Transaction};
use crate::vendors::lifepos::wire::till_refusals::TillRefusal;
use crate::vendors::lifepos::wire::words::{
    ANOTHER_ORGANIZATION, NOT_AN_OBJECT_ANY_MORE, NOT_A_RUSSIAN_PHONE, NOT_A_TIME, NO_NUMBER_LEFT, NO_SUCH_EMPLOYEE,
    NO_SUCH_OUTLET, NO_SUCH_WORKPLACE, PAGE_TOKEN_INVALID,
};
use crate::vendors::lifepos::wire::workplaces::{
    ActivationCodeIssued, GenerateActivationCode, NewWorkplace, Workplace,
};

/// `{"code", "message"}`, and `errors` (problems by field) on a 422.
pub const ERRORS: ErrorShape = ErrorShape {
    refuses_nul: true,
    schema: error_schema,
    auth: true,
    extra: &[
        (404, "No such organization or object"),
        (422, "A required client header is missing or invalid"),
    ],
    errors_in_200: false,
};

fn error_schema(_status: u16) -> Value {
    answer_schema_of::<ErrorBody<'static>>().schema.clone()
}

/// The headers with a schema of their own.
pub fn header_params() -> Vec<Param> {
    // A header of only spaces counts as missing.
    let filled = pattern("\\S");
    vec![
        Param::header(
            "Accept-Language",
            true,
            "Язык используемый для ответов, e.g. ru-RU",
            filled.clone(),
        ),
        Param::header("X-LP-Client-Identifier", true, "Идентификатор клиента", filled),
        Param::header("X-LP-Client-Type", true, "Тип клиента", one_of(&CLIENT_TYPES)),
        tenant_param(VENDOR_TENANT),
    ]
}

pub const TITLE: &str =
    "LIFE POS (API v5/v6): sign-in, workplace activation, organizations, workplaces, employees, outlets, sales, terminals, fiscal registrars";

pub const HEADERS: &[(&str, bool, &str)] = &[
    ("Accept-Language", true, "Язык используемый для ответов, e.g. ru-RU"),
    (
        "X-LP-Client-Identifier",
        true,
        "Идентификатор клиента, e.g. 3a604a4c-bb52-4e96-b07e-d0d96ab28384",
    ),
    (
        "X-LP-Client-Type",
        true,
        "Тип клиента: Unknown, App, WebApp, Service, Android",
    ),
    (
        "Authorization",
        false,
        "Bearer <token> from sign-in or activation, or an organization API key (org endpoints)",
    ),
    (
        "X-LP-Client-Extensions",
        false,
        "Поддерживаемые клиентом расширения моделей (csv), e.g. notification_service; accepted, changes nothing",
    ),
    ("X-Emulator-Tenant", false, "The emulator tenant (default: default)"),
];

const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";
const WORKPLACE: &str = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41";
const LEGAL_ENTITY: &str = "2f7c9a14-6b3e-4d85-9e21-8a4c6f0b3d71";
const TOKEN: &str = "5bdca754a84d8582f82b974200efd2bcdee6e1ee03b255e8e09ddcea5947e184";

fn organization() -> Value {
    json!({
        "guid": ORG, "name": "Кофейня на Мира", "alias": "coffee-mira", "type_of": "Organization",
        "owner": { "guid": "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21", "type_of": "Employee" },
        "support": { "line": "Поддержка", "responsibility": "Вопросы по кассам и оплате", "phone": "+79990000100",
                     "email": "support@coffee-mira.ru" },
        "extensions": { "notification_service": { "turned_on": true,
            "primary_url_for_notifications": "https://shop.example/hooks/lifepos", "version": "1.0" } },
        "created_at": "2026-01-01T09:00:00.000Z", "updated_at": "2026-01-01T09:00:00.000Z", "deleted_at": null
    })
}

/// An error's body, as the error table words it.
fn error(err: LifeposError) -> Value {
    serde_json::to_value(err.body()).unwrap_or_default()
}

/// A refusal answering `err`, told by its code.
fn refused(err: LifeposError) -> Refused {
    let code = err.code();
    Refused::new(error(err), Mark::is("/code", code))
}

/// A refusal naming `field` in `errors`, told by that field: its code, `RequestIsNotValid`, is
/// every schema's too.
fn refused_field(field: &str, problem: &str) -> Refused {
    Refused::new(
        error(LifeposError::invalid_field(field, problem)),
        Mark::has("/errors", field),
    )
}

/// A JSON Patch that does not apply to the entity as it is, or leaves it breaking its rules: any
/// member may be named, so only the code tells it.
fn patch_refused(field: &str, problem: &str) -> Refused {
    refused(LifeposError::invalid_field(field, problem))
}

fn workplace() -> Value {
    json!({
        "guid": WORKPLACE, "number": 1, "name": "Касса 1", "workplace_type": "Stationary",
        "activated_at": null, "deleted_at": null, "type_of": "Workplace",
        "organization": { "guid": ORG, "type_of": "Organization" },
        "extensions": { "smart_pos": { "enabled": true } },
        "created_at": "2026-01-01T09:00:00.000Z", "updated_at": "2026-01-01T09:00:00.000Z"
    })
}

fn employee() -> Value {
    json!({
        "guid": "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21", "name": "Иван Петров", "username": "ivan",
        "phone": "+79990000001", "inn": null, "email": "ivan@coffee-mira.ru", "pin_code_hash": null, "deleted_at": null,
        "role": { "guid": "00000000-0000-4000-8000-00000000a001", "type_of": "Role", "name": "Owner" }, "type_of": "Employee",
        "organization": { "guid": ORG, "type_of": "Organization" },
        "created_at": "2026-01-01T09:00:00.000Z", "updated_at": "2026-01-01T09:00:00.000Z"
    })
}

fn outlet() -> Value {
    json!({
        "guid": "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11", "name": "Точка 1", "address": "Москва, Мира 1",
        "legal_entity": { "guid": LEGAL_ENTITY, "type_of": "LegalEntity" }, "type_of": "Outlet",
        "brand": null, "extensions": {},
        "organization": { "guid": ORG, "type_of": "Organization" },
        "created_at": "2026-01-01T09:00:00.000Z", "updated_at": "2026-01-01T09:00:00.000Z"
    })
}

fn page(item: Value, total: u32) -> Value {
    json!({
        "items": [item], "next_page_token": "OdDEFa2CzpYdp1CmlO9s9mjBn4NkUZB3CXKOtNfQWM0",
        "page_number": 1, "pages_total": 2, "items_per_page": 20, "items_total": total, "type_of": "List"
    })
}

const SALE: &str = "9d3e5f7a-1b2c-4d6e-8f0a-2b4c6d8e0f21";
const REGISTRAR: &str = "4a6c8e0f-2b4d-4f6a-8c0e-1a3c5e7f9b21";
const RECEIPT: &str = "7b9d1f3a-5c7e-4a9c-8e1f-3b5d7f9a1c21";
const TERMINAL: &str = "1e3f5a7b-9c1d-4e3f-8a5b-7c9d1e3f5a21";

fn stamps(mut body: Value) -> Value {
    body["organization"] = json!({ "guid": ORG, "type_of": "Organization" });
    body["created_at"] = json!("2026-01-01T09:00:00.000Z");
    body["updated_at"] = json!("2026-01-01T09:00:00.000Z");
    body
}

fn sale() -> Value {
    stamps(json!({
        "guid": SALE, "number": "1042", "status": "Closed", "state": "Completed", "payment_status": "Paid",
        "shipping_status": "Shipped", "opened_at": "2026-01-01T09:15:00.000Z", "closed_at": "2026-01-01T09:16:05.000Z",
        "total_sum": { "value": 35000, "currency": "RUB" }, "type_of": "Sale",
        "positions": [{ "name": "Капучино", "quantity": 2.0, "sale_price": { "value": 17500, "currency": "RUB" },
                        "total_sum": { "value": 35000, "currency": "RUB" } }],
        "outlet": { "guid": "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11", "type_of": "Outlet" },
        "workplace": { "guid": WORKPLACE, "type_of": "Workplace" },
        "opened_by": { "guid": "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21", "type_of": "Employee" },
        "fiscal_document": { "guid": RECEIPT, "type_of": "FiscalDocument",
                             "fiscal_registrar": { "guid": REGISTRAR, "type_of": "FiscalRegistrar" } }
    }))
}

/// A sale as its create answers it: open and unpaid, nothing printed yet.
fn new_sale() -> Value {
    let mut sale = sale();
    for (member, value) in [
        ("status", json!("Opened")),
        ("state", json!("New")),
        ("payment_status", json!("NotPaid")),
        ("shipping_status", json!("NotShipped")),
        ("closed_at", Value::Null),
        ("fiscal_document", Value::Null),
    ] {
        sale[member] = value;
    }
    sale
}

fn refund_doc() -> Value {
    let mut refund = money_doc();
    refund["type_of"] = json!("SaleRefund");
    refund["guid"] = json!("6b8d0f2a-4c6e-4a8c-9e0b-6b8d0f2a4c21");
    refund["for_payment"] = json!({ "guid": "3e5a7c9e-1f3b-4d5f-8a1c-3e5a7c9e1f21", "type_of": "SalePayment" });
    refund
}

fn money_doc() -> Value {
    stamps(json!({
        "guid": "3e5a7c9e-1f3b-4d5f-8a1c-3e5a7c9e1f21", "type_of": "SalePayment", "sale": { "guid": SALE, "type_of": "Sale" },
        "total_sum": { "value": 35000, "currency": "RUB" }, "sum_by_card": { "value": 35000, "currency": "RUB" },
        "sum_by_cash": { "value": 0, "currency": "RUB" },
        "fiscal_document": { "guid": RECEIPT, "type_of": "FiscalDocument", "fiscal_registrar": { "guid": REGISTRAR, "type_of": "FiscalRegistrar" } }
    }))
}

/// A till refusal, told by the start of its text.
fn till_refused(refusal: &TillRefusal) -> Refused {
    Refused::new(
        refusal.error().body(),
        Mark::StartsWith("/error".to_owned(), refusal.start()),
    )
}

/// The till's control routes (`api::till`), in the control plane's spec.
pub fn till_operations() -> Vec<Operation> {
    let refusal = |text: &str| json!({ "error": text });
    let sale = TillRefusal::NoSuch {
        what: "sale",
        guid: SALE,
    };
    let payment = TillRefusal::NoSuch {
        what: "payment",
        guid: "3e5a7c9e-1f3b-4d5f-8a1c-3e5a7c9e1f21",
    };
    vec![
        Operation::new("post", "/lifepos/sales/{guid}/payments", "LIFE POS till: the customer pays for a sale (kopecks by card and in cash)")
            .describe("Answers the SalePayment as GET …/docs/money shows it; the sale is PartiallyPaid, or Paid/Completed (v4 Closed) once paid in full; the organization's first fiscal registrar prints a receipt (sources.print_view). Each change is notified.")
            .param(Param::path("guid", crate::openapi::schema::any_string()))
            .request(json!({ "by_card": 35000, "by_cash": 0 }))
            .request_type::<TillMoney>()
            .answer_type::<MoneyDocument>(201, "The payment", money_doc())
            .response(400, "A body that is not a payment", refusal("body: invalid type: string \"x\", expected i64 at line 1 column 16"))
            .refusal(400, "Nothing paid: by_card and by_cash both 0", till_refused(&TillRefusal::NothingGiven))
            .refusal(404, "No such sale in the tenant", till_refused(&sale))
            .refusal(409, "The sale is cancelled or paid, more than is left to pay, or the sale holds as many payments and refunds as it may", till_refused(&TillRefusal::SaleIs("cancelled"))
                .or(till_refused(&TillRefusal::MoreThanLeftToPay(0)))
                .or(till_refused(&TillRefusal::TooManyDocuments(MAX_PER_SALE)))),
        Operation::new("post", "/lifepos/payments/{guid}/refunds", "LIFE POS till: money given back against a payment")
            .describe("Answers the SaleRefund (for_payment); the sale is Refunded (v4 Returned) once all it was paid is given back, PartiallyRefunded before; a return receipt is printed. Each change is notified.")
            .param(Param::path("guid", crate::openapi::schema::any_string()))
            .request(json!({ "by_card": 35000, "by_cash": 0 }))
            .request_type::<TillMoney>()
            .answer_type::<MoneyDocument>(201, "The refund", refund_doc())
            .response(400, "A body that is not a refund", refusal("body: invalid type: string \"x\", expected i64 at line 1 column 16"))
            .refusal(400, "Nothing refunded: by_card and by_cash both 0", till_refused(&TillRefusal::NothingGiven))
            .refusal(404, "No such payment in the tenant", till_refused(&payment))
            .refusal(409, "More than the payment has left to refund, or the sale holds as many payments and refunds as it may", till_refused(&TillRefusal::MoreThanRefundable { by_card: 0, by_cash: 0 })
                .or(till_refused(&TillRefusal::TooManyDocuments(MAX_PER_SALE)))),
        Operation::new("post", "/lifepos/fiscal-registrars/{guid}/shift", "LIFE POS till: open or close a registrar's shift")
            .describe("Answers the ShiftOpeningReport (the next shift number) or the ShiftClosingReport of the open shift; notified as FiscalDocumentShiftOpeningReport / FiscalDocumentShiftClosingReport.")
            .param(Param::path("guid", crate::openapi::schema::any_string()))
            .request(json!({ "action": "open" }))
            .request_type::<ShiftChange>()
            .answer_type::<FiscalDocument>(201, "The report", shift_report())
            .response(400, "A bad body", refusal("body: unknown variant `pause`, expected `open` or `close`"))
            .refusal(404, "No such registrar in the tenant", till_refused(&TillRefusal::NoSuch { what: "fiscal registrar", guid: REGISTRAR }))
            .refusal(409, "A shift is open already, or none is open to close", till_refused(&TillRefusal::NoShiftOpen).or(till_refused(&TillRefusal::ShiftOpen(12)))),
    ]
}

fn terminal() -> Value {
    stamps(
        json!({ "guid": TERMINAL, "name": "Пинпад 1", "serial_number": "PAX-0001", "deleted_at": null, "type_of": "BankTerminal" }),
    )
}

fn transaction() -> Value {
    stamps(json!({
        "guid": "2c4e6a8b-0d2f-4a6c-8e0b-2d4f6a8c0e21", "operation": "Payment", "status": "Completed",
        "payment_type": "Card", "amount": { "value": 35000 }, "card_number": "220000******1234",
        "meta_data": { "purpose": "1042" }, "registered_at": "2026-01-01T09:16:00.000Z",
        "terminal": { "guid": TERMINAL, "type_of": "Terminal" }, "type_of": "TerminalTransaction"
    }))
}

fn registrar() -> Value {
    stamps(
        json!({ "guid": REGISTRAR, "name": "Касса 1 (АТОЛ)", "serial_number": "00106712345678", "deleted_at": null, "type_of": "FiscalRegistrar" }),
    )
}

fn shift_report() -> Value {
    stamps(json!({
        "guid": "5d7f9b1c-3e5a-4c7e-9a1b-5d7f9b1c3e21", "number": 1, "fiscal_form": "ShiftOpeningReport",
        "fiscal_status": "Printed", "issued_at": "2026-01-01T08:55:00.000Z", "shift_number": 12,
        "fiscal_registrar": { "guid": REGISTRAR, "type_of": "FiscalRegistrar" },
        "cashier": { "name": "Иван Петров" }, "type_of": "FiscalDocument"
    }))
}

fn receipt() -> Value {
    stamps(json!({
        "guid": RECEIPT, "number": 2, "fiscal_form": "Receipt", "fiscal_status": "Printed",
        "issued_at": "2026-01-01T09:16:05.000Z", "shift_number": 12,
        "fiscal_registrar": { "guid": REGISTRAR, "type_of": "FiscalRegistrar" },
        "sale": { "guid": SALE, "type_of": "Sale" }, "total_sum": { "value": 35000, "currency": "RUB" },
        "ofd_url": "https://check.ofd.example/rec/1042", "cashier": { "name": "Иван Петров" }, "type_of": "FiscalReceipt"
    }))
}

/// A path naming what the organization does not have: a refusal, as no schema tells a guid that
/// exists from one that does not.
fn not_found(op: Operation, what: &'static str) -> Operation {
    forbidden(op).refusal(404, what, refused(LifeposError::NotFound))
}

/// A list's query parameters, as its declaration has them (`wire::lists::list_schema`); the
/// meaning the operation's own table gives, where it says more. A page token a list did not make
/// is a refusal: no schema tells tokens apart.
fn list(op: Operation, spec: &ListSpec) -> Operation {
    query_params(op, &list_schema(spec).schema).refusal(
        422,
        "A page token this list did not make (forged, altered, another list's)",
        refused_field("page_token", PAGE_TOKEN_INVALID),
    )
}

/// A read's or a create's `presentation`, as `wire::lists::ReadQuery` declares it.
fn read(op: Operation) -> Operation {
    query_params(op, &schema_of::<ReadQuery>().schema)
}

/// A query parameter of each member of a query declaration's schema; the meaning the operation's
/// own table gives, where it says more than the declaration.
fn query_params(mut op: Operation, schema: &Value) -> Operation {
    for (name, schema) in parameters(schema) {
        let meaning = op
            .query
            .iter()
            .find(|(param, _)| *param == name)
            .map_or("", |(_, meaning)| *meaning);
        op = op.param(Param::query(name, meaning, schema));
    }
    op
}

fn forbidden(op: Operation) -> Operation {
    op.response(401, "No or unknown credential", error(LifeposError::Unauthorized))
        .refusal(
            403,
            "Another organization, or a courier or guest",
            refused(LifeposError::NoPermissions),
        )
}

pub fn operations() -> Vec<Operation> {
    all_operations().into_iter().map(paths::with_paths).collect()
}

/// What `query` searches, by list.
const ORG_SEARCH: &[(&str, &str)] = &[("query", "Part of the name or of the alias, case-insensitive")];
const WORKPLACE_SEARCH: &[(&str, &str)] = &[("query", "The number, or part of the name, case-insensitive")];
const EMPLOYEE_SEARCH: &[(&str, &str)] = &[(
    "query",
    "Part of the name, username, INN, e-mail, meta or meta_data, or the phone in any notation",
)];
const NAME_SEARCH: &[(&str, &str)] = &[("query", "Part of the name, case-insensitive")];
const SALE_SEARCH: &[(&str, &str)] = &[("query", "Part of the number")];
const TRANSACTION_SEARCH: &[(&str, &str)] = &[("query", "Part of meta_data.purpose or of the card number")];
const DOCUMENT_SEARCH: &[(&str, &str)] = &[("query", "Part of the cashier's name")];

fn all_operations() -> Vec<Operation> {
    let activation_response = json!({
        "workplace": { "guid": WORKPLACE, "type_of": "Workplace" },
        "organization": { "guid": ORG, "type_of": "Organization" },
        "outlet": { "guid": "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11", "type_of": "Outlet" },
        "employee": { "guid": "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21", "type_of": "Employee" },
        "token": "d7a0e14ed3bf4a77112d69faa6823c719c381269dbddc255c47bd78cb0eb2318"
    });
    vec![
        Operation::new("post", "/auth/sign-in-by-phone", "SignInByPhone")
            .describe("A phone the pattern admits that is no Russian number (+7 and 10 digits) names nobody: 401.")
            .public()
            .request(json!({ "phone": "+79990000001", "password": "secret123" }))
            .request_type::<SignInByPhone>()
            .answer_type::<SignedIn>(200, "Success", json!({ "token": TOKEN }))
            .refusal(401, "Wrong phone or password", refused(LifeposError::WrongUsernameOrPassword)),
        Operation::new("post", "/auth/sign-in", "SignIn")
            .describe("full_username: <username>@<organization alias> (a bare username when one employee of the tenant has it).")
            .public()
            .request(json!({ "full_username": "ivan@coffee-mira", "password": "secret123", "response_type": "Token" }))
            .request_type::<SignIn>()
            .answer_type::<SignedIn>(200, "Success", json!({ "token": TOKEN }))
            .refusal(401, "No such user, or a wrong password", refused(LifeposError::WrongUsernameOrPassword)),
        Operation::new("post", "/auth/activate-workplace", "Активировать рабочее место")
            .describe("Предназначен для активации рабочего места (кассы и т.п.), используя код активации, полученный пользователем посредством СМС сообщения или письма по электронной почте. После 5 неудачных попыток подряд с одного IP-адреса этот IP-адрес банится на 24 часа.")
            .public()
            .request(json!({ "activation_code": "12345678" }))
            .request_type::<ActivateWorkplace>()
            .answer_type::<Activated>(200, "Success", activation_response)
            .refusal(401, "неверный код активации", refused(LifeposError::WrongActivationCode))
            .refusal(429, "слишком много неудачных попыток активировать рабочее место / превышено ограничение на количество запросов в секунду", refused(LifeposError::TryActivateLater).or(refused(LifeposError::TooManyRequests)))
            .response(500, "внутренняя ошибка сервера", error(LifeposError::InternalServerError)),
        forbidden(list(Operation::new("get", "/orgs", "List: the organization the credential reaches").query(ORG_SEARCH), &store::orgs::LIST))
            .answer_type::<Page<Organization>>(200, "The list", page(organization(), 1)),
        forbidden(read(Operation::new("get", "/orgs/{org}", "Read: the organization")))
            .answer_type::<Organization>(200, "Success", organization()),
        forbidden(Operation::new("patch", "/orgs/{org}", "Update the organization (RFC 6902 JSON Patch), e.g. switch on webhooks")
            .describe("Takes application/json or application/json-patch+json. May change name (2–24), alias (^[a-zA-Z0-9_-]{2,24}$, unique), support and extensions.notification_service {turned_on, primary_url_for_notifications, secondary_url_for_notifications, version}; primary_url_for_notifications is required while turned_on is true. Answers 204 with no body."))
            .request(json!([{ "op": "add", "path": "/extensions/notification_service", "value": {
                "turned_on": true, "primary_url_for_notifications": "https://shop.example/hooks/lifepos",
                "secondary_url_for_notifications": "https://backup.example/hooks/lifepos", "version": "1.0" } }]))
            .request_type::<JsonPatch>()
            .response(204, "Changed; no body", Value::Null)
            .refusal(422, "An operation that fails, a read-only or unknown member, an organization the patch leaves breaking a rule, or an alias already taken", patch_refused("extensions.notification_service.primary_url_for_notifications", "поле обязательно, когда turned_on = true")
                .or(refused(LifeposError::AliasIsAlreadyTaken))),
        forbidden(read(Operation::new("get", "/orgs/{org}/me", "The signed-in employee")))
            .answer_type::<Employee>(200, "The employee", employee())
            .refusal(404, "An API key has no employee", refused(LifeposError::NotFound)),
        forbidden(list(Operation::new("get", "/orgs/{org}/workplaces", "List workplaces, 20 a page").query(WORKPLACE_SEARCH), &store::workplaces::LIST))
            .answer_type::<Page<Workplace>>(200, "A page", page(workplace(), 27)),
        forbidden(Operation::new("post", "/orgs/{org}/workplaces", "Добавить рабочее место"))
            .request(json!({ "workplace_type": "Stationary", "name": "Касса 1", "number": 1, "extensions": { "smart_pos": { "enabled": true } } }))
            .request_type::<NewWorkplace>()
            .answer_type::<Workplace>(200, "The new workplace", workplace())
            .refusal(422, "The number is taken, or no number is left", refused(LifeposError::not_unique("number")).or(refused_field("number", NO_NUMBER_LEFT))),
        forbidden(read(Operation::new("get", "/orgs/{org}/workplaces/{guid}", "Получить данные о рабочем месте")))
            .answer_type::<Workplace>(200, "The workplace, archived ones too", workplace())
            .refusal(404, "No such workplace in the organization", refused(LifeposError::NotFound)),
        not_found(Operation::new("patch", "/orgs/{org}/workplaces/{guid}", "Изменить данные рабочего места (RFC 6902 JSON Patch)")
            .describe("What the patch leaves follows the rules of a new workplace, its number required."), "No such workplace in the organization")
            .request(json!([{ "op": "replace", "path": "/name", "value": "Касса у окна" }, { "op": "add", "path": "/extensions/smart_pos", "value": { "enabled": true } }]))
            .request_type::<JsonPatch>()
            .answer_type::<Workplace>(200, "The changed workplace", workplace())
            .refusal(422, "An operation that fails, a read-only or unknown member, a workplace the patch leaves breaking a rule, a number already taken, or an archived workplace", refused(LifeposError::NotAllowedForArchived)
                .or(refused(LifeposError::not_unique("number")))
                .or(patch_refused("body", NOT_AN_OBJECT_ANY_MORE))),
        not_found(Operation::new("delete", "/orgs/{org}/workplaces/{guid}", "Перенести рабочее место в архив"), "No such workplace in the organization")
            .answer_type::<Workplace>(200, "The archived workplace (deleted_at set)", workplace()),
        not_found(Operation::new("post", "/orgs/{org}/workplaces/{guid}", "Workplace actions: {guid}:unarchive, {guid}:deactivate, {guid}:generate-activation-code")
            .describe("`:unarchive` restores an archived workplace; `:deactivate` clears activated_at and revokes its activation tokens; `:generate-activation-code` issues an 8-digit code for an employee (and outlet), sent by SMS with send_sms=true, and answers {\"activation_code\"}. Only `:generate-activation-code` reads the body."), "No such workplace in the organization, or another action")
            .request(json!({ "employee": { "guid": "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21" }, "outlet": { "guid": "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11" }, "send_sms": true }))
            .request_type::<GenerateActivationCode>()
            .param(Param::path("guid", paths::action()))
            .response_schema(200, "The workplace, or {\"activation_code\"}", json!({ "anyOf": [
                answer_schema_of::<Workplace>().schema.clone(),
                answer_schema_of::<ActivationCodeIssued>().schema.clone(),
            ] }), json!({ "activation_code": "48213307" }))
            .refusal(422, "The employee or outlet is not the organization's, the employee has no phone for send_sms, or the workplace is archived", refused(LifeposError::PhoneIsNotFound)
                .or(refused_field("employee", NO_SUCH_EMPLOYEE))
                .or(refused_field("outlet", NO_SUCH_OUTLET))
                .or(refused(LifeposError::NotAllowedForArchived))),
        forbidden(list(Operation::new("get", "/orgs/{org}/employees", "List employees, 20 a page").query(EMPLOYEE_SEARCH), &store::employees::LIST))
            .answer_type::<Page<Employee>>(200, "A page", page(employee(), 2)),
        forbidden(read(Operation::new("post", "/orgs/{org}/employees", "Add an employee")))
            .request(json!({ "name": "Ольга Кассирова", "username": "olga", "phone": "+79995554433", "role": "Cashier", "inn": null, "email": "olga@coffee-mira.ru", "password": "olga-pass" }))
            .request_type::<NewEmployee>()
            .answer_type::<Employee>(200, "The new employee", employee())
            .refusal(422, "The username or phone is taken, or the phone is not a Russian number (+7 and 10 digits)", refused(LifeposError::UsernameIsAlreadyTaken)
                .or(refused(LifeposError::PhoneIsAlreadyTaken))
                .or(refused_field("phone", NOT_A_RUSSIAN_PHONE))),
        forbidden(read(Operation::new("get", "/orgs/{org}/employees/{guid}", "One employee")))
            .answer_type::<Employee>(200, "The employee", employee())
            .refusal(404, "No such employee", refused(LifeposError::NotFound)),
        forbidden(list(Operation::new("get", "/orgs/{org}/outlets", "List outlets, 20 a page").query(NAME_SEARCH), &store::outlets::LIST))
            .answer_type::<Page<Outlet>>(200, "A page", page(outlet(), 1)),
        forbidden(read(Operation::new("post", "/orgs/{org}/outlets", "Add an outlet")))
            .request(json!({ "name": "Точка 2", "address": "Москва, Тверская 5", "legal_entity": { "guid": LEGAL_ENTITY, "type_of": "LegalEntity" } }))
            .request_type::<NewOutlet>()
            .answer_type::<Outlet>(200, "The new outlet", outlet())
            .refusal(422, "An organization other than the path's", refused_field("organization", ANOTHER_ORGANIZATION)),
        forbidden(read(Operation::new("get", "/orgs/{org}/outlets/{guid}", "One outlet")))
            .answer_type::<Outlet>(200, "The outlet", outlet())
            .refusal(404, "No such outlet", refused(LifeposError::NotFound)),
        forbidden(list(Operation::new("get", "/orgs/{org}/deals/sales", "List sales, 20 a page (items_per_page up to 100)").query(SALE_SEARCH), &store::sales::LIST)
            .describe("Money is {\"value\": <kopecks>, \"currency\": \"RUB\"}. Sales come from the API, or from fixtures: POST /_emulator/fixtures with lifepos.sales[] adds one while the emulator runs."))
            .answer_type::<Page<Sale>>(200, "A page", page(sale(), 42)),
        not_found(read(Operation::new("get", "/orgs/{org}/deals/sales/{guid}", "One sale")), "No such sale")
            .answer_type::<Sale>(200, "The sale", sale()),
        forbidden(Operation::new("post", "/orgs/{org}/deals/sales", "Create a sale (as a public PHP client does on /v4)")
            .describe("The sale is New / NotPaid / NotShipped (v4 status Opened); it is paid and refunded at the till (POST /_emulator/lifepos/sales/{guid}/payments). number: an integer or 1–32 characters (the next free number when absent); outlet, workplace, opened_by: the organization's. Answers 201 with the sale; notified as a Sale."))
            .request(json!({ "outlet": { "guid": "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11" }, "workplace": { "guid": WORKPLACE }, "number": 1042,
                "opened_by": { "guid": "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21" }, "opened_at": "2026-01-01T09:15:00.000000Z", "status": "Opened",
                "total_sum": { "value": 35000, "currency": "RUB" },
                "positions": [{ "good_type": "Service", "name": "Капучино", "uom": { "guid": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e41" }, "tax": "Vat20",
                    "quantity": 2, "sale_price": { "value": 17500, "currency": "RUB" }, "total_sum": { "value": 35000, "currency": "RUB" } }] }))
            .request_type::<NewSale>()
            .answer_type::<Sale>(201, "The new sale", new_sale())
            .refusal(422, "The number is taken, the outlet, workplace or employee is not the organization's, or opened_at is no time", refused(LifeposError::not_unique("number"))
                .or(refused_field("outlet", NO_SUCH_OUTLET))
                .or(refused_field("workplace", NO_SUCH_WORKPLACE))
                .or(refused_field("opened_by", NO_SUCH_EMPLOYEE))
                .or(refused_field("opened_at", NOT_A_TIME))),
        not_found(Operation::new("patch", "/orgs/{org}/deals/sales/{guid}", "Change a sale (RFC 6902 JSON Patch; paths with or without the leading slash)")
            .describe("May change number, status (Opened, or Canceled to cancel), outlet, workplace, opened_by, opened_at, total_sum, positions of an open, unpaid sale. Answers 204 with no body; notified as a Sale."), "No such sale")
            .request(json!([{ "op": "replace", "path": "status", "value": "Canceled" }]))
            .request_type::<SalePatch>()
            .response(204, "Changed; no body", Value::Null)
            .refusal(422, "The sale is paid, refunded or cancelled, an operation fails, or what it leaves breaks a rule", refused(LifeposError::OperationCannotBePerformed)
                .or(refused(LifeposError::not_unique("number")))
                .or(patch_refused("body", NOT_AN_OBJECT_ANY_MORE))),
        not_found(Operation::new("get", "/orgs/{org}/deals/sales/{guid}/docs/money", "A sale's payments (SalePayment) and refunds (SaleRefund), oldest first"), "No such sale")
            .answer_type::<Page<MoneyDocument>>(200, "One page", json!({ "items": [money_doc()], "next_page_token": null, "page_number": 1, "pages_total": 1,
                "items_per_page": 1, "items_total": 1, "type_of": "List" })),
        not_found(list(Operation::new("get", "/orgs/{org}/terminals/{kind}", "List bank (kind=bank) or quick-payment (kind=quick-payments) terminals").query(NAME_SEARCH), &store::terminals::BANK_LIST), "Another kind")
            .answer_type::<Page<Device>>(200, "A page", page(terminal(), 1)),
        not_found(read(Operation::new("get", "/orgs/{org}/terminals/{kind}/{guid}", "One terminal of this kind")), "No such terminal of this kind")
            .answer_type::<Device>(200, "The terminal", terminal()),
        not_found(list(Operation::new("get", "/orgs/{org}/terminals/{kind}/{guid}/transactions", "A terminal's transactions, newest first").query(TRANSACTION_SEARCH), &store::terminals::TRANSACTION_LIST), "No such terminal of this kind")
            .answer_type::<Page<Transaction>>(200, "A page", page(transaction(), 1)),
        forbidden(list(Operation::new("get", "/orgs/{org}/fiscal-registrars", "List fiscal registrars").query(NAME_SEARCH), &store::fiscal_registrars::REGISTRAR_LIST))
            .answer_type::<Page<Device>>(200, "A page", page(registrar(), 1)),
        not_found(read(Operation::new("get", "/orgs/{org}/fiscal-registrars/{guid}", "One fiscal registrar")), "No such registrar")
            .answer_type::<Device>(200, "The registrar", registrar()),
        not_found(list(Operation::new("get", "/orgs/{org}/fiscal-registrars/{guid}/docs", "A registrar's fiscal documents, newest first").query(DOCUMENT_SEARCH), &store::fiscal_registrars::DOCUMENT_LIST), "No such registrar")
            .answer_type::<Page<FiscalDocument>>(200, "A page", page(shift_report(), 2)),
        not_found(list(Operation::new("get", "/orgs/{org}/fiscal-registrars/{guid}/docs/receipts", "A registrar's receipts; {guid} = * for every registrar (find one by ?guid=)").query(DOCUMENT_SEARCH), &store::fiscal_registrars::RECEIPT_LIST), "No such registrar")
            .answer_type::<Page<FiscalDocument>>(200, "A page", page(receipt(), 1)),
        not_found(read(Operation::new("get", "/orgs/{org}/fiscal-registrars/{guid}/docs/receipts/{receipt}", "One receipt; {guid} may be *")), "No such receipt of this registrar")
            .answer_type::<FiscalDocument>(200, "The receipt", receipt()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::wire::{check, Compiled, Wording};
    use crate::vendors::lifepos::wire::words::WORDS;

    /// An example the spec shows for a typed answer is an answer its type describes (the sales',
    /// the money documents' and the till's among them).
    #[test]
    fn every_typed_answers_example_fits_its_type() {
        let mut checked = 0;
        for operation in operations().into_iter().chain(till_operations()) {
            for (status, _, example) in &operation.responses {
                let Some((_, doc)) = operation.response_docs.iter().find(|(s, _)| s == status) else {
                    continue;
                };
                let Some(schema) = &doc.schema else { continue };
                let compiled = Compiled::new(schema.clone());
                let problems: Vec<String> = check(example, &compiled, WORDS.formats())
                    .iter()
                    .map(|problem| format!("{}: {:?}", problem.field(), problem.rule))
                    .collect();
                assert_eq!(
                    problems,
                    Vec::<String>::new(),
                    "{} {} {status}",
                    operation.method,
                    operation.path
                );
                checked += 1;
            }
        }
        assert!(checked >= 30, "only {checked} typed answers");
    }
}
