//! `POST /orgs/{org}/outlets` (the v6 reference pages CreateOutlet and GetOutletById,
//! listed in docs/vendors/lifepos.md): `name` and `address` (2–256 characters each, required),
//! `legal_entity` (required) and `brand` (optional) as `{"guid","type_of"}` or a bare guid (the
//! emulator keeps no legal entities or brands, so any guid is taken), an optional `organization`
//! reference, and `extensions` with the three extensions GetOutletById shows, each by the page's
//! rules, stored and echoed as given.
//!
//! Choices where the page is silent: `organization` must name the organization of the path, which
//! no schema states (a refusal of the handler); `role` in each of `retail_app.permissions` and
//! `lifepay_cloud_fiscalization.available_registrars` are required, as the page marks them; an
//! extension follows the workplace extensions' choices (`wire::workplaces`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::vendors::lifepos::wire::members::{AsSent, EntityRef, Reference, Version};
use crate::vendors::lifepos::wire::render::Time;
use crate::vendors::lifepos::wire::workplaces::Versioned;

/// The pages' `name` and `address`: 2 to 256 characters each.
pub const NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=256;
pub const ADDRESS_CHARS: std::ops::RangeInclusive<usize> = 2..=256;

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewOutlet {
    #[schemars(length(min = *NAME_CHARS.start(), max = *NAME_CHARS.end()))]
    pub name: String,
    #[schemars(length(min = *ADDRESS_CHARS.start(), max = *ADDRESS_CHARS.end()))]
    pub address: String,
    pub legal_entity: Reference,
    #[serde(default)]
    pub brand: Option<Reference>,
    #[serde(default)]
    pub organization: Option<Reference>,
    #[serde(default)]
    pub extensions: Option<AsSent<OutletExtensions>>,
}

/// `available_registrars[].api_key`: ">= 32 characters and <= 32 characters".
pub const API_KEY_CHARS: u32 = 32;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutletExtensions {
    #[serde(default)]
    #[schemars(with = "RetailApp")]
    pub retail_app: Option<RetailApp>,
    #[serde(default)]
    #[schemars(with = "Versioned")]
    pub settlement_methods: Option<Versioned>,
    #[serde(default)]
    #[schemars(with = "CloudFiscalization")]
    pub lifepay_cloud_fiscalization: Option<CloudFiscalization>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct RetailApp {
    #[serde(default)]
    pub permissions: Option<Vec<Permission>>,
    #[serde(default)]
    pub version: Option<Version>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct Permission {
    pub role: Map<String, Value>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CloudFiscalization {
    pub available_registrars: Vec<CloudRegistrar>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct CloudRegistrar {
    #[serde(default)]
    #[schemars(length(min = 1, max = 32))]
    pub id: Option<String>,
    #[serde(default)]
    #[schemars(length(max = 32))]
    pub friendly_name: Option<String>,
    #[serde(default)]
    #[schemars(length(min = API_KEY_CHARS, max = API_KEY_CHARS))]
    pub api_key: Option<String>,
}

/// An outlet as the API shows it; `compact` is guid, name, address and legal entity (members in
/// alphabetical order, see `wire::render`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Outlet {
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<Option<EntityRef>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
    pub guid: String,
    pub legal_entity: Option<EntityRef>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<EntityRef>,
    /// `Outlet`.
    pub type_of: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
}
