//! The receivers search of `GET /api/receivers` (also `/api/receivers/pages`): what its query
//! asks for, and which receivers match.
//!
//! Filters: `dateFrom`/`dateTo` bound `createdDate` (RFC 3339, or a date: `dateTo` then includes
//! that whole day); `phoneNumber` matches the number in any notation, or a run of its digits;
//! `name` is a case-insensitive part of the name; `layoutId` (short id or id) and `placeId` match
//! any of the receiver's pages; `userId` may repeat. `page` counts from 1, `limit` is 1 to 100 (20
//! by default).

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::platform::phone::normalize_phone;
use crate::platform::wire::FieldErrors;
use crate::vendors::cloudtips::error::CloudtipsError;
use crate::vendors::cloudtips::layout::LayoutRow;
use crate::vendors::cloudtips::receiver::ReceiverRow;
use crate::vendors::cloudtips::request::fold_pairs;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

/// What a search asks for.
#[derive(Default)]
pub struct Search {
    created_from: Option<i64>,
    created_to: Option<i64>,
    phone: Option<String>,
    name: Option<String>,
    layout_id: Option<String>,
    place_id: Option<String>,
    receiver_type: Option<i64>,
    user_ids: Vec<String>,
    page: i64,
    limit: i64,
}

pub fn parse_search(pairs: Vec<(String, String)>) -> Result<Search, CloudtipsError> {
    let mut search = Search {
        page: 1,
        limit: DEFAULT_LIMIT,
        ..Search::default()
    };
    let mut errors = FieldErrors::default();
    for (key, value) in fold_pairs(pairs) {
        let value = value.trim().to_owned();
        if value.is_empty() {
            continue;
        }
        match key.as_str() {
            "datefrom" => match parse_instant(&value, false) {
                Some(ms) => search.created_from = Some(ms),
                None => errors.add("dateFrom", "Некорректная дата"),
            },
            "dateto" => match parse_instant(&value, true) {
                Some(ms) => search.created_to = Some(ms),
                None => errors.add("dateTo", "Некорректная дата"),
            },
            "phonenumber" => search.phone = Some(value),
            "name" => search.name = Some(value.to_lowercase()),
            "layoutid" => search.layout_id = Some(value),
            "placeid" => search.place_id = Some(value),
            "type" => match value.parse() {
                Ok(kind) => search.receiver_type = Some(kind),
                Err(_) => errors.add("type", "Ожидается целое число"),
            },
            "userid" => search.user_ids.push(value),
            "page" => match value.parse() {
                Ok(page) if page >= 1 => search.page = page,
                _ => errors.add("page", "Ожидается целое число не меньше 1"),
            },
            "limit" => match value.parse() {
                Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => search.limit = limit,
                _ => errors.add("limit", format!("Ожидается целое число от 1 до {MAX_LIMIT}")),
            },
            _ => {}
        }
    }
    errors.into_result()?;
    Ok(search)
}

/// RFC 3339, a date-time without zone (UTC), or a date (its start, or with `end_of_day` its last
/// millisecond).
pub fn parse_instant(value: &str, end_of_day: bool) -> Option<i64> {
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Some(at.timestamp_millis());
    }
    if let Ok(at) = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(at.and_utc().timestamp_millis());
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
    let start = day.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
    Some(if end_of_day { start + 86_400_000 - 1 } else { start })
}

/// Page `page` (from 1) of `limit` items each.
pub fn page_of<T>(found: &[T], page: i64, limit: i64) -> impl Iterator<Item = &T> {
    let skip = usize::try_from((page - 1).saturating_mul(limit)).unwrap_or(usize::MAX);
    let take = usize::try_from(limit).unwrap_or(usize::MAX);
    found.iter().skip(skip).take(take)
}

impl Search {
    /// The found items on the page asked for; results are oldest first, as found.
    pub fn page_of<'a, T>(&self, found: &'a [T]) -> impl Iterator<Item = &'a T> {
        page_of(found, self.page, self.limit)
    }

    pub fn matches(&self, receiver: &ReceiverRow, layouts: &[&LayoutRow]) -> bool {
        let phone_matches = |wanted: &str| match normalize_phone(wanted) {
            Some(phone) => receiver.phone == phone,
            None => {
                let digits: String = wanted.chars().filter(char::is_ascii_digit).collect();
                !digits.is_empty() && receiver.phone.contains(&digits)
            }
        };
        self.created_from.is_none_or(|from| receiver.created_at_ms >= from)
            && self.created_to.is_none_or(|to| receiver.created_at_ms <= to)
            && self.phone.as_deref().is_none_or(phone_matches)
            && self
                .name
                .as_deref()
                .is_none_or(|name| receiver.name.to_lowercase().contains(name))
            && self.layout_id.as_deref().is_none_or(|wanted| {
                layouts
                    .iter()
                    .any(|layout| layout.short_id == wanted || layout.id == wanted)
            })
            && self
                .place_id
                .as_deref()
                .is_none_or(|wanted| layouts.iter().any(|layout| layout.place_id == wanted))
            && self.receiver_type.is_none_or(|kind| receiver.receiver_type == kind)
            && (self.user_ids.is_empty() || self.user_ids.contains(&receiver.user_id))
    }
}
