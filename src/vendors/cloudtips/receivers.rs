//! Receivers in the partner's scope: search (`GET /api/receivers`, also `/api/receivers/pages`; see
//! `search.rs` for its filters), one receiver, JSON-Patch edits, payout method and detaching from
//! the partner. Search results are oldest first.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde_json::{json, Value};

use crate::platform::bounded_patch::PatchBounds;
use crate::platform::context::RequestContext;
use crate::platform::wire::FieldErrors;
use crate::state::AppState;
use crate::vendors::cloudtips::attach_code;
use crate::vendors::cloudtips::card::{self, CardRow};
use crate::vendors::cloudtips::error::{succeed, succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::jsonpatch;
use crate::vendors::cloudtips::layout::{self, LayoutRow};
use crate::vendors::cloudtips::partner::Partner;
use crate::vendors::cloudtips::receiver::{self, Edit, ReceiverRow};
use crate::vendors::cloudtips::request::{json_object, PublicBase};
use crate::vendors::cloudtips::search::parse_search;
use crate::vendors::cloudtips::wire::values::is_email;

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
    let receivers = receiver::all_in_scope(app.db.pool(), &partner).await?;
    let layouts = layout::in_scope(app.db.pool(), &partner.tenant, &partner.username).await?;
    let cards = card::defaults_in_scope(app.db.pool(), &partner.tenant, &partner.username).await?;
    let card_of: HashMap<&str, &CardRow> = cards.iter().map(|card| (card.user_id.as_str(), card)).collect();
    let mut by_receiver: HashMap<&str, Vec<&LayoutRow>> = HashMap::new();
    for page in &layouts {
        by_receiver.entry(page.user_id.as_str()).or_default().push(page);
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
    let items: Vec<Value> = search
        .page_of(&found)
        .map(|(receiver, pages)| {
            receiver::render(
                receiver,
                pages,
                photo_url(&base, &partner.tenant, receiver),
                card_of.get(receiver.user_id.as_str()).copied(),
            )
        })
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
    let found = receiver::find_in_scope(app.db.pool(), &partner, &user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)?;
    let layouts = layout::of_receiver(app.db.pool(), &partner.tenant, &user_id).await?;
    let pages: Vec<&LayoutRow> = layouts.iter().collect();
    let card = card::default_of(app.db.pool(), &partner.tenant, &user_id).await?;
    Ok(succeed(receiver::render(
        &found,
        &pages,
        photo_url(&base, &partner.tenant, &found),
        card.as_ref(),
    )))
}

/// `PATCH /api/receivers/{userId}`: `/Name` and `/Email`.
pub async fn patch_receiver(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Path(user_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    let found = receiver::find_in_scope(&mut *tx, &partner, &user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)?;
    let document = json!({ "name": found.name, "email": found.email });
    let patched = jsonpatch::apply(&document, &body, PatchBounds::from(&app.config.server))?;
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
        Some(Value::String(email)) if is_email(email) => Some(email.as_str()),
        Some(_) => {
            errors.add("email", "Некорректный адрес электронной почты");
            None
        }
    };
    errors.into_result()?;
    let now = context.now(&mut *tx).await?;
    receiver::set_profile(&mut tx, Edit::by(&partner, &user_id, now), &name, email).await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// The payout methods' codes: 0 instant, 1 accumulation.
pub const PAYOUT_CODES: std::ops::RangeInclusive<i64> = 0..=1;

/// `POST /api/receivers/{userId}/payout-method` with `{"payoutMethod": 0 | 1}`.
pub async fn set_payout_method(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Path(user_id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&body)?;
    let method = body
        .get("payoutmethod")
        .and_then(Value::as_i64)
        .filter(|method| PAYOUT_CODES.contains(method))
        .ok_or_else(|| {
            CloudtipsError::invalid_field("payoutMethod", "Допустимые значения: 0 (мгновенный), 1 (накопление)")
        })?;
    let mut tx = app.db.begin().await?;
    receiver::find_in_scope(&mut *tx, &partner, &user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)?;
    let now = context.now(&mut *tx).await?;
    receiver::set_payout_method(&mut tx, Edit::by(&partner, &user_id, now), method).await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// `POST /api/receivers/{userId}/detach-agent`: the receiver leaves the partner's scope; its pages
/// stay, and a pending attach code of the partner's is void.
pub async fn detach_agent(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Path(user_id): Path<String>,
) -> ApiResult {
    let mut tx = app.db.begin().await?;
    receiver::find_in_scope(&mut *tx, &partner, &user_id)
        .await?
        .ok_or(CloudtipsError::ReceiverNotFound)?;
    let now = context.now(&mut *tx).await?;
    receiver::detach(&mut tx, Edit::by(&partner, &user_id, now)).await?;
    attach_code::remove_partners(&mut tx, &partner, &user_id).await?;
    tx.commit().await?;
    Ok(succeed_empty())
}
