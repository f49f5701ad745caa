//! Sales (`/orgs/{org}/deals/sales`): list, read, create (`POST`, 201), change (`PATCH`, RFC 6902,
//! 204), and a sale's money documents (`…/{guid}/docs/money`). A sale is paid and refunded at the
//! till (`api::till`, the emulator's own control routes).
//!
//! Choices where no page is stored: the list's default order is `opened_at_desc` (newest first)
//! and it also takes `order_by={created_at|updated_at}_{asc|desc}`; `opened_at_from` /
//! `opened_at_to` are inclusive bounds read like `created_from`; `status` (v4), `state`,
//! `payment_status` and `shipping_status` narrow it (repeated or comma-separated); `query` matches
//! any part of the number; sales are never archived (`selection=archived_only` is empty).
//!
//! A new sale is `New` / `NotPaid` / `NotShipped` (v4 `Opened`). Only such a sale changes: a
//! PATCH of a paid, refunded or cancelled one is a 422 `OperationCannotBePerformed` (one that
//! changes nothing is a 204 whatever the sale's state); `status: Canceled` cancels it (`state`
//! `Cancelled`, `closed_at` now). A sale number taken in the organization is a 422 `NotUnique`.
//! Every change is notified (`api::notify`) as a `Sale`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use crate::db::Tx;
use crate::platform::clock::to_ms;
use crate::platform::wire;
use crate::platform::wire::Body;
use crate::state::AppState;
use crate::vendors::lifepos::api::access::{entity_guid, OneInOrg, OrgAccess};
use crate::vendors::lifepos::api::notify::Target;
use crate::vendors::lifepos::api::patch;
use crate::vendors::lifepos::api::request::{Listing, Shown};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists;
use crate::vendors::lifepos::store::money_docs;
use crate::vendors::lifepos::store::sales::{self, SaleRow};
use crate::vendors::lifepos::store::{employees, outlets, workplaces};
use crate::vendors::lifepos::wire::error::{FieldErrors, LifeposError};
use crate::vendors::lifepos::wire::lists::{Page, Presentation, LIST_TYPE};
use crate::vendors::lifepos::wire::members::Reference;
use crate::vendors::lifepos::wire::render::to_value;
use crate::vendors::lifepos::wire::sale_answers::{MoneyDocument, Sale};
use crate::vendors::lifepos::wire::sales::{NewSale, Position, SaleChange, SalePatch, SaleStatus};
use crate::vendors::lifepos::wire::words::{
    LifeposWords, NOT_A_TIME, NO_SUCH_EMPLOYEE, NO_SUCH_OUTLET, NO_SUCH_WORKPLACE, STATUS_NOT_SETTABLE, WORDS,
};

/// Attempts at a create whose next free number a concurrent one took.
const ATTEMPTS: usize = 5;

pub async fn list_sales(
    State(app): State<AppState>,
    access: OrgAccess,
    Listing(query): Listing,
) -> Result<Json<Page<Sale>>, LifeposError> {
    let page = lists::list::<SaleRow>(&app, access.tenant(), &access.org_guid, &sales::LIST, &query).await?;
    Ok(Json(page.page(|sale| sale.answer(page.presentation))))
}

pub async fn get_sale(
    State(app): State<AppState>,
    read: OneInOrg,
    Shown(presentation): Shown,
) -> Result<Json<Sale>, LifeposError> {
    let found: SaleRow = read.fetch(&app, sales::TABLE, sales::COLUMNS).await?;
    Ok(Json(found.answer(presentation)))
}

/// `opened_at` as a client sends it: RFC 3339, or `YYYY-MM-DD HH:MM:SS` read as UTC.
fn opened_at(text: &str) -> Result<i64, LifeposError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| to_ms(at.with_timezone(&Utc)))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").map(|at| to_ms(at.and_utc())))
        .map_err(|_| LifeposError::invalid_field("opened_at", NOT_A_TIME))
}

