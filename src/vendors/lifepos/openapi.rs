//! The LIFE POS operations for the OpenAPI spec, with examples from the vendor documents.

use serde_json::{json, Value};

use crate::openapi::schema::{any_array, anything, closed, nullable, pattern_of, uuid};
use crate::openapi::schema::{any_string, boolean, integer, object, one_of, pattern, string};
use crate::openapi::{tenant_param, ErrorShape, Operation, Param};
use crate::vendors::lifepos::error::LifeposError;
use crate::vendors::lifepos::extension_rules::{Extension, Member, Rule, OUTLET_EXTENSIONS, WORKPLACE_EXTENSIONS};
use crate::vendors::lifepos::headers::CLIENT_TYPES;
use crate::vendors::lifepos::pagination::{bad_page_token, PRESENTATIONS, SELECTIONS};
use crate::vendors::lifepos::pagination::{FilterKind, ListSpec, FLAGS, MAX_PAGE_SIZE, MAX_SEARCH_LEN};
use crate::vendors::lifepos::phone_rule::{PHONE_CHARS, PHONE_PATTERN};
use crate::vendors::lifepos::sign_in::{FULL_USERNAME_CHARS, PASSWORD_CHARS, RESPONSE_TYPES};
use crate::vendors::lifepos::wire::employees::NewEmployee;
use crate::vendors::lifepos::wire::{white_space_chars, WHITE_SPACE};
use crate::vendors::lifepos::workplace::{WorkplaceType, MAX_NAME_LEN, MAX_NUMBER};
use crate::vendors::lifepos::workplace::{ACTIVATION_CODE_MAX_LEN, ACTIVATION_CODE_PATTERN};
use crate::vendors::lifepos::{employee, organization, outlet, outlets, terminal, workplace, workplaces};
use crate::vendors::lifepos::{fiscal, fiscal_registrars, sale};

/// `{"code", "message"}`, and `errors` (problems by field) on a 422.
pub const ERRORS: ErrorShape = ErrorShape {
    schema: error_schema,
    auth: true,
    extra: &[
        (404, "No such organization or object"),
        (422, "A required client header is missing or invalid"),
    ],
    errors_in_200: false,
};

fn error_schema(_status: u16) -> Value {
    object(
        &["code", "message"],
        &[
            ("code", any_string()),
            ("message", any_string()),
            (
                "errors",
                json!({ "type": "object", "additionalProperties": { "type": "array", "items": any_string() } }),
            ),
        ],
    )
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
        tenant_param("The emulator tenant (default: default)"),
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

fn error(code: &str, message: &str) -> Value {
    json!({ "code": code, "message": message })
}

fn invalid(field: &str, problem: &str) -> Value {
    json!({ "code": "RequestIsNotValid", "message": "параметры запроса не прошли валидацию", "errors": { field: [problem] } })
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

const LIST_QUERY: &[(&str, &str)] = &[
    (
        "page_token",
        "next_page_token of the previous page; carries the other parameters",
    ),
    ("selection", "alive_only (default) | all | archived_only"),
    (
        "query",
        "the number, or part of the name, case-insensitive (1–64); `search` is its alias",
    ),
    ("created_from", "created_at ≥ this date-time (RFC 3339)"),
    ("created_to", "created_at ≤ this date-time"),
    ("updated_from", "updated_at ≥ this date-time"),
    ("updated_to", "updated_at ≤ this date-time"),
    (
        "order_by",
        "{created_at|updated_at|number|name|workplace_type|activated_at}_{asc|desc}",
    ),
    ("presentation", "full (default) | compact"),
];

const SHORT_LIST_QUERY: &[(&str, &str)] = &[
    (
        "page_token",
        "next_page_token of the previous page; carries the other parameters",
    ),
    ("selection", "alive_only (default) | all | archived_only (nothing: these are never archived)"),
    (
        "query",
        "part of the name (employees: also username, inn, the phone; organizations: the alias), 1–64; `search` is its alias",
    ),
    ("created_from", "created_at ≥ this date-time (RFC 3339)"),
    ("created_to", "created_at ≤ this date-time"),
    ("updated_from", "updated_at ≥ this date-time"),
    ("updated_to", "updated_at ≤ this date-time"),
    ("order_by", "{created_at|updated_at|name}_{asc|desc}"),
    ("presentation", "full (default) | compact"),
];

const ORG_LIST_QUERY: &[(&str, &str)] = &[
    (
        "page_token",
        "next_page_token of the previous page; carries the other parameters",
    ),
    (
        "selection",
        "alive_only (default) | all | archived_only (nothing: organizations are never archived)",
    ),
    ("query", "part of the name or alias (1–64); `search` is its alias"),
    ("order_by", "{created_at|updated_at|name}_{asc|desc}"),
    ("created_from", "created_at ≥ this date-time (RFC 3339)"),
    ("created_to", "created_at ≤ this date-time"),
    ("updated_from", "updated_at ≥ this date-time"),
    ("updated_to", "updated_at ≤ this date-time"),
    ("presentation", "full (default) | compact"),
];

const READ_QUERY: &[(&str, &str)] = &[("presentation", "full (default) | compact")];

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
        "guid": SALE, "number": "1042", "state": "Completed", "payment_status": "Paid",
        "shipping_status": "Shipped", "opened_at": "2026-01-01T09:15:00.000Z", "closed_at": null,
        "total_sum": { "value": 35000 }, "type_of": "Sale",
        "positions": [{ "name": "Капучино", "quantity": 2.0, "sale_price": { "value": 17500 }, "total_sum": { "value": 35000 } }],
        "outlet": { "guid": "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11", "type_of": "Outlet" },
        "workplace": { "guid": WORKPLACE, "type_of": "Workplace" },
        "opened_by": { "guid": "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21", "type_of": "Employee" },
        "fiscal_document": { "guid": RECEIPT, "type_of": "FiscalDocument",
                             "fiscal_registrar": { "guid": REGISTRAR, "type_of": "FiscalRegistrar" } }
    }))
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
        "sale": { "guid": SALE, "type_of": "Sale" }, "total_sum": { "value": 35000 },
        "ofd_url": "https://check.ofd.example/rec/1042", "cashier": { "name": "Иван Петров" }, "type_of": "FiscalReceipt"
    }))
}

