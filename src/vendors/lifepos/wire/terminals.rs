//! What the terminal reads answer (`GET /orgs/{org}/terminals/{bank|quick-payments}`, one
//! terminal, its `…/transactions`); fiscal registrars answer as a terminal does ([`Device`]).
//! Members are in alphabetical order, see `wire::render`.

use schemars::JsonSchema;
use serde::Serialize;

use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::render::{Money, Stamps, Time};

/// A bank or quick-payment terminal, or a fiscal registrar; `compact` is guid, name, serial
/// number and `deleted_at`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Device {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    pub deleted_at: Option<Time>,
    pub guid: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<EntityRef>,
    pub serial_number: Option<String>,
    /// `BankTerminal`, `QuickPaymentTerminal` or `FiscalRegistrar`.
    pub type_of: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
}

/// A stored device's times: created, updated and, for an archived one, deleted (epoch ms).
pub type Times = (i64, i64, Option<i64>);

impl Device {
    /// The device as `presentation` shows it.
    pub fn shown(
        presentation: Presentation,
        type_of: &'static str,
        guid: &str,
        org_guid: &str,
        name: &str,
        serial_number: Option<&str>,
        (created_at_ms, updated_at_ms, deleted_at_ms): Times,
    ) -> Device {
        let stamps = Stamps::of(presentation, org_guid, created_at_ms, updated_at_ms);
        Device {
            created_at: stamps.created_at,
            deleted_at: Time::optional(deleted_at_ms),
            guid: guid.to_owned(),
            name: name.to_owned(),
            organization: stamps.organization,
            serial_number: serial_number.map(str::to_owned),
            type_of,
            updated_at: stamps.updated_at,
        }
    }
}

/// A terminal's transaction; `compact` leaves out the terminal, the organization and the times
/// but `registered_at`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Transaction {
    pub amount: Money,
    /// Masked; bank terminals only.
    pub card_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Time>,
    pub guid: String,
    pub meta_data: Purpose,
    pub operation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<EntityRef>,
    pub payment_type: String,
    pub registered_at: Time,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal: Option<EntityRef>,
    /// `TerminalTransaction`.
    pub type_of: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
}

/// What a transaction paid for: public clients match `purpose` against the sale's `number`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Purpose {
    pub purpose: Option<String>,
}
