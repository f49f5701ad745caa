//! The `cloudtips` section of a fixture document: partners, their places, and receivers with their
//! payment pages and photos, checked, loaded into a tenant and exported back.
//!
//! Beyond CONTRACT.md section 5, a receiver may carry `type`, `payoutMethod`, `phoneNumberConfirmed`,
//! `created_at`, `updated_at`, `photo: {"id", "contentType", "base64"}` and `layouts` (its payment
//! pages: `id`, `layoutId`, `placeId`, `status`, `name`, `title`, `description`, `text`, `channelUrl`,
//! `backgroundId`, `externalInfo`, `default`, `disabled`, `created_at`, `updated_at`); a place may
//! carry `externalPlaceId`, `placeType`, `managerId`, `placeAdministratorIds`, `created_at` and
//! `updated_at` (its names are unique per partner); `registrationLinks` lists the links of
//! `POST /api/places/registration-url` (`id`, `placeId`, `maxRegistrationCount`, `lifetime`,
//! `created_at`). Times are named `*_at` as in every fixture section; a time left out is the
//! time of the load. A place listed in a receiver's `places` without a page of its own gets a
//! Confirmed page. `partner` names a partner by username; a receiver's `partner` is the agent whose
//! scope holds it (null: nobody's). The export lists in `places` the places whose page is None or
//! Confirmed, and every page in `layouts`.
//!
//! A receiver may also carry the data of its own API (`password`, `accumulation`, `timeline`,
//! `cards`): see `account_fixtures.rs`.
//!
//! Every type takes its ids as `Id`: `Option<String>` as written (left out: a new UUID, or for
//! `layoutId` a new short id), `String` once prepared, which is what `load` writes and `export`
//! reads back.

use std::collections::{BTreeMap, HashSet};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use crate::db::Tx;
use crate::fixtures::{clash, FixtureError, Section, SectionCounts, SeenOnce};
use crate::platform::clock::to_ms;
use crate::platform::phone::normalize_phone;
use crate::vendors::cloudtips::account;
use crate::vendors::cloudtips::account_fixtures::{
    self, AccumulationFixture, CardFixture, OwnData, PreparedOwnData, SeenOwn, TimelineFixture,
};
use crate::vendors::cloudtips::card;
use crate::vendors::cloudtips::layout::{self, new_short_id, LayoutRow, LayoutStatus};
use crate::vendors::cloudtips::partner::{self, PartnerRow};
use crate::vendors::cloudtips::photo::{self, IMAGE_TYPES};
use crate::vendors::cloudtips::place::{self, PlaceRow};
use crate::vendors::cloudtips::receiver::{self, ReceiverRow};
use crate::vendors::cloudtips::registration_link::{self, RegistrationLinkRow};
use crate::vendors::cloudtips::timeline_item;
use crate::vendors::cloudtips::wire::places::{DEFAULT_LIFETIME_SECONDS, DEFAULT_REGISTRATIONS};
use crate::vendors::cloudtips::wire::values::{is_email, is_http_url};

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct CloudtipsFixtures<Id = Option<String>> {
    #[serde(default)]
    pub partners: Vec<PartnerFixture>,
    #[serde(default)]
    pub places: Vec<PlaceFixture<Id>>,
    #[serde(default)]
    pub receivers: Vec<ReceiverFixture<Id>>,
    #[serde(default)]
    pub registration_links: Vec<RegistrationLinkFixture<Id>>,
}

/// The section with every id filled.
pub type PreparedCloudtips = CloudtipsFixtures<String>;

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PartnerFixture {
    pub username: String,
    pub password: String,
    pub client_id: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlaceFixture<Id = Option<String>> {
    #[serde(default)]
    pub id: Id,
    pub name: String,
    pub partner: String,
    #[serde(default)]
    pub external_place_id: Option<String>,
    #[serde(default)]
    pub place_type: i64,
    #[serde(default)]
    pub manager_id: Option<String>,
    #[serde(default)]
    pub place_administrator_ids: Vec<String>,
    #[serde(default, rename = "created_at", skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(default, rename = "updated_at", skip_serializing_if = "Option::is_none")]
    pub updated_date: Option<DateTime<Utc>>,
}

/// A link of `POST /api/places/registration-url`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RegistrationLinkFixture<Id = Option<String>> {
    #[serde(default)]
    pub id: Id,
    pub place_id: String,
    #[serde(default = "default_registrations")]
    pub max_registration_count: i64,
    #[serde(default = "default_lifetime")]
    pub lifetime: i64,
    #[serde(default, rename = "created_at", skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
}

