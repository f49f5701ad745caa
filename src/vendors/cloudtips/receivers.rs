//! Receivers in the partner's scope: search (`GET /api/receivers`, also `/api/receivers/pages`),
//! one receiver, JSON-Patch edits, payout method and detaching from the partner.
//!
//! Search filters: `dateFrom`/`dateTo` bound `createdDate` (RFC 3339, or a date: `dateTo` then
//! includes that whole day); `phoneNumber` matches the number in any notation, or a run of its
//! digits; `name` is a case-insensitive part of the name; `layoutId` (short id or id) and `placeId`
//! match any of the receiver's pages; `userId` may repeat. `page` counts from 1, `limit` is 1 to
//! 100 (20 by default); results are oldest first.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_json::{json, Value};

use crate::platform::clock::{self, to_ms};
use crate::platform::phone::normalize_phone;
use crate::state::AppState;
use crate::vendors::cloudtips::auth::Partner;
use crate::vendors::cloudtips::error::{
    succeed, succeed_empty, ApiResult, CloudtipsError, FieldErrors, RECEIVER_NOT_FOUND,
};
use crate::vendors::cloudtips::jsonpatch;
use crate::vendors::cloudtips::photos::PublicBase;
use crate::vendors::cloudtips::receiver::{
    all_in_scope, find_in_scope, layouts_in_scope, layouts_of, render_receiver, LayoutRow, ReceiverRow,
};
use crate::vendors::cloudtips::request::{fold_pairs, json_object};
use crate::vendors::cloudtips::validate::is_email;

const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 100;

