//! `POST /Api/V1/User/Authorize` (and `/Api/V1/Index/Authorize`, an alias): `varLogin` and
//! `varPassword`, or `login` and `password` (a related EDIN API's names) where the first are not
//! given; a missing one is worded by its `var…` name, as the emulator always has.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::vendors::edin::wire::values::{members, rules, Text, ANY_LENGTH};
use crate::vendors::edin::wire::words;

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members, extend(
    "if" = rules::given("varLogin"),
    "then" = password_rule(),
    "else" = rules::and(alias_rule("login", "varLogin"), password_rule())
))]
pub struct Credentials {
    #[serde(rename = "varLogin", default)]
    pub var_login: Option<Text<ANY_LENGTH>>,
    #[serde(default)]
    pub login: Option<Text<ANY_LENGTH>>,
    #[serde(rename = "varPassword", default)]
    pub var_password: Option<Text<ANY_LENGTH>>,
    #[serde(default)]
    pub password: Option<Text<ANY_LENGTH>>,
}

/// `alias` is required where `name` is not given, worded as `name` missing.
fn alias_rule(alias: &str, name: &str) -> Value {
    rules::required(&[alias], Some(&words::missing(name, None)))
}

fn password_rule() -> Value {
    serde_json::json!({ "if": rules::given("varPassword"), "else": alias_rule("password", "varPassword") })
}

impl Credentials {
    /// The login and the password, each by its first name given (the declaration holds one).
    pub fn pair(&self) -> (&str, &str) {
        (
            first_given(&self.var_login, &self.login),
            first_given(&self.var_password, &self.password),
        )
    }
}

fn first_given<'a>(long: &'a Option<Text<ANY_LENGTH>>, short: &'a Option<Text<ANY_LENGTH>>) -> &'a str {
    long.as_ref().or(short.as_ref()).map_or("", |text| text.0.as_str())
}

/// Authorize's answer: the session's token.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SignedIn {
    #[serde(rename = "varToken")]
    pub token: String,
}
