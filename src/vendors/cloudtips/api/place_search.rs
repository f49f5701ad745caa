//! Which places match the filters of `GET /api/places` ("Получение списка заведений", declared in
//! `wire::places::PlaceSearch`): `createdDateFrom`/`createdDateTo` bound `createdDate` as the
//! receivers search's dates do; `name` is a case-insensitive part of the name; a place matches
//! `administratorId` and `ids` when one of its administrators, or its id, is listed;
//! `externalPlaceId` is matched exactly.

use crate::vendors::cloudtips::api::search::contains_ignoring_case;
use crate::vendors::cloudtips::store::place::PlaceRow;
use crate::vendors::cloudtips::wire::paging::within;
use crate::vendors::cloudtips::wire::places::PlaceSearch;

impl PlaceSearch {
    pub fn matches(&self, place: &PlaceRow) -> bool {
        within(place.created_at_ms, self.created_date_from, self.created_date_to)
            && self
                .name
                .as_deref()
                .is_none_or(|name| contains_ignoring_case(&place.name, name))
            && (self.ids.is_empty() || self.ids.contains(&place.id))
            && (self.administrator_id.is_empty()
                || place
                    .administrators()
                    .iter()
                    .any(|admin| self.administrator_id.contains(admin)))
            && self
                .external_place_id
                .as_deref()
                .is_none_or(|wanted| place.external_place_id.as_deref() == Some(wanted))
    }
}
