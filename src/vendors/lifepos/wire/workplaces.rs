//! What a workplace takes (the LIFE POS workplaces page and the v6 reference page ListWorkplace, listed in docs/vendors/lifepos.md): a new one, what a
//! JSON Patch may leave of one, its extensions, and the body of `:generate-activation-code`.
//!
//! Extensions, with every rule the list page documents (`WorkplaceExtensions`); choices where it
//! is silent or cut:
//! - each extension is an object; a member the page gives a rule is checked when present, and
//!   null counts as absent;
//! - members without a printed rule (`turned_on`, the unlabelled enums, what the cut page hides)
//!   and members the page does not show are stored and echoed as given;
//! - lengths count characters (Unicode scalar values), as the page's "characters";
//! - `smart_pos` and `lifepay_smart_pos` are the one extension's names in the page's two
//!   renderings: both are taken, with the same rules;
//! - another extension is refused.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::vendors::lifepos::wire::members::{AsSent, EntityRef, Reference, Version};
use crate::vendors::lifepos::wire::render::Time;

pub const MAX_NAME_LEN: usize = 128;
pub const MAX_NUMBER: i64 = 99_999;

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
pub enum WorkplaceType {
    #[default]
    Unknown,
    Mobile,
    Stationary,
    Automat,
}

impl WorkplaceType {
    pub const ALL: [WorkplaceType; 4] = [
        WorkplaceType::Unknown,
        WorkplaceType::Mobile,
        WorkplaceType::Stationary,
        WorkplaceType::Automat,
    ];

    pub fn name(self) -> &'static str {
        match self {
            WorkplaceType::Unknown => "Unknown",
            WorkplaceType::Mobile => "Mobile",
            WorkplaceType::Stationary => "Stationary",
            WorkplaceType::Automat => "Automat",
        }
    }

    /// The type a stored name names.
    pub fn from_name(name: &str) -> Option<WorkplaceType> {
        WorkplaceType::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

/// `POST /orgs/{org}/workplaces`: the number is the next free one when not given.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewWorkplace {
    #[serde(default)]
    #[schemars(range(min = 1, max = MAX_NUMBER))]
    pub number: Option<i64>,
    #[serde(flatten)]
    pub fields: WorkplaceFields,
}

/// What a JSON Patch leaves of a workplace, as GET shows it; the members GET shows beside these
/// are read-only (the patch checks them).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct WorkplaceChange {
    #[schemars(range(min = 1, max = MAX_NUMBER))]
    pub number: i64,
    #[serde(flatten)]
    pub fields: WorkplaceFields,
}

/// The members a client sets on a workplace.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct WorkplaceFields {
    pub workplace_type: WorkplaceType,
    #[serde(default)]
    #[schemars(length(max = MAX_NAME_LEN))]
    pub name: Option<String>,
    #[serde(default)]
    pub extensions: Option<AsSent<WorkplaceExtensions>>,
}

/// `nadex_soft_pos.virtual_serial_number`: ">= 19 characters and <= 19 characters", `^[a-zA-Z0-9]*$`.
pub const SERIAL_NUMBER_CHARS: u32 = 19;
pub const SERIAL_NUMBER_PATTERN: &str = "^[a-zA-Z0-9]*$";

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkplaceExtensions {
    #[serde(default)]
    #[schemars(with = "NadexSoftPos")]
    pub nadex_soft_pos: Option<NadexSoftPos>,
    #[serde(default)]
    #[schemars(with = "SmartPos")]
    pub smart_pos: Option<SmartPos>,
    #[serde(default)]
    #[schemars(with = "SmartPos")]
    pub lifepay_smart_pos: Option<SmartPos>,
    #[serde(default)]
    #[schemars(with = "Versioned")]
    pub pay_quick_payments_dynamic: Option<Versioned>,
    #[serde(default)]
    #[schemars(with = "PosQuickPayments")]
    pub pos_quick_payments: Option<PosQuickPayments>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct NadexSoftPos {
    #[serde(default)]
    #[schemars(length(min = SERIAL_NUMBER_CHARS, max = SERIAL_NUMBER_CHARS), regex(pattern = SERIAL_NUMBER_PATTERN))]
    pub virtual_serial_number: Option<String>,
    #[serde(default)]
    pub version: Option<Version>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SmartPos {
    #[serde(default)]
    #[schemars(length(max = 10_485_760))]
    pub emv_config: Option<String>,
    #[serde(default)]
    pub tms_params: Option<TmsParams>,
    #[serde(default)]
    pub version: Option<Version>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct TmsParams {
    #[serde(default)]
    #[schemars(length(min = 1, max = 64))]
    pub ip: Option<String>,
    #[serde(default)]
    #[schemars(range(min = 0, max = 99_999))]
    pub port: Option<i64>,
    #[serde(default)]
    #[schemars(length(min = 1, max = 4096))]
    pub ca1: Option<String>,
    #[serde(default)]
    #[schemars(length(min = 1, max = 4096))]
    pub ca2: Option<String>,
}

/// An extension whose only printed rule is its `version`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Versioned {
    #[serde(default)]
    pub version: Option<Version>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PosQuickPayments {
    /// "non-empty", with no upper bound printed.
    #[serde(default)]
    #[schemars(length(min = 1))]
    pub qr_registrar_guid: Option<String>,
    #[serde(default)]
    pub version: Option<Version>,
}

/// The body of `:generate-activation-code` (the other actions read none): the employee the code
/// is for, the outlet, and whether to send it by SMS to the employee's phone.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct GenerateActivationCode {
    pub employee: Reference,
    #[serde(default)]
    pub outlet: Option<Reference>,
    #[serde(default)]
    pub send_sms: Option<bool>,
}

/// What `:generate-activation-code` answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ActivationCodeIssued {
    pub activation_code: String,
}

/// A workplace as the API shows it; `compact` leaves out the extensions and the times but
/// `activated_at` and `deleted_at` (members in alphabetical order, see `wire::render`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Workplace {
    pub activated_at: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    pub deleted_at: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extensions: Option<Map<String, Value>>,
    pub guid: String,
    pub name: Option<String>,
    pub number: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<EntityRef>,
    /// `Workplace`.
    pub type_of: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
    pub workplace_type: String,
}
