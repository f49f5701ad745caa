//! An organization's `support` contacts, by the rules `v6-list-organization.md` and
//! `v6-get-organization-by-id.md` print: `line` (2–24) and `responsibility` (2–128) required;
//! `phone` (the phone rule, see `phone_rule`), `email` (6–64, the pages' e-mail pattern),
//! `opening_hours` (2–128), `viber` and `telegram` (2–64 each) optional or null; `type_of` any
//! string. The pages print one more field (2–64) without its name, so any other member is taken
//! when it is a string of 2–64 characters or null.

use serde_json::Value;

use crate::vendors::lifepos::employee::email_problem;
use crate::vendors::lifepos::error::FieldErrors;
use crate::vendors::lifepos::phone_rule;

/// A text member's rule: required or not, and its length.
const TEXTS: [(&str, bool, usize, usize); 5] = [
    ("line", true, 2, 24),
    ("responsibility", true, 2, 128),
    ("opening_hours", false, 2, 128),
    ("viber", false, 2, 64),
    ("telegram", false, 2, 64),
];

/// Adds a problem to `errors` for every rule `support` (an object or null) breaks.
pub fn check(support: &Value, errors: &mut FieldErrors) {
    let support = match support {
        Value::Null => return,
        Value::Object(support) => support,
        _ => {
            errors.add("support", "ожидается объект или null");
            return;
        }
    };
    let path = |field: &str| format!("support.{field}");
    for (field, required, min, max) in TEXTS {
        match support.get(field) {
            None | Some(Value::Null) if required => errors.add(&path(field), "поле обязательно"),
            None | Some(Value::Null) => {}
            Some(Value::String(text)) if (min..=max).contains(&text.chars().count()) => {}
            Some(_) => errors.add(&path(field), format!("строка от {min} до {max} символов")),
        }
    }
    match support.get("phone") {
        None | Some(Value::Null) => {}
        Some(Value::String(phone)) => {
            if let Some(why) = phone_rule::problem(phone) {
                errors.add(&path("phone"), why);
            }
        }
        Some(_) => errors.add(&path("phone"), "поле должно быть строкой"),
    }
    match support.get("email") {
        None | Some(Value::Null) => {}
        Some(Value::String(email)) => {
            if let Some(why) = email_problem(email) {
                errors.add(&path("email"), why);
            }
        }
        Some(_) => errors.add(&path("email"), "поле должно быть строкой"),
    }
    let named =
        |key: &str| TEXTS.iter().any(|(field, ..)| *field == key) || ["phone", "email", "type_of"].contains(&key);
    for (key, value) in support.iter().filter(|(key, _)| !named(key)) {
        let fits = match value {
            Value::Null => true,
            Value::String(text) => (2..=64).contains(&text.chars().count()),
            _ => false,
        };
        if !fits {
            errors.add(&path(key), "строка от 2 до 64 символов или null");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(support: Value) -> Vec<String> {
        let mut errors = FieldErrors::default();
        check(&support, &mut errors);
        errors.fields()
    }

    #[test]
    fn the_pages_fields_are_checked() {
        let full = json!({ "line": "Поддержка", "responsibility": "Кассы", "phone": "+79990000100",
            "email": "help@shop.ru", "opening_hours": "10–22", "viber": "shop", "telegram": "@shop",
            "whatsapp": "+79990000100", "type_of": "Support" });
        assert!(problems(full).is_empty());
        assert!(problems(Value::Null).is_empty());
        assert_eq!(
            problems(json!({ "line": "Л" })),
            ["support.line", "support.responsibility"]
        );
        assert_eq!(
            problems(json!({ "line": "Линия", "responsibility": "Кассы", "phone": "12", "email": "x", "site": 5 })),
            ["support.email", "support.phone", "support.site"]
        );
        assert_eq!(problems(json!("call us")), ["support"]);
    }
}
