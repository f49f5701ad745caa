//! The loyalty card in storage: its statuses, its row, and the link to the employee holding it.
//!
//! The invariants — one employee per card, one MAIN card per employee — are the database's: a
//! card's holder is a column of its own row, changed by a conditional update, and a partial unique
//! index allows one MAIN card per employee, so concurrent calls cannot break them.

use sqlx::{Any, Executor};

use crate::db::{DbSession, Tx, UniqueIndex};
use crate::vendors::sup::wire::cards::CardStatus;
use crate::vendors::sup::wire::error::SupError;
use crate::vendors::sup::wire::limits::{self, Limit};

/// An EAN is one card's in the tenant.
pub const CUSTOM_ID_INDEX: UniqueIndex = UniqueIndex {
    name: "sup_cards_custom_id_card",
    table: "sup_cards",
    columns: &["tenant", "custom_id_card"],
};

/// One MAIN card per employee (a partial index: only rows whose `status_card` is `MAIN`).
pub const MAIN_INDEX: UniqueIndex = UniqueIndex {
    name: "sup_cards_main",
    table: "sup_cards",
    columns: &["tenant", "id_employee"],
};

/// One row of `sup_cards`.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CardRow {
    pub id_card: String,
    pub custom_id_card: String,
    /// 0 or 1.
    pub available: i64,
    /// `YYYY-MM-DD`, the last day the card is valid.
    pub valid_until: String,
    pub id_employee: Option<String>,
    /// A [`CardStatus`] name; set exactly when `id_employee` is.
    pub status_card: Option<String>,
    /// The card's `type`.
    pub card_type: String,
    pub balance_kopecks: i64,
    /// When the balance last changed (`balanceAccount.updateAt`); `None`: never.
    pub balance_updated_at_ms: Option<i64>,
    /// The [`Limit`] the last `setlimitscards` set, as JSON; `None`: none set.
    pub limits: Option<String>,
}

const SELECT: &str = "SELECT id_card, custom_id_card, available, valid_until, id_employee, status_card, card_type, \
     balance_kopecks, balance_updated_at_ms, limits FROM sup_cards WHERE tenant = $1";

/// How a call names a card: by its id or by its EAN.
#[derive(Clone, Copy, Debug)]
pub enum CardKey<'a> {
    Id(&'a str),
    CustomId(&'a str),
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    key: CardKey<'_>,
) -> Result<Option<CardRow>, sqlx::Error> {
    let (column, value) = match key {
        CardKey::Id(id_card) => ("id_card", id_card),
        CardKey::CustomId(custom_id_card) => ("custom_id_card", custom_id_card),
    };
    sqlx::query_as(&format!("{SELECT} AND {column} = $2"))
        .bind(tenant)
        .bind(value)
        .fetch_optional(executor)
        .await
}

/// The cards an employee holds, by EAN.
pub async fn held_by<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    id_employee: &str,
) -> Result<Vec<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} AND id_employee = $2 ORDER BY custom_id_card"))
        .bind(tenant)
        .bind(id_employee)
        .fetch_all(executor)
        .await
}

/// Every card of the tenant, by EAN.
pub async fn all<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<Vec<CardRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} ORDER BY custom_id_card"))
        .bind(tenant)
        .fetch_all(executor)
        .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, card: &CardRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sup_cards (tenant, id_card, custom_id_card, available, valid_until, id_employee, status_card, \
         card_type, balance_kopecks, balance_updated_at_ms, limits) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(tenant)
    .bind(&card.id_card)
    .bind(&card.custom_id_card)
    .bind(card.available)
    .bind(&card.valid_until)
    .bind(&card.id_employee)
    .bind(&card.status_card)
    .bind(&card.card_type)
    .bind(card.balance_kopecks)
    .bind(card.balance_updated_at_ms)
    .bind(&card.limits)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets the limits of one card; whether the tenant has that card.
pub async fn set_limits(tx: &mut Tx, tenant: &str, id_card: &str, limit: &Limit) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query("UPDATE sup_cards SET limits = $3 WHERE tenant = $1 AND id_card = $2")
        .bind(tenant)
        .bind(id_card)
        .bind(limits::to_stored(limit))
        .execute(&mut **tx)
        .await?;
    Ok(updated.rows_affected() == 1)
}

/// Kopecks as the rubles a JSON answer gives (`1050` → `10.5`).
pub fn kopecks_to_rubles(kopecks: i64) -> f64 {
    kopecks as f64 / 100.0
}

/// Rubles as stored: whole kopecks, rounded.
pub fn rubles_to_kopecks(rubles: f64) -> Option<i64> {
    let kopecks = (rubles * 100.0).round();
    (kopecks.is_finite() && kopecks.abs() < 9.0e15).then_some(kopecks as i64)
}

/// Gives the card to the employee with `status`, unless someone else got it first.
pub async fn set_link<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    id_card: &str,
    id_employee: &str,
    status: CardStatus,
) -> Result<(), SupError> {
    let updated = sqlx::query(
        "UPDATE sup_cards SET id_employee = $3, status_card = $4 \
         WHERE tenant = $1 AND id_card = $2 AND (id_employee IS NULL OR id_employee = $3)",
    )
    .bind(tenant)
    .bind(id_card)
    .bind(id_employee)
    .bind(status.name())
    .execute(executor)
    .await;
    match updated.map_err(link_error)? {
        result if result.rows_affected() == 1 => Ok(()),
        _ => Err(SupError::CardLinkedToAnother),
    }
}

/// A link's write failed: the partial index's refusal of a second MAIN card, or the database's.
fn link_error(err: sqlx::Error) -> SupError {
    if MAIN_INDEX.violated_by(&err) {
        SupError::EmployeeHasMainCard
    } else {
        err.into()
    }
}

/// Gives the card with EAN `custom_id` to the employee with `status` in one statement, when every
/// rule of `link_card` allows it: the employee exists, the card is theirs already or nobody's and
/// available, and it is valid on `today` (`YYYY-MM-DD`). The card's id, or `None` when a rule
/// refused it (the caller reads why); a second MAIN card is the partial index's refusal.
pub async fn link_if_allowed(
    db: &mut DbSession,
    tenant: &str,
    custom_id: &str,
    id_employee: &str,
    status: CardStatus,
    today: &str,
) -> Result<Option<String>, SupError> {
    let linked = sqlx::query_scalar::<_, String>(
        "UPDATE sup_cards SET id_employee = $3, status_card = $4 \
         WHERE tenant = $1 AND custom_id_card = $2 \
         AND (id_employee = $3 OR (id_employee IS NULL AND available <> 0)) AND valid_until >= $5 \
         AND EXISTS (SELECT 1 FROM sup_employees WHERE tenant = $1 AND id_employee = $3) \
         RETURNING id_card",
    )
    .bind(tenant.to_owned())
    .bind(custom_id.to_owned())
    .bind(id_employee.to_owned())
    .bind(status.name())
    .bind(today.to_owned());
    db.write(move |conn| Box::pin(linked.fetch_optional(conn)))
        .await
        .map_err(link_error)
}
