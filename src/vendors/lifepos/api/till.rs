//! The till: what happens at the cash desk, driven by a test through LIFE POS's own control routes
//! (`/_emulator/lifepos/…`, mounted by the registry with the control plane's token and tenant
//! rules; errors are the control plane's `{"error"}`):
//! - `POST sales/{guid}/payments` `{"by_card", "by_cash"}` (kopecks, together more than 0, at most
//!   what is left to pay) → 201 the `SalePayment`; the sale is `PartiallyPaid`, or `Paid` /
//!   `Completed` / `Shipped` (v4 `Closed`) once paid in full; the organization's first live fiscal
//!   registrar prints a `Receipt` (with `sources.print_view`; none when it has no registrar);
//! - `POST payments/{guid}/refunds` `{"by_card", "by_cash"}` (at most what the payment has left
//!   on each) → 201 the `SaleRefund` (`for_payment`) and a return receipt; the sale is
//!   `Refunded` (v4 `Returned`) once all it was paid is given back, `PartiallyRefunded` before;
//! - `POST fiscal-registrars/{guid}/shift` `{"action": "open" | "close"}` → 201 the
//!   `ShiftOpeningReport` (the next shift number) or `ShiftClosingReport` of the open shift.
//!
//! A cancelled sale, one paid in full, more than is left, a second open or a close with no shift
//! open: 409. An unknown sale, payment or registrar: 404. Each change is notified (`api::notify`)
//! as the API shows it. Receipts carry the open shift's number (null with none open: the till does
//! not open one by itself) and the sale's `opened_by` employee as cashier.

use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;

use crate::db::Tx;
use crate::platform::clock::{self, from_ms, rfc3339, to_ms};
use crate::platform::json_error::JsonError;
use crate::platform::tenant::tenant_of;
use crate::state::AppState;
use crate::vendors::lifepos::api::notify::Target;
use crate::vendors::lifepos::api::sales::notify_sale;
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::fiscal_registrars::{self, DocumentRow, RegistrarRow, REGISTRARS};
use crate::vendors::lifepos::store::money_docs::{self, MoneyDocRow, MAX_PER_SALE, PAYMENT, REFUND};
use crate::vendors::lifepos::store::sales::{self, SaleRow};
use crate::vendors::lifepos::store::{employees, till};
use crate::vendors::lifepos::wire::fiscal_registrars::FiscalDocument;
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::sale_answers::{MoneyDocument, SalePosition};
use crate::vendors::lifepos::wire::sales::{ShiftAction, ShiftChange, TillMoney};
use crate::vendors::lifepos::wire::till_refusals::TillRefusal;

/// The tenant a till call acts on (`X-Emulator-Tenant`), seeded on first use.
pub struct TillTenant(pub String);

impl FromRequestParts<AppState> for TillTenant {
    type Rejection = JsonError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        let tenant =
            tenant_of(&parts.headers, &parts.extensions).map_err(|err| JsonError::bad_request(err.to_string()))?;
        app.tenants.ensure(&app.db, &tenant).await?;
        Ok(TillTenant(tenant))
    }
}

fn read<T: DeserializeOwned>(body: &[u8]) -> Result<T, JsonError> {
    serde_json::from_slice(body).map_err(|err| JsonError::bad_request(format!("body: {err}")))
}

fn guid(raw: &str, what: &str) -> Result<String, JsonError> {
    uuid::Uuid::parse_str(raw)
        .map(|guid| guid.to_string())
        .map_err(|_| not_found(what, raw))
}

fn not_found(what: &str, guid: &str) -> JsonError {
    TillRefusal::NoSuch { what, guid }.error()
}

/// Card and cash, each 0 to the declared bound, together more than 0.
fn amounts(money: &TillMoney) -> Result<(i64, i64), JsonError> {
    let bound = crate::vendors::lifepos::wire::sales::MAX_KOPECKS;
    for (field, value) in [("by_card", money.by_card), ("by_cash", money.by_cash)] {
        if !(0..=bound).contains(&value) {
            return Err(JsonError::bad_field(
                field,
                format!("{field} must be 0 to {bound} kopecks"),
            ));
        }
    }
    if money.by_card + money.by_cash == 0 {
        return Err(TillRefusal::NothingGiven.error());
    }
    Ok((money.by_card, money.by_cash))
}

/// Kopecks as a receipt prints them: `1234.50`.
fn roubles(kopecks: i64) -> String {
    format!("{}.{:02}", kopecks / 100, (kopecks % 100).abs())
}

