//! What the places' operations take: a new place ("Создание заведения"), a registration link
//! ("Получение ссылки регистрации") and the list's filters ("Получение списка заведений").

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::vendors::cloudtips::store::place::StaffedPlace;
use crate::vendors::cloudtips::wire::envelope::Null;
use crate::vendors::cloudtips::wire::paging::Paging;
use crate::vendors::cloudtips::wire::values::{not_blank, Instant, Time};

/// The vendor's text for a request naming no place.
pub const NO_PLACE: &str = "Необходимо указать заведение";
/// The vendor's text for a place created without a name.
pub const NO_NAME: &str = "Необходимо указать название заведения";
pub const REGISTRATIONS: std::ops::RangeInclusive<i64> = 1..=100;
pub const DEFAULT_REGISTRATIONS: i64 = 50;
pub const LIFETIME_SECONDS: std::ops::RangeInclusive<i64> = 180..=604_800;
pub const DEFAULT_LIFETIME_SECONDS: i64 = 86_400;
/// The most administrators a new place may list. The vendor states no bound; every list a
/// request holds has one, so that a body of small items costs no more than its size to refuse.
pub const MAX_ADMINISTRATORS: usize = 1000;

/// A new place of the partner's.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewPlace {
    /// Not blank; unique among the partner's places.
    #[schemars(regex(pattern = not_blank()), extend("x-problem" = NO_NAME))]
    pub name: String,
    pub external_place_id: Option<String>,
    pub manager_id: Option<String>,
    /// 0 when not given.
    #[schemars(range(min = 0, max = i64::MAX))]
    pub place_type: Option<i64>,
    /// At most 1000.
    #[schemars(length(max = MAX_ADMINISTRATORS))]
    pub place_administrator_ids: Option<Vec<String>>,
}

/// A link that registers users at one of the partner's places.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewRegistrationLink {
    /// One of the partner's places.
    #[schemars(regex(pattern = not_blank()), extend("x-problem" = NO_PLACE))]
    pub place_id: String,
    /// 1–100, 50 when not given.
    #[schemars(range(min = *REGISTRATIONS.start(), max = *REGISTRATIONS.end()))]
    pub max_registration_count: Option<i64>,
    /// Seconds, 180–604 800, 86 400 when not given.
    #[schemars(range(min = *LIFETIME_SECONDS.start(), max = *LIFETIME_SECONDS.end()))]
    pub lifetime: Option<i64>,
}

/// The filters of `GET /api/places`; a place matches all that are given.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PlaceSearch {
    /// createdDate from (RFC 3339, or a date).
    #[serde(default)]
    #[schemars(with = "Instant")]
    pub created_date_from: Option<Instant>,
    /// createdDate to (RFC 3339, or a date: its whole day).
    #[serde(default)]
    #[schemars(with = "Instant")]
    pub created_date_to: Option<Instant>,
    /// Part of the name, in any case.
    pub name: Option<String>,
    /// One of the place's administrators; repeatable (also `administratorId[]`).
    #[serde(default)]
    pub administrator_id: Vec<String>,
    /// The place's id; repeatable (also `ids[]`).
    #[serde(default)]
    pub ids: Vec<String>,
    /// Exactly.
    pub external_place_id: Option<String>,
    #[serde(flatten)]
    pub paging: Paging,
}

// What the places' operations answer. Members are declared in the order they are written
// (alphabetical), as the answers have always had them.

/// A place, with the fields of the vendor's list example. Those no operation can change are
/// answered as a place that has none of them: `isHead` false, `headPlace` null,
/// `hasPaymentPageSettings` false, `rating` switched off with no components and no scores.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    pub created_date: Time,
    /// The receivers in the partner's scope whose page at the place is None or Confirmed.
    pub employee_count: i64,
    pub external_place_id: Option<String>,
    pub has_payment_page_settings: bool,
    pub head_place: Null,
    pub id: String,
    pub is_head: bool,
    pub manager_id: Option<String>,
    pub name: String,
    pub place_administrator_ids: Vec<String>,
    pub place_type: i64,
    pub rating: Rating,
    pub updated_date: Time,
}

#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    pub average_score: i64,
    pub components: Vec<Value>,
    pub enabled: bool,
    pub score_count: i64,
}

impl From<&StaffedPlace> for Place {
    fn from(staffed: &StaffedPlace) -> Place {
        let place = &staffed.place;
        Place {
            created_date: Time::at(place.created_at_ms),
            employee_count: staffed.employee_count,
            external_place_id: place.external_place_id.clone(),
            has_payment_page_settings: false,
            head_place: Null,
            id: place.id.clone(),
            is_head: false,
            manager_id: place.manager_id.clone(),
            name: place.name.clone(),
            place_administrator_ids: place.administrators(),
            place_type: place.place_type,
            rating: Rating {
                average_score: 0,
                components: Vec::new(),
                enabled: false,
                score_count: 0,
            },
            updated_date: Time::at(place.updated_at_ms),
        }
    }
}

/// A registration link: where it points (the emulator serves no page behind it) and how long it
/// lives, in seconds.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RegistrationLink {
    pub lifetime: i64,
    pub url: String,
}
