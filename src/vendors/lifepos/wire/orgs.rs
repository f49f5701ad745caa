//! What an organization may become (`PATCH /orgs/{org}` and the fixtures), by the rules of
//! `v6-list-organization.md` and `v6-get-organization-by-id.md`: `name` (2–24), `alias`
//! (`^[a-zA-Z0-9_-]{2,24}$`), `support` and `extensions`.
//!
//! `support`: `line` (2–24) and `responsibility` (2–128) required; `phone` (the phone rule),
//! `email` (the e-mail rule), `opening_hours` (2–128), `viber` and `telegram` (2–64 each) optional
//! or null; `type_of` a string. The pages print one more field (2–64) without its name, so any
//! other member is taken when it is a string of 2–64 characters or null.
//!
//! `extensions`: public clients switch on webhooks with `{"op":"add",
//! "path":"/extensions/notification_service","value":{"turned_on":true,
//! "primary_url_for_notifications":"https://…","secondary_url_for_notifications":"https://…",
//! "version":"1.0"}}`; no vendor page describes the extension, so its rules are the emulator's:
//! `turned_on` a boolean (required); the two URLs absolute `http`/`https` URLs of at most
//! [`MAX_URL_CHARS`] characters or null; `version` as every extension's; no other member, and no
//! other extension. `primary_url_for_notifications` is required while `turned_on` is true, a rule
//! across members the schema does not state ([`NotificationService::problem`]).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::vendors::lifepos::wire::members::{AsSent, Email, EntityRef, Phone, Version};
use crate::vendors::lifepos::wire::render::Time;

/// An organization as the API shows it; `compact` is guid, name and alias (members in alphabetical
/// order, see `wire::render`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Organization {
    pub alias: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    /// Organizations are never archived: null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Option<Time>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
    pub guid: String,
    pub name: String,
    /// The first employee with the role `Owner`, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Option<EntityRef>>,
    /// The support contacts as they were set, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support: Option<Value>,
    /// `Organization`.
    pub type_of: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
}

/// The page's `name`: 2 to 24 characters.
pub const NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=24;

/// What a JSON Patch leaves of an organization, as GET shows it; the members GET shows beside
/// these are read-only (the patch checks them).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct OrganizationChange {
    #[schemars(length(min = *NAME_CHARS.start(), max = *NAME_CHARS.end()))]
    pub name: String,
    pub alias: Alias,
    #[serde(default)]
    pub support: Option<AsSent<Support>>,
    #[serde(default)]
    #[schemars(with = "OrgExtensions")]
    pub extensions: Option<AsSent<OrgExtensions>>,
}

/// The page's `alias` rule; unique in the tenant whatever its case.
pub const ALIAS_PATTERN: &str = "^[a-zA-Z0-9_-]{2,24}$";

#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Alias(
    #[schemars(regex(pattern = ALIAS_PATTERN), extend("x-problem" = "от 2 до 24 символов: латинские буквы, цифры, _ и -"))]
    pub String,
);

#[derive(Debug, Deserialize, JsonSchema)]
pub struct Support {
    #[schemars(length(min = 2, max = 24))]
    pub line: String,
    #[schemars(length(min = 2, max = 128))]
    pub responsibility: String,
    #[serde(default)]
    pub phone: Option<Phone>,
    #[serde(default)]
    pub email: Option<Email>,
    #[serde(default)]
    #[schemars(length(min = 2, max = 128))]
    pub opening_hours: Option<String>,
    #[serde(default)]
    #[schemars(length(min = 2, max = 64))]
    pub viber: Option<String>,
    #[serde(default)]
    #[schemars(length(min = 2, max = 64))]
    pub telegram: Option<String>,
    #[serde(default)]
    pub type_of: Option<String>,
    /// The field the pages print without its name.
    #[serde(flatten)]
    pub other: BTreeMap<String, Option<OtherContact>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct OtherContact(
    #[schemars(length(min = 2, max = 64), extend("x-problem" = "строка от 2 до 64 символов или null"))] pub String,
);

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgExtensions {
    #[serde(default)]
    #[schemars(with = "NotificationService")]
    pub notification_service: Option<NotificationService>,
}

pub const MAX_URL_CHARS: usize = 2048;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationService {
    pub turned_on: bool,
    #[serde(default)]
    pub primary_url_for_notifications: Option<WebUrl>,
    #[serde(default)]
    pub secondary_url_for_notifications: Option<WebUrl>,
    #[serde(default)]
    pub version: Option<Version>,
}

impl NotificationService {
    /// The rule across its members: the member and its problem, when broken.
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        (self.turned_on && self.primary_url_for_notifications.is_none()).then_some((
            "extensions.notification_service.primary_url_for_notifications",
            "поле обязательно, когда turned_on = true",
        ))
    }
}

impl OrgExtensions {
    /// The rules across members of the extensions, as [`NotificationService::problem`].
    pub fn problem(&self) -> Option<(&'static str, &'static str)> {
        self.notification_service
            .as_ref()
            .and_then(NotificationService::problem)
    }
}

/// White space and control characters, for a class of what a URL may not hold.
macro_rules! unprintable {
    () => {
        "\\u0000-\\u0020\\u007f-\\u009f\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
    };
}

/// An absolute `http`/`https` URL with a host (after any `user@`, before any `:port`), without
/// white space or control characters.
pub const WEB_URL_PATTERN: &str = concat!(
    "^[hH][tT][tT][pP][sS]?://([^",
    unprintable!(),
    "/?#@]*@)?[^",
    unprintable!(),
    "/?#@:]+(:[0-9]*)?([/?#][^",
    unprintable!(),
    "]*)?$"
);

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct WebUrl(
    #[schemars(length(max = MAX_URL_CHARS), regex(pattern = WEB_URL_PATTERN))]
    #[schemars(extend("x-problem" = "абсолютный адрес http:// или https:// не длиннее 2048 символов"))]
    pub String,
);
