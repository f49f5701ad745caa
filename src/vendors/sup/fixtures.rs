//! The `sup` section of a fixture document: API clients, employees and cards.
//!
//! Choices where CONTRACT.md is silent: `status` defaults to `WORK`; a card's `available` defaults
//! to true; a card with `idEmployee` needs a `statusCard` (and the reverse), and its employee must
//! be in the same document; `validUntil` is a date (`YYYY-MM-DD`).

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use uuid::Uuid;

use crate::db::Tx;
use crate::fixtures::{clash, FixtureError, Section, SectionCounts};
use crate::vendors::sup::card::{is_ean, CardStatus};
use crate::vendors::sup::cards::{CardRecord, CARD_COLUMNS};
use crate::vendors::sup::crypto;
use crate::vendors::sup::employees::{self, is_email, is_phone, EmployeeRecord, EMPLOYEE_COLUMNS, STATUSES};

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SupFixtures {
    #[serde(default)]
    pub clients: Vec<ClientFixture>,
    #[serde(default)]
    pub employees: Vec<EmployeeFixture>,
    #[serde(default)]
    pub cards: Vec<CardFixture>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClientFixture {
    pub login: String,
    pub password: String,
    #[serde(default)]
    pub encryption_key: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EmployeeFixture {
    #[serde(default)]
    pub id_employee: Option<Uuid>,
    #[serde(default)]
    pub custom_id: Option<String>,
    pub surname: String,
    pub name: String,
    #[serde(default)]
    pub patronymic: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default = "default_status")]
    pub status: String,
}

fn default_status() -> String {
    STATUSES[0].to_owned()
}

fn default_available() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CardFixture {
    #[serde(default)]
    pub id_card: Option<Uuid>,
    pub custom_id_card: String,
    #[serde(default = "default_available")]
    pub available: bool,
    pub valid_until: NaiveDate,
    #[serde(default)]
    pub id_employee: Option<Uuid>,
    #[serde(default)]
    pub status_card: Option<CardStatus>,
}

fn invalid(path: String, message: &str) -> FixtureError {
    FixtureError::invalid(path, message)
}

impl Section for SupFixtures {
    const NAME: &'static str = crate::vendors::sup::NAME;

    type Prepared = SupFixtures;

    /// Checks every rule a loaded tenant relies on and assigns missing ids.
    fn prepare(mut self, base: &str) -> Result<Self, FixtureError> {
        let mut logins = HashSet::new();
        for (i, client) in self.clients.iter().enumerate() {
            let path = format!("{base}.clients[{i}]");
            if client.login.trim().is_empty() || !logins.insert(client.login.clone()) {
                return Err(invalid(format!("{path}.login"), "must be non-empty and unique"));
            }
            if client
                .encryption_key
                .as_deref()
                .is_some_and(|key| !crypto::is_valid_key(key))
            {
                return Err(invalid(
                    format!("{path}.encryption_key"),
                    "must be the base64 of 32 bytes, or null",
                ));
            }
        }
        let mut employee_ids = HashSet::new();
        for (i, employee) in self.employees.iter_mut().enumerate() {
            let path = format!("{base}.employees[{i}]");
            let id = *employee.id_employee.get_or_insert_with(Uuid::new_v4);
            if !employee_ids.insert(id) {
                return Err(invalid(format!("{path}.idEmployee"), "appears more than once"));
            }
            if employee.surname.trim().is_empty() || employee.name.trim().is_empty() {
                return Err(invalid(format!("{path}.name"), "surname and name must not be empty"));
            }
            if employee.phone.as_deref().is_some_and(|phone| !is_phone(phone)) {
                return Err(invalid(format!("{path}.phone"), "must be 10 digits"));
            }
            if employee.email.as_deref().is_some_and(|email| !is_email(email)) {
                return Err(invalid(format!("{path}.email"), "not an e-mail address"));
            }
            if !STATUSES.contains(&employee.status.as_str()) {
                return Err(invalid(format!("{path}.status"), "must be WORK or FIRED"));
            }
        }
        let (mut card_ids, mut custom_ids, mut main_holders) = (HashSet::new(), HashSet::new(), HashSet::new());
        for (i, card) in self.cards.iter_mut().enumerate() {
            let path = format!("{base}.cards[{i}]");
            if !card_ids.insert(*card.id_card.get_or_insert_with(Uuid::new_v4)) {
                return Err(invalid(format!("{path}.idCard"), "appears more than once"));
            }
            if !is_ean(&card.custom_id_card) || !custom_ids.insert(card.custom_id_card.clone()) {
                return Err(invalid(
                    format!("{path}.customIdCard"),
                    "must be a unique EAN-8 or EAN-13",
                ));
            }
            match (card.id_employee, card.status_card) {
                (None, None) => {}
                (Some(holder), Some(status)) => {
                    if !employee_ids.contains(&holder) {
                        return Err(invalid(
                            format!("{path}.idEmployee"),
                            "no such employee in this document",
                        ));
                    }
                    if status == CardStatus::Main && !main_holders.insert(holder) {
                        return Err(invalid(
                            format!("{path}.statusCard"),
                            "the employee already has a MAIN card",
                        ));
                    }
                }
                (Some(_), None) => return Err(invalid(format!("{path}.statusCard"), "a linked card needs a status")),
                (None, Some(_)) => {
                    return Err(invalid(
                        format!("{path}.idEmployee"),
                        "a card with a status needs an employee",
                    ))
                }
            }
        }
        Ok(self)
    }

