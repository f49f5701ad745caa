//! What a sale takes: a new one (`POST /orgs/{org}/deals/sales`, the body a public PHP client
//! sends on `/v4`), what a JSON Patch may leave of one, the patch itself (paths with or without
//! the leading slash, as that client sends both), and the till's requests (the emulator's own
//! control routes: a payment, a refund, a shift).
//!
//! Choices where no vendor page exists:
//! - `number` is an integer (as the PHP client sends its order id) or a string of 1–32
//!   characters; the next free number of the organization when absent;
//! - `outlet` is required; `workplace` and `opened_by` are optional; each must be the
//!   organization's (a 422 naming it otherwise);
//! - `opened_at` is RFC 3339 (fractional seconds of any length, as PHP prints them), or
//!   `YYYY-MM-DD HH:MM:SS` read as UTC; the request's instant when absent;
//! - `status` may only be `Opened` on a new sale; a PATCH may set `Opened` (no change) or
//!   `Canceled`; `Closed` and `Returned` follow from payments and refunds at the till;
//! - money is `{"value": <kopecks>, "currency": "RUB"}`, `currency` optional (RUB is the only one);
//! - `total_sum` is the positions' sum when absent, and kept as sent otherwise;
//! - 1–[`MAX_POSITIONS`] positions, each `name` 1–128 characters, `quantity` > 0, `sale_price`;
//!   `total_sum` is price × quantity when absent; `good_type`, `tax` (1–32 characters each) and
//!   `uom` (`{"guid"}`) are kept and shown as sent.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Value};

use crate::platform::whole_number;
use crate::vendors::lifepos::wire::members::Reference;
use crate::vendors::lifepos::wire::patch::{JsonPatch, POINTER_PATTERN};

/// The most positions a sale may have.
pub const MAX_POSITIONS: usize = 500;
/// The largest amount, in kopecks (ten billion roubles).
pub const MAX_KOPECKS: i64 = 1_000_000_000_000;
pub const MAX_QUANTITY: f64 = 1_000_000.0;
/// The longest sale number, as a string.
pub const MAX_NUMBER_CHARS: usize = 32;
pub const MAX_NUMBER: i64 = 999_999_999_999_999;

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
pub enum Currency {
    #[allow(clippy::upper_case_acronyms)]
    RUB,
}

/// An amount: `{"value": <kopecks>, "currency": "RUB"}`; written `currency` first, in the
/// alphabetical order every LIFE POS answer keeps (see `wire::render`).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
pub struct Money {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    #[schemars(range(min = 0, max = MAX_KOPECKS))]
    pub value: i64,
}

impl Money {
    pub fn rub(value: i64) -> Money {
        Money {
            value,
            currency: Some(Currency::RUB),
        }
    }
}

/// A sale number as a client sends it.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SaleNumber {
    Integer(#[schemars(range(min = 1, max = MAX_NUMBER))] i64),
    Text(#[schemars(length(min = 1, max = MAX_NUMBER_CHARS))] String),
}

impl SaleNumber {
    pub fn text(&self) -> String {
        match self {
            SaleNumber::Integer(number) => number.to_string(),
            SaleNumber::Text(text) => text.clone(),
        }
    }
}

/// A new sale's status: only an open one is created.
#[derive(Clone, Copy, Debug, Deserialize, JsonSchema)]
pub enum NewSaleStatus {
    Opened,
}

/// The v4 statuses; a PATCH may leave `Opened` or `Canceled` (see [`SaleChange`]).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
pub enum SaleStatus {
    Opened,
    Closed,
    Canceled,
    Returned,
}

impl SaleStatus {
    pub const ALL: [&'static str; 4] = ["Opened", "Closed", "Canceled", "Returned"];

    pub fn name(self) -> &'static str {
        match self {
            SaleStatus::Opened => "Opened",
            SaleStatus::Closed => "Closed",
            SaleStatus::Canceled => "Canceled",
            SaleStatus::Returned => "Returned",
        }
    }
}

/// One position of a sale.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
pub struct Position {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 32))]
    pub good_type: Option<String>,
    #[schemars(length(min = 1, max = 128))]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uom: Option<UnitRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1, max = 32))]
    pub tax: Option<String>,
    #[schemars(range(min = 0.001, max = MAX_QUANTITY))]
    pub quantity: f64,
    pub sale_price: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_sum: Option<Money>,
}

/// A unit of measure: `{"guid"}` (units are not kept: any guid).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
pub struct UnitRef {
    pub guid: uuid::Uuid,
}

impl Position {
    /// The position with its `total_sum` (price × quantity, to the kopeck, when absent) and money
    /// in roubles.
    pub fn settled(mut self) -> Position {
        let total = self.total_sum.map_or_else(
            || (self.sale_price.value as f64 * self.quantity).round() as i64,
            |total| total.value,
        );
        self.sale_price = Money::rub(self.sale_price.value);
        self.total_sum = Some(Money::rub(total.clamp(0, MAX_KOPECKS)));
        self
    }
}

