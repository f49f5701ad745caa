//! `POST /v1/employee/{idEmployee}/link_card`, `POST /v1/employee/{idEmployee}/card/switch` and
//! `GET /v1/card/{idCard}` (their bodies and answers: `wire::cards`).
//!
//! Order of checks for `link_card`: 401 (token), 422 (every invalid field at once: `X-Nonce`,
//! `idEmployee`, then the body's), 404 employee, 404 card, then the 409s: card
//! linked to another employee, card not available (only for a card nobody holds), card expired
//! (`validUntil` before the tenant's date), second MAIN card. Linking the card the employee already
//! holds answers 200 with the current link, its status changed when it differs and the MAIN rule
//! allows. The invariants — one employee per card, one MAIN card per employee — are enforced by
//! the database (see `store::cards`), so concurrent calls cannot break them. `link_card` therefore is one
//! guarded `UPDATE … RETURNING` outside a transaction, whose `WHERE` holds every rule above: a link
//! costs that one statement after the token and the nonce, and keeps SQLite's one writer busy for
//! it alone. Only when it changes nothing does the call read the employee and the card, to answer
//! the first rule they break.

use axum::Json;

use crate::db::DbSession;
use crate::vendors::sup::api::request::SupCall;
use crate::vendors::sup::store::cards::{self, CardKey};
use crate::vendors::sup::store::employees;
use crate::vendors::sup::wire::cards::{CardInfo, CardLink, Ean, LinkCard, SwitchCard};
use crate::vendors::sup::wire::error::SupError;
use crate::vendors::sup::wire::Data;

/// Gives the card with that EAN to the employee.
pub async fn link_card(mut call: SupCall<LinkCard>) -> Result<Json<CardLink>, SupError> {
    let id_employee = call.id("id_employee")?;
    let LinkCard {
        custom_id_card: Ean(custom_id),
        status_card: status,
    } = call.body;
    let tenant = &call.client.tenant;
    let today = call.now.format("%Y-%m-%d").to_string();
    for _ in 0..LINK_TRIES {
        let linked = cards::link_if_allowed(&mut call.db, tenant, &custom_id, &id_employee, status, &today);
        if let Some(id_card) = linked.await? {
            return Ok(Json(CardLink {
                id_employee,
                id_card,
                status_card: status,
            }));
        }
        link_refusal(&mut call.db, tenant, &custom_id, &id_employee, &today).await?;
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
    if !employees::exists(db.reader().await?, tenant, id_employee).await? {
        return Err(SupError::EmployeeNotFound);
    }
    let card = cards::find(db.reader().await?, tenant, CardKey::CustomId(custom_id))
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

/// A new status for a card the employee holds (same MAIN rule).
pub async fn switch_card(mut call: SupCall<SwitchCard>) -> Result<Json<Data<CardLink>>, SupError> {
    let id_employee = call.id("id_employee")?;
    let id_card = call.body.id_card.to_string();
    let status = call.body.status_card;
    let tenant = &call.client.tenant;
    let mut tx = call.db.begin().await?;
    if !employees::exists(&mut *tx, tenant, &id_employee).await? {
        return Err(SupError::EmployeeNotFound);
    }
    let card = cards::find(&mut *tx, tenant, CardKey::Id(&id_card))
        .await?
        .ok_or(SupError::CardNotFoundById)?;
    if card.id_employee.as_deref() != Some(id_employee.as_str()) {
        return Err(SupError::CardNotLinkedToEmployee);
    }
    cards::set_link(&mut *tx, tenant, &id_card, &id_employee, status).await?;
    tx.commit().await?;
    Ok(Json(Data {
        data: CardLink {
            id_employee,
            id_card,
            status_card: status,
        },
    }))
}

/// The card with its dates and the employee holding it.
pub async fn get_card(mut call: SupCall) -> Result<Json<Data<CardInfo>>, SupError> {
    let id_card = &call.id("id_card")?;
    let tenant = &call.client.tenant;
    let card = cards::find(call.db.reader().await?, tenant, CardKey::Id(id_card))
        .await?
        .ok_or(SupError::CardNotFoundById)?;
    let holder = match &card.id_employee {
        Some(id) => employees::find(call.db.reader().await?, tenant, id).await?,
        None => None,
    };
    Ok(Json(Data {
        data: CardInfo::new(&card, holder.map(Into::into))?,
    }))
}