/// The organization's outlet, workplace and employee a sale names; a 422 naming the first that is
/// not the organization's.
async fn check_references(
    tx: &mut Tx,
    access: &OrgAccess,
    outlet: Option<&Reference>,
    workplace: Option<&Reference>,
    opened_by: Option<&Reference>,
) -> Result<(), LifeposError> {
    let (tenant, org) = (access.tenant(), access.org_guid.as_str());
    if let Some(outlet) = outlet {
        outlets::find(&mut **tx, tenant, org, &outlet.guid())
            .await?
            .ok_or_else(|| LifeposError::invalid_field("outlet", NO_SUCH_OUTLET))?;
    }
    if let Some(workplace) = workplace {
        workplaces::find(&mut **tx, tenant, org, &workplace.guid())
            .await?
            .ok_or_else(|| LifeposError::invalid_field("workplace", NO_SUCH_WORKPLACE))?;
    }
    if let Some(employee) = opened_by {
        employees::find(&mut **tx, tenant, org, &employee.guid())
            .await?
            .ok_or_else(|| LifeposError::invalid_field("opened_by", NO_SUCH_EMPLOYEE))?;
    }
    Ok(())
}

/// The positions with their totals, as stored, and their sum.
fn settled(positions: Vec<Position>) -> (String, i64) {
    let positions: Vec<Position> = positions.into_iter().map(Position::settled).collect();
    let sum = positions
        .iter()
        .map(|position| position.total_sum.map_or(0, |total| total.value))
        .fold(0, i64::saturating_add);
    (
        serde_json::to_string(&positions).unwrap_or_else(|_| "[]".to_owned()),
        sum,
    )
}

pub async fn create_sale(
    State(app): State<AppState>,
    access: OrgAccess,
    Body(new, _): Body<NewSale, LifeposWords>,
) -> Result<Response, LifeposError> {
    let (positions, positions_sum) = settled(new.positions);
    let total_sum = new.total_sum.map_or(positions_sum, |total| total.value);
    let given_opened_at = new.opened_at.as_deref().map(opened_at).transpose()?;
    for _ in 0..ATTEMPTS {
        let mut tx = app.db.begin().await?;
        let now = to_ms(access.context.now(&mut *tx).await?);
        check_references(
            &mut tx,
            &access,
            Some(&new.outlet),
            new.workplace.as_ref(),
            new.opened_by.as_ref(),
        )
        .await?;
        let number = match &new.number {
            Some(number) => number.text(),
            None => sales::next_number(&mut tx, access.tenant(), &access.org_guid)
                .await?
                .to_string(),
        };
        let sale = SaleRow {
            guid: uuid::Uuid::new_v4().to_string(),
            org_guid: access.org_guid.clone(),
            number,
            state: "New".to_owned(),
            payment_status: "NotPaid".to_owned(),
            shipping_status: "NotShipped".to_owned(),
            opened_at_ms: given_opened_at.unwrap_or(now),
            closed_at_ms: None,
            total_sum,
            positions: positions.clone(),
            outlet_guid: Some(new.outlet.guid()),
            workplace_guid: new.workplace.as_ref().map(Reference::guid),
            opened_by_guid: new.opened_by.as_ref().map(Reference::guid),
            fiscal_document_guid: None,
            fiscal_registrar_guid: None,
            created_at_ms: now,
            updated_at_ms: now,
            paid_sum: 0,
            refunded_sum: 0,
        };
        match sales::insert(&mut tx, access.tenant(), &sale).await {
            Ok(()) => {}
            // A concurrent create took the number we picked: pick again.
            Err(err) if sales::NUMBER_INDEX.violated_by(&err) && new.number.is_none() => continue,
            Err(err) if sales::NUMBER_INDEX.violated_by(&err) => return Err(LifeposError::not_unique("number")),
            Err(err) => return Err(err.into()),
        }
        let body = sale.answer(Presentation::Full);
        notify_sale(&mut tx, &app, access.tenant(), &sale, now).await?;
        tx.commit().await?;
        app.deliveries.wake();
        return Ok((StatusCode::CREATED, Json(body)).into_response());
    }
    Err(LifeposError::InternalServerError)
}

/// A `Sale` notification of the sale as it is now.
pub async fn notify_sale(
    tx: &mut Tx,
    app: &AppState,
    tenant: &str,
    sale: &SaleRow,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    if let Some(target) = Target::of(tx, tenant, &sale.org_guid, now_ms).await? {
        let body = sale.answer(Presentation::Full);
        target.send(tx, app, body.type_of, &sale.guid, &body).await?;
    }
    Ok(())
}

