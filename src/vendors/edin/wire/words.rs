//! The words of EDIN's answers to a request its declaration refuses, each text once: the pages'
//! `Не заполнено обязательное поле "<field>"` for a member missing (absent, null or blank), and
//! `Недопустимый формат поля "<field>" <value>[, <rule>]` for one that is there but wrong, with
//! ` в блоке "<list>"` for a member of `amigos_info`'s entries. A declaration adds to them with
//! the extensions below; the rules' own texts (`формат даты DD.MM.YYYY`, …) are here too.

use serde_json::Value;

use crate::platform::wire::{Problem, Rule, Wording};
use crate::vendors::edin::wire::error::EdinError;

pub struct EdinWords;

pub static WORDS: EdinWords = EdinWords;

/// The whole text of any problem of the member, its absence included (the platform's key).
pub const PROBLEM: &str = "x-problem";
/// The whole text of a value that is there but wrong (its absence keeps the missing text).
pub const INVALID: &str = "x-invalid";
/// What the invalid text says after the value: `Недопустимый формат поля "<field>" <value>, <rule>`.
pub const RULE: &str = "x-rule";
/// The list whose entries the member belongs to, named in the text (`в блоке "amigos_info"`).
pub const BLOCK: &str = "x-block";
/// A wrong value comes back as a member of the answer beside `varMessage` (NotifyError's
/// `type_error`, as its page prints it).
pub const ECHO: &str = "x-echo";

/// Between the texts of several members' problems, which one `varMessage` carries.
pub const SEPARATOR: &str = "; ";

/// How the vendor starts the text of a wrong value; NotifyError's unknown `type_error` is this and
/// a space, with nothing after it.
pub const INVALID_FORMAT: &str = "Недопустимый формат поля";

/// GetCert controller: any problem of the searched parameter.
pub const BAD_QUERY: &str = "Ошибка в параметрах запроса";
/// SetBind: an item of `product_binds` that fills none of its fields.
pub const EMPTY_BINDS: &str = "Не заполнены поля в блоке \"product_binds\"";
pub const DATE_RULE: &str = "формат даты DD.MM.YYYY";
pub const SUB_TYPE_RULE: &str = "вид сертификата не найден";
pub const TYPE_RULE: &str = "тип сертификата не найден";
/// The mask as the vendor prints it: Cyrillic Х in the first two groups, Latin X after.
pub const DKPP_RULE: &str = "должно быть число в виде ХХ.ХХ.XX-XX.XX";
pub const BASE64_RULE: &str = "ожидается base64";

pub fn missing(field: &str, block: Option<&str>) -> String {
    format!("Не заполнено обязательное поле \"{field}\"{}", in_block(block))
}

pub fn invalid(field: &str, value: &str, rule: Option<&str>, block: Option<&str>) -> String {
    let rule = rule.map(|rule| format!(", {rule}")).unwrap_or_default();
    format!("{INVALID_FORMAT} \"{field}\" {value}{rule}{}", in_block(block))
}

/// A wrong value the text does not quote: `Недопустимый формат поля "<field>", <rule>`.
pub fn unquoted(field: &str, rule: &str) -> String {
    format!("{INVALID_FORMAT} \"{field}\", {rule}")
}

/// NotifyError's unknown `type_error`, exactly as printed (the trailing space is the vendor's).
pub fn unknown_error_type() -> String {
    format!("{INVALID_FORMAT} ")
}

pub fn too_long_rule(max: usize) -> String {
    format!("максимальное количество символов {max}")
}

pub fn too_many_rule(max: usize) -> String {
    format!("максимальное количество элементов {max}")
}

pub fn digits_rule(digits: &std::ops::RangeInclusive<usize>) -> String {
    format!("должно быть число от {} до {} символов", digits.start(), digits.end())
}

fn in_block(block: Option<&str>) -> String {
    block.map(|block| format!(" в блоке \"{block}\"")).unwrap_or_default()
}

/// A value as the vendor quotes it in a message: a string as it is, anything else as JSON.
pub fn quoted(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A text extension of the member's declaration.
pub fn declared<'a>(problem: &Problem<'a>, key: &str) -> Option<&'a str> {
    problem.schema.get(key).and_then(Value::as_str)
}

/// Whether the problem is the member's absence (a list with too few entries is an absent one).
pub fn is_missing(problem: &Problem<'_>) -> bool {
    match &problem.rule {
        Rule::Required => true,
        Rule::Items { min: Some(min), .. } => problem
            .value
            .and_then(Value::as_array)
            .is_some_and(|items| (items.len() as u64) < *min),
        _ => false,
    }
}

impl Wording for EdinWords {
    fn problem(&self, problem: &Problem<'_>) -> String {
        if let Some(text) = problem.declared_text() {
            return text.to_owned();
        }
        let field = problem.member();
        let block = declared(problem, BLOCK);
        match &problem.rule {
            Rule::Malformed(_) => EdinError::MalformedBody.to_string(),
            Rule::More { listed, more } => format!("Не показано ошибок: {more} (показаны первые {listed})"),
            Rule::Type(_) if problem.field() == "body" => EdinError::MalformedBody.to_string(),
            _ if is_missing(problem) => missing(field, block),
            _ => match declared(problem, INVALID) {
                Some(text) => text.to_owned(),
                None => invalid(
                    field,
                    &problem.value.map(quoted).unwrap_or_default(),
                    declared(problem, RULE),
                    block,
                ),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_texts_are_the_pages() {
        assert_eq!(
            missing("gln", Some("amigos_info")),
            "Не заполнено обязательное поле \"gln\" в блоке \"amigos_info\""
        );
        assert_eq!(
            invalid("dkpp", "1q2w3e4r", Some(DKPP_RULE), None),
            "Недопустимый формат поля \"dkpp\" 1q2w3e4r, должно быть число в виде ХХ.ХХ.XX-XX.XX"
        );
        assert_eq!(
            invalid("isRetailer", "fdsa", None, Some("amigos_info")),
            "Недопустимый формат поля \"isRetailer\" fdsa в блоке \"amigos_info\""
        );
        assert_eq!(
            unquoted("file_body", BASE64_RULE),
            "Недопустимый формат поля \"file_body\", ожидается base64"
        );
        assert_eq!(unknown_error_type(), "Недопустимый формат поля ");
        assert_eq!(digits_rule(&(4..=10)), "должно быть число от 4 до 10 символов");
        assert_eq!(quoted(&json!("fdsa")), "fdsa");
        assert_eq!(quoted(&json!(324)), "324");
    }
}
