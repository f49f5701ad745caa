//! What the receiver's own API takes (`client_id=MobilePhone` tokens): its payout method, the
//! card to remove, the timeline's window.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::json;

use crate::vendors::cloudtips::store::card::CardRow;
use crate::vendors::cloudtips::store::timeline_item::{rubles, TimelineRow};
use crate::vendors::cloudtips::wire::envelope::Null;
use crate::vendors::cloudtips::wire::paging::{CreatedWithin, MAX_LIMIT};
use crate::vendors::cloudtips::wire::receivers::PAYOUT_CODES;
use crate::vendors::cloudtips::wire::values::{Time, Word, Words};

/// How deep into a window the timeline's pages reach.
pub const MAX_DEPTH: i64 = 10_000;
const PAYOUT_PROBLEM: &str = "Допустимые значения: Instant, Accumulation";

/// The payout methods by name, in the order of their partner-API codes.
pub struct PayoutMethods;

impl Words for PayoutMethods {
    const LIST: &'static [&'static str] = &["Instant", "Accumulation"];
    const PADDED: bool = true;
}

/// The name of a payout method by its partner-API code.
pub fn payout_method_name(code: i64) -> &'static str {
    let names = PayoutMethods::LIST;
    usize::try_from(code)
        .ok()
        .and_then(|index| names.get(index))
        .copied()
        .unwrap_or(names[0])
}

/// The receiver's own payout method.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct OwnPayoutMethod {
    pub payout_method: PayoutChoice,
}

/// A payout method by name in any case (`Instant`, `Accumulation`), or by its code (0, 1).
#[derive(Debug)]
pub struct PayoutChoice(pub i64);

impl JsonSchema for PayoutChoice {
    fn schema_name() -> Cow<'static, str> {
        "PayoutChoice".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut by_name = Word::<PayoutMethods>::json_schema(generator).to_value();
        by_name["x-problem"] = json!(PAYOUT_PROBLEM);
        let schema = json!({
            "anyOf": [
                by_name,
                { "type": "integer", "minimum": PAYOUT_CODES.start(), "maximum": PAYOUT_CODES.end(), "x-problem": PAYOUT_PROBLEM },
            ],
            "x-problem": PAYOUT_PROBLEM,
        });
        Schema::try_from(schema).unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for PayoutChoice {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PayoutChoice, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Name(Word<PayoutMethods>),
            Code(i64),
        }
        match Either::deserialize(deserializer)? {
            Either::Name(word) => Ok(PayoutChoice(i64::try_from(word.index()).unwrap_or_default())),
            Either::Code(code) if PAYOUT_CODES.contains(&code) => Ok(PayoutChoice(code)),
            Either::Code(_) => Err(serde::de::Error::custom(PAYOUT_PROBLEM)),
        }
    }
}

/// The card to remove: in the query, or in a JSON body.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CardToken {
    /// The card's token.
    pub card_token: Option<String>,
}

/// The timeline's window: newest first, no page reaching past the 10 000th item (`page × limit`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimelineQuery {
    #[serde(flatten)]
    pub created: CreatedWithin,
    /// The page, from 1.
    #[schemars(range(min = 1, max = MAX_DEPTH))]
    pub page: Option<i64>,
    /// Items a page, 1–100 (20 when not given).
    #[schemars(range(min = 1, max = MAX_LIMIT))]
    pub limit: Option<i64>,
}

// What the receiver's own API answers, as the `cloudtips` package reads it. Members are declared
// in the order they are written (alphabetical), as the answers have always had them.

/// The receiver's own profile.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub available_amount: AvailableAmount,
    pub birthday: Null,
    pub created_date: Time,
    pub email: Option<String>,
    pub full_name: String,
    /// `NotSpecified`.
    pub gender: &'static str,
    /// Whether the receiver has a card.
    pub instant_payout_enabled: bool,
    pub is_premium: bool,
    pub onboarding_passed: bool,
    /// `Instant` or `Accumulation`.
    pub payout_method: &'static str,
    pub phone_number: String,
    pub phone_number_confirmed: bool,
    pub photo_url: Option<String>,
    pub user_id: String,
    /// The place of the default payment page (else of the first Confirmed one).
    pub work_place: Option<String>,
    pub work_position: Null,
}

/// The tip a payer may give, in rubles.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AvailableAmount {
    pub maximal: f64,
    pub minimal: f64,
}

/// The payout commission's texts.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FeeInfo {
    pub down_grade_condition: &'static str,
    pub instant_payout_commission_text: &'static str,
    pub text: String,
    pub tinkoff_commission_hint: &'static str,
}

/// The accumulated balance and the commission on it, in rubles.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccumulationSummary {
    pub accumulated_amount: f64,
    pub amount_to_deposit: f64,
    pub commission: f64,
    pub commission_hint: String,
    pub commission_percent: f64,
    pub next_payout_date: Option<Time>,
}

/// A card the receiver has linked.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Card {
    /// `MM/YY`.
    pub card_expiration_date: String,
    pub card_type: String,
    pub commission_hint: String,
    pub first_six: String,
    pub is_default: bool,
    pub issuer_code: String,
    pub last_four: String,
    pub token: String,
}

impl From<&CardRow> for Card {
    fn from(card: &CardRow) -> Card {
        Card {
            card_expiration_date: card.expiration_date.clone(),
            card_type: card.card_type.clone(),
            commission_hint: card.commission_hint.clone(),
            first_six: card.first_six.clone(),
            is_default: card.is_default != 0,
            issuer_code: card.issuer_code.clone(),
            last_four: card.last_four.clone(),
            token: card.token.clone(),
        }
    }
}

/// A page of the timeline (shorter than `limit`: the last).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Timeline {
    pub items: Vec<TimelineItem>,
}

/// A tip (`Transaction`) or a payout (`Payout`).
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimelineItem {
    pub comment: Option<String>,
    pub created_date: Time,
    pub operation_type: String,
    pub payer_name: Option<String>,
    /// Rubles.
    pub payment_amount: f64,
    pub transaction_id: i64,
}

impl From<&TimelineRow> for TimelineItem {
    fn from(item: &TimelineRow) -> TimelineItem {
        TimelineItem {
            comment: item.comment.clone(),
            created_date: Time::at(item.created_at_ms),
            operation_type: item.operation_type.clone(),
            payer_name: item.payer_name.clone(),
            payment_amount: rubles(item.amount_kopecks),
            transaction_id: item.transaction_id,
        }
    }
}