/// `POST /orgs/{org}/deals/sales`.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct NewSale {
    #[serde(default)]
    pub number: Option<SaleNumber>,
    pub outlet: Reference,
    #[serde(default)]
    pub workplace: Option<Reference>,
    #[serde(default)]
    pub opened_by: Option<Reference>,
    #[serde(default)]
    #[schemars(length(min = 1, max = 64))]
    pub opened_at: Option<String>,
    #[serde(default)]
    pub status: Option<NewSaleStatus>,
    #[serde(default)]
    pub total_sum: Option<Money>,
    #[schemars(length(min = 1, max = MAX_POSITIONS))]
    pub positions: Vec<Position>,
}

/// What a JSON Patch leaves of a sale, as GET shows it (the members beside these are read-only).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct SaleChange {
    pub number: SaleNumber,
    pub status: SaleStatus,
    /// Null on a sale loaded from fixtures without one.
    #[serde(default)]
    pub outlet: Option<Reference>,
    #[serde(default)]
    pub workplace: Option<Reference>,
    #[serde(default)]
    pub opened_by: Option<Reference>,
    #[schemars(length(min = 1, max = 64))]
    pub opened_at: String,
    pub total_sum: Money,
    #[schemars(length(min = 1, max = MAX_POSITIONS))]
    pub positions: Vec<Position>,
}

/// `PATCH /orgs/{org}/deals/sales/{guid}`: RFC 6902 operations whose `path` (and `from`) may lack
/// the leading slash (`"status"` is `/status`), as a public PHP client sends them.
#[derive(Debug)]
pub struct SalePatch(pub json_patch::Patch);

/// A pointer with its leading slash, or without one.
const LOOSE_POINTER_PATTERN: &str = "^(/?([^~/]|~[01])([^~]|~[01])*)?$";

impl JsonSchema for SalePatch {
    fn schema_name() -> Cow<'static, str> {
        "SalePatch".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let strict = serde_json::to_string(&JsonPatch::json_schema(generator)).unwrap_or_default();
        let loose = strict.replace(
            &serde_json::to_string(POINTER_PATTERN).unwrap_or_default(),
            &serde_json::to_string(LOOSE_POINTER_PATTERN).unwrap_or_default(),
        );
        serde_json::from_str::<Value>(&loose)
            .ok()
            .and_then(|schema| Schema::try_from(schema).ok())
            .unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for SalePatch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SalePatch, D::Error> {
        let mut operations = Vec::<Value>::deserialize(deserializer)?;
        for operation in &mut operations {
            for member in ["path", "from"] {
                if let Some(Value::String(pointer)) = operation.get_mut(member) {
                    if !pointer.is_empty() && !pointer.starts_with('/') {
                        pointer.insert(0, '/');
                    }
                }
            }
        }
        json_patch::Patch::deserialize(json!(operations))
            .map(SalePatch)
            .map_err(serde::de::Error::custom)
    }
}

/// `POST /_emulator/lifepos/sales/{guid}/payments` and `…/payments/{guid}/refunds`: kopecks by
/// card and in cash, together more than 0.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TillMoney {
    // `100.0` is the whole number JSON Schema's `integer` admits, which serde's `i64` refuses.
    #[serde(default, deserialize_with = "whole_number::required")]
    #[schemars(with = "i64", range(min = 0, max = MAX_KOPECKS))]
    pub by_card: i64,
    #[serde(default, deserialize_with = "whole_number::required")]
    #[schemars(with = "i64", range(min = 0, max = MAX_KOPECKS))]
    pub by_cash: i64,
}

#[derive(Clone, Copy, Debug, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ShiftAction {
    Open,
    Close,
}

/// `POST /_emulator/lifepos/fiscal-registrars/{guid}/shift`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftChange {
    pub action: ShiftAction,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_paths_take_the_leading_slash_or_not() {
        let patch: SalePatch = serde_json::from_value(json!([
            { "op": "replace", "path": "status", "value": "Canceled" },
            { "op": "replace", "path": "/total_sum", "value": { "value": 1 } },
        ]))
        .expect("both forms");
        let paths: Vec<String> = patch.0 .0.iter().map(|op| op.path().to_string()).collect();
        assert_eq!(paths, ["/status", "/total_sum"]);
        let schema = crate::platform::wire::schema_of::<SalePatch>();
        assert!(schema.schema.to_string().contains("/?"), "{}", schema.schema);
    }

    #[test]
    fn a_position_costs_price_times_quantity_when_its_total_is_absent() {
        let position: Position =
            serde_json::from_value(json!({ "name": "Билет", "quantity": 3, "sale_price": { "value": 50000 } }))
                .expect("valid");
        assert_eq!(position.settled().total_sum, Some(Money::rub(150_000)));
    }
}
