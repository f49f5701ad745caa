//! Pieces every LIFE POS answer is made of: a time, an amount of money, a reference to another
//! entity, and what the `full` presentation adds to an organization's entity.
//!
//! Member order: every answer has always been written with its members in alphabetical order
//! (serde_json's map sorts them), so the typed answers declare their members alphabetically and
//! write the same bytes (`tests::typed_answers_keep_alphabetical_order` holds them to it). A member
//! only the `full` presentation shows is an `Option` left out when `None`; one that `full` shows
//! as `null` is an `Option<Option<_>>`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::platform::clock::{from_ms, rfc3339};
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::members::EntityRef;

/// A time as every LIFE POS answer writes it: RFC 3339 in UTC, with milliseconds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Time(#[schemars(extend("format" = "date-time"))] pub String);

impl Time {
    pub fn at(ms: i64) -> Time {
        Time(rfc3339(from_ms(ms)))
    }

    pub fn optional(ms: Option<i64>) -> Option<Time> {
        ms.map(Time::at)
    }
}

/// An amount of money as the API shows it (and fixtures give it): `{"value": <kopecks>}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Money {
    pub value: i64,
}

/// What the `full` presentation adds to every entity of an organization: the organization and the
/// entity's times (each answer type has them as members of its own, in its alphabetical place).
pub struct Stamps {
    pub organization: Option<EntityRef>,
    pub created_at: Option<Time>,
    pub updated_at: Option<Time>,
}

impl Stamps {
    pub fn of(presentation: Presentation, org_guid: &str, created_at_ms: i64, updated_at_ms: i64) -> Stamps {
        match presentation {
            Presentation::Full => Stamps {
                organization: Some(EntityRef::new(org_guid, "Organization")),
                created_at: Some(Time::at(created_at_ms)),
                updated_at: Some(Time::at(updated_at_ms)),
            },
            Presentation::Compact => Stamps {
                organization: None,
                created_at: None,
                updated_at: None,
            },
        }
    }
}

/// What `presentation` shows of a member only `full` has.
pub fn full<T>(presentation: Presentation, value: impl FnOnce() -> T) -> Option<T> {
    (presentation == Presentation::Full).then(value)
}

/// An answer as a JSON value (a JSON Patch works on the entity as GET shows it).
pub fn to_value<T: Serialize>(answer: &T) -> Value {
    // An answer's members are strings, numbers, references and JSON objects: always a value.
    serde_json::to_value(answer).expect("an answer is a JSON value")
}

// The untyped forms below serve the answers not typed yet (sales).

/// A reference to another entity: `{"guid", "type_of"}`, `type_of` naming its kind.
pub fn entity_ref(guid: &str, type_of: &'static str) -> Value {
    to_value(&EntityRef::new(guid, type_of))
}

pub fn time(ms: i64) -> Value {
    Value::String(Time::at(ms).0)
}

pub fn optional_time(ms: Option<i64>) -> Value {
    ms.map(time).unwrap_or(Value::Null)
}

/// What the `full` presentation adds to every entity of an organization: the organization and the
/// entity's times.
pub fn add_full_stamps(body: &mut Value, org_guid: &str, created_at_ms: i64, updated_at_ms: i64) {
    body["organization"] = entity_ref(org_guid, "Organization");
    body["created_at"] = time(created_at_ms);
    body["updated_at"] = time(updated_at_ms);
}

/// An amount of money as the API shows it: `{"value": <kopecks>}`.
pub fn money(kopecks: i64) -> Value {
    json!(Money { value: kopecks })
}

