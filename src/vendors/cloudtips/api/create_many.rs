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
//!   `Receivers` "Необходимо указать получателей" (the declaration's, `wire/receivers.rs`),
//!   `errors` "Заведение <id> не найдено" and `PhoneNumber` with the vendor document's "Некоторые
//!   номера уже в скоупе: “+7…”" (several numbers: each quoted, joined by ", "; the public page's
//!   other wording loses to the document). A receiver's field is keyed by its bare name
//!   (`PhoneNumber`, `Name`, `ExternalId`), as the vendor's examples key it;
//! - what the declaration cannot state is checked here, once the request reads: at most
//!   `server.max_list_items` receivers (counted before the list is read), and no phone or
//!   `externalId` named twice.
//!
//! Two calls racing with the same new phone meet at the unique phone index; the loser runs again
//! and sees the winner's receiver, so exactly one receiver exists.

use axum::body::Bytes;
use axum::extract::State;
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::platform::context::RequestContext;
use crate::platform::outbox::{self, OutgoingSms};
use crate::platform::phone::normalize_phone;
use crate::platform::secrets::random_digits;
use crate::platform::wire::FieldErrors;
use crate::state::AppState;
use crate::vendors::cloudtips::api::binding;
use crate::vendors::cloudtips::store::layout::{
    self, LayoutStatus, Placement, EXTERNAL_ID_INDEX, PLACE_INDEX, SHORT_ID_INDEX,
};
use crate::vendors::cloudtips::store::partner::Partner;
use crate::vendors::cloudtips::store::place;
use crate::vendors::cloudtips::store::receiver::{self, ReceiverRow, PHONE_INDEX};
use crate::vendors::cloudtips::wire::error::{succeed, ApiResult, CloudtipsError, EXTERNAL_ID_TAKEN};
use crate::vendors::cloudtips::wire::receivers::{CreateMany, CreatedReceiver, CreatedReceivers};
use crate::vendors::cloudtips::wire::words::wrong_phone;

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
    let document = binding::document::<CreateMany>(&body)?;
    bound_receivers(&document, app.config.server.max_list_items)?;
    let request = prepare(binding::read(document)?)?;
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

/// At most `max_receivers` (`server.max_list_items`), counted before the list is read item by
/// item. The page states no bound; the call writes every receiver in one transaction, which on
/// SQLite holds every other tenant's writes meanwhile. A setting, so no schema states it.
fn bound_receivers(document: &Value, max_receivers: usize) -> Result<(), CloudtipsError> {
    match document.get("receivers").and_then(Value::as_array) {
        Some(receivers) if receivers.len() > max_receivers => Err(CloudtipsError::invalid_field(
            "Receivers",
            format!("{TOO_MANY_RECEIVERS} {max_receivers}"),
        )),
        _ => Ok(()),
    }
}

/// The request with its phones as `+7XXXXXXXXXX`; a phone or `externalId` named twice is refused
/// (a rule across the list's items, which no schema states).
fn prepare(request: CreateMany) -> Result<CreateRequest, CloudtipsError> {
    let mut errors = FieldErrors::default();
    let mut receivers = Vec::new();
    // Sets, not lists: a request with 100 000 receivers must not cost 100 000² comparisons in one
    // poll, which no request timeout could interrupt.
    let mut phones = std::collections::HashSet::new();
    let mut external_ids = std::collections::HashSet::new();
    for item in request.receivers {
        // The declaration's pattern is the notations `normalize_phone` reads.
        let Some(phone) = normalize_phone(&item.phone_number) else {
            errors.add("PhoneNumber", wrong_phone(&item.phone_number));
            continue;
        };
        if !phones.insert(phone.clone()) {
            errors.add(
                "PhoneNumber",
                format!("Номер телефона повторяется в запросе: {}", item.phone_number),
            );
        }
        let external_id = item.external_id.filter(|id| !id.is_empty());
        if let Some(id) = &external_id {
            if !external_ids.insert(id.clone()) {
                errors.add(
                    "ExternalId",
                    format!("Идентификатор externalId повторяется в запросе: {id}"),
                );
            }
        }
        receivers.push(NewReceiver {
            phone,
            name: item.name.trim().to_owned(),
            external_id,
            send_password: item.send_password.unwrap_or(false),
        });
    }
    errors.into_result()?;
    Ok(CreateRequest {
        place_id: request.place_id,
        need_confirm: request.need_confirm_layouts.unwrap_or(false),
        receivers,
    })
}

async fn run(
    app: &AppState,
    context: &RequestContext,
    partner: &Partner,
    request: &CreateRequest,
) -> Result<CreatedReceivers, Failure> {
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
        created.push(CreatedReceiver {
            layout_id,
            layout_status: status.code(),
            name,
            phone_number: item.phone.clone(),
            user_id,
        });
    }
    tx.commit().await?;
    Ok(CreatedReceivers {
        created,
        skipped: Vec::new(),
    })
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
