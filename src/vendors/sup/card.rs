//! The loyalty card: its statuses and EAN rules.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
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

    pub fn allowed() -> String {
        CardStatus::ALL.map(CardStatus::name).join(", ")
    }
}

/// An EAN-8 or EAN-13: digits of that length. The check digit is not verified: the document's
/// own example (`1234567890123`) fails it.
pub fn is_ean(value: &str) -> bool {
    matches!(value.len(), 8 | 13) && value.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eans_are_8_or_13_digits() {
        assert!(is_ean("1234567890123"));
        assert!(is_ean("12345670"));
        for bad in ["123456789012", "12345678901234", "123456789012a", ""] {
            assert!(!is_ean(bad), "{bad}");
        }
    }

    #[test]
    fn statuses_by_name() {
        assert_eq!(
            CardStatus::from_name("TEMPORARILY_BLOCKED"),
            Some(CardStatus::TemporarilyBlocked)
        );
        assert_eq!(CardStatus::from_name("main"), None);
    }
}
