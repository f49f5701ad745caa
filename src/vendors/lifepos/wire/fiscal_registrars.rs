//! What a fiscal registrar's documents answer (`…/fiscal-registrars/{guid}/docs`, receipts under
//! `…/docs/receipts`); the registrar itself answers as a terminal does (`wire::terminals::Device`).
//! Members are in alphabetical order, see `wire::render`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::render::Time;
use crate::vendors::lifepos::wire::sales::Money;

/// A fiscal document; a receipt (`FiscalReceipt`) also shows `sale`, `total_sum` and `ofd_url`.
/// `compact` leaves out the cashier, the organization and the times but `issued_at`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FiscalDocument {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cashier: Option<Option<Cashier>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    pub fiscal_form: String,
    pub fiscal_registrar: EntityRef,
    pub fiscal_status: String,
    pub guid: String,
    pub issued_at: Time,
    pub number: i64,
    /// The receipt on the OFD's site (receipts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ofd_url: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<EntityRef>,
    /// Receipts only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale: Option<Option<EntityRef>>,
    pub shift_number: Option<i64>,
    /// The document as the till printed it; only documents the till made have it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Sources>,
    /// Receipts only: `{"value", "currency": "RUB"}`, as every sale's money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_sum: Option<Option<Money>>,
    /// `FiscalReceipt` or `FiscalDocument`.
    pub type_of: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
}

/// `sources` of a printed document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Sources {
    /// The receipt as text: positions, sums, the payment split, the registrar and the time.
    pub print_view: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Cashier {
    pub name: String,
}
