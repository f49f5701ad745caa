//! The workplace: its stored row, JSON form and the writes its actions make.

use serde_json::{Map, Value};
use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx, UniqueIndex};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists::{
    like_pattern, search_text, sort_key, ListSpec, Listed, SortColumn, SortValue,
};
use crate::vendors::lifepos::store::orgs;
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::render::{full, Stamps, Time};
use crate::vendors::lifepos::wire::workplaces::Workplace;

/// Workplace numbers are unique within an organization.
pub const NUMBER_INDEX: UniqueIndex = UniqueIndex {
    name: "lifepos_workplaces_number",
    table: "lifepos_workplaces",
    columns: &["tenant", "org_guid", "number"],
};

/// An activation code opens one workplace of the tenant.
pub const CODE_INDEX: UniqueIndex = UniqueIndex {
    name: "lifepos_workplaces_code",
    table: "lifepos_workplaces",
    columns: &["tenant", "activation_code"],
};

pub const TABLE: &str = "lifepos_workplaces";

/// A row of `lifepos_workplaces`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct WorkplaceRow {
    pub guid: String,
    pub org_guid: String,
    pub number: i64,
    pub name: Option<String>,
    pub workplace_type: String,
    /// A JSON object.
    pub extensions: String,
    pub activation_code: Option<String>,
    pub activation_employee_guid: Option<String>,
    pub activation_outlet_guid: Option<String>,
    pub activated_at_ms: Option<i64>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub deleted_at_ms: Option<i64>,
}

pub const COLUMNS: &str = "guid, org_guid, number, name, workplace_type, extensions, activation_code, \
    activation_employee_guid, activation_outlet_guid, activated_at_ms, created_at_ms, updated_at_ms, deleted_at_ms";

impl WorkplaceRow {
    pub fn extensions_map(&self) -> Map<String, Value> {
        serde_json::from_str(&self.extensions).unwrap_or_default()
    }

    pub fn is_archived(&self) -> bool {
        self.deleted_at_ms.is_some()
    }

    /// The workplace as the API shows it.
    pub fn answer(&self, presentation: Presentation) -> Workplace {
        let stamps = Stamps::of(presentation, &self.org_guid, self.created_at_ms, self.updated_at_ms);
        Workplace {
            activated_at: Time::optional(self.activated_at_ms),
            created_at: stamps.created_at,
            deleted_at: Time::optional(self.deleted_at_ms),
            extensions: full(presentation, || self.extensions_map()),
            guid: self.guid.clone(),
            name: self.name.clone(),
            number: self.number,
            organization: stamps.organization,
            type_of: "Workplace",
            updated_at: stamps.updated_at,
            workplace_type: self.workplace_type.clone(),
        }
    }
}

impl Listed for WorkplaceRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        match column {
            "updated_at" => SortValue::Int(self.updated_at_ms),
            "number" => SortValue::Int(self.number),
            "name" => SortValue::Text(sort_key(self.name.as_deref())),
            "workplace_type" => SortValue::Text(self.workplace_type.clone()),
            "activated_at" => SortValue::Int(self.activated_at_ms.unwrap_or(-1)),
            _ => SortValue::Int(self.created_at_ms),
        }
    }
}

pub const LIST: ListSpec = ListSpec {
    kind: "workplaces",
    table: TABLE,
    scope: "org_guid",
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
            name: "number",
            sql: "number",
        },
        SortColumn {
            name: "name",
            sql: "name_key",
        },
        SortColumn {
            name: "workplace_type",
            sql: "workplace_type",
        },
        SortColumn {
            name: "activated_at",
            sql: "COALESCE(activated_at_ms, -1)",
        },
    ],
    default_order: "number_asc",
    archivable: true,
    search: search_number_or_name,
    condition: "",
    parent: None,
    filters: &[],
};

/// `query` matches the number exactly when it is one, or any part of the name.
fn search_number_or_name(search: &str, sql: &mut SqlBuilder) {
    sql.push(" AND (name_lc LIKE ")
        .bind(Bind::Text(like_pattern(search)))
        .push(" ESCAPE '\\'");
    if let Ok(number) = search.parse::<i64>() {
        sql.push(" OR number = ").bind(Bind::Int(number));
    }
    sql.push(")");
}

