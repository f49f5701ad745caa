//! Sales (`GET /orgs/{org}/deals/sales`, `GET …/{guid}`), read only: sales come from fixtures
//! (and a fixture load adds one while the emulator runs, see `fixtures`).
//!
//! Choices where no page is stored: the list's default order is `opened_at_desc` (newest first)
//! and it also takes `order_by={created_at|updated_at}_{asc|desc}`; `opened_at_from` /
//! `opened_at_to` are inclusive bounds read like `created_from`; `state`, `payment_status` and
//! `shipping_status` narrow it (repeated or comma-separated); `query` matches any part of the
//! number; sales are never archived (`selection=archived_only` is empty).

use axum::extract::State;
use axum::Json;
use serde_json::Value;

use crate::state::AppState;
use crate::vendors::lifepos::api::access::{OneInOrg, OrgAccess};
use crate::vendors::lifepos::api::request::{Listing, Shown};
use crate::vendors::lifepos::store::lists;
use crate::vendors::lifepos::store::sales::{self, SaleRow};
use crate::vendors::lifepos::wire::error::LifeposError;

pub async fn list_sales(
    State(app): State<AppState>,
    access: OrgAccess,
    Listing(query): Listing,
) -> Result<Json<Value>, LifeposError> {
    let page = lists::list::<SaleRow>(&app, access.tenant(), &access.org_guid, &sales::LIST, &query).await?;
    Ok(Json(page.envelope(|sale| sale.to_json(page.presentation))))
}

pub async fn get_sale(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Value>, LifeposError> {
    let found: SaleRow = read.fetch(&app, sales::TABLE, sales::COLUMNS).await?;
    Ok(Json(found.to_json(presentation)))
}
