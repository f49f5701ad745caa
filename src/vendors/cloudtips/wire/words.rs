//! The words of a CloudTips 400 `validationErrors`, per broken rule: one text a rule. The vendor
//! quotes few of them ("Необходимо указать заведение", "Неверный формат телефонного номера: …");
//! those are declared on their members (`x-problem`), the rest are the emulator's own Russian
//! wording. A member's own text wins over the rule's.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde_json::Value;

use crate::platform::wire::{Formats, Problem, Rule, Wording};
use crate::vendors::cloudtips::wire::values;

#[derive(Clone, Copy, Debug, Default)]
pub struct CloudtipsWords;

pub static WORDS: CloudtipsWords = CloudtipsWords;

/// A member missing, null or blank (ASP.NET's `[Required]`).
pub const REQUIRED: &str = "Поле обязательно для заполнения";
/// A query string that cannot be read as name-value pairs (the reason follows).
pub const MALFORMED_QUERY: &str = "Некорректные параметры";
/// A body that is not the JSON object an operation takes.
pub const NOT_AN_OBJECT: &str = "Тело запроса должно быть JSON-объектом";

impl Wording for CloudtipsWords {
    fn problem(&self, problem: &Problem<'_>) -> String {
        match &problem.rule {
            Rule::Malformed(why) => return format!("Тело запроса не является корректным JSON: {why}"),
            Rule::More { listed, more } => return format!("Не показано ошибок: {more} (показаны первые {listed})"),
            _ => {}
        }
        if let Some(text) = problem.declared_text() {
            return text.to_owned();
        }
        let blank = problem
            .value
            .and_then(Value::as_str)
            .is_some_and(|text| text.trim().is_empty());
        match &problem.rule {
            Rule::Type(_) if problem.field() == "body" => NOT_AN_OBJECT.to_owned(),
            Rule::Required => REQUIRED.to_owned(),
            Rule::Pattern(_) | Rule::Length { .. } if blank => REQUIRED.to_owned(),
            Rule::Pattern(pattern) if *pattern == *PHONE => {
                wrong_phone(problem.value.and_then(Value::as_str).unwrap_or_default())
            }
            Rule::Type(types) => type_text(types, problem.schema),
            Rule::Range { min, max } => integer_text(*min, *max),
            Rule::Format(format) if format == "date" || format == "date-time" => "Некорректная дата".to_owned(),
            Rule::Length { min, max } => format!(
                "Длина должна быть от {} до {} символов",
                min.unwrap_or_default(),
                max.map_or_else(|| "∞".to_owned(), |max| max.to_string())
            ),
            Rule::Items { min, max } => match (min.filter(|min| *min > 0), max) {
                (Some(min), Some(max)) => format!("Список должен содержать от {min} до {max} элементов"),
                (None, Some(max)) => format!("Список должен содержать не более {max} элементов"),
                (Some(min), None) => format!("Список должен содержать не менее {min} элементов"),
                (None, None) => "Недопустимое число элементов".to_owned(),
            },
            Rule::Unknown => "Поле не существует или не может быть изменено".to_owned(),
            Rule::Pattern(_)
            | Rule::Format(_)
            | Rule::OneOf(_)
            | Rule::NoAlternative
            | Rule::Unreadable
            | Rule::Repeated
            | Rule::RepeatedParameter
            | Rule::Malformed(_)
            | Rule::More { .. } => "Некорректное значение".to_owned(),
        }
    }

    fn formats(&self) -> &Formats {
        static FORMATS: LazyLock<Formats> = LazyLock::new(|| Formats::with(&[("date", is_full_date)]));
        &FORMATS
    }
}

/// The vendor's text for a phone in no notation it reads ("Возможные ошибки" of create-many).
pub fn wrong_phone(raw: &str) -> String {
    format!("Неверный формат телефонного номера: {raw}")
}

static PHONE: LazyLock<String> = LazyLock::new(values::phone);

/// RFC 3339's `full-date`, `YYYY-MM-DD`, a day that exists.
fn is_full_date(value: &str) -> bool {
    value.len() == 10 && NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
}

/// What a value of the wrong type should have been; an integer with bounds names them.
fn type_text(types: &[String], schema: &Value) -> String {
    match types.iter().find(|name| *name != "null").map(String::as_str) {
        Some("string") => "Значение должно быть строкой".to_owned(),
        Some("integer") => integer_text(
            schema.get("minimum").and_then(Value::as_f64),
            schema.get("maximum").and_then(Value::as_f64),
        ),
        Some("number") => "Значение должно быть числом".to_owned(),
        Some("boolean") => "Значение должно быть true или false".to_owned(),
        Some("array") if schema.pointer("/items/type") == Some(&Value::from("string")) => {
            "Ожидается список строк".to_owned()
        }
        Some("array") => "Ожидается список".to_owned(),
        _ => "Значение должно быть объектом".to_owned(),
    }
}

fn integer_text(min: Option<f64>, max: Option<f64>) -> String {
    // The ends of i64 are what an integer is anyway, not a bound worth naming.
    let named = |bound: Option<f64>| bound.filter(|bound| bound.abs() < 9.0e18);
    match (named(min), named(max)) {
        (Some(min), Some(max)) => format!("Значение должно быть целым числом от {min} до {max}"),
        (Some(min), None) => format!("Значение должно быть целым числом не меньше {min}"),
        (None, Some(max)) => format!("Значение должно быть целым числом не больше {max}"),
        (None, None) => "Значение должно быть целым числом".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_dates_are_exact() {
        assert!(is_full_date("2026-02-28"));
        assert!(!is_full_date("2026-02-30"));
        assert!(!is_full_date("2026-2-28"));
        assert!(!is_full_date("2026-02-28T00:00:00Z"));
    }

    #[test]
    fn integer_bounds_are_named() {
        assert_eq!(
            integer_text(Some(180.0), Some(604_800.0)),
            "Значение должно быть целым числом от 180 до 604800"
        );
        assert_eq!(
            integer_text(Some(1.0), None),
            "Значение должно быть целым числом не меньше 1"
        );
    }
}
