//! The sale (`GET /orgs/{org}/deals/sales`): its statuses (the enums of the v6 guide's page
//! "Знакомство с LIFE POS API", listed in docs/vendors/lifepos.md, and the v4 `status` a public PHP
//! client reads), stored row and its answer (`wire::sale_answers::Sale`). Money is in kopecks;
//! `positions` are stored as the JSON array they were sent as (or a fixture gave).
//!
//! Every answer carries both shapes, under every prefix: the v4 `status` (`Opened`, `Closed`,
//! `Canceled`, `Returned`) follows from the v6 `state` and `payment_status` ([`v4_status`]) and is
//! kept beside them for `?status=`.

use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists::{
    like_pattern, FilterKind, FilterSpec, ListSpec, Listed, SortColumn, SortValue,
};
use crate::vendors::lifepos::store::orgs;
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::render::{full, Stamps, Time};
use crate::vendors::lifepos::wire::sale_answers::{DocumentRef, Sale, SalePosition};
use crate::vendors::lifepos::wire::sales::{Money, SaleStatus};

pub const STATES: &[&str] = &["New", "InProgress", "Completed", "Cancelled"];
pub const PAYMENT_STATUSES: &[&str] = &["NotPaid", "Paid", "PartiallyPaid", "Refunded", "PartiallyRefunded"];
pub const SHIPPING_STATUSES: &[&str] = &[
    "NotShipped",
    "Shipped",
    "PartiallyShipped",
    "Refunded",
    "PartiallyRefunded",
];
/// The longest sale number.
pub const MAX_NUMBER_LEN: usize = 32;

pub const TABLE: &str = "lifepos_sales";

/// A row of `lifepos_sales`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SaleRow {
    pub guid: String,
    pub org_guid: String,
    pub number: String,
    pub state: String,
    pub payment_status: String,
    pub shipping_status: String,
    pub opened_at_ms: i64,
    pub closed_at_ms: Option<i64>,
    pub total_sum: i64,
    /// A JSON array of positions as the API shows them.
    pub positions: String,
    pub outlet_guid: Option<String>,
    pub workplace_guid: Option<String>,
    pub opened_by_guid: Option<String>,
    pub fiscal_document_guid: Option<String>,
    pub fiscal_registrar_guid: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// Taken at the till and given back, in kopecks.
    pub paid_sum: i64,
    pub refunded_sum: i64,
}

pub const COLUMNS: &str = "guid, org_guid, number, state, payment_status, shipping_status, opened_at_ms, \
     closed_at_ms, total_sum, positions, outlet_guid, workplace_guid, opened_by_guid, fiscal_document_guid, \
     fiscal_registrar_guid, created_at_ms, updated_at_ms, paid_sum, refunded_sum";

/// The v4 status a sale's v6 state and payment status come to.
pub fn v4_status(state: &str, payment_status: &str) -> SaleStatus {
    match (state, payment_status) {
        ("Cancelled", _) => SaleStatus::Canceled,
        (_, "Refunded") => SaleStatus::Returned,
        ("Completed", _) => SaleStatus::Closed,
        _ => SaleStatus::Opened,
    }
}

/// The numeric value of a sale number that is all digits, 0 otherwise.
pub fn number_value(number: &str) -> i64 {
    if number.bytes().all(|b| b.is_ascii_digit()) {
        number.parse().unwrap_or(0)
    } else {
        0
    }
}

impl SaleRow {
    pub fn status(&self) -> SaleStatus {
        v4_status(&self.state, &self.payment_status)
    }

