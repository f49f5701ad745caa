//! The EDIN EDO operations for the OpenAPI spec, with the examples of the vendor's pages (their
//! keys and values without the spaces some of the pages print inside them).
//!
//! Bodies state what the handlers read (`request.rs`): a number as a JSON integer or a string of
//! digits, strings with any spaces around them, null, `""` or spaces as "not given", a text member
//! as any value but those (a number or object is taken as its JSON text). Members required only
//! with another's value (Create's `cert_end_date`/`cert_part_number` by `cert_sub_type`, SetAccess'
//! `access_action`/`amigos_info` with a restricted `access_type`, GetCertByID's `signInfo` without
//! `certID`) are `anyOf` branches. Calendar validity, directory membership and ownership are the
//! handler's (intCode 400/404).

use serde_json::{json, Value};

use crate::openapi::schema::{any_integer, any_string, anything, boolean, integer, object, pattern};
use crate::openapi::{tenant_param, ErrorShape, Operation, Param};
use crate::vendors::edin::attach_scan::FILE_NAME_MAX;
use crate::vendors::edin::certificate::{AccessType, FILTERS};
use crate::vendors::edin::create::LIMITS;
use crate::vendors::edin::dates::REQUEST_DATE_MASK;
use crate::vendors::edin::dictionary::{
    Dictionary, ACCESS_ACTIONS, ACCESS_TYPES, BIND_ACTIONS, ERROR_TYPES, SUB_TYPES, SUB_TYPE_LOT, SUB_TYPE_PERIOD,
    TYPES,
};
use crate::vendors::edin::error::EdinError;
use crate::vendors::edin::notify_error::TEXT_MAX;
use crate::vendors::edin::request::GLN_DIGITS;
use crate::vendors::edin::set_bind::{ARTICLE_MAX, DKPP_MASK, GTIN_MAX, UKTVED_DIGITS};

pub const TITLE: &str = "EDIN EDO (edo.edin.ua): the certificate API";

pub const HEADERS: &[(&str, bool, &str)] = &[("X-Emulator-Tenant", false, "The emulator tenant (default: default)")];

/// `{"varMessage", "intCode"}`: with HTTP 200 (`http_status = "ok"`) or with the status equal to
/// `intCode` (`"mirror"`), so every 200 is the success or a failure.
pub const ERRORS: ErrorShape = ErrorShape {
    schema: error_schema,
    auth: false,
    extra: &[],
    errors_in_200: true,
};

fn error_schema(_status: u16) -> Value {
    object(
        &["varMessage", "intCode"],
        &[("varMessage", any_string()), ("intCode", any_integer())],
    )
}

/// The headers with a schema of their own.
pub fn header_params() -> Vec<Param> {
    vec![tenant_param("The emulator tenant (default: default)")]
}

const TOKEN: &str = "8q0hu05o59vmmrpo4t5slfedj2";

fn result(code: u16, message: &str) -> Value {
    json!({ "varMessage": message, "intCode": code })
}

fn success_with(members: Value) -> Value {
    let mut body = members;
    body["varMessage"] = json!("Success!");
    body["intCode"] = json!(200);
    body
}

fn with_token(members: Value) -> Value {
    let mut body = members;
    body["varToken"] = json!(TOKEN);
    body
}

const STATUS_NOTE: &str = "HTTP 200 with the result in intCode (vendors.edin.http_status = \"ok\"), or the HTTP status equal to intCode (\"mirror\"). varToken goes in the JSON body (also on GET); keys and values may carry surrounding spaces, numbers may be numeric strings.";

const UNAUTHORIZED: &str = "intCode 401: varToken missing, unknown or idle for 30 minutes";

