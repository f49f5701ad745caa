//! Payment pages (layouts) as stored (the API's form: `wire::receivers::Layout`): one per receiver
//! and place, owned by the place's partner, each with a short id (`layoutId`) that a payer's link
//! carries.

use sqlx::{Any, Executor};

use crate::db::{Tx, UniqueIndex};

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
pub struct LayoutRow {
    pub id: String,
    pub short_id: String,
    pub user_id: String,
    pub place_id: String,
    /// Joined from the place for reading; not a column of the page.
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

/// The texts a partner edits with JSON Patch.
#[derive(Clone, Debug, Default)]
pub struct LayoutContent {
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub text: Option<String>,
    pub channel_url: Option<String>,
}

const LAYOUT_SELECT: &str =
    "SELECT l.id, l.short_id, l.user_id, l.place_id, p.name AS place_name, l.partner, l.status, \
     l.name, l.title, l.description, l.text, l.channel_url, l.background_id, l.external_id, l.is_default, l.disabled, \
     l.created_at_ms, l.updated_at_ms FROM cloudtips_layouts l \
     LEFT JOIN cloudtips_places p ON p.tenant = l.tenant AND p.id = l.place_id";

/// The payment pages of one receiver, oldest first.
pub async fn of_receiver<'c, E: Executor<'c, Database = Any>>(
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
pub async fn in_scope<'c, E: Executor<'c, Database = Any>>(
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
pub async fn all<'c, E: Executor<'c, Database = Any>>(
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
pub async fn find<'c, E: Executor<'c, Database = Any>>(
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

/// The receiver whose page of the partner's carries `external_id`, if any.
pub async fn external_id_holder<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    partner: &str,
    external_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT user_id FROM cloudtips_layouts WHERE tenant = $1 AND partner = $2 AND external_id = $3")
        .bind(tenant)
        .bind(partner)
        .bind(external_id)
        .fetch_optional(executor)
        .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, layout: &LayoutRow) -> Result<(), sqlx::Error> {
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

pub async fn set_content(
    tx: &mut Tx,
    tenant: &str,
    id: &str,
    content: &LayoutContent,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE cloudtips_layouts SET name = $1, title = $2, description = $3, text = $4, channel_url = $5, \
         updated_at_ms = $6 WHERE tenant = $7 AND id = $8",
    )
    .bind(&content.name)
    .bind(&content.title)
    .bind(&content.description)
    .bind(&content.text)
    .bind(&content.channel_url)
    .bind(now_ms)
    .bind(tenant)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What a receiver's payment page at a place is to become (see [`put_at_place`]).
#[derive(Clone, Copy, Debug)]
pub struct Placement<'a> {
    pub tenant: &'a str,
    /// The place's partner.
    pub partner: &'a str,
    pub user_id: &'a str,
    pub place_id: &'a str,
    pub status: LayoutStatus,
    /// The page's `externalInfo`; with `None` a page already there keeps its own.
    pub external_id: Option<&'a str>,
    /// The name a new page starts with.
    pub name: Option<&'a str>,
    /// Whether a new page becomes the receiver's default when it is its first: create-many's pages
    /// do, a page the SMS attach adds does not.
    pub first_is_default: bool,
}

/// The receiver's page at the place in the placement's status, made when there is none yet; its
/// short id. A racing call that makes the same page meets [`PLACE_INDEX`] or [`SHORT_ID_INDEX`].
pub async fn put_at_place(tx: &mut Tx, placement: Placement<'_>, now_ms: i64) -> Result<String, sqlx::Error> {
    let Placement {
        tenant,
        partner,
        user_id,
        place_id,
        status,
        external_id,
        name,
        first_is_default,
    } = placement;
    let page: Option<String> = sqlx::query_scalar(
        "SELECT short_id FROM cloudtips_layouts WHERE tenant = $1 AND user_id = $2 AND place_id = $3",
    )
    .bind(tenant)
    .bind(user_id)
    .bind(place_id)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(short_id) = page {
        sqlx::query(
            "UPDATE cloudtips_layouts SET status = $1, external_id = COALESCE($2, external_id), updated_at_ms = $3 \
             WHERE tenant = $4 AND short_id = $5",
        )
        .bind(status.code())
        .bind(external_id)
        .bind(now_ms)
        .bind(tenant)
        .bind(&short_id)
        .execute(&mut **tx)
        .await?;
        return Ok(short_id);
    }
    let is_default = first_is_default && !has_pages(tx, tenant, user_id).await?;
    let layout = LayoutRow {
        id: uuid::Uuid::new_v4().to_string(),
        short_id: new_short_id(),
        user_id: user_id.to_owned(),
        place_id: place_id.to_owned(),
        place_name: None,
        partner: partner.to_owned(),
        status: status.code(),
        name: name.map(str::to_owned),
        title: None,
        description: None,
        text: None,
        channel_url: None,
        background_id: None,
        external_id: external_id.map(str::to_owned),
        is_default: i64::from(is_default),
        disabled: 0,
        created_at_ms: now_ms,
        updated_at_ms: now_ms,
    };
    insert(tx, tenant, &layout).await?;
    Ok(layout.short_id)
}

async fn has_pages(tx: &mut Tx, tenant: &str, user_id: &str) -> Result<bool, sqlx::Error> {
    let any: Option<String> =
        sqlx::query_scalar("SELECT id FROM cloudtips_layouts WHERE tenant = $1 AND user_id = $2 LIMIT 1")
            .bind(tenant)
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(any.is_some())
}

/// A page's short id: what a payer's link carries.
pub fn new_short_id() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    id[..8].to_owned()
}
