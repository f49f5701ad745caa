//! The employee: stored row, JSON form and lookups.

use serde_json::Value;
use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx, UniqueIndex};
use crate::platform::phone::normalize_phone;
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists::{
    like_pattern, search_text, sort_key, time_or_name, ListSpec, Listed, SortValue, TIME_AND_NAME,
};
use crate::vendors::lifepos::wire::employees::{Employee, EmployeeRole};
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::render::{full, Stamps};

/// Usernames are unique within an organization.
pub const USERNAME_INDEX: UniqueIndex = UniqueIndex {
    name: "lifepos_employees_username",
    table: "lifepos_employees",
    columns: &["tenant", "org_guid", "username"],
};

/// A phone belongs to one employee of the tenant.
pub const PHONE_INDEX: UniqueIndex = UniqueIndex {
    name: "lifepos_employees_phone",
    table: "lifepos_employees",
    columns: &["tenant", "phone_key"],
};

pub const TABLE: &str = "lifepos_employees";

/// A row of `lifepos_employees`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct EmployeeRow {
    pub guid: String,
    pub org_guid: String,
    pub name: String,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub password: Option<String>,
    pub role: String,
    pub inn: Option<String>,
    pub email: Option<String>,
    pub pin_code_hash: Option<String>,
    pub meta: Option<String>,
    /// A JSON object.
    pub meta_data: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

pub const COLUMNS: &str =
    "guid, org_guid, name, username, phone, password, role, inn, email, pin_code_hash, meta, meta_data, \
     created_at_ms, updated_at_ms";

impl EmployeeRow {
    pub fn role(&self) -> EmployeeRole {
        EmployeeRole::find(&self.role).unwrap_or_default()
    }

    /// The employee as the API shows it; never the password.
    pub fn answer(&self, presentation: Presentation) -> Employee {
        let stamps = Stamps::of(presentation, &self.org_guid, self.created_at_ms, self.updated_at_ms);
        let shown = |value: &Option<String>| full(presentation, || value.clone());
        Employee {
            created_at: stamps.created_at,
            deleted_at: full(presentation, || None),
            email: shown(&self.email),
            guid: self.guid.clone(),
            inn: shown(&self.inn),
            meta: shown(&self.meta),
            meta_data: full(presentation, || {
                self.meta_data
                    .as_deref()
                    .and_then(|meta_data| serde_json::from_str(meta_data).ok())
                    .unwrap_or(Value::Null)
            }),
            name: self.name.clone(),
            organization: stamps.organization,
            phone: shown(&self.phone),
            pin_code_hash: shown(&self.pin_code_hash),
            role: self.role().into(),
            type_of: "Employee",
            updated_at: stamps.updated_at,
            username: shown(&self.username),
        }
    }
}

impl Listed for EmployeeRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        time_or_name(column, self.created_at_ms, self.updated_at_ms, &self.name)
    }
}

pub const LIST: ListSpec = ListSpec {
    kind: "employees",
    table: TABLE,
    scope: "org_guid",
    columns: COLUMNS,
    orders: TIME_AND_NAME,
    default_order: "created_at_asc",
    archivable: false,
    search: search_name_or_phone,
    condition: "",
    parent: None,
    filters: &[],
};

/// `query` matches any part of the name, username, INN, e-mail, `meta` or `meta_data` (its JSON
/// text), or the phone in any notation.
fn search_name_or_phone(search: &str, sql: &mut SqlBuilder) {
    let pattern = like_pattern(search);
    sql.push(" AND (name_lc LIKE ")
        .bind(Bind::Text(pattern.clone()))
        .push(" ESCAPE '\\' OR LOWER(username) LIKE ")
        .bind(Bind::Text(pattern.clone()))
        .push(" ESCAPE '\\' OR inn LIKE ")
        .bind(Bind::Text(pattern.clone()))
        .push(" ESCAPE '\\' OR LOWER(email) LIKE ")
        .bind(Bind::Text(pattern.clone()))
        .push(" ESCAPE '\\' OR LOWER(meta) LIKE ")
        .bind(Bind::Text(pattern.clone()))
        .push(" ESCAPE '\\' OR LOWER(meta_data) LIKE ")
        .bind(Bind::Text(pattern))
        .push(" ESCAPE '\\'");
    if let Some(phone) = normalize_phone(search) {
        sql.push(" OR phone_key = ").bind(Bind::Text(phone));
    }
    sql.push(")");
}

pub async fn insert(tx: &mut Tx, tenant: &str, employee: &EmployeeRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_employees (tenant, guid, org_guid, name, name_lc, name_key, username, phone, phone_key, \
         password, role, inn, email, pin_code_hash, meta, meta_data, created_at_ms, updated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(tenant)
    .bind(&employee.guid)
    .bind(&employee.org_guid)
    .bind(&employee.name)
    .bind(search_text(Some(&employee.name)))
    .bind(sort_key(Some(&employee.name)))
    .bind(&employee.username)
    .bind(&employee.phone)
    .bind(employee.phone.as_deref().and_then(normalize_phone))
    .bind(&employee.password)
    .bind(&employee.role)
    .bind(&employee.inn)
    .bind(&employee.email)
    .bind(&employee.pin_code_hash)
    .bind(&employee.meta)
    .bind(&employee.meta_data)
    .bind(employee.created_at_ms)
    .bind(employee.updated_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    org: &str,
    guid: &str,
) -> Result<Option<EmployeeRow>, sqlx::Error> {
    store::find_in_org(executor, TABLE, COLUMNS, tenant, org, guid).await
}

/// The employee of the tenant with this phone (`+7XXXXXXXXXX`), who may sign in with it.
pub async fn find_by_phone<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    phone_key: &str,
) -> Result<Option<EmployeeRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {TABLE} WHERE tenant = $1 AND phone_key = $2"
    ))
    .bind(tenant)
    .bind(phone_key)
    .fetch_optional(executor)
    .await
}

/// The employees who may sign in as `username`: of the organization with the alias `alias`
/// (any case) when given, otherwise of the whole tenant (at most two, enough to tell whether the
/// username alone names one employee).
pub async fn find_by_username<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    username: &str,
    alias: Option<&str>,
) -> Result<Vec<EmployeeRow>, sqlx::Error> {
    match alias {
        Some(alias) => {
            let columns: Vec<String> = COLUMNS
                .split(',')
                .map(|column| format!("e.{}", column.trim()))
                .collect();
            sqlx::query_as(&format!(
                "SELECT {} FROM lifepos_organizations o JOIN {TABLE} e ON e.tenant = o.tenant AND e.org_guid = o.guid \
                 WHERE o.tenant = $1 AND o.alias_lc = $2 AND e.username = $3",
                columns.join(", ")
            ))
            .bind(tenant)
            .bind(alias.to_lowercase())
            .bind(username)
            .fetch_all(executor)
            .await
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM {TABLE} WHERE tenant = $1 AND username = $2 LIMIT 2"
            ))
            .bind(tenant)
            .bind(username)
            .fetch_all(executor)
            .await
        }
    }
}

/// Every employee of the tenant, oldest first, for the fixture export.
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<EmployeeRow>, sqlx::Error> {
    store::all_of_tenant(executor, TABLE, COLUMNS, "created_at_ms, guid", tenant).await
}
