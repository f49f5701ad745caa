//! The partners' places as stored (the API's form: `wire::places::Place`). A place's
//! `employeeCount` counts the receivers in its partner's scope whose payment page at the place is
//! None or Confirmed.

use sqlx::{Any, Executor};

use crate::db::{Tx, UniqueIndex};
use crate::vendors::cloudtips::store::partner::Partner;

/// A partner's place names are unique ("Заведение с названием … уже существует").
pub const NAME_INDEX: UniqueIndex = UniqueIndex {
    name: "cloudtips_places_name",
    table: "cloudtips_places",
    columns: &["tenant", "partner", "name"],
};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PlaceRow {
    pub id: String,
    pub name: String,
    pub partner: String,
    pub external_place_id: Option<String>,
    pub place_type: i64,
    pub manager_id: Option<String>,
    /// A JSON array of strings.
    pub administrator_ids: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

impl PlaceRow {
    /// The administrators' ids; a stored value that is no list of strings reads as none.
    pub fn administrators(&self) -> Vec<String> {
        serde_json::from_str(&self.administrator_ids).unwrap_or_default()
    }
}

/// A place with the number of its employees, as the API lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StaffedPlace {
    #[sqlx(flatten)]
    pub place: PlaceRow,
    pub employee_count: i64,
}

const COLUMNS: &str =
    "id, name, partner, external_place_id, place_type, manager_id, administrator_ids, created_at_ms, updated_at_ms";

const STAFFED_SELECT: &str = "SELECT p.id, p.name, p.partner, p.external_place_id, p.place_type, p.manager_id, \
     p.administrator_ids, p.created_at_ms, p.updated_at_ms, \
     (SELECT COUNT(*) FROM cloudtips_layouts l JOIN cloudtips_receivers r \
        ON r.tenant = l.tenant AND r.user_id = l.user_id \
      WHERE l.tenant = p.tenant AND l.place_id = p.id AND l.status IN (0, 1) AND r.partner = p.partner) \
     AS employee_count FROM cloudtips_places p WHERE p.tenant = $1 AND p.partner = $2";

/// The partner's own place, with its name: what attach and create-many need.
pub async fn find_own<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    partner: &Partner,
    place_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM cloudtips_places WHERE tenant = $1 AND partner = $2 AND id = $3")
        .bind(&partner.tenant)
        .bind(&partner.username)
        .bind(place_id)
        .fetch_optional(executor)
        .await
}

/// The partner's places, oldest first.
pub async fn list_own<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    partner: &Partner,
) -> Result<Vec<StaffedPlace>, sqlx::Error> {
    sqlx::query_as(&format!("{STAFFED_SELECT} ORDER BY p.created_at_ms, p.id"))
        .bind(&partner.tenant)
        .bind(&partner.username)
        .fetch_all(executor)
        .await
}

pub async fn get_own<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    partner: &Partner,
    place_id: &str,
) -> Result<Option<StaffedPlace>, sqlx::Error> {
    sqlx::query_as(&format!("{STAFFED_SELECT} AND p.id = $3"))
        .bind(&partner.tenant)
        .bind(&partner.username)
        .bind(place_id)
        .fetch_optional(executor)
        .await
}

/// The partner a place belongs to, if the tenant has it.
pub async fn partner_of<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    place_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT partner FROM cloudtips_places WHERE tenant = $1 AND id = $2")
        .bind(tenant)
        .bind(place_id)
        .fetch_optional(executor)
        .await
}

/// Every place of a tenant, oldest first.
pub async fn all<'c, E: Executor<'c, Database = Any>>(executor: E, tenant: &str) -> Result<Vec<PlaceRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cloudtips_places WHERE tenant = $1 ORDER BY created_at_ms, id"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

/// Stores a place; a name the partner already uses violates [`NAME_INDEX`].
pub async fn insert(tx: &mut Tx, tenant: &str, place: &PlaceRow) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO cloudtips_places (tenant, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(tenant)
    .bind(&place.id)
    .bind(&place.name)
    .bind(&place.partner)
    .bind(&place.external_place_id)
    .bind(place.place_type)
    .bind(&place.manager_id)
    .bind(&place.administrator_ids)
    .bind(place.created_at_ms)
    .bind(place.updated_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
