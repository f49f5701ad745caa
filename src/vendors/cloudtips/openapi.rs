//! The CloudTips operations for the OpenAPI spec, with examples from the vendor document.
//!
//! Bodies and parameters state what the handlers check, from their constants: required members
//! not blank, types, bounds, the JSON Patch operations. Member names are matched in any case by
//! the handlers; the spec spells them as the vendor's examples do. Query values are trimmed and a
//! blank one is skipped, so each parameter's schema also admits a blank value. What no schema can
//! state is left to the handler's 400 (a phone's notation, an e-mail, `page × limit ≤ 10000`, a
//! photo's kind and size, told by its bytes).

use serde_json::{json, Value};

use crate::openapi::schema::{
    any_array, any_integer, any_string, anything, array, boolean, integer, nullable, object, one_of, pattern,
};
use crate::openapi::{tenant_param, ErrorShape, Operation, Param};
use crate::vendors::cloudtips::auth::{GRANT_TYPES, TOKEN_PATH};
use crate::vendors::cloudtips::error::CloudtipsError;
use crate::vendors::cloudtips::jsonpatch::{OPS, POINTER_PATTERN};
use crate::vendors::cloudtips::me::PAYOUT_METHODS;
use crate::vendors::cloudtips::photos::{FILE_FIELD, MAX_PHOTO_BYTES};
use crate::vendors::cloudtips::places::{LIFETIME_SECONDS, REGISTRATIONS};
use crate::vendors::cloudtips::receivers::PAYOUT_CODES;
use crate::vendors::cloudtips::search::MAX_LIMIT;
use crate::vendors::cloudtips::timeline::MAX_DEPTH;

/// The envelope `{"succeed": false, "errors", "validationErrors"}` (`data` null when the platform
/// answers), or the identity server's `{"error"}` (OAuth).
pub const ERRORS: ErrorShape = ErrorShape {
    schema: error_schema,
    auth: true,
    extra: &[],
    errors_in_200: false,
};

fn error_schema(_status: u16) -> Value {
    let envelope = object(
        &["succeed", "errors", "validationErrors"],
        &[
            ("succeed", json!({ "const": false })),
            ("errors", any_array(any_string())),
            (
                "validationErrors",
                json!({ "type": "object", "additionalProperties": { "type": "array", "items": any_string() } }),
            ),
            ("data", json!({ "type": "null" })),
        ],
    );
    json!({ "anyOf": [envelope, object(&["error"], &[("error", any_string())])] })
}

/// The headers with a schema of their own.
pub fn header_params() -> Vec<Param> {
    vec![tenant_param("The emulator tenant (default: default)")]
}

pub const TITLE: &str = "CloudTips (api.cloudtips.ru, identity.cloudtips.ru): receivers, places, attach by SMS, photos";

pub const HEADERS: &[(&str, bool, &str)] = &[
    (
        "Authorization",
        false,
        "Bearer <access_token> from /connect/token (every /api call; a partner's, or for the receiver's own API a client_id=MobilePhone one)",
    ),
    ("X-Emulator-Tenant", false, "The emulator tenant (default: default)"),
];

const USER: &str = "0d1f4b0e-58a3-4bd6-9a26-7c3c0b2c6e11";

fn ok(data: Value) -> Value {
    json!({ "data": data, "succeed": true, "errors": [], "validationErrors": {} })
}

fn failed(error: &str) -> Value {
    json!({ "succeed": false, "errors": [error], "validationErrors": {} })
}

fn invalid(field: &str, problem: &str) -> Value {
    json!({ "succeed": false, "errors": [], "validationErrors": { field: [problem] } })
}

fn api(op: Operation) -> Operation {
    op.response(
        401,
        "No valid token (WWW-Authenticate: Bearer): the envelope",
        failed("Unauthorized"),
    )
    .response(
        404,
        "A receiver outside the partner's scope",
        failed("Получатель не найден"),
    )
}

/// An operation of the receiver's own API: receiver tokens (`client_id=MobilePhone`) only.
fn own(op: Operation) -> Operation {
    op.describe(
        "The receiver's own API: a token of client_id=MobilePhone (a receiver's login); a partner's token is a 403.",
    )
    .response(401, "No valid token (WWW-Authenticate: Bearer)", failed("Unauthorized"))
    .response(403, "A partner's token", failed("Метод доступен только получателю"))
}

