//! Receivers and their payment pages (layouts) as stored, and as the API shows them.

use serde_json::{json, Value};
use sqlx::{Any, Executor};

use crate::db::UniqueIndex;
use crate::platform::clock::{from_ms, rfc3339};

/// A phone is one receiver of the tenant.
pub const PHONE_INDEX: UniqueIndex = UniqueIndex {
    name: "cloudtips_receivers_phone",
    table: "cloudtips_receivers",
    columns: &["tenant", "phone"],
};

/// Payment-page short ids are unique in the tenant.
pub const SHORT_ID_INDEX: UniqueIndex = UniqueIndex {
    name: "cloudtips_layouts_short_id",
    table: "cloudtips_layouts",
    columns: &["tenant", "short_id"],
};

/// A receiver has one payment page per place.
pub const PLACE_INDEX: UniqueIndex = UniqueIndex {
    name: "cloudtips_layouts_place",
    table: "cloudtips_layouts",
    columns: &["tenant", "user_id", "place_id"],
};

/// A partner's `externalId` names one payment page.
pub const EXTERNAL_ID_INDEX: UniqueIndex = UniqueIndex {
    name: "cloudtips_layouts_external_id",
    table: "cloudtips_layouts",
    columns: &["tenant", "partner", "external_id"],
};

/// Whether a payment page may be shown to payers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayoutStatus {
    None = 0,
    Confirmed = 1,
    WaitingForConfirmation = 2,
    Declined = 3,
}

impl LayoutStatus {
    pub fn from_code(code: i64) -> Option<LayoutStatus> {
        match code {
            0 => Some(LayoutStatus::None),
            1 => Some(LayoutStatus::Confirmed),
            2 => Some(LayoutStatus::WaitingForConfirmation),
            3 => Some(LayoutStatus::Declined),
            _ => None,
        }
    }

    pub fn code(self) -> i64 {
        self as i64
    }

    /// A page in this status makes its receiver one of the place's employees.
    pub fn attaches(self) -> bool {
        matches!(self, LayoutStatus::None | LayoutStatus::Confirmed)
    }
}

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

pub const RECEIVER_COLUMNS: &str = "user_id, phone, name, email, partner, receiver_type, payout_method, \
     phone_confirmed, photo_id, photo_content_type, created_at_ms, updated_at_ms";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct LayoutRow {
    pub id: String,
    pub short_id: String,
    pub user_id: String,
    pub place_id: String,
    pub place_name: Option<String>,
    pub partner: String,
    pub status: i64,
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub text: Option<String>,
    pub channel_url: Option<String>,
    pub background_id: Option<String>,
    pub external_id: Option<String>,
    pub is_default: i64,
    pub disabled: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

const LAYOUT_SELECT: &str =
    "SELECT l.id, l.short_id, l.user_id, l.place_id, p.name AS place_name, l.partner, l.status, \
     l.name, l.title, l.description, l.text, l.channel_url, l.background_id, l.external_id, l.is_default, l.disabled, \
     l.created_at_ms, l.updated_at_ms FROM cloudtips_layouts l \
     LEFT JOIN cloudtips_places p ON p.tenant = l.tenant AND p.id = l.place_id";

/// A receiver in the partner's scope.
pub async fn find_in_scope<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    partner: &str,
    user_id: &str,
) -> Result<Option<ReceiverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers WHERE tenant = $1 AND user_id = $2 AND partner = $3"
    ))
    .bind(tenant)
    .bind(user_id)
    .bind(partner)
    .fetch_optional(executor)
    .await
}

/// Every receiver in the partner's scope, oldest first.
pub async fn all_in_scope<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    partner: &str,
) -> Result<Vec<ReceiverRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers WHERE tenant = $1 AND partner = $2 \
         ORDER BY created_at_ms, user_id"
    ))
    .bind(tenant)
    .bind(partner)
    .fetch_all(executor)
    .await
}

/// The payment pages of one receiver, oldest first.
pub async fn layouts_of<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    user_id: &str,
) -> Result<Vec<LayoutRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{LAYOUT_SELECT} WHERE l.tenant = $1 AND l.user_id = $2 ORDER BY l.created_at_ms, l.id"
    ))
    .bind(tenant)
    .bind(user_id)
    .fetch_all(executor)
    .await
}