/// The parameters of every list, followed by the list's own.
macro_rules! list_query {
    ($($own:expr),* $(,)?) => {
        &[
            ("page_token", "next_page_token of the previous page; carries the other parameters"),
            ("presentation", "full (default) | compact"),
            ("items_per_page", "1–100 (default 20)"),
            ("include_items_total", "true | false: accepted; items_total is always counted (on the first page)"),
            ("created_from", "created_at ≥ this date-time (RFC 3339)"),
            ("created_to", "created_at ≤ this date-time"),
            ("updated_from", "updated_at ≥ this date-time"),
            ("updated_to", "updated_at ≤ this date-time"),
            $($own),*
        ]
    };
}

const SALES_QUERY: &[(&str, &str)] = list_query![
    ("query", "part of the number"),
    (
        "order_by",
        "{opened_at|created_at|updated_at}_{asc|desc}, default opened_at_desc"
    ),
    (
        "selection",
        "alive_only (default) | all | archived_only (nothing: sales are never archived)"
    ),
    ("opened_at_from", "opened_at ≥ this date-time (RFC 3339)"),
    ("opened_at_to", "opened_at ≤ this date-time"),
    (
        "state",
        "New | InProgress | Completed | Cancelled (repeated or comma-separated)"
    ),
    (
        "payment_status",
        "NotPaid | Paid | PartiallyPaid | Refunded | PartiallyRefunded"
    ),
    (
        "shipping_status",
        "NotShipped | Shipped | PartiallyShipped | Refunded | PartiallyRefunded"
    ),
];

const NAMED_QUERY: &[(&str, &str)] = list_query![
    ("query", "part of the name"),
    (
        "order_by",
        "{created_at|updated_at|name}_{asc|desc}, default created_at_asc"
    ),
    ("selection", "alive_only (default) | all | archived_only"),
];

const TRANSACTIONS_QUERY: &[(&str, &str)] = list_query![
    ("query", "part of meta_data.purpose or the card number"),
    (
        "order_by",
        "{registered_at|created_at}_{asc|desc}, default registered_at_desc"
    ),
    ("registered_at_from", "registered_at ≥ this date-time (RFC 3339)"),
    ("registered_at_to", "registered_at ≤ this date-time"),
    (
        "status",
        "Pending | Completed | Failed | Cancelled (repeated or comma-separated)"
    ),
    ("operation", "Payment | Refund | Cancellation"),
];

