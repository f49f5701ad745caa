//! The store of certificate files (`edin_certificate_files`): scans attached with AttachScan or
//! loaded from fixtures, their body kept as the base64 text that was sent.

use sha2::{Digest, Sha256};
use sqlx::{Any, Executor};

use crate::db::Tx;

/// `intType` of a scan attached through the API: the main file.
pub const SCAN_FILE_TYPE: i64 = 0;

/// One stored file.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FileRow {
    pub file_id: i64,
    pub cert_id: i64,
    pub file_type: i64,
    pub file_name: String,
    /// Base64, as sent.
    pub body: String,
    pub sign_status: i64,
    pub created_at_ms: i64,
}

/// A file without its body, as a certificate's `cert_files` lists it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct FileSummary {
    pub file_id: i64,
    pub file_type: i64,
    pub file_name: String,
    pub sign_status: i64,
    /// `varHashLink`.
    pub hash: String,
}

pub async fn insert(tx: &mut Tx, tenant: &str, file: &FileRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO edin_certificate_files (tenant, file_id, cert_id, file_type, file_name, body, sign_status, \
         created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant)
    .bind(file.file_id)
    .bind(file.cert_id)
    .bind(file.file_type)
    .bind(&file.file_name)
    .bind(&file.body)
    .bind(file.sign_status)
    .bind(file.created_at_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const COLUMNS: &str = "file_id, cert_id, file_type, file_name, body, sign_status, created_at_ms";

pub async fn get<'c, E>(executor: E, tenant: &str, file_id: i64) -> Result<Option<FileRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM edin_certificate_files WHERE tenant = $1 AND file_id = $2"
    ))
    .bind(tenant)
    .bind(file_id)
    .fetch_optional(executor)
    .await
}

/// A certificate's files, by id, without their bodies (the hash is computed from the body here).
pub async fn of_certificate<'c, E>(executor: E, tenant: &str, cert_id: i64) -> Result<Vec<FileSummary>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    let rows: Vec<FileRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM edin_certificate_files WHERE tenant = $1 AND cert_id = $2 ORDER BY file_id"
    ))
    .bind(tenant)
    .bind(cert_id)
    .fetch_all(executor)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| FileSummary {
            hash: hash_link(&row.body),
            file_id: row.file_id,
            file_type: row.file_type,
            file_name: row.file_name,
            sign_status: row.sign_status,
        })
        .collect())
}

/// Every file of the tenant, by id.
pub async fn all<'c, E>(executor: E, tenant: &str) -> Result<Vec<FileRow>, sqlx::Error>
where
    E: Executor<'c, Database = Any>,
{
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM edin_certificate_files WHERE tenant = $1 ORDER BY file_id"
    ))
    .bind(tenant)
    .fetch_all(executor)
    .await
}

/// `varHashLink`: 32 hex digits (the vendor's length) of the body's SHA-256.
pub fn hash_link(body: &str) -> String {
    Sha256::digest(body.as_bytes())
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_links_have_the_vendors_shape() {
        let hash = hash_link("JVBERi0xLjQK");
        assert_eq!(hash.len(), 32);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(hash, hash_link("JVBERi0xLjUK"));
    }
}