/// What a search asks for.
#[derive(Default)]
struct Search {
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

fn parse_search(pairs: Vec<(String, String)>) -> Result<Search, CloudtipsError> {
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
fn parse_instant(value: &str, end_of_day: bool) -> Option<i64> {
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

impl Search {
    fn matches(&self, receiver: &ReceiverRow, layouts: &[&LayoutRow]) -> bool {
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

fn photo_url(base: &PublicBase, tenant: &str, receiver: &ReceiverRow) -> Option<String> {
    receiver
        .photo_id
        .as_deref()
        .map(|photo_id| base.photo_url(tenant, photo_id))
}

/// `GET /api/receivers` and `GET /api/receivers/pages`.
pub async fn list_receivers(
    State(app): State<AppState>,
    partner: Partner,
    base: PublicBase,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult {
    let Query(pairs) =
        query.map_err(|err| CloudtipsError::invalid_field("query", format!("Некорректные параметры: {err}")))?;
    let search = parse_search(pairs)?;
    let receivers = all_in_scope(app.db.pool(), &partner.tenant, &partner.username).await?;
    let layouts = layouts_in_scope(app.db.pool(), &partner.tenant, &partner.username).await?;
    let mut by_receiver: HashMap<&str, Vec<&LayoutRow>> = HashMap::new();
    for layout in &layouts {
        by_receiver.entry(layout.user_id.as_str()).or_default().push(layout);
    }
    let no_layouts = Vec::new();
    let found: Vec<(&ReceiverRow, &Vec<&LayoutRow>)> = receivers
        .iter()
        .map(|receiver| {
            let pages = by_receiver.get(receiver.user_id.as_str()).unwrap_or(&no_layouts);
            (receiver, pages)
        })
        .filter(|(receiver, pages)| search.matches(receiver, pages))
        .collect();
    let skip = usize::try_from((search.page - 1).saturating_mul(search.limit)).unwrap_or(usize::MAX);
    let take = usize::try_from(search.limit).unwrap_or(usize::MAX);
    let items: Vec<Value> = found
        .iter()
        .skip(skip)
        .take(take)
        .map(|(receiver, pages)| render_receiver(receiver, pages, photo_url(&base, &partner.tenant, receiver)))
        .collect();
    Ok(succeed(json!({ "items": items, "totalCount": found.len() })))
}

/// `GET /api/receivers/{userId}`.
pub async fn get_receiver(
    State(app): State<AppState>,
    partner: Partner,
    base: PublicBase,
    Path(user_id): Path<String>,
) -> ApiResult {
    let receiver = find_in_scope(app.db.pool(), &partner.tenant, &partner.username, &user_id)
        .await?
        .ok_or(CloudtipsError::NotFound(RECEIVER_NOT_FOUND))?;
    let layouts = layouts_of(app.db.pool(), &partner.tenant, &user_id).await?;
    let pages: Vec<&LayoutRow> = layouts.iter().collect();
    Ok(succeed(render_receiver(
        &receiver,
        &pages,
        photo_url(&base, &partner.tenant, &receiver),
    )))
}

/// `PATCH /api/receivers/{userId}`: `/Name` and `/Email`.
pub async fn patch_receiver(
    State(app): State<AppState>,
    partner: Partner,
    Path(user_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    let receiver = find_in_scope(&mut *tx, &partner.tenant, &partner.username, &user_id)
        .await?
        .ok_or(CloudtipsError::NotFound(RECEIVER_NOT_FOUND))?;
    let document = json!({ "name": receiver.name, "email": receiver.email });
    let patched = jsonpatch::apply(&document, &body)?;
    let mut errors = FieldErrors::default();
    jsonpatch::reject_unknown_members(&document, &patched, "", &mut errors);
    let name = match patched.get("name") {
        Some(Value::String(name)) if !name.trim().is_empty() => name.trim().to_owned(),
        _ => {
            errors.add("name", "Имя не может быть пустым");
            String::new()
        }
    };
    let email = match patched.get("email") {
        None | Some(Value::Null) => None,
        Some(Value::String(email)) if email.is_empty() => None,
        Some(Value::String(email)) if is_email(email) => Some(email.clone()),
        Some(_) => {
            errors.add("email", "Некорректный адрес электронной почты");
            None
        }
    };
    errors.into_result()?;
    let now = clock::now(&mut *tx, &partner.tenant).await?;
    sqlx::query(
        "UPDATE cloudtips_receivers SET name = $1, email = $2, updated_at_ms = $3 WHERE tenant = $4 AND user_id = $5",
    )
    .bind(&name)
    .bind(&email)
    .bind(to_ms(now))
    .bind(&partner.tenant)
    .bind(&user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// `POST /api/receivers/{userId}/payout-method` with `{"payoutMethod": 0 | 1}`.
pub async fn set_payout_method(
    State(app): State<AppState>,
    partner: Partner,
    Path(user_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&body)?;
    let method = body
        .get("payoutmethod")
        .and_then(Value::as_i64)
        .filter(|method| (0..=1).contains(method))
        .ok_or_else(|| {
            CloudtipsError::invalid_field("payoutMethod", "Допустимые значения: 0 (мгновенный), 1 (накопление)")
        })?;
    let mut tx = app.db.begin().await?;
    find_in_scope(&mut *tx, &partner.tenant, &partner.username, &user_id)
        .await?
        .ok_or(CloudtipsError::NotFound(RECEIVER_NOT_FOUND))?;
    let now = clock::now(&mut *tx, &partner.tenant).await?;
    sqlx::query(
        "UPDATE cloudtips_receivers SET payout_method = $1, updated_at_ms = $2 WHERE tenant = $3 AND user_id = $4",
    )
    .bind(method)
    .bind(to_ms(now))
    .bind(&partner.tenant)
    .bind(&user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// `POST /api/receivers/{userId}/detach-agent`: the receiver leaves the partner's scope; its pages
/// stay, and a pending attach code of the partner's is void.
pub async fn detach_agent(State(app): State<AppState>, partner: Partner, Path(user_id): Path<String>) -> ApiResult {
    let mut tx = app.db.begin().await?;
    find_in_scope(&mut *tx, &partner.tenant, &partner.username, &user_id)
        .await?
        .ok_or(CloudtipsError::NotFound(RECEIVER_NOT_FOUND))?;
    let now = clock::now(&mut *tx, &partner.tenant).await?;
    sqlx::query("UPDATE cloudtips_receivers SET partner = NULL, updated_at_ms = $1 WHERE tenant = $2 AND user_id = $3")
        .bind(to_ms(now))
        .bind(&partner.tenant)
        .bind(&user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM cloudtips_attach_codes WHERE tenant = $1 AND user_id = $2 AND partner = $3")
        .bind(&partner.tenant)
        .bind(&user_id)
        .bind(&partner.username)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(succeed_empty())
}
