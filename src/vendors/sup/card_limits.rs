//! `POST /v1/setlimitscards`: `{"data": [{"idCard"}, …], "limit": {…}}` gives every listed card
//! the same limits (see `limits.rs` for how `limit` is read).
//!
//! The page calls this a request for a change ("запрос на изменение") and is cut before its
//! answer; the emulator applies it at once, all cards or none: a card the tenant does not have is
//! 404 "Карта с таким idCard не найдена" and changes nothing. The answer is 200
//! `{"data": [{"idCard", "limit"}, …]}`, one entry per card as listed (a card listed twice once);
//! `GET /v1/card/{idCard}` shows the limits as `limit`. One call's limit reaches all its cards or
//! none, also under concurrent calls (one transaction, rows written in a fixed order).

use axum::Json;
use serde_json::{json, Map, Value};

use crate::platform::wire::FieldErrors;
use crate::vendors::sup::card;
use crate::vendors::sup::error::SupError;
use crate::vendors::sup::limits::{read_limit, Limit};
use crate::vendors::sup::request::SupCall;
use crate::vendors::sup::validate::uuid;
use crate::vendors::sup::wire::words::REQUIRED;

/// How many cards one call may list.
pub const MAX_CARDS: usize = 1000;

fn card_ids(object: &Map<String, Value>, errors: &mut FieldErrors) -> Option<Vec<String>> {
    let items = match object.get("data") {
        Some(Value::Array(items)) if !items.is_empty() && items.len() <= MAX_CARDS => items,
        _ => {
            errors.add(
                "data",
                format!("Список карт: от 1 до {MAX_CARDS} объектов {{\"idCard\"}}"),
            );
            return None;
        }
    };
    let mut ids: Vec<String> = Vec::with_capacity(items.len());
    let mut valid = true;
    for (i, item) in items.iter().enumerate() {
        let field = format!("data[{i}].idCard");
        match item.get("idCard").and_then(Value::as_str) {
            Some(raw) => match uuid(raw, &field, errors) {
                Some(id) if !ids.contains(&id) => ids.push(id),
                Some(_) => {}
                None => valid = false,
            },
            None => {
                errors.add(&field, REQUIRED);
                valid = false;
            }
        }
    }
    valid.then_some(ids)
}

pub async fn set_limits_cards(mut call: SupCall) -> Result<Json<Value>, SupError> {
    let (ids, limit): (Vec<String>, Limit) = call.fields(|object, errors| {
        let ids = card_ids(object, errors);
        ids.zip(read_limit(object, "limit", errors))
    })?;
    let tenant = &call.client.tenant;
    // Rows are written in one order whatever order the call lists them in, so concurrent calls
    // naming the same cards wait for each other instead of deadlocking.
    let mut in_order: Vec<&String> = ids.iter().collect();
    in_order.sort();
    let mut tx = call.db.begin().await?;
    for id in in_order {
        if !card::set_limits(&mut tx, tenant, id, &limit).await? {
            return Err(SupError::CardNotFoundById);
        }
    }
    tx.commit().await?;
    let data: Vec<Value> = ids.iter().map(|id| json!({ "idCard": id, "limit": limit })).collect();
    Ok(Json(json!({ "data": data })))
}
