//! The employee in storage: its row, its JSON form and its statuses.

use serde_json::{json, Value};
use sqlx::{Any, Executor};

use crate::db::Tx;

/// An employee's `status`; the first is the default.
pub const STATUSES: [&str; 2] = ["WORK", "FIRED"];

/// One row of `sup_employees`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct EmployeeRow {
    pub id_employee: String,
    pub custom_id: Option<String>,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub status: String,
}

const SELECT: &str =
    "SELECT id_employee, custom_id, surname, name, patronymic, phone, email, status FROM sup_employees WHERE tenant = $1";

impl EmployeeRow {
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

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    id_employee: &str,
) -> Result<Option<EmployeeRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} AND id_employee = $2"))
        .bind(tenant)
        .bind(id_employee)
        .fetch_optional(executor)
        .await
}

pub async fn exists(tx: &mut Tx, tenant: &str, id_employee: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id_employee FROM sup_employees WHERE tenant = $1 AND id_employee = $2")
            .bind(tenant)
            .bind(id_employee)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(found.is_some())
}

/// Every employee of the tenant, by id.
pub async fn all<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<EmployeeRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} ORDER BY id_employee"))
        .bind(tenant)
        .fetch_all(executor)
        .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, employee: &EmployeeRow) -> Result<(), sqlx::Error> {
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
