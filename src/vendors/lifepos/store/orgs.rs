//! The organization (the v6 reference pages GetOrganizationById and ListOrganization, listed in
//! docs/vendors/lifepos.md): its rules, stored row, JSON form and list. Organizations come from
//! fixtures; the API reads them (`GET /orgs`, `GET /orgs/{org}`) and changes them with a JSON Patch
//! (`PATCH /orgs/{org}`).

use serde_json::{Map, Value};
use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx, UniqueIndex};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists::{
    like_pattern, search_text, sort_key, time_or_name, ListSpec, Listed, SortValue, TIME_AND_NAME,
};
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::orgs::Organization;
use crate::vendors::lifepos::wire::render::{full, Time};

pub const TABLE: &str = "lifepos_organizations";

/// An alias names one organization of the tenant, whatever its case.
pub const ALIAS_INDEX: UniqueIndex = UniqueIndex {
    name: "lifepos_organizations_alias",
    table: TABLE,
    columns: &["tenant", "alias_lc"],
};

/// The alias an organization gets when its fixture names none: `org-` and 20 hex digits of the
/// SHA-256 of its lowercased guid (24 characters, the alias rule's most, `wire::orgs::Alias`). A hash, because a guid's
/// 32 digits do not fit and hand-written guids (`…-000000000001`, `99999999-1111-…`,
/// `99999999-2222-…`) share any part one could cut.
pub fn default_alias(guid: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(guid.to_lowercase().as_bytes());
    let hex: String = digest.iter().take(10).map(|byte| format!("{byte:02x}")).collect();
    format!("org-{hex}")
}

/// A row of `lifepos_organizations`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OrganizationRow {
    pub guid: String,
    pub name: String,
    pub alias: String,
    /// A JSON object, or NULL when the organization has no support contacts.
    pub support: Option<String>,
    /// A JSON object.
    pub extensions: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The guid of the organization's first employee with the role `Owner`, read with the row.
    pub owner_guid: Option<String>,
}

/// The row's columns; `owner_guid` is read from the organization's employees in the same query.
pub const COLUMNS: &str = "guid, name, alias, support, extensions, created_at_ms, updated_at_ms, \
    (SELECT e.guid FROM lifepos_employees e WHERE e.tenant = lifepos_organizations.tenant \
     AND e.org_guid = lifepos_organizations.guid AND e.role = 'Owner' \
     ORDER BY e.created_at_ms, e.guid LIMIT 1) AS owner_guid";

/// The stored columns alone, for the fixture export and writes.
const STORED_COLUMNS: &str = "guid, name, alias, support, extensions, created_at_ms, updated_at_ms, \
    CAST(NULL AS TEXT) AS owner_guid";

impl OrganizationRow {
    pub fn extensions_map(&self) -> Map<String, Value> {
        serde_json::from_str(&self.extensions).unwrap_or_default()
    }

    pub fn support_value(&self) -> Value {
        self.support
            .as_deref()
            .and_then(|support| serde_json::from_str(support).ok())
            .unwrap_or(Value::Null)
    }

    /// The organization as the API shows it.
    pub fn answer(&self, presentation: Presentation) -> Organization {
        Organization {
            alias: self.alias.clone(),
            created_at: full(presentation, || Time::at(self.created_at_ms)),
            deleted_at: full(presentation, || None),
            extensions: full(presentation, || self.extensions_map()),
            guid: self.guid.clone(),
            name: self.name.clone(),
            owner: full(presentation, || {
                EntityRef::optional(self.owner_guid.as_deref(), "Employee")
            }),
            support: full(presentation, || self.support_value()),
            type_of: "Organization",
            updated_at: full(presentation, || Time::at(self.updated_at_ms)),
        }
    }
}

impl Listed for OrganizationRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        time_or_name(column, self.created_at_ms, self.updated_at_ms, &self.name)
    }
}

/// `GET /orgs`: the organizations a credential reaches, which is its own one, so the list is
/// scoped by the organization's own guid.
pub const LIST: ListSpec = ListSpec {
    kind: "organizations",
    table: TABLE,
    scope: "guid",
    columns: COLUMNS,
    orders: TIME_AND_NAME,
    default_order: "created_at_asc",
    archivable: false,
    search: search_name_or_alias,
    condition: "",
    parent: None,
    filters: &[],
};