const DOCS_QUERY: &[(&str, &str)] = list_query![
    ("query", "part of the cashier's name"),
    ("order_by", "{issued_at|number|created_at}_{asc|desc}, default issued_at_desc"),
    ("selection", "alive_only (default) | all | archived_only (nothing: documents are never archived)"),
    ("issued_at_from", "issued_at ≥ this date-time (RFC 3339)"),
    ("issued_at_to", "issued_at ≤ this date-time"),
    ("fiscal_form", "Receipt | CorrectionReceipt | ShiftOpeningReport | ShiftClosingReport | CurrentStateReport | RegistrationReport | FiscalStorageClosingReport (repeated or comma-separated)"),
    ("fiscal_status", "Pending | Printed | Failed"),
];

const RECEIPTS_QUERY: &[(&str, &str)] = list_query![
    ("guid", "the receipt's guid (repeated for several); each must be a guid"),
    ("query", "part of the cashier's name"),
    (
        "order_by",
        "{issued_at|number|created_at}_{asc|desc}, default issued_at_desc"
    ),
    ("issued_at_from", "issued_at ≥ this date-time (RFC 3339)"),
    ("issued_at_to", "issued_at ≤ this date-time"),
    ("fiscal_form", "Receipt | CorrectionReceipt"),
    ("fiscal_status", "Pending | Printed | Failed"),
];

fn not_found(op: Operation, what: &'static str) -> Operation {
    forbidden(op).response(404, what, error("NotFound", "объект не найден"))
}

/// The `extensions` member as `extension_rules::check` reads it: only the known extensions, each
/// an object whose ruled members follow their rules (null for an optional one); other members are
/// taken as they are.
fn extensions_schema(known: &[Extension]) -> Value {
    let extensions: Vec<(&str, Value)> = known
        .iter()
        .map(|extension| (extension.name, members_schema(extension.members)))
        .collect();
    nullable(closed(object(&[], &extensions)))
}

// As deep as the rule tables nest.
fn members_schema(members: &[Member]) -> Value {
    let required: Vec<&str> = members
        .iter()
        .filter(|member| member.required)
        .map(|member| member.name)
        .collect();
    let schemas: Vec<(&str, Value)> = members
        .iter()
        .map(|member| {
            let schema = rule_schema(&member.rule);
            (member.name, if member.required { schema } else { nullable(schema) })
        })
        .collect();
    object(&required, &schemas)
}

fn rule_schema(rule: &Rule) -> Value {
    match rule {
        Rule::Text { chars, .. } if *chars.end() == usize::MAX => {
            json!({ "type": "string", "minLength": chars.start() })
        }
        Rule::Text {
            chars,
            charset: Some(charset),
        } => pattern_of(charset.pattern, chars.clone()),
        Rule::Text { chars, charset: None } => string(chars.clone()),
        Rule::Integer(range) => integer(range.clone()),
        Rule::Object(members) => members_schema(members),
        Rule::Objects(members) => any_array(members_schema(members)),
    }
}

/// A new workplace, as `workplaces::writable` reads it: the type required, the number given or
/// the next free one, the known extensions by their rules.
fn workplace_schema() -> Value {
    let kinds: Vec<&str> = WorkplaceType::ALL.iter().map(|kind| kind.name()).collect();
    object(
        &["workplace_type"],
        &[
            ("workplace_type", one_of(&kinds)),
            (
                "number",
                nullable(json!({ "type": "integer", "minimum": 1, "maximum": MAX_NUMBER })),
            ),
            ("name", nullable(json!({ "type": "string", "maxLength": MAX_NAME_LEN }))),
            ("extensions", extensions_schema(WORKPLACE_EXTENSIONS)),
        ],
    )
}

/// An RFC 6902 JSON Patch as `patch::operations` reads it (the `json_patch` crate): an array of
/// operations, each by its `op` with its members (`value` may be any JSON, null too; other members
/// are ignored); `path` and `from` JSON Pointers (empty, or `/`-led with `~` only as `~0`/`~1`).
/// Whether a path exists, or may be changed, is the patch's application (a 422), not its shape.
fn json_patch() -> Value {
    let pointer = pattern("^(/([^~]|~[01])*)?$");
    let operation = |ops: &[&str], members: &[&str]| {
        let mut listed: Vec<(&str, Value)> = vec![("op", one_of(ops)), ("path", pointer.clone())];
        for member in members {
            listed.push((member, if *member == "from" { pointer.clone() } else { anything() }));
        }
        let required: Vec<&str> = listed.iter().map(|(name, _)| *name).collect();
        object(&required, &listed)
    };
    json!({ "type": "array", "items": { "anyOf": [
        operation(&["add", "replace", "test"], &["value"]),
        operation(&["remove"], &[]),
        operation(&["move", "copy"], &["from"]),
    ] } })
}

