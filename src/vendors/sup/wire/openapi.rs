//! The СУП operations for the OpenAPI spec: what no type says — summaries, descriptions, the
//! examples of the vendor document and its verbatim texts. Bodies and answers are the types of
//! `wire` (requests are checked against the same schemas); refusals are the answers a request
//! valid by its schema may still get, for the state it meets or a rule across its members.

use serde_json::{json, Value};

use crate::openapi::{tenant_param, ErrorShape, Mark, Operation, Param, Refused, VENDOR_TENANT};
use crate::platform::wire::answer_schema_of;
use crate::vendors::sup::api::request::NONCE_PATTERN;
use crate::vendors::sup::wire::auth::{Credentials, Token};
use crate::vendors::sup::wire::cards::{CardInfo, CardLink, LinkCard, SwitchCard};
use crate::vendors::sup::wire::categories::{Category, NewCategory};
use crate::vendors::sup::wire::employees::{Employee, EmployeeFields, EmployeeWithCards};
use crate::vendors::sup::wire::error::{ErrorBody, SupError};
use crate::vendors::sup::wire::limits::{CardLimit, SetLimits};
use crate::vendors::sup::wire::words::{NONCE_USED, WINDOW_BACKWARDS};
use crate::vendors::sup::wire::Data;

/// `{"message"}`, or `{"data": [{"field", "message"}]}` for invalid fields (422).
pub const ERRORS: ErrorShape = ErrorShape {
    refuses_nul: true,
    schema: error_schema,
    auth: true,
    extra: &[(422, "Invalid fields, a malformed body, or a used X-Nonce")],
    errors_in_200: false,
};

fn error_schema(_status: u16) -> Value {
    answer_schema_of::<ErrorBody>().schema.clone()
}

/// The headers with a schema of their own.
pub fn header_params() -> Vec<Param> {
    vec![
        tenant_param(VENDOR_TENANT),
        Param::header(
            "X-Nonce",
            true,
            "Random, single-use per client, visible ASCII (spaces around it do not count); keys the body encryption",
            json!({ "type": "string", "pattern": NONCE_PATTERN }),
        ),
    ]
}

pub const TITLE: &str = "СУП (rest.lksup.ru): employees and loyalty cards";

pub const HEADERS: &[(&str, bool, &str)] = &[(
    "Authorization",
    false,
    "The JWT from /v1/auth/login, bare or as Bearer <JWT>",
)];

const EMPLOYEE: &str = "7f21773d-1d88-4fb0-835a-a4db53befd45";
const CARD: &str = "27207024-38fd-47d0-a5e6-695f71628cdc";
const CATEGORY: &str = "7f21773d-1d88-4fb0-835a-a4db53befd45";

fn message(error: SupError) -> Value {
    json!({ "message": error.message() })
}

fn invalid(field: &str, text: &str) -> Value {
    json!({ "data": [{ "field": field, "message": text }] })
}

/// A refusal answering `error`, told by its message.
fn refused(error: SupError) -> Refused {
    let text = error.message();
    Refused::new(message(error), Mark::is("/message", text))
}

/// A refusal naming a member's problem in `data`, told by its text (the member's index in a list
/// varies with the request).
fn refused_field(field: &str, text: &str) -> Refused {
    Refused::new(invalid(field, text), Mark::is("/data/0/message", text))
}