/// What a receipt prints.
struct Printed<'a> {
    sale: &'a SaleRow,
    /// `ПРИХОД` or `ВОЗВРАТ ПРИХОДА`.
    operation: &'a str,
    by_card: i64,
    by_cash: i64,
}

/// A receipt on the organization's first live registrar (none without one), numbered next.
async fn print_receipt(
    tx: &mut Tx,
    tenant: &str,
    printed: Printed<'_>,
    now: i64,
) -> Result<Option<DocumentRow>, JsonError> {
    let sale = printed.sale;
    let Some(registrar) = till::first_registrar(&mut **tx, tenant, &sale.org_guid).await? else {
        return Ok(None);
    };
    store::lock_for_change(tx, REGISTRARS, tenant, &registrar.guid).await?;
    let number = till::next_document_number(tx, tenant, &registrar.guid).await?;
    let shift = till::shifts(tx, tenant, &registrar.guid).await?.open;
    let cashier = match &sale.opened_by_guid {
        Some(employee) => employees::find(&mut **tx, tenant, &sale.org_guid, employee)
            .await?
            .map(|employee| employee.name),
        None => None,
    };
    let total = printed.by_card + printed.by_cash;
    let print_view = print_view(&registrar, &printed, number, shift, cashier.as_deref(), now);
    let document = DocumentRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: sale.org_guid.clone(),
        registrar_guid: registrar.guid.clone(),
        fiscal_form: "Receipt".to_owned(),
        fiscal_status: "Printed".to_owned(),
        number,
        shift_number: shift,
        cashier,
        sale_guid: Some(sale.guid.clone()),
        total_sum: Some(total),
        ofd_url: None,
        issued_at_ms: now,
        created_at_ms: now,
        updated_at_ms: now,
        print_view: Some(print_view),
    };
    fiscal_registrars::insert_document(tx, tenant, &document).await?;
    Ok(Some(document))
}

fn print_view(
    registrar: &RegistrarRow,
    printed: &Printed<'_>,
    number: i64,
    shift: Option<i64>,
    cashier: Option<&str>,
    now: i64,
) -> String {
    let mut lines = vec![
        registrar.name.clone(),
        format!("ЗН ККТ {}", registrar.serial_number.as_deref().unwrap_or("—")),
        format!("КАССОВЫЙ ЧЕК: {}", printed.operation),
        format!("Продажа № {}", printed.sale.number),
    ];
    for position in SalePosition::read_stored(&printed.sale.positions) {
        let total = position.total_sum.map_or(0, |total| total.value);
        lines.push(position.name.clone());
        lines.push(format!(
            "  {} x {} = {}",
            position.quantity,
            roubles(position.sale_price.value),
            roubles(total)
        ));
    }
    lines.push(format!("ИТОГ: {}", roubles(printed.by_card + printed.by_cash)));
    lines.push(format!("БЕЗНАЛИЧНЫМИ: {}", roubles(printed.by_card)));
    lines.push(format!("НАЛИЧНЫМИ: {}", roubles(printed.by_cash)));
    if let Some(cashier) = cashier {
        lines.push(format!("Кассир: {cashier}"));
    }
    lines.push(format!(
        "Смена № {}, ФД № {number}",
        shift.map_or_else(|| "—".to_owned(), |shift| shift.to_string())
    ));
    lines.push(rfc3339(from_ms(now)));
    lines.join("\n")
}

/// The receipt as the API shows it, and its notification.
async fn notify_receipt(
    tx: &mut Tx,
    app: &AppState,
    target: Option<&Target>,
    receipt: Option<&DocumentRow>,
    subject: &str,
) -> Result<(), sqlx::Error> {
    if let (Some(target), Some(receipt)) = (target, receipt) {
        let body = receipt.answer(Presentation::Full);
        target.send(tx, app, "FiscalDocumentReceipt", subject, &body).await?;
    }
    Ok(())
}