fn default_registrations() -> i64 {
    DEFAULT_REGISTRATIONS
}

fn default_lifetime() -> i64 {
    DEFAULT_LIFETIME_SECONDS
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReceiverFixture<Id = Option<String>> {
    #[serde(default)]
    pub user_id: Id,
    pub phone_number: String,
    pub name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub partner: Option<String>,
    #[serde(default)]
    pub places: Vec<String>,
    #[serde(default, rename = "type")]
    pub receiver_type: i64,
    #[serde(default)]
    pub payout_method: i64,
    #[serde(default)]
    pub phone_number_confirmed: bool,
    #[serde(default)]
    pub photo: Option<PhotoFixture<Id>>,
    #[serde(default)]
    pub layouts: Vec<LayoutFixture<Id>>,
    #[serde(default, rename = "created_at", skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(default, rename = "updated_at", skip_serializing_if = "Option::is_none")]
    pub updated_date: Option<DateTime<Utc>>,
    /// The receiver's own login (`client_id=MobilePhone`); none: it cannot log in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accumulation: Option<AccumulationFixture>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<TimelineFixture>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<CardFixture<Id>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PhotoFixture<Id = Option<String>> {
    #[serde(default)]
    pub id: Id,
    pub content_type: String,
    pub base64: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LayoutFixture<Id = Option<String>> {
    #[serde(default)]
    pub id: Id,
    /// The page's short id.
    #[serde(default)]
    pub layout_id: Id,
    pub place_id: String,
    #[serde(default = "confirmed")]
    pub status: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub channel_url: Option<String>,
    #[serde(default)]
    pub background_id: Option<String>,
    #[serde(default)]
    pub external_info: Option<String>,
    #[serde(default, rename = "default")]
    pub is_default: bool,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default, rename = "created_at", skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(default, rename = "updated_at", skip_serializing_if = "Option::is_none")]
    pub updated_date: Option<DateTime<Utc>>,
}

fn confirmed() -> i64 {
    LayoutStatus::Confirmed.code()
}

fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn not_blank(value: &str, path: String) -> Result<(), FixtureError> {
    if value.trim().is_empty() {
        Err(FixtureError::invalid(path, "must not be empty"))
    } else {
        Ok(())
    }
}

/// What must be unique across the whole section.
#[derive(Default)]
struct Seen {
    user_ids: SeenOnce,
    phones: SeenOnce,
    layout_ids: SeenOnce,
    photo_ids: SeenOnce,
    own: SeenOwn,
}

impl Section for CloudtipsFixtures {
    const NAME: &'static str = crate::vendors::cloudtips::NAME;

    type Prepared = PreparedCloudtips;

    /// Checks every rule a loaded tenant relies on and assigns missing ids.
    fn prepare(self, base: &str) -> Result<PreparedCloudtips, FixtureError> {
        let mut usernames = SeenOnce::default();
        for (i, partner) in self.partners.iter().enumerate() {
            let path = format!("{base}.partners[{i}]");
            not_blank(&partner.username, format!("{path}.username"))?;
            not_blank(&partner.client_id, format!("{path}.client_id"))?;
            usernames.check(&partner.username, &format!("{path}.username"), "username")?;
        }
        let mut place_ids = SeenOnce::default();
        let mut place_names = SeenOnce::default();
        let mut places = Vec::with_capacity(self.places.len());
        for (i, place) in self.places.into_iter().enumerate() {
            let path = format!("{base}.places[{i}]");
            let id = place.id.unwrap_or_else(new_uuid);
            not_blank(&id, format!("{path}.id"))?;
            place_ids.check(&id, &format!("{path}.id"), "place id")?;
            not_blank(&place.name, format!("{path}.name"))?;
            place_names.check(
                &format!("{}\n{}", place.partner, place.name),
                &format!("{path}.name"),
                "name of the partner's place",
            )?;
            if place.place_type < 0 {
                return Err(FixtureError::invalid(
                    format!("{path}.placeType"),
                    "must not be negative",
                ));
            }
            places.push(PlaceFixture {
                id,
                name: place.name,
                partner: place.partner,
                external_place_id: place.external_place_id,
                place_type: place.place_type,
                manager_id: place.manager_id,
                place_administrator_ids: place.place_administrator_ids,
                created_date: place.created_date,
                updated_date: place.updated_date,
            });
        }
        let mut link_ids = SeenOnce::default();
        let mut registration_links = Vec::with_capacity(self.registration_links.len());
        for (i, link) in self.registration_links.into_iter().enumerate() {
            let path = format!("{base}.registrationLinks[{i}]");
            let id = link.id.unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
            not_blank(&id, format!("{path}.id"))?;
            link_ids.check(&id, &format!("{path}.id"), "registration link id")?;
            if !(1..=100).contains(&link.max_registration_count) {
                return Err(FixtureError::invalid(
                    format!("{path}.maxRegistrationCount"),
                    "must be 1 to 100",
                ));
            }
            if !(180..=604_800).contains(&link.lifetime) {
                return Err(FixtureError::invalid(
                    format!("{path}.lifetime"),
                    "must be 180 to 604800",
                ));
            }
            registration_links.push(RegistrationLinkFixture {
                id,
                place_id: link.place_id,
                max_registration_count: link.max_registration_count,
                lifetime: link.lifetime,
                created_date: link.created_date,
            });
        }
        let mut seen = Seen::default();
        let receivers = self
            .receivers
            .into_iter()
            .enumerate()
            .map(|(i, receiver)| prepare_receiver(receiver, &format!("{base}.receivers[{i}]"), &mut seen))
            .collect::<Result<_, _>>()?;
        Ok(CloudtipsFixtures {
            partners: self.partners,
            places,
            receivers,
            registration_links,
        })
    }

    async fn load(
        prepared: &PreparedCloudtips,
        tx: &mut Tx,
        tenant: &str,
        now: DateTime<Utc>,
        base: &str,
    ) -> Result<SectionCounts, FixtureError> {
        let mut counts = BTreeMap::from([("partners", 0), ("places", 0), ("receivers", 0), ("layouts", 0)]);
        let ms = |at: Option<DateTime<Utc>>| to_ms(at.unwrap_or(now));
        for (i, fixture) in prepared.partners.iter().enumerate() {
            let row = PartnerRow {
                username: fixture.username.clone(),
                password: fixture.password.clone(),
                client_id: fixture.client_id.clone(),
            };
            partner::insert(tx, tenant, &row)
                .await
                .map_err(|err| clash(err, &format!("{base}.partners[{i}]"), "a partner with this username"))?;
            *counts.entry("partners").or_default() += 1;
        }
        for (i, fixture) in prepared.places.iter().enumerate() {
            let path = format!("{base}.places[{i}]");
            require_partner(tx, tenant, &fixture.partner, &format!("{path}.partner")).await?;
            let row = PlaceRow {
                id: fixture.id.clone(),
                name: fixture.name.clone(),
                partner: fixture.partner.clone(),
                external_place_id: fixture.external_place_id.clone(),
                place_type: fixture.place_type,
                manager_id: fixture.manager_id.clone(),
                administrator_ids: serde_json::to_string(&fixture.place_administrator_ids)
                    .unwrap_or_else(|_| "[]".to_owned()),
                created_at_ms: ms(fixture.created_date),
                updated_at_ms: ms(fixture.updated_date.or(fixture.created_date)),
            };
            place::insert(tx, tenant, &row)
                .await
                .map_err(|err| clash(err, &path, "a place with this id or a partner's place with this name"))?;
            *counts.entry("places").or_default() += 1;
        }
        for (i, fixture) in prepared.receivers.iter().enumerate() {
            let path = format!("{base}.receivers[{i}]");
            if let Some(partner) = &fixture.partner {
                require_partner(tx, tenant, partner, &format!("{path}.partner")).await?;
            }
            let row = ReceiverRow {
                user_id: fixture.user_id.clone(),
                phone: fixture.phone_number.clone(),
                name: fixture.name.clone(),
                email: fixture.email.clone(),
                partner: fixture.partner.clone(),
                receiver_type: fixture.receiver_type,
                payout_method: fixture.payout_method,
                phone_confirmed: i64::from(fixture.phone_number_confirmed),
                photo_id: fixture.photo.as_ref().map(|photo| photo.id.clone()),
                photo_content_type: fixture.photo.as_ref().map(|photo| photo.content_type.clone()),
                created_at_ms: ms(fixture.created_date),
                updated_at_ms: ms(fixture.updated_date),
            };
            let photo_base64 = fixture.photo.as_ref().map(|photo| photo.base64.as_str());
            receiver::insert(tx, tenant, &row, photo_base64)
                .await
                .map_err(|err| clash(err, &path, "a receiver with this userId, phone number or photo id"))?;
            *counts.entry("receivers").or_default() += 1;
            for (l, page) in fixture.layouts.iter().enumerate() {
                let page_path = format!("{path}.layouts[{l}]");
                let partner = place::partner_of(&mut **tx, tenant, &page.place_id)
                    .await?
                    .ok_or_else(|| {
                        FixtureError::invalid(format!("{page_path}.placeId"), format!("no place {}", page.place_id))
                    })?;
                let row = LayoutRow {
                    id: page.id.clone(),
                    short_id: page.layout_id.clone(),
                    user_id: fixture.user_id.clone(),
                    place_id: page.place_id.clone(),
                    place_name: None,
                    partner,
                    status: page.status,
                    name: page.name.clone(),
                    title: page.title.clone(),
                    description: page.description.clone(),
                    text: page.text.clone(),
                    channel_url: page.channel_url.clone(),
                    background_id: page.background_id.clone(),
                    external_id: page.external_info.clone(),
                    is_default: i64::from(page.is_default),
                    disabled: i64::from(page.disabled),
                    created_at_ms: ms(page.created_date),
                    updated_at_ms: ms(page.updated_date),
                };
                layout::insert(tx, tenant, &row)
                    .await
                    .map_err(|err| clash(err, &page_path, "a page with this id, layoutId or externalInfo"))?;
                *counts.entry("layouts").or_default() += 1;
            }
            let own = own_data(fixture);
            let (items, cards) = account_fixtures::load(tx, tenant, &fixture.user_id, &own, now, &path).await?;
            *counts.entry("timeline").or_default() += items;
            *counts.entry("cards").or_default() += cards;
        }
        for (i, fixture) in prepared.registration_links.iter().enumerate() {
            let path = format!("{base}.registrationLinks[{i}]");
            let partner = place::partner_of(&mut **tx, tenant, &fixture.place_id)
                .await?
                .ok_or_else(|| {
                    FixtureError::invalid(format!("{path}.placeId"), format!("no place {}", fixture.place_id))
                })?;
            let row = RegistrationLinkRow {
                id: fixture.id.clone(),
                place_id: fixture.place_id.clone(),
                partner,
                max_registrations: fixture.max_registration_count,
                lifetime_seconds: fixture.lifetime,
                created_at_ms: ms(fixture.created_date),
            };
            registration_link::insert(tx, tenant, &row)
                .await
                .map_err(|err| clash(err, &path, "a registration link with this id"))?;
            *counts.entry("registrationLinks").or_default() += 1;
        }
        Ok(counts)
    }

    async fn clear(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        crate::db::delete_tenant_rows(
            tx,
            tenant,
            &[
                "cloudtips_tokens",
                "cloudtips_receiver_tokens",
                "cloudtips_cards",
                "cloudtips_timeline",
                "cloudtips_receiver_accounts",
                "cloudtips_registration_links",
                "cloudtips_attach_codes",
                "cloudtips_layouts",
                "cloudtips_receivers",
                "cloudtips_places",
                "cloudtips_partners",
            ],
        )
        .await
    }

    async fn export(executor: &AnyPool, tenant: &str) -> Result<PreparedCloudtips, sqlx::Error> {
        let partners = partner::all(executor, tenant).await?;
        let places = place::all(executor, tenant).await?;
        let links = registration_link::all(executor, tenant).await?;
        let receivers = receiver::all(executor, tenant).await?;
        let mut photos = photo::all_bytes(executor, tenant).await?;
        let mut layouts: BTreeMap<String, Vec<LayoutRow>> = BTreeMap::new();
        for page in layout::all(executor, tenant).await? {
            layouts.entry(page.user_id.clone()).or_default().push(page);
        }
        let mut accounts: BTreeMap<String, account::AccountRow> = account::all(executor, tenant)
            .await?
            .into_iter()
            .map(|row| (row.user_id.clone(), row))
            .collect();
        let mut timelines: BTreeMap<String, Vec<timeline_item::TimelineRow>> = BTreeMap::new();
        for item in timeline_item::all(executor, tenant).await? {
            timelines.entry(item.user_id.clone()).or_default().push(item);
        }
        let mut cards: BTreeMap<String, Vec<card::CardRow>> = BTreeMap::new();
        for row in card::all(executor, tenant).await? {
            cards.entry(row.user_id.clone()).or_default().push(row);
        }
        Ok(CloudtipsFixtures {
            partners: partners
                .into_iter()
                .map(|row| PartnerFixture {
                    username: row.username,
                    password: row.password,
                    client_id: row.client_id,
                })
                .collect(),
            places: places
                .into_iter()
                .map(|row| {
                    let [created_date, updated_date] =
                        stored_times("cloudtips_places", &row.id, row.created_at_ms, row.updated_at_ms)?;
                    let place_administrator_ids = serde_json::from_str(&row.administrator_ids).map_err(|_| {
                        decode_error(format!(
                            "cloudtips_places.administrator_ids of {} is not a list of strings",
                            row.id
                        ))
                    })?;
                    Ok(PlaceFixture {
                        created_date,
                        updated_date,
                        place_administrator_ids,
                        id: row.id,
                        name: row.name,
                        partner: row.partner,
                        external_place_id: row.external_place_id,
                        place_type: row.place_type,
                        manager_id: row.manager_id,
                    })
                })
                .collect::<Result<_, sqlx::Error>>()?,
            receivers: receivers
                .into_iter()
                .map(|row| {
                    let pages = layouts.remove(&row.user_id).unwrap_or_default();
                    let photo = photos.remove(&row.user_id);
                    let own = account_fixtures::export(
                        accounts.remove(&row.user_id),
                        timelines.remove(&row.user_id).unwrap_or_default(),
                        cards.remove(&row.user_id).unwrap_or_default(),
                    )?;
                    export_receiver(row, pages, photo, own)
                })
                .collect::<Result<_, _>>()?,
            registration_links: links
                .into_iter()
                .map(|row| {
                    Ok(RegistrationLinkFixture {
                        created_date: Some(stored_time(
                            row.created_at_ms,
                            "cloudtips_registration_links",
                            "created_at_ms",
                            &row.id,
                        )?),
                        id: row.id,
                        place_id: row.place_id,
                        max_registration_count: row.max_registrations,
                        lifetime: row.lifetime_seconds,
                    })
                })
                .collect::<Result<_, sqlx::Error>>()?,
        })
    }
}

/// Checks a receiver and its pages and fills their ids; a place it lists without a page of its own
/// gets a Confirmed page, the default when the receiver has no other.
fn prepare_receiver(
    receiver: ReceiverFixture,
    path: &str,
    seen: &mut Seen,
) -> Result<ReceiverFixture<String>, FixtureError> {
    let user_id = receiver.user_id.unwrap_or_else(new_uuid);
    seen.user_ids.check(&user_id, &format!("{path}.userId"), "userId")?;
    let phone = normalize_phone(&receiver.phone_number)
        .ok_or_else(|| FixtureError::invalid(format!("{path}.phoneNumber"), "not a Russian phone number"))?;
    seen.phones
        .check(&phone, &format!("{path}.phoneNumber"), "phone number")?;
    not_blank(&receiver.name, format!("{path}.name"))?;
    if let Some(email) = receiver.email.as_deref().filter(|email| !is_email(email)) {
        return Err(FixtureError::invalid(
            format!("{path}.email"),
            format!("{email} is not an e-mail"),
        ));
    }
    if !(0..=1).contains(&receiver.payout_method) {
        return Err(FixtureError::invalid(format!("{path}.payoutMethod"), "must be 0 or 1"));
    }
    if receiver.receiver_type < 0 {
        return Err(FixtureError::invalid(format!("{path}.type"), "must not be negative"));
    }
    let photo = match receiver.photo {
        Some(photo) => Some(prepare_photo(photo, path, seen)?),
        None => None,
    };
    let mut pages_places = SeenOnce::default();
    let mut layouts = Vec::with_capacity(receiver.layouts.len());
    for (l, page) in receiver.layouts.into_iter().enumerate() {
        let page_path = format!("{path}.layouts[{l}]");
        let id = page.id.unwrap_or_else(new_uuid);
        seen.layout_ids.check(&id, &format!("{page_path}.id"), "layout id")?;
        let short_id = page.layout_id.unwrap_or_else(new_short_id);
        seen.layout_ids
            .check(&short_id, &format!("{page_path}.layoutId"), "layoutId")?;
        pages_places.check(&page.place_id, &format!("{page_path}.placeId"), "page for place")?;
        if LayoutStatus::from_code(page.status).is_none() {
            return Err(FixtureError::invalid(format!("{page_path}.status"), "must be 0 to 3"));
        }
        if let Some(url) = page.channel_url.as_deref().filter(|url| !is_http_url(url)) {
            return Err(FixtureError::invalid(
                format!("{page_path}.channelUrl"),
                format!("{url} is not an http(s) URL"),
            ));
        }
        layouts.push(LayoutFixture {
            id,
            layout_id: short_id,
            place_id: page.place_id,
            status: page.status,
            name: page.name,
            title: page.title,
            description: page.description,
            text: page.text,
            channel_url: page.channel_url,
            background_id: page.background_id,
            external_info: page.external_info,
            is_default: page.is_default,
            disabled: page.disabled,
            created_date: page.created_date,
            updated_date: page.updated_date,
        });
    }
    let own = account_fixtures::prepare(
        OwnData {
            password: receiver.password,
            accumulation: receiver.accumulation,
            timeline: receiver.timeline,
            cards: receiver.cards,
        },
        path,
        &mut seen.own,
    )?;
    let covered: HashSet<String> = layouts.iter().map(|page| page.place_id.clone()).collect();
    let mut listed = SeenOnce::default();
    for (p, place) in receiver.places.iter().enumerate() {
        let place_path = format!("{path}.places[{p}]");
        listed.check(place, &place_path, "place")?;
        if !covered.contains(place) {
            let id = new_uuid();
            let short_id = new_short_id();
            seen.layout_ids.check(&id, &place_path, "layout id")?;
            seen.layout_ids.check(&short_id, &place_path, "layoutId")?;
            let is_default = layouts.is_empty();
            layouts.push(LayoutFixture {
                id,
                layout_id: short_id,
                place_id: place.clone(),
                status: confirmed(),
                name: None,
                title: None,
                description: None,
                text: None,
                channel_url: None,
                background_id: None,
                external_info: None,
                is_default,
                disabled: false,
                created_date: None,
                updated_date: None,
            });
        }
    }
    Ok(ReceiverFixture {
        user_id,
        phone_number: phone,
        name: receiver.name,
        email: receiver.email,
        partner: receiver.partner,
        places: receiver.places,
        receiver_type: receiver.receiver_type,
        payout_method: receiver.payout_method,
        phone_number_confirmed: receiver.phone_number_confirmed,
        photo,
        layouts,
        created_date: receiver.created_date,
        updated_date: receiver.updated_date,
        password: own.password,
        accumulation: own.accumulation,
        timeline: own.timeline,
        cards: own.cards,
    })
}

/// A prepared receiver's own-API data.
fn own_data(receiver: &ReceiverFixture<String>) -> PreparedOwnData {
    OwnData {
        password: receiver.password.clone(),
        accumulation: receiver.accumulation.clone(),
        timeline: receiver.timeline.clone(),
        cards: receiver.cards.clone(),
    }
}

fn prepare_photo(photo: PhotoFixture, path: &str, seen: &mut Seen) -> Result<PhotoFixture<String>, FixtureError> {
    let id = photo.id.unwrap_or_else(new_uuid);
    seen.photo_ids.check(&id, &format!("{path}.photo.id"), "photo id")?;
    if !IMAGE_TYPES.contains(&photo.content_type.as_str()) {
        return Err(FixtureError::invalid(
            format!("{path}.photo.contentType"),
            format!("must be one of {}", IMAGE_TYPES.join(", ")),
        ));
    }
    if base64::engine::general_purpose::STANDARD.decode(&photo.base64).is_err() {
        return Err(FixtureError::invalid(format!("{path}.photo.base64"), "not base64"));
    }
    Ok(PhotoFixture {
        id,
        content_type: photo.content_type,
        base64: photo.base64,
    })
}

/// A stored receiver with its pages and its photo's bytes, as the section gives it.
fn export_receiver(
    row: ReceiverRow,
    pages: Vec<LayoutRow>,
    photo_base64: Option<String>,
    own: PreparedOwnData,
) -> Result<ReceiverFixture<String>, sqlx::Error> {
    let photo = match (row.photo_id, row.photo_content_type, photo_base64) {
        (Some(id), Some(content_type), Some(base64)) => Some(PhotoFixture {
            id,
            content_type,
            base64,
        }),
        (None, None, None) => None,
        _ => {
            return Err(decode_error(format!(
                "cloudtips_receivers.photo_id, photo_content_type and photo_base64 of {} are not set together",
                row.user_id
            )))
        }
    };
    let [created_date, updated_date] = stored_times(
        "cloudtips_receivers",
        &row.user_id,
        row.created_at_ms,
        row.updated_at_ms,
    )?;
    let mut places = Vec::new();
    for page in &pages {
        let status = LayoutStatus::from_code(page.status).ok_or_else(|| {
            decode_error(format!(
                "cloudtips_layouts.status of {} is {}, not 0 to 3",
                page.id, page.status
            ))
        })?;
        if status.attaches() {
            places.push(page.place_id.clone());
        }
    }
    Ok(ReceiverFixture {
        places,
        layouts: pages.into_iter().map(export_layout).collect::<Result<_, _>>()?,
        created_date,
        updated_date,
        user_id: row.user_id,
        phone_number: row.phone,
        name: row.name,
        email: row.email,
        partner: row.partner,
        receiver_type: row.receiver_type,
        payout_method: row.payout_method,
        phone_number_confirmed: row.phone_confirmed != 0,
        photo,
        password: own.password,
        accumulation: own.accumulation,
        timeline: own.timeline,
        cards: own.cards,
    })
}

fn export_layout(row: LayoutRow) -> Result<LayoutFixture<String>, sqlx::Error> {
    let [created_date, updated_date] =
        stored_times("cloudtips_layouts", &row.id, row.created_at_ms, row.updated_at_ms)?;
    Ok(LayoutFixture {
        created_date,
        updated_date,
        id: row.id,
        layout_id: row.short_id,
        place_id: row.place_id,
        status: row.status,
        name: row.name,
        title: row.title,
        description: row.description,
        text: row.text,
        channel_url: row.channel_url,
        background_id: row.background_id,
        external_info: row.external_id,
        is_default: row.is_default != 0,
        disabled: row.disabled != 0,
    })
}

/// A stored time as the section gives it; one that no date can hold is an error, never a made-up
/// date.
fn stored_time(ms: i64, table: &str, column: &str, key: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| decode_error(format!("{table}.{column} of {key} is {ms}, not a time")))
}

/// A row's `created_at_ms` and `updated_at_ms` as the section gives them.
fn stored_times(
    table: &str,
    key: &str,
    created_at_ms: i64,
    updated_at_ms: i64,
) -> Result<[Option<DateTime<Utc>>; 2], sqlx::Error> {
    Ok([
        Some(stored_time(created_at_ms, table, "created_at_ms", key)?),
        Some(stored_time(updated_at_ms, table, "updated_at_ms", key)?),
    ])
}

fn decode_error(message: String) -> sqlx::Error {
    sqlx::Error::Decode(message.into())
}

async fn require_partner(tx: &mut Tx, tenant: &str, username: &str, path: &str) -> Result<(), FixtureError> {
    match partner::find(&mut **tx, tenant, username).await? {
        Some(_) => Ok(()),
        None => Err(FixtureError::invalid(path, format!("no partner {username}"))),
    }
}
