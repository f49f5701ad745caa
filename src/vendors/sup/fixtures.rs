//! The `sup` section of a fixture document: API clients, employees and cards.
//!
//! Choices where CONTRACT.md is silent: `status` defaults to `WORK`; a card's `available` defaults
//! to true; a card with `idEmployee` needs a `statusCard` (and the reverse), and its employee must
//! be in the same document; `validUntil` is a date (`YYYY-MM-DD`). Beyond CONTRACT.md:
//! `categories` (`idCategory`, `nameCategory`), an employee's `idCategory` (a category of the same
//! document), and a card's `type` (`PLASTIC` by default), `balance` (rubles, to the kopeck),
//! `balanceUpdatedAt` (RFC 3339, or null) and `limit` (as `POST /v1/setlimitscards` takes it, or
//! null).
//!
//! The section as written ([`SupFixtures`]) may leave out `idEmployee` and `idCard`; preparing it
//! assigns them, giving the form that is loaded and exported ([`PreparedSupFixtures`]), in which
//! they are plain UUIDs. The rows are written and read through the stores the calls use.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use uuid::Uuid;

use crate::db::Tx;
use crate::fixtures::{clash, FixtureError, Section, SectionCounts, SeenOnce};
use crate::platform::clock::to_ms;
use crate::platform::wire;
use crate::vendors::sup::card::{self, kopecks_to_rubles, rubles_to_kopecks, CardRow};
use crate::vendors::sup::category::{self, CategoryRow};
use crate::vendors::sup::client::{self, ClientRow};
use crate::vendors::sup::crypto;
use crate::vendors::sup::employee::{self, EmployeeRow};
use crate::vendors::sup::wire::cards::{CardStatus, Ean};
use crate::vendors::sup::wire::employees::{EmployeeFields, EmployeeStatus};
use crate::vendors::sup::wire::limits::{self, Limit};
use crate::vendors::sup::wire::words::WORDS;

/// The section; `Id` is `Option<Uuid>` as written and `Uuid` once prepared (only the written form
/// is ever read, so a missing id can default to `None`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, bound(deserialize = "Id: Deserialize<'de> + Default"))]
pub struct SupFixtures<Id = Option<Uuid>> {
    #[serde(default)]
    pub clients: Vec<ClientFixture>,
    #[serde(default)]
    pub employees: Vec<EmployeeFixture<Id>>,
    #[serde(default)]
    pub cards: Vec<CardFixture<Id>>,
    #[serde(default)]
    pub categories: Vec<CategoryFixture<Id>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CategoryFixture<Id = Option<Uuid>> {
    #[serde(default)]
    pub id_category: Id,
    pub name_category: String,
}

/// The section with every id assigned: what is loaded and exported.
pub type PreparedSupFixtures = SupFixtures<Uuid>;

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
pub struct EmployeeFixture<Id = Option<Uuid>> {
    #[serde(default)]
    pub id_employee: Id,
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
    #[serde(default)]
    pub id_category: Option<Uuid>,
}

fn default_status() -> String {
    EmployeeStatus::default().name().to_owned()
}

fn default_available() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CardFixture<Id = Option<Uuid>> {
    #[serde(default)]
    pub id_card: Id,
    pub custom_id_card: String,
    #[serde(default = "default_available")]
    pub available: bool,
    pub valid_until: NaiveDate,
    /// The holder, an employee of the same document; `None` for a card nobody holds.
    #[serde(default)]
    pub id_employee: Option<Uuid>,
    #[serde(default)]
    pub status_card: Option<CardStatus>,
    #[serde(default = "default_card_type", rename = "type")]
    pub card_type: String,
    #[serde(default)]
    pub balance: f64,
    #[serde(default)]
    pub balance_updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub limit: Option<Limit>,
}

fn default_card_type() -> String {
    "PLASTIC".to_owned()
}

fn invalid(path: String, message: &str) -> FixtureError {
    FixtureError::invalid(path, message)
}

/// Rejects a value seen before in the document, with the section's own message for it.
fn once(seen: &mut SeenOnce, value: &str, path: String, message: &str) -> Result<(), FixtureError> {
    seen.check(value, &path, "").map_err(|_| invalid(path, message))
}

impl Section for SupFixtures {
    const NAME: &'static str = crate::vendors::sup::NAME;