fn cert_data() -> Value {
    json!({
        "intCertID": 1493, "varCreatedDate": "2017-06-02 11:37:59", "varNumber": "1233", "varOriginalNum": "1233",
        "varSystemNum": "1233", "intType": 8, "intSubType": 1, "intOwnerGlnID": 1234567890123i64,
        "intSupplierGlnID": 1234567890123i64, "intAccessType": 2, "varLotNumber": "", "varDate": "2017-06-03 00:00:00",
        "varText": "", "varStartDate": "2017-06-01 00:00:00", "varEndDate": "2017-06-30 00:00:00", "varPartNumber": "",
        "intDssCertID": null, "intDssCertStat": null, "intDssCertDate": null, "isMadePDF": 3,
        "varReviewDate": "2017-06-02 11:37:59", "varSubTypeName": "Период действия",
        "varAccessTypeName": "Ограниченный доступ", "varTypeName": "фітосанітарний сертифікат", "varDssCertStat": null,
        "varOwnerGLN": "1234567890123", "varOwnerName": "ТОВ Приклад", "access_type": 2
    })
}

fn listed() -> Value {
    json!({ "certs": [
        { "intCertID": 1493, "varNumber": "1233", "varStartDate": "2017-06-01 00:00:00", "varEndDate": "2017-06-30 00:00:00",
          "varReviewDate": "2017-06-02 11:37:59", "intSupplierGlnID": 1234567890123i64 },
        { "intCertID": 1495, "varNumber": "4567654", "varStartDate": "2017-06-03 00:00:00", "varEndDate": "2017-07-07 00:00:00",
          "varReviewDate": null, "intSupplierGlnID": 1234567890123i64 }
    ] })
}

// Request members as `request.rs` reads them: strings with the spaces around them dropped (so the
// patterns allow them), numbers as JSON numbers or strings of digits, and a member given as null,
// "" or only spaces as not given.

/// Spaces around a value, which the handler drops.
const SPACE: &str = r"\s*";

fn padded(core: &str) -> Value {
    pattern(&format!("^{SPACE}(?:{core}){SPACE}$"))
}

/// A value written after `mask` (a digit at each `0`), as a pattern's core.
fn mask_core(mask: &str) -> String {
    mask.chars()
        .map(|c| match c {
            '0' => "[0-9]".to_owned(),
            '.' => r"\.".to_owned(),
            other => other.to_string(),
        })
        .collect()
}

/// A value the handler takes as text (`filled`): a string of 1 to `max` characters once trimmed,
/// or a number, boolean, object or array (taken as its JSON text, whose length the spec leaves
/// to the handler).
fn filled(max: usize) -> Value {
    let middle = max.saturating_sub(2);
    json!({ "anyOf": [
        padded(&format!(r"\S(?:[\s\S]{{0,{middle}}}\S)?")),
        { "type": ["number", "boolean", "object", "array"] },
    ] })
}

/// As [`filled`], or not given (null, "" or spaces).
fn optional_filled(max: usize) -> Value {
    json!({ "anyOf": [filled(max), blank()] })
}

/// Not given: null, or a string of spaces.
fn blank() -> Value {
    json!({ "anyOf": [{ "type": "null" }, padded("")] })
}

/// A number: a JSON integer or a string of digits.
fn number() -> Value {
    json!({ "anyOf": [any_integer(), padded("[0-9]+")] })
}

/// One of a directory's codes, as a JSON integer or a string of digits.
fn code_of(codes: &[i64]) -> Value {
    let alternatives: Vec<String> = codes.iter().map(i64::to_string).collect();
    json!({ "anyOf": [
        { "type": "integer", "enum": codes },
        padded(&format!("0*(?:{})", alternatives.join("|"))),
    ] })
}

fn codes(directory: &Dictionary) -> Vec<i64> {
    directory.entries.iter().map(|(code, _)| *code).collect()
}

/// A GLN: 13 digits, as a string or a JSON integer.
fn gln() -> Value {
    json!({ "anyOf": [integer(digits(GLN_DIGITS)), padded(&format!("[0-9]{{{GLN_DIGITS}}}"))] })
}

/// The integers of `count` digits.
fn digits(count: usize) -> std::ops::RangeInclusive<i64> {
    let count = u32::try_from(count).unwrap_or(u32::MAX).min(18);
    10_i64.pow(count - 1)..=10_i64.pow(count) - 1
}

