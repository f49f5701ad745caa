//! `POST /v1/employee/{idEmployee}/link_card`, `POST /v1/employee/{idEmployee}/card/switch` and
//! `GET /v1/card/{idCard}`.
//!
//! Order of checks for `link_card`: 401 (token), 422 (every invalid field at once: `idEmployee`,
//! `customIdCard`, `statusCard`, `X-Nonce`, `body`), 404 employee, 404 card, then the 409s: card
//! linked to another employee, card not available (only for a card nobody holds), card expired
//! (`validUntil` before the tenant's date), second MAIN card. Linking the card the employee already
//! holds answers 200 with the current link, its status changed when it differs and the MAIN rule
//! allows. The invariants — one employee per card, one MAIN card per employee — are enforced by
//! the database (a conditional update and a partial unique index), so concurrent calls cannot
//! break them.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Map, Value};
use sqlx::{Any, Executor};
use uuid::Uuid;

use crate::db::{is_unique_violation, Tx};
use crate::platform::clock;
use crate::state::AppState;
use crate::vendors::sup::auth::SupClient;
use crate::vendors::sup::card::{is_ean, CardStatus};
use crate::vendors::sup::employees::{self, employee_exists};
use crate::vendors::sup::error::{FieldErrors, SupError};
use crate::vendors::sup::request::{read_body, required_string, take_nonce};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CardRecord {
    pub id_card: String,
    pub custom_id_card: String,
    pub available: i64,
    pub valid_until: String,
    pub id_employee: Option<String>,
    pub status_card: Option<String>,
}

pub const CARD_COLUMNS: &str = "id_card, custom_id_card, available, valid_until, id_employee, status_card";

/// The link as the document answers it.
fn link(id_employee: &str, id_card: &str, status: CardStatus) -> Value {
    json!({ "idEmployee": id_employee, "idCard": id_card, "statusCard": status.name() })
}

/// A UUID from the path, or why not.
pub fn path_uuid(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let parsed = Uuid::parse_str(raw).ok().map(|id| id.to_string());
    if parsed.is_none() {
        errors.add(field, "Значение должно быть UUID");
    }
    parsed
}

fn status_field(object: &Map<String, Value>, errors: &mut FieldErrors) -> Option<CardStatus> {
    let status = required_string(object, "statusCard")
        .map_err(|why| errors.add("statusCard", why))
        .ok()?;
    let parsed = CardStatus::from_name(status);
    if parsed.is_none() {
        errors.add("statusCard", format!("Допустимые значения: {}", CardStatus::allowed()));
    }
    parsed
}

pub async fn link_card(
    State(app): State<AppState>,
    client: SupClient,
    Path(id_employee): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, SupError> {
    let mut errors = FieldErrors::default();
    let nonce = take_nonce(&app, &client, &headers, &mut errors).await?;
    let id_employee = path_uuid(&id_employee, "idEmployee", &mut errors);
    let mut request = None;
    if let Some(object) = read_body(&client, nonce.as_deref(), &body, &mut errors) {
        let custom_id = match required_string(&object, "customIdCard") {
            Ok(value) if is_ean(value) => Some(value.to_owned()),
            Ok(_) => {
                errors.add("customIdCard", "EAN карты: 8 или 13 цифр");
                None
            }
            Err(why) => {
                errors.add("customIdCard", why);
                None
            }
        };
        request = custom_id.zip(status_field(&object, &mut errors));
    }
    errors.into_result()?;
    let (Some(id_employee), Some((custom_id, status))) = (id_employee, request) else {
        return Err(SupError::Internal);
    };

    let mut tx = app.db.begin().await?;
    if !employee_exists(&mut tx, &client.tenant, &id_employee).await? {
        return Err(SupError::EmployeeNotFound);
    }
    let card: CardRecord = sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM sup_cards WHERE tenant = $1 AND custom_id_card = $2"
    ))
    .bind(&client.tenant)
    .bind(&custom_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(SupError::CardNotFoundByCustomId)?;
    match card.id_employee.as_deref() {
        Some(holder) if holder != id_employee => return Err(SupError::CardLinkedToAnother),
        None if card.available == 0 => return Err(SupError::CardNotAvailable),
        _ => {}
    }
    let today = clock::now(&mut *tx, &client.tenant)
        .await?
        .format("%Y-%m-%d")
        .to_string();
    if card.valid_until < today {
        return Err(SupError::CardExpired);
    }
    set_link(&mut tx, &client.tenant, &card.id_card, &id_employee, status).await?;
    tx.commit().await?;
    Ok(Json(link(&id_employee, &card.id_card, status)))
}

