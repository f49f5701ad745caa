//! The format rules of СУП values, shared by the calls and the fixtures, and the 422 messages for
//! a request's fields. The document gives only the shape of a 422, so the messages are the
//! emulator's own.

use serde_json::{Map, Value};
use uuid::Uuid;

use crate::platform::storable::{nul_in_json, NUL_MESSAGE};
use crate::platform::wire::FieldErrors;
use crate::vendors::sup::wire::words::{BLANK, NOT_AN_OBJECT, NOT_JSON, NOT_UUID, REQUIRED};

/// The JSON object a body must be; `None` once why not is recorded, under `body` or under the
/// member holding U+0000. The gateway refuses U+0000 in a plain body already; a decrypted body
/// is seen first here.
pub fn json_object(bytes: &[u8], errors: &mut FieldErrors) -> Option<Map<String, Value>> {
    let document = serde_json::from_slice::<Value>(bytes);
    if let Some(path) = document.as_ref().ok().and_then(nul_in_json) {
        errors.add(&path.field(), NUL_MESSAGE);
        return None;
    }
    match document {
        Ok(Value::Object(object)) => Some(object),
        Ok(_) => {
            errors.add("body", NOT_AN_OBJECT);
            None
        }
        Err(_) => {
            errors.add("body", NOT_JSON);
            None
        }
    }
}

/// A required string member; `None` once why not is recorded under its name.
pub fn required<'a>(object: &'a Map<String, Value>, field: &str, errors: &mut FieldErrors) -> Option<&'a str> {
    required_string(object, field)
        .map_err(|why| errors.add(field, why))
        .ok()
}

/// An optional string member; `None` when absent, or once why not is recorded under its name.
pub fn optional(object: &Map<String, Value>, field: &str, errors: &mut FieldErrors) -> Option<String> {
    optional_string(object, field)
        .map_err(|why| errors.add(field, why))
        .ok()
        .flatten()
}

fn required_string<'a>(object: &'a Map<String, Value>, field: &str) -> Result<&'a str, String> {
    match object.get(field) {
        None | Some(Value::Null) => Err(REQUIRED.to_owned()),
        Some(Value::String(value)) if !value.trim().is_empty() => Ok(value),
        Some(Value::String(_)) => Err(BLANK.to_owned()),
        Some(_) => Err("Поле должно быть строкой".to_owned()),
    }
}

fn optional_string(object: &Map<String, Value>, field: &str) -> Result<Option<String>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err("Поле должно быть строкой".to_owned()),
    }
}

/// A UUID in its stored (hyphenated, lower-case) form, or why not recorded under `field`.
pub fn uuid(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<String> {
    let parsed = Uuid::parse_str(raw).ok().map(|id| id.to_string());
    if parsed.is_none() {
        errors.add(field, NOT_UUID);
    }
    parsed
}

/// What [`is_ean`] accepts, as the spec declares it.
pub const EAN_PATTERN: &str = "^([0-9]{8}|[0-9]{13})$";
/// What [`is_custom_id`] accepts.
pub const CUSTOM_ID_PATTERN: &str = "^[A-Za-z0-9_-]{1,64}$";
/// What [`is_phone`] accepts.
pub const PHONE_PATTERN: &str = "^[0-9]{10}$";
/// What [`is_email`] accepts: something, `@`, a domain with a dot; no space anywhere.
pub const EMAIL_PATTERN: &str = "^[^@ ]+@[^ ]*\\.[^ ]*$";

/// An EAN-8 or EAN-13: digits of that length. The check digit is not verified: the document's
/// own example (`1234567890123`) fails it.
pub fn is_ean(value: &str) -> bool {
    matches!(value.len(), 8 | 13) && value.bytes().all(|b| b.is_ascii_digit())
}

/// A partner's `customId`: 1 to 64 Latin letters, digits, `-` or `_`.
pub fn is_custom_id(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Ten digits without the country code, as the document's `9123456789`.
pub fn is_phone(phone: &str) -> bool {
    phone.len() == 10 && phone.bytes().all(|b| b.is_ascii_digit())
}

pub fn is_email(email: &str) -> bool {
    matches!(email.split_once('@'), Some((user, domain)) if !user.is_empty() && domain.contains('.') && !email.contains(' '))
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
    fn uuids_are_stored_lower_case() {
        let mut errors = FieldErrors::default();
        assert_eq!(
            uuid("27207024-38FD-47D0-A5E6-695F71628CDC", "idCard", &mut errors).as_deref(),
            Some("27207024-38fd-47d0-a5e6-695f71628cdc")
        );
        assert!(errors.into_result().is_ok());
        let mut errors = FieldErrors::default();
        assert_eq!(uuid("not-a-uuid", "idCard", &mut errors), None);
        assert!(errors.into_result().is_err());
    }
}
