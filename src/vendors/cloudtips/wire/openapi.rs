//! The CloudTips operations for the OpenAPI spec: what no type can say — summaries, descriptions,
//! examples from the vendor document and the refusals a request valid by its schema may still get.
//! Requests, query parameters and forms are their declarations' schemas (`wire/`), which the
//! handlers read them through; member names match in any case (the spec spells them as the
//! vendor's examples do) and a blank query value is no value.

use chrono::{TimeZone, Utc};
use serde_json::{json, Value};

use crate::openapi::{tenant_param, ErrorShape, Mark, Operation, Param, Refused, VENDOR_TENANT};
use crate::platform::wire::{answer_schema_of, schema_of};
use crate::vendors::cloudtips::api::auth::TOKEN_PATH;
use crate::vendors::cloudtips::api::binding;
use crate::vendors::cloudtips::api::photos::{FILE_FIELD, MAX_PHOTO_BYTES, NOT_AN_IMAGE, PART_NAME_PATTERN};
use crate::vendors::cloudtips::api::timeline::too_deep;
use crate::vendors::cloudtips::wire::attach::{Attached, ConfirmAttachCode, SendAttachCode};
use crate::vendors::cloudtips::wire::envelope::{Done, Failed, OAuthFailure, Succeeded};
use crate::vendors::cloudtips::wire::error::{already_in_scope_message, CloudtipsError, Said, EXTERNAL_ID_TAKEN};
use crate::vendors::cloudtips::wire::json_patch::JsonPatch;
use crate::vendors::cloudtips::wire::own::{
    AccumulationSummary, Card, CardToken, FeeInfo, OwnPayoutMethod, Profile, Timeline, TimelineQuery,
};
use crate::vendors::cloudtips::wire::paging::Page;
use crate::vendors::cloudtips::wire::places::{NewPlace, NewRegistrationLink, Place, PlaceSearch, RegistrationLink};
use crate::vendors::cloudtips::wire::receivers::{
    CreateMany, CreatedReceivers, PayoutCode, Receiver, ReceiverSearch, UploadedPhoto,
};
use crate::vendors::cloudtips::wire::token::{TokenForm, Tokens};
use crate::vendors::cloudtips::wire::words::REQUIRED;

/// The envelope `{"succeed": false, "errors", "validationErrors"}` (`data` null when the platform
/// answers), or the identity server's `{"error"}` (OAuth).
pub const ERRORS: ErrorShape = ErrorShape {
    refuses_nul: true,
    schema: error_schema,
    auth: true,
    extra: &[],
    errors_in_200: false,
};

fn error_schema(_status: u16) -> Value {
    json!({ "anyOf": [
        answer_schema_of::<Failed>().schema.clone(),
        answer_schema_of::<OAuthFailure>().schema.clone(),
    ] })
}

