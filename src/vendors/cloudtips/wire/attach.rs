//! What the SMS attach takes: the receiver to send a code to, then the code it got. Members are
//! PascalCase, as the vendor's examples spell them (any case binds).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vendors::cloudtips::wire::values::not_blank;

/// The receiver to send an attach code to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct SendAttachCode {
    /// A receiver in the partner's scope, or one with a page waiting at the place.
    #[schemars(regex(pattern = not_blank()))]
    pub user_id: String,
}

/// The code the receiver got by SMS.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmAttachCode {
    #[schemars(regex(pattern = not_blank()))]
    pub user_id: String,
    /// The 6 digits of the SMS (white space around them is ignored).
    #[schemars(regex(pattern = not_blank()))]
    pub sms_code: String,
}

/// A confirmed attach: the receiver's page at the place, Confirmed.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attached {
    /// The page's short id.
    pub layout_id: String,
    /// 1 Confirmed.
    pub layout_status: i64,
    pub user_id: String,
}