/// A reference to an entity that may be absent: `{"guid", "type_of"}` or null.
pub fn optional_ref(guid: Option<&str>, type_of: &'static str) -> Value {
    guid.map_or(Value::Null, |guid| entity_ref(guid, type_of))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::lifepos::store::employees::EmployeeRow;
    use crate::vendors::lifepos::store::fiscal_registrars::{DocumentRow, RegistrarRow};
    use crate::vendors::lifepos::store::orgs::OrganizationRow;
    use crate::vendors::lifepos::store::outlets::OutletRow;
    use crate::vendors::lifepos::store::terminals::{TerminalRow, TransactionRow};
    use crate::vendors::lifepos::store::workplaces::WorkplaceRow;

    const GUID: &str = "5e8b1d3f-7a2c-4f6e-9b4d-1c3e5a7f9b41";
    const ORG: &str = "0b4f4a3e-5d1c-4c7a-9a39-1f6b8f2a7c01";

    /// The typed answer's bytes, which must be those of its JSON value (whose members serde_json
    /// sorts): what the answers were before they were typed.
    fn written_as_before<T: Serialize>(answer: &T) -> String {
        let written = serde_json::to_string(answer).expect("serializes");
        assert_eq!(
            written,
            to_value(answer).to_string(),
            "members out of alphabetical order"
        );
        written
    }

    fn both<T: Serialize>(answer: impl Fn(Presentation) -> T) -> (String, String) {
        (
            written_as_before(&answer(Presentation::Compact)),
            written_as_before(&answer(Presentation::Full)),
        )
    }

    #[test]
    fn typed_answers_keep_alphabetical_order() {
        let workplace = WorkplaceRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            number: 3,
            name: Some("Касса".to_owned()),
            workplace_type: "Mobile".to_owned(),
            extensions: r#"{"smart_pos":{"enabled":true}}"#.to_owned(),
            activation_code: Some("12345678".to_owned()),
            activation_employee_guid: None,
            activation_outlet_guid: None,
            activated_at_ms: Some(1_000),
            created_at_ms: 0,
            updated_at_ms: 2_000,
            deleted_at_ms: None,
        };
        let (compact, full) = both(|shown| workplace.answer(shown));
        assert_eq!(
            compact,
            format!(
                r#"{{"activated_at":"1970-01-01T00:00:01.000Z","deleted_at":null,"guid":"{GUID}","name":"Касса","number":3,"type_of":"Workplace","workplace_type":"Mobile"}}"#
            )
        );
        assert!(
            full.contains(r#""extensions":{"smart_pos":{"enabled":true}}"#),
            "{full}"
        );
        assert!(
            full.contains(&format!(
                r#""organization":{{"guid":"{ORG}","type_of":"Organization"}}"#
            )),
            "{full}"
        );

        let org = OrganizationRow {
            guid: ORG.to_owned(),
            name: "Кофейня".to_owned(),
            alias: "coffee".to_owned(),
            support: None,
            extensions: "{}".to_owned(),
            created_at_ms: 0,
            updated_at_ms: 0,
            owner_guid: Some(GUID.to_owned()),
        };
        let (compact, full) = both(|shown| org.answer(shown));
        assert_eq!(
            compact,
            format!(r#"{{"alias":"coffee","guid":"{ORG}","name":"Кофейня","type_of":"Organization"}}"#)
        );
        assert!(
            full.contains(r#""deleted_at":null"#) && full.contains(r#""support":null"#),
            "{full}"
        );

        let employee = EmployeeRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            name: "Иван Петров".to_owned(),
            username: Some("ivan".to_owned()),
            phone: None,
            password: Some("secret".to_owned()),
            role: "Cashier".to_owned(),
            inn: None,
            email: None,
            pin_code_hash: None,
            meta: None,
            meta_data: Some(r#"{"b":1,"a":2}"#.to_owned()),
            created_at_ms: 0,
            updated_at_ms: 0,
        };
        let (compact, full) = both(|shown| employee.answer(shown));
        assert!(
            !compact.contains("username") && !full.contains("secret"),
            "{compact} {full}"
        );
        assert!(
            full.contains(r#""meta_data":{"a":2,"b":1}"#) && full.contains(r#""phone":null"#),
            "{full}"
        );

        let outlet = OutletRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            name: "Точка".to_owned(),
            address: None,
            legal_entity_guid: Some(GUID.to_owned()),
            brand_guid: None,
            extensions: "{}".to_owned(),
            created_at_ms: 0,
            updated_at_ms: 0,
        };
        let (compact, full) = both(|shown| outlet.answer(shown));
        assert!(
            !compact.contains("brand") && full.contains(r#""brand":null"#),
            "{compact} {full}"
        );

        let terminal = TerminalRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            kind: "QuickPayments".to_owned(),
            name: "СБП".to_owned(),
            serial_number: None,
            created_at_ms: 0,
            updated_at_ms: 0,
            deleted_at_ms: Some(5),
        };
        let (compact, _) = both(|shown| terminal.answer(shown));
        assert!(compact.contains(r#""type_of":"QuickPaymentTerminal""#), "{compact}");

        let transaction = TransactionRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            terminal_guid: GUID.to_owned(),
            operation: "Payment".to_owned(),
            status: "Completed".to_owned(),
            payment_type: "Sbp".to_owned(),
            amount: 35_000,
            card_number: None,
            purpose: Some("1042".to_owned()),
            registered_at_ms: 0,
            created_at_ms: 0,
            updated_at_ms: 0,
        };
        let (compact, full) = both(|shown| transaction.answer(shown));
        assert!(
            compact.contains(r#""amount":{"value":35000}"#) && !compact.contains("terminal"),
            "{compact}"
        );
        assert!(full.contains(r#""meta_data":{"purpose":"1042"}"#), "{full}");

        let registrar = RegistrarRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            name: "АТОЛ".to_owned(),
            serial_number: Some("001".to_owned()),
            created_at_ms: 0,
            updated_at_ms: 0,
            deleted_at_ms: None,
        };
        both(|shown| registrar.answer(shown));

        let mut document = DocumentRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            registrar_guid: GUID.to_owned(),
            fiscal_form: "ShiftOpeningReport".to_owned(),
            fiscal_status: "Printed".to_owned(),
            number: 1,
            shift_number: None,
            cashier: None,
            sale_guid: None,
            total_sum: None,
            ofd_url: None,
            issued_at_ms: 0,
            created_at_ms: 0,
            updated_at_ms: 0,
            print_view: None,
        };
        let (_, full) = both(|shown| document.answer(shown));
        assert!(
            !full.contains("ofd_url") && full.contains(r#""cashier":null"#),
            "{full}"
        );
        document.fiscal_form = "Receipt".to_owned();
        let (compact, _) = both(|shown| document.answer(shown));
        assert!(
            compact.contains(r#""ofd_url":null,"#) && compact.contains(r#""total_sum":null,"#),
            "{compact}"
        );
    }
}
