//! `POST /v1/employee/add` and `PUT /v1/employee/{idEmployee}` take an employee; they and
//! `GET /v1/employee/{idEmployee}` answer one as `{"data": …}`.
//!
//! An employee: `idEmployee` (assigned), `customId` (up to 64 Latin letters, digits, `-` or `_`:
//! the page is cut after "Длина 64 символа, допустимые значения строчные и заг…"), `surname` and
//! `name` (required, not blank), `patronymic`, `phone` (10 digits, as in `9123456789`), `email`,
//! `idCategory` (a category of `POST /v1/category`), `status` (`WORK` by default, or `FIRED`). The
//! answers show `phone` as a JSON number, as the page's example does; `GET` adds the employee's
//! `cards`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::platform::wire::NOT_BLANK;
use crate::vendors::sup::store::employees::EmployeeRow;
use crate::vendors::sup::wire::cards::HeldCard;
use crate::vendors::sup::wire::Digits;

/// A partner's `customId`: 1 to 64 Latin letters, digits, `-` or `_`.
pub const CUSTOM_ID_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";
/// Ten digits without the country code, as the document's `9123456789`.
pub const PHONE_PATTERN: &str = "^[0-9]{10}$";
/// Something, `@`, a domain with a dot; no space anywhere.
pub const EMAIL_PATTERN: &str = "^[^@ ]+@[^ ]*\\.[^ ]*$";

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EmployeeStatus {
    #[default]
    Work,
    Fired,
}

impl EmployeeStatus {
    pub fn name(self) -> &'static str {
        match self {
            EmployeeStatus::Work => "WORK",
            EmployeeStatus::Fired => "FIRED",
        }
    }
}

/// The employee a body describes: the whole of it, for `PUT` too (a member left out is cleared).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeFields {
    #[serde(default)]
    #[schemars(regex(pattern = CUSTOM_ID_PATTERN))]
    #[schemars(extend("x-problem" = "Идентификатор: до 64 символов — латинские буквы, цифры, «-» и «_»"))]
    pub custom_id: Option<String>,
    #[schemars(regex(pattern = NOT_BLANK))]
    pub surname: String,
    #[schemars(regex(pattern = NOT_BLANK))]
    pub name: String,
    #[serde(default)]
    pub patronymic: Option<String>,
    #[serde(default)]
    #[schemars(regex(pattern = PHONE_PATTERN), extend("x-problem" = "Телефон: 10 цифр без кода страны"))]
    pub phone: Option<String>,
    #[serde(default)]
    #[schemars(regex(pattern = EMAIL_PATTERN), extend("x-problem" = "Некорректный адрес электронной почты"))]
    pub email: Option<String>,
    #[serde(default)]
    pub id_category: Option<uuid::Uuid>,
    #[serde(default)]
    pub status: Option<EmployeeStatus>,
}

impl EmployeeFields {
    pub fn into_row(self, id_employee: String) -> EmployeeRow {
        EmployeeRow {
            id_employee,
            custom_id: self.custom_id,
            surname: self.surname,
            name: self.name,
            patronymic: self.patronymic,
            phone: self.phone,
            email: self.email,
            status: self.status.unwrap_or_default().name().to_owned(),
            id_category: self.id_category.map(|id| id.to_string()),
        }
    }
}

/// An employee as the answers show one, in the order of the vendor's example.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Employee {
    pub id_employee: String,
    pub custom_id: Option<String>,
    pub surname: String,
    pub name: String,
    pub patronymic: Option<String>,
    /// A JSON number, as in the page's example (requests send it as a string).
    pub phone: Option<Digits>,
    pub email: Option<String>,
    pub id_category: Option<String>,
    pub status: String,
}

impl From<EmployeeRow> for Employee {
    fn from(row: EmployeeRow) -> Employee {
        Employee {
            phone: row.phone.as_deref().map(Digits::of),
            id_employee: row.id_employee,
            custom_id: row.custom_id,
            surname: row.surname,
            name: row.name,
            patronymic: row.patronymic,
            email: row.email,
            id_category: row.id_category,
            status: row.status,
        }
    }
}

/// `GET /v1/employee/{idEmployee}`: the employee and the cards they hold.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EmployeeWithCards {
    #[serde(flatten)]
    pub employee: Employee,
    pub cards: Vec<HeldCard>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::wire::{self, every_pattern_compiles, schema_of};
    use crate::vendors::sup::wire::words::WORDS;
    use serde_json::json;

    #[test]
    fn an_employee_needs_only_a_surname_and_a_name_and_works_by_default() {
        let employee: EmployeeFields =
            wire::read(json!({ "surname": "Иванов", "name": "Иван", "status": null }), &WORDS)
                .unwrap_or_else(|problems| panic!("{problems:?}"));
        let row = employee.into_row("id".to_owned());
        assert_eq!((row.status.as_str(), row.phone), ("WORK", None));
    }

    #[test]
    fn the_patterns_are_the_pages_values() {
        let compiled = schema_of::<EmployeeFields>();
        every_pattern_compiles(&compiled.schema).expect("compiles");
        for (member, good, bad) in [
            ("phone", "9123456789", "+79123456789"),
            ("email", "example@mail.ru", "example@mail"),
            ("customId", "E-9_x", "два слова"),
        ] {
            let document = |value: &str| json!({ "surname": "Иванов", "name": "Иван", member: value });
            assert!(
                wire::read::<EmployeeFields>(document(good), &WORDS).is_ok(),
                "{member}: {good}"
            );
            let problems = wire::read::<EmployeeFields>(document(bad), &WORDS)
                .err()
                .unwrap_or_default();
            assert_eq!(problems.len(), 1, "{member}: {bad}");
            assert_eq!(problems[0].field, member);
        }
    }
}
