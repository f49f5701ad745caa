//! Fiscal registrars (`GET /orgs/{org}/fiscal-registrars`) and their documents (`…/{guid}/docs`,
//! receipts under `…/docs/receipts`): stored rows and JSON forms.
//!
//! A document shows `number` (the fiscal document number, unique per registrar), `fiscal_form`,
//! `fiscal_status`, `issued_at`, `shift_number`, `cashier` (`{"name"}`) and its registrar as
//! `fiscal_registrar {guid, type_of}`; a receipt (`Receipt`, `CorrectionReceipt`) also `sale`,
//! `total_sum` and `ofd_url` (the receipt on the OFD's site).

use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists::{
    like_pattern, search_text, sort_key, time_or_name, FilterKind, FilterSpec, ListSpec, Listed, SortColumn, SortValue,
    TIME_AND_NAME,
};
use crate::vendors::lifepos::store::terminals::search_name;
use crate::vendors::lifepos::wire::fiscal_registrars::{Cashier, FiscalDocument, Sources};
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::render::{full, Stamps, Time};
use crate::vendors::lifepos::wire::sales::Money;
use crate::vendors::lifepos::wire::terminals::Device;

/// The fiscal forms a document may have (the names of the ФФД document types).
pub const FISCAL_FORMS: &[&str] = &[
    "Receipt",
    "CorrectionReceipt",
    "ShiftOpeningReport",
    "ShiftClosingReport",
    "CurrentStateReport",
    "RegistrationReport",
    "FiscalStorageClosingReport",
];
/// The fiscal forms listed under `…/docs/receipts`.
pub const RECEIPT_FORMS: &[&str] = &["Receipt", "CorrectionReceipt"];
pub const FISCAL_STATUSES: &[&str] = &["Pending", "Printed", "Failed"];

pub const REGISTRARS: &str = "lifepos_fiscal_registrars";
pub const DOCUMENTS: &str = "lifepos_fiscal_documents";

/// A row of `lifepos_fiscal_registrars`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct RegistrarRow {
    pub guid: String,
    pub org_guid: String,
    pub name: String,
    pub serial_number: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub deleted_at_ms: Option<i64>,
}

pub const REGISTRAR_COLUMNS: &str = "guid, org_guid, name, serial_number, created_at_ms, updated_at_ms, deleted_at_ms";

impl RegistrarRow {
    /// The registrar as the API shows it.
    pub fn answer(&self, presentation: Presentation) -> Device {
        let times = (self.created_at_ms, self.updated_at_ms, self.deleted_at_ms);
        let (guid, org, name, serial) = (&self.guid, &self.org_guid, &self.name, self.serial_number.as_deref());
        Device::shown(presentation, "FiscalRegistrar", guid, org, name, serial, times)
    }
}

impl Listed for RegistrarRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        time_or_name(column, self.created_at_ms, self.updated_at_ms, &self.name)
    }
}

pub const REGISTRAR_LIST: ListSpec = ListSpec {
    kind: "fiscal-registrars",
    table: REGISTRARS,
    scope: "org_guid",
    columns: REGISTRAR_COLUMNS,
    orders: TIME_AND_NAME,
    default_order: "created_at_asc",
    archivable: true,
    search: search_name,
    condition: "",
    parent: None,
    filters: &[],
};

pub async fn insert_registrar(tx: &mut Tx, tenant: &str, registrar: &RegistrarRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_fiscal_registrars (tenant, guid, org_guid, name, name_lc, name_key, serial_number, \
         created_at_ms, updated_at_ms, deleted_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant)
    .bind(&registrar.guid)
    .bind(&registrar.org_guid)
    .bind(&registrar.name)
    .bind(search_text(Some(&registrar.name)))
    .bind(sort_key(Some(&registrar.name)))
    .bind(&registrar.serial_number)
    .bind(registrar.created_at_ms)
    .bind(registrar.updated_at_ms)
    .bind(registrar.deleted_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn find_registrar<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    org: &str,
    guid: &str,
) -> Result<Option<RegistrarRow>, sqlx::Error> {
    store::find_in_org(executor, REGISTRARS, REGISTRAR_COLUMNS, tenant, org, guid).await
}

/// Every registrar of the tenant, oldest first, for the fixture export.
pub async fn all_registrars<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<RegistrarRow>, sqlx::Error> {
    store::all_of_tenant(executor, REGISTRARS, REGISTRAR_COLUMNS, "created_at_ms, guid", tenant).await
}

/// A row of `lifepos_fiscal_documents`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct DocumentRow {
    pub guid: String,
    pub org_guid: String,
    pub registrar_guid: String,
    pub fiscal_form: String,
    pub fiscal_status: String,
    pub number: i64,
    pub shift_number: Option<i64>,
    pub cashier: Option<String>,
    pub sale_guid: Option<String>,
    pub total_sum: Option<i64>,
    pub ofd_url: Option<String>,
    pub issued_at_ms: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    /// The receipt as printed, shown as `sources.print_view` (documents the till prints).
    pub print_view: Option<String>,
}

pub const DOCUMENT_COLUMNS: &str = "guid, org_guid, registrar_guid, fiscal_form, fiscal_status, number, \
     shift_number, cashier, sale_guid, total_sum, ofd_url, issued_at_ms, created_at_ms, updated_at_ms, print_view";

impl DocumentRow {
    pub fn is_receipt(&self) -> bool {
        RECEIPT_FORMS.contains(&self.fiscal_form.as_str())
    }

