//! `POST /v1/employee/add` and `GET /v1/employee/{idEmployee}`, answered as `{"data": …}`.
//!
//! An employee: `idEmployee` (assigned), `customId`, `surname` and `name` (required), `patronymic`,
//! `phone` (10 digits, as in `9123456789`), `email`, `status` (`WORK` by default, or `FIRED`); the
//! answer of `GET` adds the employee's `cards` (`idCard`, `customIdCard`, `statusCard`, `dateUntil`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

use crate::db::Tx;
use crate::state::AppState;
use crate::vendors::sup::auth::SupClient;
use crate::vendors::sup::cards::{path_uuid, CardRecord, CARD_COLUMNS};
use crate::vendors::sup::error::{FieldErrors, SupError};
use crate::vendors::sup::request::{optional_string, read_body, required_string, take_nonce};

pub const STATUSES: [&str; 2] = ["WORK", "FIRED"];

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct EmployeeRecord {
    pub id_employee: String,
    pub custom_id: Option<String>,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub status: String,
}

pub const EMPLOYEE_COLUMNS: &str = "id_employee, custom_id, surname, name, patronymic, phone, email, status";

impl EmployeeRecord {
    pub fn to_json(&self) -> Value {
        json!({
            "idEmployee": self.id_employee,
            "customId": self.custom_id,
            "surname": self.surname,
            "name": self.name,
            "patronymic": self.patronymic,
            "phone": self.phone,
            "email": self.email,
            "status": self.status,
        })
    }
}

pub fn is_phone(phone: &str) -> bool {
    phone.len() == 10 && phone.bytes().all(|b| b.is_ascii_digit())
}

pub fn is_email(email: &str) -> bool {
    matches!(email.split_once('@'), Some((user, domain)) if !user.is_empty() && domain.contains('.') && !email.contains(' '))
}

pub async fn employee_exists(tx: &mut Tx, tenant: &str, id_employee: &str) -> Result<bool, sqlx::Error> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT id_employee FROM sup_employees WHERE tenant = $1 AND id_employee = $2")
            .bind(tenant)
            .bind(id_employee)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(found.is_some())
}

pub async fn insert(tx: &mut Tx, tenant: &str, employee: &EmployeeRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sup_employees (tenant, id_employee, custom_id, surname, name, patronymic, phone, email, status) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant)
    .bind(&employee.id_employee)
    .bind(&employee.custom_id)
    .bind(&employee.surname)
    .bind(&employee.name)
    .bind(&employee.patronymic)
    .bind(&employee.phone)
    .bind(&employee.email)
    .bind(&employee.status)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn add_employee(
    State(app): State<AppState>,
    client: SupClient,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Value>, SupError> {
    let mut errors = FieldErrors::default();
    let nonce = take_nonce(&app, &client, &headers, &mut errors).await?;
    let mut employee = None;
    if let Some(object) = read_body(&client, nonce.as_deref(), &body, &mut errors) {
        let mut text = |field: &str, required: bool| -> Option<String> {
            if required {
                required_string(&object, field)
                    .map(str::to_owned)
                    .map_err(|why| errors.add(field, why))
                    .ok()
            } else {
                optional_string(&object, field)
                    .map_err(|why| errors.add(field, why))
                    .ok()
                    .flatten()
            }
        };
        let (custom_id, surname, name, patronymic) = (
            text("customId", false),
            text("surname", true),
            text("name", true),
            text("patronymic", false),
        );
        let (phone, email, status) = (text("phone", false), text("email", false), text("status", false));
        if phone.as_deref().is_some_and(|phone| !is_phone(phone)) {
            errors.add("phone", "Телефон: 10 цифр без кода страны");
        }
        if email.as_deref().is_some_and(|email| !is_email(email)) {
            errors.add("email", "Некорректный адрес электронной почты");
        }
        let status = status.unwrap_or_else(|| STATUSES[0].to_owned());
        if !STATUSES.contains(&status.as_str()) {
            errors.add("status", format!("Допустимые значения: {}", STATUSES.join(", ")));
        }
        employee = surname.zip(name).map(|(surname, name)| EmployeeRecord {
            id_employee: uuid::Uuid::new_v4().to_string(),
            custom_id,
            surname,
            name,
            patronymic,
            phone,
            email,
            status,
        });
    }
    errors.into_result()?;
    let employee = employee.ok_or(SupError::Internal)?;
    let mut tx = app.db.begin().await?;
    insert(&mut tx, &client.tenant, &employee).await?;
    tx.commit().await?;
    Ok(Json(json!({ "data": employee.to_json() })))
}

pub async fn get_employee(
    State(app): State<AppState>,
    client: SupClient,
    Path(id_employee): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, SupError> {
    let mut errors = FieldErrors::default();
    take_nonce(&app, &client, &headers, &mut errors).await?;
    let id_employee = path_uuid(&id_employee, "idEmployee", &mut errors);
    errors.into_result()?;
    let id_employee = id_employee.ok_or(SupError::Internal)?;
    let employee = find(&app, &client.tenant, &id_employee)
        .await?
        .ok_or(SupError::EmployeeNotFound)?;
    let cards: Vec<CardRecord> = sqlx::query_as(&format!(
        "SELECT {CARD_COLUMNS} FROM sup_cards WHERE tenant = $1 AND id_employee = $2 ORDER BY custom_id_card"
    ))
    .bind(&client.tenant)
    .bind(&id_employee)
    .fetch_all(app.db.pool())
    .await?;
    let mut body = employee.to_json();
    body["cards"] = cards
        .iter()
        .map(|card| {
            json!({ "idCard": card.id_card, "customIdCard": card.custom_id_card,
                    "statusCard": card.status_card, "dateUntil": card.valid_until })
        })
        .collect();
    Ok(Json(json!({ "data": body })))
}

pub async fn find(app: &AppState, tenant: &str, id_employee: &str) -> Result<Option<EmployeeRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {EMPLOYEE_COLUMNS} FROM sup_employees WHERE tenant = $1 AND id_employee = $2"
    ))
    .bind(tenant)
    .bind(id_employee)
    .fetch_optional(app.db.pool())
    .await
}
