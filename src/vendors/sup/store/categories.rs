//! Employee categories in storage (`POST /v1/category`; an employee's `idCategory` names one).

use sqlx::{Any, Executor};

use crate::db::Tx;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct CategoryRow {
    pub id_category: String,
    pub name_category: String,
}

pub async fn exists(tx: &mut Tx, tenant: &str, id_category: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT id_category FROM sup_categories WHERE tenant = $1 AND id_category = $2")
            .bind(tenant)
            .bind(id_category)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(found.is_some())
}

/// Every category of the tenant, by id.
pub async fn all<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<CategoryRow>, sqlx::Error> {
    sqlx::query_as("SELECT id_category, name_category FROM sup_categories WHERE tenant = $1 ORDER BY id_category")
        .bind(tenant)
        .fetch_all(executor)
        .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, category: &CategoryRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sup_categories (tenant, id_category, name_category) VALUES ($1, $2, $3)")
        .bind(tenant)
        .bind(&category.id_category)
        .bind(&category.name_category)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
