//! `POST /Api/V1/Certificate/SetAccess` (its page and SetAccess_errors, listed in docs/vendors/edin.md): `cert_id`, `access_type`
//! (1 everyone, 2 restricted); with 2, `access_action` (1 open, 2 close) and `amigos_info`
//! `[{"gln", "isRetailer"}]`. A wrong `access_type` is worded as a missing one, as the page does.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::vendors::edin::store::certificates::AccessType;
use crate::vendors::edin::wire::directories::{AccessActions, AccessTypes};
use crate::vendors::edin::wire::values::{members, members_of_block, rules, Code, Flag, Gln, Number};
use crate::vendors::edin::wire::words;

#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members, extend(
    "if" = rules::is_code("access_type", AccessType::Restricted.code()),
    "then" = rules::required(&["access_action", "amigos_info"], None)
))]
pub struct AccessChange {
    pub cert_id: Number,
    #[schemars(extend("x-problem" = words::missing("access_type", None)))]
    pub access_type: Code<AccessTypes>,
    #[serde(default)]
    pub access_action: Option<Code<AccessActions>>,
    #[serde(default)]
    #[schemars(length(min = 1))]
    pub amigos_info: Option<Vec<Amigo>>,
}

/// One partner of `amigos_info`: a company by GLN, or a retail network (`isRetailer`; absent is
/// false).
#[derive(Debug, Deserialize, JsonSchema)]
#[schemars(transform = members_of_block("amigos_info"))]
pub struct Amigo {
    pub gln: Gln,
    #[serde(rename = "isRetailer", default)]
    pub is_retailer: Option<Flag>,
}
