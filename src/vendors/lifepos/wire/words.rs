//! The words of a LIFE POS 422 `RequestIsNotValid`, per broken rule. The pages give the shape of
//! the answer, not its texts, so the texts are the emulator's own, in Russian as the pages are;
//! a member's declaration may give its own (`x-problem`).

use serde_json::Value;

use crate::platform::wire::{Problem, Rule, Wording};

pub struct LifeposWords;

pub static WORDS: LifeposWords = LifeposWords;

impl Wording for LifeposWords {
    fn problem(&self, problem: &Problem<'_>) -> String {
        match &problem.rule {
            Rule::Required => "поле обязательно".to_owned(),
            Rule::Malformed(why) => format!("тело запроса не является корректным JSON: {why}"),
            Rule::Type(_) if problem.field() == "body" => "тело запроса должно быть JSON-объектом".to_owned(),
            Rule::Type(types) => type_text(types),
            _ if problem.declared_text().is_some() => problem.declared_text().unwrap_or_default().to_owned(),
            Rule::Length { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!("от {min} до {max} символов"),
                (None, Some(max)) => format!("не длиннее {max} символов"),
                (Some(min), None) => format!("не короче {min} символов"),
                (None, None) => "недопустимая длина".to_owned(),
            },
            Rule::Range { min, max } => match (min, max) {
                (Some(min), Some(max)) => format!("от {min} до {max}"),
                (None, Some(max)) => format!("не больше {max}"),
                (Some(min), None) => format!("не меньше {min}"),
                (None, None) => "число вне допустимого диапазона".to_owned(),
            },
            Rule::OneOf(values) => format!("ожидается одно из значений: {}", listed(values)),
            Rule::Format(format) if format == "uuid" => "ожидается guid".to_owned(),
            Rule::Format(format) if format == "date-time" => "ожидается дата и время в формате ISO 8601".to_owned(),
            Rule::Items { min, max } => format!(
                "от {} до {} элементов",
                min.unwrap_or_default(),
                max.map_or_else(|| "∞".to_owned(), |max| max.to_string())
            ),
            Rule::Unknown => "неизвестное поле".to_owned(),
            Rule::Pattern(_) | Rule::Format(_) | Rule::Repeated | Rule::NoAlternative | Rule::Unreadable => {
                "значение не соответствует формату".to_owned()
            }
        }
    }
}

fn type_text(types: &[String]) -> String {
    let expected = match types.iter().find(|name| *name != "null").map(String::as_str) {
        Some("string") => "поле должно быть строкой",
        Some("integer") => "поле должно быть целым числом",
        Some("number") => "поле должно быть числом",
        Some("boolean") => "поле должно быть true или false",
        Some("array") => "ожидается список",
        _ => "ожидается объект",
    };
    if types.iter().any(|name| name == "null") {
        format!("{expected} или null")
    } else {
        expected.to_owned()
    }
}

fn listed(values: &[Value]) -> String {
    values
        .iter()
        .map(|value| value.as_str().map_or_else(|| value.to_string(), str::to_owned))
        .collect::<Vec<_>>()
        .join(", ")
}
