//! `POST /api/receivers/create-many`: registers receivers at one of the partner's places.
//!
//! - an unknown phone becomes a new receiver in the partner's scope with a payment page at the
//!   place, status None (WaitingForConfirmation with `needConfirmLayouts`);
//! - a phone known in the system but outside the partner's scope gets a page at the place in
//!   WaitingForConfirmation; the receiver joins the scope and the place by the SMS attach;
//! - a phone already in the partner's scope fails the whole call, nothing is created;
//! - `skipped` is always empty, since such a call fails rather than skipping;
//! - failures are the five bodies of the vendor's "Возможные ошибки": `PhoneNumber` "Неверный
//!   формат телефонного номера: <номер как прислан>", `PlaceId` "Необходимо указать заведение",
//!   `Receivers` "Необходимо указать получателей", `errors` "Заведение <id> не найдено" and
//!   `PhoneNumber` with the seed's "Некоторые номера уже в скоупе: “+7…”" (several numbers: each
//!   quoted, joined by ", "; the public page's other wording loses to the seed). A receiver's field is
//!   keyed by its bare name (`PhoneNumber`, `Name`, `ExternalId`), as the vendor's examples key it.
//!
//! Two calls racing with the same new phone meet at the unique phone index; the loser runs again
//! and sees the winner's receiver, so exactly one receiver exists.

use axum::body::Bytes;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde_json::{json, Map, Value};

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::outbox::{self, OutgoingSms};
use crate::platform::phone::normalize_phone;
use crate::platform::secrets::random_digits;
use crate::platform::wire::FieldErrors;
use crate::state::AppState;
use crate::vendors::cloudtips::error::{succeed, ApiResult, CloudtipsError, EXTERNAL_ID_TAKEN};
use crate::vendors::cloudtips::layout::{
    self, LayoutStatus, Placement, EXTERNAL_ID_INDEX, PLACE_INDEX, SHORT_ID_INDEX,
};
use crate::vendors::cloudtips::partner::Partner;
use crate::vendors::cloudtips::place;
use crate::vendors::cloudtips::receiver::{self, ReceiverRow, PHONE_INDEX};
use crate::vendors::cloudtips::request::{bool_or, json_object, optional_string, required_string};

/// The vendor's texts for a missing place and an empty list ("Возможные ошибки").
pub const NO_PLACE: &str = "Необходимо указать заведение";
const NO_RECEIVERS: &str = "Необходимо указать получателей";
/// The emulator's own text (the page has none) for a list past `server.max_list_items`.
const TOO_MANY_RECEIVERS: &str = "Слишком много получателей в одном запросе, не более";

/// How often a call that lost a race on a unique index is run again.
const ATTEMPTS: usize = 3;

struct NewReceiver {
    phone: String,
    name: String,
    external_id: Option<String>,
    send_password: bool,
}

struct CreateRequest {
    place_id: String,
    need_confirm: bool,
    receivers: Vec<NewReceiver>,
}

enum Failure {
    Api(CloudtipsError),
    Db(sqlx::Error),
}

impl From<sqlx::Error> for Failure {
    fn from(err: sqlx::Error) -> Failure {
        Failure::Db(err)
    }
}

impl From<CloudtipsError> for Failure {
    fn from(err: CloudtipsError) -> Failure {
        Failure::Api(err)
    }
}

pub async fn create_many(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    body: Bytes,
) -> ApiResult {
    let request = parse(&json_object(&body)?, app.config.server.max_list_items)?;
    let mut attempt = 1;
    loop {
        match run(&app, &context, &partner, &request).await {
            Ok(data) => return Ok(succeed(data)),
            Err(Failure::Api(err)) => return Err(err),
            Err(Failure::Db(err))
                if attempt < ATTEMPTS
                    && [PHONE_INDEX, SHORT_ID_INDEX, PLACE_INDEX]
                        .iter()
                        .any(|index| index.violated_by(&err)) =>
            {
                attempt += 1;
            }
            Err(Failure::Db(err)) if EXTERNAL_ID_INDEX.violated_by(&err) => {
                return Err(CloudtipsError::ExternalIdTaken)
            }
            Err(Failure::Db(err)) => return Err(err.into()),
        }
    }
}

