//! `POST /v1/category` → **201** `{"nameCategory", "idCategory"}` (see `wire::categories`).

use axum::http::StatusCode;
use axum::Json;

use crate::vendors::sup::api::request::SupCall;
use crate::vendors::sup::store::categories::{self, CategoryRow};
use crate::vendors::sup::wire::categories::{Category, NewCategory};
use crate::vendors::sup::wire::error::SupError;

pub async fn create_category(mut call: SupCall<NewCategory>) -> Result<(StatusCode, Json<Category>), SupError> {
    let row = CategoryRow {
        id_category: uuid::Uuid::new_v4().to_string(),
        name_category: call.body.name_category,
    };
    let mut tx = call.db.begin().await?;
    categories::insert(&mut tx, &call.client.tenant, &row).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(row.into())))
}
