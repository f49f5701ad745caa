//! The `cloudtips` section of a fixture document: partners, their places, and receivers with their
//! payment pages and photos, checked, loaded into a tenant and exported back.
//!
//! Beyond CONTRACT.md section 5, a receiver may carry `type`, `payoutMethod`, `phoneNumberConfirmed`,
//! `created_at`, `updated_at`, `photo: {"id", "contentType", "base64"}` and `layouts` (its payment
//! pages: `id`, `layoutId`, `placeId`, `status`, `name`, `title`, `description`, `text`, `channelUrl`,
//! `backgroundId`, `externalInfo`, `default`, `disabled`, `created_at`, `updated_at`); a place may
//! carry `created_at`. Times are named `*_at` as in every fixture section. A place listed in a receiver's `places` without a page of its own gets a
//! Confirmed page. `partner` names a partner by username; a receiver's `partner` is the agent whose
//! scope holds it (null: nobody's). The export lists in `places` the places whose page is None or
//! Confirmed, and every page in `layouts`.

use std::collections::{BTreeMap, HashSet};

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;

use crate::db::Tx;
use crate::fixtures::{clash, FixtureError, Section, SectionCounts, SeenOnce};
use crate::platform::clock::{from_ms, to_ms};
use crate::platform::phone::normalize_phone;
use crate::vendors::cloudtips::photos::IMAGE_TYPES;
use crate::vendors::cloudtips::receiver::{
    self, insert_layout, insert_receiver, new_short_id, LayoutRow, LayoutStatus, ReceiverRow, RECEIVER_COLUMNS,
};
use crate::vendors::cloudtips::validate::{is_email, is_http_url};

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CloudtipsFixtures {
    #[serde(default)]
    pub partners: Vec<PartnerFixture>,
    #[serde(default)]
    pub places: Vec<PlaceFixture>,
    #[serde(default)]
    pub receivers: Vec<ReceiverFixture>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PartnerFixture {
    pub username: String,
    pub password: String,
    pub client_id: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PlaceFixture {
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    pub partner: String,
    #[serde(default, rename = "created_at", skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReceiverFixture {
    #[serde(default)]
    pub user_id: Option<String>,
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
    pub photo: Option<PhotoFixture>,
    #[serde(default)]
    pub layouts: Vec<LayoutFixture>,
    #[serde(default, rename = "created_at", skip_serializing_if = "Option::is_none")]
    pub created_date: Option<DateTime<Utc>>,
    #[serde(default, rename = "updated_at", skip_serializing_if = "Option::is_none")]
    pub updated_date: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PhotoFixture {
    #[serde(default)]
    pub id: Option<String>,
    pub content_type: String,
    pub base64: String,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LayoutFixture {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub layout_id: Option<String>,
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

fn fill_id(id: &mut Option<String>) -> String {
    id.get_or_insert_with(|| uuid::Uuid::new_v4().to_string()).clone()
}

fn not_blank(value: &str, path: String) -> Result<(), FixtureError> {
    if value.trim().is_empty() {
        Err(FixtureError::invalid(path, "must not be empty"))
    } else {
        Ok(())
    }
}

impl Section for CloudtipsFixtures {
    const NAME: &'static str = crate::vendors::cloudtips::NAME;

    type Prepared = CloudtipsFixtures;

    /// Checks every rule a loaded tenant relies on and assigns missing ids.
    fn prepare(mut self, base: &str) -> Result<Self, FixtureError> {
        let mut usernames = SeenOnce::default();
        for (i, partner) in self.partners.iter().enumerate() {
            let path = format!("{base}.partners[{i}]");
            not_blank(&partner.username, format!("{path}.username"))?;
            not_blank(&partner.client_id, format!("{path}.client_id"))?;
            usernames.check(&partner.username, &format!("{path}.username"), "username")?;
        }
        let mut place_ids = SeenOnce::default();
        for (i, place) in self.places.iter_mut().enumerate() {
            let path = format!("{base}.places[{i}]");
            let id = fill_id(&mut place.id);
            not_blank(&id, format!("{path}.id"))?;
            place_ids.check(&id, &format!("{path}.id"), "place id")?;
            not_blank(&place.name, format!("{path}.name"))?;
        }
        let mut user_ids = SeenOnce::default();
        let mut phones = SeenOnce::default();
        let mut layout_ids = SeenOnce::default();
        let mut photo_ids = SeenOnce::default();
        for (i, receiver) in self.receivers.iter_mut().enumerate() {
            let path = format!("{base}.receivers[{i}]");
            user_ids.check(&fill_id(&mut receiver.user_id), &format!("{path}.userId"), "userId")?;
            let phone = normalize_phone(&receiver.phone_number)
                .ok_or_else(|| FixtureError::invalid(format!("{path}.phoneNumber"), "not a Russian phone number"))?;
            phones.check(&phone, &format!("{path}.phoneNumber"), "phone number")?;
            receiver.phone_number = phone;
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
            if let Some(photo) = &mut receiver.photo {
                photo_ids.check(&fill_id(&mut photo.id), &format!("{path}.photo.id"), "photo id")?;
                if !IMAGE_TYPES.contains(&photo.content_type.as_str()) {
                    return Err(FixtureError::invalid(
                        format!("{path}.photo.contentType"),
                        format!("must be one of {}", IMAGE_TYPES.join(", ")),
                    ));
                }
                if base64::engine::general_purpose::STANDARD.decode(&photo.base64).is_err() {
                    return Err(FixtureError::invalid(format!("{path}.photo.base64"), "not base64"));
                }
            }
            let mut pages_places = SeenOnce::default();
            for (l, layout) in receiver.layouts.iter_mut().enumerate() {
                let layout_path = format!("{path}.layouts[{l}]");
                layout_ids.check(&fill_id(&mut layout.id), &format!("{layout_path}.id"), "layout id")?;
                let short_id = layout.layout_id.get_or_insert_with(new_short_id).clone();
                layout_ids.check(&short_id, &format!("{layout_path}.layoutId"), "layoutId")?;
                pages_places.check(&layout.place_id, &format!("{layout_path}.placeId"), "page for place")?;
                if LayoutStatus::from_code(layout.status).is_none() {
                    return Err(FixtureError::invalid(format!("{layout_path}.status"), "must be 0 to 3"));
                }
                if let Some(url) = layout.channel_url.as_deref().filter(|url| !is_http_url(url)) {
                    return Err(FixtureError::invalid(
                        format!("{layout_path}.channelUrl"),
                        format!("{url} is not an http(s) URL"),
                    ));
                }
            }
            let covered: HashSet<String> = receiver.layouts.iter().map(|l| l.place_id.clone()).collect();
            let mut listed = SeenOnce::default();
            for (p, place) in receiver.places.iter().enumerate() {
                listed.check(place, &format!("{path}.places[{p}]"), "place")?;
                if !covered.contains(place) {
                    let mut id = None;
                    let short_id = new_short_id();
                    layout_ids.check(&fill_id(&mut id), &format!("{path}.places[{p}]"), "layout id")?;
                    layout_ids.check(&short_id, &format!("{path}.places[{p}]"), "layoutId")?;
                    let is_default = receiver.layouts.is_empty();
                    receiver.layouts.push(LayoutFixture {
                        id,
                        layout_id: Some(short_id),
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
        }
        Ok(self)
    }

    async fn load(
        prepared: &Self,
        tx: &mut Tx,
        tenant: &str,
        now: DateTime<Utc>,
        base: &str,
    ) -> Result<SectionCounts, FixtureError> {
        let mut counts = BTreeMap::from([("partners", 0), ("places", 0), ("receivers", 0), ("layouts", 0)]);
        let ms = |at: Option<DateTime<Utc>>| to_ms(at.unwrap_or(now));
        for (i, partner) in prepared.partners.iter().enumerate() {
            sqlx::query(
                "INSERT INTO cloudtips_partners (tenant, username, password, client_id) VALUES ($1, $2, $3, $4)",
            )
            .bind(tenant)
            .bind(&partner.username)
            .bind(&partner.password)
            .bind(&partner.client_id)
            .execute(&mut **tx)
            .await
            .map_err(|err| clash(err, &format!("{base}.partners[{i}]"), "a partner with this username"))?;
            *counts.entry("partners").or_default() += 1;
        }
        for (i, place) in prepared.places.iter().enumerate() {
            let path = format!("{base}.places[{i}]");
            require_partner(tx, tenant, &place.partner, &format!("{path}.partner")).await?;
            sqlx::query(
                "INSERT INTO cloudtips_places (tenant, id, name, partner, created_at_ms) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(tenant)
            .bind(place.id.as_deref().unwrap_or_default())
            .bind(&place.name)
            .bind(&place.partner)
            .bind(ms(place.created_date))
            .execute(&mut **tx)
            .await
            .map_err(|err| clash(err, &path, "a place with this id"))?;
            *counts.entry("places").or_default() += 1;
        }
        for (i, fixture) in prepared.receivers.iter().enumerate() {
            let path = format!("{base}.receivers[{i}]");
            if let Some(partner) = &fixture.partner {
                require_partner(tx, tenant, partner, &format!("{path}.partner")).await?;
            }
            let user_id = fixture.user_id.clone().unwrap_or_default();
            let row = ReceiverRow {
                user_id: user_id.clone(),
                phone: fixture.phone_number.clone(),
                name: fixture.name.clone(),
                email: fixture.email.clone(),
                partner: fixture.partner.clone(),
                receiver_type: fixture.receiver_type,
                payout_method: fixture.payout_method,
                phone_confirmed: i64::from(fixture.phone_number_confirmed),
                photo_id: fixture.photo.as_ref().and_then(|photo| photo.id.clone()),
                photo_content_type: fixture.photo.as_ref().map(|photo| photo.content_type.clone()),
                created_at_ms: ms(fixture.created_date),
                updated_at_ms: ms(fixture.updated_date),
            };
            let photo_base64 = fixture.photo.as_ref().map(|photo| photo.base64.as_str());
            insert_receiver(tx, tenant, &row, photo_base64)
                .await
                .map_err(|err| clash(err, &path, "a receiver with this userId, phone number or photo id"))?;
            *counts.entry("receivers").or_default() += 1;
            for (l, layout) in fixture.layouts.iter().enumerate() {
                let layout_path = format!("{path}.layouts[{l}]");
                let place_partner: Option<(String,)> =
                    sqlx::query_as("SELECT partner FROM cloudtips_places WHERE tenant = $1 AND id = $2")
                        .bind(tenant)
                        .bind(&layout.place_id)
                        .fetch_optional(&mut **tx)
                        .await?;
                let (partner,) = place_partner.ok_or_else(|| {
                    FixtureError::invalid(
                        format!("{layout_path}.placeId"),
                        format!("no place {}", layout.place_id),
                    )
                })?;
                let row = LayoutRow {
                    id: layout.id.clone().unwrap_or_default(),
                    short_id: layout.layout_id.clone().unwrap_or_default(),
                    user_id: user_id.clone(),
                    place_id: layout.place_id.clone(),
                    place_name: None,
                    partner,
                    status: layout.status,
                    name: layout.name.clone(),
                    title: layout.title.clone(),
                    description: layout.description.clone(),
                    text: layout.text.clone(),
                    channel_url: layout.channel_url.clone(),
                    background_id: layout.background_id.clone(),
                    external_id: layout.external_info.clone(),
                    is_default: i64::from(layout.is_default),
                    disabled: i64::from(layout.disabled),
                    created_at_ms: ms(layout.created_date),
                    updated_at_ms: ms(layout.updated_date),
                };
                insert_layout(tx, tenant, &row)
                    .await
                    .map_err(|err| clash(err, &layout_path, "a page with this id, layoutId or externalInfo"))?;
                *counts.entry("layouts").or_default() += 1;
            }
        }
        Ok(counts)
    }

    async fn clear(tx: &mut Tx, tenant: &str) -> Result<(), sqlx::Error> {
        crate::db::delete_tenant_rows(
            tx,
            tenant,
            &[
                "cloudtips_tokens",
                "cloudtips_attach_codes",
                "cloudtips_layouts",
                "cloudtips_receivers",
                "cloudtips_places",
                "cloudtips_partners",
            ],
        )
        .await
    }

    async fn export(executor: &AnyPool, tenant: &str) -> Result<CloudtipsFixtures, sqlx::Error> {
        let partners: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT username, password, client_id FROM cloudtips_partners WHERE tenant = $1 ORDER BY username",
        )
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        let places: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT id, name, partner, created_at_ms FROM cloudtips_places WHERE tenant = $1 \
             ORDER BY created_at_ms, id",
        )
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        let receivers: Vec<ReceiverRow> = sqlx::query_as(&format!(
            "SELECT {RECEIVER_COLUMNS} FROM cloudtips_receivers WHERE tenant = $1 ORDER BY created_at_ms, user_id"
        ))
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        let photos: Vec<(String, String)> = sqlx::query_as(
            "SELECT user_id, photo_base64 FROM cloudtips_receivers WHERE tenant = $1 AND photo_base64 IS NOT NULL",
        )
        .bind(tenant)
        .fetch_all(executor)
        .await?;
        let photos: BTreeMap<String, String> = photos.into_iter().collect();
        let mut layouts: BTreeMap<String, Vec<LayoutRow>> = BTreeMap::new();
        for layout in receiver::all_layouts(executor, tenant).await? {
            layouts.entry(layout.user_id.clone()).or_default().push(layout);
        }
        Ok(CloudtipsFixtures {
            partners: partners
                .into_iter()
                .map(|(username, password, client_id)| PartnerFixture {
                    username,
                    password,
                    client_id,
                })
                .collect(),
            places: places
                .into_iter()
                .map(|(id, name, partner, created_at_ms)| PlaceFixture {
                    id: Some(id),
                    name,
                    partner,
                    created_date: Some(from_ms(created_at_ms)),
                })
                .collect(),
            receivers: receivers
                .into_iter()
                .map(|row| {
                    let pages = layouts.remove(&row.user_id).unwrap_or_default();
                    let photo = match (&row.photo_id, &row.photo_content_type, photos.get(&row.user_id)) {
                        (Some(id), Some(content_type), Some(base64)) => Some(PhotoFixture {
                            id: Some(id.clone()),
                            content_type: content_type.clone(),
                            base64: base64.clone(),
                        }),
                        _ => None,
                    };
                    ReceiverFixture {
                        places: pages
                            .iter()
                            .filter(|page| LayoutStatus::from_code(page.status).is_some_and(LayoutStatus::attaches))
                            .map(|page| page.place_id.clone())
                            .collect(),
                        layouts: pages.into_iter().map(LayoutFixture::from).collect(),
                        user_id: Some(row.user_id),
                        phone_number: row.phone,
                        name: row.name,
                        email: row.email,
                        partner: row.partner,
                        receiver_type: row.receiver_type,
                        payout_method: row.payout_method,
                        phone_number_confirmed: row.phone_confirmed != 0,
                        photo,
                        created_date: Some(from_ms(row.created_at_ms)),
                        updated_date: Some(from_ms(row.updated_at_ms)),
                    }
                })
                .collect(),
        })
    }
}

impl From<LayoutRow> for LayoutFixture {
    fn from(row: LayoutRow) -> LayoutFixture {
        LayoutFixture {
            id: Some(row.id),
            layout_id: Some(row.short_id),
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
            created_date: Some(from_ms(row.created_at_ms)),
            updated_date: Some(from_ms(row.updated_at_ms)),
        }
    }
}

async fn require_partner(tx: &mut Tx, tenant: &str, username: &str, path: &str) -> Result<(), FixtureError> {
    let found: Option<(String,)> =
        sqlx::query_as("SELECT username FROM cloudtips_partners WHERE tenant = $1 AND username = $2")
            .bind(tenant)
            .bind(username)
            .fetch_optional(&mut **tx)
            .await?;
    found
        .map(|_| ())
        .ok_or_else(|| FixtureError::invalid(path, format!("no partner {username}")))
}