    /// The sale as the API shows it; `compact` is guid, number, the three statuses, `opened_at`
    /// and `total_sum`.
    pub fn answer(&self, presentation: Presentation) -> Sale {
        let stamps = Stamps::of(presentation, &self.org_guid, self.created_at_ms, self.updated_at_ms);
        let reference = |guid: &Option<String>, type_of| EntityRef::optional(guid.as_deref(), type_of);
        Sale {
            closed_at: full(presentation, || Time::optional(self.closed_at_ms)),
            created_at: stamps.created_at,
            fiscal_document: full(presentation, || {
                DocumentRef::of(
                    self.fiscal_document_guid.as_deref(),
                    self.fiscal_registrar_guid.as_deref(),
                )
            }),
            guid: self.guid.clone(),
            number: self.number.clone(),
            opened_at: Time::at(self.opened_at_ms),
            opened_by: full(presentation, || reference(&self.opened_by_guid, "Employee")),
            organization: stamps.organization,
            outlet: full(presentation, || reference(&self.outlet_guid, "Outlet")),
            payment_status: self.payment_status.clone(),
            positions: full(presentation, || SalePosition::read_stored(&self.positions)),
            shipping_status: self.shipping_status.clone(),
            state: self.state.clone(),
            status: self.status(),
            total_sum: Money::rub(self.total_sum),
            type_of: "Sale",
            updated_at: stamps.updated_at,
            workplace: full(presentation, || reference(&self.workplace_guid, "Workplace")),
        }
    }
}

impl Listed for SaleRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        match column {
            "created_at" => SortValue::Int(self.created_at_ms),
            "updated_at" => SortValue::Int(self.updated_at_ms),
            _ => SortValue::Int(self.opened_at_ms),
        }
    }
}

pub const LIST: ListSpec = ListSpec {
    kind: "sales",
    table: TABLE,
    scope: "org_guid",
    columns: COLUMNS,
    orders: &[
        SortColumn {
            name: "opened_at",
            sql: "opened_at_ms",
        },
        SortColumn {
            name: "created_at",
            sql: "created_at_ms",
        },
        SortColumn {
            name: "updated_at",
            sql: "updated_at_ms",
        },
    ],
    default_order: "opened_at_desc",
    archivable: false,
    search: search_number,
    condition: "",
    parent: None,
    filters: &[
        FilterSpec {
            param: "opened_at_from",
            column: "opened_at_ms",
            kind: FilterKind::From,
        },
        FilterSpec {
            param: "opened_at_to",
            column: "opened_at_ms",
            kind: FilterKind::To,
        },
        FilterSpec {
            param: "status",
            column: "status",
            kind: FilterKind::OneOf(&SaleStatus::ALL),
        },
        FilterSpec {
            param: "state",
            column: "state",
            kind: FilterKind::OneOf(STATES),
        },
        FilterSpec {
            param: "payment_status",
            column: "payment_status",
            kind: FilterKind::OneOf(PAYMENT_STATUSES),
        },
        FilterSpec {
            param: "shipping_status",
            column: "shipping_status",
            kind: FilterKind::OneOf(SHIPPING_STATUSES),
        },
    ],
};

/// `query` matches any part of the number.
fn search_number(search: &str, sql: &mut SqlBuilder) {
    sql.push(" AND number_lc LIKE ")
        .bind(Bind::Text(like_pattern(search)))
        .push(" ESCAPE '\\'");
}

pub async fn insert(tx: &mut Tx, tenant: &str, sale: &SaleRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_sales (tenant, guid, org_guid, number, number_lc, number_int, state, payment_status, \
         shipping_status, opened_at_ms, closed_at_ms, total_sum, positions, outlet_guid, workplace_guid, \
         opened_by_guid, fiscal_document_guid, fiscal_registrar_guid, created_at_ms, updated_at_ms, status, \
         paid_sum, refunded_sum) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
         $22, $23)",
    )
    .bind(tenant)
    .bind(&sale.guid)
    .bind(&sale.org_guid)
    .bind(&sale.number)
    .bind(sale.number.to_lowercase())
    .bind(number_value(&sale.number))
    .bind(&sale.state)
    .bind(&sale.payment_status)
    .bind(&sale.shipping_status)
    .bind(sale.opened_at_ms)
    .bind(sale.closed_at_ms)
    .bind(sale.total_sum)
    .bind(&sale.positions)
    .bind(&sale.outlet_guid)
    .bind(&sale.workplace_guid)
    .bind(&sale.opened_by_guid)
    .bind(&sale.fiscal_document_guid)
    .bind(&sale.fiscal_registrar_guid)
    .bind(sale.created_at_ms)
    .bind(sale.updated_at_ms)
    .bind(sale.status().name())
    .bind(sale.paid_sum)
    .bind(sale.refunded_sum)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes every changeable member of a sale held by [`store::lock_for_change`].
