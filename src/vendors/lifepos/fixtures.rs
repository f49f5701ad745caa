//! The `lifepos` section of a fixture document: organizations with their outlets, employees,
//! workplaces and API keys, checked, loaded into a tenant and exported back.
//!
//! Choices where CONTRACT.md is silent: `role` defaults to `Owner`; `workplace_type` to `Unknown`;
//! a workplace without `number` gets the next free number of its organization; a workplace's
//! `employee` and `outlet` (the employee and outlet its activation code was issued for) are given by
//! guid, or by username / outlet name; phones must be Russian numbers and are unique in a tenant.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sqlx::AnyPool;
use uuid::Uuid;

use crate::db::Tx;
use crate::fixtures::{clash, FixtureError, Section, SectionCounts, SeenOnce};
use crate::platform::clock::{from_ms, to_ms};
use crate::platform::phone::normalize_phone;
use crate::vendors::lifepos::employee::{self, EmployeeRecord, EmployeeRole};
use crate::vendors::lifepos::outlets::{self, OutletRecord};
use crate::vendors::lifepos::workplace::{
    self, is_activation_code, WorkplaceRecord, WorkplaceType, MAX_NAME_LEN, MAX_NUMBER,
};

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LifeposFixtures {
    #[serde(default)]
    pub organizations: Vec<OrganizationFixture>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OrganizationFixture {
    #[serde(default)]
    pub guid: Option<Uuid>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub outlets: Vec<OutletFixture>,
    #[serde(default)]
    pub employees: Vec<EmployeeFixture>,
    #[serde(default)]
    pub workplaces: Vec<WorkplaceFixture>,
    #[serde(default)]
    pub api_keys: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OutletFixture {
    #[serde(default)]
    pub guid: Option<Uuid>,
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct EmployeeFixture {
    #[serde(default)]
    pub guid: Option<Uuid>,
    pub name: String,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub role: EmployeeRole,
    #[serde(default)]
    pub inn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WorkplaceFixture {
    #[serde(default)]
    pub guid: Option<Uuid>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub number: Option<i64>,
    #[serde(default)]
    pub workplace_type: WorkplaceType,
    #[serde(default)]
    pub activation_code: Option<String>,
    /// The employee the activation code was issued for: guid or username.
    #[serde(default)]
    pub employee: Option<String>,
    /// The outlet the activation code was issued for: guid or name.
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub extensions: Map<String, Value>,
    #[serde(default)]
    pub activated_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub deleted_at: Option<DateTime<Utc>>,
}

fn fill_guid(guid: &mut Option<Uuid>) -> String {
    guid.get_or_insert_with(Uuid::new_v4).to_string()
}

fn check_name(name: &str, path: &str) -> Result<(), FixtureError> {
    if name.trim().is_empty() || name.chars().count() > MAX_NAME_LEN {
        return Err(FixtureError::invalid(
            path,
            format!("must be 1 to {MAX_NAME_LEN} characters"),
        ));
    }
    Ok(())
}

/// Finds the guid of the entity a reference names, by guid first, then by its other key.
fn resolve(
    reference: &str,
    candidates: &[(String, Option<String>)],
    path: &str,
    what: &str,
) -> Result<String, FixtureError> {
    candidates
        .iter()
        .find(|(guid, _)| guid.eq_ignore_ascii_case(reference))
        .or_else(|| candidates.iter().find(|(_, key)| key.as_deref() == Some(reference)))
        .map(|(guid, _)| guid.clone())
        .ok_or_else(|| FixtureError::invalid(path, format!("no {what} `{reference}` in this organization")))
}

impl Section for LifeposFixtures {
    const NAME: &'static str = crate::vendors::lifepos::NAME;

    type Prepared = LifeposFixtures;

    /// Checks every rule a loaded tenant relies on and assigns missing guids and numbers.
    fn prepare(mut self, base: &str) -> Result<Self, FixtureError> {
        let mut guids = SeenOnce::default();
        let mut phones = SeenOnce::default();
        let mut codes = SeenOnce::default();
        let mut api_keys = SeenOnce::default();
        for (o, org) in self.organizations.iter_mut().enumerate() {
            let org_path = format!("{base}.organizations[{o}]");
            guids.check(&fill_guid(&mut org.guid), &format!("{org_path}.guid"), "guid")?;
            check_name(&org.name, &format!("{org_path}.name"))?;

            let mut outlets = Vec::new();
            for (i, outlet) in org.outlets.iter_mut().enumerate() {
                let path = format!("{org_path}.outlets[{i}]");
                let guid = fill_guid(&mut outlet.guid);
                guids.check(&guid, &format!("{path}.guid"), "guid")?;
                check_name(&outlet.name, &format!("{path}.name"))?;
                outlets.push((guid, Some(outlet.name.clone())));
            }

            let mut employees = Vec::new();
            let mut usernames = SeenOnce::default();
            for (i, employee) in org.employees.iter_mut().enumerate() {
                let path = format!("{org_path}.employees[{i}]");
                let guid = fill_guid(&mut employee.guid);
                guids.check(&guid, &format!("{path}.guid"), "guid")?;
                check_name(&employee.name, &format!("{path}.name"))?;
                if let Some(username) = &employee.username {
                    usernames.check(username, &format!("{path}.username"), "username")?;
                }
                if let Some(phone) = &employee.phone {
                    let normalized = normalize_phone(phone)
                        .ok_or_else(|| FixtureError::invalid(format!("{path}.phone"), "not a Russian phone number"))?;
                    phones.check(&normalized, &format!("{path}.phone"), "phone")?;
                }
                if let Some(inn) = &employee.inn {
                    if inn.len() != 12 || !inn.bytes().all(|b| b.is_ascii_digit()) {
                        return Err(FixtureError::invalid(format!("{path}.inn"), "must be 12 digits"));
                    }
                }
                employees.push((guid, employee.username.clone()));
            }

            let mut numbers = SeenOnce::default();
            let mut next_number = org.workplaces.iter().filter_map(|w| w.number).max().unwrap_or(0);
            for (i, workplace) in org.workplaces.iter_mut().enumerate() {
                let path = format!("{org_path}.workplaces[{i}]");
                guids.check(&fill_guid(&mut workplace.guid), &format!("{path}.guid"), "guid")?;
                let number = *workplace.number.get_or_insert_with(|| {
                    next_number += 1;
                    next_number
                });
                if !(1..=MAX_NUMBER).contains(&number) {
                    return Err(FixtureError::invalid(
                        format!("{path}.number"),
                        format!("must be 1 to {MAX_NUMBER}"),
                    ));
                }
                numbers.check(&number.to_string(), &format!("{path}.number"), "number")?;
                if let Some(name) = &workplace.name {
                    check_name(name, &format!("{path}.name"))?;
                }
                if let Some(code) = &workplace.activation_code {
                    if !is_activation_code(code) {
                        return Err(FixtureError::invalid(
                            format!("{path}.activation_code"),
                            "must be 1 to 8 digits",
                        ));
                    }
                    codes.check(code, &format!("{path}.activation_code"), "activation code")?;
                }
                if let Some(reference) = &workplace.employee {
                    workplace.employee = Some(resolve(reference, &employees, &format!("{path}.employee"), "employee")?);
                }
                if let Some(reference) = &workplace.outlet {
                    workplace.outlet = Some(resolve(reference, &outlets, &format!("{path}.outlet"), "outlet")?);
                }
            }

            for (i, key) in org.api_keys.iter().enumerate() {
                let path = format!("{org_path}.api_keys[{i}]");
                if key.trim().is_empty() {
                    return Err(FixtureError::invalid(path, "must not be empty"));
                }
                api_keys.check(key, &path, "API key")?;
            }
        }
        Ok(self)
    }

    async fn load(
        prepared: &Self,
        tx: &mut Tx,
        tenant: &str,
        now: DateTime<Utc>,
        base: &str,
    ) -> Result<SectionCounts, FixtureError> {
        let mut counts = BTreeMap::from([
            ("organizations", 0),
            ("outlets", 0),
            ("employees", 0),
            ("workplaces", 0),
            ("api_keys", 0),
        ]);
        let ms = |at: Option<DateTime<Utc>>| to_ms(at.unwrap_or(now));
        let text = |guid: Option<Uuid>| guid.map(|g| g.to_string()).unwrap_or_default();
        for (o, org) in prepared.organizations.iter().enumerate() {
            let org_path = format!("{base}.organizations[{o}]");
            let org_guid = text(org.guid);
            sqlx::query(
                "INSERT INTO lifepos_organizations (tenant, guid, name, created_at_ms) VALUES ($1, $2, $3, $4)",
            )
            .bind(tenant)
            .bind(&org_guid)
            .bind(&org.name)
            .bind(ms(org.created_at))
            .execute(&mut **tx)
            .await
            .map_err(|err| clash(err, &org_path, "an organization with this guid"))?;
            *counts.entry("organizations").or_default() += 1;

            for (i, outlet) in org.outlets.iter().enumerate() {
                let record = OutletRecord {
                    guid: text(outlet.guid),
                    org_guid: org_guid.clone(),
                    name: outlet.name.clone(),
                    address: outlet.address.clone(),
                    created_at_ms: ms(outlet.created_at),
                    updated_at_ms: ms(outlet.updated_at),
                };
                outlets::insert(tx, tenant, &record)
                    .await
                    .map_err(|err| clash(err, &format!("{org_path}.outlets[{i}]"), "an outlet with this guid"))?;
                *counts.entry("outlets").or_default() += 1;
            }

            for (i, employee) in org.employees.iter().enumerate() {
                let record = EmployeeRecord {
                    guid: text(employee.guid),
                    org_guid: org_guid.clone(),
                    name: employee.name.clone(),
                    username: employee.username.clone(),
                    phone: employee.phone.clone(),
                    password: employee.password.clone(),
                    role: employee.role.name().to_owned(),
                    inn: employee.inn.clone(),
                    created_at_ms: ms(employee.created_at),
                    updated_at_ms: ms(employee.updated_at),
                };
                employee::insert(tx, tenant, &record).await.map_err(|err| {
                    clash(
                        err,
                        &format!("{org_path}.employees[{i}]"),
                        "an employee with this guid, username or phone",
                    )
                })?;
                *counts.entry("employees").or_default() += 1;
            }

            for (i, workplace) in org.workplaces.iter().enumerate() {
                let record = WorkplaceRecord {
                    guid: text(workplace.guid),
                    org_guid: org_guid.clone(),
                    number: workplace.number.unwrap_or_default(),
                    name: workplace.name.clone(),
                    workplace_type: workplace.workplace_type.name().to_owned(),
                    extensions: Value::Object(workplace.extensions.clone()).to_string(),
                    activation_code: workplace.activation_code.clone(),
                    code_employee_guid: workplace.employee.clone(),
                    code_outlet_guid: workplace.outlet.clone(),
                    activated_at_ms: workplace.activated_at.map(to_ms),
                    created_at_ms: ms(workplace.created_at),
                    updated_at_ms: ms(workplace.updated_at),
                    deleted_at_ms: workplace.deleted_at.map(to_ms),
                };
                workplace::insert(tx, tenant, &record).await.map_err(|err| {
                    clash(
                        err,
                        &format!("{org_path}.workplaces[{i}]"),
                        "a workplace with this guid, number or activation code",
                    )
                })?;
                *counts.entry("workplaces").or_default() += 1;
            }

            for (i, key) in org.api_keys.iter().enumerate() {
                sqlx::query("INSERT INTO lifepos_api_keys (tenant, api_key, org_guid) VALUES ($1, $2, $3)")
                    .bind(tenant)
                    .bind(key)
                    .bind(&org_guid)
                    .execute(&mut **tx)
                    .await
                    .map_err(|err| clash(err, &format!("{org_path}.api_keys[{i}]"), "this API key"))?;
                *counts.entry("api_keys").or_default() += 1;
            }
        }
        Ok(counts)
    }

    async fn clear(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        crate::db::delete_tenant_rows(
            tx,
            tenant,
            &[
                "lifepos_tokens",
                "lifepos_api_keys",
                "lifepos_workplaces",
                "lifepos_employees",
                "lifepos_outlets",
                "lifepos_organizations",
            ],
        )
        .await
    }

    async fn export(executor: &AnyPool, tenant: &str) -> Result<LifeposFixtures, sqlx::Error> {
        let orgs: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT guid, name, created_at_ms FROM lifepos_organizations WHERE tenant = $1 ORDER BY created_at_ms, guid",
        )
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        let mut outlets = group_by_org(outlets::all_of_tenant(executor, tenant).await?, |outlet| {
            (outlet.org_guid.clone(), OutletFixture::from(outlet))
        });
        let employees: Vec<EmployeeRecord> = sqlx::query_as(&format!(
            "SELECT {} FROM lifepos_employees WHERE tenant = $1 ORDER BY created_at_ms, guid",
            employee::COLUMNS
        ))
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        let mut employees = group_by_org(employees, |employee| {
            (employee.org_guid.clone(), EmployeeFixture::from(employee))
        });
        let workplaces: Vec<WorkplaceRecord> = sqlx::query_as(&format!(
            "SELECT {} FROM lifepos_workplaces WHERE tenant = $1 ORDER BY number, guid",
            workplace::COLUMNS
        ))
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        let mut workplaces = group_by_org(workplaces, |workplace| {
            (workplace.org_guid.clone(), WorkplaceFixture::from(workplace))
        });
        let mut api_keys = group_by_org(
            sqlx::query_as::<_, (String, String)>(
                "SELECT org_guid, api_key FROM lifepos_api_keys WHERE tenant = $1 ORDER BY api_key",
            )
            .bind(tenant)
            .fetch_all(executor)
            .await?,
            |pair| pair,
        );
        Ok(LifeposFixtures {
            organizations: orgs
                .into_iter()
                .map(|(guid, name, created)| OrganizationFixture {
                    guid: Uuid::parse_str(&guid).ok(),
                    name,
                    created_at: Some(from_ms(created)),
                    outlets: outlets.remove(&guid).unwrap_or_default(),
                    employees: employees.remove(&guid).unwrap_or_default(),
                    workplaces: workplaces.remove(&guid).unwrap_or_default(),
                    api_keys: api_keys.remove(&guid).unwrap_or_default(),
                })
                .collect(),
        })
    }
}

impl From<OutletRecord> for OutletFixture {
    fn from(outlet: OutletRecord) -> OutletFixture {
        OutletFixture {
            guid: Uuid::parse_str(&outlet.guid).ok(),
            name: outlet.name,
            address: outlet.address,
            created_at: Some(from_ms(outlet.created_at_ms)),
            updated_at: Some(from_ms(outlet.updated_at_ms)),
        }
    }
}

impl From<EmployeeRecord> for EmployeeFixture {
    fn from(employee: EmployeeRecord) -> EmployeeFixture {
        EmployeeFixture {
            guid: Uuid::parse_str(&employee.guid).ok(),
            role: employee.role(),
            name: employee.name,
            username: employee.username,
            phone: employee.phone,
            password: employee.password,
            inn: employee.inn,
            created_at: Some(from_ms(employee.created_at_ms)),
            updated_at: Some(from_ms(employee.updated_at_ms)),
        }
    }
}

impl From<WorkplaceRecord> for WorkplaceFixture {
    fn from(workplace: WorkplaceRecord) -> WorkplaceFixture {
        WorkplaceFixture {
            guid: Uuid::parse_str(&workplace.guid).ok(),
            extensions: workplace.extensions_map(),
            name: workplace.name,
            number: Some(workplace.number),
            workplace_type: WorkplaceType::from_name(&workplace.workplace_type).unwrap_or_default(),
            activation_code: workplace.activation_code,
            employee: workplace.code_employee_guid,
            outlet: workplace.code_outlet_guid,
            activated_at: workplace.activated_at_ms.map(from_ms),
            created_at: Some(from_ms(workplace.created_at_ms)),
            updated_at: Some(from_ms(workplace.updated_at_ms)),
            deleted_at: workplace.deleted_at_ms.map(from_ms),
        }
    }
}

fn group_by_org<R, T>(rows: Vec<R>, split: impl Fn(R) -> (String, T)) -> HashMap<String, Vec<T>> {
    let mut grouped: HashMap<String, Vec<T>> = HashMap::new();
    for row in rows {
        let (org, item) = split(row);
        grouped.entry(org).or_default().push(item);
    }
    grouped
}
