//! Bank and quick-payment terminals: `GET /orgs/{org}/terminals/{bank|quick-payments}`,
//! `…/{guid}` and `…/{guid}/transactions`, read only (terminals and transactions come from
//! fixtures).
//!
//! Choices where no page is stored: another kind segment is a 404; a terminal of the other kind
//! is a 404 under this one; terminals may be archived (`deleted_at`, `selection` as elsewhere);
//! transactions default to `order_by=registered_at_desc` (also `registered_at_asc`,
//! `created_at_{asc|desc}`), take `registered_at_from` / `registered_at_to` (inclusive), `status`
//! and `operation` (repeated or comma-separated), and `query` by any part of the purpose or the
//! card number.

use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;

use crate::state::AppState;
use crate::vendors::lifepos::api::access::{entity_guid, OneInOrg, OrgAccess};
use crate::vendors::lifepos::api::request::{Listing, Shown};
use crate::vendors::lifepos::store::lists::{self, ListSpec};
use crate::vendors::lifepos::store::terminals::{self, TerminalKind, TerminalRow, TransactionRow};
use crate::vendors::lifepos::wire::error::LifeposError;
use crate::vendors::lifepos::wire::lists::Page;
use crate::vendors::lifepos::wire::terminals::{Device, Transaction};

#[derive(Deserialize)]
pub struct KindPath {
    kind: String,
}

#[derive(Deserialize)]
pub struct TerminalPath {
    kind: String,
    guid: String,
}

fn kind_of(segment: &str) -> Result<(TerminalKind, &'static ListSpec), LifeposError> {
    match TerminalKind::from_segment(segment) {
        Some(TerminalKind::Bank) => Ok((TerminalKind::Bank, &terminals::BANK_LIST)),
        Some(TerminalKind::QuickPayments) => Ok((TerminalKind::QuickPayments, &terminals::QUICK_PAYMENTS_LIST)),
        None => Err(LifeposError::NotFound),
    }
}

pub async fn list_terminals(
    State(app): State<AppState>,
    access: OrgAccess,
    Path(path): Path<KindPath>,
    Listing(query): Listing,
) -> Result<Json<Page<Device>>, LifeposError> {
    let (_, spec) = kind_of(&path.kind)?;
    let page = lists::list::<TerminalRow>(&app, access.tenant(), &access.org_guid, spec, &query).await?;
    Ok(Json(page.page(|terminal| terminal.answer(page.presentation))))
}

pub async fn get_terminal(
    State(app): State<AppState>,
    read: OneInOrg,
    Path(path): Path<TerminalPath>,
    Shown(presentation): Shown,
) -> Result<Json<Device>, LifeposError> {
    let found: TerminalRow = read
        .fetch(&app, terminals::TERMINALS, terminals::TERMINAL_COLUMNS)
        .await?;
    let (kind, _) = kind_of(&path.kind)?;
    if found.kind() != Some(kind) {
        return Err(LifeposError::NotFound);
    }
    Ok(Json(found.answer(presentation)))
}

pub async fn list_transactions(
    State(app): State<AppState>,
    access: OrgAccess,
    Path(path): Path<TerminalPath>,
    Listing(query): Listing,
) -> Result<Json<Page<Transaction>>, LifeposError> {
    let (kind, _) = kind_of(&path.kind)?;
    let guid = entity_guid(&path.guid)?;
    let found = terminals::find_terminal(app.db.pool(), access.tenant(), &access.org_guid, &guid).await?;
    if found.and_then(|terminal| terminal.kind()) != Some(kind) {
        return Err(LifeposError::NotFound);
    }
    let page = lists::list_under::<TransactionRow>(
        &app,
        access.tenant(),
        &access.org_guid,
        &terminals::TRANSACTION_LIST,
        Some(&guid),
        &query,
    )
    .await?;
    Ok(Json(page.page(|transaction| transaction.answer(page.presentation))))
}
