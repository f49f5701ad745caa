//! `POST /v1/employee/add` and `GET /v1/employee/{idEmployee}`, answered as `{"data": …}`.
//!
//! An employee: `idEmployee` (assigned), `customId`, `surname` and `name` (required), `patronymic`,
//! `phone` (10 digits, as in `9123456789`), `email`, `status` (`WORK` by default, or `FIRED`); the
//! answer of `GET` adds the employee's `cards` (`idCard`, `customIdCard`, `statusCard`, `dateUntil`).

use axum::Json;
use serde_json::{json, Map, Value};

use crate::vendors::sup::card::{self, CardRow};
use crate::vendors::sup::employee::{self, EmployeeRow, STATUSES};
use crate::vendors::sup::error::{FieldErrors, SupError};
use crate::vendors::sup::request::SupCall;
use crate::vendors::sup::validate::{is_email, is_phone, optional, required};

pub async fn add_employee(mut call: SupCall) -> Result<Json<Value>, SupError> {
    let employee = call.fields(new_employee)?;
    let mut tx = call.app.db.begin().await?;
    employee::insert(&mut tx, &call.client.tenant, &employee).await?;
    tx.commit().await?;
    Ok(Json(json!({ "data": employee.to_json() })))
}

/// The employee a body describes, with a new id; every invalid field recorded.
fn new_employee(object: &Map<String, Value>, errors: &mut FieldErrors) -> Option<EmployeeRow> {
    let (custom_id, surname, name, patronymic) = (
        optional(object, "customId", errors),
        required(object, "surname", errors),
        required(object, "name", errors),
        optional(object, "patronymic", errors),
    );
    let (phone, email, status) = (
        optional(object, "phone", errors),
        optional(object, "email", errors),
        optional(object, "status", errors),
    );
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
    let (surname, name) = surname.zip(name)?;
    Some(EmployeeRow {
        id_employee: uuid::Uuid::new_v4().to_string(),
        custom_id,
        surname: surname.to_owned(),
        name: name.to_owned(),
        patronymic,
        phone,
        email,
        status,
    })
}

/// The employee with the cards they hold.
pub async fn get_employee(mut call: SupCall) -> Result<Json<Value>, SupError> {
    call.check()?;
    let id_employee = call.id("id_employee")?;
    let (pool, tenant) = (call.app.db.pool(), &call.client.tenant);
    let employee = employee::find(pool, tenant, id_employee)
        .await?
        .ok_or(SupError::EmployeeNotFound)?;
    let cards = card::held_by(pool, tenant, id_employee).await?;
    let mut body = employee.to_json();
    body["cards"] = cards.iter().map(CardRow::to_held_json).collect();
    Ok(Json(json!({ "data": body })))
}