/// The headers with a schema of their own.
pub fn header_params() -> Vec<Param> {
    vec![tenant_param(VENDOR_TENANT)]
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

fn invalid(field: &str, problem: &str) -> Refused {
    refused(CloudtipsError::invalid_field(field, problem))
}

fn api(op: Operation) -> Operation {
    op.response(
        401,
        "No valid token (WWW-Authenticate: Bearer): the envelope",
        body(CloudtipsError::Unauthorized),
    )
    .response(
        404,
        "A receiver outside the partner's scope",
        body(CloudtipsError::ReceiverNotFound),
    )
}

/// An operation of the receiver's own API: receiver tokens (`client_id=MobilePhone`) only.
fn own(op: Operation) -> Operation {
    op.describe(
        "The receiver's own API: a token of client_id=MobilePhone (a receiver's login); a partner's token is a 403.",
    )
    .response(
        401,
        "No valid token (WWW-Authenticate: Bearer)",
        body(CloudtipsError::Unauthorized),
    )
    .response(403, "A partner's token", body(CloudtipsError::ReceiverOnly))
}

fn receiver() -> Value {
    json!({
        "cardExpDate": "01/28", "cardFirstSix": "220070", "cardLastFour": "1234",
        "createdDate": "2026-01-01T09:00:00.000Z", "email": null, "fullName": "Анна",
        "layouts": [{
            "backgroundId": null, "createdDate": "2026-01-01T09:00:00.000Z", "default": true, "description": null,
            "disabled": false, "externalInfo": "ext-1", "id": "8c0b…", "layoutId": "a1b2c3", "layoutStatus": 1,
            "name": "Анна", "placeId": "place-1", "placeName": "Кофейня", "shortId": "a1b2c3", "text": null,
            "title": null, "updatedDate": "2026-01-01T09:00:00.000Z", "userId": USER,
            "workInfo": { "channelUrl": null },
        }],
        "lockoutEnd": null, "manager": null, "payoutMethod": 0, "phoneNumber": "+79990000002",
        "phoneNumberConfirmed": true, "photoId": null, "photoUrl": null, "type": 0,
        "updatedDate": "2026-01-01T09:00:00.000Z", "userId": USER,
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

/// A JSON Patch's refusal, shown by `example`: an operation that fails, or past the patch's
/// bounds, or a result breaking any of the resource's members' rules.
fn patch_refusal(example: Refused) -> Refused {
    example
        .or(refused(CloudtipsError::PatchFailed(String::new())))
        .or_marked(Mark::Filled("/validationErrors".to_owned()))
}

/// An error's own body.
fn body(error: CloudtipsError) -> Value {
    error.body()
}

/// A refusal answering `error`, told by what it says: OAuth's `error` code, the member its
/// `validationErrors` names, or its message in `errors` (the start, where the rest names what the
/// request named).
fn refused(error: CloudtipsError) -> Refused {
    let body = error.body();
    let mark = match error.parts().1 {
        Said::OAuth(code, _) => Mark::is("/error", code),
        Said::Fields(_) => {
            let field = body["validationErrors"]
                .as_object()
                .and_then(|fields| fields.keys().next());
            Mark::has("/validationErrors", field.map_or("", String::as_str))
        }
        Said::Error(message) => match error.message_start() {
            Some(start) => Mark::StartsWith("/errors/0".to_owned(), start.to_owned()),
            None => Mark::is("/errors/0", message.into_owned()),
        },
    };
    Refused::new(body, mark)
}

pub fn operations() -> Vec<Operation> {
    let done = json!({ "succeed": true, "errors": [], "validationErrors": {} });
    let patch_refused = "A test operation that fails, a path the document lacks, a result that breaks the resource's rules, or past server.patch_max_operations / patch_max_document_bytes";
    vec![
        Operation::new("post", TOKEN_PATH, "Get tokens (form-encoded: grant_type=password | refresh_token)")
            .describe("A partner logs in with its client_id, username and password. A receiver's own login (its API: /api/receivers/me, /api/timeline, /api/cards, …) is client_id=MobilePhone, username = its phone in any notation, password = its fixture's `password`. The refresh grant keeps the client id the token was issued for.")
            .public()
            .request(json!({ "grant_type": "password", "client_id": "Partner", "username": "partner@example.com", "password": "secret" }))
            .request_media("application/x-www-form-urlencoded", schema_of::<TokenForm>().schema.clone())
            .answer_type::<Tokens>(200, "Tokens", json!({ "access_token": "…", "refresh_token": "…", "expires_in": 3600, "token_type": "Bearer", "scope": "cloudtips_api offline_access" }))
            .refusal(400, "Bad credentials, an unknown or used refresh token, or another client_id than the token's (invalid_grant)", refused(CloudtipsError::InvalidGrant)),
        own(Operation::new("get", "/api/receivers/me", "The receiver's own profile"))
            .answer_type::<Succeeded<Profile>>(200, "The profile", ok(json!({
                "userId": USER, "fullName": "Анна", "phoneNumber": "+79990000002", "email": null, "photoUrl": null,
                "payoutMethod": "Accumulation", "instantPayoutEnabled": true, "isPremium": false, "onboardingPassed": true,
                "gender": "NotSpecified", "workPlace": "Кофейня", "workPosition": null, "birthday": null,
                "phoneNumberConfirmed": true, "createdDate": "2026-01-01T09:00:00.000Z",
                "availableAmount": { "minimal": 100.0, "maximal": 15000.0 } }))),
        own(Operation::new("post", "/api/receivers/payout-method", "Set the receiver's own payout method (Instant or Accumulation, also 0 or 1)"))
            .request(json!({ "payoutMethod": "Instant" }))
            .request_type::<OwnPayoutMethod>()
            .answer_type::<Done>(200, "Set", done.clone()),
        own(binding::query_of::<TimelineQuery>(Operation::new("get", "/api/timeline", "The receiver's tips and payouts, newest first, up to the tenant's clock (no page reaches beyond the 10 000th item: page × limit ≤ 10000)")))
            .answer_type::<Succeeded<Timeline>>(200, "A page (shorter than limit: the last)", ok(json!({ "items": [{
                "operationType": "Transaction", "transactionId": 100_001, "payerName": "Антон", "paymentAmount": 150.5,
                "comment": "Спасибо!", "createdDate": "2026-01-01T09:00:00.000Z" }] })))
            .refusal(400, "A page beyond the newest 10000 items (page × limit)", refused(too_deep())),
        own(Operation::new("get", "/api/cards", "The receiver's cards, the default first"))
            .answer_type::<Succeeded<Vec<Card>>>(200, "The cards", ok(json!([{ "token": "tk_5f1c…", "firstSix": "220070", "lastFour": "1234", "cardType": "MIR",
                "cardExpirationDate": "01/28", "issuerCode": "T-BANK", "isDefault": true, "commissionHint": "" }]))),
        own(binding::query_of::<CardToken>(Operation::new("delete", "/api/cards", "Remove a card: cardToken in the query or the JSON body")))
            .request(json!({ "cardToken": "tk_5f1c…" }))
            .request_type::<CardToken>()
            .optional_body()
            .answer_type::<Done>(200, "Removed", done.clone())
            .response(404, "Not the receiver's card", body(CloudtipsError::CardNotFound))
            .refusal(400, "No cardToken in the query, nor in the body", invalid("CardToken", REQUIRED)),
        own(Operation::new("get", "/api/payout/fee/info", "Payout commission texts"))
            .answer_type::<Succeeded<FeeInfo>>(200, "The texts", ok(json!({ "text": "Комиссия за вывод накопленных средств — 3%",
                "downGradeCondition": "…", "tinkoffCommissionHint": "…", "instantPayoutCommissionText": "…" }))),
        own(Operation::new("get", "/api/accumulations/summary", "The accumulated balance and the commission on it"))
            .answer_type::<Succeeded<AccumulationSummary>>(200, "The summary", ok(json!({ "accumulatedAmount": 1000.0, "amountToDeposit": 970.0, "commission": 30.0,
                "commissionPercent": 3.0, "nextPayoutDate": null, "commissionHint": "При выводе удерживается 3% от накопленной суммы" }))),
        api(Operation::new("post", "/api/receivers/create-many", "Create receivers and their payment pages at a place"))
            .request(json!({ "placeId": "place-1", "needConfirmLayouts": false,
                             "receivers": [{ "phoneNumber": "+79990000002", "name": "Анна", "externalId": "ext-1", "sendPassword": true }] }))
            .request_type::<CreateMany>()
            .answer_type::<Succeeded<CreatedReceivers>>(200, "Created", ok(json!({ "created": [{ "phoneNumber": "+79990000002", "name": "Анна", "userId": USER, "layoutId": "a1b2c3", "layoutStatus": 0 }], "skipped": [] })))
            .refusal(400, "A phone already in the partner's scope, a phone or externalId named twice or another receiver's, more receivers than server.max_list_items (validationErrors), or a place the partner does not have (errors)",
                     invalid("PhoneNumber", &already_in_scope_message(&["+79990000002"]))
                         .or(invalid("ExternalId", EXTERNAL_ID_TAKEN))
                         .or(invalid("Receivers", ""))
                         .or(refused(CloudtipsError::ExternalIdTaken))
                         .or(refused(CloudtipsError::UnknownPlace(String::new())))),
        api(binding::query_of::<ReceiverSearch>(Operation::new("get", "/api/receivers", "Search receivers")))
            .answer_type::<Succeeded<Page<Receiver>>>(200, "A page", ok(json!({ "items": [receiver()], "totalCount": 1 }))),
        api(binding::query_of::<ReceiverSearch>(Operation::new("get", "/api/receivers/pages", "Search receivers (same as /api/receivers)")))
            .answer_type::<Succeeded<Page<Receiver>>>(200, "A page", ok(json!({ "items": [receiver()], "totalCount": 1 }))),
        api(Operation::new("get", "/api/receivers/{user_id}", "One receiver")).answer_type::<Succeeded<Receiver>>(200, "The receiver", ok(receiver())),
        api(Operation::new("patch", "/api/receivers/{user_id}", "Edit a receiver (RFC 6902 JSON Patch of {name, email}, case-insensitive paths)"))
            .request(json!([{ "op": "replace", "path": "/Name", "value": "Анна Иванова" }, { "op": "replace", "path": "/Email", "value": "anna@example.com" }]))
            .request_type::<JsonPatch>()
            .answer_type::<Done>(200, "Edited", done.clone())
            .refusal(400, patch_refused, patch_refusal(invalid("Email", "Некорректный адрес электронной почты"))),
        api(Operation::new("post", "/api/receivers/{user_id}/photo", "Upload a photo (multipart field FormFile: JPEG, PNG or WebP, ≤ 5 MiB)"))
            .request_media("multipart/form-data", json!({
                "type": "object",
                "required": [FILE_FIELD],
                "properties": { FILE_FIELD: {
                    "type": "string", "format": "binary",
                    "description": format!("JPEG, PNG or WebP (told by its bytes), at most {MAX_PHOTO_BYTES} bytes"),
                } },
                "propertyNames": { "pattern": PART_NAME_PATTERN },
            }))
            .answer_type::<Succeeded<UploadedPhoto>>(200, "Stored", ok(json!({ "photoUrl": "http://localhost:8080/cloudtips/photos/default/3f2…", "photoId": "3f2…" })))
            .refusal(400, "Not an image (told by its bytes), or too large", invalid(FILE_FIELD, NOT_AN_IMAGE)),
        api(Operation::new("delete", "/api/receivers/{user_id}/photo", "Delete the photo")).answer_type::<Done>(200, "Deleted", done.clone()),
        api(Operation::new("post", "/api/receivers/{user_id}/payout-method", "Set the payout method (0 instant, 1 accumulation)"))
            .request(json!({ "payoutMethod": 1 }))
            .request_type::<PayoutCode>()
            .answer_type::<Done>(200, "Set", done.clone()),
        api(Operation::new("post", "/api/receivers/{user_id}/detach-agent", "The receiver leaves the partner's scope")).answer_type::<Done>(200, "Detached", done.clone()),
        api(Operation::new("patch", "/api/paymentpages/{layout_id}", "Edit a payment page (RFC 6902 JSON Patch of {name, title, description, text, workInfo: {channelUrl}}, case-insensitive paths)"))
            .request(json!([{ "op": "replace", "path": "/Description", "value": "Спасибо!" }, { "op": "replace", "path": "/WorkInfo/ChannelUrl", "value": "https://t.me/coffee" }]))
            .request_type::<JsonPatch>()
            .answer_type::<Done>(200, "Edited", done.clone())
            .refusal(400, patch_refused, patch_refusal(invalid("WorkInfo.ChannelUrl", "Некорректная ссылка"))),
        api(binding::query_of::<PlaceSearch>(Operation::new("get", "/api/places", "The partner's places (Получение списка заведений)")))
            .answer_type::<Succeeded<Page<Place>>>(200, "A page", ok(json!({ "items": [place()], "totalCount": 1 }))),
        api(Operation::new("post", "/api/places", "Create a place (Создание заведения)"))
            .request(json!({ "name": "Кофейня на Мира", "externalPlaceId": "ext-7", "placeType": 0, "placeAdministratorIds": [] }))
            .request_type::<NewPlace>()
            .answer_type::<Succeeded<Place>>(200, "The new place", ok(place()))
            .refusal(400, "A name the partner already uses (errors)", refused(CloudtipsError::PlaceNameTaken("Кофейня".to_owned()))),
        api(Operation::new("post", "/api/places/registration-url", "A link that registers users at a place (Получение ссылки регистрации)"))
            .request(json!({ "placeId": "place-1", "maxRegistrationCount": 50, "lifetime": 86400 }))
            .request_type::<NewRegistrationLink>()
            .answer_type::<Succeeded<RegistrationLink>>(200, "The link", ok(json!({ "url": "http://localhost:8080/cloudtips/registration/5b1e…", "lifetime": 86400 })))
            .refusal(400, "A place the partner does not have (errors)", refused(CloudtipsError::UnknownPlace("place-2".to_owned()))),
        api(Operation::new("get", "/api/places/{place_id}", "One place (Получение информации по заведению)"))
            .answer_type::<Succeeded<Place>>(200, "The place", ok(place())),
        api(Operation::new("post", "/api/places/{place_id}/employees/attach/send-sms", "Send an attach code by SMS"))
            .request(json!({ "UserId": USER }))
            .request_type::<SendAttachCode>()
            .answer_type::<Done>(200, "Sent", done)
            .refusal(400, "Again within vendors.cloudtips.sms_resend_seconds (60 s)", refused(CloudtipsError::ResendTooSoon {
                seconds: 42,
                retry_at: Utc.timestamp_opt(1_767_258_060, 0).single().unwrap_or_default(),
            })),
        api(Operation::new("post", "/api/places/{place_id}/employees/attach/confirm", "Confirm the attach code"))
            .request(json!({ "UserId": USER, "SmsCode": "123456" }))
            .request_type::<ConfirmAttachCode>()
            .answer_type::<Succeeded<Attached>>(200, "Attached", ok(json!({ "userId": USER, "layoutId": "a1b2c3", "layoutStatus": 1 })))
            .refusal(400, "A wrong or expired code", refused(CloudtipsError::WrongCode).or(refused(CloudtipsError::ExpiredCode))),
        Operation::new("get", "/photos/{tenant}/{photo_id}", "A stored photo, public (its bytes and content type)")
            .public()
            .response_media(200, "The image (image/jpeg, image/png or image/webp)", "image/*", json!({ "type": "string", "format": "binary" }))
            .response(404, "No such photo", body(CloudtipsError::PhotoNotFound)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::wire::{check, Compiled, Wording};
    use crate::vendors::cloudtips::wire::words::WORDS;

    fn problems(example: &Value, schema: &Value) -> Vec<String> {
        let compiled = Compiled::new(schema.clone());
        check(example, &compiled, WORDS.formats())
            .iter()
            .map(|problem| format!("{}: {:?}", problem.field(), problem.rule))
            .collect()
    }

    /// An example the spec shows is an answer (or a request) its type describes.
    #[test]
    fn every_example_fits_its_declared_schema() {
        for operation in operations() {
            let name = format!("{} {}", operation.method, operation.path);
            if let (Some(example), Some(schema)) = (&operation.request, &operation.request_schema) {
                if operation.request_media == "application/json" {
                    assert_eq!(problems(example, schema), Vec::<String>::new(), "{name} request");
                }
            }
            for (status, _, example) in &operation.responses {
                let Some((_, doc)) = operation.response_docs.iter().find(|(s, _)| s == status) else {
                    continue;
                };
                if let (Some(schema), None) = (&doc.schema, doc.media) {
                    assert_eq!(problems(example, schema), Vec::<String>::new(), "{name} {status}");
                }
            }
        }
    }

    /// Every refusal's example is the vendor's failure shape.
    #[test]
    fn refusals_are_failures() {
        let failure = json!({ "anyOf": [
            answer_schema_of::<Failed>().schema.clone(),
            answer_schema_of::<OAuthFailure>().schema.clone(),
        ] });
        for operation in operations() {
            for (status, _, example) in operation.responses.iter().filter(|(status, _, _)| *status >= 400) {
                assert_eq!(
                    problems(example, &failure),
                    Vec::<String>::new(),
                    "{} {} {status}",
                    operation.method,
                    operation.path
                );
            }
        }
    }
}
