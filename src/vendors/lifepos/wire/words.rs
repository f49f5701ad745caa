//! The words of a LIFE POS 422 `RequestIsNotValid`: one text per broken rule, and the texts of
//! the refusals handlers make for the state a request meets. The pages give the shape of the
//! answer, not its texts, so the texts are the emulator's own, in Russian as the pages are; a
//! member's declaration may give its own (`x-problem`), which is its text for every rule but a
//! missing member.

use serde_json::Value;

use crate::platform::wire::{Problem, Rule, Wording};

#[derive(Clone, Copy, Debug, Default)]
pub struct LifeposWords;

pub static WORDS: LifeposWords = LifeposWords;

/// What is no guid.
pub const NOT_A_GUID: &str = "ожидается guid";
/// A `page_token` that is not a list's own (forged, altered, another tenant's or list's).
pub const PAGE_TOKEN_INVALID: &str = "недействительный токен страницы";
/// A member the entity has but a PATCH may not change.
pub const READ_ONLY: &str = "поле только для чтения";
/// A member a PATCH adds that the entity does not have.
pub const UNKNOWN_MEMBER: &str = "неизвестное поле";
/// A JSON Patch whose result is no longer an object.
pub const NOT_AN_OBJECT_ANY_MORE: &str = "объект должен остаться объектом";
/// A phone the pattern admits but that is no Russian number (8 or 12 digits).
pub const NOT_A_RUSSIAN_PHONE: &str = "номер телефона в России: +7 и 10 цифр";
/// A new outlet's `organization` other than the path's.
pub const ANOTHER_ORGANIZATION: &str = "должна совпадать с организацией в пути запроса";
/// An activation code's employee the organization does not have.
pub const NO_SUCH_EMPLOYEE: &str = "сотрудник не найден в организации";
/// An activation code's outlet the organization does not have.
pub const NO_SUCH_OUTLET: &str = "торговая точка не найдена в организации";
/// A sale's workplace that is not the organization's.
pub const NO_SUCH_WORKPLACE: &str = "рабочее место не найдено в организации";
/// A sale's `opened_at` that is no time.
pub const NOT_A_TIME: &str = "ожидается дата и время: RFC 3339 или ГГГГ-ММ-ДД ЧЧ:ММ:СС";
/// A sale's status a client cannot set (it follows from payments and refunds).
pub const STATUS_NOT_SETTABLE: &str = "допустимые значения: Opened, Canceled";
/// A new workplace when every number up to the largest is taken.
pub const NO_NUMBER_LEFT: &str = "свободных номеров не осталось";

impl Wording for LifeposWords {
    fn problem(&self, problem: &Problem<'_>) -> String {
        match &problem.rule {
            Rule::Required => "поле обязательно".to_owned(),
            Rule::Malformed(why) => format!("тело запроса не является корректным JSON: {why}"),
            Rule::Type(types) if problem.field() == "body" => body_type_text(types),
            Rule::RepeatedParameter => "параметр указан более одного раза".to_owned(),
            Rule::More { listed, more } => format!("не показано ошибок: {more} (показаны первые {listed})"),
            Rule::Repeated => "значения в списке не должны повторяться".to_owned(),
            _ if problem.declared_text().is_some() => problem.declared_text().unwrap_or_default().to_owned(),
            Rule::Type(types) => type_text(types),
            Rule::Length { min, max } => length_text(*min, *max),
            Rule::Range { min, max } => range_text(*min, *max, declares_integer(problem.schema)),
            Rule::OneOf(values) => allowed(&listed(values)),
            Rule::Format(format) if format == "uuid" => NOT_A_GUID.to_owned(),
            Rule::Format(format) if format == "date-time" => {
                "ожидается дата и время (RFC 3339), например 2024-10-23T06:47:41.212Z".to_owned()
            }
            Rule::Format(format) if format == "date" => "ожидается дата, например 2024-10-23".to_owned(),
            Rule::Pattern(pattern) => format!("должно соответствовать {pattern}"),
            Rule::Items { min, max } => format!(
                "от {} до {} элементов",
                min.unwrap_or_default(),
                max.map_or_else(|| "∞".to_owned(), |max| max.to_string())
            ),
            Rule::Unknown => UNKNOWN_MEMBER.to_owned(),
            Rule::Format(_) | Rule::NoAlternative | Rule::Unreadable => "значение не соответствует формату".to_owned(),
        }
    }
}