/// What GET shows of a sale that a PATCH may not change.
const READ_ONLY: [&str; 10] = [
    "guid",
    "type_of",
    "state",
    "payment_status",
    "shipping_status",
    "closed_at",
    "fiscal_document",
    "organization",
    "created_at",
    "updated_at",
];

pub async fn patch_sale(
    State(app): State<AppState>,
    access: OrgAccess,
    Path((_org, guid)): Path<(String, String)>,
    Body(SalePatch(operations), _): Body<SalePatch, LifeposWords>,
) -> Result<StatusCode, LifeposError> {
    let operations = patch::Operations::new(operations, &app.config.server)?;
    let guid = entity_guid(&guid)?;
    let mut tx = app.db.begin().await?;
    store::lock_for_change(&mut tx, sales::TABLE, access.tenant(), &guid).await?;
    let mut sale = sales::find(&mut *tx, access.tenant(), &access.org_guid, &guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    let now = to_ms(access.context.now(&mut *tx).await?);
    let before = to_value(&sale.answer(Presentation::Full));
    let patched = operations.apply(&before, &READ_ONLY)?;
    if Value::Object(patched.clone()) == before {
        return Ok(StatusCode::NO_CONTENT);
    }
    if sale.status() != SaleStatus::Opened || sale.payment_status != "NotPaid" {
        return Err(LifeposError::OperationCannotBePerformed);
    }
    let change: SaleChange = wire::read(Value::Object(patched), &WORDS).map_err(FieldErrors::from)?;
    let cancel = match change.status {
        SaleStatus::Opened => false,
        SaleStatus::Canceled => true,
        SaleStatus::Closed | SaleStatus::Returned => {
            return Err(LifeposError::invalid_field("status", STATUS_NOT_SETTABLE))
        }
    };
    check_references(
        &mut tx,
        &access,
        change.outlet.as_ref(),
        change.workplace.as_ref(),
        change.opened_by.as_ref(),
    )
    .await?;
    let (positions, _) = settled(change.positions);
    sale.number = change.number.text();
    sale.opened_at_ms = opened_at(&change.opened_at)?;
    sale.total_sum = change.total_sum.value;
    sale.positions = positions;
    sale.outlet_guid = change.outlet.as_ref().map(Reference::guid);
    sale.workplace_guid = change.workplace.as_ref().map(Reference::guid);
    sale.opened_by_guid = change.opened_by.as_ref().map(Reference::guid);
    if cancel {
        sale.state = "Cancelled".to_owned();
        sale.closed_at_ms = Some(now);
    }
    sale.updated_at_ms = now;
    match sales::update(&mut tx, access.tenant(), &sale).await {
        Err(err) if sales::NUMBER_INDEX.violated_by(&err) => return Err(LifeposError::not_unique("number")),
        other => other?,
    }
    notify_sale(&mut tx, &app, access.tenant(), &sale, now).await?;
    tx.commit().await?;
    app.deliveries.wake();
    Ok(StatusCode::NO_CONTENT)
}

/// `GET …/deals/sales/{guid}/docs/money`: the sale's payments and refunds, oldest first, in the
/// list envelope (one page: a sale holds at most `money_docs::MAX_PER_SALE`).
pub async fn list_money_docs(
    State(app): State<AppState>,
    access: OrgAccess,
    Path((_org, guid)): Path<(String, String)>,
) -> Result<Json<Page<MoneyDocument>>, LifeposError> {
    let guid = entity_guid(&guid)?;
    let pool = app.db.pool();
    sales::find(pool, access.tenant(), &access.org_guid, &guid)
        .await?
        .ok_or(LifeposError::NotFound)?;
    let items: Vec<MoneyDocument> = money_docs::of_sale(pool, access.tenant(), &guid)
        .await?
        .iter()
        .map(money_docs::MoneyDocRow::answer)
        .collect();
    let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
    Ok(Json(Page {
        items,
        items_per_page: count.max(1),
        items_total: count,
        next_page_token: None,
        page_number: 1,
        pages_total: 1,
        type_of: LIST_TYPE,
    }))
}
