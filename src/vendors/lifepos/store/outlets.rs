//! The outlet (the v6 reference pages CreateOutlet and GetOutletById, listed in docs/vendors/lifepos.md):
//! its stored row and JSON form.

use serde_json::{Map, Value};
use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists::{
    like_pattern, search_text, sort_key, time_or_name, ListSpec, Listed, SortValue, TIME_AND_NAME,
};
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::outlets::Outlet;
use crate::vendors::lifepos::wire::render::{full, Stamps};

pub const TABLE: &str = "lifepos_outlets";

/// A row of `lifepos_outlets`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OutletRow {
    pub guid: String,
    pub org_guid: String,
    pub name: String,
    pub address: Option<String>,
    pub legal_entity_guid: Option<String>,
    pub brand_guid: Option<String>,
    /// A JSON object.
    pub extensions: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

pub const COLUMNS: &str =
    "guid, org_guid, name, address, legal_entity_guid, brand_guid, extensions, created_at_ms, updated_at_ms";

impl OutletRow {
    /// The outlet as the API shows it.
    pub fn answer(&self, presentation: Presentation) -> Outlet {
        let stamps = Stamps::of(presentation, &self.org_guid, self.created_at_ms, self.updated_at_ms);
        Outlet {
            address: self.address.clone(),
            brand: full(presentation, || {
                EntityRef::optional(self.brand_guid.as_deref(), "Brand")
            }),
            created_at: stamps.created_at,
            extensions: full(presentation, || {
                serde_json::from_str::<Map<String, Value>>(&self.extensions).unwrap_or_default()
            }),
            guid: self.guid.clone(),
            legal_entity: EntityRef::optional(self.legal_entity_guid.as_deref(), "LegalEntity"),
            name: self.name.clone(),
            organization: stamps.organization,
            type_of: "Outlet",
            updated_at: stamps.updated_at,
        }
    }
}

impl Listed for OutletRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        time_or_name(column, self.created_at_ms, self.updated_at_ms, &self.name)
    }
}

pub const LIST: ListSpec = ListSpec {
    kind: "outlets",
    table: TABLE,
    scope: "org_guid",
    columns: COLUMNS,
    orders: TIME_AND_NAME,
    default_order: "created_at_asc",
    archivable: false,
    search: search_name,
    condition: "",
    parent: None,
    filters: &[],
};

/// `query` matches any part of the name.
fn search_name(search: &str, sql: &mut SqlBuilder) {
    sql.push(" AND name_lc LIKE ")
        .bind(Bind::Text(like_pattern(search)))
        .push(" ESCAPE '\\'");
}

pub async fn insert(tx: &mut Tx, tenant: &str, outlet: &OutletRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_outlets (tenant, guid, org_guid, name, name_lc, name_key, address, legal_entity_guid, \
         brand_guid, extensions, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(tenant)
    .bind(&outlet.guid)
    .bind(&outlet.org_guid)
    .bind(&outlet.name)
    .bind(search_text(Some(&outlet.name)))
    .bind(sort_key(Some(&outlet.name)))
    .bind(&outlet.address)
    .bind(&outlet.legal_entity_guid)
    .bind(&outlet.brand_guid)
    .bind(&outlet.extensions)
    .bind(outlet.created_at_ms)
    .bind(outlet.updated_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    org: &str,
    guid: &str,
) -> Result<Option<OutletRow>, sqlx::Error> {
    store::find_in_org(executor, TABLE, COLUMNS, tenant, org, guid).await
}

/// Every outlet of the tenant, oldest first, for the fixture export.
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<OutletRow>, sqlx::Error> {
    store::all_of_tenant(executor, TABLE, COLUMNS, "created_at_ms, guid", tenant).await
}