/// The payment pages of every receiver in the partner's scope, oldest first.
pub async fn layouts_in_scope<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    partner: &str,
) -> Result<Vec<LayoutRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{LAYOUT_SELECT} JOIN cloudtips_receivers r ON r.tenant = l.tenant AND r.user_id = l.user_id \
         WHERE l.tenant = $1 AND r.partner = $2 ORDER BY l.created_at_ms, l.id"
    ))
    .bind(tenant)
    .bind(partner)
    .fetch_all(executor)
    .await
}

/// Every payment page of a tenant (for the state export), oldest first.
pub async fn all_layouts<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<LayoutRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{LAYOUT_SELECT} WHERE l.tenant = $1 ORDER BY l.created_at_ms, l.id"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

/// One payment page by its short id (`layoutId`) or its id.
pub async fn find_layout<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    layout_id: &str,
) -> Result<Option<LayoutRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{LAYOUT_SELECT} WHERE l.tenant = $1 AND (l.short_id = $2 OR l.id = $2)"
    ))
    .bind(tenant)
    .bind(layout_id)
    .fetch_optional(executor)
    .await
}

/// A page's short id: what a payer's link carries.
pub fn new_short_id() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    id[..8].to_owned()
}

pub fn render_layout(layout: &LayoutRow) -> Value {
    json!({
        "id": layout.id,
        "layoutId": layout.short_id,
        "shortId": layout.short_id,
        "layoutStatus": layout.status,
        "default": layout.is_default != 0,
        "disabled": layout.disabled != 0,
        "name": layout.name,
        "title": layout.title,
        "description": layout.description,
        "text": layout.text,
        "workInfo": { "channelUrl": layout.channel_url },
        "backgroundId": layout.background_id,
        "placeId": layout.place_id,
        "placeName": layout.place_name,
        "userId": layout.user_id,
        "externalInfo": layout.external_id,
        "createdDate": rfc3339(from_ms(layout.created_at_ms)),
        "updatedDate": rfc3339(from_ms(layout.updated_at_ms)),
    })
}

/// A receiver as `GET /api/receivers` lists it; `photo_url` is where its photo is served.
pub fn render_receiver(receiver: &ReceiverRow, layouts: &[&LayoutRow], photo_url: Option<String>) -> Value {
    json!({
        "userId": receiver.user_id,
        "phoneNumber": receiver.phone,
        "email": receiver.email,
        "fullName": receiver.name,
        "type": receiver.receiver_type,
        "layouts": layouts.iter().map(|layout| render_layout(layout)).collect::<Vec<_>>(),
        "manager": null,
        "photoId": receiver.photo_id,
        "photoUrl": photo_url,
        "cardFirstSix": null,
        "cardLastFour": null,
        "cardExpDate": null,
        "payoutMethod": receiver.payout_method,
        "lockoutEnd": null,
        "phoneNumberConfirmed": receiver.phone_confirmed != 0,
        "createdDate": rfc3339(from_ms(receiver.created_at_ms)),
        "updatedDate": rfc3339(from_ms(receiver.updated_at_ms)),
    })
}

pub async fn insert_receiver(
    tx: &mut crate::db::Tx,
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

pub async fn insert_layout(tx: &mut crate::db::Tx, tenant: &str, layout: &LayoutRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO cloudtips_layouts (tenant, id, short_id, user_id, place_id, partner, status, name, title, \
         description, text, channel_url, background_id, external_id, is_default, disabled, created_at_ms, updated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(tenant)
    .bind(&layout.id)
    .bind(&layout.short_id)
    .bind(&layout.user_id)
    .bind(&layout.place_id)
    .bind(&layout.partner)
    .bind(layout.status)
    .bind(&layout.name)
    .bind(&layout.title)
    .bind(&layout.description)
    .bind(&layout.text)
    .bind(&layout.channel_url)
    .bind(&layout.background_id)
    .bind(&layout.external_id)
    .bind(layout.is_default)
    .bind(layout.disabled)
    .bind(layout.created_at_ms)
    .bind(layout.updated_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
