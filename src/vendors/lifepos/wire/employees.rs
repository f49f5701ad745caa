//! `POST /orgs/{org}/employees`, as the create-employee page has it: `name` (5–64), `username`
//! (2–24) and `phone` (10–18 characters, the pages' phone pattern) and `role` are required; `inn`
//! is 12 digits or null; `email`, `pin_code_hash` and `meta` follow the pages' rules.
//!
//! Choices where the page is silent (it is cut after `pin_code_hash`): `username` has no spaces;
//! `role` is a role's name or guid, bare or as `{"guid"}`; `password` is optional and, like
//! sign-in's, 6–32 characters (without one the employee cannot sign in); `meta_data` is an object.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Map, Value};

use crate::vendors::lifepos::store::employees::EmployeeRole;
use crate::vendors::lifepos::wire::members::{Email, Password, Phone};
use crate::vendors::lifepos::wire::white_space_chars;

pub const NAME_CHARS: std::ops::RangeInclusive<usize> = 5..=64;
pub const USERNAME_CHARS: std::ops::RangeInclusive<usize> = 2..=24;
/// A PIN-code hash is exactly this many characters.
pub const PIN_CODE_HASH_CHARS: usize = 32;
/// The pages' `meta`: at most 128 characters.
pub const MAX_META_CHARS: usize = 128;

/// A new employee.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewEmployee {
    #[schemars(length(min = *NAME_CHARS.start(), max = *NAME_CHARS.end()))]
    pub name: String,
    #[schemars(length(min = *USERNAME_CHARS.start(), max = *USERNAME_CHARS.end()), regex(pattern = no_white_space()))]
    #[schemars(extend("x-problem" = "от 2 до 24 символов без пробелов"))]
    pub username: String,
    pub phone: Phone,
    pub role: RoleChoice,
    #[serde(default)]
    pub password: Option<Password>,
    #[serde(flatten)]
    pub details: EmployeeDetails,
}

/// The members an employee's pages rule beside the required ones; fixtures follow them too.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct EmployeeDetails {
    #[serde(default)]
    #[schemars(regex(pattern = r"^[0-9]{12}$"), extend("x-problem" = "12 цифр или null"))]
    pub inn: Option<String>,
    #[serde(default)]
    pub email: Option<Email>,
    #[serde(default)]
    #[schemars(length(min = PIN_CODE_HASH_CHARS, max = PIN_CODE_HASH_CHARS))]
    pub pin_code_hash: Option<String>,
    #[serde(default)]
    #[schemars(length(max = MAX_META_CHARS))]
    pub meta: Option<String>,
    #[serde(default)]
    pub meta_data: Option<Map<String, Value>>,
}

/// No white space (`wire::WHITE_SPACE`'s characters) anywhere.
fn no_white_space() -> String {
    format!("^[^{}]*$", white_space_chars())
}

/// A role by its name or guid, bare or as a reference `{"guid": …}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RoleChoice {
    Key(RoleKey),
    Reference { guid: RoleKey },
}

impl RoleChoice {
    pub fn role(&self) -> EmployeeRole {
        match self {
            RoleChoice::Key(key) | RoleChoice::Reference { guid: key } => key.0,
        }
    }
}

/// A role's name or guid.
#[derive(Debug)]
pub struct RoleKey(EmployeeRole);

impl JsonSchema for RoleKey {
    fn schema_name() -> Cow<'static, str> {
        "RoleKey".into()
    }

    fn json_schema(_generator: &mut SchemaGenerator) -> Schema {
        let keys: Vec<&str> = EmployeeRole::ALL
            .iter()
            .flat_map(|role| [role.name(), role.guid()])
            .collect();
        let schema = json!({ "type": "string", "enum": keys });
        Schema::try_from(schema).unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for RoleKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<RoleKey, D::Error> {
        let key = Cow::<str>::deserialize(deserializer)?;
        EmployeeRole::find(&key)
            .map(RoleKey)
            .ok_or_else(|| serde::de::Error::custom("no such role"))
    }
}
