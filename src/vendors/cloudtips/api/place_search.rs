//! Which places match the filters of `GET /api/places` ("Получение списка заведений", declared in
//! `wire::places::PlaceSearch`): `createdDateFrom`/`createdDateTo` bound `createdDate` as the
//! receivers search's dates do; `name` is a case-insensitive part of the name; a place matches
//! `administratorId` and `ids` when one of its administrators, or its id, is listed;
//! `externalPlaceId` is matched exactly.

use crate::vendors::cloudtips::store::place::PlaceRow;
use crate::vendors::cloudtips::wire::paging::within;
use crate::vendors::cloudtips::wire::places::PlaceSearch;

/// A search with its name in lower case once, not once a place.
pub struct PlaceFilter<'a> {
    name: Option<String>,
    search: &'a PlaceSearch,
}

impl<'a> From<&'a PlaceSearch> for PlaceFilter<'a> {
    fn from(search: &'a PlaceSearch) -> PlaceFilter<'a> {
        let name = search.name.as_deref().map(str::to_lowercase);
        PlaceFilter { name, search }
    }
}

impl PlaceFilter<'_> {
    pub fn matches(&self, place: &PlaceRow) -> bool {
        let search = self.search;
        within(place.created_at_ms, search.created_date_from, search.created_date_to)
            && self
                .name
                .as_deref()
                .is_none_or(|name| place.name.to_lowercase().contains(name))
            && (search.ids.is_empty() || search.ids.contains(&place.id))
            && (search.administrator_id.is_empty()
                || place
                    .administrators()
                    .iter()
                    .any(|admin| search.administrator_id.contains(admin)))
            && search
                .external_place_id
                .as_deref()
                .is_none_or(|wanted| place.external_place_id.as_deref() == Some(wanted))
    }
}
