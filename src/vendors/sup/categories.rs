//! `POST /v1/category` with `{"nameCategory"}` → **201** `{"nameCategory", "idCategory"}`
//! (unwrapped, as the page answers). The page is cut before the name's limits: the emulator takes
//! a non-blank name of up to 255 characters, kept as sent; names need not be unique.

use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;

use crate::vendors::sup::category::{self, CategoryRow};
use crate::vendors::sup::error::SupError;
use crate::vendors::sup::request::SupCall;
use crate::vendors::sup::validate::required;

pub const NAME_CHARS: usize = 255;

pub async fn create_category(mut call: SupCall) -> Result<(StatusCode, Json<Value>), SupError> {
    let name = call.fields(|object, errors| {
        let name = required(object, "nameCategory", errors)?;
        if name.chars().count() > NAME_CHARS {
            errors.add(
                "nameCategory",
                format!("Наименование: не длиннее {NAME_CHARS} символов"),
            );
            return None;
        }
        Some(name.to_owned())
    })?;
    let row = CategoryRow {
        id_category: uuid::Uuid::new_v4().to_string(),
        name_category: name,
    };
    let mut tx = call.db.begin().await?;
    category::insert(&mut tx, &call.client.tenant, &row).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(row.to_json())))
}