/// A JSON Patch is applied to the entity as it is, and what comes out is checked like a new one:
/// whether an operation applies and the result is valid depends on the stored entity.
fn patch_refusal(op: Operation) -> Operation {
    op.refusal(
        422,
        "an operation does not apply to the entity as it is (a `test` that does not hold, a `path` or `from` it lacks), or the patched entity breaks a field's rule, changes a read-only field or gains an unknown one",
        LifeposError::invalid_field("body", "operation '/0' failed at path '/number': path is invalid").body(),
    )
}

/// `{guid}:<action>` as `workplaces::workplace_action` splits it (at the first `:`); another
/// action is a 404.
fn action_path() -> Value {
    pattern(&format!("^[^:]*:({})$", workplaces::ACTIONS.join("|")))
}

/// The body of `:generate-activation-code` as `workplaces::generate_activation_code` reads it (the
/// other actions read no body): `employee` required, `outlet` and `send_sms` optional.
fn activation_code_schema() -> Value {
    object(
        &["employee"],
        &[
            ("employee", reference()),
            ("outlet", nullable(reference())),
            ("send_sms", nullable(boolean())),
        ],
    )
}

/// A reference as `request::reference_guid` reads it: `{"guid"}` or the bare guid.
fn reference() -> Value {
    json!({ "anyOf": [uuid(), object(&["guid"], &[("guid", uuid())])] })
}

/// A new outlet, as `outlets::new_outlet` reads it (lengths counted after trimming).
fn outlet_schema() -> Value {
    object(
        &["name", "address", "legal_entity"],
        &[
            ("name", string(outlet::NAME_CHARS)),
            ("address", string(outlet::ADDRESS_CHARS)),
            ("legal_entity", reference()),
            ("brand", nullable(reference())),
            ("organization", nullable(reference())),
            ("extensions", extensions_schema(OUTLET_EXTENSIONS)),
        ],
    )
}

/// A hyphenated guid, as `uuid::Uuid::parse_str` reads one.
const HYPHENATED: &str = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

/// A guid in any form `uuid::Uuid::parse_str` (the handlers' `entity_guid`, a list's guid filter)
/// reads: 32 digits, hyphenated, braced, or a URN.
fn any_guid() -> String {
    format!("([0-9a-fA-F]{{32}}|{HYPHENATED}|\\{{{HYPHENATED}\\}}|[uU][rR][nN]:[uU][uU][iI][dD]:{HYPHENATED})")
}

/// A path guid: a non-guid is answered 404 by `access::entity_guid`, as a guid nobody has.
fn guid_path() -> Value {
    pattern(&format!("^{}$", any_guid()))
}

/// A list filter's value as `pagination::RawListParams::values_of` splits it: comma-separated,
/// each part trimmed, empty parts skipped, every other part `one` (the parameter may also be
/// repeated, each value read so). A string pattern rather than `type: array`: an array's item
/// could not say that an empty value is no filter (accepted), nor that one value may hold several.
fn listed(one: &str) -> Value {
    let part = format!("{WHITE_SPACE}*({one})?{WHITE_SPACE}*");
    pattern(&format!("^{part}(,{part})*$"))
}

