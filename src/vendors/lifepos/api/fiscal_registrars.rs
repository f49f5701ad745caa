//! Fiscal registrars and their documents, read only (they come from fixtures):
//! `GET /orgs/{org}/fiscal-registrars`, `…/{guid}`, `…/{guid}/docs`, `…/{guid}/docs/receipts`,
//! `…/{guid}/docs/receipts/{receipt}`.
//!
//! Choices where no page is stored: `*` in place of the registrar's guid (as public clients send
//! `…/fiscal-registrars/*/docs/receipts?guid=…`) means every registrar of the organization, under
//! `…/docs/receipts` and `…/docs/receipts/{receipt}`; a receipt is a document whose `fiscal_form`
//! is `Receipt` or `CorrectionReceipt` (another document is a 404 under `receipts`); documents
//! default to `order_by=issued_at_desc` (also `issued_at_asc`, `number_*`, `created_at_*`) and take
//! `issued_at_from` / `issued_at_to` (inclusive), `fiscal_form` and `fiscal_status` (repeated or
//! comma-separated), receipts also `guid` (repeated; each must be a guid); `query` matches any part
//! of the cashier's name; registrars may be archived (`selection` as elsewhere).

use axum::extract::{Path, State};
use axum::Json;
use serde::Deserialize;

use crate::state::AppState;
use crate::vendors::lifepos::api::access::{entity_guid, OneInOrg, OrgAccess};
use crate::vendors::lifepos::api::request::{Listing, Shown};
use crate::vendors::lifepos::store::fiscal_registrars::{self, DocumentRow, RegistrarRow};
use crate::vendors::lifepos::store::lists::{self, ListSpec};
use crate::vendors::lifepos::wire::error::LifeposError;
use crate::vendors::lifepos::wire::fiscal_registrars::FiscalDocument;
use crate::vendors::lifepos::wire::lists::Page;
use crate::vendors::lifepos::wire::terminals::Device;

/// The registrar `*`: every registrar of the organization.
pub const ANY_REGISTRAR: &str = "*";

#[derive(Deserialize)]
pub struct RegistrarPath {
    guid: String,
}

#[derive(Deserialize)]
pub struct ReceiptPath {
    guid: String,
    receipt: String,
}

pub async fn list_registrars(
    State(app): State<AppState>,
    access: OrgAccess,
    Listing(query): Listing,
) -> Result<Json<Page<Device>>, LifeposError> {
    let page = lists::list::<RegistrarRow>(
        &app,
        access.tenant(),
        &access.org_guid,
        &fiscal_registrars::REGISTRAR_LIST,
        &query,
    )
    .await?;
    Ok(Json(page.page(|registrar| registrar.answer(page.presentation))))
}

pub async fn get_registrar(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Device>, LifeposError> {
    let found: RegistrarRow = read
        .fetch(
            &app,
            fiscal_registrars::REGISTRARS,
            fiscal_registrars::REGISTRAR_COLUMNS,
        )
        .await?;
    Ok(Json(found.answer(presentation)))
}

/// The registrar a path names, checked to be the organization's; `None` for `*` when allowed.
async fn registrar_of(
    app: &AppState,
    access: &OrgAccess,
    raw: &str,
    any_allowed: bool,
) -> Result<Option<String>, LifeposError> {
    if any_allowed && raw == ANY_REGISTRAR {
        return Ok(None);
    }
    let guid = entity_guid(raw)?;
    fiscal_registrars::find_registrar(app.db.pool(), access.tenant(), &access.org_guid, &guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    Ok(Some(guid))
}

async fn list_documents_of(
    app: &AppState,
    access: &OrgAccess,
    registrar: Option<String>,
    spec: &ListSpec,
    query: &[(String, String)],
) -> Result<Json<Page<FiscalDocument>>, LifeposError> {
    let page = lists::list_under::<DocumentRow>(
        app,
        access.tenant(),
        &access.org_guid,
        spec,
        registrar.as_deref(),
        query,
    )
    .await?;
    Ok(Json(page.page(|document| document.answer(page.presentation))))
}

pub async fn list_documents(
    State(app): State<AppState>,
    access: OrgAccess,
    Path(path): Path<RegistrarPath>,
    Listing(query): Listing,
) -> Result<Json<Page<FiscalDocument>>, LifeposError> {
    let registrar = registrar_of(&app, &access, &path.guid, false).await?;
    list_documents_of(&app, &access, registrar, &fiscal_registrars::DOCUMENT_LIST, &query).await
}

pub async fn list_receipts(
    State(app): State<AppState>,
    access: OrgAccess,
    Path(path): Path<RegistrarPath>,
    Listing(query): Listing,
) -> Result<Json<Page<FiscalDocument>>, LifeposError> {
    let registrar = registrar_of(&app, &access, &path.guid, true).await?;
    list_documents_of(&app, &access, registrar, &fiscal_registrars::RECEIPT_LIST, &query).await
}

pub async fn get_receipt(
    State(app): State<AppState>,
    access: OrgAccess,
    Path(path): Path<ReceiptPath>,
    Shown(presentation): Shown,
) -> Result<Json<FiscalDocument>, LifeposError> {
    let registrar = registrar_of(&app, &access, &path.guid, true).await?;
    let guid = entity_guid(&path.receipt)?;
    let found = fiscal_registrars::find_document(app.db.pool(), access.tenant(), &access.org_guid, &guid)
        .await?
        .filter(|document| document.is_receipt())
        .filter(|document| {
            registrar
                .as_ref()
                .is_none_or(|registrar| *registrar == document.registrar_guid)
        })
        .ok_or(LifeposError::NotFound)?;
    Ok(Json(found.answer(presentation)))
}
