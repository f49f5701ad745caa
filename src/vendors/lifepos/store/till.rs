//! What the till reads and numbers: the organization's first fiscal registrar, a registrar's next
//! document number and its shifts (from its shift reports).

use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::vendors::lifepos::store::fiscal_registrars::{RegistrarRow, REGISTRARS, REGISTRAR_COLUMNS};

/// The organization's first live registrar (by creation), which prints its receipts.
pub async fn first_registrar<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    org: &str,
) -> Result<Option<RegistrarRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {REGISTRAR_COLUMNS} FROM {REGISTRARS} WHERE tenant = $1 AND org_guid = $2 AND deleted_at_ms IS NULL \
         ORDER BY created_at_ms, guid LIMIT 1"
    ))
    .bind(tenant)
    .bind(org)
    .fetch_optional(executor)
    .await
}

/// A registrar of the tenant by guid, whatever its organization.
pub async fn registrar<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    guid: &str,
) -> Result<Option<RegistrarRow>, sqlx::Error> {
    crate::vendors::lifepos::store::find_in_tenant(executor, REGISTRARS, REGISTRAR_COLUMNS, tenant, guid).await
}

/// The registrar's next document number, held for this transaction: the caller holds the
/// registrar's row (`store::lock_for_change`), so concurrent documents take turns.
pub async fn next_document_number(tx: &mut Tx, tenant: &str, registrar: &str) -> Result<i64, sqlx::Error> {
    let (largest,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(number) FROM lifepos_fiscal_documents WHERE tenant = $1 AND registrar_guid = $2")
            .bind(tenant)
            .bind(registrar)
            .fetch_one(&mut **tx)
            .await?;
    Ok(largest.unwrap_or(0).saturating_add(1))
}

/// The registrar's shifts as its reports tell them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shifts {
    /// The shift open now (its last report opened it).
    pub open: Option<i64>,
    /// The largest shift number any of its documents carries.
    pub largest: i64,
}

pub async fn shifts(tx: &mut Tx, tenant: &str, registrar: &str) -> Result<Shifts, sqlx::Error> {
    let last: Option<(String, Option<i64>)> = sqlx::query_as(
        "SELECT fiscal_form, shift_number FROM lifepos_fiscal_documents WHERE tenant = $1 AND registrar_guid = $2 \
         AND fiscal_form IN ('ShiftOpeningReport', 'ShiftClosingReport') ORDER BY number DESC LIMIT 1",
    )
    .bind(tenant)
    .bind(registrar)
    .fetch_optional(&mut **tx)
    .await?;
    let (largest,): (Option<i64>,) = sqlx::query_as(
        "SELECT MAX(shift_number) FROM lifepos_fiscal_documents WHERE tenant = $1 AND registrar_guid = $2",
    )
    .bind(tenant)
    .bind(registrar)
    .fetch_one(&mut **tx)
    .await?;
    let open = match last {
        Some((form, number)) if form == "ShiftOpeningReport" => number,
        _ => None,
    };
    Ok(Shifts {
        open,
        largest: largest.unwrap_or(0),
    })
}