/// A list's parameters with the validator's enums and lengths, and its own filters.
fn list(op: Operation, spec: &ListSpec) -> Operation {
    let orders: Vec<String> = spec
        .orders
        .iter()
        .flat_map(|column| [format!("{}_asc", column.name), format!("{}_desc", column.name)])
        .collect();
    let time = || serde_json::json!({ "type": "string", "format": "date-time" });
    let table = op.query;
    // The meaning the operation's own table gives, if any.
    let meaning = |name: &str, otherwise: &'static str| {
        table
            .iter()
            .find(|(param, _)| *param == name)
            .map_or(otherwise, |(_, meaning)| *meaning)
    };
    let mut op = op
        .refusal(
            422,
            "page_token is not one this emulator signed for this list, tenant and organization",
            bad_page_token().body(),
        )
        .param(Param::query(
            "selection",
            meaning("selection", "alive_only (default) | all | archived_only"),
            one_of(&SELECTIONS),
        ))
        .param(Param::query(
            "presentation",
            "full (default) | compact",
            one_of(&PRESENTATIONS),
        ))
        .param(Param::query(
            "order_by",
            meaning("order_by", "the order"),
            json!({ "type": "string", "enum": orders }),
        ))
        .param(Param::query(
            "query",
            meaning("query", "the search, case-insensitive"),
            string(1..=MAX_SEARCH_LEN),
        ))
        .param(Param::query(
            "created_from",
            "created_at ≥ this date-time (RFC 3339)",
            time(),
        ))
        .param(Param::query("created_to", "created_at ≤ this date-time", time()))
        .param(Param::query("updated_from", "updated_at ≥ this date-time", time()))
        .param(Param::query("updated_to", "updated_at ≤ this date-time", time()))
        .param(Param::query(
            "items_per_page",
            "1–100 (default 20)",
            integer(1..=MAX_PAGE_SIZE),
        ))
        .param(Param::query(
            "include_items_total",
            "true | false: accepted; items_total is always counted (on the first page)",
            one_of(&FLAGS),
        ));
    for filter in spec.filters {
        let schema = match filter.kind {
            // Blank parts are no bound (as with the enums); several date-times, comma-separated,
            // are each a bound too, which `format` cannot say: the spec states one.
            FilterKind::From | FilterKind::To => json!({ "anyOf": [
                time(),
                pattern(&format!("^[{},]*$", white_space_chars())),
            ] }),
            FilterKind::OneOf(values) => listed(&values.join("|")),
            FilterKind::Guid => listed(&any_guid()),
        };
        op = op.param(Param::query(filter.param, meaning(filter.param, ""), schema));
    }
    op
}

fn read(op: Operation) -> Operation {
    op.param(Param::query(
        "presentation",
        "full (default) | compact",
        one_of(&PRESENTATIONS),
    ))
}

fn forbidden(op: Operation) -> Operation {
    op.response(
        401,
        "No or unknown credential",
        error("Unauthorized", "требуется авторизация"),
    )
    .response(
        403,
        "Another organization, or a courier or guest",
        error("NoPermissions", "недостаточно прав"),
    )
}

pub fn operations() -> Vec<Operation> {
    all_operations().into_iter().map(with_paths).collect()
}

