//! A whole number as JSON Schema's `integer` admits it: `2` and `2.0` alike (a number whose
//! fraction is zero), which the spec's integer members promise and serde's integer types refuse.

use serde::{Deserialize, Deserializer};
use serde_json::{Number, Value};

/// `number` as an `i64`, when it is whole and in range.
pub fn whole(number: &Number) -> Option<i64> {
    if let Some(value) = number.as_i64() {
        return Some(value);
    }
    let value = number.as_f64()?;
    // `i64::MAX as f64` rounds up to 2^63, which is out of range: the bound is exclusive.
    (value.fract() == 0.0 && value >= i64::MIN as f64 && value < i64::MAX as f64).then_some(value as i64)
}

/// `float` as an `i64`, when it has no fraction and is exact: within ±2⁵³, where every integer
/// has a float of its own. Past it a float stands for many integers (`-9223372036854775809` reads
/// as -2⁶³), so it stays the number it was, to be refused as one.
pub fn exact(float: f64) -> Option<i64> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    (float.fract() == 0.0 && (-EXACT..=EXACT).contains(&float)).then_some(float as i64)
}

/// Every number of `document` written with a zero fraction (`11.0`) made the integer it is
/// ([`exact`]), at any depth, before a walk that takes an integer only written whole: JSON
/// Schema's `integer` admits `11.0`, so a client the spec allows it is served. A number where the
/// declaration takes any number reads the same either way. The walk keeps its own list of what
/// is left to visit, so a document nested as deep as the body limit allows costs no stack.
pub fn make_integral(document: &mut Value) {
    let mut to_visit = vec![document];
    while let Some(value) = to_visit.pop() {
        match value {
            Value::Number(number) if !number.is_i64() && !number.is_u64() => {
                if let Some(whole) = number.as_f64().and_then(exact) {
                    *value = whole.into();
                }
            }
            Value::Array(items) => to_visit.extend(items.iter_mut()),
            Value::Object(members) => to_visit.extend(members.values_mut()),
            _ => {}
        }
    }
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

/// For `#[serde(deserialize_with)]` on an integer type: a whole number in the type's range, as
/// [`optional`] reads one.
pub fn required<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<i64>,
{
    optional(deserializer)?.ok_or_else(|| serde::de::Error::custom("expected a whole number, not null"))
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
    fn numbers_with_a_zero_fraction_become_integers_at_any_depth() {
        let mut document = serde_json::json!({ "a": 11.0, "b": [{ "c": 2.5 }, 3.0, -0.0], "d": 1e300, "e": "4.0" });
        make_integral(&mut document);
        assert_eq!(
            document.to_string(),
            r#"{"a":11,"b":[{"c":2.5},3,0],"d":1e+300,"e":"4.0"}"#
        );
        let mut deep = Value::from(1.0);
        for _ in 0..100_000 {
            deep = Value::Array(vec![deep]);
        }
        make_integral(&mut deep);
        let mut innermost = &deep;
        while let Value::Array(items) = innermost {
            innermost = &items[0];
        }
        assert!(innermost.is_i64());
        // A deep value is dropped one level at a time by serde_json, which recurses: take it apart.
        let mut rest = Some(deep);
        while let Some(Value::Array(mut items)) = rest {
            rest = items.pop();
        }
    }

    #[test]
    fn a_required_number_may_be_written_with_a_zero_fraction() {
        #[derive(Deserialize)]
        struct Money {
            #[serde(deserialize_with = "required")]
            kopecks: i64,
        }
        let kopecks = |json: &str| serde_json::from_str::<Money>(json).map(|money| money.kopecks);
        assert_eq!(kopecks(r#"{"kopecks": 100.0}"#).unwrap(), 100);
        assert_eq!(kopecks(r#"{"kopecks": 100}"#).unwrap(), 100);
        assert!(kopecks(r#"{"kopecks": 100.5}"#).is_err());
        assert!(kopecks(r#"{"kopecks": null}"#).is_err());
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
