//! A sale's money documents (`GET /orgs/{org}/deals/sales/{guid}/docs/money`): `SalePayment`s
//! taken at the till and `SaleRefund`s given back against one payment (`for_payment`). A refund
//! grows its payment's refunded sums by one conditional statement ([`take_refund`]), so refunds
//! never exceed the payment, whatever runs at once; a CHECK constraint holds the same in the table.

use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::render::Time;
use crate::vendors::lifepos::wire::sale_answers::{DocumentRef, MoneyDocument};
use crate::vendors::lifepos::wire::sales::Money;

pub const TABLE: &str = "lifepos_money_docs";
pub const PAYMENT: &str = "SalePayment";
pub const REFUND: &str = "SaleRefund";
/// The most money documents one sale may have (its `docs/money` is one answer).
pub const MAX_PER_SALE: i64 = 200;

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct MoneyDocRow {
    pub guid: String,
    pub org_guid: String,
    pub sale_guid: String,
    pub type_of: String,
    pub sum_by_card: i64,
    pub sum_by_cash: i64,
    pub fiscal_document_guid: Option<String>,
    pub fiscal_registrar_guid: Option<String>,
    pub for_payment_guid: Option<String>,
    pub refunded_by_card: i64,
    pub refunded_by_cash: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

pub const COLUMNS: &str = "guid, org_guid, sale_guid, type_of, sum_by_card, sum_by_cash, fiscal_document_guid, \
     fiscal_registrar_guid, for_payment_guid, refunded_by_card, refunded_by_cash, created_at_ms, updated_at_ms";

impl MoneyDocRow {
    pub fn total(&self) -> i64 {
        self.sum_by_card.saturating_add(self.sum_by_cash)
    }

    /// As the API shows it: `guid`, `type_of`, `sale`, `total_sum`, `sum_by_card`, `sum_by_cash`,
    /// `fiscal_document` (the receipt printed for it), `for_payment` on a refund, the times.
    pub fn answer(&self) -> MoneyDocument {
        MoneyDocument {
            created_at: Time::at(self.created_at_ms),
            fiscal_document: DocumentRef::of(
                self.fiscal_document_guid.as_deref(),
                self.fiscal_registrar_guid.as_deref(),
            ),
            for_payment: (self.type_of == REFUND)
                .then(|| EntityRef::optional(self.for_payment_guid.as_deref(), PAYMENT)),
            guid: self.guid.clone(),
            organization: EntityRef::new(&self.org_guid, "Organization"),
            sale: EntityRef::new(&self.sale_guid, "Sale"),
            sum_by_card: Money::rub(self.sum_by_card),
            sum_by_cash: Money::rub(self.sum_by_cash),
            total_sum: Money::rub(self.total()),
            type_of: self.type_of.clone(),
            updated_at: Time::at(self.updated_at_ms),
        }
    }
}

pub async fn insert(tx: &mut Tx, tenant: &str, doc: &MoneyDocRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_money_docs (tenant, guid, org_guid, sale_guid, type_of, sum_by_card, sum_by_cash, \
         fiscal_document_guid, fiscal_registrar_guid, for_payment_guid, refunded_by_card, refunded_by_cash, \
         created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(tenant)
    .bind(&doc.guid)
    .bind(&doc.org_guid)
    .bind(&doc.sale_guid)
    .bind(&doc.type_of)
    .bind(doc.sum_by_card)
    .bind(doc.sum_by_cash)
    .bind(&doc.fiscal_document_guid)
    .bind(&doc.fiscal_registrar_guid)
    .bind(&doc.for_payment_guid)
    .bind(doc.refunded_by_card)
    .bind(doc.refunded_by_cash)
    .bind(doc.created_at_ms)
    .bind(doc.updated_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes `by_card` and `by_cash` off what the payment has left to refund, in one statement; false
/// (nothing changed) when it has not that much left, or is no payment of the tenant.
pub async fn take_refund(
    tx: &mut Tx,
    tenant: &str,
    payment: &str,
    by_card: i64,
    by_cash: i64,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let taken = sqlx::query(
        "UPDATE lifepos_money_docs SET refunded_by_card = refunded_by_card + $1, \
         refunded_by_cash = refunded_by_cash + $2, updated_at_ms = $3 \
         WHERE tenant = $4 AND guid = $5 AND type_of = 'SalePayment' \
         AND refunded_by_card + $1 <= sum_by_card AND refunded_by_cash + $2 <= sum_by_cash",
    )
    .bind(by_card)
    .bind(by_cash)
    .bind(now_ms)
    .bind(tenant)
    .bind(payment)
    .execute(&mut **tx)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// A sale's documents, oldest first.
pub async fn of_sale<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    sale: &str,
) -> Result<Vec<MoneyDocRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM {TABLE} WHERE tenant = $1 AND sale_guid = $2 ORDER BY created_at_ms, guid LIMIT $3"
    ))
    .bind(tenant)
    .bind(sale)
    .bind(MAX_PER_SALE)
    .fetch_all(executor)
    .await
}

pub async fn count_of_sale<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    sale: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM {TABLE} WHERE tenant = $1 AND sale_guid = $2"
    ))
    .bind(tenant)
    .bind(sale)
    .fetch_one(executor)
    .await
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    guid: &str,
) -> Result<Option<MoneyDocRow>, sqlx::Error> {
    crate::vendors::lifepos::store::find_in_tenant(executor, TABLE, COLUMNS, tenant, guid).await
}

/// Every money document of the tenant, oldest first, for the fixture export.
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<MoneyDocRow>, sqlx::Error> {
    crate::vendors::lifepos::store::all_of_tenant(executor, TABLE, COLUMNS, "created_at_ms, guid", tenant).await
}