/// `query` matches any part of the name or of the alias (the page also names `meta` and
/// `metadata`, which the emulator's organizations do not have).
fn search_name_or_alias(search: &str, sql: &mut SqlBuilder) {
    let pattern = like_pattern(search);
    sql.push(" AND (name_lc LIKE ")
        .bind(Bind::Text(pattern.clone()))
        .push(" ESCAPE '\\' OR alias_lc LIKE ")
        .bind(Bind::Text(pattern))
        .push(" ESCAPE '\\')");
}

pub async fn insert(tx: &mut Tx, tenant: &str, org: &OrganizationRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_organizations (tenant, guid, name, name_lc, name_key, alias, alias_lc, support, \
         extensions, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(tenant)
    .bind(&org.guid)
    .bind(&org.name)
    .bind(search_text(Some(&org.name)))
    .bind(sort_key(Some(&org.name)))
    .bind(&org.alias)
    .bind(org.alias.to_lowercase())
    .bind(&org.support)
    .bind(&org.extensions)
    .bind(org.created_at_ms)
    .bind(org.updated_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes every field a JSON Patch can change.
pub async fn update(tx: &mut Tx, tenant: &str, org: &OrganizationRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE lifepos_organizations SET name = $3, name_lc = $4, name_key = $5, alias = $6, alias_lc = $7, \
         support = $8, extensions = $9, updated_at_ms = $10 WHERE tenant = $1 AND guid = $2",
    )
    .bind(tenant)
    .bind(&org.guid)
    .bind(&org.name)
    .bind(search_text(Some(&org.name)))
    .bind(sort_key(Some(&org.name)))
    .bind(&org.alias)
    .bind(org.alias.to_lowercase())
    .bind(&org.support)
    .bind(&org.extensions)
    .bind(org.updated_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The organization with its owner.
/// Waits for this transaction's turn among the organization's numbering writes (a new workplace,
/// a loaded sale): a no-op update locks its row until commit on PostgreSQL (SQLite's write
/// transactions are serial anyway), so a `MAX(number)` read after it includes every number
/// committed before, and concurrent writers never pick the same next number.
pub async fn take_numbering_turn(tx: &mut Tx, tenant: &str, org: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE lifepos_organizations SET guid = guid WHERE tenant = $1 AND guid = $2")
        .bind(tenant)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    guid: &str,
) -> Result<Option<OrganizationRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {TABLE} WHERE tenant = $1 AND guid = $2"
    ))
    .bind(tenant)
    .bind(guid)
    .fetch_optional(executor)
    .await
}

/// Every organization of the tenant, oldest first, for the fixture export (without owners:
/// the export names roles on the employees).
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<OrganizationRow>, sqlx::Error> {
    store::all_of_tenant(executor, TABLE, STORED_COLUMNS, "created_at_ms, guid", tenant).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::lifepos::wire::first_problem;
    use crate::vendors::lifepos::wire::orgs::Alias;

    #[test]
    fn aliases_follow_the_page_rule() {
        let is_alias = |alias: &str| first_problem::<Alias>(&Value::from(alias)).is_none();
        for good in ["ab", "coffee_on-mira", "A1", &"x".repeat(24)] {
            assert!(is_alias(good), "{good}");
        }
        for bad in ["a", "кофе", "a b", "a.b", &"x".repeat(25)] {
            assert!(!is_alias(bad), "{bad}");
        }
        assert!(is_alias(&default_alias("0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01")));
        assert_eq!(
            default_alias("0B4F4A3E-5D1C-4C7A-9A39-1F6B8F2A7C01"),
            default_alias("0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01")
        );
        assert_eq!(
            default_alias("8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a41"),
            "org-f473169d91f82e3e702f"
        );
        for (one, other) in [
            (
                "00000000-0000-4000-8000-000000000001",
                "00000000-0000-4000-8000-000000000002",
            ),
            (
                "99999999-1111-4333-8444-555555555555",
                "99999999-2222-4333-8444-555555555555",
            ),
        ] {
            assert_ne!(default_alias(one), default_alias(other));
        }
    }
}
