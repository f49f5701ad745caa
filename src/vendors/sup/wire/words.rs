//! The words of a СУП 422 `{"data": [{"field", "message"}, …]}`, per broken rule. The document
//! gives the shape of the answer, not its texts, so the texts are the emulator's own, in Russian as
//! the pages are; a member's declaration may give its own (`x-problem`). The texts of what is read
//! before a declaration's walk (the `X-Nonce`, the path's ids, an encrypted body) are here too.

use serde_json::Value;

use crate::platform::wire::{Problem, Rule, Wording, NOT_BLANK};

#[derive(Clone, Copy, Debug, Default)]
pub struct SupWords;

pub static WORDS: SupWords = SupWords;

pub const REQUIRED: &str = "Обязательное поле";
pub const BLANK: &str = "Поле не может быть пустым";
pub const NOT_UUID: &str = "Значение должно быть UUID";
pub const NOT_JSON: &str = "Тело запроса не является корректным JSON";
pub const NOT_AN_OBJECT: &str = "Тело запроса должно быть JSON-объектом";
pub const NONCE_MISSING: &str = "Заголовок X-Nonce обязателен";
pub const NONCE_USED: &str = "Значение X-Nonce уже использовано";
pub const UNKNOWN: &str = "Неизвестное поле";
pub const AMOUNT_OF_UNLIMITED: &str = "У безлимитной карты сумма лимита не задаётся";
pub const WINDOW_BACKWARDS: &str = "Начало интервала должно быть раньше конца";
const MALFORMED: &str = "Значение не соответствует формату";

/// A body sealed for a client with a key that does not open.
pub fn not_decrypted(why: impl std::fmt::Display) -> String {
    format!("Тело запроса не расшифровано: {why}")
}

/// What a refusal says of the problems it does not name (`server.max_problems`).
fn more_text(listed: usize, more: usize) -> String {
    format!("Не показано ошибок: {more} (показаны первые {listed})")
}

impl Wording for SupWords {
    fn problem(&self, problem: &Problem<'_>) -> String {
        match &problem.rule {
            Rule::Required => REQUIRED.to_owned(),
            Rule::Malformed(_) => NOT_JSON.to_owned(),
            Rule::More { listed, more } => more_text(*listed, *more),
            Rule::Type(_) if problem.field() == "body" => NOT_AN_OBJECT.to_owned(),
            Rule::Type(types) => type_text(types).to_owned(),
            Rule::Pattern(pattern) if pattern == NOT_BLANK => BLANK.to_owned(),
            _ if problem.declared_text().is_some() => problem.declared_text().unwrap_or_default().to_owned(),
            Rule::Format(format) if format == "uuid" => NOT_UUID.to_owned(),
            Rule::OneOf(values) => format!("Допустимые значения: {}", listed(values)),
            Rule::Length { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!("От {min} до {max} символов"),
                (None, Some(max)) => format!("Не длиннее {max} символов"),
                (Some(min), None) => format!("Не короче {min} символов"),
                (None, None) => MALFORMED.to_owned(),
            },
            Rule::Range { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!("Число от {min} до {max}"),
                (None, Some(max)) => format!("Число не больше {max}"),
                (Some(min), None) => format!("Число не меньше {min}"),
                (None, None) => MALFORMED.to_owned(),
            },
            Rule::Items { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!("Список от {min} до {max} элементов"),
                (None, Some(max)) => format!("Список не длиннее {max} элементов"),
                (Some(min), None) => format!("Список не короче {min} элементов"),
                (None, None) => MALFORMED.to_owned(),
            },
            Rule::Repeated => "Значения в списке не должны повторяться".to_owned(),
            Rule::RepeatedParameter => "Параметр указан более одного раза".to_owned(),
            Rule::Unknown => UNKNOWN.to_owned(),
            Rule::Pattern(_) | Rule::Format(_) | Rule::NoAlternative | Rule::Unreadable => MALFORMED.to_owned(),
        }
    }
}

fn type_text(types: &[String]) -> &'static str {
    match types.iter().find(|name| *name != "null").map(String::as_str) {
        Some("string") => "Поле должно быть строкой",
        Some("integer") => "Поле должно быть целым числом",
        Some("number") => "Поле должно быть числом",
        Some("boolean") => "Поле должно быть true или false",
        Some("array") => "Поле должно быть списком",
        _ => "Поле должно быть объектом",
    }
}

fn listed(values: &[Value]) -> String {
    values
        .iter()
        .filter(|value| !value.is_null())
        .map(|value| value.as_str().map_or_else(|| value.to_string(), str::to_owned))
        .collect::<Vec<_>>()
        .join(", ")
}
