//! The receiver's cards: `GET /api/cards` (a list in `data`: the default first, then newest first)
//! and `DELETE /api/cards`, whose `cardToken` is read from the query string or from a JSON body
//! (the `cloudtips` package sends `{"cardToken": …}`). A token the receiver does not have is a 404
//! "Карта не найдена"; removing the default card makes the newest remaining one the default.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde_json::Value;

use crate::state::AppState;
use crate::vendors::cloudtips::account::Me;
use crate::vendors::cloudtips::card;
use crate::vendors::cloudtips::error::{succeed, succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::request::{fold_pairs, json_object, optional_string, pair};

/// `GET /api/cards`.
pub async fn list_cards(State(app): State<AppState>, me: Me) -> ApiResult {
    let cards = card::of_receiver(app.db.pool(), &me.tenant, &me.user_id).await?;
    Ok(succeed(cards.iter().map(card::render).collect::<Vec<Value>>()))
}

/// The card token of `?cardToken=` or of the body's `cardToken`.
fn card_token(query: Vec<(String, String)>, body: &Bytes) -> Result<String, CloudtipsError> {
    let required = || CloudtipsError::invalid_field("cardToken", "Поле обязательно для заполнения");
    let query = fold_pairs(query);
    if let Some(token) = pair(&query, "cardtoken").filter(|token| !token.trim().is_empty()) {
        return Ok(token.trim().to_owned());
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(required());
    }
    let object = json_object(body)?;
    match optional_string(&object, "cardtoken") {
        Ok(Some(token)) if !token.trim().is_empty() => Ok(token.trim().to_owned()),
        Ok(_) => Err(required()),
        Err(problem) => Err(CloudtipsError::invalid_field("cardToken", problem)),
    }
}

/// `DELETE /api/cards?cardToken=…` (or with `{"cardToken": …}`).
pub async fn delete_card(
    State(app): State<AppState>,
    me: Me,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: Bytes,
) -> ApiResult {
    let Query(pairs) =
        query.map_err(|err| CloudtipsError::invalid_field("query", format!("Некорректные параметры: {err}")))?;
    let token = card_token(pairs, &body)?;
    let mut tx = app.db.begin().await?;
    if !card::remove(&mut tx, &me.tenant, &me.user_id, &token).await? {
        return Err(CloudtipsError::CardNotFound);
    }
    tx.commit().await?;
    Ok(succeed_empty())
}
