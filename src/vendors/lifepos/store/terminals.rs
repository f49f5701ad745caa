//! Bank and quick-payment (СБП) terminals (`GET /orgs/{org}/terminals/{bank|quick-payments}`) and
//! their transactions (`…/{guid}/transactions`): stored rows and JSON forms.
//!
//! A transaction shows `status`, `operation`, `payment_type`, `amount` (`{"value": <kopecks>}`),
//! `card_number` (masked, bank terminals), `meta_data.purpose` (what was paid for: public clients
//! match it against the sale's `number`) and `registered_at`.

use sqlx::{Any, Executor};

use crate::db::{Bind, SqlBuilder, Tx};
use crate::vendors::lifepos::store;
use crate::vendors::lifepos::store::lists::{
    like_pattern, search_text, sort_key, time_or_name, FilterKind, FilterSpec, ListSpec, Listed, SortColumn, SortValue,
    TIME_AND_NAME,
};
use crate::vendors::lifepos::wire::lists::Presentation;
use crate::vendors::lifepos::wire::members::EntityRef;
use crate::vendors::lifepos::wire::render::{full, Money, Stamps, Time};
use crate::vendors::lifepos::wire::terminals::{Device, Purpose, Transaction};

const BANK_SEGMENT: &str = "bank";
const QUICK_PAYMENTS_SEGMENT: &str = "quick-payments";
/// The path segments of the kinds, as [`TerminalKind::from_segment`] reads them.
pub const SEGMENTS: [&str; 2] = [BANK_SEGMENT, QUICK_PAYMENTS_SEGMENT];

/// The two kinds of terminal and the path segment each is listed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TerminalKind {
    Bank,
    QuickPayments,
}

impl TerminalKind {
    pub fn name(self) -> &'static str {
        match self {
            TerminalKind::Bank => "Bank",
            TerminalKind::QuickPayments => "QuickPayments",
        }
    }

    pub fn from_name(name: &str) -> Option<TerminalKind> {
        [TerminalKind::Bank, TerminalKind::QuickPayments]
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// The path segment: `bank` or `quick-payments`; another is no kind (404).
    pub fn from_segment(segment: &str) -> Option<TerminalKind> {
        match segment {
            BANK_SEGMENT => Some(TerminalKind::Bank),
            QUICK_PAYMENTS_SEGMENT => Some(TerminalKind::QuickPayments),
            _ => None,
        }
    }

    fn type_of(self) -> &'static str {
        match self {
            TerminalKind::Bank => "BankTerminal",
            TerminalKind::QuickPayments => "QuickPaymentTerminal",
        }
    }

    /// What a transaction of this kind of terminal is paid with.
    pub fn payment_type(self) -> &'static str {
        match self {
            TerminalKind::Bank => "Card",
            TerminalKind::QuickPayments => "Sbp",
        }
    }
}

pub const OPERATIONS: &[&str] = &["Payment", "Refund", "Cancellation"];
pub const STATUSES: &[&str] = &["Pending", "Completed", "Failed", "Cancelled"];

pub const TERMINALS: &str = "lifepos_terminals";
pub const TRANSACTIONS: &str = "lifepos_terminal_transactions";

/// A row of `lifepos_terminals`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct TerminalRow {
    pub guid: String,
    pub org_guid: String,
    /// [`TerminalKind::name`]
    pub kind: String,
    pub name: String,
    pub serial_number: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub deleted_at_ms: Option<i64>,
}

pub const TERMINAL_COLUMNS: &str =
    "guid, org_guid, kind, name, serial_number, created_at_ms, updated_at_ms, deleted_at_ms";

impl TerminalRow {
    pub fn kind(&self) -> Option<TerminalKind> {
        TerminalKind::from_name(&self.kind)
    }

    /// The terminal as the API shows it.
    pub fn answer(&self, presentation: Presentation) -> Device {
        let times = (self.created_at_ms, self.updated_at_ms, self.deleted_at_ms);
        let (guid, org, name, serial) = (&self.guid, &self.org_guid, &self.name, self.serial_number.as_deref());
        Device::shown(
            presentation,
            self.kind().map_or("Terminal", TerminalKind::type_of),
            guid,
            org,
            name,
            serial,
            times,
        )
    }
}

impl Listed for TerminalRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        time_or_name(column, self.created_at_ms, self.updated_at_ms, &self.name)
    }
}

/// The list of one kind of terminal.
pub const fn terminal_list(kind: TerminalKind) -> ListSpec {
    ListSpec {
        kind: match kind {
            TerminalKind::Bank => "terminals/bank",
            TerminalKind::QuickPayments => "terminals/quick-payments",
        },
        table: TERMINALS,
        scope: "org_guid",
        columns: TERMINAL_COLUMNS,
        orders: TIME_AND_NAME,
        default_order: "created_at_asc",
        archivable: true,
        search: search_name,
        condition: match kind {
            TerminalKind::Bank => " AND kind = 'Bank'",
            TerminalKind::QuickPayments => " AND kind = 'QuickPayments'",
        },
        parent: None,
        filters: &[],
    }
}

/// `query` matches any part of the name.
pub fn search_name(search: &str, sql: &mut SqlBuilder) {
    sql.push(" AND name_lc LIKE ")
        .bind(Bind::Text(like_pattern(search)))
        .push(" ESCAPE '\\'");
}