fn body_type_text(types: &[String]) -> String {
    if types.iter().any(|name| name == "array") {
        "тело запроса должно быть JSON-массивом".to_owned()
    } else {
        "тело запроса должно быть JSON-объектом".to_owned()
    }
}

fn type_text(types: &[String]) -> String {
    let expected = match types.iter().find(|name| *name != "null").map(String::as_str) {
        Some("string") => "поле должно быть строкой",
        Some("integer") => "поле должно быть целым числом",
        Some("number") => "поле должно быть числом",
        Some("boolean") => "ожидается true или false",
        Some("array") => "ожидается массив",
        _ => "ожидается объект",
    };
    if types.iter().any(|name| name == "null") {
        format!("{expected} или null")
    } else {
        expected.to_owned()
    }
}

fn length_text(min: Option<u64>, max: Option<u64>) -> String {
    match (min.filter(|min| *min > 0), max) {
        (Some(min), Some(max)) if min == max => format!("ровно {min} {}", characters(min)),
        (Some(min), Some(max)) => format!("от {min} до {max} символов"),
        (None, Some(max)) => format!("не длиннее {max} символов"),
        (Some(1), None) => "не может быть пустым".to_owned(),
        (Some(min), None) => format!("не короче {min} символов"),
        (None, None) => "недопустимая длина".to_owned(),
    }
}

/// «символ» agreeing with `count`, as in «ровно 32 символа», «ровно 19 символов».
fn characters(count: u64) -> &'static str {
    match (count % 10, count % 100) {
        (1, hundredth) if hundredth != 11 => "символ",
        (2..=4, hundredth) if !(12..=14).contains(&hundredth) => "символа",
        _ => "символов",
    }
}

fn range_text(min: Option<f64>, max: Option<f64>, integer: bool) -> String {
    let kind = if integer { "целое число " } else { "" };
    match (min, max) {
        (Some(min), Some(max)) => format!("{kind}от {min} до {max}"),
        (None, Some(max)) => format!("{kind}не больше {max}"),
        (Some(min), None) => format!("{kind}не меньше {min}"),
        (None, None) => "число вне допустимого диапазона".to_owned(),
    }
}

fn declares_integer(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(name)) => name == "integer",
        Some(Value::Array(names)) => names.iter().any(|name| name == "integer"),
        _ => false,
    }
}

/// What a member that takes only `values` says of another.
pub fn allowed<S: AsRef<str>>(values: &[S]) -> String {
    let values: Vec<&str> = values.iter().map(AsRef::as_ref).collect();
    format!("допустимые значения: {}", values.join(", "))
}

/// The values a member may take, null left out (an optional member's declaration lists it).
fn listed(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .filter(|value| !value.is_null())
        .map(|value| value.as_str().map_or_else(|| value.to_string(), str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_read_as_russian_counts_them() {
        assert_eq!(length_text(Some(32), Some(32)), "ровно 32 символа");
        assert_eq!(length_text(Some(19), Some(19)), "ровно 19 символов");
        assert_eq!(length_text(Some(21), Some(21)), "ровно 21 символ");
        assert_eq!(length_text(Some(2), Some(24)), "от 2 до 24 символов");
        assert_eq!(length_text(Some(0), Some(32)), "не длиннее 32 символов");
        assert_eq!(length_text(Some(1), None), "не может быть пустым");
        assert_eq!(range_text(Some(1.0), Some(99_999.0), true), "целое число от 1 до 99999");
    }
}