    async fn load(
        prepared: &Self,
        tx: &mut Tx,
        tenant: &str,
        _now: DateTime<Utc>,
        base: &str,
    ) -> Result<SectionCounts, FixtureError> {
        for (i, client) in prepared.clients.iter().enumerate() {
            sqlx::query("INSERT INTO sup_clients (tenant, login, password, encryption_key) VALUES ($1, $2, $3, $4)")
                .bind(tenant)
                .bind(&client.login)
                .bind(&client.password)
                .bind(&client.encryption_key)
                .execute(&mut **tx)
                .await
                .map_err(|err| clash(err, &format!("{base}.clients[{i}]"), "a client with this login"))?;
        }
        for (i, employee) in prepared.employees.iter().enumerate() {
            let record = EmployeeRecord {
                id_employee: employee.id_employee.unwrap_or_default().to_string(),
                custom_id: employee.custom_id.clone(),
                surname: employee.surname.clone(),
                name: employee.name.clone(),
                patronymic: employee.patronymic.clone(),
                phone: employee.phone.clone(),
                email: employee.email.clone(),
                status: employee.status.clone(),
            };
            employees::insert(tx, tenant, &record).await.map_err(|err| {
                clash(
                    err,
                    &format!("{base}.employees[{i}]"),
                    "an employee with this idEmployee",
                )
            })?;
        }
        for (i, card) in prepared.cards.iter().enumerate() {
            sqlx::query(
                "INSERT INTO sup_cards (tenant, id_card, custom_id_card, available, valid_until, id_employee, status_card) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(tenant)
            .bind(card.id_card.unwrap_or_default().to_string())
            .bind(&card.custom_id_card)
            .bind(i64::from(card.available))
            .bind(card.valid_until.format("%Y-%m-%d").to_string())
            .bind(card.id_employee.map(|id| id.to_string()))
            .bind(card.status_card.map(CardStatus::name))
            .execute(&mut **tx)
            .await
            .map_err(|err| clash(err, &format!("{base}.cards[{i}]"), "a card with this idCard or customIdCard"))?;
        }
        Ok(BTreeMap::from([
            ("clients", prepared.clients.len() as u64),
            ("employees", prepared.employees.len() as u64),
            ("cards", prepared.cards.len() as u64),
        ]))
    }

    async fn clear(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        crate::db::delete_tenant_rows(tx, tenant, &["sup_nonces", "sup_cards", "sup_employees", "sup_clients"]).await
    }

    async fn export(executor: &AnyPool, tenant: &str) -> Result<SupFixtures, sqlx::Error> {
        let clients: Vec<(String, String, Option<String>)> =
            sqlx::query_as("SELECT login, password, encryption_key FROM sup_clients WHERE tenant = $1 ORDER BY login")
                .bind(tenant)
                .fetch_all(executor)
                .await?;
        let employees: Vec<EmployeeRecord> = sqlx::query_as(&format!(
            "SELECT {EMPLOYEE_COLUMNS} FROM sup_employees WHERE tenant = $1 ORDER BY id_employee"
        ))
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        let cards: Vec<CardRecord> = sqlx::query_as(&format!(
            "SELECT {CARD_COLUMNS} FROM sup_cards WHERE tenant = $1 ORDER BY custom_id_card"
        ))
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        Ok(SupFixtures {
            clients: clients
                .into_iter()
                .map(|(login, password, encryption_key)| ClientFixture {
                    login,
                    password,
                    encryption_key,
                })
                .collect(),
            employees: employees
                .into_iter()
                .map(|employee| EmployeeFixture {
                    id_employee: Uuid::parse_str(&employee.id_employee).ok(),
                    custom_id: employee.custom_id,
                    surname: employee.surname,
                    name: employee.name,
                    patronymic: employee.patronymic,
                    phone: employee.phone,
                    email: employee.email,
                    status: employee.status,
                })
                .collect(),
            cards: cards
                .into_iter()
                .map(|card| CardFixture {
                    id_card: Uuid::parse_str(&card.id_card).ok(),
                    available: card.available != 0,
                    valid_until: NaiveDate::parse_from_str(&card.valid_until, "%Y-%m-%d").unwrap_or_default(),
                    id_employee: card.id_employee.as_deref().and_then(|id| Uuid::parse_str(id).ok()),
                    status_card: card.status_card.as_deref().and_then(CardStatus::from_name),
                    custom_id_card: card.custom_id_card,
                })
                .collect(),
        })
    }
}
