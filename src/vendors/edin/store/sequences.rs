//! Ids of new certificates and files: per tenant and kind, one upsert takes the next value. The
//! counter never falls behind the largest id already stored (a fixture may have loaded a larger
//! one), so a new id never clashes; concurrent writers queue on the counter's row.

use crate::db::Tx;

/// What a counter numbers: its name and the table and column of the ids it must stay above.
#[derive(Clone, Copy, Debug)]
pub struct Sequence {
    name: &'static str,
    table: &'static str,
    column: &'static str,
}

pub const CERTIFICATES: Sequence = Sequence {
    name: "certificate",
    table: "edin_certificates",
    column: "cert_id",
};

pub const FILES: Sequence = Sequence {
    name: "file",
    table: "edin_certificate_files",
    column: "file_id",
};

/// The next id of `sequence` in `tenant`, taken inside the caller's transaction.
pub async fn next(tx: &mut Tx, tenant: &str, sequence: Sequence) -> Result<i64, sqlx::Error> {
    let Sequence { name, table, column } = sequence;
    let sql = format!(
        "INSERT INTO edin_sequences (tenant, name, last_value) \
         VALUES ($1, $2, (SELECT COALESCE(MAX({column}), 0) FROM {table} WHERE tenant = $1) + 1) \
         ON CONFLICT (tenant, name) DO UPDATE SET last_value = CASE \
             WHEN edin_sequences.last_value >= excluded.last_value THEN edin_sequences.last_value + 1 \
             ELSE excluded.last_value END \
         RETURNING last_value"
    );
    sqlx::query_scalar(&sql)
        .bind(tenant)
        .bind(name)
        .fetch_one(&mut **tx)
        .await
}
