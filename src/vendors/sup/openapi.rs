//! The СУП operations for the OpenAPI spec, with examples from the vendor document.

use serde_json::{json, Value};

use crate::openapi::schema::{
    any_array, any_string, array, boolean, closed, integer, nullable, object, one_of, pattern, uuid,
};
use crate::openapi::{tenant_param, ErrorShape, Operation, Param};
use crate::vendors::sup::card::CardStatus;
use crate::vendors::sup::card_limits::MAX_CARDS;
use crate::vendors::sup::employee::STATUSES;
use crate::vendors::sup::error::FieldErrors;
use crate::vendors::sup::limits::{TIME_PATTERN, WEEKDAYS, WINDOW_OUT_OF_ORDER};
use crate::vendors::sup::validate::{CUSTOM_ID_PATTERN, EAN_PATTERN, EMAIL_PATTERN, PHONE_PATTERN};

/// `{"message"}`, or `{"data": [{"field", "message"}]}` for invalid fields (422).
pub const ERRORS: ErrorShape = ErrorShape {
    schema: error_schema,
    auth: true,
    extra: &[
        (422, "Invalid fields, a malformed body, or a used X-Nonce"),
        (404, "No such object"),
    ],
    errors_in_200: false,
};

fn error_schema(_status: u16) -> Value {
    let field = object(
        &["field", "message"],
        &[("field", any_string()), ("message", any_string())],
    );
    json!({ "anyOf": [
        object(&["message"], &[("message", any_string())]),
        object(&["data"], &[("data", any_array(field))]),
    ] })
}

/// The headers with a schema of their own.
pub fn header_params() -> Vec<Param> {
    vec![tenant_param("The emulator tenant (default: default)")]
}

pub const TITLE: &str = "СУП (rest.lksup.ru): employees and loyalty cards";

pub const HEADERS: &[(&str, bool, &str)] = &[
    (
        "Authorization",
        false,
        "The JWT from /v1/auth/login, bare or as Bearer <JWT> (every call but the login)",
    ),
    (
        "X-Nonce",
        false,
        "Random, single-use per client; required on every call but the login; keys the body encryption",
    ),
    ("X-Emulator-Tenant", false, "The emulator tenant (default: default)"),
];

const EMPLOYEE: &str = "7f21773d-1d88-4fb0-835a-a4db53befd45";
const CARD: &str = "27207024-38fd-47d0-a5e6-695f71628cdc";
const CATEGORY: &str = "7f21773d-1d88-4fb0-835a-a4db53befd45";

fn window_out_of_order() -> Value {
    let mut errors = FieldErrors::default();
    errors.add("limit.times", WINDOW_OUT_OF_ORDER);
    errors.into_result().err().map(|error| error.body()).unwrap_or_default()
}

fn message(text: &str) -> Value {
    json!({ "message": text })
}

fn unauthorized(op: Operation) -> Operation {
    op.response(
        401,
        "Не авторизован. Токен не прошел валидацию",
        message("Не авторизован. Токен не прошел валидацию"),
    )
    .response(
        422,
        "Переданные значения не прошли валидацию",
        json!({ "data": [{ "field": "X-Nonce", "message": "Значение X-Nonce уже использовано" }] }),
    )
}

fn employee() -> Value {
    json!({ "idEmployee": EMPLOYEE, "customId": "45678900", "surname": "Иванов", "name": "Иван", "patronymic": "Иванович",
            "phone": 9_123_456_789_u64, "email": "example@mail.ru", "idCategory": CATEGORY, "status": "WORK" })
}

/// The request example of add_employee and update_employee.
fn employee_request() -> Value {
    json!({ "customId": "45678900", "surname": "Иванов", "name": "Иван", "patronymic": "Иванович",
            "phone": "9123456789", "email": "example@mail.ru", "idCategory": CATEGORY, "status": "WORK" })
}

