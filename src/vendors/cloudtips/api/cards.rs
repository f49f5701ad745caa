//! The receiver's cards: `GET /api/cards` (a list in `data`: the default first, then newest first)
//! and `DELETE /api/cards`, whose `cardToken` is read from the query string or from a JSON body
//! (the `cloudtips` package sends `{"cardToken": …}`). A token the receiver does not have is a 404
//! "Карта не найдена"; removing the default card makes the newest remaining one the default.

use axum::body::Bytes;
use axum::extract::State;

use crate::state::AppState;
use crate::vendors::cloudtips::api::binding::{self, Query};
use crate::vendors::cloudtips::store::account::Me;
use crate::vendors::cloudtips::store::card;
use crate::vendors::cloudtips::wire::error::{succeed, succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::wire::own::{Card, CardToken};
use crate::vendors::cloudtips::wire::words::REQUIRED;

/// `GET /api/cards`.
pub async fn list_cards(State(app): State<AppState>, me: Me) -> ApiResult {
    let cards = card::of_receiver(app.db.pool(), &me.tenant, &me.user_id).await?;
    Ok(succeed(cards.iter().map(Card::from).collect::<Vec<_>>()))
}

/// The card token of `?cardToken=` or, without one, of the body's `cardToken`: that one of the
/// two names a card is a rule across the query and the body, which no schema states.
fn card_token(query: CardToken, body: &Bytes) -> Result<String, CloudtipsError> {
    let given = |token: Option<String>| {
        token
            .map(|token| token.trim().to_owned())
            .filter(|token| !token.is_empty())
    };
    if let Some(token) = given(query.card_token) {
        return Ok(token);
    }
    let in_body = if body.iter().all(u8::is_ascii_whitespace) {
        CardToken::default()
    } else {
        binding::read(binding::document::<CardToken>(body)?)?
    };
    given(in_body.card_token).ok_or_else(|| CloudtipsError::invalid_field("cardToken", REQUIRED))
}

/// `DELETE /api/cards?cardToken=…` (or with `{"cardToken": …}`).
pub async fn delete_card(
    State(app): State<AppState>,
    me: Me,
    Query(query): Query<CardToken>,
    body: Bytes,
) -> ApiResult {
    let token = card_token(query, &body)?;
    let mut tx = app.db.begin().await?;
    if !card::remove(&mut tx, &me.tenant, &me.user_id, &token).await? {
        return Err(CloudtipsError::CardNotFound);
    }
    tx.commit().await?;
    Ok(succeed_empty())
}
