//! What the partner's receiver operations take: create-many, the payout method, the profile a
//! JSON Patch edits, and the search.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vendors::cloudtips::store::card::CardRow;
use crate::vendors::cloudtips::store::layout::LayoutRow;
use crate::vendors::cloudtips::store::receiver::ReceiverRow;
use crate::vendors::cloudtips::wire::envelope::Null;
use crate::vendors::cloudtips::wire::paging::{CreatedWithin, Paging};
use crate::vendors::cloudtips::wire::places::NO_PLACE;
use crate::vendors::cloudtips::wire::values::{email_or_empty, not_blank, phone, Time};

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
    pub external_id: Option<String>,
    /// A new receiver gets its password by SMS.
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
    #[schemars(regex(pattern = email_or_empty()), extend("x-problem" = "Некорректный адрес электронной почты"))]
    pub email: Option<String>,
}

/// The filters of `GET /api/receivers`; a receiver matches all that are given.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverSearch {
    #[serde(flatten)]
    pub created: CreatedWithin,
    /// The number in any notation, or a run of its digits.
    pub phone_number: Option<String>,
    /// Part of the name, in any case.
    pub name: Option<String>,
    /// One of the receiver's pages, by short id or id.
    pub layout_id: Option<String>,
    /// A place one of the receiver's pages is at.
    pub place_id: Option<String>,
    /// The receiver's type.
    #[serde(rename = "type")]
    #[schemars(range(min = i64::MIN, max = i64::MAX))]
    pub receiver_type: Option<i64>,
    /// Repeatable.
    #[serde(default)]
    pub user_id: Vec<String>,
    #[serde(flatten)]
    pub paging: Paging,
}

// What the partner's receiver operations answer. Members are declared in the order they are
// written (alphabetical), as the answers have always had them.

/// A receiver as the partner sees it: its pages, and its default card (none: null).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Receiver {
    pub card_exp_date: Option<String>,
    pub card_first_six: Option<String>,
    pub card_last_four: Option<String>,
    pub created_date: Time,
    pub email: Option<String>,
    pub full_name: String,
    pub layouts: Vec<Layout>,
    pub lockout_end: Null,
    pub manager: Null,
    /// 0 instant, 1 accumulation.
    pub payout_method: i64,
    /// `+7XXXXXXXXXX`.
    pub phone_number: String,
    pub phone_number_confirmed: bool,
    pub photo_id: Option<String>,
    pub photo_url: Option<String>,
    #[serde(rename = "type")]
    pub receiver_type: i64,
    pub updated_date: Time,
    pub user_id: String,
}

impl Receiver {
    /// `photo_url`: where its photo is served; `card`: its default card.
    pub fn of(
        receiver: &ReceiverRow,
        layouts: &[&LayoutRow],
        photo_url: Option<String>,
        card: Option<&CardRow>,
    ) -> Receiver {
        Receiver {
            card_exp_date: card.map(|card| card.expiration_date.clone()),
            card_first_six: card.map(|card| card.first_six.clone()),
            card_last_four: card.map(|card| card.last_four.clone()),
            created_date: Time::at(receiver.created_at_ms),
            email: receiver.email.clone(),
            full_name: receiver.name.clone(),
            layouts: layouts.iter().map(|page| Layout::from(*page)).collect(),
            lockout_end: Null,
            manager: Null,
            payout_method: receiver.payout_method,
            phone_number: receiver.phone.clone(),
            phone_number_confirmed: receiver.phone_confirmed != 0,
            photo_id: receiver.photo_id.clone(),
            photo_url,
            receiver_type: receiver.receiver_type,
            updated_date: Time::at(receiver.updated_at_ms),
            user_id: receiver.user_id.clone(),
        }
    }
}

/// A payment page: `layoutId` (the table's name) and `shortId` (the example's) are both its short
/// id, which a payer's link carries.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Layout {
    pub background_id: Option<String>,
    pub created_date: Time,
    pub default: bool,
    pub description: Option<String>,
    pub disabled: bool,
    /// The partner's `externalId`.
    pub external_info: Option<String>,
    pub id: String,
    pub layout_id: String,
    /// 0 None, 1 Confirmed, 2 WaitingForConfirmation, 3 Declined.
    pub layout_status: i64,
    pub name: Option<String>,
    pub place_id: String,
    pub place_name: Option<String>,
    pub short_id: String,
    pub text: Option<String>,
    pub title: Option<String>,
    pub updated_date: Time,
    pub user_id: String,
    pub work_info: LayoutWorkInfo,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LayoutWorkInfo {
    pub channel_url: Option<String>,
}

impl From<&LayoutRow> for Layout {
    fn from(layout: &LayoutRow) -> Layout {
        Layout {
            background_id: layout.background_id.clone(),
            created_date: Time::at(layout.created_at_ms),
            default: layout.is_default != 0,
            description: layout.description.clone(),
            disabled: layout.disabled != 0,
            external_info: layout.external_id.clone(),
            id: layout.id.clone(),
            layout_id: layout.short_id.clone(),
            layout_status: layout.status,
            name: layout.name.clone(),
            place_id: layout.place_id.clone(),
            place_name: layout.place_name.clone(),
            short_id: layout.short_id.clone(),
            text: layout.text.clone(),
            title: layout.title.clone(),
            updated_date: Time::at(layout.updated_at_ms),
            user_id: layout.user_id.clone(),
            work_info: LayoutWorkInfo {
                channel_url: layout.channel_url.clone(),
            },
        }
    }
}

/// What create-many made: a page for each receiver. `skipped` is always empty: a phone already
/// in the scope fails the whole call instead.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CreatedReceivers {
    pub created: Vec<CreatedReceiver>,
    pub skipped: Vec<CreatedReceiver>,
}

/// A receiver create-many registered, and its page at the place.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedReceiver {
    /// The page's short id.
    pub layout_id: String,
    /// 0 None for a new receiver (2 WaitingForConfirmation with `needConfirmLayouts`), 2 for one
    /// known outside the scope.
    pub layout_status: i64,
    /// An existing receiver keeps its name.
    pub name: String,
    /// `+7XXXXXXXXXX`.
    pub phone_number: String,
    pub user_id: String,
}

/// An uploaded photo: where it is served, and its id.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadedPhoto {
    pub photo_id: String,
    pub photo_url: String,
}
