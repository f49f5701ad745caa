//! The employee in storage: its row and its statements.

use sqlx::{Any, Executor};

use crate::db::Tx;

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
    pub id_category: Option<String>,
}

const SELECT: &str = "SELECT id_employee, custom_id, surname, name, patronymic, phone, email, status, id_category \
     FROM sup_employees WHERE tenant = $1";

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

pub async fn exists<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    id_employee: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id_employee FROM sup_employees WHERE tenant = $1 AND id_employee = $2")
            .bind(tenant)
            .bind(id_employee)
            .fetch_optional(executor)
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
        "INSERT INTO sup_employees (tenant, id_employee, custom_id, surname, name, patronymic, phone, email, status, \
         id_category) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
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
    .bind(&employee.id_category)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Replaces every field of a stored employee but its id; whether the tenant has that employee.
pub async fn replace(tx: &mut Tx, tenant: &str, employee: &EmployeeRow) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE sup_employees SET custom_id = $3, surname = $4, name = $5, patronymic = $6, phone = $7, email = $8, \
         status = $9, id_category = $10 WHERE tenant = $1 AND id_employee = $2",
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
    .bind(&employee.id_category)
    .execute(&mut **tx)
    .await?;
    Ok(updated.rows_affected() == 1)
}
