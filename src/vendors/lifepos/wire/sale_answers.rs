//! What a sale and its money documents answer (`…/deals/sales`, `…/docs/money`, the till's
//! payments and refunds), and what their notifications carry: the same types, so a notification is
//! the entity as its own GET answers it. Members are in alphabetical order (see `wire::render`).
//!
//! Money in every one of these answers is `{"value": <kopecks>, "currency": "RUB"}`
//! ([`Money::rub`]), a position's too, whether the sale came from the API (which keeps `currency`
//! optional) or from fixtures (which leave it out).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::render::Time;
use crate::vendors::lifepos::wire::sales::{Money, SaleStatus};

/// A sale, with the v6 `state`, `payment_status` and `shipping_status` and the v4 `status` they
/// come to. `compact` is guid, number, the statuses, `opened_at` and `total_sum`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Sale {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Option<Time>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    /// The receipt printed for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_document: Option<Option<DocumentRef>>,
    pub guid: String,
    pub number: String,
    pub opened_at: Time,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opened_by: Option<Option<EntityRef>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<EntityRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<Option<EntityRef>>,
    pub payment_status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub positions: Option<Vec<SalePosition>>,
    pub shipping_status: String,
    pub state: String,
    /// The v4 status.
    pub status: SaleStatus,
    pub total_sum: Money,
    /// Always `Sale`.
    pub type_of: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workplace: Option<Option<EntityRef>>,
}

/// One position of a sale, as it was sent (`good_type`, `tax` and `uom` kept as given) with its
/// `total_sum`, read from the positions the sale stores.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
pub struct SalePosition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub good_type: Option<String>,
    pub name: String,
    pub quantity: f64,
    pub sale_price: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_sum: Option<Money>,
    /// `{"guid"}` from the API; a fixture's as it gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uom: Option<Value>,
}

impl SalePosition {
    /// The stored positions of a sale (none when they cannot be read), their money in roubles.
    pub fn read_stored(stored: &str) -> Vec<SalePosition> {
        let positions: Vec<SalePosition> = serde_json::from_str(stored).unwrap_or_default();
        positions
            .into_iter()
            .map(|position| SalePosition {
                sale_price: Money::rub(position.sale_price.value),
                total_sum: position.total_sum.map(|total| Money::rub(total.value)),
                ..position
            })
            .collect()
    }
}

/// The fiscal document printed for a sale or a money document: `{"fiscal_registrar", "guid",
/// "type_of": "FiscalDocument"}`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DocumentRef {
    pub fiscal_registrar: EntityRef,
    pub guid: String,
    /// Always `FiscalDocument`.
    pub type_of: &'static str,
}

impl DocumentRef {
    /// The receipt of a stored document and registrar guid, when there is one.
    pub fn of(document: Option<&str>, registrar: Option<&str>) -> Option<DocumentRef> {
        match (document, registrar) {
            (Some(document), Some(registrar)) => Some(DocumentRef {
                fiscal_registrar: EntityRef::new(registrar, "FiscalRegistrar"),
                guid: document.to_owned(),
                type_of: "FiscalDocument",
            }),
            _ => None,
        }
    }
}

/// A payment taken at the till (`SalePayment`) or money given back against one (`SaleRefund`,
/// with `for_payment`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct MoneyDocument {
    pub created_at: Time,
    /// The receipt printed for it.
    pub fiscal_document: Option<DocumentRef>,
    /// Refunds only: the payment refunded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub for_payment: Option<Option<EntityRef>>,
    pub guid: String,
    pub organization: EntityRef,
    pub sale: EntityRef,
    pub sum_by_card: Money,
    pub sum_by_cash: Money,
    pub total_sum: Money,
    /// `SalePayment` or `SaleRefund`.
    pub type_of: String,
    pub updated_at: Time,
}
