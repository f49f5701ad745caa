//! Cards a receiver has linked, as stored (the API's form: `wire::own::Card`). A receiver has at
//! most one default card (a unique index); removing it makes the newest remaining card the default.

use sqlx::{Any, Executor};

use crate::db::Tx;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct CardRow {
    pub token: String,
    pub user_id: String,
    pub first_six: String,
    pub last_four: String,
    pub card_type: String,
    /// `MM/YY`.
    pub expiration_date: String,
    pub issuer_code: String,
    pub is_default: i64,
    pub commission_hint: String,
    pub created_at_ms: i64,
}

const COLUMNS: &str = "token, user_id, first_six, last_four, card_type, expiration_date, issuer_code, \
     is_default, commission_hint, created_at_ms";

/// The receiver's cards, the default first, then newest first.
pub async fn of_receiver<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    user_id: &str,
) -> Result<Vec<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cloudtips_cards WHERE tenant = $1 AND user_id = $2 \
         ORDER BY is_default DESC, created_at_ms DESC, token"
    ))
    .bind(tenant)
    .bind(user_id)
    .fetch_all(executor)
    .await
}

/// The default cards of the receivers in a partner's scope (the partner API's `cardFirstSix`…).
pub async fn defaults_in_scope<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    partner: &str,
) -> Result<Vec<CardRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.token, c.user_id, c.first_six, c.last_four, c.card_type, c.expiration_date, c.issuer_code, \
         c.is_default, c.commission_hint, c.created_at_ms FROM cloudtips_cards c \
         JOIN cloudtips_receivers r ON r.tenant = c.tenant AND r.user_id = c.user_id \
         WHERE c.tenant = $1 AND r.partner = $2 AND c.is_default = 1",
    )
    .bind(tenant)
    .bind(partner)
    .fetch_all(executor)
    .await
}

/// The receiver's default card, if it has one.
pub async fn default_of<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    user_id: &str,
) -> Result<Option<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cloudtips_cards WHERE tenant = $1 AND user_id = $2 AND is_default = 1"
    ))
    .bind(tenant)
    .bind(user_id)
    .fetch_optional(executor)
    .await
}

/// Every card of a tenant (for the state export), by receiver, oldest first.
pub async fn all<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<Vec<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cloudtips_cards WHERE tenant = $1 ORDER BY user_id, created_at_ms, token"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, card: &CardRow) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO cloudtips_cards (tenant, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(tenant)
    .bind(&card.token)
    .bind(&card.user_id)
    .bind(&card.first_six)
    .bind(&card.last_four)
    .bind(&card.card_type)
    .bind(&card.expiration_date)
    .bind(&card.issuer_code)
    .bind(card.is_default)
    .bind(&card.commission_hint)
    .bind(card.created_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Removes the receiver's card; whether it had one with this token. When it was the default, the
/// newest remaining card becomes the default, in the same transaction.
pub async fn remove(tx: &mut Tx, tenant: &str, user_id: &str, token: &str) -> Result<bool, sqlx::Error> {
    let removed = sqlx::query("DELETE FROM cloudtips_cards WHERE tenant = $1 AND user_id = $2 AND token = $3")
        .bind(tenant)
        .bind(user_id)
        .bind(token)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if removed == 0 {
        return Ok(false);
    }
    sqlx::query(
        "UPDATE cloudtips_cards SET is_default = 1 WHERE tenant = $1 AND user_id = $2 AND token = \
         (SELECT token FROM cloudtips_cards WHERE tenant = $3 AND user_id = $4 \
          ORDER BY created_at_ms DESC, token LIMIT 1) \
         AND NOT EXISTS (SELECT 1 FROM cloudtips_cards WHERE tenant = $5 AND user_id = $6 AND is_default = 1)",
    )
    .bind(tenant)
    .bind(user_id)
    .bind(tenant)
    .bind(user_id)
    .bind(tenant)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}
