//! Receivers as stored (the API's form: `wire::receivers::Receiver`). A receiver exists once per phone number in a
//! tenant; `partner` is the agent whose scope holds it (none: `NULL`).

use chrono::{DateTime, Utc};
use sqlx::{Any, Executor};

use crate::db::{Tx, UniqueIndex};
use crate::platform::clock::to_ms;
use crate::vendors::cloudtips::store::partner::Partner;

/// A phone is one receiver of the tenant.
pub const PHONE_INDEX: UniqueIndex = UniqueIndex {
    name: "cloudtips_receivers_phone",
    table: "cloudtips_receivers",
    columns: &["tenant", "phone"],
};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ReceiverRow {
    pub user_id: String,
    pub phone: String,
    pub name: String,
    pub email: Option<String>,
    pub partner: Option<String>,
    pub receiver_type: i64,
    pub payout_method: i64,
    pub phone_confirmed: i64,
    pub photo_id: Option<String>,
    pub photo_content_type: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// The columns of a [`ReceiverRow`]; the photo's bytes are read only where they are served.
const RECEIVER_COLUMNS: &str = "user_id, phone, name, email, partner, receiver_type, payout_method, \
     phone_confirmed, photo_id, photo_content_type, created_at_ms, updated_at_ms";

/// A receiver in the partner's scope.
pub async fn find_in_scope<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    partner: &Partner,
    user_id: &str,
) -> Result<Option<ReceiverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers WHERE tenant = $1 AND user_id = $2 AND partner = $3"
    ))
    .bind(&partner.tenant)
    .bind(user_id)
    .bind(&partner.username)
    .fetch_optional(executor)
    .await
}

/// The receiver with this user id, whoever's scope holds it (the receiver's own API).
pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    user_id: &str,
) -> Result<Option<ReceiverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers WHERE tenant = $1 AND user_id = $2"
    ))
    .bind(tenant)
    .bind(user_id)
    .fetch_optional(executor)
    .await
}

/// Every receiver in the partner's scope, oldest first.
pub async fn all_in_scope<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    partner: &Partner,
) -> Result<Vec<ReceiverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers WHERE tenant = $1 AND partner = $2 \
         ORDER BY created_at_ms, user_id"
    ))
    .bind(&partner.tenant)
    .bind(&partner.username)
    .fetch_all(executor)
    .await
}

/// Every receiver of a tenant (for the state export), oldest first.
pub async fn all<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<ReceiverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers WHERE tenant = $1 ORDER BY created_at_ms, user_id"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

/// The receiver with this phone number, whoever's scope holds it.
pub async fn find_by_phone<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    phone: &str,
) -> Result<Option<ReceiverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers WHERE tenant = $1 AND phone = $2"
    ))
    .bind(tenant)
    .bind(phone)
    .fetch_optional(executor)
    .await
}

/// A receiver the partner may attach at the place: one in its scope, or one with a page waiting
/// at the place.
pub async fn attachable<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    partner: &Partner,
    place_id: &str,
    user_id: &str,
) -> Result<Option<ReceiverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers r WHERE r.tenant = $1 AND r.user_id = $2 \
         AND (r.partner = $3 OR EXISTS (SELECT 1 FROM cloudtips_layouts l \
              WHERE l.tenant = r.tenant AND l.user_id = r.user_id AND l.place_id = $4))"
    ))
    .bind(&partner.tenant)
    .bind(user_id)
    .bind(&partner.username)
    .bind(place_id)
    .fetch_optional(executor)
    .await
}

/// A new receiver, with its photo's bytes (base64) when it has one.
pub async fn insert(
    tx: &mut Tx,
    tenant: &str,
    receiver: &ReceiverRow,
    photo_base64: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO cloudtips_receivers (tenant, {RECEIVER_COLUMNS}, photo_base64) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(tenant)
    .bind(&receiver.user_id)
    .bind(&receiver.phone)
    .bind(&receiver.name)
    .bind(&receiver.email)
    .bind(&receiver.partner)
    .bind(receiver.receiver_type)
    .bind(receiver.payout_method)
    .bind(receiver.phone_confirmed)
    .bind(&receiver.photo_id)
    .bind(&receiver.photo_content_type)
    .bind(receiver.created_at_ms)
    .bind(receiver.updated_at_ms)
    .bind(photo_base64)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A statement of the `Any` driver with its values bound so far.
pub type AnyQuery<'q> = sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>;

/// Which receiver's row a change is to, and when it happens (its new `updated_at_ms`).
#[derive(Clone, Copy, Debug)]
pub struct Edit<'a> {
    pub tenant: &'a str,
    pub user_id: &'a str,
    pub now_ms: i64,
}

impl<'a> Edit<'a> {
    /// A change the partner makes to a receiver in its scope.
    pub fn by(partner: &'a Partner, user_id: &'a str, now: DateTime<Utc>) -> Edit<'a> {
        Edit {
            tenant: &partner.tenant,
            user_id,
            now_ms: to_ms(now),
        }
    }
}

/// Changes one receiver's row. In `sql`, `$1`, `$2` and `$3` are the edit's `updated_at_ms`, tenant
/// and user id; `values` binds the placeholders from `$4` on.
pub async fn change<'q>(
    tx: &mut Tx,
    edit: Edit<'q>,
    sql: &'q str,
    values: impl FnOnce(AnyQuery<'q>) -> AnyQuery<'q>,
) -> Result<(), sqlx::Error> {
    values(sqlx::query(sql).bind(edit.now_ms).bind(edit.tenant).bind(edit.user_id))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What `PATCH /api/receivers/{userId}` changes.
pub async fn set_profile(tx: &mut Tx, edit: Edit<'_>, name: &str, email: Option<&str>) -> Result<(), sqlx::Error> {
    let sql =
        "UPDATE cloudtips_receivers SET name = $4, email = $5, updated_at_ms = $1 WHERE tenant = $2 AND user_id = $3";
    change(tx, edit, sql, |query| query.bind(name).bind(email)).await
}

pub async fn set_payout_method(tx: &mut Tx, edit: Edit<'_>, method: i64) -> Result<(), sqlx::Error> {
    let sql =
        "UPDATE cloudtips_receivers SET payout_method = $4, updated_at_ms = $1 WHERE tenant = $2 AND user_id = $3";
    change(tx, edit, sql, |query| query.bind(method)).await
}

/// The receiver leaves every partner's scope.
pub async fn detach(tx: &mut Tx, edit: Edit<'_>) -> Result<(), sqlx::Error> {
    let sql = "UPDATE cloudtips_receivers SET partner = NULL, updated_at_ms = $1 WHERE tenant = $2 AND user_id = $3";
    change(tx, edit, sql, |query| query).await
}

/// The receiver joins the partner's scope, its phone number confirmed by the attach code.
pub async fn attach(tx: &mut Tx, edit: Edit<'_>, partner: &str) -> Result<(), sqlx::Error> {
    let sql = "UPDATE cloudtips_receivers SET partner = $4, phone_confirmed = 1, updated_at_ms = $1 \
               WHERE tenant = $2 AND user_id = $3";
    change(tx, edit, sql, |query| query.bind(partner)).await
}
