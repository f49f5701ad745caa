//! `POST /v1/employee/{idEmployee}/link_card`, `POST /v1/employee/{idEmployee}/card/switch` and
//! `GET /v1/card/{idCard}`.
//!
//! Order of checks for `link_card`: 401 (token), 422 (every invalid field at once: `X-Nonce`,
//! `idEmployee`, `body`, `customIdCard`, `statusCard`), 404 employee, 404 card, then the 409s: card
//! linked to another employee, card not available (only for a card nobody holds), card expired
//! (`validUntil` before the tenant's date), second MAIN card. Linking the card the employee already
//! holds answers 200 with the current link, its status changed when it differs and the MAIN rule
//! allows. The invariants — one employee per card, one MAIN card per employee — are enforced by
//! the database (see `card`), so concurrent calls cannot break them. `link_card` therefore is one
//! guarded `UPDATE … RETURNING` outside a transaction, whose `WHERE` holds every rule above: a link
//! costs that one statement after the token and the nonce, and keeps SQLite's one writer busy for
//! it alone. Only when it changes nothing does the call read the employee and the card, to answer
//! the first rule they break.

use axum::Json;
use serde_json::{json, Map, Value};

use crate::db::DbSession;
use crate::platform::wire::FieldErrors;
use crate::vendors::sup::card::{self, CardKey, CardStatus};
use crate::vendors::sup::employee;
use crate::vendors::sup::error::SupError;
use crate::vendors::sup::request::SupCall;
use crate::vendors::sup::validate::{is_ean, required, uuid};

fn status_field(object: &Map<String, Value>, errors: &mut FieldErrors) -> Option<CardStatus> {
    let status = required(object, "statusCard", errors)?;
    let parsed = CardStatus::from_name(status);
    if parsed.is_none() {
        errors.add("statusCard", format!("Допустимые значения: {}", CardStatus::allowed()));
    }
    parsed
}

fn custom_id_field(object: &Map<String, Value>, errors: &mut FieldErrors) -> Option<String> {
    let custom_id = required(object, "customIdCard", errors)?;
    if !is_ean(custom_id) {
        errors.add("customIdCard", "EAN карты: 8 или 13 цифр");
        return None;
    }
    Some(custom_id.to_owned())
}

/// `{"customIdCard", "statusCard"}`: gives the card with that EAN to the employee.
pub async fn link_card(mut call: SupCall) -> Result<Json<Value>, SupError> {
    let (custom_id, status) =
        call.fields(|object, errors| custom_id_field(object, errors).zip(status_field(object, errors)))?;
    let id_employee = &call.id("id_employee")?;
    let tenant = &call.client.tenant;
    let today = call.now.format("%Y-%m-%d").to_string();
    for _ in 0..LINK_TRIES {
        let linked = card::link_if_allowed(&mut call.db, tenant, &custom_id, id_employee, status, &today);
        if let Some(id_card) = linked.await? {
            return Ok(Json(card::link_json(id_employee, &id_card, status)));
        }
        link_refusal(&mut call.db, tenant, &custom_id, id_employee, &today).await?;
    }
    Err(SupError::CardLinkedToAnother)
}

/// How often `link_card` tries its guarded update when the reads after a refusal find nothing
/// wrong: another call changed the card in between (released it, say), and the next try decides.
const LINK_TRIES: usize = 3;

/// Why the guarded update of `link_card` changed nothing, in the module's order of checks; `Ok`
/// when the card, as read now, allows the link after all.
async fn link_refusal(
    db: &mut DbSession,
    tenant: &str,
    custom_id: &str,
    id_employee: &str,
    today: &str,
) -> Result<(), SupError> {
    if !employee::exists(db.reader().await?, tenant, id_employee).await? {
        return Err(SupError::EmployeeNotFound);
    }
    let card = card::find(db.reader().await?, tenant, CardKey::CustomId(custom_id))
        .await?
        .ok_or(SupError::CardNotFoundByCustomId)?;
    match card.id_employee.as_deref() {
        Some(holder) if holder != id_employee => return Err(SupError::CardLinkedToAnother),
        None if card.available == 0 => return Err(SupError::CardNotAvailable),
        _ => {}
    }
    if card.valid_until.as_str() < today {
        return Err(SupError::CardExpired);
    }
    Ok(())
}

/// `{"idCard", "statusCard"}`: a new status for a card the employee holds (same MAIN rule).
pub async fn switch_card(mut call: SupCall) -> Result<Json<Value>, SupError> {
    let (id_card, status) = call.fields(|object, errors| {
        let id_card = required(object, "idCard", errors).and_then(|raw| uuid(raw, "idCard", errors));
        id_card.zip(status_field(object, errors))
    })?;
    let id_employee = &call.id("id_employee")?;
    let tenant = &call.client.tenant;
    let mut tx = call.db.begin().await?;
    if !employee::exists(&mut *tx, tenant, id_employee).await? {
        return Err(SupError::EmployeeNotFound);
    }
    let card = card::find(&mut *tx, tenant, CardKey::Id(&id_card))
        .await?
        .ok_or(SupError::CardNotFoundById)?;
    if card.id_employee.as_deref() != Some(id_employee) {
        return Err(SupError::CardNotLinkedToEmployee);
    }
    card::set_link(&mut *tx, tenant, &id_card, id_employee, status).await?;
    tx.commit().await?;
    Ok(Json(json!({ "data": card::link_json(id_employee, &id_card, status) })))
}

/// The card with its dates and the employee holding it.
pub async fn get_card(mut call: SupCall) -> Result<Json<Value>, SupError> {
    call.check()?;
    let id_card = &call.id("id_card")?;
    let tenant = &call.client.tenant;
    let card = card::find(call.db.reader().await?, tenant, CardKey::Id(id_card))
        .await?
        .ok_or(SupError::CardNotFoundById)?;
    let holder = match &card.id_employee {
        Some(id) => employee::find(call.db.reader().await?, tenant, id).await?,
        None => None,
    };
    Ok(Json(
        json!({ "data": card.to_json(holder.map(|employee| employee.to_json()))? }),
    ))
}
