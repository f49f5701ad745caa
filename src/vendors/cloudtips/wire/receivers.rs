//! What the partner's receiver operations take: create-many, the payout method, the profile a
//! JSON Patch edits, and the search.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::vendors::cloudtips::wire::paging::Paging;
use crate::vendors::cloudtips::wire::places::NO_PLACE;
use crate::vendors::cloudtips::wire::values::{email_or_empty, not_blank, phone, Instant};

/// The vendor's text for a request with no receivers.
pub const NO_RECEIVERS: &str = "Необходимо указать получателей";
/// The payout methods' codes: 0 instant, 1 accumulation.
pub const PAYOUT_CODES: std::ops::RangeInclusive<i64> = 0..=1;

/// Receivers to register at one of the partner's places.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateMany {
    /// One of the partner's places.
    #[schemars(regex(pattern = not_blank()), extend("x-problem" = NO_PLACE))]
    pub place_id: String,
    /// New pages wait for the SMS attach (WaitingForConfirmation) instead of starting as None.
    #[serde(default)]
    pub need_confirm_layouts: Option<bool>,
    /// At least one; at most `server.max_list_items` (1000).
    #[schemars(length(min = 1), extend("x-problem" = NO_RECEIVERS))]
    pub receivers: Vec<NewReceiver>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewReceiver {
    /// A Russian number in any notation: ten digits, or eleven after 7 (`+7`) or 8, spaces,
    /// dashes and brackets allowed between them.
    #[schemars(regex(pattern = phone()))]
    pub phone_number: String,
    #[schemars(regex(pattern = not_blank()))]
    pub name: String,
    /// The partner's own id of the receiver's page; an empty one is none.
    #[serde(default)]
    pub external_id: Option<String>,
    /// A new receiver gets its password by SMS.
    #[serde(default)]
    pub send_password: Option<bool>,
}

/// The payout method the partner sets for a receiver.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PayoutCode {
    /// 0 instant, 1 accumulation.
    #[schemars(range(min = *PAYOUT_CODES.start(), max = *PAYOUT_CODES.end()))]
    #[schemars(extend("x-problem" = "Допустимые значения: 0 (мгновенный), 1 (накопление)"))]
    pub payout_method: i64,
}

/// A receiver's profile as a JSON Patch leaves it: every member the patch may touch, no other.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiverProfile {
    #[schemars(regex(pattern = not_blank()), extend("x-problem" = "Имя не может быть пустым"))]
    pub name: String,
    /// An empty address is none.
    #[serde(default)]
    #[schemars(regex(pattern = email_or_empty()), extend("x-problem" = "Некорректный адрес электронной почты"))]
    pub email: Option<String>,
}

/// The filters of `GET /api/receivers`; a receiver matches all that are given.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverSearch {
    /// createdDate from (RFC 3339, or a date).
    #[serde(default)]
    #[schemars(with = "Instant")]
    pub date_from: Option<Instant>,
    /// createdDate to (RFC 3339, or a date: its whole day).
    #[serde(default)]
    #[schemars(with = "Instant")]
    pub date_to: Option<Instant>,
    /// The number in any notation, or a run of its digits.
    #[serde(default)]
    pub phone_number: Option<String>,
    /// Part of the name, in any case.
    #[serde(default)]
    pub name: Option<String>,
    /// One of the receiver's pages, by short id or id.
    #[serde(default)]
    pub layout_id: Option<String>,
    /// A place one of the receiver's pages is at.
    #[serde(default)]
    pub place_id: Option<String>,
    /// The receiver's type.
    #[serde(default, rename = "type")]
    #[schemars(range(min = i64::MIN, max = i64::MAX))]
    pub receiver_type: Option<i64>,
    /// Repeatable.
    #[serde(default)]
    pub user_id: Vec<String>,
    #[serde(flatten)]
    pub paging: Paging,
}
