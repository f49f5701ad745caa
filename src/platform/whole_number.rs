//! A whole number as JSON Schema's `integer` admits it: `2` and `2.0` alike (a number whose
//! fraction is zero), which the spec's integer members promise and serde's integer types refuse.

use serde::{Deserialize, Deserializer};
use serde_json::Number;

/// `number` as an `i64`, when it is whole and in range.
pub fn whole(number: &Number) -> Option<i64> {
    if let Some(value) = number.as_i64() {
        return Some(value);
    }
    let value = number.as_f64()?;
    // `i64::MAX as f64` rounds up to 2^63, which is out of range: the bound is exclusive.
    (value.fract() == 0.0 && value >= i64::MIN as f64 && value < i64::MAX as f64).then_some(value as i64)
}

/// For `#[serde(deserialize_with)]` on an `Option` of an integer type: absent or `null` is `None`,
/// a whole number in the type's range is `Some`, anything else an error naming what was expected.
pub fn optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    let Some(number) = Option::<Number>::deserialize(deserializer)? else {
        return Ok(None);
    };
    whole(&number)
        .and_then(|value| T::try_from(value).ok())
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("expected a whole number in range, not {number}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<i64> {
        whole(&serde_json::from_str::<Number>(text).unwrap())
    }

    #[test]
    fn a_zero_fraction_is_whole() {
        assert_eq!(read("172"), Some(172));
        assert_eq!(read("172.0"), Some(172));
        assert_eq!(read("-3.0"), Some(-3));
        assert_eq!(read("1e3"), Some(1000));
        assert_eq!(read("172.5"), None);
        assert_eq!(read("1e300"), None);
        assert_eq!(read("9223372036854775807"), Some(i64::MAX));
        assert_eq!(read("9223372036854775808"), None);
    }

    #[test]
    fn options_take_null_and_their_range() {
        #[derive(Deserialize)]
        struct Rule {
            #[serde(default, deserialize_with = "optional")]
            status: Option<u16>,
        }
        let status = |json: &str| serde_json::from_str::<Rule>(json).map(|rule| rule.status);
        assert_eq!(status("{}").unwrap(), None);
        assert_eq!(status(r#"{"status": null}"#).unwrap(), None);
        assert_eq!(status(r#"{"status": 503.0}"#).unwrap(), Some(503));
        assert!(status(r#"{"status": 70000}"#).is_err());
        assert!(status(r#"{"status": "503"}"#).is_err());
    }
}
