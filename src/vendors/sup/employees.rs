//! `POST /v1/employee/add`, `PUT /v1/employee/{idEmployee}` and `GET /v1/employee/{idEmployee}`,
//! answered as `{"data": …}`.
//!
//! An employee: `idEmployee` (assigned), `customId` (up to 64 Latin letters, digits, `-` or `_`:
//! the page is cut after "Длина 64 символа, допустимые значения строчные и заг…"), `surname` and
//! `name` (required), `patronymic`, `phone` (10 digits, as in `9123456789`), `email`, `idCategory`
//! (a category of `POST /v1/category`; an unknown one is a 404), `status` (`WORK` by default, or
//! `FIRED`). The answers show `phone` as a JSON number, as the page's example does; `GET` adds the
//! employee's `cards` (`idCard`, `customIdCard`, `statusCard`, `dateUntil`).
//!
//! `PUT` replaces the whole employee with the body (the page's example sends every field): a field
//! left out is cleared, a required one left out is a 422. Checks: 401, 422, 404 employee, 404
//! category.

use axum::Json;
use serde_json::{json, Map, Value};

use crate::db::Tx;
use crate::platform::wire::FieldErrors;
use crate::vendors::sup::card::{self, CardRow};
use crate::vendors::sup::category;
use crate::vendors::sup::employee::{self, EmployeeRow, STATUSES};
use crate::vendors::sup::error::SupError;
use crate::vendors::sup::request::SupCall;
use crate::vendors::sup::validate::{is_custom_id, is_email, is_phone, optional, required, uuid};

pub async fn add_employee(mut call: SupCall) -> Result<Json<Value>, SupError> {
    let mut employee = call.fields(employee_fields)?;
    employee.id_employee = uuid::Uuid::new_v4().to_string();
    let mut tx = call.db.begin().await?;
    require_category(&mut tx, &call.client.tenant, &employee).await?;
    employee::insert(&mut tx, &call.client.tenant, &employee).await?;
    tx.commit().await?;
    Ok(Json(json!({ "data": employee.to_json() })))
}

pub async fn update_employee(mut call: SupCall) -> Result<Json<Value>, SupError> {
    let mut employee = call.fields(employee_fields)?;
    employee.id_employee = call.id("id_employee")?;
    let tenant = &call.client.tenant;
    let mut tx = call.db.begin().await?;
    if !employee::exists(&mut *tx, tenant, &employee.id_employee).await? {
        return Err(SupError::EmployeeNotFound);
    }
    require_category(&mut tx, tenant, &employee).await?;
    employee::replace(&mut tx, tenant, &employee).await?;
    tx.commit().await?;
    Ok(Json(json!({ "data": employee.to_json() })))
}

async fn require_category(tx: &mut Tx, tenant: &str, employee: &EmployeeRow) -> Result<(), SupError> {
    match &employee.id_category {
        Some(id) if !category::exists(tx, tenant, id).await? => Err(SupError::CategoryNotFound),
        _ => Ok(()),
    }
}

/// The employee a body describes, without its id yet; every invalid field recorded.
fn employee_fields(object: &Map<String, Value>, errors: &mut FieldErrors) -> Option<EmployeeRow> {
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
    if custom_id.as_deref().is_some_and(|custom_id| !is_custom_id(custom_id)) {
        errors.add(
            "customId",
            "Идентификатор: до 64 символов — латинские буквы, цифры, «-» и «_»",
        );
    }
    if phone.as_deref().is_some_and(|phone| !is_phone(phone)) {
        errors.add("phone", "Телефон: 10 цифр без кода страны");
    }
    if email.as_deref().is_some_and(|email| !is_email(email)) {
        errors.add("email", "Некорректный адрес электронной почты");
    }
    let id_category = optional(object, "idCategory", errors).and_then(|raw| uuid(&raw, "idCategory", errors));
    let status = status.unwrap_or_else(|| STATUSES[0].to_owned());
    if !STATUSES.contains(&status.as_str()) {
        errors.add("status", format!("Допустимые значения: {}", STATUSES.join(", ")));
    }
    let (surname, name) = surname.zip(name)?;
    Some(EmployeeRow {
        id_employee: String::new(),
        custom_id,
        surname: surname.to_owned(),
        name: name.to_owned(),
        patronymic,
        phone,
        email,
        status,
        id_category,
    })
}

/// The employee with the cards they hold.
pub async fn get_employee(mut call: SupCall) -> Result<Json<Value>, SupError> {
    call.check()?;
    let id_employee = &call.id("id_employee")?;
    let tenant = &call.client.tenant;
    let employee = employee::find(call.db.reader().await?, tenant, id_employee)
        .await?
        .ok_or(SupError::EmployeeNotFound)?;
    let cards = card::held_by(call.db.reader().await?, tenant, id_employee).await?;
    let mut body = employee.to_json();
    body["cards"] = cards.iter().map(CardRow::to_held_json).collect();
    Ok(Json(json!({ "data": body })))
}