/// `max_receivers`: `server.max_list_items`. The page states no bound; the call writes every
/// receiver in one transaction, which on SQLite holds every other tenant's writes meanwhile.
fn parse(body: &Map<String, Value>, max_receivers: usize) -> Result<CreateRequest, CloudtipsError> {
    let mut errors = FieldErrors::default();
    let place_id = required_string(body, "placeid").unwrap_or_else(|_| {
        errors.add("PlaceId", NO_PLACE);
        String::new()
    });
    let need_confirm = bool_or(body, "needconfirmlayouts", false).unwrap_or_else(|message| {
        errors.add("needConfirmLayouts", message);
        false
    });
    let items = match body.get("receivers") {
        Some(Value::Array(items)) if items.len() > max_receivers => {
            errors.add("Receivers", format!("{TOO_MANY_RECEIVERS} {max_receivers}"));
            &[]
        }
        Some(Value::Array(items)) if !items.is_empty() => items.as_slice(),
        _ => {
            errors.add("Receivers", NO_RECEIVERS);
            &[]
        }
    };
    let mut receivers = Vec::new();
    // Sets, not lists: a request with 100 000 receivers must not cost 100 000² comparisons in one
    // poll, which no request timeout could interrupt.
    let mut phones = std::collections::HashSet::new();
    let mut external_ids = std::collections::HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Object(item) = item else {
            errors.add("Receivers", format!("Получатель {} должен быть объектом", i + 1));
            continue;
        };
        let phone = match required_string(item, "phonenumber") {
            Ok(raw) => match normalize_phone(&raw) {
                Some(phone) if phones.contains(&phone) => {
                    errors.add("PhoneNumber", format!("Номер телефона повторяется в запросе: {raw}"));
                    None
                }
                Some(phone) => Some(phone),
                None => {
                    errors.add("PhoneNumber", format!("Неверный формат телефонного номера: {raw}"));
                    None
                }
            },
            Err(message) => {
                errors.add("PhoneNumber", message);
                None
            }
        };
        let name = required_string(item, "name")
            .map(|name| name.trim().to_owned())
            .map_err(|message| errors.add("Name", message))
            .ok();
        let external_id = match optional_string(item, "externalid") {
            Ok(Some(id)) if external_ids.contains(&id) => {
                errors.add(
                    "ExternalId",
                    format!("Идентификатор externalId повторяется в запросе: {id}"),
                );
                None
            }
            Ok(id) => id.filter(|id| !id.is_empty()),
            Err(message) => {
                errors.add("ExternalId", message);
                None
            }
        };
        let send_password = bool_or(item, "sendpassword", false)
            .map_err(|message| errors.add("SendPassword", message))
            .unwrap_or(false);
        if let Some(id) = &external_id {
            external_ids.insert(id.clone());
        }
        if let (Some(phone), Some(name)) = (phone, name) {
            phones.insert(phone.clone());
            receivers.push(NewReceiver {
                phone,
                name,
                external_id,
                send_password,
            });
        }
    }
    errors.into_result()?;
    Ok(CreateRequest {
        place_id,
        need_confirm,
        receivers,
    })
}

async fn run(
    app: &AppState,
    context: &RequestContext,
    partner: &Partner,
    request: &CreateRequest,
) -> Result<Value, Failure> {
    let tenant = partner.tenant.as_str();
    let mut tx = app.db.begin().await?;
    if place::find_own(&mut *tx, partner, &request.place_id).await?.is_none() {
        return Err(CloudtipsError::UnknownPlace(request.place_id.clone()).into());
    }
    let now = context.now(&mut *tx).await?;
    let mut existing = Vec::new();
    let mut in_scope = Vec::new();
    let mut errors = FieldErrors::default();
    for item in &request.receivers {
        let found = receiver::find_by_phone(&mut *tx, tenant, &item.phone).await?;
        if found
            .as_ref()
            .is_some_and(|found| found.partner.as_deref() == Some(&partner.username))
        {
            in_scope.push(item.phone.clone());
        }
        if let Some(external_id) = &item.external_id {
            let holder = layout::external_id_holder(&mut *tx, tenant, &partner.username, external_id).await?;
            let own = found.as_ref().map(|found| &found.user_id);
            if holder.is_some_and(|holder| Some(&holder) != own) {
                errors.add("ExternalId", format!("{EXTERNAL_ID_TAKEN}: {external_id}"));
            }
        }
        existing.push(found);
    }
    if !in_scope.is_empty() {
        return Err(CloudtipsError::already_in_scope(&in_scope).into());
    }
    errors.into_result().map_err(CloudtipsError::from)?;
    let mut created = Vec::new();
    for (item, found) in request.receivers.iter().zip(existing) {
        let (user_id, name, status) = match found {
            None => {
                let status = if request.need_confirm {
                    LayoutStatus::WaitingForConfirmation
                } else {
                    LayoutStatus::None
                };
                (
                    create_receiver(&mut tx, partner, item, now).await?,
                    item.name.clone(),
                    status,
                )
            }
            // A receiver of another scope (or none): its page at the place waits for the SMS attach.
            Some(found) => (found.user_id, found.name, LayoutStatus::WaitingForConfirmation),
        };
        let placement = Placement {
            tenant,
            partner: &partner.username,
            user_id: &user_id,
            place_id: &request.place_id,
            status,
            external_id: item.external_id.as_deref(),
            name: Some(&item.name),
            first_is_default: true,
        };
        let layout_id = layout::put_at_place(&mut tx, placement, to_ms(now)).await?;
        created.push(json!({
            "phoneNumber": item.phone,
            "name": name,
            "userId": user_id,
            "layoutId": layout_id,
            "layoutStatus": status.code(),
        }));
    }
    tx.commit().await?;
    Ok(json!({ "created": created, "skipped": [] }))
}

/// A receiver new to the system, in the partner's scope at once (its first page, the default, is
/// the caller's to make); its user id. Its password goes out by SMS when asked for.
async fn create_receiver(
    tx: &mut Tx,
    partner: &Partner,
    item: &NewReceiver,
    now: DateTime<Utc>,
) -> Result<String, sqlx::Error> {
    let tenant = partner.tenant.as_str();
    let now_ms = to_ms(now);
    let user_id = uuid::Uuid::new_v4().to_string();
    let row = ReceiverRow {
        user_id: user_id.clone(),
        phone: item.phone.clone(),
        name: item.name.clone(),
        email: None,
        partner: Some(partner.username.clone()),
        receiver_type: 0,
        payout_method: 0,
        phone_confirmed: 0,
        photo_id: None,
        photo_content_type: None,
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
    };
    receiver::insert(tx, tenant, &row, None).await?;
    if item.send_password {
        let password = random_digits(6);
        let text = format!("Вы зарегистрированы в CloudTips. Пароль для входа: {password}");
        outbox::send(
            tx,
            tenant,
            OutgoingSms {
                vendor: crate::vendors::cloudtips::NAME,
                phone: &item.phone,
                text: &text,
                code: Some(&password),
            },
            now,
        )
        .await?;
    }
    Ok(user_id)
}
