//! The extensions of workplaces and outlets, with every rule their pages document
//! (`v6-list-workplace.md` `WorkplaceExtensions`, `v6-get-outlet-by-id.md` `OutletExtensions`),
//! written once here: the create and PATCH handlers check them, the OpenAPI spec states them.
//!
//! Choices where the pages are silent or cut:
//! - each extension is an object; a member the pages give a rule is checked when present, and
//!   null counts as absent, except the members they mark required
//!   (`lifepay_cloud_fiscalization.available_registrars`, and `role` in each of
//!   `retail_app.permissions`);
//! - members without a printed rule (`turned_on`, the unlabelled enums, what the cut pages hide)
//!   and members the pages do not show are stored and echoed as given;
//! - lengths count characters (Unicode scalar values), as the pages' "characters";
//! - `smart_pos` and `lifepay_smart_pos` are the one extension's names in the workplace page's two
//!   renderings: both are taken, with the same rules;
//! - a problem is named by its full path, array items by index:
//!   `extensions.lifepay_cloud_fiscalization.available_registrars[0].api_key`.

use std::ops::RangeInclusive;

use serde_json::{Map, Value};

use crate::vendors::lifepos::error::FieldErrors;
use crate::vendors::lifepos::request::required_string;

/// An extension: its name and the rules of its members.
pub struct Extension {
    pub name: &'static str,
    pub members: &'static [Member],
}

pub struct Member {
    pub name: &'static str,
    pub required: bool,
    pub rule: Rule,
}

pub enum Rule {
    /// A string of this many characters, each one `charset` allows when it is given.
    Text {
        chars: RangeInclusive<usize>,
        charset: Option<Charset>,
    },
    Integer(RangeInclusive<i64>),
    /// An object whose members follow these rules.
    Object(&'static [Member]),
    /// An array of such objects.
    Objects(&'static [Member]),
}

/// A character class, as the page's regular expression (for the spec) and as the check.
pub struct Charset {
    pub pattern: &'static str,
    pub allows: fn(char) -> bool,
}

const fn optional(name: &'static str, rule: Rule) -> Member {
    Member {
        name,
        required: false,
        rule,
    }
}

const fn required(name: &'static str, rule: Rule) -> Member {
    Member {
        name,
        required: true,
        rule,
    }
}

const fn text(chars: RangeInclusive<usize>) -> Rule {
    Rule::Text { chars, charset: None }
}

/// `version`, as every extension on the pages has it: "non-empty and <= 8 characters".
pub const VERSION_CHARS: RangeInclusive<usize> = 1..=8;
const VERSION: Member = optional("version", text(VERSION_CHARS));

/// "non-empty", with no upper bound printed.
const NON_EMPTY: RangeInclusive<usize> = 1..=usize::MAX;

/// `nadex_soft_pos.virtual_serial_number`: ">= 19 characters and <= 19 characters", `^[a-zA-Z0-9]*$`.
pub const SERIAL_NUMBER_CHARS: RangeInclusive<usize> = 19..=19;
pub const SERIAL_NUMBER_CHARSET: Charset = Charset {
    pattern: "^[a-zA-Z0-9]*$",
    allows: |c| c.is_ascii_alphanumeric(),
};

/// `available_registrars[].api_key`: ">= 32 characters and <= 32 characters".
pub const API_KEY_CHARS: RangeInclusive<usize> = 32..=32;

const SMART_POS: &[Member] = &[
    optional("emv_config", text(0..=10_485_760)),
    optional(
        "tms_params",
        Rule::Object(&[
            optional("ip", text(1..=64)),
            optional("port", Rule::Integer(0..=99_999)),
            optional("ca1", text(1..=4096)),
            optional("ca2", text(1..=4096)),
        ]),
    ),
    VERSION,
];

pub const WORKPLACE_EXTENSIONS: &[Extension] = &[
    Extension {
        name: "nadex_soft_pos",
        members: &[
            optional(
                "virtual_serial_number",
                Rule::Text {
                    chars: SERIAL_NUMBER_CHARS,
                    charset: Some(SERIAL_NUMBER_CHARSET),
                },
            ),
            VERSION,
        ],
    },
    Extension {
        name: "smart_pos",
        members: SMART_POS,
    },
    Extension {
        name: "lifepay_smart_pos",
        members: SMART_POS,
    },
    Extension {
        name: "pay_quick_payments_dynamic",
        members: &[VERSION],
    },
    Extension {
        name: "pos_quick_payments",
        members: &[optional("qr_registrar_guid", text(NON_EMPTY)), VERSION],
    },
];

pub const OUTLET_EXTENSIONS: &[Extension] = &[
    Extension {
        name: "retail_app",
        members: &[
            optional("permissions", Rule::Objects(&[required("role", Rule::Object(&[]))])),
            VERSION,
        ],
    },
    Extension {
        name: "settlement_methods",
        members: &[VERSION],
    },
    Extension {
        name: "lifepay_cloud_fiscalization",
        members: &[required(
            "available_registrars",
            Rule::Objects(&[
                optional("id", text(1..=32)),
                optional("friendly_name", text(0..=32)),
                optional("api_key", text(API_KEY_CHARS)),
            ]),
        )],
    },
];

/// What an extension, or the `extensions` member, that is not an object gets.
pub const NOT_AN_OBJECT: &str = "ожидается объект";

/// What an extension not among `names` gets.
pub fn unknown_extension(names: &[&str]) -> String {
    format!("неизвестное расширение; известные: {}", names.join(", "))
}

/// The `extensions` member of a body (absent or null: none), each extension one of `known` and
/// checked against its rules; a problem is added to `errors` for every rule broken.
pub fn check(extensions: Option<&Value>, known: &[Extension], errors: &mut FieldErrors) -> Map<String, Value> {
    let extensions = match extensions {
        None | Some(Value::Null) => return Map::new(),
        Some(Value::Object(extensions)) => extensions,
        Some(_) => {
            errors.add("extensions", NOT_AN_OBJECT);
            return Map::new();
        }
    };
    for (name, settings) in extensions {
        let path = format!("extensions.{name}");
        match known.iter().find(|extension| extension.name == name) {
            Some(extension) => check_object(settings, extension.members, &path, errors),
            None => {
                let names: Vec<&str> = known.iter().map(|extension| extension.name).collect();
                errors.add(&path, unknown_extension(&names));
            }
        }
    }
    extensions.clone()
}

// `check_object` and `check_member` call each other as deep as the rule tables above nest (three
// levels), whatever the client sends.
fn check_object(value: &Value, members: &[Member], path: &str, errors: &mut FieldErrors) {
    let Value::Object(object) = value else {
        errors.add(path, NOT_AN_OBJECT);
        return;
    };
    for member in members {
        let path = format!("{path}.{}", member.name);
        match object.get(member.name) {
            None | Some(Value::Null) if member.required => errors.add(&path, "поле обязательно"),
            None | Some(Value::Null) => {}
            Some(value) => check_member(object, member, value, &path, errors),
        }
    }
}

fn check_member(object: &Map<String, Value>, member: &Member, value: &Value, path: &str, errors: &mut FieldErrors) {
    match &member.rule {
        Rule::Text { chars, charset } => match required_string(object, member.name) {
            Ok(text) if !chars.contains(&text.chars().count()) => errors.add(path, length_rule(chars)),
            Ok(text) => {
                if let Some(charset) = charset.as_ref().filter(|charset| !text.chars().all(charset.allows)) {
                    errors.add(path, format!("должно соответствовать {}", charset.pattern));
                }
            }
            Err(why) => errors.add(path, why),
        },
        Rule::Integer(range) => {
            if !value.as_i64().is_some_and(|number| range.contains(&number)) {
                errors.add(path, format!("целое число от {} до {}", range.start(), range.end()));
            }
        }
        Rule::Object(members) => check_object(value, members, path, errors),
        Rule::Objects(members) => match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    check_object(item, members, &format!("{path}[{index}]"), errors);
                }
            }
            _ => errors.add(path, "ожидается массив объектов"),
        },
    }
}