    type Prepared = PreparedSupFixtures;

    /// Checks every rule a loaded tenant relies on and assigns missing ids.
    fn prepare(self, base: &str) -> Result<PreparedSupFixtures, FixtureError> {
        check_clients(&self.clients, base)?;
        let categories = prepare_categories(self.categories, base)?;
        let employees = prepare_employees(self.employees, &categories, base)?;
        let cards = prepare_cards(self.cards, &employees, base)?;
        Ok(SupFixtures {
            clients: self.clients,
            employees,
            cards,
            categories,
        })
    }

    async fn load(
        prepared: &PreparedSupFixtures,
        tx: &mut Tx,
        tenant: &str,
        _now: DateTime<Utc>,
        base: &str,
    ) -> Result<SectionCounts, FixtureError> {
        for (i, fixture) in prepared.clients.iter().enumerate() {
            client::insert(tx, tenant, &ClientRow::from(fixture))
                .await
                .map_err(|err| clash(err, &format!("{base}.clients[{i}]"), "a client with this login"))?;
        }
        for (i, fixture) in prepared.categories.iter().enumerate() {
            let row = CategoryRow {
                id_category: fixture.id_category.to_string(),
                name_category: fixture.name_category.clone(),
            };
            category::insert(tx, tenant, &row).await.map_err(|err| {
                clash(
                    err,
                    &format!("{base}.categories[{i}]"),
                    "a category with this idCategory",
                )
            })?;
        }
        for (i, fixture) in prepared.employees.iter().enumerate() {
            employee::insert(tx, tenant, &EmployeeRow::from(fixture))
                .await
                .map_err(|err| {
                    clash(
                        err,
                        &format!("{base}.employees[{i}]"),
                        "an employee with this idEmployee",
                    )
                })?;
        }
        for (i, fixture) in prepared.cards.iter().enumerate() {
            card::insert(tx, tenant, &CardRow::from(fixture)).await.map_err(|err| {
                clash(
                    err,
                    &format!("{base}.cards[{i}]"),
                    "a card with this idCard or customIdCard",
                )
            })?;
        }
        Ok(BTreeMap::from([
            ("clients", prepared.clients.len() as u64),
            ("employees", prepared.employees.len() as u64),
            ("cards", prepared.cards.len() as u64),
            ("categories", prepared.categories.len() as u64),
        ]))
    }

    async fn clear(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        crate::db::delete_tenant_rows(
            tx,
            tenant,
            &[
                "sup_nonces",
                "sup_cards",
                "sup_employees",
                "sup_categories",
                "sup_clients",
            ],
        )
        .await
    }

