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
use serde_json::Value;

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

/// An amount of money as a terminal's transaction shows it: `{"value": <kopecks>}`. A sale's, its
/// money documents' and its receipt's carry their currency (`wire::sales::Money`).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vendors::lifepos::store::employees::EmployeeRow;
    use crate::vendors::lifepos::store::fiscal_registrars::{DocumentRow, RegistrarRow};
    use crate::vendors::lifepos::store::money_docs::{MoneyDocRow, PAYMENT, REFUND};
    use crate::vendors::lifepos::store::orgs::OrganizationRow;
    use crate::vendors::lifepos::store::outlets::OutletRow;
    use crate::vendors::lifepos::store::sales::SaleRow;
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
        document.total_sum = Some(35_000);
        let (compact, _) = both(|shown| document.answer(shown));
        assert!(
            compact.contains(r#""total_sum":{"currency":"RUB","value":35000}"#),
            "a receipt's money has its currency: {compact}"
        );
    }

    fn sale() -> SaleRow {
        SaleRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            number: "1042".to_owned(),
            state: "Completed".to_owned(),
            payment_status: "Paid".to_owned(),
            shipping_status: "Shipped".to_owned(),
            opened_at_ms: 1_000,
            closed_at_ms: None,
            total_sum: 35_000,
            // As a fixture stores them (no currency) and as the API does (good_type, uom, tax).
            positions: r#"[{"name":"Капучино","quantity":2.0,"sale_price":{"value":17500},"total_sum":{"value":35000}},
                {"good_type":"Service","name":"Чай","uom":{"guid":"0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e41"},"tax":"Vat20",
                 "quantity":1.0,"sale_price":{"currency":"RUB","value":100},"total_sum":{"currency":"RUB","value":100}}]"#
                .to_owned(),
            outlet_guid: Some(GUID.to_owned()),
            workplace_guid: None,
            opened_by_guid: None,
            fiscal_document_guid: Some(GUID.to_owned()),
            fiscal_registrar_guid: Some(ORG.to_owned()),
            created_at_ms: 0,
            updated_at_ms: 2_000,
            paid_sum: 35_000,
            refunded_sum: 0,
        }
    }

    /// A sale's bytes are what its JSON value was before it was typed, but for the currency every
    /// amount of it now carries.
    #[test]
    fn a_sale_answers_as_before_with_its_currency() {
        let (compact, full) = both(|shown| sale().answer(shown));
        assert_eq!(
            compact,
            format!(
                r#"{{"guid":"{GUID}","number":"1042","opened_at":"1970-01-01T00:00:01.000Z","payment_status":"Paid","shipping_status":"Shipped","state":"Completed","status":"Closed","total_sum":{{"currency":"RUB","value":35000}},"type_of":"Sale"}}"#
            )
        );
        assert!(
            full.contains(r#""closed_at":null,"#)
                && full.contains(r#""opened_by":null,"#)
                && full.contains(r#""workplace":null}"#),
            "{full}"
        );
        assert!(
            full.contains(&format!(
                r#""fiscal_document":{{"fiscal_registrar":{{"guid":"{ORG}","type_of":"FiscalRegistrar"}},"guid":"{GUID}","type_of":"FiscalDocument"}}"#
            )),
            "{full}"
        );
        assert!(
            full.contains(r#"{"name":"Капучино","quantity":2.0,"sale_price":{"currency":"RUB","value":17500},"total_sum":{"currency":"RUB","value":35000}}"#),
            "a fixture's position gets its currency: {full}"
        );
        assert!(
            full.contains(r#"{"good_type":"Service","name":"Чай","quantity":1.0,"sale_price":{"currency":"RUB","value":100},"tax":"Vat20","total_sum":{"currency":"RUB","value":100},"uom":{"guid":"0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e41"}}"#),
            "{full}"
        );
        let mut unreadable = sale();
        unreadable.positions = "{".to_owned();
        let full = written_as_before(&unreadable.answer(Presentation::Full));
        assert!(full.contains(r#""positions":[],"#), "{full}");
    }

    #[test]
    fn money_documents_answer_as_before() {
        let mut payment = MoneyDocRow {
            guid: GUID.to_owned(),
            org_guid: ORG.to_owned(),
            sale_guid: GUID.to_owned(),
            type_of: PAYMENT.to_owned(),
            sum_by_card: 30_000,
            sum_by_cash: 5_000,
            fiscal_document_guid: None,
            fiscal_registrar_guid: Some(ORG.to_owned()),
            for_payment_guid: None,
            refunded_by_card: 0,
            refunded_by_cash: 0,
            created_at_ms: 0,
            updated_at_ms: 0,
        };
        let written = written_as_before(&payment.answer());
        assert_eq!(
            written,
            format!(
                r#"{{"created_at":"1970-01-01T00:00:00.000Z","fiscal_document":null,"guid":"{GUID}","organization":{{"guid":"{ORG}","type_of":"Organization"}},"sale":{{"guid":"{GUID}","type_of":"Sale"}},"sum_by_card":{{"currency":"RUB","value":30000}},"sum_by_cash":{{"currency":"RUB","value":5000}},"total_sum":{{"currency":"RUB","value":35000}},"type_of":"SalePayment","updated_at":"1970-01-01T00:00:00.000Z"}}"#
            )
        );
        payment.type_of = REFUND.to_owned();
        let written = written_as_before(&payment.answer());
        assert!(written.contains(r#""for_payment":null,"#), "{written}");
        payment.for_payment_guid = Some(GUID.to_owned());
        let written = written_as_before(&payment.answer());
        assert!(
            written.contains(&format!(r#""for_payment":{{"guid":"{GUID}","type_of":"SalePayment"}}"#)),
            "{written}"
        );
    }
}