fn limit() -> Value {
    json!({ "unlimited": false, "amount": 1500, "period": "MONTH", "days": [1, 2, 3, 4, 5], "times": [{ "from": "09:00", "to": "18:00" }] })
}

/// A required string member: filled with something other than spaces (as `validate::required`).
fn filled() -> Value {
    pattern("\\S")
}

/// The path's UUIDs, as the handlers parse them.
fn with_ids(op: Operation) -> Operation {
    let op = if op.path.contains("{id_employee}") {
        op.param(Param::path("id_employee", uuid()))
    } else {
        op
    };
    if op.path.contains("{id_card}") {
        op.param(Param::path("id_card", uuid()))
    } else {
        op
    }
}

/// add_employee's and update_employee's body, as `employees::employee_fields` reads it.
fn employee_schema() -> Value {
    object(
        &["surname", "name"],
        &[
            ("customId", nullable(pattern(CUSTOM_ID_PATTERN))),
            ("surname", filled()),
            ("name", filled()),
            ("patronymic", nullable(any_string())),
            ("phone", nullable(pattern(PHONE_PATTERN))),
            ("email", nullable(pattern(EMAIL_PATTERN))),
            ("status", nullable(one_of(&STATUSES))),
            ("idCategory", nullable(uuid())),
        ],
    )
}

/// setlimitscards' body, as `card_limits::card_ids` and `limits::read_limit` read it: 1 to
/// `MAX_CARDS` cards by `idCard`, and a limit of only the known members. What the shape cannot
/// say is a 422 of its own: an unlimited card with an amount, a window that does not start before
/// it ends.
fn set_limits_schema() -> Value {
    let card = object(&["idCard"], &[("idCard", uuid())]);
    let bound = pattern(TIME_PATTERN);
    let window = object(&["from", "to"], &[("from", bound.clone()), ("to", bound)]);
    let mut days = any_array(integer(WEEKDAYS));
    days["uniqueItems"] = json!(true);
    let limit = object(
        &["unlimited"],
        &[
            ("unlimited", boolean()),
            ("amount", nullable(json!({ "type": "number", "minimum": 0 }))),
            ("period", nullable(any_string())),
            ("days", nullable(days)),
            ("times", nullable(any_array(window))),
        ],
    );
    object(
        &["data", "limit"],
        &[("data", array(card, 1..=MAX_CARDS)), ("limit", closed(limit))],
    )
}

fn card_status() -> Value {
    let names: Vec<&str> = CardStatus::ALL.iter().map(|status| status.name()).collect();
    one_of(&names)
}

pub fn operations() -> Vec<Operation> {
    let operations = all_operations();
    operations.into_iter().map(with_ids).collect()
}

