//! Receivers' photos: upload (`multipart/form-data`, field `FormFile`), delete, and the emulator's
//! own image host that `photoUrl` points at. The format is recognised by the file's first bytes,
//! whatever its name or declared type says.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{FromRequestParts, Multipart, OriginalUri, Path, State};
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::request::Parts;
use axum::response::IntoResponse;
use base64::Engine as _;
use serde_json::json;

use crate::platform::clock::{self, to_ms};
use crate::state::AppState;
use crate::vendors::cloudtips::auth::Partner;
use crate::vendors::cloudtips::error::{
    succeed, succeed_empty, ApiResult, CloudtipsError, PHOTO_NOT_FOUND, RECEIVER_NOT_FOUND,
};
use crate::vendors::cloudtips::receiver::find_in_scope;

/// The image formats a photo may have.
pub const IMAGE_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
const FILE_FIELD: &str = "FormFile";

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

/// Where this emulator's URLs begin as the client reached it: scheme, `Host` and mount prefix
/// (`http://127.0.0.1:8080/cloudtips`).
pub struct PublicBase(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PublicBase {
    type Rejection = CloudtipsError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let host = parts
            .headers
            .get(HOST)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("localhost");
        let original = parts
            .extensions
            .get::<OriginalUri>()
            .map(|uri| uri.0.path().to_owned())
            .unwrap_or_default();
        let prefix = original.strip_suffix(parts.uri.path()).unwrap_or_default();
        Ok(PublicBase(format!("http://{host}{prefix}")))
    }
}

impl PublicBase {
    pub fn photo_url(&self, tenant: &str, photo_id: &str) -> String {
        format!("{}/photos/{tenant}/{photo_id}", self.0)
    }
}

/// `POST /api/receivers/{userId}/photo`.
pub async fn upload_photo(
    State(app): State<AppState>,
    partner: Partner,
    base: PublicBase,
    Path(user_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult {
    let bytes = read_file_field(multipart).await?;
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(CloudtipsError::invalid_field(
            FILE_FIELD,
            "Размер файла не должен превышать 5 МБ",
        ));
    }
    let content_type = sniff_image_type(&bytes)
        .ok_or_else(|| CloudtipsError::invalid_field(FILE_FIELD, "Допустимы только изображения JPEG, PNG или WebP"))?;
    let mut tx = app.db.begin().await?;
    find_in_scope(&mut *tx, &partner.tenant, &partner.username, &user_id)
        .await?
        .ok_or(CloudtipsError::NotFound(RECEIVER_NOT_FOUND))?;
    let now = clock::now(&mut *tx, &partner.tenant).await?;
    let photo_id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "UPDATE cloudtips_receivers SET photo_id = $1, photo_content_type = $2, photo_base64 = $3, updated_at_ms = $4 \
         WHERE tenant = $5 AND user_id = $6",
    )
    .bind(&photo_id)
    .bind(content_type)
    .bind(base64::engine::general_purpose::STANDARD.encode(&bytes))
    .bind(to_ms(now))
    .bind(&partner.tenant)
    .bind(&user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(succeed(json!({
        "photoUrl": base.photo_url(&partner.tenant, &photo_id),
        "photoId": photo_id,
    })))
}

/// The bytes of the `FormFile` part (its name matched case-insensitively).
async fn read_file_field(multipart: Result<Multipart, MultipartRejection>) -> Result<Vec<u8>, CloudtipsError> {
    let mut multipart = multipart.map_err(|err| {
        CloudtipsError::invalid_field(
            FILE_FIELD,
            format!("Ожидается multipart/form-data: {}", err.body_text()),
        )
    })?;
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|err| CloudtipsError::invalid_field(FILE_FIELD, format!("Некорректный multipart: {err}")))?;
        let Some(field) = field else {
            return Err(CloudtipsError::invalid_field(FILE_FIELD, "Файл обязателен"));
        };
        if field.name().is_some_and(|name| name.eq_ignore_ascii_case(FILE_FIELD)) {
            let bytes = field
                .bytes()
                .await
                .map_err(|err| CloudtipsError::invalid_field(FILE_FIELD, format!("Некорректный multipart: {err}")))?;
            return Ok(bytes.to_vec());
        }
    }
}

/// `DELETE /api/receivers/{userId}/photo`.
pub async fn delete_photo(State(app): State<AppState>, partner: Partner, Path(user_id): Path<String>) -> ApiResult {
    let mut tx = app.db.begin().await?;
    let receiver = find_in_scope(&mut *tx, &partner.tenant, &partner.username, &user_id)
        .await?
        .ok_or(CloudtipsError::NotFound(RECEIVER_NOT_FOUND))?;
    if receiver.photo_id.is_none() {
        return Err(CloudtipsError::NotFound(PHOTO_NOT_FOUND));
    }
    let now = clock::now(&mut *tx, &partner.tenant).await?;
    sqlx::query(
        "UPDATE cloudtips_receivers SET photo_id = NULL, photo_content_type = NULL, photo_base64 = NULL, \
         updated_at_ms = $1 WHERE tenant = $2 AND user_id = $3",
    )
    .bind(to_ms(now))
    .bind(&partner.tenant)
    .bind(&user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(succeed_empty())
}

/// `GET /photos/{tenant}/{photoId}`: public, like the real service's image host, so the tenant is in
/// the path rather than a header.
pub async fn serve_photo(State(app): State<AppState>, Path((tenant, photo_id)): Path<(String, String)>) -> ApiResult {
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT photo_content_type, photo_base64 FROM cloudtips_receivers \
         WHERE tenant = $1 AND photo_id = $2 AND photo_base64 IS NOT NULL",
    )
    .bind(&tenant)
    .bind(&photo_id)
    .fetch_optional(app.db.pool())
    .await?;
    let (content_type, encoded) = found.ok_or(CloudtipsError::NotFound(PHOTO_NOT_FOUND))?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| CloudtipsError::Internal)?;
    Ok(([(CONTENT_TYPE, content_type)], bytes).into_response())
}
