//! A receiver's own account as stored: the password it logs in with (`client_id=MobilePhone`),
//! the balance accumulated for payout, the commission on it and the next payout's time. A receiver
//! without a row has no password login, a zero balance and the default commission.

use sqlx::{Any, Executor};

use crate::db::Tx;

/// The receiver a request of its own API (`client_id=MobilePhone`) acts for, in its tenant.
#[derive(Clone, Debug)]
pub struct Me {
    pub tenant: String,
    pub user_id: String,
}

/// The commission on an accumulated balance when a fixture names none: 3 %, in hundredths of a
/// percent.
pub const DEFAULT_COMMISSION_BASIS_POINTS: i64 = 300;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountRow {
    pub user_id: String,
    pub password: Option<String>,
    pub accumulated_kopecks: i64,
    pub commission_basis_points: i64,
    pub next_payout_at_ms: Option<i64>,
}

impl AccountRow {
    /// The account a receiver without a row has.
    pub fn empty(user_id: &str) -> AccountRow {
        AccountRow {
            user_id: user_id.to_owned(),
            password: None,
            accumulated_kopecks: 0,
            commission_basis_points: DEFAULT_COMMISSION_BASIS_POINTS,
            next_payout_at_ms: None,
        }
    }

    /// The commission on the accumulated balance, in kopecks, rounded half up.
    pub fn commission_kopecks(&self) -> i64 {
        let exact = i128::from(self.accumulated_kopecks) * i128::from(self.commission_basis_points);
        i64::try_from((exact + 5_000) / 10_000).unwrap_or(i64::MAX)
    }
}

const COLUMNS: &str = "user_id, password, accumulated_kopecks, commission_basis_points, next_payout_at_ms";

pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    user_id: &str,
) -> Result<Option<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cloudtips_receiver_accounts WHERE tenant = $1 AND user_id = $2"
    ))
    .bind(tenant)
    .bind(user_id)
    .fetch_optional(executor)
    .await
}

/// Every account of a tenant (for the state export).
pub async fn all<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<Vec<AccountRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM cloudtips_receiver_accounts WHERE tenant = $1 ORDER BY user_id"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

pub async fn insert(tx: &mut Tx, tenant: &str, account: &AccountRow) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "INSERT INTO cloudtips_receiver_accounts (tenant, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)"
    ))
    .bind(tenant)
    .bind(&account.user_id)
    .bind(&account.password)
    .bind(account.accumulated_kopecks)
    .bind(account.commission_basis_points)
    .bind(account.next_payout_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