/// A request date, `DD.MM.YYYY`.
fn date() -> Value {
    padded(&mask_core(REQUEST_DATE_MASK))
}

fn limit_of(field: &str) -> usize {
    LIMITS
        .iter()
        .find(|(name, _)| *name == field)
        .map_or(usize::MAX, |(_, max)| *max)
}

/// `varToken`: a missing or blank one is answered intCode 401.
fn token() -> (&'static str, Value) {
    ("varToken", pattern(r"\S"))
}

/// `filter`: not given, or one of [`FILTERS`].
fn filter() -> (&'static str, Value) {
    ("filter", json!({ "anyOf": [blank(), padded(&FILTERS.join("|"))] }))
}

/// Authorize: `varLogin` (or `login`) and `varPassword` (or `password`), each a non-blank string;
/// the short name is read when the long one is not such a string.
fn authorize_body() -> Value {
    let either = |long: &str, short: &str| {
        json!({ "anyOf": [
            { "required": [long], "properties": { long: pattern(r"\S") } },
            { "required": [short], "properties": { short: pattern(r"\S") } },
        ] })
    };
    let mut body = object(&[], &[]);
    body["allOf"] = json!([either("varLogin", "login"), either("varPassword", "password")]);
    body
}

fn create_body() -> Value {
    let with_code = |code: i64, required: &str, schema: Value| json!({ "properties": { "cert_sub_type": code_of(&[code]), required: schema }, "required": [required] });
    let mut body = object(
        &[
            "cert_number",
            "cert_date",
            "cert_sub_type",
            "cert_type",
            "cert_start_date",
            "cert_gln_creator",
        ],
        &[
            token(),
            ("cert_number", filled(limit_of("cert_number"))),
            ("cert_date", date()),
            ("cert_sub_type", code_of(&codes(&SUB_TYPES))),
            ("cert_type", code_of(&codes(&TYPES))),
            ("cert_start_date", date()),
            ("cert_end_date", json!({ "anyOf": [date(), blank()] })),
            ("cert_part_number", optional_filled(limit_of("cert_part_number"))),
            ("cert_gln_creator", gln()),
            ("cert_lot_number", optional_filled(limit_of("cert_lot_number"))),
            ("cert_gtd", optional_filled(limit_of("cert_gtd"))),
        ],
    );
    // cert_end_date is required with a period (sub type 1), cert_part_number with a lot (2).
    body["anyOf"] = json!([
        with_code(SUB_TYPE_PERIOD, "cert_end_date", date()),
        with_code(SUB_TYPE_LOT, "cert_part_number", filled(limit_of("cert_part_number"))),
    ]);
    body
}

fn set_bind_body() -> Value {
    let fields = [
        ("gtin", optional_filled(GTIN_MAX)),
        ("article_supplier", optional_filled(ARTICLE_MAX)),
        ("article_buyer", optional_filled(ARTICLE_MAX)),
        (
            "uktved",
            json!({ "anyOf": [
                blank(),
                padded(&format!("[0-9]{{{},{}}}", UKTVED_DIGITS.start(), UKTVED_DIGITS.end())),
                integer(*digits(*UKTVED_DIGITS.start()).start()..=*digits(*UKTVED_DIGITS.end()).end()),
            ] }),
        ),
        ("dkpp", json!({ "anyOf": [blank(), padded(&mask_core(DKPP_MASK))] })),
    ];
    // An item fills one of its fields at least.
    let filled_one: Vec<Value> = fields
        .iter()
        .map(|(name, _)| json!({ "required": [name], "properties": { *name: { "not": blank() } } }))
        .collect();
    let mut item = object(&[], &fields);
    item["anyOf"] = json!(filled_one);
    object(
        &["cert_id", "bind_action", "product_binds"],
        &[
            token(),
            ("cert_id", number()),
            ("bind_action", code_of(&codes(&BIND_ACTIONS))),
            (
                "product_binds",
                json!({ "type": "array", "minItems": 1, "items": item }),
            ),
        ],
    )
}

