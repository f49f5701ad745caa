//! Receivers' photos as stored: beside the receiver's row, the photo's id, its content type and its
//! bytes as base64 (BLOBs do not pass the `Any` driver alike on both engines). The format is
//! recognised by the file's first bytes, whatever its name or declared type says.

use std::collections::BTreeMap;

use sqlx::{Any, Executor};

use crate::db::Tx;
use crate::vendors::cloudtips::store::receiver::{self, Edit};

/// The image formats a photo may have.
pub const IMAGE_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];

/// The content type of a JPEG, PNG or WebP image; `None` for anything else.
pub fn sniff_image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// A photo as the image host serves it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct StoredPhoto {
    pub content_type: String,
    pub base64: String,
}

/// Gives the receiver this photo in place of any it had.
pub async fn set(tx: &mut Tx, edit: Edit<'_>, photo_id: &str, photo: &StoredPhoto) -> Result<(), sqlx::Error> {
    let sql = "UPDATE cloudtips_receivers SET photo_id = $4, photo_content_type = $5, photo_base64 = $6, \
               updated_at_ms = $1 WHERE tenant = $2 AND user_id = $3";
    receiver::change(tx, edit, sql, |query| {
        query.bind(photo_id).bind(&photo.content_type).bind(&photo.base64)
    })
    .await
}

pub async fn remove(tx: &mut Tx, edit: Edit<'_>) -> Result<(), sqlx::Error> {
    let sql = "UPDATE cloudtips_receivers SET photo_id = NULL, photo_content_type = NULL, photo_base64 = NULL, \
               updated_at_ms = $1 WHERE tenant = $2 AND user_id = $3";
    receiver::change(tx, edit, sql, |query| query).await
}

/// The photo with this id, if the tenant has it.
pub async fn find<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
    photo_id: &str,
) -> Result<Option<StoredPhoto>, sqlx::Error> {
    sqlx::query_as(
        "SELECT photo_content_type AS content_type, photo_base64 AS base64 FROM cloudtips_receivers \
         WHERE tenant = $1 AND photo_id = $2 AND photo_base64 IS NOT NULL",
    )
    .bind(tenant)
    .bind(photo_id)
    .fetch_optional(executor)
    .await
}

/// Every stored photo's bytes (base64) of a tenant, by the receiver's user id.
pub async fn all_bytes<'c, E: Executor<'c, Database = Any>>(
    executor: E,
    tenant: &str,
) -> Result<BTreeMap<String, String>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT user_id, photo_base64 FROM cloudtips_receivers WHERE tenant = $1 AND photo_base64 IS NOT NULL",
    )
    .bind(tenant)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().collect())
}