/// The path parameters with rules: `{kind}` the terminal kinds' segments (another is a 404), a
/// `{guid}` or `{receipt}` a guid (`*` too where `fiscal_registrars::ANY_REGISTRAR` is taken),
/// `{guid}:<action>` one of the actions; a parameter an operation already types stays.
fn with_paths(mut op: Operation) -> Operation {
    let typed = |op: &Operation, name: &str| op.params.iter().any(|p| p.location == "path" && p.name == name);
    if op.path.contains("{kind}") {
        op = op.param(Param::path("kind", one_of(&terminal::SEGMENTS)));
    }
    if op.path.contains("{receipt}") {
        op = op.param(Param::path("receipt", guid_path()));
    }
    if op.path.contains("{guid}") && !typed(&op, "guid") {
        let schema = if op.path.contains("/docs/receipts") {
            pattern(&format!("^({}|\\{})$", any_guid(), fiscal_registrars::ANY_REGISTRAR))
        } else {
            guid_path()
        };
        op = op.param(Param::path("guid", schema));
    }
    op
}

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
            .describe("phone: 10–18 characters matching ((8|\\+7)-?)?\\(?\\d{3,5}\\)?-?\\d{1}-?\\d{1}-?\\d{1}-?\\d{1}-?\\d{1}((-?\\d{1})?-?\\d{1})? (the whole value); password: 6–32 characters.")
            .public()
            .request(json!({ "phone": "+79990000001", "password": "secret123" }))
            .request_schema(object(&["phone", "password"], &[
                ("phone", pattern_of(PHONE_PATTERN, PHONE_CHARS)),
                ("password", string(PASSWORD_CHARS)),
            ]))
            .response(200, "Success", json!({ "token": TOKEN }))
            .response(401, "Wrong phone or password", error("WrongUsernameOrPassword", "неверный логин или пароль"))
            .response(422, "A field breaks its rule", invalid("phone", "от 10 до 18 символов")),
        Operation::new("post", "/auth/sign-in", "SignIn")
            .describe("full_username: 2–49 characters, <username>@<organization alias> (a bare username when one employee of the tenant has it); password: 6–32; response_type: Session | Token (both answer {\"token\"}).")
            .public()
            .request(json!({ "full_username": "ivan@coffee-mira", "password": "secret123", "response_type": "Token" }))
            .request_schema(object(&["full_username", "password"], &[
                ("full_username", string(FULL_USERNAME_CHARS)),
                ("password", string(PASSWORD_CHARS)),
                ("response_type", nullable(one_of(&RESPONSE_TYPES))),
            ]))
            .response(200, "Success", json!({ "token": TOKEN }))
            .response(401, "No such user, or a wrong password", error("WrongUsernameOrPassword", "неверный логин или пароль"))
            .response(422, "A field breaks its rule", invalid("full_username", "от 2 до 49 символов")),
        Operation::new("post", "/auth/activate-workplace", "Активировать рабочее место")
            .describe("Предназначен для активации рабочего места (кассы и т.п.), используя код активации, полученный пользователем посредством СМС сообщения или письма по электронной почте. После 5 неудачных попыток подряд с одного IP-адреса этот IP-адрес банится на 24 часа.")
            .public()
            .request(json!({ "activation_code": "12345678" }))
            .request_schema(object(&["activation_code"], &[
                ("activation_code", pattern_of(ACTIVATION_CODE_PATTERN, 1..=ACTIVATION_CODE_MAX_LEN)),
            ]))
            .response(200, "Success", activation_response)
            .response(401, "неверный код активации", error("WrongActivationCode", "неверный код активации"))
            .response(422, "параметры запроса не прошли валидацию", invalid("activation_code", "значение должно состоять только из цифр и быть не длиннее 8 символов"))
            .response(429, "слишком много неудачных попыток активировать рабочее место / превышено ограничение на количество запросов в секунду", error("TryActivateLater", "слишком много неудачных попыток активировать рабочее место"))
            .response(500, "внутренняя ошибка сервера", error("InternalServerError", "внутренняя ошибка сервера")),
        forbidden(list(Operation::new("get", "/orgs", "List: the organization the credential reaches").query(ORG_LIST_QUERY), &organization::LIST))
            .response(200, "The list", page(organization(), 1))
            .response(422, "A bad parameter", invalid("query", "от 1 до 64 символов")),
        forbidden(read(Operation::new("get", "/orgs/{org}", "Read: the organization").query(READ_QUERY)))
            .response(200, "Success", organization())
            .response(422, "A bad presentation", invalid("presentation", "допустимые значения: compact, full")),
        forbidden(patch_refusal(Operation::new("patch", "/orgs/{org}", "Update the organization (RFC 6902 JSON Patch), e.g. switch on webhooks")
            .describe("Takes application/json or application/json-patch+json. May change name (2–24), alias (^[a-zA-Z0-9_-]{2,24}$, unique), support and extensions.notification_service {turned_on, primary_url_for_notifications, secondary_url_for_notifications, version}. Answers 204 with no body.")))
            .request(json!([{ "op": "add", "path": "/extensions/notification_service", "value": {
                "turned_on": true, "primary_url_for_notifications": "https://shop.example/hooks/lifepos",
                "secondary_url_for_notifications": "https://backup.example/hooks/lifepos", "version": "1.0" } }]))
            .request_schema(json_patch())
            .refusal(422, "the alias is another organization's", LifeposError::AliasIsAlreadyTaken.body())
            .response(204, "Changed; no body", Value::Null)
            .response(422, "Not a JSON Patch, or one past its bounds", invalid("body", "ожидается JSON Patch (RFC 6902)")),
        forbidden(read(Operation::new("get", "/orgs/{org}/me", "The signed-in employee").query(READ_QUERY)))
            .response(200, "The employee", employee())
            .response(404, "An API key has no employee", error("NotFound", "объект не найден")),
        forbidden(list(Operation::new("get", "/orgs/{org}/workplaces", "List workplaces, 20 a page").query(LIST_QUERY), &workplace::LIST))
            .response(200, "A page", page(workplace(), 27))
            .response(422, "A bad parameter or page token", invalid("page_token", "недействительный токен страницы")),
        forbidden(Operation::new("post", "/orgs/{org}/workplaces", "Добавить рабочее место"))
            .request(json!({ "workplace_type": "Stationary", "name": "Касса 1", "number": 1, "extensions": { "smart_pos": { "enabled": true } } }))
            .request_schema(workplace_schema())
            .refusal(422, "the number is another workplace's of the organization", LifeposError::not_unique("number").body())
            .refusal(422, "no number is given and every number up to 99999 is taken", LifeposError::invalid_field("number", workplaces::NO_FREE_NUMBER).body())
            .response(200, "The new workplace", workplace())
            .response(422, "Invalid fields", invalid("workplace_type", "поле обязательно")),
        forbidden(read(Operation::new("get", "/orgs/{org}/workplaces/{guid}", "Получить данные о рабочем месте").query(READ_QUERY)))
            .response(200, "The workplace, archived ones too", workplace())
            .response(404, "No such workplace in the organization", error("NotFound", "объект не найден")),
        forbidden(patch_refusal(Operation::new("patch", "/orgs/{org}/workplaces/{guid}", "Изменить данные рабочего места (RFC 6902 JSON Patch)")))
            .refusal(422, "the workplace is archived", LifeposError::NotAllowedForArchived.body())
            .refusal(422, "the new number is another workplace's of the organization", LifeposError::not_unique("number").body())
            .request(json!([{ "op": "replace", "path": "/name", "value": "Касса у окна" }, { "op": "add", "path": "/extensions/smart_pos", "value": { "enabled": true } }]))
            .request_schema(json_patch())
            .response(200, "The changed workplace", workplace())
            .response(422, "Not a JSON Patch, or one past its bounds", invalid("body", "ожидается JSON Patch (RFC 6902)")),
        forbidden(Operation::new("delete", "/orgs/{org}/workplaces/{guid}", "Перенести рабочее место в архив"))
            .response(200, "The archived workplace (deleted_at set)", workplace()),
        forbidden(Operation::new("post", "/orgs/{org}/workplaces/{guid}", "Workplace actions: {guid}:unarchive, {guid}:deactivate, {guid}:generate-activation-code")
            .describe("`:unarchive` restores an archived workplace; `:deactivate` clears activated_at and revokes its activation tokens; `:generate-activation-code` issues an 8-digit code for an employee (and outlet), sent by SMS with send_sms=true."))
            .request(json!({ "employee": { "guid": "3c9e7b21-8f4a-4d6b-a1c3-7e2f9d5b8a21" }, "outlet": { "guid": "6a1d2f9e-3b7c-4e58-8d21-5c9e0f4b3a11" }, "send_sms": true }))
            .request_schema(activation_code_schema())
            .param(Param::path("guid", action_path()))
            .refusal(422, "`:generate-activation-code` for an archived workplace", LifeposError::NotAllowedForArchived.body())
            .refusal(422, "`:generate-activation-code` for an employee the organization does not have", LifeposError::invalid_field("employee", workplaces::EMPLOYEE_NOT_IN_ORG).body())
            .refusal(422, "`:generate-activation-code` for an outlet the organization does not have", LifeposError::invalid_field("outlet", workplaces::OUTLET_NOT_IN_ORG).body())
            .refusal(422, "`send_sms` for an employee without a phone", LifeposError::PhoneIsNotFound.body())
            .response(200, "The workplace, or {\"activation_code\"}", json!({ "activation_code": "48213307" }))
            .response(422, "Invalid fields", invalid("send_sms", "ожидается true или false")),
        forbidden(list(Operation::new("get", "/orgs/{org}/employees", "List employees, 20 a page").query(SHORT_LIST_QUERY), &employee::LIST))
            .response(200, "A page", page(employee(), 2)),
        forbidden(read(Operation::new("post", "/orgs/{org}/employees", "Add an employee").query(READ_QUERY)))
            .request(json!({ "name": "Ольга Кассирова", "username": "olga", "phone": "+79995554433", "role": "Cashier", "inn": null, "email": "olga@coffee-mira.ru", "password": "olga-pass" }))
            .request_type::<NewEmployee>()
            .refusal(422, "the username is another employee's of the organization", LifeposError::UsernameIsAlreadyTaken.body())
            .refusal(422, "the phone is another employee's of the tenant", LifeposError::PhoneIsAlreadyTaken.body())
            .refusal(422, "the phone matches the pages' pattern but is not a Russian number (+7 and 10 digits)", invalid("phone", "номер телефона в России: +7 и 10 цифр"))
            .response(200, "The new employee", employee())
            .response(422, "Invalid fields", invalid("username", "поле обязательно")),
        forbidden(read(Operation::new("get", "/orgs/{org}/employees/{guid}", "One employee").query(READ_QUERY)))
            .response(200, "The employee", employee())
            .response(404, "No such employee", error("NotFound", "объект не найден")),
        forbidden(list(Operation::new("get", "/orgs/{org}/outlets", "List outlets, 20 a page").query(SHORT_LIST_QUERY), &outlet::LIST))
            .response(200, "A page", page(outlet(), 1)),
        forbidden(read(Operation::new("post", "/orgs/{org}/outlets", "Add an outlet").query(READ_QUERY)))
            .request(json!({ "name": "Точка 2", "address": "Москва, Тверская 5", "legal_entity": { "guid": LEGAL_ENTITY, "type_of": "LegalEntity" } }))
            .request_schema(outlet_schema())
            .refusal(422, "`organization` names another organization than the path's", LifeposError::invalid_field("organization", outlets::NOT_THE_PATHS_ORGANIZATION).body())
            .response(200, "The new outlet", outlet())
            .response(422, "Invalid fields", invalid("name", "поле обязательно")),
        forbidden(read(Operation::new("get", "/orgs/{org}/outlets/{guid}", "One outlet").query(READ_QUERY)))
            .response(200, "The outlet", outlet())
            .response(404, "No such outlet", error("NotFound", "объект не найден")),
        forbidden(list(Operation::new("get", "/orgs/{org}/deals/sales", "List sales, 20 a page (items_per_page up to 100)").query(SALES_QUERY), &sale::LIST)
            .describe("Money is {\"value\": <kopecks>}. Sales come from fixtures; POST /_emulator/fixtures with lifepos.sales[] adds one while the emulator runs."))
            .response(200, "A page", page(sale(), 42))
            .response(422, "A bad parameter or page token", invalid("opened_at_from", "ожидается дата и время (RFC 3339), например 2024-10-23T06:47:41.212Z")),
        not_found(Operation::new("get", "/orgs/{org}/deals/sales/{guid}", "One sale").query(READ_QUERY), "No such sale")
            .response(200, "The sale", sale()),
        not_found(list(Operation::new("get", "/orgs/{org}/terminals/{kind}", "List bank (kind=bank) or quick-payment (kind=quick-payments) terminals").query(NAMED_QUERY), &terminal::BANK_LIST), "Another kind")
            .response(200, "A page", page(terminal(), 1)),
        not_found(Operation::new("get", "/orgs/{org}/terminals/{kind}/{guid}", "One terminal of this kind").query(READ_QUERY), "No such terminal of this kind")
            .response(200, "The terminal", terminal()),
        not_found(list(Operation::new("get", "/orgs/{org}/terminals/{kind}/{guid}/transactions", "A terminal's transactions, newest first").query(TRANSACTIONS_QUERY), &terminal::TRANSACTION_LIST), "No such terminal of this kind")
            .response(200, "A page", page(transaction(), 1))
            .response(422, "A bad parameter", invalid("status", "допустимые значения: Pending, Completed, Failed, Cancelled")),
        forbidden(list(Operation::new("get", "/orgs/{org}/fiscal-registrars", "List fiscal registrars").query(NAMED_QUERY), &fiscal::REGISTRAR_LIST))
            .response(200, "A page", page(registrar(), 1)),
        not_found(Operation::new("get", "/orgs/{org}/fiscal-registrars/{guid}", "One fiscal registrar").query(READ_QUERY), "No such registrar")
            .response(200, "The registrar", registrar()),
        not_found(list(Operation::new("get", "/orgs/{org}/fiscal-registrars/{guid}/docs", "A registrar's fiscal documents, newest first").query(DOCS_QUERY), &fiscal::DOCUMENT_LIST), "No such registrar")
            .response(200, "A page", page(shift_report(), 2))
            .response(422, "A bad parameter", invalid("fiscal_form", "допустимые значения: Receipt, CorrectionReceipt, ShiftOpeningReport, ShiftClosingReport, CurrentStateReport, RegistrationReport, FiscalStorageClosingReport")),
        not_found(list(Operation::new("get", "/orgs/{org}/fiscal-registrars/{guid}/docs/receipts", "A registrar's receipts; {guid} = * for every registrar (find one by ?guid=)").query(RECEIPTS_QUERY), &fiscal::RECEIPT_LIST), "No such registrar")
            .response(200, "A page", page(receipt(), 1))
            .response(422, "A guid that is no guid", invalid("guid", "ожидается guid")),
        not_found(Operation::new("get", "/orgs/{org}/fiscal-registrars/{guid}/docs/receipts/{receipt}", "One receipt; {guid} may be *").query(READ_QUERY), "No such receipt of this registrar")
            .response(200, "The receipt", receipt()),
    ]
}
