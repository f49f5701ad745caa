//! The workplace model: its types, limits and stored row.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::platform::clock::from_ms;
use crate::vendors::lifepos::fixtures::WorkplaceFixture;

pub const MAX_NAME_LEN: usize = 128;
pub const MAX_NUMBER: i64 = 99_999;
pub const ACTIVATION_CODE_MAX_LEN: usize = 8;

#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum WorkplaceType {
    #[default]
    Unknown,
    Mobile,
    Stationary,
    Automat,
}

impl WorkplaceType {
    pub fn name(self) -> &'static str {
        match self {
            WorkplaceType::Unknown => "Unknown",
            WorkplaceType::Mobile => "Mobile",
            WorkplaceType::Stationary => "Stationary",
            WorkplaceType::Automat => "Automat",
        }
    }

    pub fn from_name(name: &str) -> Option<WorkplaceType> {
        serde_json::from_value(Value::String(name.to_owned())).ok()
    }
}

/// The document's rule for `activation_code`: `^\d+$`, at most 8 characters.
pub fn is_activation_code(code: &str) -> bool {
    !code.is_empty() && code.len() <= ACTIVATION_CODE_MAX_LEN && code.bytes().all(|b| b.is_ascii_digit())
}

/// `lifepos_workplaces` as selected by the fixture export, org first.
pub type WorkplaceRow = (
    String,
    String,
    i64,
    Option<String>,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    i64,
    i64,
    Option<i64>,
);

impl From<WorkplaceRow> for WorkplaceFixture {
    fn from(row: WorkplaceRow) -> WorkplaceFixture {
        let (
            _org,
            guid,
            number,
            name,
            workplace_type,
            extensions,
            code,
            employee,
            outlet,
            activated,
            created,
            updated,
            deleted,
        ) = row;
        WorkplaceFixture {
            guid: Uuid::parse_str(&guid).ok(),
            name,
            number: Some(number),
            workplace_type: WorkplaceType::from_name(&workplace_type).unwrap_or_default(),
            activation_code: code,
            employee,
            outlet,
            extensions: serde_json::from_str::<Map<String, Value>>(&extensions).unwrap_or_default(),
            activated_at: activated.map(from_ms),
            created_at: Some(from_ms(created)),
            updated_at: Some(from_ms(updated)),
            deleted_at: deleted.map(from_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_codes_are_up_to_eight_digits() {
        assert!(is_activation_code("12345678"));
        assert!(is_activation_code("0"));
        for bad in ["", "123456789", "12a4", " 123", "１２３"] {
            assert!(!is_activation_code(bad), "{bad:?}");
        }
    }
}
