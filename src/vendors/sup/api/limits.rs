//! `POST /v1/setlimitscards`: `{"data": [{"idCard"}, …], "limit": {…}}` gives every listed card
//! the same limits (see `wire::limits` for what it takes).
//!
//! The page calls this a request for a change ("запрос на изменение") and is cut before its
//! answer; the emulator applies it at once, all cards or none: a card the tenant does not have is
//! 404 "Карта с таким idCard не найдена" and changes nothing. The answer is 200
//! `{"data": [{"idCard", "limit"}, …]}`, one entry per card as listed (a card listed twice once);
//! `GET /v1/card/{idCard}` shows the limits as `limit`. One call's limit reaches all its cards or
//! none, also under concurrent calls (one transaction, rows written in a fixed order).

use std::collections::HashSet;

use axum::Json;

use crate::vendors::sup::api::request::SupCall;
use crate::vendors::sup::store::cards;
use crate::vendors::sup::wire::error::SupError;
use crate::vendors::sup::wire::limits::{CardLimit, SetLimits};
use crate::vendors::sup::wire::Data;

pub async fn set_limits_cards(mut call: SupCall<SetLimits>) -> Result<Json<Data<Vec<CardLimit>>>, SupError> {
    let SetLimits { data, limit } = call.body;
    limit.refusals("limit").into_result()?;
    // A card listed twice is answered once, where it is first listed.
    let mut seen = HashSet::with_capacity(data.len());
    let ids: Vec<String> = data
        .into_iter()
        .map(|card| card.id_card.to_string())
        .filter(|id| seen.insert(id.clone()))
        .collect();
    let tenant = &call.client.tenant;
    // Rows are written in one order whatever order the call lists them in, so concurrent calls
    // naming the same cards wait for each other instead of deadlocking.
    let mut in_order: Vec<&String> = ids.iter().collect();
    in_order.sort();
    let mut tx = call.db.begin().await?;
    for id in in_order {
        if !cards::set_limits(&mut tx, tenant, id, &limit).await? {
            return Err(SupError::CardNotFoundById);
        }
    }
    tx.commit().await?;
    let data = ids
        .into_iter()
        .map(|id_card| CardLimit {
            id_card,
            limit: limit.clone(),
        })
        .collect();
    Ok(Json(Data { data }))
}