pub async fn insert(tx: &mut Tx, tenant: &str, workplace: &WorkplaceRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_workplaces (tenant, guid, org_guid, number, name, name_lc, name_key, workplace_type, \
         extensions, activation_code, activation_employee_guid, activation_outlet_guid, activated_at_ms, created_at_ms, \
         updated_at_ms, deleted_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(tenant)
    .bind(&workplace.guid)
    .bind(&workplace.org_guid)
    .bind(workplace.number)
    .bind(&workplace.name)
    .bind(search_text(workplace.name.as_deref()))
    .bind(sort_key(workplace.name.as_deref()))
    .bind(&workplace.workplace_type)
    .bind(&workplace.extensions)
    .bind(&workplace.activation_code)
    .bind(&workplace.activation_employee_guid)
    .bind(&workplace.activation_outlet_guid)
    .bind(workplace.activated_at_ms)
    .bind(workplace.created_at_ms)
    .bind(workplace.updated_at_ms)
    .bind(workplace.deleted_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes every field a client or an action can change.
pub async fn update(tx: &mut Tx, tenant: &str, workplace: &WorkplaceRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE lifepos_workplaces SET number = $3, name = $4, name_lc = $5, name_key = $6, workplace_type = $7, \
         extensions = $8, activation_code = $9, activation_employee_guid = $10, activation_outlet_guid = $11, \
         activated_at_ms = $12, updated_at_ms = $13, deleted_at_ms = $14 WHERE tenant = $1 AND guid = $2",
    )
    .bind(tenant)
    .bind(&workplace.guid)
    .bind(workplace.number)
    .bind(&workplace.name)
    .bind(search_text(workplace.name.as_deref()))
    .bind(sort_key(workplace.name.as_deref()))
    .bind(&workplace.workplace_type)
    .bind(&workplace.extensions)
    .bind(&workplace.activation_code)
    .bind(&workplace.activation_employee_guid)
    .bind(&workplace.activation_outlet_guid)
    .bind(workplace.activated_at_ms)
    .bind(workplace.updated_at_ms)
    .bind(workplace.deleted_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    org: &str,
    guid: &str,
) -> Result<Option<WorkplaceRow>, sqlx::Error> {
    store::find_in_org(executor, TABLE, COLUMNS, tenant, org, guid).await
}

/// The number after the organization's largest (archived workplaces keep theirs), held for this
/// transaction by [`orgs::take_numbering_turn`].
pub async fn next_number(tx: &mut Tx, tenant: &str, org: &str) -> Result<i64, sqlx::Error> {
    orgs::take_numbering_turn(tx, tenant, org).await?;
    let (max,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(number), 0) FROM lifepos_workplaces WHERE tenant = $1 AND org_guid = $2")
            .bind(tenant)
            .bind(org)
            .fetch_one(&mut **tx)
            .await?;
    Ok(max + 1)
}

/// What an activation code opened.
#[derive(sqlx::FromRow)]
pub struct Activated {
    pub guid: String,
    pub org_guid: String,
    pub activation_employee_guid: Option<String>,
    pub activation_outlet_guid: Option<String>,
}

/// Activates the live workplace of the tenant holding `code` and uses the code up, in one
/// statement, so two clients racing with it cannot both win.
pub async fn use_activation_code(
    tx: &mut Tx,
    tenant: &str,
    code: &str,
    now_ms: i64,
) -> Result<Option<Activated>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE lifepos_workplaces SET activation_code = NULL, activated_at_ms = $3, updated_at_ms = $3 \
         WHERE tenant = $1 AND activation_code = $2 AND deleted_at_ms IS NULL \
         RETURNING guid, org_guid, activation_employee_guid, activation_outlet_guid",
    )
    .bind(tenant)
    .bind(code)
    .bind(now_ms)
    .fetch_optional(&mut **tx)
    .await
}

/// Every workplace of the tenant, by number, for the fixture export.
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<WorkplaceRow>, sqlx::Error> {
    store::all_of_tenant(executor, TABLE, COLUMNS, "number, guid", tenant).await
}
