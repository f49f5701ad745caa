//! `POST /v1/employee/add`, `PUT /v1/employee/{idEmployee}` and `GET /v1/employee/{idEmployee}`,
//! answered as `{"data": …}` (the employee as `wire::employees` declares it).
//!
//! `PUT` replaces the whole employee with the body (the page's example sends every field): a field
//! left out is cleared, a required one left out is a 422. An `idCategory` the tenant has no
//! category of is a 404. Checks: 401, 422, 404 employee, 404 category.

use axum::Json;

use crate::db::Tx;
use crate::vendors::sup::api::request::SupCall;
use crate::vendors::sup::store::cards;
use crate::vendors::sup::store::categories;
use crate::vendors::sup::store::employees::{self, EmployeeRow};
use crate::vendors::sup::wire::cards::HeldCard;
use crate::vendors::sup::wire::employees::{Employee, EmployeeFields, EmployeeWithCards};
use crate::vendors::sup::wire::error::SupError;
use crate::vendors::sup::wire::Data;

pub async fn add_employee(mut call: SupCall<EmployeeFields>) -> Result<Json<Data<Employee>>, SupError> {
    let employee = call.body.into_row(uuid::Uuid::new_v4().to_string());
    let mut tx = call.db.begin().await?;
    require_category(&mut tx, &call.client.tenant, &employee).await?;
    employees::insert(&mut tx, &call.client.tenant, &employee).await?;
    tx.commit().await?;
    Ok(Json(Data { data: employee.into() }))
}

pub async fn update_employee(mut call: SupCall<EmployeeFields>) -> Result<Json<Data<Employee>>, SupError> {
    let id_employee = call.id("id_employee")?;
    let employee = call.body.into_row(id_employee);
    let tenant = &call.client.tenant;
    let mut tx = call.db.begin().await?;
    if !employees::exists(&mut *tx, tenant, &employee.id_employee).await? {
        return Err(SupError::EmployeeNotFound);
    }
    require_category(&mut tx, tenant, &employee).await?;
    employees::replace(&mut tx, tenant, &employee).await?;
    tx.commit().await?;
    Ok(Json(Data { data: employee.into() }))
}

async fn require_category(tx: &mut Tx, tenant: &str, employee: &EmployeeRow) -> Result<(), SupError> {
    match &employee.id_category {
        Some(id) if !categories::exists(tx, tenant, id).await? => Err(SupError::CategoryNotFound),
        _ => Ok(()),
    }
}

/// The employee with the cards they hold.
pub async fn get_employee(mut call: SupCall) -> Result<Json<Data<EmployeeWithCards>>, SupError> {
    let id_employee = &call.id("id_employee")?;
    let tenant = &call.client.tenant;
    let employee = employees::find(call.db.reader().await?, tenant, id_employee)
        .await?
        .ok_or(SupError::EmployeeNotFound)?;
    let cards = cards::held_by(call.db.reader().await?, tenant, id_employee).await?;
    Ok(Json(Data {
        data: EmployeeWithCards {
            employee: employee.into(),
            cards: cards.iter().map(HeldCard::from).collect(),
        },
    }))
}