/// Gives the card to the employee with `status`, unless someone else got it first.
async fn set_link(
    tx: &mut Tx,
    tenant: &str,
    id_card: &str,
    id_employee: &str,
    status: CardStatus,
) -> Result<(), SupError> {
    let updated = sqlx::query(
        "UPDATE sup_cards SET id_employee = $3, status_card = $4 \
         WHERE tenant = $1 AND id_card = $2 AND (id_employee IS NULL OR id_employee = $3)",
    )
    .bind(tenant)
    .bind(id_card)
    .bind(id_employee)
    .bind(status.name())
    .execute(&mut **tx)
    .await;
    match updated {
        Ok(result) if result.rows_affected() == 1 => Ok(()),
        Ok(_) => Err(SupError::CardLinkedToAnother),
        // The only unique index an update of these columns can hit: one MAIN card per employee.
        Err(err) if is_unique_violation(&err) => Err(SupError::EmployeeHasMainCard),
        Err(err) => Err(err.into()),
    }
}

/// `{"idCard", "statusCard"}`: a new status for a card the employee holds (same MAIN rule).
pub async fn switch_card(
    State(app): State<AppState>,
    client: SupClient,
    Path(id_employee): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, SupError> {
    let mut errors = FieldErrors::default();
    let nonce = take_nonce(&app, &client, &headers, &mut errors).await?;
    let id_employee = path_uuid(&id_employee, "idEmployee", &mut errors);
    let mut request = None;
    if let Some(object) = read_body(&client, nonce.as_deref(), &body, &mut errors) {
        let id_card = match required_string(&object, "idCard") {
            Ok(raw) => path_uuid(raw, "idCard", &mut errors),
            Err(why) => {
                errors.add("idCard", why);
                None
            }
        };
        request = id_card.zip(status_field(&object, &mut errors));
    }
    errors.into_result()?;
    let (Some(id_employee), Some((id_card, status))) = (id_employee, request) else {
        return Err(SupError::Internal);
    };
    let mut tx = app.db.begin().await?;
    if !employee_exists(&mut tx, &client.tenant, &id_employee).await? {
        return Err(SupError::EmployeeNotFound);
    }
    let card = find_card(&mut *tx, &client.tenant, &id_card)
        .await?
        .ok_or(SupError::CardNotFoundById)?;
    if card.id_employee.as_deref() != Some(id_employee.as_str()) {
        return Err(SupError::CardNotLinkedToEmployee);
    }
    set_link(&mut tx, &client.tenant, &id_card, &id_employee, status).await?;
    tx.commit().await?;
    Ok(Json(json!({ "data": link(&id_employee, &id_card, status) })))
}

async fn find_card<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    id_card: &str,
) -> Result<Option<CardRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM sup_cards WHERE tenant = $1 AND id_card = $2"
    ))
    .bind(tenant)
    .bind(id_card)
    .fetch_optional(executor)
    .await
}

/// The card with its dates and the employee holding it.
pub async fn get_card(
    State(app): State<AppState>,
    client: SupClient,
    Path(id_card): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, SupError> {
    let mut errors = FieldErrors::default();
    take_nonce(&app, &client, &headers, &mut errors).await?;
    let id_card = path_uuid(&id_card, "idCard", &mut errors);
    errors.into_result()?;
    let id_card = id_card.ok_or(SupError::Internal)?;
    let card = find_card(app.db.pool(), &client.tenant, &id_card)
        .await?
        .ok_or(SupError::CardNotFoundById)?;
    let holder = match &card.id_employee {
        Some(id) => employees::find(&app, &client.tenant, id).await?,
        None => None,
    };
    Ok(Json(json!({ "data": {
        "idCard": card.id_card,
        "customCardId": card.custom_id_card,
        "statusCard": card.status_card,
        "dateUntil": card.valid_until,
        "available": card.available != 0,
        "employee": holder.map(|employee| employee.to_json()),
    }})))
}