pub async fn update(tx: &mut Tx, tenant: &str, sale: &SaleRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE lifepos_sales SET number = $1, number_lc = $2, number_int = $3, state = $4, payment_status = $5, \
         shipping_status = $6, opened_at_ms = $7, closed_at_ms = $8, total_sum = $9, positions = $10, outlet_guid = $11, \
         workplace_guid = $12, opened_by_guid = $13, fiscal_document_guid = $14, fiscal_registrar_guid = $15, \
         updated_at_ms = $16, status = $17, paid_sum = $18, refunded_sum = $19 WHERE tenant = $20 AND guid = $21",
    )
    .bind(&sale.number)
    .bind(sale.number.to_lowercase())
    .bind(number_value(&sale.number))
    .bind(&sale.state)
    .bind(&sale.payment_status)
    .bind(&sale.shipping_status)
    .bind(sale.opened_at_ms)
    .bind(sale.closed_at_ms)
    .bind(sale.total_sum)
    .bind(&sale.positions)
    .bind(&sale.outlet_guid)
    .bind(&sale.workplace_guid)
    .bind(&sale.opened_by_guid)
    .bind(&sale.fiscal_document_guid)
    .bind(&sale.fiscal_registrar_guid)
    .bind(sale.updated_at_ms)
    .bind(sale.status().name())
    .bind(sale.paid_sum)
    .bind(sale.refunded_sum)
    .bind(tenant)
    .bind(&sale.guid)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A sale of the tenant by guid, whatever its organization (the till's routes name a sale alone).
pub async fn find_in_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    guid: &str,
) -> Result<Option<SaleRow>, sqlx::Error> {
    store::find_in_tenant(executor, TABLE, COLUMNS, tenant, guid).await
}

/// The index that keeps sale numbers unique in an organization.
pub const NUMBER_INDEX: crate::db::UniqueIndex = crate::db::UniqueIndex {
    name: "lifepos_sales_number",
    table: TABLE,
    columns: &["tenant", "org_guid", "number"],
};

/// The next free number of an organization: one more than its largest all-digit number, held for
/// this transaction by [`orgs::take_numbering_turn`], so concurrent loads never pick the
/// same one.
pub async fn next_number(tx: &mut Tx, tenant: &str, org: &str) -> Result<i64, sqlx::Error> {
    orgs::take_numbering_turn(tx, tenant, org).await?;
    let (largest,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(number_int) FROM lifepos_sales WHERE tenant = $1 AND org_guid = $2")
            .bind(tenant)
            .bind(org)
            .fetch_one(&mut **tx)
            .await?;
    Ok(largest.unwrap_or(0).saturating_add(1))
}

/// Links a sale to the receipt printed for it.
pub async fn link_receipt(
    tx: &mut Tx,
    tenant: &str,
    sale_guid: &str,
    document_guid: &str,
    registrar_guid: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE lifepos_sales SET fiscal_document_guid = $1, fiscal_registrar_guid = $2 WHERE tenant = $3 AND guid = $4",
    )
    .bind(document_guid)
    .bind(registrar_guid)
    .bind(tenant)
    .bind(sale_guid)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    org: &str,
    guid: &str,
) -> Result<Option<SaleRow>, sqlx::Error> {
    store::find_in_org(executor, TABLE, COLUMNS, tenant, org, guid).await
}

/// Every sale of the tenant, oldest first, for the fixture export.
pub async fn all_of_tenant<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<SaleRow>, sqlx::Error> {
    store::all_of_tenant(executor, TABLE, COLUMNS, "opened_at_ms, guid", tenant).await
}
