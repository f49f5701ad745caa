//! Which receivers match the search of `GET /api/receivers` (also `/api/receivers/pages`, declared
//! in `wire::receivers::ReceiverSearch`): `dateFrom`/`dateTo` bound `createdDate` (a date as
//! `dateTo` includes its whole day); `phoneNumber` matches the number in any notation, or a run of
//! its digits; `name` is a case-insensitive part of the name; `layoutId` (short id or id) and
//! `placeId` match any of the receiver's pages; `userId` may repeat.

use crate::platform::phone::normalize_phone;
use crate::vendors::cloudtips::store::layout::LayoutRow;
use crate::vendors::cloudtips::store::receiver::ReceiverRow;
use crate::vendors::cloudtips::wire::receivers::ReceiverSearch;

/// A search with its name in lower case once, not once a receiver.
pub struct ReceiverFilter<'a> {
    name: Option<String>,
    search: &'a ReceiverSearch,
}

impl<'a> From<&'a ReceiverSearch> for ReceiverFilter<'a> {
    fn from(search: &'a ReceiverSearch) -> ReceiverFilter<'a> {
        let name = search.name.as_deref().map(str::to_lowercase);
        ReceiverFilter { name, search }
    }
}

impl ReceiverFilter<'_> {
    pub fn matches(&self, receiver: &ReceiverRow, layouts: &[&LayoutRow]) -> bool {
        let search = self.search;
        let phone_matches = |wanted: &str| match normalize_phone(wanted) {
            Some(phone) => receiver.phone == phone,
            None => {
                let digits: String = wanted.chars().filter(char::is_ascii_digit).collect();
                !digits.is_empty() && receiver.phone.contains(&digits)
            }
        };
        search.created.holds(receiver.created_at_ms)
            && search.phone_number.as_deref().is_none_or(phone_matches)
            && self
                .name
                .as_deref()
                .is_none_or(|name| receiver.name.to_lowercase().contains(name))
            && search.layout_id.as_deref().is_none_or(|wanted| {
                layouts
                    .iter()
                    .any(|layout| layout.short_id == wanted || layout.id == wanted)
            })
            && search
                .place_id
                .as_deref()
                .is_none_or(|wanted| layouts.iter().any(|layout| layout.place_id == wanted))
            && search.receiver_type.is_none_or(|kind| receiver.receiver_type == kind)
            && (search.user_id.is_empty() || search.user_id.contains(&receiver.user_id))
    }
}
