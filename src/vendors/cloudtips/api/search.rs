//! Which receivers match the search of `GET /api/receivers` (also `/api/receivers/pages`, declared
//! in `wire::receivers::ReceiverSearch`): `dateFrom`/`dateTo` bound `createdDate` (a date as
//! `dateTo` includes its whole day); `phoneNumber` matches the number in any notation, or a run of
//! its digits; `name` is a case-insensitive part of the name; `layoutId` (short id or id) and
//! `placeId` match any of the receiver's pages; `userId` may repeat.

use crate::platform::phone::normalize_phone;
use crate::vendors::cloudtips::store::layout::LayoutRow;
use crate::vendors::cloudtips::store::receiver::ReceiverRow;
use crate::vendors::cloudtips::wire::receivers::ReceiverSearch;

/// Whether `text` holds `part`, in any case.
pub fn contains_ignoring_case(text: &str, part: &str) -> bool {
    text.to_lowercase().contains(&part.to_lowercase())
}

impl ReceiverSearch {
    pub fn matches(&self, receiver: &ReceiverRow, layouts: &[&LayoutRow]) -> bool {
        let phone_matches = |wanted: &str| match normalize_phone(wanted) {
            Some(phone) => receiver.phone == phone,
            None => {
                let digits: String = wanted.chars().filter(char::is_ascii_digit).collect();
                !digits.is_empty() && receiver.phone.contains(&digits)
            }
        };
        self.created.holds(receiver.created_at_ms)
            && self.phone_number.as_deref().is_none_or(phone_matches)
            && self
                .name
                .as_deref()
                .is_none_or(|name| contains_ignoring_case(&receiver.name, name))
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
            && (self.user_id.is_empty() || self.user_id.contains(&receiver.user_id))
    }
}
