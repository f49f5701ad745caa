//! The filters of `GET /api/places` ("Получение списка заведений"), and which places match.
//!
//! `createdDateFrom`/`createdDateTo` bound `createdDate` as the receivers search's dates do
//! (RFC 3339, or a date: `createdDateTo` then includes that whole day); `name` is a
//! case-insensitive part of the name; `administratorId` and `ids` are lists, given by repeating the
//! parameter in any of ASP.NET's forms (`ids=a&ids=b`, `ids[]=a`, `ids[0]=a`) — a place matches when
//! one of its administrators, or its id, is listed; `externalPlaceId` is matched exactly. `page`
//! counts from 1, `limit` is 1 to 100 (20 by default), as for receivers.

use crate::platform::wire::FieldErrors;
use crate::vendors::cloudtips::error::CloudtipsError;
use crate::vendors::cloudtips::place::PlaceRow;
use crate::vendors::cloudtips::request::fold_pairs;
use crate::vendors::cloudtips::search::{page_of, parse_instant, DEFAULT_LIMIT, MAX_LIMIT};

#[derive(Default)]
pub struct PlaceSearch {
    created_from: Option<i64>,
    created_to: Option<i64>,
    name: Option<String>,
    administrator_ids: Vec<String>,
    ids: Vec<String>,
    external_place_id: Option<String>,
    page: i64,
    limit: i64,
}

/// `ids[]` and `ids[3]` are `ids`.
fn list_name(key: &str) -> &str {
    match key.find('[') {
        Some(bracket) if key.ends_with(']') => &key[..bracket],
        _ => key,
    }
}

pub fn parse_place_search(pairs: Vec<(String, String)>) -> Result<PlaceSearch, CloudtipsError> {
    let mut search = PlaceSearch {
        page: 1,
        limit: DEFAULT_LIMIT,
        ..PlaceSearch::default()
    };
    let mut errors = FieldErrors::default();
    for (key, value) in fold_pairs(pairs) {
        let value = value.trim().to_owned();
        if value.is_empty() {
            continue;
        }
        match list_name(&key) {
            "createddatefrom" => match parse_instant(&value, false) {
                Some(ms) => search.created_from = Some(ms),
                None => errors.add("CreatedDateFrom", "Некорректная дата"),
            },
            "createddateto" => match parse_instant(&value, true) {
                Some(ms) => search.created_to = Some(ms),
                None => errors.add("CreatedDateTo", "Некорректная дата"),
            },
            "name" => search.name = Some(value.to_lowercase()),
            "administratorid" => search.administrator_ids.push(value),
            "ids" => search.ids.push(value),
            "externalplaceid" => search.external_place_id = Some(value),
            "page" => match value.parse() {
                Ok(page) if page >= 1 => search.page = page,
                _ => errors.add("Page", "Ожидается целое число не меньше 1"),
            },
            "limit" => match value.parse() {
                Ok(limit) if (1..=MAX_LIMIT).contains(&limit) => search.limit = limit,
                _ => errors.add("Limit", format!("Ожидается целое число от 1 до {MAX_LIMIT}")),
            },
            _ => {}
        }
    }
    errors.into_result()?;
    Ok(search)
}

impl PlaceSearch {
    /// The found items on the page asked for.
    pub fn page_of<'a, T>(&self, found: &'a [T]) -> impl Iterator<Item = &'a T> {
        page_of(found, self.page, self.limit)
    }

    pub fn matches(&self, place: &PlaceRow) -> bool {
        self.created_from.is_none_or(|from| place.created_at_ms >= from)
            && self.created_to.is_none_or(|to| place.created_at_ms <= to)
            && self
                .name
                .as_deref()
                .is_none_or(|name| place.name.to_lowercase().contains(name))
            && (self.ids.is_empty() || self.ids.contains(&place.id))
            && (self.administrator_ids.is_empty()
                || place
                    .administrators()
                    .iter()
                    .any(|admin| self.administrator_ids.contains(admin)))
            && self
                .external_place_id
                .as_deref()
                .is_none_or(|wanted| place.external_place_id.as_deref() == Some(wanted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_parameters_take_every_aspnet_form() {
        assert_eq!(list_name("ids[]"), "ids");
        assert_eq!(list_name("administratorid[2]"), "administratorid");
        assert_eq!(list_name("ids"), "ids");
        assert_eq!(list_name("ids[x"), "ids[x");
    }
}
