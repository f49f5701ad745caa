//! The partners' places as stored, and as the API shows them. A place's `employeeCount` counts the
//! receivers in its partner's scope whose payment page at the place is None or Confirmed.

use serde_json::{json, Value};
use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::platform::clock::{from_ms, rfc3339};
use crate::vendors::cloudtips::partner::Partner;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PlaceRow {
    pub id: String,
    pub name: String,
    pub partner: String,
    pub created_at_ms: i64,
}

/// A place with the number of its employees, as the API lists it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StaffedPlace {
    #[sqlx(flatten)]
    pub place: PlaceRow,
    pub employee_count: i64,
}

const STAFFED_SELECT: &str = "SELECT p.id, p.name, p.partner, p.created_at_ms, \
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
    sqlx::query_as(
        "SELECT id, name, partner, created_at_ms FROM cloudtips_places WHERE tenant = $1 ORDER BY created_at_ms, id",
    )
    .bind(tenant)
    .fetch_all(executor)
    .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, place: &PlaceRow) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO cloudtips_places (tenant, id, name, partner, created_at_ms) VALUES ($1, $2, $3, $4, $5)")
        .bind(tenant)
        .bind(&place.id)
        .bind(&place.name)
        .bind(&place.partner)
        .bind(place.created_at_ms)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub fn render(staffed: &StaffedPlace) -> Value {
    json!({
        "id": staffed.place.id,
        "name": staffed.place.name,
        "createdDate": rfc3339(from_ms(staffed.place.created_at_ms)),
        "employeeCount": staffed.employee_count,
    })
}