/// Every authenticated call: its 422 for a used nonce (the fuzzer's hook sends a fresh one).
fn authenticated(op: Operation) -> Operation {
    op.response(
        422,
        "Переданные значения не прошли валидацию",
        invalid("X-Nonce", NONCE_USED),
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
    json!({ "unlimited": false, "amount": 1500.0, "period": "MONTH", "days": [1, 2, 3, 4, 5], "times": [{ "from": "09:00", "to": "18:00" }] })
}

/// The path's UUIDs, as the call's reader parses them.
fn with_ids(op: Operation) -> Operation {
    let uuid = || json!({ "type": "string", "format": "uuid" });
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

pub fn operations() -> Vec<Operation> {
    let operations = all_operations();
    operations.into_iter().map(with_ids).collect()
}

fn all_operations() -> Vec<Operation> {
    let link = json!({ "idEmployee": EMPLOYEE, "idCard": CARD, "statusCard": "MAIN" });
    vec![
        Operation::new("post", "/v1/auth/login", "Get a JWT access token")
            .public()
            .unread_header("Authorization")
            .unread_header("X-Nonce")
            .request(json!({ "login": "partner", "password": "secret" }))
            .request_type::<Credentials>()
            .answer_type::<Token>(200, "The token", json!({ "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…", "token_type": "bearer", "expires_in": 3600 }))
            .refusal(401, "Wrong credentials", refused(SupError::WrongCredentials)),
        authenticated(Operation::new("post", "/v1/employee/{id_employee}/link_card", "Привязка карты к сотруднику")
            .describe("Метод позволяет создать взаимосвязь между картой и сотрудником. Тело шифруется для клиента с ключом (base64 AES-256-GCM, nonce = первые 12 байт SHA-256(X-Nonce))."))
            .request(json!({ "customIdCard": "1234567890123", "statusCard": "MAIN" }))
            .request_type::<LinkCard>()
            .answer_type::<CardLink>(200, "Карта привязана", link.clone())
            .refusal(404, "Сотрудник с таким idEmployee не найден / Карта с таким customIdCard не найдена", refused(SupError::EmployeeNotFound).or(refused(SupError::CardNotFoundByCustomId)))
            .refusal(409, "У сотрудника есть основная карта… / Карта уже привязана к другому сотруднику / Карта не доступна / У карты истёк срок годности", refused(SupError::EmployeeHasMainCard)
                .or(refused(SupError::CardLinkedToAnother))
                .or(refused(SupError::CardNotAvailable))
                .or(refused(SupError::CardExpired))),
        authenticated(Operation::new("post", "/v1/employee/add", "Добавление новых сотрудников"))
            .request(employee_request())
            .request_type::<EmployeeFields>()
            .answer_type::<Data<Employee>>(200, "The employee", json!({ "data": employee() }))
            .refusal(404, "Категория с таким idCategory не найдена", refused(SupError::CategoryNotFound)),
        authenticated(Operation::new("put", "/v1/employee/{id_employee}", "Изменение информации о сотруднике (the whole employee)"))
            .request(employee_request())
            .request_type::<EmployeeFields>()
            .answer_type::<Data<Employee>>(200, "The employee", json!({ "data": employee() }))
            .refusal(404, "Сотрудник с таким idEmployee не найден / Категория с таким idCategory не найдена", refused(SupError::EmployeeNotFound).or(refused(SupError::CategoryNotFound))),
        authenticated(Operation::new("post", "/v1/category", "Создание категории"))
            .request(json!({ "nameCategory": "someth_name" }))
            .request_type::<NewCategory>()
            .answer_type::<Category>(201, "Created", json!({ "nameCategory": "someth_name", "idCategory": "fb9a524d-a715-451d-8636-40cefe9016e9" })),
        authenticated(Operation::new("post", "/v1/setlimitscards", "Изменение настроек (лимитов) карт, applied at once to every listed card"))
            .request(json!({ "data": [{ "idCard": CARD }], "limit": limit() }))
            .request_type::<SetLimits>()
            .answer_type::<Data<Vec<CardLimit>>>(200, "The limits of each card", json!({ "data": [{ "idCard": CARD, "limit": limit() }] }))
            .refusal(404, "Карта с таким idCard не найдена (nothing changed)", refused(SupError::CardNotFoundById))
            .refusal(422, "A time window that does not start before it ends", refused_field("limit.times[0]", WINDOW_BACKWARDS)),
        authenticated(Operation::new("get", "/v1/employee/{id_employee}", "An employee with their cards"))
            .answer_type::<Data<EmployeeWithCards>>(200, "The employee", json!({ "data": { "idEmployee": EMPLOYEE, "customId": null, "surname": "Иванов", "name": "Иван",
                "patronymic": null, "phone": null, "email": null, "idCategory": null, "status": "WORK",
                "cards": [{ "idCard": CARD, "customIdCard": "1234567890123", "statusCard": "MAIN", "dateUntil": "2030-12-31" }] } }))
            .refusal(404, "Сотрудник с таким idEmployee не найден", refused(SupError::EmployeeNotFound)),
        authenticated(Operation::new("post", "/v1/employee/{id_employee}/card/switch", "Change the status of a card the employee holds"))
            .request(json!({ "idCard": CARD, "statusCard": "ADDITIONAL" }))
            .request_type::<SwitchCard>()
            .answer_type::<Data<CardLink>>(200, "The link", json!({ "data": link }))
            .refusal(404, "Сотрудник с таким idEmployee не найден / Карта с таким idCard не найдена", refused(SupError::CardNotFoundById).or(refused(SupError::EmployeeNotFound)))
            .refusal(409, "The MAIN rule, or a card the employee does not hold", refused(SupError::CardNotLinkedToEmployee).or(refused(SupError::EmployeeHasMainCard))),
        authenticated(Operation::new("get", "/v1/card/{id_card}", "A card and its holder"))
            .answer_type::<Data<CardInfo>>(200, "The card", json!({ "data": { "idCard": CARD, "customCardId": 1_234_567_890_123_u64, "type": "PLASTIC",
                "statusCard": "MAIN", "dateUntil": "2030-12-31", "balanceAccount": { "updateAt": null, "balance": 0.0 },
                "limit": limit(), "available": true, "idEmployee": EMPLOYEE, "employee": employee() } }))
            .refusal(404, "Карта с таким idCard не найдена", refused(SupError::CardNotFoundById)),
    ]
}