fn all_operations() -> Vec<Operation> {
    let link = json!({ "idEmployee": EMPLOYEE, "idCard": CARD, "statusCard": "MAIN" });
    vec![
        Operation::new("post", "/v1/auth/login", "Get a JWT access token")
            .public()
            .request(json!({ "login": "partner", "password": "secret" }))
            .request_schema(object(&["login", "password"], &[("login", filled()), ("password", filled())]))
            .response(200, "The token", json!({ "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…", "token_type": "bearer", "expires_in": 3600 }))
            .response(401, "Wrong credentials", message("Неверный логин или пароль")),
        unauthorized(Operation::new("post", "/v1/employee/{id_employee}/link_card", "Привязка карты к сотруднику")
            .describe("Метод позволяет создать взаимосвязь между картой и сотрудником. Тело шифруется для клиента с ключом (base64 AES-256-GCM, nonce = первые 12 байт SHA-256(X-Nonce))."))
            .request(json!({ "customIdCard": "1234567890123", "statusCard": "MAIN" }))
            .request_schema(object(&["customIdCard", "statusCard"], &[("customIdCard", pattern(EAN_PATTERN)), ("statusCard", card_status())]))
            .response(200, "Карта привязана", link.clone())
            .response(404, "Сотрудник с таким idEmployee не найден / Карта с таким customIdCard не найдена", message("Сотрудник с таким idEmployee не найден"))
            .response(409, "У сотрудника есть основная карта… / Карта уже привязана к другому сотруднику / Карта не доступна / У карты истёк срок годности", message("У сотрудника есть основная карта. Измените её статус или добавьте как дополнительную карту")),
        unauthorized(Operation::new("post", "/v1/employee/add", "Добавление новых сотрудников"))
            .request(employee_request())
            .request_schema(employee_schema())
            .response(200, "The employee", json!({ "data": employee() }))
            .response(404, "Категория с таким idCategory не найдена", message("Категория с таким idCategory не найдена")),
        unauthorized(Operation::new("put", "/v1/employee/{id_employee}", "Изменение информации о сотруднике (the whole employee)"))
            .request(employee_request())
            .request_schema(employee_schema())
            .response(200, "The employee", json!({ "data": employee() }))
            .response(404, "Сотрудник с таким idEmployee не найден / Категория с таким idCategory не найдена", message("Сотрудник с таким idEmployee не найден")),
        unauthorized(Operation::new("post", "/v1/category", "Создание категории"))
            .request(json!({ "nameCategory": "someth_name" }))
            .request_schema(object(&["nameCategory"], &[("nameCategory", json!({ "type": "string", "pattern": "\\S", "maxLength": crate::vendors::sup::categories::NAME_CHARS }))]))
            .response(201, "Created", json!({ "nameCategory": "someth_name", "idCategory": "fb9a524d-a715-451d-8636-40cefe9016e9" })),
        unauthorized(Operation::new("post", "/v1/setlimitscards", "Изменение настроек (лимитов) карт, applied at once to every listed card"))
            .request(json!({ "data": [{ "idCard": CARD }], "limit": limit() }))
            .request_schema(set_limits_schema())
            .refusal(422, "a `times` window does not start before it ends", window_out_of_order())
            .response(200, "The limits of each card", json!({ "data": [{ "idCard": CARD, "limit": limit() }] }))
            .response(404, "Карта с таким idCard не найдена (nothing changed)", message("Карта с таким idCard не найдена")),
        unauthorized(Operation::new("get", "/v1/employee/{id_employee}", "An employee with their cards"))
            .response(200, "The employee", json!({ "data": { "idEmployee": EMPLOYEE, "surname": "Иванов", "name": "Иван", "status": "WORK",
                "cards": [{ "idCard": CARD, "customIdCard": "1234567890123", "statusCard": "MAIN", "dateUntil": "2030-12-31" }] } }))
            .response(404, "Сотрудник с таким idEmployee не найден", message("Сотрудник с таким idEmployee не найден")),
        unauthorized(Operation::new("post", "/v1/employee/{id_employee}/card/switch", "Change the status of a card the employee holds"))
            .request(json!({ "idCard": CARD, "statusCard": "ADDITIONAL" }))
            .request_schema(object(&["idCard", "statusCard"], &[("idCard", uuid()), ("statusCard", card_status())]))
            .response(200, "The link", json!({ "data": link }))
            .response(409, "The MAIN rule, or a card the employee does not hold", message("Карта не привязана к этому сотруднику")),
        unauthorized(Operation::new("get", "/v1/card/{id_card}", "A card and its holder"))
            .response(200, "The card", json!({ "data": { "idCard": CARD, "customCardId": 1_234_567_890_123_u64, "type": "PLASTIC",
                "statusCard": "MAIN", "dateUntil": "2030-12-31", "balanceAccount": { "updateAt": null, "balance": 0.0 },
                "limit": limit(), "available": true, "idEmployee": EMPLOYEE, "employee": employee() } }))
            .response(404, "Карта с таким idCard не найдена", message("Карта с таким idCard не найдена")),
    ]
}