fn receiver() -> Value {
    json!({
        "userId": USER, "phoneNumber": "+79990000002", "email": null, "fullName": "Анна", "type": 0,
        "layouts": [{ "id": "8c0b…", "layoutId": "a1b2c3", "shortId": "a1b2c3", "layoutStatus": 1, "name": "Анна",
                      "workInfo": { "channelUrl": null }, "placeId": "place-1", "placeName": "Кофейня", "userId": USER }],
        "photoId": null, "photoUrl": null, "payoutMethod": 0, "phoneNumberConfirmed": true,
        "createdDate": "2026-01-01T09:00:00.000Z", "updatedDate": "2026-01-01T09:00:00.000Z"
    })
}

fn place() -> Value {
    json!({
        "id": "place-1", "externalPlaceId": null, "createdDate": "2026-01-01T09:00:00.000Z",
        "updatedDate": "2026-01-01T09:00:00.000Z", "name": "Кофейня", "placeType": 0, "managerId": null,
        "placeAdministratorIds": [], "isHead": false, "headPlace": null, "employeeCount": 1,
        "hasPaymentPageSettings": false,
        "rating": { "enabled": false, "components": [], "averageScore": 0, "scoreCount": 0 }
    })
}

/// A pattern matching any of `words` in any letter case, as the handlers compare them; with
/// `padded`, white space around the word too (the handler trims it).
fn any_case(words: &[&str], padded: bool) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|word| {
            word.chars()
                .map(|c| match (c.to_lowercase().next(), c.to_uppercase().next()) {
                    (Some(lower), Some(upper)) if lower != upper => format!("[{lower}{upper}]"),
                    _ => c.to_string(),
                })
                .collect()
        })
        .collect();
    let space = if padded { r"\s*" } else { "" };
    format!("^{space}(?:{}){space}$", alternatives.join("|"))
}

/// A string member the handler requires not blank (member names match in any case).
fn required_text() -> Value {
    pattern(r"\S")
}

/// A query parameter's `schema`, or blank: the searches trim values and skip blank ones.
fn or_blank(schema: Value) -> Value {
    json!({ "anyOf": [schema, pattern(r"^\s*$")] })
}

/// `page` (from 1, at most `max_page`) and `limit` (1 to the search's maximum).
fn paged(op: Operation, max_page: i64) -> Operation {
    op.param(Param::query("page", "from 1", or_blank(integer(1..=max_page))))
        .param(Param::query(
            "limit",
            "1–100, 20 by default",
            or_blank(integer(1..=MAX_LIMIT)),
        ))
}

fn date_time() -> Value {
    json!({ "type": "string", "format": "date-time" })
}

/// A date-time or a date (`YYYY-MM-DD`; as an upper bound, that whole day), or blank (skipped).
fn date_or_time() -> Value {
    json!({ "anyOf": [date_time(), { "type": "string", "format": "date" }, pattern(r"^\s*$")] })
}

/// An RFC 6902 JSON Patch: `op` one of [`OPS`] in any case, `path` (and `from`) a JSON Pointer.
fn json_patch() -> Value {
    let pointer = pattern(POINTER_PATTERN);
    any_array(object(
        &["op", "path"],
        &[
            ("op", pattern(&any_case(&OPS, false))),
            ("path", pointer.clone()),
            ("from", pointer),
            ("value", anything()),
        ],
    ))
}

fn receiver_search(op: Operation) -> Operation {
    let text = |name, description| Param::query(name, description, any_string());
    paged(op, i64::MAX)
        .param(Param::query("dateFrom", "createdDate from", date_or_time()))
        .param(Param::query(
            "dateTo",
            "createdDate to (a date: the whole day)",
            date_or_time(),
        ))
        .param(text("phoneNumber", "any notation, or a run of its digits"))
        .param(text("name", "part of the name, case-insensitive"))
        .param(text("layoutId", "a page (short id or id)"))
        .param(text("placeId", "a place"))
        .param(Param::query("type", "receiver type", or_blank(any_integer())))
        .param(text("userId", "repeatable"))
}

/// A JSON Patch applies to the document as it is: whether it does depends on what is stored.
const PATCH_FAILS: &str =
    "an operation does not apply to the document as it is (a `test` that does not hold, a `path` or `from` it lacks)";

fn resend_too_soon() -> Value {
    let retry_at = chrono::DateTime::from_timestamp(1_767_258_060, 0).unwrap_or_default();
    CloudtipsError::ResendTooSoon { seconds: 42, retry_at }.body()
}

fn patch_failed() -> Value {
    CloudtipsError::PatchFailed("operation '/0' failed at path '/Name': path is invalid".to_owned()).body()
}

