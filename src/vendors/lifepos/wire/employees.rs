//! `POST /orgs/{org}/employees`, as the create-employee page has it: `name` (5–64), `username`
//! (2–24) and `phone` (10–18 characters, the pages' phone pattern) and `role` are required; `inn`
//! is 12 digits or null; `email`, `pin_code_hash` and `meta` follow the pages' rules.
//!
//! Choices where the page is silent (it is cut after `pin_code_hash`): `username` has no spaces;
//! `role` is a role's name or guid, bare or as `{"guid"}`; `password` is optional and, like
//! sign-in's, 6–32 characters (without one the employee cannot sign in); `meta_data` is an object.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Map, Value};

use crate::vendors::lifepos::wire::members::{Email, EntityRef, Password, Phone};
use crate::vendors::lifepos::wire::render::Time;
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

/// The roles of LIFE POS, each with a fixed guid so clients can send `role: {"guid": …}`.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum EmployeeRole {
    #[default]
    Owner,
    Administrator,
    Manager,
    Cashier,
    Courier,
    Guest,
}

impl EmployeeRole {
    pub const ALL: [EmployeeRole; 6] = [
        EmployeeRole::Owner,
        EmployeeRole::Administrator,
        EmployeeRole::Manager,
        EmployeeRole::Cashier,
        EmployeeRole::Courier,
        EmployeeRole::Guest,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EmployeeRole::Owner => "Owner",
            EmployeeRole::Administrator => "Administrator",
            EmployeeRole::Manager => "Manager",
            EmployeeRole::Cashier => "Cashier",
            EmployeeRole::Courier => "Courier",
            EmployeeRole::Guest => "Guest",
        }
    }

    pub fn guid(self) -> &'static str {
        match self {
            EmployeeRole::Owner => "00000000-0000-4000-8000-00000000a001",
            EmployeeRole::Administrator => "00000000-0000-4000-8000-00000000a002",
            EmployeeRole::Manager => "00000000-0000-4000-8000-00000000a003",
            EmployeeRole::Cashier => "00000000-0000-4000-8000-00000000a004",
            EmployeeRole::Courier => "00000000-0000-4000-8000-00000000a005",
            EmployeeRole::Guest => "00000000-0000-4000-8000-00000000a006",
        }
    }

    /// By name or by guid.
    pub fn find(key: &str) -> Option<EmployeeRole> {
        EmployeeRole::ALL
            .into_iter()
            .find(|role| role.name() == key || role.guid().eq_ignore_ascii_case(key))
    }

    /// Couriers and guests use the apps, not the API.
    pub fn has_api_rights(self) -> bool {
        !matches!(self, EmployeeRole::Courier | EmployeeRole::Guest)
    }
}

/// An employee as the API shows it, never with a password; `compact` is guid, name and role
/// (members in alphabetical order, see `wire::render`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Employee {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    /// Employees are never archived: null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Option<Time>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Option<String>>,
    pub guid: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inn: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Option<String>>,
    /// The object the employee was given, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta_data: Option<Value>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_code_hash: Option<Option<String>>,
    pub role: RoleShown,
    /// `Employee`.
    pub type_of: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<Option<String>>,
}

/// An employee's role: the pages' `{guid, type_of}` with the role's `name` beside.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RoleShown {
    pub guid: &'static str,
    pub name: &'static str,
    /// `Role`.
    pub type_of: &'static str,
}

impl From<EmployeeRole> for RoleShown {
    fn from(role: EmployeeRole) -> RoleShown {
        RoleShown {
            guid: role.guid(),
            name: role.name(),
            type_of: "Role",
        }
    }
}