    /// The document as the API shows it.
    pub fn answer(&self, presentation: Presentation) -> FiscalDocument {
        let stamps = Stamps::of(presentation, &self.org_guid, self.created_at_ms, self.updated_at_ms);
        let receipt = self.is_receipt();
        FiscalDocument {
            cashier: full(presentation, || {
                self.cashier.as_ref().map(|name| Cashier { name: name.clone() })
            }),
            created_at: stamps.created_at,
            fiscal_form: self.fiscal_form.clone(),
            fiscal_registrar: EntityRef::new(&self.registrar_guid, "FiscalRegistrar"),
            fiscal_status: self.fiscal_status.clone(),
            guid: self.guid.clone(),
            issued_at: Time::at(self.issued_at_ms),
            number: self.number,
            ofd_url: receipt.then(|| self.ofd_url.clone()),
            organization: stamps.organization,
            sale: receipt.then(|| EntityRef::optional(self.sale_guid.as_deref(), "Sale")),
            shift_number: self.shift_number,
            sources: self.print_view.clone().map(|print_view| Sources { print_view }),
            total_sum: receipt.then(|| self.total_sum.map(Money::rub)),
            type_of: if receipt { "FiscalReceipt" } else { "FiscalDocument" },
            updated_at: stamps.updated_at,
        }
    }
}

impl Listed for DocumentRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        match column {
            "number" => SortValue::Int(self.number),
            "created_at" => SortValue::Int(self.created_at_ms),
            _ => SortValue::Int(self.issued_at_ms),
        }
    }
}

const DOCUMENT_ORDERS: &[SortColumn] = &[
    SortColumn {
        name: "issued_at",
        sql: "issued_at_ms",
    },
    SortColumn {
        name: "number",
        sql: "number",
    },
    SortColumn {
        name: "created_at",
        sql: "created_at_ms",
    },
];

const ISSUED_FROM: FilterSpec = FilterSpec {
    param: "issued_at_from",
    column: "issued_at_ms",
    kind: FilterKind::From,
};
const ISSUED_TO: FilterSpec = FilterSpec {
    param: "issued_at_to",
    column: "issued_at_ms",
    kind: FilterKind::To,
};
const STATUS: FilterSpec = FilterSpec {
    param: "fiscal_status",
    column: "fiscal_status",
    kind: FilterKind::OneOf(FISCAL_STATUSES),
};

pub const DOCUMENT_LIST: ListSpec = ListSpec {
    kind: "fiscal-documents",
    table: DOCUMENTS,
    scope: "org_guid",
    columns: DOCUMENT_COLUMNS,
    orders: DOCUMENT_ORDERS,
    default_order: "issued_at_desc",
    archivable: false,
    search: search_cashier,
    condition: "",
    parent: Some("registrar_guid"),
    filters: &[
        ISSUED_FROM,
        ISSUED_TO,
        STATUS,
        FilterSpec {
            param: "fiscal_form",
            column: "fiscal_form",
            kind: FilterKind::OneOf(FISCAL_FORMS),
        },
    ],
};

/// The receipts of one registrar, or of every registrar (`*`), found by `guid` too.
pub const RECEIPT_LIST: ListSpec = ListSpec {
    kind: "fiscal-receipts",
    table: DOCUMENTS,
    scope: "org_guid",
    columns: DOCUMENT_COLUMNS,
    orders: DOCUMENT_ORDERS,
    default_order: "issued_at_desc",
    archivable: false,
    search: search_cashier,
    condition: " AND fiscal_form IN ('Receipt', 'CorrectionReceipt')",
    parent: Some("registrar_guid"),
    filters: &[
        ISSUED_FROM,
        ISSUED_TO,
        STATUS,
        FilterSpec {
            param: "guid",
            column: "guid",
            kind: FilterKind::Guid,
        },
        FilterSpec {
            param: "fiscal_form",
            column: "fiscal_form",
            kind: FilterKind::OneOf(RECEIPT_FORMS),
        },
    ],
};

/// `query` matches any part of the cashier's name.
fn search_cashier(search: &str, sql: &mut SqlBuilder) {
    sql.push(" AND cashier_lc LIKE ")
        .bind(Bind::Text(like_pattern(search)))
        .push(" ESCAPE '\\'");
}

pub async fn insert_document(tx: &mut Tx, tenant: &str, document: &DocumentRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_fiscal_documents (tenant, guid, org_guid, registrar_guid, fiscal_form, fiscal_status, \
         number, shift_number, cashier, cashier_lc, sale_guid, total_sum, ofd_url, issued_at_ms, created_at_ms, \
         updated_at_ms, print_view) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(tenant)
    .bind(&document.guid)
    .bind(&document.org_guid)
    .bind(&document.registrar_guid)
    .bind(&document.fiscal_form)
    .bind(&document.fiscal_status)
    .bind(document.number)
    .bind(document.shift_number)
    .bind(&document.cashier)
    .bind(search_text(document.cashier.as_deref()))
    .bind(&document.sale_guid)
    .bind(document.total_sum)
    .bind(&document.ofd_url)
    .bind(document.issued_at_ms)
    .bind(document.created_at_ms)
    .bind(document.updated_at_ms)
    .bind(&document.print_view)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn find_document<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    org: &str,
    guid: &str,
) -> Result<Option<DocumentRow>, sqlx::Error> {
    store::find_in_org(executor, DOCUMENTS, DOCUMENT_COLUMNS, tenant, org, guid).await
}

/// Every document of the tenant, by registrar and number, for the fixture export.
pub async fn all_documents<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<DocumentRow>, sqlx::Error> {
    store::all_of_tenant(
        executor,
        DOCUMENTS,
        DOCUMENT_COLUMNS,
        "registrar_guid, number, guid",
        tenant,
    )
    .await
}