/// What a length rule says when it is broken.
pub fn length_rule(chars: &RangeInclusive<usize>) -> String {
    match (*chars.start(), *chars.end()) {
        (exactly, end) if exactly == end => format!("ровно {exactly} символов"),
        (1, usize::MAX) => "не может быть пустым".to_owned(),
        (0, most) => format!("не длиннее {most} символов"),
        (least, most) => format!("от {least} до {most} символов"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(extensions: Value, known: &[Extension]) -> Vec<String> {
        let mut errors = FieldErrors::default();
        check(Some(&extensions), known, &mut errors);
        errors.fields()
    }

    #[test]
    fn the_workplace_pages_rules_hold_at_their_bounds() {
        let nadex = |serial: &str, version: &str| {
            problems(
                json!({ "nadex_soft_pos": { "turned_on": true, "virtual_serial_number": serial, "version": version } }),
                WORKPLACE_EXTENSIONS,
            )
        };
        let base = "extensions.nadex_soft_pos";
        assert!(nadex("ABCDEFGHIJ012345678", "12345678").is_empty());
        assert_eq!(
            nadex("ABCDEFGHIJ01234567", "1"),
            [format!("{base}.virtual_serial_number")]
        );
        assert_eq!(
            nadex("ABCDEFGHI-012345678", "1"),
            [format!("{base}.virtual_serial_number")]
        );
        assert_eq!(nadex("ABCDEFGHIJ012345678", "123456789"), [format!("{base}.version")]);
        assert_eq!(nadex("ABCDEFGHIJ012345678", ""), [format!("{base}.version")]);
        assert_eq!(
            problems(
                json!({ "smart_pos": { "tms_params": { "ip": "", "port": 100_000, "ca1": "x" } }, "pos_quick_payments": { "qr_registrar_guid": "" } }),
                WORKPLACE_EXTENSIONS
            ),
            [
                "extensions.pos_quick_payments.qr_registrar_guid",
                "extensions.smart_pos.tms_params.ip",
                "extensions.smart_pos.tms_params.port",
            ]
        );
        assert_eq!(
            problems(json!({ "smart_pos": true }), WORKPLACE_EXTENSIONS),
            ["extensions.smart_pos"]
        );
    }

    #[test]
    fn the_outlet_pages_rules_hold_at_their_bounds() {
        let registrar = |key: &str| json!({ "lifepay_cloud_fiscalization": { "available_registrars": [{ "id": "r1", "api_key": key }] } });
        assert!(problems(registrar(&"k".repeat(32)), OUTLET_EXTENSIONS).is_empty());
        assert_eq!(
            problems(registrar(&"k".repeat(31)), OUTLET_EXTENSIONS),
            ["extensions.lifepay_cloud_fiscalization.available_registrars[0].api_key"]
        );
        assert_eq!(
            problems(json!({ "lifepay_cloud_fiscalization": {} }), OUTLET_EXTENSIONS),
            ["extensions.lifepay_cloud_fiscalization.available_registrars"]
        );
        assert_eq!(
            problems(
                json!({ "retail_app": { "version": "123456789", "permissions": [{}] } }),
                OUTLET_EXTENSIONS
            ),
            [
                "extensions.retail_app.permissions[0].role",
                "extensions.retail_app.version"
            ]
        );
        assert_eq!(
            problems(json!({ "nadex_soft_pos": {} }), OUTLET_EXTENSIONS),
            ["extensions.nadex_soft_pos"]
        );
    }
}
