//! A card's limits (`limit` of `POST /v1/setlimitscards`), read and checked once for the API and
//! the fixtures, stored as JSON and shown back by `GET /v1/card/{idCard}`.
//!
//! The vendor's page is cut after `unlimited` ("true - безлимитная, на карте не уст…") and prints
//! a type template (`"amount": null, "period": "null", "days": [integer], "times": [{"from",
//! "to"}]`). The emulator's reading of it:
//! - `unlimited` (boolean) is required; an unlimited card takes no `amount`;
//! - `amount` is null or a number ≥ 0; `period` is null or a string (the template's `"null"`
//!   string is null), kept as sent: the page lists no values;
//! - `days` are ISO weekdays, 1 (Monday) to 7, each once; `times` are `{"from", "to"}` as `HH:MM`
//!   (24-hour, two ASCII digits each: `+9:00` is no time) with `from` before `to`. Both default to empty (no restriction).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::platform::wire::FieldErrors;
use crate::vendors::sup::wire::words::UNKNOWN;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub unlimited: bool,
    #[serde(default)]
    pub amount: Option<f64>,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub days: Vec<i64>,
    #[serde(default)]
    pub times: Vec<TimeWindow>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimeWindow {
    pub from: String,
    pub to: String,
}

/// The members a limit may have; another is refused.
pub const MEMBERS: [&str; 5] = ["unlimited", "amount", "period", "days", "times"];
/// The ISO weekdays `days` may list, each once.
pub const WEEKDAYS: std::ops::RangeInclusive<i64> = 1..=7;
/// A bound of a `times` window as [`minutes`] reads it: two digits each, 24-hour.
pub const TIME_PATTERN: &str = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

/// `HH:MM` as minutes of the day (digits only: no sign).
fn minutes(value: &str) -> Option<u32> {
    let (hours, mins) = value.split_once(':')?;
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(hours) || !two_digits(mins) {
        return None;
    }
    let (hours, mins): (u32, u32) = (hours.parse().ok()?, mins.parse().ok()?);
    (hours < 24 && mins < 60).then_some(hours * 60 + mins)
}

/// The limit under `field` of `object`; `None` once every reason is recorded (as `limit.<name>`).
pub fn read_limit(object: &Map<String, Value>, field: &str, errors: &mut FieldErrors) -> Option<Limit> {
    let Some(Value::Object(limit)) = object.get(field) else {
        errors.add(field, "Обязательное поле: объект с настройками лимита");
        return None;
    };
    let before = errors.len();
    let name = |member: &str| format!("{field}.{member}");
    let unlimited = match limit.get("unlimited") {
        Some(Value::Bool(unlimited)) => Some(*unlimited),
        _ => {
            errors.add(&name("unlimited"), "Обязательное поле: true или false");
            None
        }
    };
    let amount = match limit.get("amount") {
        None | Some(Value::Null) => None,
        Some(value) => match value.as_f64().filter(|amount| *amount >= 0.0) {
            Some(amount) => Some(amount),
            None => {
                errors.add(&name("amount"), "Сумма лимита: число не меньше 0 или null");
                None
            }
        },
    };
    if unlimited == Some(true) && amount.is_some() {
        errors.add(&name("amount"), "У безлимитной карты сумма лимита не задаётся");
    }
    let period = match limit.get("period") {
        None | Some(Value::Null) => None,
        Some(Value::String(period)) if period == "null" || period.is_empty() => None,
        Some(Value::String(period)) => Some(period.clone()),
        Some(_) => {
            errors.add(&name("period"), "Период: строка или null");
            None
        }
    };
    let days = read_days(limit.get("days"), &name("days"), errors);
    let times = read_times(limit.get("times"), &name("times"), errors);
    for member in limit.keys() {
        if !MEMBERS.contains(&member.as_str()) {
            errors.add(&name(member), UNKNOWN);
        }
    }
    if errors.len() > before {
        return None;
    }
    Some(Limit {
        unlimited: unlimited?,
        amount,
        period,
        days,
        times,
    })
}

fn read_days(value: Option<&Value>, field: &str, errors: &mut FieldErrors) -> Vec<i64> {
    let items = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            errors.add(field, "Дни недели: список чисел от 1 до 7");
            return Vec::new();
        }
    };
    let mut days = Vec::with_capacity(items.len());
    for item in items {
        match item.as_i64().filter(|day| WEEKDAYS.contains(day)) {
            Some(day) if !days.contains(&day) => days.push(day),
            Some(day) => errors.add(field, format!("День {day} указан дважды")),
            None => errors.add(field, "Дни недели: список чисел от 1 до 7"),
        }
    }
    days
}

fn read_times(value: Option<&Value>, field: &str, errors: &mut FieldErrors) -> Vec<TimeWindow> {
    let items = match value {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            errors.add(field, "Интервалы времени: список объектов {from, to}");
            return Vec::new();
        }
    };
    let mut windows = Vec::with_capacity(items.len());
    for item in items {
        let bound = |name: &str| {
            item.get(name)
                .and_then(Value::as_str)
                .filter(|value| minutes(value).is_some())
        };
        match (bound("from"), bound("to")) {
            (Some(from), Some(to)) if minutes(from) < minutes(to) => windows.push(TimeWindow {
                from: from.to_owned(),
                to: to.to_owned(),
            }),
            (Some(_), Some(_)) => errors.add(field, "Начало интервала должно быть раньше конца"),
            _ => errors.add(field, "Интервал: {\"from\": \"ЧЧ:ММ\", \"to\": \"ЧЧ:ММ\"}"),
        }
    }
    windows
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
    use serde_json::json;

    fn read(limit: Value) -> (Option<Limit>, usize) {
        let mut errors = FieldErrors::default();
        let object = json!({ "limit": limit });
        let read = read_limit(object.as_object().unwrap_or(&Map::new()), "limit", &mut errors);
        (read, errors.len())
    }

    #[test]
    fn the_pages_template_reads_with_null_period() {
        let (limit, problems) = read(json!({ "unlimited": false, "amount": null, "period": "null",
                                             "days": [1, 5], "times": [{ "from": "09:00", "to": "18:30" }] }));
        assert_eq!(problems, 0);
        let limit = limit.unwrap_or_else(|| panic!("read"));
        assert_eq!(limit.period, None);
        assert_eq!(limit.days, [1, 5]);
    }

    #[test]
    fn bad_limits_are_refused() {
        for bad in [
            json!({}),
            json!({ "unlimited": true, "amount": 100 }),
            json!({ "unlimited": false, "days": [0] }),
            json!({ "unlimited": false, "days": [2, 2] }),
            json!({ "unlimited": false, "times": [{ "from": "18:00", "to": "09:00" }] }),
            json!({ "unlimited": false, "times": [{ "from": "9:00", "to": "24:00" }] }),
            json!({ "unlimited": false, "amount": -1 }),
            json!({ "unlimited": false, "extra": 1 }),
        ] {
            assert!(read(bad.clone()).1 > 0, "{bad}");
        }
    }

    #[test]
    fn minutes_of_the_day() {
        assert_eq!(minutes("00:00"), Some(0));
        assert_eq!(minutes("23:59"), Some(1439));
        assert_eq!(minutes("24:00"), None);
        assert_eq!(minutes("9:00"), None);
        assert_eq!(minutes("+9:00"), None);
        assert_eq!(minutes("09:+5"), None);
    }
}
