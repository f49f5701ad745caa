//! `POST /v1/setlimitscards`: `{"data": [{"idCard"}, …], "limit": {…}}` gives every listed card
//! the same limits, and the limit itself, as the API takes it, stores it, answers it and a fixture
//! gives it.
//!
//! The vendor's page is cut after `unlimited` ("true - безлимитная, на карте не уст…") and prints
//! a type template (`"amount": null, "period": "null", "days": [integer], "times": [{"from",
//! "to"}]`). The emulator's reading of it:
//! - `unlimited` (boolean) is required; an unlimited card takes no `amount`;
//! - `amount` is null or a number ≥ 0; `period` is null or a string (the template's `"null"`
//!   string and an empty one are null), kept as sent: the page lists no values;
//! - `days` are ISO weekdays, 1 (Monday) to 7, each once; `times` are `{"from", "to"}` as `HH:MM`
//!   (24-hour, two ASCII digits each: `+9:00` is no time) with `from` before `to`. Both may be null
//!   and default to empty (no restriction);
//! - a limit has no other members.
//!
//! The declaration states the rule across `unlimited` and `amount` (an `anyOf`); no schema states
//! that a window starts before it ends: [`Limit::refusals`] checks that once the declaration
//! holds, and the operation declares it as its refusal.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::platform::wire::FieldErrors;
use crate::vendors::sup::wire::words::{AMOUNT_OF_UNLIMITED, WINDOW_BACKWARDS};

/// How many cards one call may list.
pub const MAX_CARDS: usize = 1000;
/// The ISO weekdays `days` may list, each once.
pub const WEEKDAYS: std::ops::RangeInclusive<u8> = 1..=7;
/// A bound of a `times` window: two digits each, 24-hour.
pub const TIME_PATTERN: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

#[derive(Debug, Deserialize, JsonSchema)]
pub struct SetLimits {
    #[schemars(length(min = 1, max = MAX_CARDS))]
    #[schemars(extend("x-problem" = format!("Список карт: от 1 до {MAX_CARDS} объектов {{\"idCard\"}}")))]
    pub data: Vec<CardRef>,
    pub limit: Limit,
}

/// A card named by its id.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CardRef {
    pub id_card: uuid::Uuid,
}

/// A card's limits. An unlimited card takes no amount: the amount is null (or left out), or the
/// card is not unlimited.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
// The amount's alternative comes first, so a limit breaking the rule is answered under `amount`,
// in the rule's words.
#[schemars(extend("anyOf" = [
    { "type": "object", "properties": { "amount": { "const": null, "x-problem": AMOUNT_OF_UNLIMITED } } },
    { "type": "object", "properties": { "unlimited": { "const": false } } },
]))]
pub struct Limit {
    pub unlimited: bool,
    #[serde(default)]
    #[schemars(range(min = 0), extend("x-problem" = "Сумма лимита: число не меньше 0 или null"))]
    pub amount: Option<f64>,
    #[serde(default, deserialize_with = "period")]
    pub period: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty")]
    #[schemars(with = "Option<Vec<u8>>", length(max = *WEEKDAYS.end()), inner(range(min = *WEEKDAYS.start(), max = *WEEKDAYS.end())))]
    #[schemars(extend("uniqueItems" = true, "x-problem" = format!("Дни недели: числа от {} до {}, каждый день не больше одного раза", WEEKDAYS.start(), WEEKDAYS.end())))]
    pub days: Vec<u8>,
    #[serde(default, deserialize_with = "null_as_empty")]
    #[schemars(with = "Option<Vec<TimeWindow>>")]
    pub times: Vec<TimeWindow>,
}

/// One card's limits, as the call answers them.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CardLimit {
    pub id_card: String,
    pub limit: Limit,
}

/// A window of the day, `from` before `to`; other members are ignored, as they always were.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
pub struct TimeWindow {
    #[schemars(regex(pattern = TIME_PATTERN), extend("x-problem" = "Время в формате ЧЧ:ММ"))]
    pub from: String,
    #[schemars(regex(pattern = TIME_PATTERN), extend("x-problem" = "Время в формате ЧЧ:ММ"))]
    pub to: String,
}