pub async fn pay(
    State(app): State<AppState>,
    TillTenant(tenant): TillTenant,
    Path(sale_guid): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<MoneyDocument>), JsonError> {
    let (by_card, by_cash) = amounts(&read::<TillMoney>(&body)?)?;
    let sale_guid = guid(&sale_guid, "sale")?;
    let mut tx = app.db.begin().await?;
    store::lock_for_change(&mut tx, sales::TABLE, &tenant, &sale_guid).await?;
    let mut sale = sales::find_in_tenant(&mut *tx, &tenant, &sale_guid)
        .await?
        .ok_or_else(|| not_found("sale", &sale_guid))?;
    if sale.state == "Cancelled" {
        return Err(TillRefusal::SaleIs("cancelled").error());
    }
    if !["NotPaid", "PartiallyPaid"].contains(&sale.payment_status.as_str()) {
        return Err(TillRefusal::SaleIs(&sale.payment_status).error());
    }
    let left = sale.total_sum.saturating_sub(sale.paid_sum);
    if by_card + by_cash > left {
        return Err(TillRefusal::MoreThanLeftToPay(left).error());
    }
    if money_docs::count_of_sale(&mut *tx, &tenant, &sale_guid).await? >= MAX_PER_SALE {
        return Err(TillRefusal::TooManyDocuments(MAX_PER_SALE).error());
    }
    let now = to_ms(clock::now(&mut *tx, &tenant).await?);
    let printed = Printed {
        sale: &sale,
        operation: "ПРИХОД",
        by_card,
        by_cash,
    };
    let receipt = print_receipt(&mut tx, &tenant, printed, now).await?;
    let payment = MoneyDocRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: sale.org_guid.clone(),
        sale_guid: sale.guid.clone(),
        type_of: PAYMENT.to_owned(),
        sum_by_card: by_card,
        sum_by_cash: by_cash,
        fiscal_document_guid: receipt.as_ref().map(|receipt| receipt.guid.clone()),
        fiscal_registrar_guid: receipt.as_ref().map(|receipt| receipt.registrar_guid.clone()),
        for_payment_guid: None,
        refunded_by_card: 0,
        refunded_by_cash: 0,
        created_at_ms: now,
        updated_at_ms: now,
    };
    money_docs::insert(&mut tx, &tenant, &payment).await?;
    sale.paid_sum += by_card + by_cash;
    if sale.paid_sum >= sale.total_sum {
        sale.payment_status = "Paid".to_owned();
        sale.state = "Completed".to_owned();
        sale.shipping_status = "Shipped".to_owned();
        sale.closed_at_ms = Some(now);
    } else {
        sale.payment_status = "PartiallyPaid".to_owned();
        sale.state = "InProgress".to_owned();
    }
    if let Some(receipt) = &receipt {
        sale.fiscal_document_guid = Some(receipt.guid.clone());
        sale.fiscal_registrar_guid = Some(receipt.registrar_guid.clone());
    }
    sale.updated_at_ms = now;
    sales::update(&mut tx, &tenant, &sale).await?;
    let answer = payment.answer();
    let target = Target::of(&mut tx, &tenant, &sale.org_guid, now).await?;
    if let Some(target) = &target {
        target.send(&mut tx, &app, PAYMENT, &sale.guid, &answer).await?;
    }
    notify_receipt(&mut tx, &app, target.as_ref(), receipt.as_ref(), &sale.guid).await?;
    notify_sale(&mut tx, &app, &tenant, &sale, now).await?;
    tx.commit().await?;
    app.deliveries.wake();
    Ok((StatusCode::CREATED, Json(answer)))
}

