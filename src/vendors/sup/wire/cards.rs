//! `POST /v1/employee/{idEmployee}/link_card` (`{"customIdCard", "statusCard"}`),
//! `POST /v1/employee/{idEmployee}/card/switch` (`{"idCard", "statusCard"}`) and the card as
//! `GET /v1/card/{idCard}` shows it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::platform::clock::{from_ms, rfc3339};
use crate::vendors::sup::store::cards::{kopecks_to_rubles, CardRow};
use crate::vendors::sup::wire::employees::Employee;
use crate::vendors::sup::wire::limits::{self, Limit};
use crate::vendors::sup::wire::Digits;

/// An EAN-8 or EAN-13: digits of that length. The check digit is not verified: the document's
/// own example (`1234567890123`) fails it.
pub const EAN_PATTERN: &str = "^([0-9]{8}|[0-9]{13})$";

#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CardStatus {
    Main,
    Additional,
    TemporarilyBlocked,
}

impl CardStatus {
    pub const ALL: [CardStatus; 3] = [CardStatus::Main, CardStatus::Additional, CardStatus::TemporarilyBlocked];

    pub fn name(self) -> &'static str {
        match self {
            CardStatus::Main => "MAIN",
            CardStatus::Additional => "ADDITIONAL",
            CardStatus::TemporarilyBlocked => "TEMPORARILY_BLOCKED",
        }
    }

    pub fn from_name(name: &str) -> Option<CardStatus> {
        CardStatus::ALL.into_iter().find(|status| status.name() == name)
    }
}

/// A card's EAN, as a partner names the card.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct Ean(#[schemars(regex(pattern = EAN_PATTERN), extend("x-problem" = "EAN карты: 8 или 13 цифр"))] pub String);

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkCard {
    pub custom_id_card: Ean,
    pub status_card: CardStatus,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct SwitchCard {
    pub id_card: uuid::Uuid,
    pub status_card: CardStatus,
}

/// The link of a card to an employee, as the document answers it.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CardLink {
    pub id_employee: String,
    pub id_card: String,
    pub status_card: CardStatus,
}

/// A card in the list of its holder's cards.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HeldCard {
    pub id_card: String,
    pub custom_id_card: String,
    pub status_card: Option<String>,
    pub date_until: String,
}

impl From<&CardRow> for HeldCard {
    fn from(row: &CardRow) -> HeldCard {
        HeldCard {
            id_card: row.id_card.clone(),
            custom_id_card: row.custom_id_card.clone(),
            status_card: row.status_card.clone(),
            date_until: row.valid_until.clone(),
        }
    }
}

/// The card as `GET /v1/card/{idCard}` shows it: the page's fields in its order (`customCardId`
/// a JSON number, as the page types it), then its limits, availability and holder.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CardInfo {
    pub id_card: String,
    pub custom_card_id: Digits,
    #[serde(rename = "type")]
    pub card_type: String,
    pub status_card: Option<String>,
    pub date_until: String,
    pub balance_account: BalanceAccount,
    pub limit: Option<Limit>,
    pub available: bool,
    pub id_employee: Option<String>,
    pub employee: Option<Employee>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BalanceAccount {
    /// When the balance last changed (RFC 3339); `null`: never.
    pub update_at: Option<String>,
    /// Rubles.
    pub balance: f64,
}

impl CardInfo {
    /// The card and the employee holding it; a stored limit that no longer reads is an error.
    pub fn new(row: &CardRow, holder: Option<Employee>) -> Result<CardInfo, sqlx::Error> {
        Ok(CardInfo {
            id_card: row.id_card.clone(),
            custom_card_id: Digits::of(&row.custom_id_card),
            card_type: row.card_type.clone(),
            status_card: row.status_card.clone(),
            date_until: row.valid_until.clone(),
            balance_account: BalanceAccount {
                update_at: row.balance_updated_at_ms.map(|ms| rfc3339(from_ms(ms))),
                balance: kopecks_to_rubles(row.balance_kopecks),
            },
            limit: row.limits.as_deref().map(limits::from_stored).transpose()?,
            available: row.available != 0,
            id_employee: row.id_employee.clone(),
            employee: holder,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::wire::{self, every_pattern_compiles, schema_of};
    use crate::vendors::sup::wire::words::WORDS;
    use serde_json::json;

    #[test]
    fn statuses_by_name() {
        assert_eq!(
            CardStatus::from_name("TEMPORARILY_BLOCKED"),
            Some(CardStatus::TemporarilyBlocked)
        );
        assert_eq!(CardStatus::from_name("main"), None);
        for status in CardStatus::ALL {
            assert_eq!(serde_json::to_value(status).ok(), Some(json!(status.name())));
        }
    }

    #[test]
    fn a_link_takes_an_ean_of_8_or_13_digits_and_a_status() {
        for ean in ["1234567890123", "12345670"] {
            let link: LinkCard = wire::read(json!({ "customIdCard": ean, "statusCard": "MAIN" }), &WORDS)
                .unwrap_or_else(|problems| panic!("{ean}: {problems:?}"));
            assert_eq!(link.custom_id_card.0, ean);
        }
        for bad in ["123456789012", "12345678901234", "123456789012a", "", " "] {
            let problems = wire::read::<LinkCard>(json!({ "customIdCard": bad, "statusCard": "GOLD" }), &WORDS)
                .err()
                .unwrap_or_default();
            let fields: Vec<&str> = problems.iter().map(|problem| problem.field.as_str()).collect();
            assert_eq!(fields, ["customIdCard", "statusCard"], "{bad:?}");
            assert_eq!(problems[0].message, "EAN карты: 8 или 13 цифр");
            assert_eq!(
                problems[1].message,
                "Допустимые значения: MAIN, ADDITIONAL, TEMPORARILY_BLOCKED"
            );
        }
        every_pattern_compiles(&schema_of::<LinkCard>().schema).expect("compiles");
    }
}