fn set_access_body() -> Value {
    let amigo = object(
        &["gln"],
        &[
            ("gln", gln()),
            (
                "isRetailer",
                json!({ "anyOf": [{ "type": "null" }, boolean(), { "type": "integer", "enum": [0, 1] }, padded("true|false|1|0")] }),
            ),
        ],
    );
    let public = json!({ "properties": { "access_type": code_of(&[AccessType::Public.code()]) } });
    let restricted = json!({
        "required": ["access_action", "amigos_info"],
        "properties": {
            "access_type": code_of(&[AccessType::Restricted.code()]),
            "access_action": code_of(&codes(&ACCESS_ACTIONS)),
            "amigos_info": { "type": "array", "minItems": 1, "items": amigo },
        },
    });
    let mut body = object(
        &["cert_id", "access_type"],
        &[
            token(),
            ("cert_id", number()),
            ("access_type", code_of(&codes(&ACCESS_TYPES))),
        ],
    );
    // A public certificate takes no access_action or amigos_info; a restricted one needs both.
    body["anyOf"] = json!([public, restricted]);
    body
}

fn attach_scan_body() -> Value {
    // A body is anything with one character of the base64 alphabet in it, as a lenient decoder
    // reads it (a number or boolean is its JSON text).
    let file_body = json!({ "anyOf": [
        pattern("[A-Za-z0-9+/]"),
        { "type": ["number", "boolean"] },
        { "type": "object", "minProperties": 1 },
        { "type": "array", "minItems": 1 },
    ] });
    object(
        &["cert_id", "file_body", "file_name"],
        &[
            token(),
            ("cert_id", number()),
            ("file_body", file_body),
            ("file_name", filled(FILE_NAME_MAX)),
        ],
    )
}

fn notify_error_body() -> Value {
    object(
        &["cert_id", "type_error"],
        &[
            token(),
            ("cert_id", number()),
            ("type_error", code_of(&codes(&ERROR_TYPES))),
            ("text", optional_filled(TEXT_MAX)),
        ],
    )
}

/// A search by `field`: a string or a number, and the optional `filter`.
fn search_body(field: &str) -> Value {
    object(
        &[field],
        &[
            token(),
            (field, json!({ "anyOf": [pattern(r"\S"), { "type": "number" }] })),
            filter(),
        ],
    )
}

/// GetCertByID: `certID`, or `signInfo` when certID is not given.
fn get_cert_body() -> Value {
    let mut body = object(&[], &[token(), ("certID", anything()), ("signInfo", anything())]);
    body["anyOf"] = json!([
        { "required": ["certID"], "properties": { "certID": number() } },
        { "required": ["signInfo"], "properties": { "certID": blank(), "signInfo": number() } },
    ]);
    body
}

/// `GET` (the pages' method) and `POST` of one read method.
fn both(path: &'static str, summary: &'static str, build: impl Fn(Operation) -> Operation) -> Vec<Operation> {
    ["get", "post"]
        .into_iter()
        .map(|method| build(Operation::new(method, path, summary).describe(STATUS_NOTE)))
        .collect()
}

fn get_cert_errors(operation: Operation) -> Operation {
    operation
        .response(
            400,
            "intCode 400: the searched parameter is missing",
            result(400, "Ошибка в параметрах запроса"),
        )
        .response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
        .response(
            403,
            "intCode 403: found, but not visible to the caller",
            result(403, "Нет доступа к запрашиваемой информации"),
        )
        .response(
            404,
            "intCode 404: nothing has this value",
            result(404, "Запрашиваемая информация не найдена"),
        )
}

