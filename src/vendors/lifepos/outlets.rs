//! Outlets: `GET /orgs/{org}/outlets` (paginated, `search` by name), `GET …/{guid}`, `POST` with
//! `name` (1–128, required) and `address` (optional, ≤ 256).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};
use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx};
use crate::platform::clock::{self, to_ms};
use crate::state::AppState;
use crate::vendors::lifepos::access::{entity_guid, ListQuery, OrgAccess};
use crate::vendors::lifepos::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::pagination::{
    self, like_pattern, search_text, sort_key, ListSpec, Listed, Presentation, SortColumn, SortValue,
};
use crate::vendors::lifepos::render::{entity_ref, time};
use crate::vendors::lifepos::request::{json_object, optional_string, required_string};
use crate::vendors::lifepos::store;

const MAX_NAME_LEN: usize = 128;
const MAX_ADDRESS_LEN: usize = 256;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OutletRecord {
    pub guid: String,
    pub org_guid: String,
    pub name: String,
    pub address: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

const COLUMNS: &str = "guid, org_guid, name, address, created_at_ms, updated_at_ms";

impl OutletRecord {
    fn to_json(&self, presentation: Presentation) -> Value {
        let mut body = json!({ "guid": self.guid, "name": self.name, "address": self.address });
        if presentation == Presentation::Full {
            body["organization"] = entity_ref(&self.org_guid, "Organization");
            body["created_at"] = time(self.created_at_ms);
            body["updated_at"] = time(self.updated_at_ms);
        }
        body
    }
}

impl Listed for OutletRecord {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        match column {
            "name" => SortValue::Text(sort_key(Some(&self.name))),
            "updated_at" => SortValue::Int(self.updated_at_ms),
            _ => SortValue::Int(self.created_at_ms),
        }
    }
}

const LIST: ListSpec = ListSpec {
    kind: "outlets",
    table: "lifepos_outlets",
    columns: COLUMNS,
    orders: &[
        SortColumn {
            name: "created_at",
            sql: "created_at_ms",
        },
        SortColumn {
            name: "updated_at",
            sql: "updated_at_ms",
        },
        SortColumn {
            name: "name",
            sql: "name_key",
        },
    ],
    default_order: "created_at_asc",
    archivable: false,
    search: |search: &str, sql: &mut SqlBuilder| {
        sql.push(" AND name_lc LIKE ")
            .bind(Bind::Text(like_pattern(search)))
            .push(" ESCAPE '\\'");
    },
};

pub async fn insert(tx: &mut Tx, tenant: &str, outlet: &OutletRecord) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_outlets (tenant, guid, org_guid, name, name_lc, name_key, address, created_at_ms, \
         updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(tenant)
    .bind(&outlet.guid)
    .bind(&outlet.org_guid)
    .bind(&outlet.name)
    .bind(search_text(Some(&outlet.name)))
    .bind(sort_key(Some(&outlet.name)))
    .bind(&outlet.address)
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
) -> Result<Option<OutletRecord>, sqlx::Error> {
    store::find_in_org(executor, "lifepos_outlets", COLUMNS, tenant, org, guid).await
}

/// Every outlet of the tenant, for the fixture export.
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<OutletRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM lifepos_outlets WHERE tenant = $1 ORDER BY created_at_ms, guid"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

pub async fn list_outlets(
    State(app): State<AppState>,
    access: OrgAccess,
    ListQuery(params): ListQuery,
) -> Result<Json<Value>, LifeposError> {
    let page = pagination::list::<OutletRecord>(&app, &access.tenant, &access.org_guid, &LIST, params).await?;
    Ok(Json(page.envelope(|outlet| outlet.to_json(page.presentation))))
}

pub async fn get_outlet(
    State(app): State<AppState>,
    access: OrgAccess,
    Path((_org, guid)): Path<(String, String)>,
) -> Result<Json<Value>, LifeposError> {
    let guid = entity_guid(&guid)?;
    let outlet = find(app.db.pool(), &access.tenant, &access.org_guid, &guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    Ok(Json(outlet.to_json(Presentation::Full)))
}

pub async fn create_outlet(
    State(app): State<AppState>,
    access: OrgAccess,
    body: Bytes,
) -> Result<Json<Value>, LifeposError> {
    let object = json_object(&body)?;
    let mut errors = FieldErrors::default();
    let name = match required_string(&object, "name") {
        Ok(name) if (1..=MAX_NAME_LEN).contains(&name.trim().chars().count()) => Some(name.trim().to_owned()),
        Ok(_) => {
            errors.add("name", format!("от 1 до {MAX_NAME_LEN} символов"));
            None
        }
        Err(why) => {
            errors.add("name", why);
            None
        }
    };
    let address = optional_string(&object, "address", MAX_ADDRESS_LEN)
        .map_err(|why| errors.add("address", why))
        .ok();
    errors.into_result()?;
    let mut tx = app.db.begin().await?;
    let now = to_ms(clock::now(&mut *tx, &access.tenant).await?);
    let outlet = OutletRecord {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: access.org_guid.clone(),
        name: name.unwrap_or_default(),
        address: address.flatten(),
        created_at_ms: now,
        updated_at_ms: now,
    };
    insert(&mut tx, &access.tenant, &outlet).await?;
    tx.commit().await?;
    Ok(Json(outlet.to_json(Presentation::Full)))
}