    async fn export(pool: &AnyPool, tenant: &str) -> Result<PreparedSupFixtures, sqlx::Error> {
        let clients = client::all(pool, tenant).await?;
        let employees = employee::all(pool, tenant).await?;
        let cards = card::all(pool, tenant).await?;
        let categories = category::all(pool, tenant).await?;
        Ok(SupFixtures {
            categories: categories
                .into_iter()
                .map(|row| {
                    Ok(CategoryFixture {
                        id_category: stored_uuid("sup_categories.id_category", &row.id_category)?,
                        name_category: row.name_category,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?,
            clients: clients.into_iter().map(ClientFixture::from).collect(),
            employees: employees
                .into_iter()
                .map(EmployeeFixture::try_from)
                .collect::<Result<Vec<_>, _>>()?,
            cards: cards
                .into_iter()
                .map(CardFixture::try_from)
                .collect::<Result<Vec<_>, _>>()?,
        })
    }
}

fn check_clients(clients: &[ClientFixture], base: &str) -> Result<(), FixtureError> {
    let mut logins = SeenOnce::default();
    for (i, client) in clients.iter().enumerate() {
        let path = format!("{base}.clients[{i}]");
        let login_path = format!("{path}.login");
        if client.login.trim().is_empty() {
            return Err(invalid(login_path, "must be non-empty and unique"));
        }
        once(&mut logins, &client.login, login_path, "must be non-empty and unique")?;
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
    Ok(())
}

fn prepare_categories(
    categories: Vec<CategoryFixture>,
    base: &str,
) -> Result<Vec<CategoryFixture<Uuid>>, FixtureError> {
    let mut ids = SeenOnce::default();
    let mut prepared = Vec::with_capacity(categories.len());
    for (i, category) in categories.into_iter().enumerate() {
        let path = format!("{base}.categories[{i}]");
        let id = category.id_category.unwrap_or_else(Uuid::new_v4);
        once(
            &mut ids,
            &id.to_string(),
            format!("{path}.idCategory"),
            "appears more than once",
        )?;
        if category.name_category.trim().is_empty() {
            return Err(invalid(format!("{path}.nameCategory"), "must not be empty"));
        }
        prepared.push(CategoryFixture {
            id_category: id,
            name_category: category.name_category,
        });
    }
    Ok(prepared)
}

fn prepare_employees(
    employees: Vec<EmployeeFixture>,
    categories: &[CategoryFixture<Uuid>],
    base: &str,
) -> Result<Vec<EmployeeFixture<Uuid>>, FixtureError> {
    let mut ids = SeenOnce::default();
    let mut prepared = Vec::with_capacity(employees.len());
    for (i, employee) in employees.into_iter().enumerate() {
        let path = format!("{base}.employees[{i}]");
        let id = employee.id_employee.unwrap_or_else(Uuid::new_v4);
        once(
            &mut ids,
            &id.to_string(),
            format!("{path}.idEmployee"),
            "appears more than once",
        )?;
        as_the_api_takes::<EmployeeFields>(&employee, &path)?;
        if employee
            .id_category
            .is_some_and(|id| !categories.iter().any(|category| category.id_category == id))
        {
            return Err(invalid(
                format!("{path}.idCategory"),
                "no such category in this document",
            ));
        }
        prepared.push(employee.with_id(id));
    }
    Ok(prepared)
}

/// The cards, their holders among `employees` (already prepared).
fn prepare_cards(
    cards: Vec<CardFixture>,
    employees: &[EmployeeFixture<Uuid>],
    base: &str,
) -> Result<Vec<CardFixture<Uuid>>, FixtureError> {
    let employee_ids: HashSet<Uuid> = employees.iter().map(|employee| employee.id_employee).collect();
    let (mut ids, mut custom_ids, mut main_holders) = (SeenOnce::default(), SeenOnce::default(), SeenOnce::default());
    let mut prepared = Vec::with_capacity(cards.len());
    for (i, card) in cards.into_iter().enumerate() {
        let path = format!("{base}.cards[{i}]");
        let id = card.id_card.unwrap_or_else(Uuid::new_v4);
        once(
            &mut ids,
            &id.to_string(),
            format!("{path}.idCard"),
            "appears more than once",
        )?;
        let custom_id_path = format!("{path}.customIdCard");
        as_the_api_takes::<Ean>(&card.custom_id_card, &custom_id_path)?;
        once(
            &mut custom_ids,
            &card.custom_id_card,
            custom_id_path,
            "must be a unique EAN-8 or EAN-13",
        )?;
        match (card.id_employee, card.status_card) {
            (None, None) => {}
            (Some(holder), Some(status)) => {
                if !employee_ids.contains(&holder) {
                    return Err(invalid(
                        format!("{path}.idEmployee"),
                        "no such employee in this document",
                    ));
                }
                if status == CardStatus::Main {
                    once(
                        &mut main_holders,
                        &holder.to_string(),
                        format!("{path}.statusCard"),
                        "the employee already has a MAIN card",
                    )?;
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
        if card.card_type.trim().is_empty() {
            return Err(invalid(format!("{path}.type"), "must not be empty"));
        }
        if rubles_to_kopecks(card.balance).is_none() {
            return Err(invalid(format!("{path}.balance"), "must be a number of rubles"));
        }
        if let Some(limit) = &card.limit {
            check_limit(limit, &format!("{path}.limit"))?;
        }
        prepared.push(card.with_id(id));
    }
    Ok(prepared)
}

/// A fixture's limit obeys the rules of the API's, its declaration's and those across members.
fn check_limit(limit: &Limit, path: &str) -> Result<(), FixtureError> {
    as_the_api_takes::<Limit>(limit, path)?;
    match limit.refusals(path).iter().next() {
        Some(refusal) => Err(invalid(refusal.field.clone(), &refusal.message)),
        None => Ok(()),
    }
}

/// What a fixture writes at `path` is what the API's declaration `T` takes: the first problem of
/// it (in the API's words) otherwise, under its member's path.
fn as_the_api_takes<T>(value: &impl Serialize, path: &str) -> Result<(), FixtureError>
where
    T: serde::de::DeserializeOwned + schemars::JsonSchema + 'static,
{
    let document = serde_json::to_value(value).map_err(|err| invalid(path.to_owned(), &err.to_string()))?;
    match wire::read::<T>(document, &WORDS) {
        Ok(_) => Ok(()),
        Err(problems) => {
            let (field, message) = problems
                .first()
                .map(|problem| (problem.field.as_str(), problem.message.as_str()))
                .unwrap_or(("body", ""));
            let at = match field {
                "body" => path.to_owned(),
                member => format!("{path}.{member}"),
            };
            Err(invalid(at, &format!("not what the API takes: {message}")))
        }
    }
}

impl<Id> EmployeeFixture<Id> {
    fn with_id<New>(self, id_employee: New) -> EmployeeFixture<New> {
        EmployeeFixture {
            id_employee,
            custom_id: self.custom_id,
            surname: self.surname,
            name: self.name,
            patronymic: self.patronymic,
            phone: self.phone,
            email: self.email,
            status: self.status,
            id_category: self.id_category,
        }
    }
}

impl<Id> CardFixture<Id> {
    fn with_id<New>(self, id_card: New) -> CardFixture<New> {
        CardFixture {
            id_card,
            custom_id_card: self.custom_id_card,
            available: self.available,
            valid_until: self.valid_until,
            id_employee: self.id_employee,
            status_card: self.status_card,
            card_type: self.card_type,
            balance: self.balance,
            balance_updated_at: self.balance_updated_at,
            limit: self.limit,
        }
    }
}

const DATE: &str = "%Y-%m-%d";

/// A stored value that does not read back as what the column holds.
fn unreadable(column: &str, value: &str, what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("{column}: {value:?} is not {what}").into())
}

fn stored_uuid(column: &str, value: &str) -> Result<Uuid, sqlx::Error> {
    Uuid::parse_str(value).map_err(|_| unreadable(column, value, "a UUID"))
}

impl From<&ClientFixture> for ClientRow {
    fn from(client: &ClientFixture) -> ClientRow {
        ClientRow {
            login: client.login.clone(),
            password: client.password.clone(),
            encryption_key: client.encryption_key.clone(),
        }
    }
}

impl From<ClientRow> for ClientFixture {
    fn from(row: ClientRow) -> ClientFixture {
        ClientFixture {
            login: row.login,
            password: row.password,
            encryption_key: row.encryption_key,
        }
    }
}

impl From<&EmployeeFixture<Uuid>> for EmployeeRow {
    fn from(employee: &EmployeeFixture<Uuid>) -> EmployeeRow {
        EmployeeRow {
            id_employee: employee.id_employee.to_string(),
            custom_id: employee.custom_id.clone(),
            surname: employee.surname.clone(),
            name: employee.name.clone(),
            patronymic: employee.patronymic.clone(),
            phone: employee.phone.clone(),
            email: employee.email.clone(),
            status: employee.status.clone(),
            id_category: employee.id_category.map(|id| id.to_string()),
        }
    }
}

impl TryFrom<EmployeeRow> for EmployeeFixture<Uuid> {
    type Error = sqlx::Error;

    fn try_from(row: EmployeeRow) -> Result<EmployeeFixture<Uuid>, sqlx::Error> {
        Ok(EmployeeFixture {
            id_employee: stored_uuid("sup_employees.id_employee", &row.id_employee)?,
            custom_id: row.custom_id,
            surname: row.surname,
            name: row.name,
            patronymic: row.patronymic,
            phone: row.phone,
            email: row.email,
            status: row.status,
            id_category: row
                .id_category
                .as_deref()
                .map(|id| stored_uuid("sup_employees.id_category", id))
                .transpose()?,
        })
    }
}

impl From<&CardFixture<Uuid>> for CardRow {
    fn from(card: &CardFixture<Uuid>) -> CardRow {
        CardRow {
            id_card: card.id_card.to_string(),
            custom_id_card: card.custom_id_card.clone(),
            available: i64::from(card.available),
            valid_until: card.valid_until.format(DATE).to_string(),
            id_employee: card.id_employee.map(|id| id.to_string()),
            status_card: card.status_card.map(|status| status.name().to_owned()),
            card_type: card.card_type.clone(),
            balance_kopecks: rubles_to_kopecks(card.balance).unwrap_or_default(),
            balance_updated_at_ms: card.balance_updated_at.map(to_ms),
            limits: card.limit.as_ref().map(limits::to_stored),
        }
    }
}

impl TryFrom<CardRow> for CardFixture<Uuid> {
    type Error = sqlx::Error;

    fn try_from(row: CardRow) -> Result<CardFixture<Uuid>, sqlx::Error> {
        let valid_until = NaiveDate::parse_from_str(&row.valid_until, DATE)
            .map_err(|_| unreadable("sup_cards.valid_until", &row.valid_until, "a date (YYYY-MM-DD)"))?;
        let id_employee = row
            .id_employee
            .as_deref()
            .map(|id| stored_uuid("sup_cards.id_employee", id))
            .transpose()?;
        let status_card = row
            .status_card
            .as_deref()
            .map(|name| {
                CardStatus::from_name(name).ok_or_else(|| unreadable("sup_cards.status_card", name, "a card status"))
            })
            .transpose()?;
        Ok(CardFixture {
            id_card: stored_uuid("sup_cards.id_card", &row.id_card)?,
            custom_id_card: row.custom_id_card,
            available: row.available != 0,
            valid_until,
            id_employee,
            status_card,
            card_type: row.card_type,
            balance: kopecks_to_rubles(row.balance_kopecks),
            balance_updated_at: row
                .balance_updated_at_ms
                .map(|ms| {
                    DateTime::from_timestamp_millis(ms)
                        .ok_or_else(|| unreadable("sup_cards.balance_updated_at_ms", &ms.to_string(), "a time"))
                })
                .transpose()?,
            limit: row.limits.as_deref().map(limits::from_stored).transpose()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card_row() -> CardRow {
        CardRow {
            id_card: "27207024-38fd-47d0-a5e6-695f71628cdc".to_owned(),
            custom_id_card: "1234567890123".to_owned(),
            available: 1,
            valid_until: "2030-12-31".to_owned(),
            id_employee: None,
            status_card: None,
            card_type: "PLASTIC".to_owned(),
            balance_kopecks: 1050,
            balance_updated_at_ms: None,
            limits: None,
        }
    }

    #[test]
    fn unreadable_stored_values_are_errors() {
        assert!(CardFixture::try_from(card_row()).is_ok());
        let bad_date = CardRow {
            valid_until: "31.12.2030".to_owned(),
            ..card_row()
        };
        let err = CardFixture::try_from(bad_date).unwrap_err().to_string();
        assert!(err.contains("sup_cards.valid_until"), "{err}");
        let bad_status = CardRow {
            id_employee: Some("7f21773d-1d88-4fb0-835a-a4db53befd45".to_owned()),
            status_card: Some("GOLD".to_owned()),
            ..card_row()
        };
        assert!(CardFixture::try_from(bad_status).is_err());
        let bad_id = CardRow {
            id_card: "nil".to_owned(),
            ..card_row()
        };
        assert!(CardFixture::try_from(bad_id).is_err());
    }

    #[test]
    fn preparing_assigns_every_id() {
        let written: SupFixtures = serde_json::from_value(serde_json::json!({
            "employees": [{ "surname": "Иванов", "name": "Иван" }],
            "cards": [{ "customIdCard": "1234567890123", "validUntil": "2030-12-31" }]
        }))
        .unwrap();
        let prepared = written.prepare("$.sup").unwrap();
        let json = serde_json::to_value(&prepared).unwrap();
        assert!(json["employees"][0]["idEmployee"].is_string());
        assert!(json["cards"][0]["idCard"].is_string());
        assert!(json["cards"][0]["idEmployee"].is_null());
    }
}
