//! What the receiver's own API takes (`client_id=MobilePhone` tokens): its payout method, the
//! card to remove, the timeline's window.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};
use serde_json::json;

use crate::vendors::cloudtips::wire::paging::MAX_LIMIT;
use crate::vendors::cloudtips::wire::receivers::PAYOUT_CODES;
use crate::vendors::cloudtips::wire::values::{Instant, Word, Words};

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
    #[serde(default)]
    pub card_token: Option<String>,
}

/// The timeline's window: newest first, no page reaching past the 10 000th item (`page × limit`).
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TimelineQuery {
    /// createdDate from (RFC 3339, or a date).
    #[serde(default)]
    #[schemars(with = "Instant")]
    pub date_from: Option<Instant>,
    /// createdDate to (RFC 3339, or a date: its whole day); never past the tenant's clock.
    #[serde(default)]
    #[schemars(with = "Instant")]
    pub date_to: Option<Instant>,
    /// The page, from 1.
    #[serde(default)]
    #[schemars(range(min = 1, max = MAX_DEPTH))]
    pub page: Option<i64>,
    /// Items a page, 1–100 (20 when not given).
    #[serde(default)]
    #[schemars(range(min = 1, max = MAX_LIMIT))]
    pub limit: Option<i64>,
}