pub fn operations() -> Vec<Operation> {
    let sms = json!({ "UserId": USER });
    vec![
        Operation::new("post", TOKEN_PATH, "Get tokens (form-encoded: grant_type=password | refresh_token)")
            .describe("A partner logs in with its client_id, username and password. A receiver's own login (its API: /api/receivers/me, /api/timeline, /api/cards, …) is client_id=MobilePhone, username = its phone in any notation, password = its fixture's `password`. The refresh grant keeps the client id the token was issued for.")
            .public()
            .request(json!({ "grant_type": "password", "client_id": "Partner", "username": "partner@example.com", "password": "secret" }))
            .request_media("application/x-www-form-urlencoded", object(&["grant_type"], &[
                ("grant_type", one_of(&GRANT_TYPES)),
                ("client_id", any_string()),
                ("username", any_string()),
                ("password", any_string()),
                ("refresh_token", any_string()),
            ]))
            .response(200, "Tokens", json!({ "access_token": "…", "refresh_token": "…", "expires_in": 3600, "token_type": "Bearer", "scope": "cloudtips_api offline_access" }))
            .refusal(400, "wrong credentials, or a refresh token that is unknown, expired, used or another client's", CloudtipsError::InvalidGrant.body()),
        own(Operation::new("get", "/api/receivers/me", "The receiver's own profile"))
            .response(200, "The profile", ok(json!({
                "userId": USER, "fullName": "Анна", "phoneNumber": "+79990000002", "email": null, "photoUrl": null,
                "payoutMethod": "Accumulation", "instantPayoutEnabled": true, "isPremium": false, "onboardingPassed": true,
                "gender": "NotSpecified", "workPlace": "Кофейня", "workPosition": null, "birthday": null,
                "phoneNumberConfirmed": true, "createdDate": "2026-01-01T09:00:00.000Z",
                "availableAmount": { "minimal": 100.0, "maximal": 15000.0 } }))),
        own(Operation::new("post", "/api/receivers/payout-method", "Set the receiver's own payout method (Instant or Accumulation, also 0 or 1)"))
            .request(json!({ "payoutMethod": "Instant" }))
            .request_schema(object(&["payoutMethod"], &[("payoutMethod", json!({ "anyOf": [
                pattern(&any_case(&PAYOUT_METHODS, true)),
                integer(*PAYOUT_CODES.start()..=*PAYOUT_CODES.end()),
            ] }))]))
            .response(200, "Set", json!({ "succeed": true, "errors": [], "validationErrors": {} }))
            .response(400, "Another value", invalid("PayoutMethod", "Допустимые значения: Instant, Accumulation")),
        own(paged(Operation::new("get", "/api/timeline", "The receiver's tips and payouts, newest first, up to the tenant's clock (no page reaches beyond the 10 000th item: page × limit ≤ 10000)"), MAX_DEPTH)
            .param(Param::query("dateFrom", "createdDate from (RFC 3339, or a date)", date_or_time()))
            .param(Param::query("dateTo", "createdDate to (RFC 3339, or a date: the whole day)", date_or_time())))
            .response(200, "A page (shorter than limit: the last)", ok(json!({ "items": [{
                "operationType": "Transaction", "transactionId": 100_001, "payerName": "Антон", "paymentAmount": 150.5,
                "comment": "Спасибо!", "createdDate": "2026-01-01T09:00:00.000Z" }] })))
            .response(400, "A bad date, page or limit, or a page beyond 10000 items", invalid("Page", "Страницы дальше 10000 записей не выдаются: сузьте период dateFrom–dateTo")),
        own(Operation::new("get", "/api/cards", "The receiver's cards, the default first"))
            .response(200, "The cards", ok(json!([{ "token": "tk_5f1c…", "firstSix": "220070", "lastFour": "1234", "cardType": "MIR",
                "cardExpirationDate": "01/28", "issuerCode": "T-BANK", "isDefault": true, "commissionHint": "" }]))),
        own(Operation::new("delete", "/api/cards", "Remove a card: cardToken in the query or the JSON body")
            .param(Param::query("cardToken", "the card's token (or {\"cardToken\": …} in the body)", any_string())))
            .request(json!({ "cardToken": "tk_5f1c…" }))
            .request_schema(object(&[], &[("cardToken", nullable(any_string()))]))
            .optional_body()
            .response(200, "Removed", json!({ "succeed": true, "errors": [], "validationErrors": {} }))
            .response(404, "Not the receiver's card", failed("Карта не найдена")),
        own(Operation::new("get", "/api/payout/fee/info", "Payout commission texts"))
            .response(200, "The texts", ok(json!({ "text": "Комиссия за вывод накопленных средств — 3%",
                "downGradeCondition": "…", "tinkoffCommissionHint": "…", "instantPayoutCommissionText": "…" }))),
        own(Operation::new("get", "/api/accumulations/summary", "The accumulated balance and the commission on it"))
            .response(200, "The summary", ok(json!({ "accumulatedAmount": 1000.0, "amountToDeposit": 970.0, "commission": 30.0,
                "commissionPercent": 3.0, "nextPayoutDate": null, "commissionHint": "При выводе удерживается 3% от накопленной суммы" }))),
        api(Operation::new("post", "/api/receivers/create-many", "Create receivers and their payment pages at a place"))
            .request(json!({ "placeId": "place-1", "needConfirmLayouts": false,
                             "receivers": [{ "phoneNumber": "+79990000002", "name": "Анна", "externalId": "ext-1", "sendPassword": true }] }))
            .request_schema(object(&["placeId", "receivers"], &[
                ("placeId", required_text()),
                ("needConfirmLayouts", nullable(boolean())),
                ("receivers", array(object(&["phoneNumber", "name"], &[
                    ("phoneNumber", required_text()),
                    ("name", required_text()),
                    ("externalId", nullable(any_string())),
                    ("sendPassword", nullable(boolean())),
                ]), 1..=usize::MAX)),
            ]))
            .response(200, "Created", ok(json!({ "created": [{ "phoneNumber": "+79990000002", "name": "Анна", "userId": USER, "layoutId": "a1b2c3", "layoutStatus": 0 }], "skipped": [] })))
            .response(400, "A bad phone, no place, no receivers (validationErrors)", invalid("PhoneNumber", "Неверный формат телефонного номера: 0"))
            .refusal(400, "a phone the partner's scope already holds", CloudtipsError::already_in_scope(&["+79990000002".to_owned()]).body())
            .refusal(400, "a place the partner does not have", CloudtipsError::UnknownPlace("place-9".to_owned()).body())
            .refusal(400, "an externalId another call took meanwhile", CloudtipsError::ExternalIdTaken.body()),
        api(receiver_search(Operation::new("get", "/api/receivers", "Search receivers")))
            .response(200, "A page", ok(json!({ "items": [receiver()], "totalCount": 1 }))),
        api(receiver_search(Operation::new("get", "/api/receivers/pages", "Search receivers (same as /api/receivers)")))
            .response(200, "A page", ok(json!({ "items": [receiver()], "totalCount": 1 }))),
        api(Operation::new("get", "/api/receivers/{user_id}", "One receiver")).response(200, "The receiver", ok(receiver())),
        api(Operation::new("patch", "/api/receivers/{user_id}", "Edit a receiver (RFC 6902 JSON Patch, case-insensitive paths)"))
            .request(json!([{ "op": "replace", "path": "/Name", "value": "Анна Иванова" }, { "op": "replace", "path": "/Email", "value": "anna@example.com" }]))
            .request_schema(json_patch())
            .refusal(400, PATCH_FAILS, patch_failed())
            .response(200, "Edited", ok(receiver()))
            .response(400, "An invalid e-mail", invalid("Email", "Некорректный адрес электронной почты")),
        api(Operation::new("post", "/api/receivers/{user_id}/photo", "Upload a photo (multipart field FormFile: JPEG, PNG or WebP, ≤ 5 MiB)"))
            .request_media("multipart/form-data", object(&[FILE_FIELD], &[(FILE_FIELD, json!({
                "type": "string", "format": "binary",
                "description": format!("JPEG, PNG or WebP (told by its bytes), at most {MAX_PHOTO_BYTES} bytes"),
            }))]))
            .response(200, "Stored", ok(json!({ "photoUrl": "http://localhost:8080/cloudtips/photos/default/3f2…", "photoId": "3f2…" })))
            .response(400, "Not an image, or too large", invalid("FormFile", "Файл должен быть изображением JPEG, PNG или WebP")),
        api(Operation::new("delete", "/api/receivers/{user_id}/photo", "Delete the photo")).response(200, "Deleted", ok(Value::Null)),
        api(Operation::new("post", "/api/receivers/{user_id}/payout-method", "Set the payout method (0 instant, 1 accumulation)"))
            .request(json!({ "payoutMethod": 1 }))
            .request_schema(object(&["payoutMethod"], &[("payoutMethod", integer(*PAYOUT_CODES.start()..=*PAYOUT_CODES.end()))]))
            .response(200, "Set", ok(Value::Null))
            .response(400, "Another value", invalid("PayoutMethod", "Допустимые значения: 0 (мгновенный), 1 (накопление)")),
        api(Operation::new("post", "/api/receivers/{user_id}/detach-agent", "The receiver leaves the partner's scope")).response(200, "Detached", ok(Value::Null)),
        api(Operation::new("patch", "/api/paymentpages/{layout_id}", "Edit a payment page (RFC 6902 JSON Patch, case-insensitive paths)"))
            .request(json!([{ "op": "replace", "path": "/Description", "value": "Спасибо!" }, { "op": "replace", "path": "/WorkInfo/ChannelUrl", "value": "https://t.me/coffee" }]))
            .request_schema(json_patch())
            .refusal(400, PATCH_FAILS, patch_failed())
            .response(200, "Edited", ok(Value::Null))
            .response(400, "An invalid URL", invalid("WorkInfo.ChannelUrl", "Некорректная ссылка")),
        api(paged(Operation::new("get", "/api/places", "The partner's places (Получение списка заведений)"), i64::MAX)
            .param(Param::query("createdDateFrom", "createdDate from", date_or_time()))
            .param(Param::query("createdDateTo", "createdDate to (a date: the whole day)", date_or_time()))
            .param(Param::query("name", "part of the name, case-insensitive", any_string()))
            .param(Param::query("administratorId", "repeatable (also administratorId[])", any_string()))
            .param(Param::query("ids", "repeatable (also ids[])", any_string()))
            .param(Param::query("externalPlaceId", "exact", any_string())))
            .response(200, "A page", ok(json!({ "items": [place()], "totalCount": 1 }))),
        api(Operation::new("post", "/api/places", "Create a place (Создание заведения)"))
            .request(json!({ "name": "Кофейня на Мира", "externalPlaceId": "ext-7", "placeType": 0, "placeAdministratorIds": [] }))
            .request_schema(object(&["name"], &[
                ("name", required_text()),
                ("externalPlaceId", nullable(any_string())),
                ("managerId", nullable(any_string())),
                ("placeType", nullable(integer(0..=i64::MAX))),
                ("placeAdministratorIds", nullable(any_array(any_string()))),
            ]))
            .response(200, "The new place", ok(place()))
            .response(400, "No name (validationErrors.Name)", invalid("Name", "Необходимо указать название заведения"))
            .refusal(400, "the name is another place's of the partner", CloudtipsError::PlaceNameTaken("Кофейня на Мира".to_owned()).body()),
        api(Operation::new("post", "/api/places/registration-url", "A link that registers users at a place (Получение ссылки регистрации)"))
            .request(json!({ "placeId": "place-1", "maxRegistrationCount": 50, "lifetime": 86400 }))
            .request_schema(object(&["placeId"], &[
                ("placeId", required_text()),
                ("maxRegistrationCount", nullable(integer(REGISTRATIONS))),
                ("lifetime", nullable(integer(LIFETIME_SECONDS))),
            ]))
            .response(200, "The link", ok(json!({ "url": "http://localhost:8080/cloudtips/registration/5b1e…", "lifetime": 86400 })))
            .response(400, "Out of range, or no place", invalid("Lifetime", "Значение должно быть целым числом от 180 до 604800"))
            .refusal(400, "a place the partner does not have", CloudtipsError::UnknownPlace("place-9".to_owned()).body()),
        api(Operation::new("get", "/api/places/{place_id}", "One place (Получение информации по заведению)"))
            .response(200, "The place", ok(place())),
        api(Operation::new("post", "/api/places/{place_id}/employees/attach/send-sms", "Send an attach code by SMS"))
            .request(sms)
            .request_schema(object(&["UserId"], &[("UserId", required_text())]))
            .response(200, "Sent", ok(Value::Null))
            .refusal(400, "a code was sent to the receiver less than vendors.cloudtips.sms_resend_seconds ago", resend_too_soon()),
        api(Operation::new("post", "/api/places/{place_id}/employees/attach/confirm", "Confirm the attach code"))
            .request(json!({ "UserId": USER, "SmsCode": "123456" }))
            .request_schema(object(&["UserId", "SmsCode"], &[("UserId", required_text()), ("SmsCode", required_text())]))
            .response(200, "Attached", ok(json!({ "userId": USER, "layoutId": "a1b2c3", "layoutStatus": 1 })))
            .refusal(400, "not the code the last SMS carried", CloudtipsError::WrongCode.body())
            .refusal(400, "the code has expired", CloudtipsError::ExpiredCode.body()),
        Operation::new("get", "/photos/{tenant}/{photo_id}", "A stored photo, public (its bytes and content type)")
            .public()
            .response_media(200, "The image (image/jpeg, image/png or image/webp)", "image/*", json!({ "type": "string", "format": "binary" }))
            .response(404, "No such photo", failed("Фотография не найдена")),
    ]
}