pub async fn refund(
    State(app): State<AppState>,
    TillTenant(tenant): TillTenant,
    Path(payment_guid): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<MoneyDocument>), JsonError> {
    let (by_card, by_cash) = amounts(&read::<TillMoney>(&body)?)?;
    let payment_guid = guid(&payment_guid, "payment")?;
    let mut tx = app.db.begin().await?;
    let payment = money_docs::find(&mut *tx, &tenant, &payment_guid)
        .await?
        .filter(|doc| doc.type_of == PAYMENT)
        .ok_or_else(|| not_found("payment", &payment_guid))?;
    store::lock_for_change(&mut tx, sales::TABLE, &tenant, &payment.sale_guid).await?;
    let mut sale = sales::find_in_tenant(&mut *tx, &tenant, &payment.sale_guid)
        .await?
        .ok_or_else(|| not_found("sale", &payment.sale_guid))?;
    if money_docs::count_of_sale(&mut *tx, &tenant, &sale.guid).await? >= MAX_PER_SALE {
        return Err(TillRefusal::TooManyDocuments(MAX_PER_SALE).error());
    }
    let now = to_ms(clock::now(&mut *tx, &tenant).await?);
    if !money_docs::take_refund(&mut tx, &tenant, &payment.guid, by_card, by_cash, now).await? {
        return Err(TillRefusal::MoreThanRefundable {
            by_card: payment.sum_by_card - payment.refunded_by_card,
            by_cash: payment.sum_by_cash - payment.refunded_by_cash,
        }
        .error());
    }
    let printed = Printed {
        sale: &sale,
        operation: "ВОЗВРАТ ПРИХОДА",
        by_card,
        by_cash,
    };
    let receipt = print_receipt(&mut tx, &tenant, printed, now).await?;
    let refund = MoneyDocRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: sale.org_guid.clone(),
        sale_guid: sale.guid.clone(),
        type_of: REFUND.to_owned(),
        sum_by_card: by_card,
        sum_by_cash: by_cash,
        fiscal_document_guid: receipt.as_ref().map(|receipt| receipt.guid.clone()),
        fiscal_registrar_guid: receipt.as_ref().map(|receipt| receipt.registrar_guid.clone()),
        for_payment_guid: Some(payment.guid.clone()),
        refunded_by_card: 0,
        refunded_by_cash: 0,
        created_at_ms: now,
        updated_at_ms: now,
    };
    money_docs::insert(&mut tx, &tenant, &refund).await?;
    sale.refunded_sum += by_card + by_cash;
    let fully = sale.refunded_sum >= sale.paid_sum && sale.paid_sum >= sale.total_sum;
    sale.payment_status = if fully { "Refunded" } else { "PartiallyRefunded" }.to_owned();
    if sale.shipping_status == "Shipped" || sale.shipping_status == "PartiallyRefunded" {
        sale.shipping_status = sale.payment_status.clone();
    }
    sale.updated_at_ms = now;
    sales::update(&mut tx, &tenant, &sale).await?;
    let answer = refund.answer();
    let target = Target::of(&mut tx, &tenant, &sale.org_guid, now).await?;
    if let Some(target) = &target {
        target.send(&mut tx, &app, REFUND, &sale.guid, &answer).await?;
    }
    notify_receipt(&mut tx, &app, target.as_ref(), receipt.as_ref(), &sale.guid).await?;
    notify_sale(&mut tx, &app, &tenant, &sale, now).await?;
    tx.commit().await?;
    app.deliveries.wake();
    Ok((StatusCode::CREATED, Json(answer)))
}

pub async fn shift(
    State(app): State<AppState>,
    TillTenant(tenant): TillTenant,
    Path(registrar_guid): Path<String>,
    body: Bytes,
) -> Result<(StatusCode, Json<FiscalDocument>), JsonError> {
    let change: ShiftChange = read(&body)?;
    let registrar_guid = guid(&registrar_guid, "fiscal registrar")?;
    let mut tx = app.db.begin().await?;
    store::lock_for_change(&mut tx, REGISTRARS, &tenant, &registrar_guid).await?;
    let registrar = till::registrar(&mut *tx, &tenant, &registrar_guid)
        .await?
        .ok_or_else(|| not_found("fiscal registrar", &registrar_guid))?;
    let shifts = till::shifts(&mut tx, &tenant, &registrar.guid).await?;
    let (form, shift) = match (change.action, shifts.open) {
        (ShiftAction::Open, Some(open)) => return Err(TillRefusal::ShiftOpen(open).error()),
        (ShiftAction::Open, None) => ("ShiftOpeningReport", shifts.largest + 1),
        (ShiftAction::Close, Some(open)) => ("ShiftClosingReport", open),
        (ShiftAction::Close, None) => return Err(TillRefusal::NoShiftOpen.error()),
    };
    let now = to_ms(clock::now(&mut *tx, &tenant).await?);
    let document = DocumentRow {
        guid: uuid::Uuid::new_v4().to_string(),
        org_guid: registrar.org_guid.clone(),
        registrar_guid: registrar.guid.clone(),
        fiscal_form: form.to_owned(),
        fiscal_status: "Printed".to_owned(),
        number: till::next_document_number(&mut tx, &tenant, &registrar.guid).await?,
        shift_number: Some(shift),
        cashier: None,
        sale_guid: None,
        total_sum: None,
        ofd_url: None,
        issued_at_ms: now,
        created_at_ms: now,
        updated_at_ms: now,
        print_view: None,
    };
    fiscal_registrars::insert_document(&mut tx, &tenant, &document).await?;
    let answer = document.answer(Presentation::Full);
    if let Some(target) = Target::of(&mut tx, &tenant, &registrar.org_guid, now).await? {
        let type_of = format!("FiscalDocument{form}");
        target.send(&mut tx, &app, &type_of, &registrar.guid, &answer).await?;
    }
    tx.commit().await?;
    app.deliveries.wake();
    Ok((StatusCode::CREATED, Json(answer)))
}