fn dictionary(path: &'static str, summary: &'static str, directory: &Dictionary) -> Vec<Operation> {
    let list: Vec<Value> = directory
        .entries
        .iter()
        .map(|(code, name)| json!({ "code": code, "name": name }))
        .collect();
    let answer = success_with(json!({ directory.key: list }));
    both(path, summary, |operation| {
        operation
            .request(with_token(json!({})))
            .request_schema(object(&[], &[token()]))
            .response(200, "Success", answer.clone())
            .response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
    })
}

pub fn operations() -> Vec<Operation> {
    // varToken travels in the body: a call without one is answered (intCode 401), not refused.
    all_operations().into_iter().map(Operation::optional_body).collect()
}

fn all_operations() -> Vec<Operation> {
    let authorize = |path: &'static str, summary: &'static str| {
        Operation::new("post", path, summary)
            .describe(STATUS_NOTE)
            .request(json!({ "varLogin": "supplier", "varPassword": "secret" }))
            .request_schema(authorize_body())
            .response(
                200,
                "Success",
                json!({ "varToken": "jttk01diftvnbq2l2dgr5eib03", "varMessage": "Success!", "intCode": 200 }),
            )
            .response(
                401,
                "intCode 401: wrong credentials",
                result(401, "Неверный логин или пароль"),
            )
            .response(
                400,
                "intCode 400: a missing field",
                result(400, "Не заполнено обязательное поле \"varLogin\""),
            )
    };
    let mut operations = vec![
        authorize("/Api/V1/User/Authorize", "Авторизація: a varToken for 30 idle minutes"),
        authorize("/Api/V1/Index/Authorize", "Авторизація (alias of /Api/V1/User/Authorize)"),
        Operation::new("post", "/Api/V1/Certificate/SetAccess", "Надання прав доступу до сертифіката")
            .describe("Відкрити/закрити доступ до сертифіката для GLN або мережі. All or nothing. Checks in the document's order: token, cert_id, access_type, access_action, amigos_info, gln, isRetailer, unknown GLNs, non-network GLNs.")
            .request(json!({
                "varToken": "nohuola9h24tmj4jln3devi151", "cert_id": "2173", "access_type": "2", "access_action": "1",
                "amigos_info": [{ "gln": "9864066822430", "isRetailer": false }, { "gln": "9864064665428", "isRetailer": false },
                                { "gln": "4829900023799", "isRetailer": true }]
            }))
            .request_schema(set_access_body())
            .response(200, "Success", result(200, "Success!"))
            .response(400, "intCode 400: Не заполнено обязательное поле \"access_type\" / \"access_action\" / \"amigos_info\"; Недопустимый формат поля …", result(400, "Не заполнено обязательное поле \"gln\" в блоке \"amigos_info\""))
            .response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
            .response(404, "intCode 404: Сертификат не найден; unknown GLNs; GLNs that are not networks", result(404, "Переданные данные в поле \"gln\" 9864064665428 блока \"amigos_info не принадлежат сети\"")),
        Operation::new("post", "/Api/V1/Certificate/Create", "Створення картки сертифіката")
            .describe("A new card owned by cert_gln_creator, which must be the caller's GLN; restricted until SetAccess opens it. Dates DD.MM.YYYY; cert_end_date required with cert_sub_type 1, cert_part_number with 2.")
            .request(json!({
                "varToken": "nohuola9h24tmj4jln3devi151", "cert_number": "Test_api_4", "cert_date": "05.06.2018",
                "cert_sub_type": "1", "cert_type": "8", "cert_start_date": "30.06.2018", "cert_end_date": "29.07.2018",
                "cert_part_number": "part_numb_api_1", "cert_gln_creator": "9864066822454",
                "cert_lot_number": "lot_numb_api_1", "cert_gtd": "gtd_api_1"
            }))
            .request_schema(create_body())
            .response(200, "Success", json!({ "certificate_id": "2121", "varMessage": "Success!", "intCode": 200 }))
            .response(400, "intCode 400: a missing field, a length, a format, a directory code", result(400, "Недопустимый формат поля \"cert_type\" fsew, тип сертификата не найден"))
            .refusal(400, "cert_start_date is after cert_end_date (a rule between two dates, which no schema states)",
                EdinError::StartAfterEnd { start: "30.07.2018".to_owned(), end: "29.07.2018".to_owned() }.body())
            .response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
            .response(404, "intCode 404: the number exists under this GLN, or the GLN is not the caller's", result(404, "Сертификат с номером Test_api_20 уже создан")),
        Operation::new("post", "/Api/V1/Certificate/SetBind", "Додавання/видалення прив'язки сертифіката до товарів")
            .describe("bind_action 1 adds the product_binds (gtin ≤ 20, article_supplier/article_buyer ≤ 30, uktved 4–10 digits, dkpp DD.DD.DD-DD.DD), 2 removes the binds that agree with each field an item fills. Owner only; all or nothing.")
            .request(json!({
                "varToken": "jl4k81iq15utvdqtihghk38kk1", "cert_id": "2199", "bind_action": "1",
                "product_binds": [
                    { "gtin": "4563456345", "article_supplier": "3458678967", "article_buyer": "67896789678", "uktved": "65756", "dkpp": "99.67.46-57.46" },
                    { "gtin": "875678567567" }
                ]
            }))
            .request_schema(set_bind_body())
            .response(200, "Success", result(200, "Success!"))
            .response(400, "intCode 400: bind_action or product_binds missing or invalid; a field over its limit", result(400, "Недопустимый формат поля \"dkpp\" 1q2w3e4r, должно быть число в виде ХХ.ХХ.XX-XX.XX"))
            .response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
            .response(404, "intCode 404: not a certificate of the caller", result(404, "Сертификат не найден")),
        Operation::new("post", "/Api/V1/Certificate/AttachScan", "Додавання до сертифіката скан-копії")
            .describe("A scan (base64 in file_body) attached to a certificate of the caller; GetFileByID gives it back. Bounded by server.body_limit_bytes (413).")
            .request(json!({ "cert_id": "2199", "file_body": "JVBERi0xLjQK...NTcKJSVFT0Y=", "varToken": "jl4k81iq15utvdqtihghk38kk1", "file_name": "test2" }))
            .request_schema(attach_scan_body())
            .response(200, "Success", json!({ "file_id": "5071", "varMessage": "Success!", "intCode": 200 }))
            .response(400, "intCode 400: cert_id, file_body or file_name missing; file_body no base64", result(400, "Не заполнено обязательное поле \"file_body\""))
            .response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
            .response(404, "intCode 404: not a certificate of the caller", result(404, "Сертификат не найден")),
        Operation::new("post", "/Api/V1/Certificate/NotifyError", "Відправка скарги по сертифікату")
            .describe("A complaint (type_error from ShowErrorTypes, text ≤ 500) about a certificate the caller sees; once per certificate, sender and type. Listed in GET /_emulator/state.")
            .request(json!({ "varToken": "jl4k81iq15utvdqtihghk38kk1", "cert_id": "3001", "type_error": "2", "text": "Тест тест тест" }))
            .request_schema(notify_error_body())
            .response(200, "Success", result(200, "Success!"))
            .response(400, "intCode 400: an unknown type_error (the value comes back as type_error), text over 500", EdinError::UnknownErrorType("100".to_owned()).body())
            .refusal(400, "the caller's company sent a complaint of this type about this certificate before", EdinError::AlreadyNotified.body())
            .response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
            .response(404, "intCode 404: a certificate the caller may not see", result(404, "Сертификат не найден")),
    ];
    operations.extend(both(
        "/Api/V1/GetCertUA/GetCertByID",
        "Атрибути сертифіката по ID (certID or signInfo)",
        |operation| {
            get_cert_errors(operation)
                .request(with_token(json!({ "certID": "1493" })))
                .request_schema(get_cert_body())
                .response(200, "Success (a hidden certificate: intCode 404 \"no data found\")", success_with(json!({
                    "cert_data": cert_data(),
                    "cert_cat": [],
                    "cert_files": [{ "intFileID": 2823, "intType": 0, "varFileName": "mozilla.pdf", "intSignStatus": 0,
                                     "varHashLink": "38c95fcb3faec5f40267478abedd0338" }],
                    "product_binds": [{ "gtin": "4820000000000", "article_supplier": "", "article_buyer": "", "uktved": "", "dkpp": "" }]
                })))
        },
    ));
    operations.extend(both(
        "/Api/V1/GetCertUA/GetFileByID",
        "Файл сертифіката в base64",
        |operation| {
            get_cert_errors(operation)
                .request(with_token(json!({ "intFileID": "2823" })))
                .request_schema(object(&["intFileID"], &[token(), ("intFileID", number())]))
                .response(
                    200,
                    "Success",
                    success_with(json!({ "cert_file_data": {
                "intCertFileID": 2823, "intType": 0, "varFileName": "mozilla.pdf",
                "varHashLink": "38c95fcb3faec5f40267478abedd0338", "varBody": ["JVBERi0xLjQKJSVFT0YK"]
            } })),
                )
        },
    ));
    for (path, summary, field, value) in [
        (
            "/Api/V1/GetCertUA/GetCertsByEdrpouCode",
            "Сертифікати за ЄДРПОУ власника",
            "edrpou",
            "1234567890123",
        ),
        (
            "/Api/V1/GetCertUA/GetCertsByBarcode",
            "Сертифікати за штрих-кодом товару",
            "barcode",
            "4820000000000",
        ),
        (
            "/Api/V1/GetCertUA/GetCertsByNum",
            "Сертифікати за номером",
            "num",
            "1234567890",
        ),
        (
            "/Api/V1/GetCertUA/GetCertsByInnCode",
            "Сертифікати за ІПН власника",
            "inn",
            "1234567890123",
        ),
        (
            "/Api/V1/GetCertUA/GetCertsByGLN",
            "Сертифікати за GLN власника",
            "gln",
            "1234567890123",
        ),
    ] {
        operations.extend(both(path, summary, |operation| {
            get_cert_errors(operation)
                .request(with_token(json!({ field: value, "filter": "owner" })))
                .request_schema(search_body(field))
                .response(
                    200,
                    "Success: the visible matches, narrowed by filter (owner | private | public)",
                    success_with(listed()),
                )
        }));
    }
    operations.extend(both(
        "/Api/V1/GetCertUA/GetCertList",
        "Every certificate the caller sees (the emulator's own; filter owner | private | public)",
        |operation| {
            operation
                .request(with_token(json!({ "filter": "owner" })))
                .request_schema(object(&[], &[token(), filter()]))
                .response(200, "Success", success_with(json!({ "certs": [cert_data()] })))
                .response(401, UNAUTHORIZED, result(401, "Пользователь не авторизован"))
                .response(
                    400,
                    "intCode 400: an unknown filter",
                    result(400, "Недопустимый формат поля \"filter\" all"),
                )
        },
    ));
    for (path, summary, directory) in [
        (
            "/Api/V1/Certificate/ShowAccessActions",
            "Довідник дій доступу (SetAccess access_action)",
            &ACCESS_ACTIONS,
        ),
        (
            "/Api/V1/Certificate/ShowAccessTypes",
            "Довідник типів доступу (SetAccess access_type)",
            &ACCESS_TYPES,
        ),
        (
            "/Api/V1/Certificate/ShowBindActions",
            "Довідник дій прив'язки (SetBind bind_action)",
            &BIND_ACTIONS,
        ),
        ("/Api/V1/Certificate/ShowTypes", "Довідник типів сертифікатів", &TYPES),
        (
            "/Api/V1/Certificate/ShowSubTypes",
            "Довідник видів сертифікатів",
            &SUB_TYPES,
        ),
        (
            "/Api/V1/Certificate/ShowErrorTypes",
            "Довідник типів скарг (NotifyError type_error)",
            &ERROR_TYPES,
        ),
    ] {
        operations.extend(dictionary(path, summary, directory));
    }
    operations
}
