//! Receivers in the partner's scope: search (`GET /api/receivers`, also `/api/receivers/pages`; see
//! `search.rs` for its filters), one receiver, JSON-Patch edits, payout method and detaching from
//! the partner. Search results are oldest first.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use serde_json::json;

use crate::platform::bounded_patch::PatchBounds;
use crate::platform::context::RequestContext;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::cloudtips::api::binding::{self, PublicBase, Query};
use crate::vendors::cloudtips::api::patching;
use crate::vendors::cloudtips::store::attach_code;
use crate::vendors::cloudtips::store::card::{self, CardRow};
use crate::vendors::cloudtips::store::layout::{self, LayoutRow};
use crate::vendors::cloudtips::store::partner::Partner;
use crate::vendors::cloudtips::store::receiver::{self, Edit, ReceiverRow};
use crate::vendors::cloudtips::wire::error::{succeed, succeed_empty, ApiResult, CloudtipsError};
use crate::vendors::cloudtips::wire::paging::Page;
use crate::vendors::cloudtips::wire::receivers::{PayoutCode, Receiver, ReceiverProfile, ReceiverSearch};
use crate::vendors::cloudtips::wire::words::CloudtipsWords;

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
    Query(search): Query<ReceiverSearch>,
) -> ApiResult {
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
    let items = search
        .paging
        .page_of(&found)
        .map(|(receiver, pages)| {
            Receiver::of(
                receiver,
                pages,
                photo_url(&base, &partner.tenant, receiver),
                card_of.get(receiver.user_id.as_str()).copied(),
            )
        })
        .collect();
    Ok(succeed(Page {
        items,
        total_count: found.len(),
    }))
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
    Ok(succeed(Receiver::of(
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
    let patched = patching::apply(&document, &body, PatchBounds::from(&app.config.server))?;
    let profile: ReceiverProfile = binding::read(patched)?;
    let email = profile.email.filter(|email| !email.is_empty());
    let now = context.now(&mut *tx).await?;
    receiver::set_profile(
        &mut tx,
        Edit::by(&partner, &user_id, now),
        profile.name.trim(),
        email.as_deref(),
    )
    .await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// `POST /api/receivers/{userId}/payout-method` with `{"payoutMethod": 0 | 1}`.
pub async fn set_payout_method(
    State(app): State<AppState>,
    context: RequestContext,
    partner: Partner,
    Path(user_id): Path<String>,
    Body(PayoutCode { payout_method: method }, _): Body<PayoutCode, CloudtipsWords>,
) -> ApiResult {
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