impl Limit {
    /// The rule across members the declaration cannot state, each window breaking it under its
    /// path in `field` (the limit's own name in the request).
    pub fn refusals(&self, field: &str) -> FieldErrors {
        let mut errors = FieldErrors::default();
        for (i, window) in self.times.iter().enumerate() {
            // Both bounds hold `TIME_PATTERN` (two digits each), so text order is time order.
            if window.from >= window.to {
                errors.add(&format!("{field}.times[{i}]"), WINDOW_BACKWARDS);
            }
        }
        errors
    }
}

/// The page's template writes no period as the string `"null"`; an empty one is none either.
fn period<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let period = Option::<String>::deserialize(deserializer)?;
    Ok(period.filter(|period| !period.is_empty() && period != "null"))
}

fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// A limit as it was stored; one that no longer reads is an error, never a made-up limit.
pub fn from_stored(json: &str) -> Result<Limit, sqlx::Error> {
    serde_json::from_str(json).map_err(|err| sqlx::Error::Decode(format!("sup_cards.limits: {err}").into()))
}

/// A limit for storage.
pub fn to_stored(limit: &Limit) -> String {
    serde_json::to_string(limit).unwrap_or_else(|_| "null".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::wire::{self, every_pattern_compiles, schema_of};
    use crate::vendors::sup::wire::words::WORDS;
    use serde_json::{json, Value};

    /// Every problem of `limit`: the declaration's, then (when it holds) the rules across members.
    fn problems(limit: Value) -> Vec<(String, String)> {
        let read = wire::read::<SetLimits>(
            json!({ "data": [{ "idCard": "27207024-38fd-47d0-a5e6-695f71628cdc" }], "limit": limit }),
            &WORDS,
        );
        let errors = match read {
            Ok(call) => call.limit.refusals("limit"),
            Err(problems) => problems.into(),
        };
        errors
            .iter()
            .map(|problem| (problem.field.clone(), problem.message.clone()))
            .collect()
    }

    #[test]
    fn the_pages_template_reads_with_null_period() {
        let limit: SetLimits = wire::read(
            json!({ "data": [{ "idCard": "27207024-38fd-47d0-a5e6-695f71628cdc" }],
                    "limit": { "unlimited": false, "amount": null, "period": "null", "days": [1, 5],
                               "times": [{ "from": "09:00", "to": "18:30" }] } }),
            &WORDS,
        )
        .unwrap_or_else(|problems| panic!("{problems:?}"));
        assert_eq!(limit.limit.period, None);
        assert_eq!(limit.limit.days, [1, 5]);
        let nulls: Limit =
            serde_json::from_value(json!({ "unlimited": true, "days": null, "times": null })).expect("reads");
        assert!(nulls.days.is_empty() && nulls.times.is_empty());
    }

    #[test]
    fn bad_limits_are_refused_each_under_its_member() {
        for (bad, field) in [
            (json!({}), "limit.unlimited"),
            (json!({ "unlimited": true, "amount": 100 }), "limit.amount"),
            (json!({ "unlimited": false, "days": [0] }), "limit.days[0]"),
            (json!({ "unlimited": false, "days": [2, 2] }), "limit.days"),
            (
                json!({ "unlimited": false, "times": [{ "from": "18:00", "to": "09:00" }] }),
                "limit.times[0]",
            ),
            (
                json!({ "unlimited": false, "times": [{ "from": "09:00", "to": "09:00" }] }),
                "limit.times[0]",
            ),
            (
                json!({ "unlimited": false, "times": [{ "from": "9:00", "to": "10:00" }] }),
                "limit.times[0].from",
            ),
            (
                json!({ "unlimited": false, "times": [{ "from": "09:00", "to": "24:00" }] }),
                "limit.times[0].to",
            ),
            (json!({ "unlimited": false, "amount": -1 }), "limit.amount"),
            (json!({ "unlimited": false, "extra": 1 }), "limit.extra"),
        ] {
            let found = problems(bad.clone());
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
            assert_eq!(found[0].0, field, "{bad}");
        }
        assert_eq!(
            problems(json!({ "unlimited": true, "amount": 100 })),
            [("limit.amount".to_owned(), AMOUNT_OF_UNLIMITED.to_owned())]
        );
        assert!(problems(json!({ "unlimited": true, "amount": null })).is_empty());
        assert!(problems(json!({ "unlimited": false, "amount": 100 })).is_empty());
    }

    #[test]
    fn the_declaration_s_patterns_compile() {
        every_pattern_compiles(&schema_of::<SetLimits>().schema).expect("compiles");
    }
}