pub async fn insert_terminal(tx: &mut Tx, tenant: &str, terminal: &TerminalRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO lifepos_terminals (tenant, guid, org_guid, kind, name, name_lc, name_key, serial_number, \
         created_at_ms, updated_at_ms, deleted_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(tenant)
    .bind(&terminal.guid)
    .bind(&terminal.org_guid)
    .bind(&terminal.kind)
    .bind(&terminal.name)
    .bind(search_text(Some(&terminal.name)))
    .bind(sort_key(Some(&terminal.name)))
    .bind(&terminal.serial_number)
    .bind(terminal.created_at_ms)
    .bind(terminal.updated_at_ms)
    .bind(terminal.deleted_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn find_terminal<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    org: &str,
    guid: &str,
) -> Result<Option<TerminalRow>, sqlx::Error> {
    store::find_in_org(executor, TERMINALS, TERMINAL_COLUMNS, tenant, org, guid).await
}

/// Every terminal of the tenant, oldest first, for the fixture export.
pub async fn all_terminals<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<TerminalRow>, sqlx::Error> {
    store::all_of_tenant(executor, TERMINALS, TERMINAL_COLUMNS, "created_at_ms, guid", tenant).await
}

/// A row of `lifepos_terminal_transactions`.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct TransactionRow {
    pub guid: String,
    pub org_guid: String,
    pub terminal_guid: String,
    pub operation: String,
    pub status: String,
    pub payment_type: String,
    pub amount: i64,
    pub card_number: Option<String>,
    pub purpose: Option<String>,
    pub registered_at_ms: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

pub const TRANSACTION_COLUMNS: &str = "guid, org_guid, terminal_guid, operation, status, payment_type, amount, \
     card_number, purpose, registered_at_ms, created_at_ms, updated_at_ms";

impl TransactionRow {
    /// The transaction as the API shows it.
    pub fn answer(&self, presentation: Presentation) -> Transaction {
        let stamps = Stamps::of(presentation, &self.org_guid, self.created_at_ms, self.updated_at_ms);
        Transaction {
            amount: Money { value: self.amount },
            card_number: self.card_number.clone(),
            created_at: stamps.created_at,
            guid: self.guid.clone(),
            meta_data: Purpose {
                purpose: self.purpose.clone(),
            },
            operation: self.operation.clone(),
            organization: stamps.organization,
            payment_type: self.payment_type.clone(),
            registered_at: Time::at(self.registered_at_ms),
            status: self.status.clone(),
            terminal: full(presentation, || EntityRef::new(&self.terminal_guid, "Terminal")),
            type_of: "TerminalTransaction",
            updated_at: stamps.updated_at,
        }
    }
}

impl Listed for TransactionRow {
    fn guid(&self) -> &str {
        &self.guid
    }

    fn sort_value(&self, column: &str) -> SortValue {
        match column {
            "created_at" => SortValue::Int(self.created_at_ms),
            _ => SortValue::Int(self.registered_at_ms),
        }
    }
}

pub const TRANSACTION_LIST: ListSpec = ListSpec {
    kind: "transactions",
    table: TRANSACTIONS,
    scope: "org_guid",
    columns: TRANSACTION_COLUMNS,
    orders: &[
        SortColumn {
            name: "registered_at",
            sql: "registered_at_ms",
        },
        SortColumn {
            name: "created_at",
            sql: "created_at_ms",
        },
    ],
    default_order: "registered_at_desc",
    archivable: false,
    search: search_purpose_or_card,
    condition: "",
    parent: Some("terminal_guid"),
    filters: &[
        FilterSpec {
            param: "registered_at_from",
            column: "registered_at_ms",
            kind: FilterKind::From,
        },
        FilterSpec {
            param: "registered_at_to",
            column: "registered_at_ms",
            kind: FilterKind::To,
        },
        FilterSpec {
            param: "status",
            column: "status",
            kind: FilterKind::OneOf(STATUSES),
        },
        FilterSpec {
            param: "operation",
            column: "operation",
            kind: FilterKind::OneOf(OPERATIONS),
        },
    ],
};

/// `query` matches any part of the purpose or the card number.
fn search_purpose_or_card(search: &str, sql: &mut SqlBuilder) {
    sql.push(" AND search_lc LIKE ")
        .bind(Bind::Text(like_pattern(search)))
        .push(" ESCAPE '\\'");
}

pub async fn insert_transaction(tx: &mut Tx, tenant: &str, transaction: &TransactionRow) -> Result<(), sqlx::Error> {
    let search = format!(
        "{}\n{}",
        search_text(transaction.purpose.as_deref()),
        search_text(transaction.card_number.as_deref())
    );
    sqlx::query(
        "INSERT INTO lifepos_terminal_transactions (tenant, guid, org_guid, terminal_guid, operation, status, \
         payment_type, amount, card_number, purpose, search_lc, registered_at_ms, created_at_ms, updated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(tenant)
    .bind(&transaction.guid)
    .bind(&transaction.org_guid)
    .bind(&transaction.terminal_guid)
    .bind(&transaction.operation)
    .bind(&transaction.status)
    .bind(&transaction.payment_type)
    .bind(transaction.amount)
    .bind(&transaction.card_number)
    .bind(&transaction.purpose)
    .bind(search)
    .bind(transaction.registered_at_ms)
    .bind(transaction.created_at_ms)
    .bind(transaction.updated_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Every transaction of the tenant, oldest first, for the fixture export.
pub async fn all_transactions<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<TransactionRow>, sqlx::Error> {
    store::all_of_tenant(
        executor,
        TRANSACTIONS,
        TRANSACTION_COLUMNS,
        "registered_at_ms, guid",
        tenant,
    )
    .await
}

pub const BANK_LIST: ListSpec = terminal_list(TerminalKind::Bank);
pub const QUICK_PAYMENTS_LIST: ListSpec = terminal_list(TerminalKind::QuickPayments);
